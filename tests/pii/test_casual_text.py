"""Texts typed without capitals: a Danish name that is also a word ("ravn", "sol", "kaj") is the name where
the word does not fit the sentence, and stays the word where it does: a month, an infinitive, a counted
thing, a predicate, weather, a phrase such as "lykke til", or coordination with a word that is no name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeg tager ravn og kaj på aftenvagten", ["ravn", "kaj"]),
        ("kan nogen tage birk i morgen? han har tandlæge kl 9", ["birk"]),
        ("send opskriften på vagtplanen til bo og sten", ["bo", "sten"]),
        ("vem har birk i dag? han er på stuen med ravn og sol", ["birk", "ravn", "sol"]),
        ("tom sagde at kim havde ret, vi skal bruge den nye skabelon", ["tom", "kim"]),
        ("ruth ønsker ikke at svend får aktindsigt", ["ruth", "svend"]),
        # a number after "på" is the person's phone, not a house number; an age in parentheses
        ("kan du få fat i pedellen ole på 51 84 22 70?", ["ole"]),
        ("kan du lige tjekke om birk (4 år) er indskrevet i vuggestuen", ["birk"]),
        # answering a message: the one who takes it; a message's head addressing someone
        ("ok per tager den, ring hvis det bliver værre", ["per"]),
        ("ok du tager den", []),
        ("til ebbe: nøgleboksen har fået ny kode", ["ebbe"]),
    ],
)
def test_a_name_that_is_a_word_where_the_word_does_not_fit(spans: Spans, text: str,
                                                           expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    "text",
    [
        "storm og regn i nat – tjek kældrene",
        "der er storm i morgen så vi aflyser turen",
        "sol skinner i dag, vi går på legepladsen",
        "lykke til med eksamen i morgen!!",
        "kan nogen tage telefonen efter frokost",
        "han vil gerne bo hjemme så længe som muligt",
        "lejligheden står tom siden nytår",
        "lønsedler fra maj og juni mangler stadig",
        "sten, ler og grus skal fjernes fra legepladsen",
        "husk at det er 3 gang i denne uge",
    ],
)
def test_the_word_where_it_fits(spans: Spans, text: str) -> None:
    assert spans(text, "PERSON") == []


def test_a_capitalised_text_keeps_needing_a_cue(spans: Spans) -> None:
    # Capitalised prose shows its names by case: a lower-case word there is the word.
    assert spans("Vi tager ravn og kaj med på turen. Hilsen Mette", "PERSON") == ["Mette"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lower-case staff initials doing what people do, or listed with initials found so
        ("lone fra løn siger at tbj ikke har fået tillæg for aftenvagter", ["lone", "tbj"]),
        ("sara har lagt vagtplanen i teams, jm og tk har weekend", ["sara", "jm", "tk"]),
        # a name-or-word sent to, after "det" and a preposition: no article before it
        ("kbm sagde at vi skulle sende det til ask inden fredag", ["kbm", "ask"]),
        ("vi har sendt det til tv og st", []),
        # thanked, or addressed at a message's head
        ("tak for i dag jh 🙏", ["jh"]),
        ("til tbn: husk at lukke sagen på marianne inden fredag", ["tbn", "marianne"]),
        ("til st: se vedhæftede", []),
        # asked whether they can take a task, after a comma too
        ("kbm er syg, kan lj tage mødet kl 10", ["kbm", "lj"]),
        ("kan holm ta telefonen fra 12-13 jeg skal til tandlæge", ["holm"]),
        ("hej hej, kan vilde fra Børnehuset Spiren få en vikar fredag??", ["vilde"]),
        ("storm kan komme i morgen, kan vi aflyse turen", []),
        # a minute kept in lower-case initials: every item of the list, abbreviations too; units stay units
        ("Fremmødte: rs, dk, hp, am\n- hp melder ferie uge 29-31", ["rs", "dk", "hp", "am", "hp"]),
        ("Deltagere: it, hr og løn", []),
    ],
)
def test_lower_case_initials_and_names_sent_to(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected
