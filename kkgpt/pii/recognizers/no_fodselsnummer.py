"""NATIONAL_ID: Norwegian fødselsnummer and D-numbers (`DDMMYYIIIKK`), with both mod-11 check digits."""

from __future__ import annotations

from datetime import date

from presidio_analyzer import Pattern

from kkgpt.pii.recognizers.base import DanishPatternRecognizer
from kkgpt.pii.recognizers.cpr import ID_NUMBER_WORDS, NOT_A_PERSON_NUMBER

_FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def fodselsnummer_ok(digits: str) -> bool:
    """Eleven digits whose date exists (a D-number adds 40 to the day, an H-number 40 to the month) and
    whose two check digits are right."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    day -= 40 if day > 40 else 0
    month -= 40 if month > 40 else 0
    try:
        date(1900 + year, month, day)  # the century follows from the individual number; any will do
    except ValueError:
        return False
    first = _check_digit(digits[:9], _FIRST_WEIGHTS)
    second = _check_digit(digits[:10], _SECOND_WEIGHTS)
    return first == int(digits[9]) and second == int(digits[10])


class NorwegianIdRecognizer(DanishPatternRecognizer):
    """Norwegian identity numbers; two check digits make a chance match rare (about 1 in 300)."""

    ENTITY = "NATIONAL_ID"
    PATTERNS_GATE = r"\d{6}"  # the date's six digits
    PATTERNS = [
        Pattern("NO fødselsnummer", r"(?<![\w+\-/.])\d{6}[ ]?\d{5}(?![\w\-/]|[.,]\d)", 0.4),
    ]
    CONTEXT = [
        "fødselsnummer",
        "fødselsnr",
        "fnr",
        "d-nummer",
        *ID_NUMBER_WORDS,
        "norsk",
        "norge",
        "norwegian",
        "norway",
    ]
    NEGATIVE_CONTEXT = NOT_A_PERSON_NUMBER

    def validate_result(self, pattern_text: str) -> bool | None:
        """Both check digits right gives 1.0; anything else is no fødselsnummer."""
        return fodselsnummer_ok("".join(ch for ch in pattern_text if ch.isdigit()))
