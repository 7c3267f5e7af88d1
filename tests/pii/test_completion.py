"""Span completion: a detection covers its whole value, not only the core its recognizer found."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kkgpt.pii.completion import SpanCompleter
from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.types import Detection

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an initial after the first name, with or without its dot; a leading initial
        ("Kontakt Trine B. eller Ulrik V. om sagen.", ["Trine B.", "Ulrik V."]),
        ("Vagtplan: Hanne Ø og Kasper H har weekenden.", ["Hanne Ø", "Kasper H"]),
        ("ring til gitte s, hun ved det", ["gitte s"]),
        ("Tolk: Y. Sivakumar kommer kl. 10.", ["Y. Sivakumar"]),
        ("møde m. peter og lisbeth kl 14", ["peter", "lisbeth"]),  # "m." is "med"
        # the possessive "s" stays outside the name, so the placeholder keeps the grammar
        ("Det er Lines cykel, og Ahmads jakke hænger der også.", ["Line", "Ahmad"]),
        # particles between and before the parts of a name
        ("Mødet med Layla Al Nuaimi er flyttet.", ["Layla Al Nuaimi"]),
        ("Indstilling: maricel dela cruz skal have svar", ["maricel dela cruz"]),
        ("Sagsbehandler er van der Berg, Pieter.", ["van der Berg", "Pieter"]),
        # a hyphenated first part
        ("Anna-Lise Grøn har ferie.", ["Anna-Lise Grøn"]),
        # a surname that is also an everyday word, after a first name
        ("Jeg talte med Mathias From i går, og Hanne Vest og Thomas Eg var med.",
         ["Mathias From", "Hanne Vest", "Thomas Eg"]),
    ],
)
def test_names_are_completed(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "I" is the pronoun, "i" and "s." are words, not initials; a word-surname needs a first name before it
        ("Yesterday Tom I think called.", ["Tom"]),
        ("Mette i morgen", ["Mette"]),
        ("Se s. 4 om Mette.", ["Mette"]),
        ("Vest for søen bor Mette.", ["Mette"]),
        # "af" and "de" are Danish words, not particles opening a surname
        ("Brevet er skrevet af Hansen.", ["Hansen"]),
    ],
)
def test_completion_stops_at_words(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hun bor Frederiksborgvej 212 st tv 2400 københavn nv", "Frederiksborgvej 212 st tv 2400 københavn nv"),
        ("Adresse: Rentemestervej 80, 3.th, 2400 kbh nv.", "Rentemestervej 80, 3.th, 2400 kbh nv"),
        ("Ny adresse: Kungsgatan 14 B, 211 49 Malmö", "Kungsgatan 14 B, 211 49 Malmö"),
    ],
)
def test_addresses_take_their_postcode_and_town(spans: Spans, text: str, expected: str) -> None:
    assert spans(text, "DK_ADDRESS") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Hun bor Jagtvej 155, 2. 2024 flyttede hun.",  # a year and a word, not a postcode and a town
        "Hun bor Jagtvej 155, 2. 2400 kr. i husleje.",
    ],
)
def test_address_tail_needs_a_town(spans: Spans, text: str) -> None:
    assert spans(text, "DK_ADDRESS") == ["Jagtvej 155, 2."]


@pytest.mark.parametrize("prefix", ["+45 (0) ", "0045 ", "(+45) "])
def test_phone_numbers_take_their_country_code(spans: Spans, prefix: str) -> None:
    assert spans(f"Ring på {prefix}2601 6759 i dag.", "PHONE_NUMBER") == [f"{prefix}2601 6759"]


def test_completion_never_grows_into_a_neighbour() -> None:
    completer = SpanCompleter(NameLexicon.from_lists(first_names=["Mathias"], word_surnames=["From"]))
    text = "Mathias From"
    found = [Detection("PERSON", 0, 7, 0.8), Detection("EMAIL_ADDRESS", 8, 12, 0.9)]
    assert completer.complete(text, found) == found


def test_completion_is_linear_in_the_text() -> None:
    """Every rule reads a bounded window: a long run of would-be initials after each name costs no more."""
    completer = SpanCompleter(NameLexicon.from_lists(first_names=["Mette"]))
    text = " ".join(["Mette B."] * 20_000)
    found = [Detection("PERSON", k * 9, k * 9 + 5, 0.8) for k in range(20_000)]
    completed = completer.complete(text, found)
    assert [text[d.start:d.end] for d in completed[:2]] == ["Mette B.", "Mette B."]
    assert len(completed) == 20_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an unlisted capitalised word after a first name, mid-sentence, is the surname
        ("The application is handled by Morten Skriver.", ["Morten Skriver"]),
        # a middle name between two found parts
        ("Initialer: SØN = Søren Øhlenschlæger Nissen", ["Søren Øhlenschlæger Nissen"]),
    ],
)
def test_surnames_and_middle_names_join_the_name(spans: Spans, text: str, expected: list[str]) -> None:
    assert [s for s in spans(text, "PERSON") if " " in s] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi sender til Mette Torsdag igen.", ["Mette"]),  # a weekday is no surname
        ("Mødet med Anne Status: afventer", ["Anne"]),  # a label
        ("Mette, Anders og Bo", ["Mette", "Anders", "Bo"]),  # a comma parts two people
    ],
)
def test_words_after_a_first_name_that_are_no_surname(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected
