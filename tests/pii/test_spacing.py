"""Spaces before punctuation from a PDF's extraction: the view without them, and values found across them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kkgpt.pii.spacing import tighten

Spans = Callable[[str, str], list[str]]


def test_the_view_drops_only_spaces_before_punctuation_and_maps_back() -> None:
    text = "Elmegade 5 , 2 . sal , 2200 Kbh . N. Ok ?"
    tightened = tighten(text)
    assert tightened is not None
    view, joints = tightened
    assert view.text == "Elmegade 5, 2. sal, 2200 Kbh. N. Ok ?"
    assert len(joints) == 4
    start = view.text.index("2. sal")
    assert view.original_span(start, start + len("2. sal")) == (text.index("2 . sal"), text.index("2 . sal") + 7)
    assert tighten("Ingen mellemrum før punktum her.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hun bor på Elmegade 5 , 2 . sal , 2200 Kbh . N", ["Elmegade 5 , 2 . sal , 2200 Kbh . N"]),
        ("Adresse: Jagtvej 12 , st . tv .", ["Jagtvej 12 , st . tv ."]),
        ("Det er fint , tak .", []),
        # a justified line of a PDF: two spaces between words
        ("Ny adresse Sønder  Boulevard  132C,  kl.,  1720 København V fra 1. maj",
         ["Sønder  Boulevard  132C,  kl.,  1720 København V"]),
    ],
)
def test_an_address_with_spaces_before_its_punctuation_is_masked_whole(spans: Spans, text: str,
                                                                       expected: list[str]) -> None:
    assert spans(text, "DK_ADDRESS") == expected


def test_justified_spaces_are_read_as_one_but_letter_spacing_is_left_alone() -> None:
    tightened = tighten("ring  +45  22  21  34  74 nu")
    assert tightened is not None and tightened[0].text == "ring +45 22 21 34 74 nu"
    assert tighten("M A R I A   H O L M") is None  # for the letter-spacing view


def test_a_phone_in_a_justified_line_is_masked(spans: Spans) -> None:
    assert spans("ring på +45  22  21  34  74 i dag", "PHONE_NUMBER") == ["+45  22  21  34  74"]
