"""DK_CPR: Danish CPR numbers (DDMMYY-SSSS) with date, century and modulus-11 logic."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.recognizers.base import DanishPatternRecognizer

#: Modulus-11 weights for the ten digits.
MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)

# Not inside a longer number, a word or a hyphenated id ("1234-0101701234", "DK0101701234", "+4501017012").
# The look-behinds sit after the six date digits: checked there, they cost a third of a leading check.
_DATE = r"\b(?:[0-2]\d|3[01])(?:0[1-9]|1[0-2])\d{2}(?<![\w+]\d{6})(?<!\d[-/.]\d{6})"
_AFTER = r"(?![\d])(?![-/.]\d)"
_DAY = r"(?:[0-2]\d|3[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"


#: Labels before a number that mark it as another kind of id (OS2datascanner's list and kin), shared by the
#: recognizers of national identity numbers.
#: Words for an identity number in general, context for every country's number ("personnummer", "id-nr").
ID_NUMBER_WORDS: tuple[str, ...] = ("personnummer", "id-nummer", "id-nr", "personal identity")
NOT_A_PERSON_NUMBER: tuple[str, ...] = (
    "p-nr", "p.nr", "pnr", "p-nummer", "bilag", "ordre", "order", "faktura", "faknr",
    "fak.nr", "invoice", "kundenr", "kundenummer", "customer", "sagsnr", "sagsnummer",
    "sags-nr", "journalnr", "journalnummer", "j.nr", "jnr", "kontonr", "kontonummer",
    "account", "reg.nr", "regnr", "=ean", "tlf", "telefon", "phone", "cvr",
    "varenr", "varenummer", "ref.nr", "refnr", "reference",
    # other order, shipment, receipt, serial and staff numbers
    "bestilling", "booking", "forsendelse", "tracking", "kvittering", "receipt",
    "transaktion", "transaction", "løbenr", "løbenummer", "serienr", "serienummer",
    "serial", "medarbejdernr", "medarbejdernummer", "lønnr", "lønnummer",
)


# Ten digits whose first six are a day and a month of some year, or six and four with a dash.
_LABELLED_DIGITS = re.compile(rf"{_DAY}{_MONTH}\d{{2}}-?\d{{4}}")
# In a CPR column also nine digits: a spreadsheet cell typed as a number drops a leading zero ("901881823").
_NINE = rf"[1-9]{_MONTH}\d{{6}}"
_COLUMN_DIGITS = re.compile(rf"{_DAY}{_MONTH}\d{{2}}-?\d{{4}}|{_NINE}")
# A CPR number in a file name, after a word and an underscore, a dash or a space (the analyzer reads "_" as a
# space) and before the file's extension ("Bilag_2807454762.pdf", "Partshoering-0103851234.docx"): files
# about a person are named by their number.
_FILE_NAME_DIGITS = re.compile(
    rf"(?<=[^\W\d_][_ -])(?P<digits>{_DAY}{_MONTH}\d{{2}}-?\d{{4}})"
    rf"(?=(?:[_-][\w-]*)?\.(?i:pdf|docx?|xlsx?|odt|rtf|txt|msg|eml|jpe?g|png|tiff?|heic|zip)(?!\w))"
)
_NINE_DIGITS = re.compile(_NINE)
_CPR_COLUMN = re.compile(r"^(?:cpr|cpr-?nr\.?|cpr-?nummer|personnummer|personnr\.?|cpr nr\.?)$")
# A CPR label, maybe "er" or a colon, and the number: "CPR-nummer 2104467502", "mit cpr er 2005556464".
_LABEL_BEFORE_DIGITS = re.compile(
    rf"(?i)(?<!\w)(?:cpr|cpr-?nr\.?|cpr-?nummer|personnummer|personnr\.?)(?:[ \t]+(?:er|var|is|nr\.?|nummer))?"
    rf"[ \t]*:?[ \t]*(?P<digits>{_DAY}{_MONTH}\d{{2}}-?\d{{4}})(?![\d\w])"
)


def _real_day(number: str) -> bool:
    """The first four digits are a day that exists in their month in some year (29 February included)."""
    day, month = int(number[0:2]), int(number[2:4])
    return 1 <= month <= 12 and 1 <= day <= (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def cpr_digits(text: str) -> str:
    """The digits of a written CPR number."""
    return "".join(ch for ch in text if ch.isdigit())


def cpr_birth_date(digits: str) -> date | None:
    """Birth date of a 10-digit CPR number by the 7th-digit century table, or None if impossible."""
    if len(digits) != 10 or not digits.isdigit():
        return None
    day, month, yy, seventh = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:  # 5-8
        century = 2000 if yy <= 57 else 1800
    try:
        return date(century + yy, month, day)
    except ValueError:
        return None


def passes_modulus_11(digits: str) -> bool:
    """True when the weighted digit sum is divisible by 11 (all numbers issued before October 2007)."""
    return len(digits) == 10 and sum(int(d) * w for d, w in zip(digits, MOD11_WEIGHTS, strict=True)) % 11 == 0


class DkCprRecognizer(DanishPatternRecognizer):
    """CPR numbers in their written forms; the date must exist and not lie in the future."""

    ENTITY = "DK_CPR"
    # every pattern ends in the serial's four digits, or the number is read in pairs ("21 11 75 04 47")
    PATTERNS_GATE = r"\d{4}|\d\d \d\d \d\d(?: | - |-)\d\d \d\d"
    PATTERNS = [
        # A dash may end a line in text copied from a PDF ("190484-\n1583").
        Pattern("CPR (dash)", rf"{_DATE}(?:-| - | -|- |-\r?\n[ \t]*)\d{{4}}{_AFTER}", 0.6),
        # The serial left out, the birth date still there ("150818-xxxx", "cpr 240910-XXXX"): a person's date of
        # birth in a CPR number's shape
        Pattern("CPR (serial left out)", rf"{_DATE}-(?:[xX*]{{4}}){_AFTER}", 0.5),
        Pattern("CPR (space, slash or dot)", rf"{_DATE}[ /.]\d{{4}}{_AFTER}", 0.5),
        Pattern("CPR (unbroken)", rf"{_DATE}\d{{4}}{_AFTER}", 0.4),
        # The date written with dots, as on a form ("05.09.83-2014").
        Pattern("CPR (dotted date)",
                rf"(?<![\w.])(?:[0-2]\d|3[01])\.(?:0[1-9]|1[0-2])\.(?:19|20)?\d{{2}}-\d{{4}}{_AFTER}", 0.5),
        # The date grouped as people read it aloud or copy it from a form: "07-11-92-3864", "1902 92-3741".
        # (The look-behinds sit after the day's two digits, so that they are tried only where two digits stand:
        # before them they were tried at every character, eight times the cost on 100 KB of prose.)
        Pattern("CPR (grouped date)",
                rf"\d\d(?<![\w.,/-]\d\d)(?<={_DAY})(?:[- ]{_MONTH}[- ]?|{_MONTH}[- ])\d{{2}}(?:[- ]| - )\d{{4}}"
                rf"{_AFTER}(?![ ]\d)", 0.45),
        # ... or read aloud in pairs: "21 11 75 04 47", "19 08 63 - 14 52"
        Pattern("CPR (pairs)",
                rf"\d\d(?<![\w.,/+-]\d\d)(?<={_DAY}) {_MONTH} \d{{2}}(?: | - |-)\d{{2}} \d{{2}}{_AFTER}(?![ ]?\d)",
                0.5),
    ]

    CONTEXT = ["cpr", "personnummer", "personnr", "pers.nr", "persnr", "født", "fødselsdato", "borger", "ssn",
               "born", "birth"]

    NEGATIVE_CONTEXT = NOT_A_PERSON_NUMBER

    def __init__(self, supported_language: str = "da", today: Callable[[], date] = date.today) -> None:
        self._today = today
        super().__init__(supported_language)

    #: Score of ten digits a CPR label stands right before, or in a CPR column, whose date exists in any
    #: century ("CPR-nummer 2104467502", "| CPR | 2504405220 |"): the label says what they are.
    LABELLED_SCORE = 0.6

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """The patterns' matches, ten digits a CPR label or column names, mistyped or not (nine in a column,
        where a spreadsheet dropped the leading zero), and ten digits in a file's name."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        results += [r for r in self.column_values(text, nlp_artifacts, _CPR_COLUMN, _COLUMN_DIGITS,
                                                  self.LABELLED_SCORE) if _real_day(text[r.start:r.end].zfill(10))]
        results += self._short_cells_of_cpr_columns(text, nlp_artifacts)
        if "." in text:
            for m in _FILE_NAME_DIGITS.finditer(text):
                if _real_day(m.group("digits")):
                    result = self.result(m.start("digits"), m.end("digits"), self.LABELLED_SCORE, "in a file name")
                    # The file's name is its context: "Bilag_" before it is no voucher number's label.
                    result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
                    results.append(result)
        if _LABEL_BEFORE_DIGITS.search(text) is not None:
            results += [self.result(m.start("digits"), m.end("digits"), self.LABELLED_SCORE, "after a CPR label")
                        for m in _LABEL_BEFORE_DIGITS.finditer(text) if _real_day(m.group("digits"))]
        return results

    def _short_cells_of_cpr_columns(self, text: str, nlp_artifacts: NlpArtifacts | None) -> list[RecognizerResult]:
        """Nine-digit cells of a column without a header most of whose cells are CPR numbers: a spreadsheet
        typed the column as numbers and dropped the leading zero of the numbers of the 1st-9th of a month."""
        layout = getattr(nlp_artifacts, "layout", None)
        if layout is None or not layout.cells:
            return []
        columns: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for cell in layout.cells:
            if not cell.header and cell.label is None:
                columns.setdefault((cell.table, cell.column), []).append((cell.start, cell.end))
        found = []
        for cells in columns.values():
            full = sum(1 for start, end in cells if _LABELLED_DIGITS.fullmatch(text, start, end)
                       and _real_day(text[start:end]))
            if full < 2 or 2 * full < len(cells):
                continue
            found += [self.result(start, end, self.LABELLED_SCORE, "nine digits in a column of CPR numbers")
                      for start, end in cells if end - start == 9 and _NINE_DIGITS.fullmatch(text, start, end)
                      and _real_day(text[start:end].zfill(10))]
        return found

    def validate_result(self, pattern_text: str) -> bool | None:
        """Reject impossible dates; modulus 11 passed gives 1.0; failed, or a birth the century digit puts
        in the future, keeps the pattern's score."""
        digits = cpr_digits(pattern_text)
        if len(digits) == 6:  # the serial left out ("150818-xxxx"): the date must be a real one
            return None if _real_day(digits) else False
        if len(digits) == 12:  # the year written in full on a form ("14.05.1938-1402"): its last two digits
            digits = digits[:4] + digits[6:]
        born = cpr_birth_date(digits)
        if born is None:
            return False
        if born > self._today():
            # A real day and month whose century digit puts the birth in the future: a mistyped or made-up
            # CPR number ("170648-7400", "Mette Bøgh (0709427084)"), still someone's as far as the model is
            # concerned, so it keeps the pattern's score, as one failing modulus 11 does (numbers given since
            # 2007 need not pass it); a label such as "Kontonr." or "Ordrenr." before ten digits drops them
            return None
        return True if passes_modulus_11(digits) else None
