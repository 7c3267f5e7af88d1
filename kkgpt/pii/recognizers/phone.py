"""PHONE_NUMBER: Danish numbers (with or without +45/0045) and foreign numbers written with + or 00."""

from __future__ import annotations

from collections.abc import Iterable

import phonenumbers
import regex as re
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.layout import Cell
from kkgpt.pii.recognizers.base import DanishPatternRecognizer

# Not inside a word, a longer number or a decimal; after a letter or a space a comma, semicolon or pipe
# separates fields ("Jens,27193846", "| 2719 3846 |") and a dot ends an abbreviation ("tlf.27193846").
# A digit and a space before it make it part of a longer number (but see `_AFTER_CPR`).
_BEFORE = r"(?<![\w+\-])(?<![\d\-/]/)(?<![\d][.,])(?<!\d[ ])"
# Not followed by more digits (after a space; a tab or a line break ends the field; a time "14:02", a date
# "14/3", a count "3 gange" or an amount "650,00" after it is no part of it), a decimal, or a unit that makes the number an amount
# ("12 345 678 kr.").
_AFTER = (r"(?![\w\-/]|[.,]\d|[ ]?\d(?!\d?[.:]\d\d(?!\d)|\d?/\d|\d?[ ](?:gange|gang|times)(?!\w))"
          r"(?!\d{0,5},\d\d(?!\d)))"
          r"(?![^\S\n]?(?:kr|dkk|kroner|eur|euro|€|%|procent|stk|km|m2|m²|mio|mia)(?!\w))")
# ... unless that digit ends a dashed CPR number, a whole of its own: "Gert Andersen 170248-0731 32 51 90 14",
# the landline after the person's CPR number (its own scan: a lookbehind of two branches at the start of every
# pattern made each of them five times slower).
_AFTER_CPR = re.compile(r"(?<![\w\-])\d{6}-\d{4}[ ](?P<phone>[2-9]\d(?:[ ]?\d\d){3})(?![\w\-]|[ ]?\d)")
_DK_PREFIX = r"(?:\+45|0045|00[ ]45|\(\+45\)|\(0045\))(?:[^\S\n]?[-.][^\S\n]?|[^\S\n])?"  # "00 45 33 12 58 70" too
_FIRST = "[2-9]"
# Three groups of 2-4 digits, eight in all ("229 14 708", "52 174 830", "5217 48 30").
_THREE_GROUPS = "|".join(rf"{_FIRST}\d{{{a - 1}}} \d{{{b}}} \d{{{8 - a - b}}}"
                         for a in (2, 3, 4) for b in (2, 3, 4) if 2 <= 8 - a - b <= 4 and (a, b) != (2, 2))
# ... and the same with dashes between the groups ("51-837-264"); a date such as 2025-03-03 is not one.
_THREE_GROUPS_DASHED = "|".join(rf"{_FIRST}\d{{{a - 1}}}-\d{{{b}}}-\d{{{8 - a - b}}}"
                                for a in (2, 3, 4) for b in (2, 3, 4) if 2 <= 8 - a - b <= 4 and (a, b) != (2, 2))
# A switchboard or a service number: a Copenhagen landline (32-39), a 70 or an 80 number ending in "00".
_SWITCHBOARD = re.compile(r"(?:3[2-9]|70|80)\d{4}00")
# Two years written as a range or a pair, four digits each: not a number grouped in fours, nor in pairs.
_TWO_YEARS = re.compile(r"(?:19|20)\d\d[ \-.](?:19|20)\d\d")
_DATE = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
                   r"|(?:0[1-9]|[12]\d|3[01])-(?:0[1-9]|1[0-2])-(?:19|20)\d\d")
# A column of phone numbers ("Telefon", "Mobil", "Tlf.nr.", "Phone") and a value there: 6-15 digits in any
# grouping, with a + or brackets.
_PHONE_COLUMN = re.compile(r"^(?:tlf|telefon|mobil|mob|phone|mobile|cell|mobilnr|telefonnr|tlf\.?nr|mobiltelefon"
                           r"|privat tlf|arbejdstlf|direkte|kontakt tlf)\.?(?:nr)?\.?$")
_COLUMN_PHONE = re.compile(r"(?=(?:\D*\d){6,15}\D*$)\+?\(?\d[\d \-./()]{4,22}\d")
# A phone label and the digits after it, in groups parted by single spaces ("tlf 22334455 22 33 44 55"): the
# same number written twice or two numbers run together, which the patterns read as one longer number.
_LABELLED_RUN = re.compile(r"(?i:(?<![\w\-])(?:tlf|telefon|tel|mobil|mob|phone|mobile)\.?(?:[ ]?nr\.?|nummer)?:?)"
                           r"[ ]+(?P<run>\d+(?:[ ]\d+)+)(?![\w\-]|[.,]\d)")
