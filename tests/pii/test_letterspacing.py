"""Letter-spaced names and numbers (letterheads, forms, PDF text) are masked whole, in their spacing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kkgpt.pii.letterspacing import collapse

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("text", "entity_type", "expected"),
    [
        ("Navn: M A R I A   H O L M, C P R : 0 1 0 1 9 0 - 1 2 3 4", "PERSON", ["M A R I A   H O L M"]),
        ("Navn: M A R I A   H O L M, C P R : 0 1 0 1 9 0 - 1 2 3 4", "DK_CPR", ["0 1 0 1 9 0 - 1 2 3 4"]),
        ("tlf +45 6 1 9 3 4 7 5 2 i dag", "PHONE_NUMBER", ["+45 6 1 9 3 4 7 5 2"]),
        ("mobil 2 8 4 1 6 0 9 3.", "PHONE_NUMBER", ["2 8 4 1 6 0 9 3"]),
    ],
)
def test_letter_spaced_values_are_found(spans: Spans, text: str, entity_type: str, expected: list[str]) -> None:
    assert spans(text, entity_type) == expected


@pytest.mark.parametrize("text", ["Jeg er 1 2 3 4 klar", "Punkt a b c d er vigtige", "Tast 1 2 3 4 5 6 7 8 på telefonen"])
def test_spaced_letters_and_digits_that_are_no_value(analyzer, text: str) -> None:
    assert analyzer.analyze(text) == []


def test_the_view_writes_runs_together_and_maps_them_back() -> None:
    text = "Navn: M A R I A   H O L M."
    collapsed = collapse(text)
    assert collapsed is not None
    view, regions = collapsed
    assert view.text == "Navn: MARIA HOLM."
    assert [view.text[a:b] for a, b in regions] == ["MARIA HOLM"]
    assert text[slice(*view.original_span(*regions[0]))] == "M A R I A   H O L M"


def test_ordinary_text_has_no_view() -> None:
    assert collapse("Borgeren Jens Hansen ringede i dag kl. 10 om sagen.") is None
