"""NATIONAL_ID: Swedish personnummer and samordningsnummer (`YYMMDD-NNNC`, `YYYYMMDD-NNNC`), Luhn-checked."""

from __future__ import annotations

from datetime import date

from presidio_analyzer import Pattern

from kkgpt.pii.recognizers.base import DanishPatternRecognizer
from kkgpt.pii.recognizers.cpr import ID_NUMBER_WORDS, NOT_A_PERSON_NUMBER

_BEFORE = r"(?<![\w+\-/.])"
_AFTER = r"(?![\w\-/]|[.,]\d)"


def luhn_ok(digits: str) -> bool:
    """The Luhn check (every second digit from the right doubled) over `digits`."""
    total = 0
    for k, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if k % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def swedish_birth_date(digits: str) -> date | None:
    """The date in a personnummer's first six (or eight) digits; a samordningsnummer adds 60 to the day."""
    if len(digits) == 12:
        year, rest = int(digits[:4]), digits[4:]
    elif len(digits) == 10:
        year, rest = 1900 + int(digits[:2]), digits[2:]  # the century does not change the checks below
    else:
        return None
    month, day = int(rest[:2]), int(rest[2:4])
    if day > 60:
        day -= 60
    try:
        return date(year, month, day)
    except ValueError:
        return None


class SwedishIdRecognizer(DanishPatternRecognizer):
    """Swedish identity numbers: the date must exist and the last digit pass the Luhn check.

    The ten-digit form with a dash or plus is written only for these numbers in Sweden; unbroken it is as
    likely any number, so it needs a context word.
    """

    ENTITY = "NATIONAL_ID"
    PATTERNS_GATE = r"\d{6}"  # the date's six digits
    PATTERNS = [
        Pattern("SE personnummer (12 digits)", rf"{_BEFORE}(?:18|19|20)\d{{6}}[-+ ]?\d{{4}}{_AFTER}", 0.5),
        Pattern("SE personnummer (dash or plus)", rf"{_BEFORE}\d{{6}}[-+]\d{{4}}{_AFTER}", 0.45),
        Pattern("SE personnummer (unbroken)", rf"{_BEFORE}\d{{10}}{_AFTER}", 0.2),
    ]
    CONTEXT = [
        *ID_NUMBER_WORDS,
        "personnr",
        "=pnr",
        "samordningsnummer",
        "samordningsnr",
        "svensk",
        "sverige",
        "swedish",
        "sweden",
    ]
    # "pnr" is the Swedish short form of personnummer, not a P-number.
    NEGATIVE_CONTEXT = tuple(word for word in NOT_A_PERSON_NUMBER if word != "pnr")

    def validate_result(self, pattern_text: str) -> bool | None:
        """Reject an impossible date or a failed Luhn check; a passed one keeps the pattern's score."""
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        if swedish_birth_date(digits) is None or not luhn_ok(digits[-10:]):
            return False
        return None