# Country code, optional area code and 2-4 digit groups after + or 00 (Denmark, 45, has its own patterns).
_INTERNATIONAL = r"[1-9]\d{0,2}[ \-.]?\(?\d{1,4}\)?(?:[ \-.]?\d{2,4}){1,4}(?![\w+])"


class DkPhoneRecognizer(DanishPatternRecognizer):
    """Danish 8-digit numbers by grouping and context, and validated international numbers.

    A bare 8-digit number is as likely a case number or an amount, so it starts below the default
    threshold and needs a context word (tlf, mobil, ring...) to be reported.
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        # With +45 or 0045 the digits may be grouped in any way ("+45-51837264", "0045 60 17 94 38").
        Pattern("DK phone with +45", rf"{_BEFORE}{_DK_PREFIX}{_FIRST}(?:\d[ \-.]?){{6}}\d{_AFTER}", 0.85),
        Pattern("DK phone 2-2-2-2", rf"{_BEFORE}{_FIRST}\d(?:[ ]\d{{2}}){{3}}{_AFTER}", 0.6),
        Pattern("DK phone 2-2-2-2 (dashes, dots or slashes)",
                rf"{_BEFORE}{_FIRST}\d([-./])\d{{2}}\1\d{{2}}\1\d{{2}}{_AFTER}", 0.5),
        Pattern("DK phone 4-4", rf"{_BEFORE}{_FIRST}\d{{3}}[ \-.]\d{{4}}{_AFTER}", 0.4),
        Pattern("DK phone in three groups", rf"{_BEFORE}(?:{_THREE_GROUPS}){_AFTER}", 0.35),
        Pattern("DK phone in three groups (dashes)", rf"{_BEFORE}(?:{_THREE_GROUPS_DASHED}){_AFTER}", 0.3),
        Pattern("DK phone unbroken", rf"{_BEFORE}{_FIRST}\d{{7}}{_AFTER}", 0.25),
        # The country code without its + ("SMS fra 4528193047", "45 28 19 30 47"): a context word decides
        Pattern("DK phone with 45", rf"{_BEFORE}45[ ]?{_FIRST}(?:\d[ ]?){{6}}\d{_AFTER}", 0.25),
        # Typed in a hurry, in uneven groups of one to three digits ("28 41 9 36 7", "6 0 1 2 8 8 4 3"):
        # eight digits in all, scored as an unbroken number is
        Pattern("DK phone in uneven groups",
                rf"{_BEFORE}(?=(?:\d{{1,3}}[ ]){{3,7}}\d{{1,3}}(?![ ]?\d))(?=(?:[ ]?\d){{8}}(?![ ]?\d))"
                rf"{_FIRST}(?:[ ]?\d){{7}}{_AFTER}", 0.25),
        # A Swedish mobile written the Swedish way, without +46 ("070-823 10 85", "073 456 78 90").
        Pattern("SE mobile", r"(?<![\w+\-])07[02369][ \-]?\d{3}[ ]?\d{2}[ ]?\d{2}(?![\w\-])", 0.5),
        # ... and a British mobile the British way, without +44 ("07700 900462", "07911 123456")
        Pattern("UK mobile", r"(?<![\w+\-])07\d{3}[ ]?\d{6}(?![\w\-])", 0.5),
        Pattern("International phone",
                rf"(?<![\w+])\+(?!45){_INTERNATIONAL}", 0.4),
        # The same written with the international call prefix 00 instead of + ("0048 601 552 903").
        Pattern("International phone (00)",
                rf"(?<![\w+\-/.,])00[ ]?(?!45){_INTERNATIONAL}", 0.4),
    ]

    CONTEXT = ["tlf", "telefon", "mobil", "=mob", "ring", "opkald", "sms", "nummer", "phone", "=tel", "lokalnr",
               "lokalnummer",
               "mobile", "cell", "call", "kontakt", "contact", "whatsapp", "signal", "direkte", "vagttelefon",
               "mobilepay"]

    #: Words that make an 8-digit number something else: a case, an amount, a company.
    NEGATIVE_CONTEXT = ["=sag", "sagsnr", "sagsnummer", "journal", "j.nr", "=jnr", "cvr", "se-nr", "p-nr",
                        "=kr", "=dkk", "kroner", "beløb", "faktura", "ordre", "order", "invoice", "kontonr",
                        "reg.nr", "=ean", "=id", "kundenr", "kundenummer", "varenr", "bilag", "løbenr", "cpr",
                        "bestilling", "booking", "forsendelse", "tracking", "kvittering", "receipt",
                        "serienr", "serienummer", "medarbejdernr", "medarbejdernummer", "betalings",
                        "indbetalings", "fi-kort", "girokort"]

    #: Score of a value in a column labelled with a phone word ("Telefon", "Mobil"): any grouping, any country.
    COLUMN_SCORE = 0.6
    #: Score of each of the eight-digit numbers a run of digits after a phone label splits into.
    LABELLED_SCORE = 0.6
    #: Score of a Danish phone number in a column without a label whose every value is one.
    UNLABELLED_SCORE = 0.5

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """The patterns' matches, and the values of a table's phone columns written in any grouping
        ("070-759 32 83" under "Telefon"): the header says what they are."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        results += self.column_values(text, nlp_artifacts, _PHONE_COLUMN, _COLUMN_PHONE, self.COLUMN_SCORE)
        results += [self.result(start, end, self.LABELLED_SCORE, "in a run of numbers after a phone label")
                    for start, end in _labelled_runs(text) if self.validate_result(text[start:end]) is not False]
        if "-" in text:
            results += [self.result(m.start("phone"), m.end("phone"), self.LABELLED_SCORE, "after a CPR number")
                        for m in _AFTER_CPR.finditer(text) if self.validate_result(m.group("phone")) is not False]
        layout = getattr(nlp_artifacts, "layout", None)
        if layout is not None and layout.cells:
            results += self.cell_results(_unlabelled_phone_columns(text, layout.cells), self.UNLABELLED_SCORE)
        return results

    def validate_result(self, pattern_text: str) -> bool | None:
        """International numbers must fit their country; Danish ones must not be two years.

        With "+" a number only has to have a possible length for its country code: the plus says it is a
        phone number, and ranges the metadata does not know yet (or keeps for examples, such as UK
        07700 900xxx) still reach a person. With "00", which also opens account and case numbers, the
        number must be valid in a known range.
        """
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        international = pattern_text.startswith(("+", "00"))  # no Danish pattern starts with 00 but 0045
        if international and not pattern_text.startswith(("+45", "(+45", "0045", "00 45")):
            try:
                number = phonenumbers.parse("+" + pattern_text.lstrip("+").removeprefix("00"), None)
            except phonenumbers.NumberParseException:
                return False
            if pattern_text.startswith("+"):
                reason = phonenumbers.is_possible_number_with_reason(number)
                return reason == phonenumbers.ValidationResult.IS_POSSIBLE
            return bool(phonenumbers.is_valid_number(number))
        if _DATE.fullmatch(pattern_text.strip()):
            return False  # "2025-03-03", "03-03-2025": a date
        national = digits[4:] if digits.startswith("0045") else digits[2:] if len(digits) == 10 else digits
        if _SWITCHBOARD.fullmatch(national):
            return False  # "33 17 47 00", "+45 7010 1000": an office's switchboard or service number
        if _TWO_YEARS.fullmatch(pattern_text.strip()):
            return False  # "2019 2020", "2019-2023": two years, not a 4-4 number ("20 29 19 14" is one)
        if re.fullmatch(r"(?:19[89]|20[0-4])\d-\d{4}", pattern_text.strip()):
            return False  # "2026-7741": a year and a serial, the way case and journal numbers are written
        return None


