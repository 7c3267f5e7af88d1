"""DK_CPR and PHONE_NUMBER read aloud and written in words, as a transcribed phone call has them.

A citizen reads a CPR number as three pairs and a four-digit serial in pairs ("nul fire ti seksogtres atten
treoghalvfjerds": 041066-1873) and a phone number in pairs or digits ("fireoghalvtreds tooghalvfems nul syv
elleve": 54 92 07 11). A run of Danish number words is turned into its digits; ten digits that make a valid
CPR date are a CPR number, eight digits that start as a Danish subscriber number does are a phone number.
Counting ("en, to, tre") and amounts ("to hundrede") never come to eight or ten digits in pairs and units.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import regex as re
from presidio_analyzer import Pattern

from kkgpt.pii.recognizers.base import DanishPatternRecognizer
from kkgpt.pii.recognizers.cpr import NOT_A_PERSON_NUMBER, cpr_birth_date, passes_modulus_11

UNITS = {"nul": 0, "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
         "syv": 7, "otte": 8, "ni": 9}
TEENS = {"ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
         "sytten": 17, "atten": 18, "nitten": 19}
TENS = {"tyve": 20, "tredive": 30, "fyrre": 40, "fyrretyve": 40, "halvtreds": 50, "tres": 60, "halvfjerds": 70,
        "firs": 80, "halvfems": 90}
_S = r"[^\S\n]"


def _alternation(words: object) -> str:
    # Longest first, so "seksten" is read before "seks" and "fyrretyve" before "fyrre".
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[arg-type]


def _number_word(named: bool) -> str:
    """One number word: "seksogtres", "fire og halvtreds", then the plain words; `named` names the parts
    for `spoken_digits`."""
    unit, tens, word = ("(?P<unit>", "(?P<tens>", "(?P<word>") if named else ("(?:",) * 3
    return (rf"{unit}{_alternation(w for w in UNITS if w != 'nul')})(?:og|{_S}og{_S}){tens}{_alternation(TENS)})"
            rf"|{word}{_alternation([*TEENS, *TENS, *UNITS])})")


_WORD = re.compile(rf"(?<![\w-])(?:{_number_word(named=True)})(?![\w-])", re.IGNORECASE)
_NUMBER_WORD = rf"(?:{_number_word(named=False)})(?![\w-])"
# Four to ten number words in a row, apart by spaces, maybe a comma or a dash: a CPR number takes five to
# ten of them, a phone number four to eight.
_RUN = rf"(?<![\w-]){_NUMBER_WORD}(?:(?:{_S}*[,–-])?{_S}+{_NUMBER_WORD}){{3,9}}"


def spoken_digits(text: str) -> str:
    """The digits a run of Danish number words says: "nul fire ti seksogtres" -> "041066"."""
    digits = []
    for m in _WORD.finditer(text):
        if m.group("unit") is not None:
            digits.append(str(TENS[m.group("tens").lower()] + UNITS[m.group("unit").lower()]))
            continue
        word = m.group("word").lower()
        digits.append(str(UNITS.get(word, TEENS.get(word, TENS.get(word)))))
    return "".join(digits)


class SpokenCprRecognizer(DanishPatternRecognizer):
    """A CPR number in words: ten digits whose date exists and does not lie in the future."""

    ENTITY = "DK_CPR"
    REGEX_FLAGS = re.IGNORECASE | re.MULTILINE
    PATTERNS = (Pattern("CPR in words", _RUN, 0.6),)
    CONTEXT = ("cpr", "personnummer", "personnr", "født", "fødselsdato")
    NEGATIVE_CONTEXT = NOT_A_PERSON_NUMBER

    def __init__(self, supported_language: str = "da", today: Callable[[], date] = date.today) -> None:
        self._today = today
        super().__init__(supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Ten digits with a real birth date; modulus 11 passed gives full confidence."""
        digits = spoken_digits(pattern_text)
        born = cpr_birth_date(digits)
        if born is None or born > self._today():
            return False
        return True if passes_modulus_11(digits) else None


class SpokenPhoneRecognizer(DanishPatternRecognizer):
    """A Danish phone number in words: eight digits, the first 2-9 as for every subscriber number."""

    ENTITY = "PHONE_NUMBER"
    REGEX_FLAGS = re.IGNORECASE | re.MULTILINE
    PATTERNS = (Pattern("phone number in words", _RUN, 0.6),)
    CONTEXT = ("ring", "ringe", "telefon", "tlf", "nummer", "nummeret", "mobil", "mobilnummer", "sms")

    def validate_result(self, pattern_text: str) -> bool | None:
        """Eight digits that can be a Danish subscriber number."""
        digits = spoken_digits(pattern_text)
        return None if len(digits) == 8 and digits[0] in "23456789" else False
