"""NonNameFilter: places, schools and firms named after people are not persons; the people still are."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.person import DanishPersonRecognizer


@pytest.mark.parametrize(
    "text",
    [
        # A street, square, bridge or building word after the name: a place (no house number, no address)
        "Mødet er på H.C. Ørsteds Vej i morgen.",
        "Trafikken ved Prinsesse Maries Allé er tæt.",
        "Peter Bangs Gade er spærret.",                        # "Gade" is also a surname; a genitive decides
        "Vi mødes ved Brorsons Kirke kl. 10.",
        "Eleverne på Niels Steensens Gymnasium har fri.",      # also after a first name's surname guess
        "Vi besøger Christians Slot og Thorvaldsens Museum.",
        "Boligen ligger på Fru Jensens Plads.",
        # A saint's name: a church, square, school or holiday
        "Vi fejrer Sankt Hans i haven.",
        "Skt. Jørgens Sø er frosset til.",
        "Sankt Petri Skole holder åbent hus.",
        "The St. Patrick celebration is on Friday.",
        # Firms: two bare surnames joined by "&", or a name with "& Søn" or "& Co"
        "Tømrer Hansen & Søn har sendt en regning.",
        "Revisionen blev lavet af Ernst & Young og Deloitte.",
        "Tilbuddet fra Larsen & Winther er det billigste.",
        # An unlisted word right before a known organisation or place
        "Lav et oplæg om Royal Copenhagen og Carlsberg.",
    ],
)
def test_places_and_firms_named_after_people_are_not_persons(spans, text: str) -> None:
    assert spans(text, "PERSON") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A surname that is also a street or building word is still a surname
        ("Sara Park har ringet om sin søn.", ["Sara Park"]),
        ("Anne Gade og Ole Bro deltog i mødet.", ["Anne Gade", "Ole Bro"]),
        ("Jonas Slot er syg i dag.", ["Jonas Slot"]),
        # "Sankt" or a street word elsewhere in the sentence does not hide the person
        ("Anne Holm bor tæt på Sankt Hans Torv.", ["Anne Holm"]),
        # Two first names with "&" are people, and so are two surnames after a person cue
        ("Anne & Bo holder bryllup i juni.", ["Anne", "Bo"]),
        ("Eleverne Hansen & Larsen kom for sent.", ["Hansen", "Larsen"]),
    ],
)
def test_people_beside_such_words_are_still_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


def test_the_filter_reads_the_injected_lexicon() -> None:
    # "Zorblax" is listed as a surname, so "Zorblax Park" is a person, not a park.
    lexicon = NameLexicon.from_lists(first_names=["Quux"], surnames=["Zorblax", "Park"])
    recognizer = DanishPersonRecognizer(lexicon)
    text = "Vi mødes med Quux Zorblax ved Quux Zorblaxs Plads."
    assert [text[r.start:r.end] for r in recognizer.analyze(text, ["PERSON"])] == ["Quux Zorblax"]