def _labelled_runs(text: str) -> list[tuple[int, int]]:
    """The Danish numbers of eight digits a run of digit groups after a phone label splits into, group by group
    ("tlf 22334455 22 33 44 55 2233 4455": three), when the whole run does: the label says what the digits are,
    however repetitive they look; a run with a group left over is something else."""
    spans: list[tuple[int, int]] = []
    for m in _LABELLED_RUN.finditer(text):
        numbers: list[tuple[int, int]] = []
        start, digits = m.start("run"), 0
        for group in re.finditer(r"\d+", m.group("run")):
            digits += len(group.group())
            if digits == 8 and text[start] in "23456789":
                numbers.append((start, m.start("run") + group.end()))
                start, digits = m.start("run") + group.end() + 1, 0
            elif digits >= 8:
                break
        else:
            if digits == 0:
                spans += numbers
    return spans


# A Danish phone number as a spreadsheet or an export writes it: eight digits, maybe in pairs or fours.
_DK_CELL_PHONE = re.compile(r"(?:\+45[ ]?|0045[ ]?)?[2-9]\d(?:[ ]?\d\d){3}|[2-9]\d{3}[ ]\d{4}")
#: The fewest values a column without a label needs before its shape says what it holds.
_MIN_COLUMN_VALUES = 2


def _unlabelled_phone_columns(text: str, cells: Iterable[Cell]) -> list[Cell]:
    """The cells of table columns without a label whose every value (two or more) is a Danish phone number
    ("Ngọc Anh;Lê;24774492;7261;..." under "Fornavn;Efternavn;;Reg.nr."): an export that forgot the label."""
    columns: dict[tuple[int, int], list[Cell]] = {}
    for cell in cells:
        if not cell.header and not cell.label:
            columns.setdefault((cell.table, cell.column), []).append(cell)
    return [
        cell
        for column in columns.values()
        if len(column) >= _MIN_COLUMN_VALUES
        and all(_DK_CELL_PHONE.fullmatch(text, cell.start, cell.end) for cell in column)
        for cell in column
    ]
