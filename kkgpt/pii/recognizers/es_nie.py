"""NATIONAL_ID: Spanish NIE (`X1234567L`) and DNI (`12345678Z`) numbers, checked by their control letter.

A foreigner's NIE opens with X, Y or Z (read as 0, 1 and 2) and a Spaniard's DNI is eight digits; both end in
the letter the number modulo 23 picks. That shape with a right letter is written for nothing else, so a NIE
needs no label; a DNI, whose eight digits may be anything, is reported with a context word.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from kkgpt.pii.recognizers.base import DanishPatternRecognizer
from kkgpt.pii.recognizers.cpr import ID_NUMBER_WORDS, NOT_A_PERSON_NUMBER

_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_NIE_PREFIX = {"X": "0", "Y": "1", "Z": "2"}


def spanish_id_ok(value: str) -> bool:
    """A NIE or DNI (dashes and spaces allowed) whose control letter is right."""
    bare = value.replace("-", "").replace(" ", "").upper()
    if len(bare) != 9 or not bare[-1].isalpha():
        return False
    digits = _NIE_PREFIX.get(bare[0], bare[0]) + bare[1:8]
    return digits.isdigit() and _LETTERS[int(digits) % 23] == bare[-1]


class SpanishIdRecognizer(DanishPatternRecognizer):
    """NIE numbers on their own; DNI numbers after a context word."""

    ENTITY = "NATIONAL_ID"
    PATTERNS = [
        Pattern("ES NIE", r"(?<![\w\-/.])[XYZ][- ]?\d{7}[- ]?[A-Z](?![\w\-/])", 0.6),
        Pattern("ES DNI", r"(?<![\w\-/.])\d{8}[- ]?[A-Z](?![\w\-/])", 0.35),
    ]
    CONTEXT = ["nie", "dni", "spansk", "spanien", "spanish", "spain", "españa", *ID_NUMBER_WORDS]
    NEGATIVE_CONTEXT = NOT_A_PERSON_NUMBER

    def validate_result(self, pattern_text: str) -> bool | None:
        """Reject a wrong control letter; a right one keeps the pattern's score."""
        return None if spanish_id_ok(pattern_text) else False
