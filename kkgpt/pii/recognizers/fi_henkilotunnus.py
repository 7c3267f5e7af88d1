"""NATIONAL_ID: Finnish henkilötunnus (`DDMMYY-NNNC`, `DDMMYYANNNC`), with its check character."""

from __future__ import annotations

from datetime import date

import regex as re
from presidio_analyzer import Pattern

from kkgpt.pii.recognizers.base import DanishPatternRecognizer
from kkgpt.pii.recognizers.cpr import ID_NUMBER_WORDS, NOT_A_PERSON_NUMBER

#: The check character for the remainder of DDMMYYNNN divided by 31.
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
#: Century signs: + for the 1800s, - and Y-U for the 1900s, A-F for the 2000s.
_CENTURIES = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
_HETU = re.compile(r"(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])")


def henkilotunnus_ok(text: str) -> bool:
    """The date exists and the check character matches."""
    match = _HETU.fullmatch(text.upper())
    if match is None:
        return False
    day, month, year, sign, serial, check = match.groups()
    try:
        date(_CENTURIES[sign] + int(year), int(month), int(day))
    except ValueError:
        return False
    return CHECK_CHARACTERS[int(day + month + year + serial) % 31] == check


class FinnishIdRecognizer(DanishPatternRecognizer):
    """Finnish identity codes; a check character from 31 makes a chance match rare."""

    ENTITY = "NATIONAL_ID"
    REGEX_FLAGS = re.MULTILINE  # the century sign and check character are capitals
    PATTERNS_GATE = r"\d{6}"  # the date's six digits
    PATTERNS = [
        Pattern("FI henkilötunnus", r"(?<![\w+\-/.])\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y](?![\w\-/])", 0.5),
    ]
    CONTEXT = [
        "henkilötunnus",
        "hetu",
        "henkilotunnus",
        "finsk",
        "finland",
        "finnish",
        *ID_NUMBER_WORDS,
    ]
    NEGATIVE_CONTEXT = NOT_A_PERSON_NUMBER

    def validate_result(self, pattern_text: str) -> bool | None:
        """A right check character gives 1.0; a wrong one is no henkilötunnus."""
        return henkilotunnus_ok(pattern_text)
