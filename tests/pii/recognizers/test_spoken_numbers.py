"""CPR and phone numbers read aloud, as a transcribed call writes them in words."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kkgpt.pii.recognizers.spoken_numbers import spoken_digits

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("nul fire ti seksogtres atten treoghalvfjerds", "0410661873"),
        ("fireoghalvtreds tooghalvfems nul syv elleve", "54920711"),
        ("fire og halvtreds, tolv, Tres, firs", "54126080"),
        ("fem to nul syv tre tre fire fire", "52073344"),
        ("enogfyrretyve nitten", "4119"),
    ],
)
def test_number_words_become_the_digits_they_say(words: str, digits: str) -> None:
    assert spoken_digits(words) == digits


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("Borger: ja det er nul fire ti seksogtres atten treoghalvfjerds altså 041066-1873", "DK_CPR",
         ["nul fire ti seksogtres atten treoghalvfjerds", "041066-1873"]),
        ("hun har fireoghalvtreds tooghalvfems nul syv elleve eller altså 54 92 07 11", "PHONE_NUMBER",
         ["fireoghalvtreds tooghalvfems nul syv elleve", "54 92 07 11"]),
        ("ring til mig på fem to nul syv tre tre fire fire i morgen", "PHONE_NUMBER",
         ["fem to nul syv tre tre fire fire"]),
        ("mit cpr er tolv nul tre halvfems, tre to fire nul", "DK_CPR", ["tolv nul tre halvfems, tre to fire nul"]),
    ],
)
def test_numbers_read_aloud_are_found(spans: Spans, text: str, entity: str, expected: list[str]) -> None:
    assert spans(text, entity) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tæl til otte: en, to, tre, fire, fem, seks, syv, otte.",   # counting starts at one
        "Vi var to tre fire stykker til mødet, og ti elleve børn.",  # too few digits
        "et to tre fire fem seks syv otte ni ti",                    # eleven digits
        "trediveogtredive halvtreds halvtreds halvtreds",            # no number words in a row
        "født den toogtredive i trettende måned nitten halvfems nul nul",  # no date
    ],
)
def test_counting_and_amounts_in_words_are_no_numbers(spans: Spans, text: str) -> None:
    assert spans(text, "DK_CPR") == [] and spans(text, "PHONE_NUMBER") == []
