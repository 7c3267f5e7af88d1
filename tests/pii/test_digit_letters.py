"""Numbers typed with the letter O for a zero are read as numbers, and the masked span is the one typed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kkgpt.pii.digit_letters import digits_for_letters

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("ring til hende på 2O 45 67 89 i eftermiddag", "PHONE_NUMBER", ["2O 45 67 89"]),
        ("mobil 4o 12 3o 56, ellers mail", "PHONE_NUMBER", ["4o 12 3o 56"]),
        ("tlf. 2O457889", "PHONE_NUMBER", ["2O457889"]),
        ("hans cpr er O1O17O-1234", "DK_CPR", ["O1O17O-1234"]),
    ],
)
def test_an_o_typed_for_a_zero_is_read_as_a_zero(spans: Spans, text: str, entity: str, expected: list[str]) -> None:
    assert spans(text, entity) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hun flyttede til Oslo i 2019 og fik O2 på lungeafdelingen.",
        "Ooo, det var 1000 kr. for meget",
        "Koden er OOOO-1234",  # more letters than a typo makes
    ],
)
def test_words_and_codes_keep_their_letters(text: str) -> None:
    made = digits_for_letters(text)
    assert made is None or made[0].text == text


def test_the_view_has_the_texts_offsets() -> None:
    text = "ring 2O 45 67 89 eller 3o 11 22 33"
    view, regions = digits_for_letters(text)
    assert view.text == "ring 20 45 67 89 eller 30 11 22 33"
    assert [text[a:b] for a, b in regions] == ["2O 45 67 89", "3o 11 22 33"]
    assert view.original_span(5, 16) == (5, 16)
