"""DK_BANK_ACCOUNT: registration + account numbers (`reg. 1234 konto 0012345678`, `1234-1234567890`)."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.recognizers.base import DanishPatternRecognizer

# A column of account numbers ("kontonr", "konto", "account"): its values need no reg.nr. in the cell.
_ACCOUNT_COLUMN = re.compile(r"\b(?:konto(?:nr|nummer)?|kontonummer|kto|account(?: number| no)?|nemkonto)\b")
# Six to ten digits, maybe after the reg.nr., maybe grouped by spaces or dashes ("6283 104 557")
_ACCOUNT_VALUE = re.compile(r"(?:\d{4}[ -]?)?(?=(?:\d[ -]?){5,9}\d$)\d(?:[ -]?\d){5,9}")
# A column of registration numbers ("Reg.nr.", "Regnr", "Registreringsnummer") beside the accounts.
_REG_COLUMN = re.compile(r"^(?:reg(?:istrerings)?\.?[ -]?(?:nr|nummer)?\.?|bank ?reg\.?(?:nr)?\.?)$")
_REG_VALUE = re.compile(r"\d{4}")
_YEAR_SERIAL = re.compile(r"(?:19[89]\d|20[0-4]\d)-\d{6,9}")
# Between two neighbouring fields of a row: the separator and spaces, no line break.
_NEXT_FIELD = re.compile(r"[ \t]*[,;|\t][ \t]*")
# ... maybe with "er" between the label and the number ("Mit reg nr er 9686 og konto er 0004512367")
_REG = r"reg(?:istrerings)?(?:\.|-)?\s?(?:nr|nummer)?\.?:?\s*(?:er\s+)?"
_ACCOUNT_WORD = r"(?:konto(?:nummer|nr)?|kto|kt)\.?(?:\s?nr\.?)?:?\s*(?:er\s+)?"


class DkBankAccountRecognizer(DanishPatternRecognizer):
    """A 4-digit registration number with an account number of up to 10 digits."""

    ENTITY = "DK_BANK_ACCOUNT"
    PATTERNS_GATE = r"\d{4}"  # the registration number
    PATTERNS = [
        Pattern("reg.nr. + konto",
                # the account as written, also in uneven groups ("kontonr. 12 456 789 0")
                rf"(?<!\w){_REG}\d{{4}}\s*[,/-]?\s*(?:og\s+)?{_ACCOUNT_WORD}"
                rf"(?:\d{{3,10}}(?:[ ]\d{{3,4}}){{0,2}}|\d{{2}}(?:[ ]\d{{1,4}}){{2,3}})(?!\d)",
                0.9),
        Pattern("reg.nr. + number", rf"(?<!\w){_REG}\d{{4}}\s*[-/ ]\s*\d{{6,10}}(?!\d)", 0.85),
        # "min konto er 2191 8734 562 901": the reg.nr. and the account after the word, in any groups
        Pattern("konto + reg.nr. and number",
                r"(?<!\w)(?i:konto(?:en|nummer|nr)?\.?)(?:[ ](?:er|is|nr\.?))?:?[ ]\d{4}(?:[ ]\d{2,4}){2,4}(?![\d])",
                0.6),
        # ... the account grouped as it is read aloud ("reg 2270 6281 003 914")
        Pattern("reg.nr. + grouped number", rf"(?<!\w){_REG}\d{{4}}[ -]\d{{3,4}}(?:[ ]\d{{3,4}}){{1,2}}(?![\d])",
                0.8),
        # Without "reg." the words before the number stay out of the span; context words raise the score.
        Pattern("reg-account (10 digits)", r"(?<![\w-])\d{4}(?:[ -]| - )\d{10}(?![\d-])", 0.45),
        Pattern("reg-account (short)", r"(?<![\w-])(?<!\d )\d{4}[ -]\d{6,9}(?![\d-])(?! \d)", 0.25),
    ]

    CONTEXT = ["reg", "konto", "kontonr", "kontonummer", "bank", "nemkonto", "udbetal", "overfør", "indbetal",
               "refusion", "tilbagebetal", "løn", "account", "transfer"]

    #: Hyphenated numbers after these words are case or journal numbers, not accounts.
    NEGATIVE_CONTEXT = ["=sag", "sagsnr", "sagsnummer", "journal", "j.nr", "=jnr", "ref.nr", "=ref",
                        "reference", "bilag", "ordre", "faktura", "=lov", "bekendtgørelse", "=case", "cvr", "=id"]

    #: Score of a value in a column labelled with an account word.
    COLUMN_SCORE = 0.6

    def validate_result(self, pattern_text: str) -> bool | None:
        """A year, a dash and six to nine digits without "reg." is how case and journal numbers are written
        ("2024-8398401"), not an account."""
        return False if _YEAR_SERIAL.fullmatch(pattern_text.strip()) else None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """The patterns' matches, and the values of a table's account-number and registration-number
        columns ("kontonr", "reg.nr.")."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        accounts = self.column_values(text, nlp_artifacts, _ACCOUNT_COLUMN, _ACCOUNT_VALUE, self.COLUMN_SCORE)
        registrations = self.column_values(text, nlp_artifacts, _REG_COLUMN, _REG_VALUE, self.COLUMN_SCORE)
        # A registration number in the column before its account number is one account: one placeholder.
        starts = {account.start: account for account in accounts}
        joined: set[int] = set()
        for reg in registrations:
            gap = _NEXT_FIELD.match(text, reg.end)
            account = starts.get(gap.end()) if gap is not None else None
            if account is not None:
                results.append(self.result(reg.start, account.end, self.COLUMN_SCORE,
                                           "registration and account number in neighbouring columns"))
                joined |= {reg.start, account.start}
        return results + [r for r in accounts + registrations if r.start not in joined]
