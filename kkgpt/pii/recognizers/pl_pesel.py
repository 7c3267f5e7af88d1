"""NATIONAL_ID: Polish PESEL numbers (`YYMMDDZZZXQ`), with the century in the month and a check digit."""

from __future__ import annotations

from datetime import date

from presidio_analyzer import Pattern

from kkgpt.pii.recognizers.base import DanishPatternRecognizer
from kkgpt.pii.recognizers.cpr import ID_NUMBER_WORDS, NOT_A_PERSON_NUMBER

_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
#: Added to the month for births in these centuries.
_MONTH_OFFSETS = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}


def pesel_ok(digits: str) -> bool:
    """Eleven digits whose date exists (the month tells the century) and whose check digit is right."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    offset = month - (month - 1) % 20 - 1
    if offset not in _MONTH_OFFSETS:
        return False
    try:
        date(_MONTH_OFFSETS[offset] + year, month - offset, day)
    except ValueError:
        return False
    check = (10 - sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False)) % 10) % 10
    return check == int(digits[10])


class PolishIdRecognizer(DanishPatternRecognizer):
    """PESEL numbers; one check digit, so a bare 11-digit number needs a context word."""

    ENTITY = "NATIONAL_ID"
    PATTERNS_GATE = r"\d{6}"  # eleven digits in a row
    PATTERNS = [Pattern("PL PESEL", r"(?<![\w+\-/.])\d{11}(?![\w\-/]|[.,]\d)", 0.3)]
    CONTEXT = [
        "pesel",
        "polsk",
        "polen",
        "polish",
        "poland",
        *ID_NUMBER_WORDS,
    ]
    NEGATIVE_CONTEXT = NOT_A_PERSON_NUMBER

    def validate_result(self, pattern_text: str) -> bool | None:
        """Reject a wrong date or check digit; a right one keeps the pattern's score (context decides)."""
        return None if pesel_ok(pattern_text) else False
