"""NameDoc: sentence starts, the cue before a word, and "Hans" as "his"."""

from __future__ import annotations

import pytest

from kkgpt.pii.nlp import RegexTokenizer
from kkgpt.pii.recognizers.name_text import NameDoc


def doc(text: str, english: bool = False) -> NameDoc:
    tokens, starts = RegexTokenizer()(text)
    return NameDoc(text, tokens, starts, {}, english=english)


def index(d: NameDoc, word: str, occurrence: int = 0) -> int:
    return [i for i, token in enumerate(d.tokens) if token == word][occurrence]


@pytest.mark.parametrize(
    ("text", "word", "english", "start"),
    [
        ("Per kan træffes.", "Per", False, True),
        ("Vi går. Omar har ADHD.", "Omar", False, True),
        ("Tak til hr. Poulsen.", "Poulsen", False, False),       # an abbreviated title is no sentence end
        ("Noter:\nLene ringer.", "Lene", False, True),
        ("Liste:\n- Svend i nr. 19", "Svend", False, False),       # a Danish list item: a name-word is a name
        ("Notes:\n- Mark the text", "Mark", True, True),           # an English one opens with a verb
        ("Ring til Anne i dag.", "Anne", False, False),
        ("Mødet med Leif B. Munk.", "Munk", False, False),         # an initial's dot ends no sentence
        ("Skrevet af H.C. Andersen.", "Andersen", False, False),
    ],
)
def test_sentence_start(text: str, word: str, english: bool, start: bool) -> None:
    d = doc(text, english)
    assert d.sentence_start(index(d, word)) is start


@pytest.mark.parametrize(
    ("text", "word", "cue"),
    [
        ("Kære Hamid, tak.", "Hamid", ("strong", "kære")),
        ("Navn: Ali Hassan", "Ali", ("strong", "navn")),
        ("Tak til hr. Poulsen.", "Poulsen", ("strong", "hr")),
        ("Han passer sin far. Hans leder ved det.", "Hans", ("", "")),         # the role ended a sentence
        ("Vi har talt med skolen. Omar er glad.", "Omar", ("", "")),           # so did the institution
        ("Fra: Gudrun Bak", "Gudrun", ("strong", "fra")),
        ("Venlig hilsen fra Ole", "Ole", ("strong", "fra")),
        ("Karen from Procurement", "Procurement", ("weak", "from")),
        ("Alle kalder hende bare Bex.", "Bex", ("strong", "naming verb")),
        ("Beboeren på Plejecenter Sølund", "Sølund", ("institution", "plejecenter")),
        ("Skriv til Xiomara.", "Xiomara", ("weak", "til")),
        ("Afbud: Bjørn", "Bjørn", ("strong", "afbud")),                      # a form label with a colon
        ("Afbud Bjørn", "Bjørn", ("", "")),
        ("Til stede: Anne", "Anne", ("strong", "stede")),
        ("Spørg HR-partner Mira", "Mira", ("strong", "hr-partner")),          # compound job titles
        ("Ring til afdelingsleder Susanne", "Susanne", ("strong", "afdelingsleder")),
        ("Elev\tDage", "Dage", ("", "")),                                    # a table's columns
        ("Navn:\tXiomara", "Xiomara", ("strong", "navn")),                    # ... but a field's label
        ('Hun hedder "Nova"', "Nova", ("strong", "hedder")),                  # through a quotation mark
        ("Menu i caféen: Chidi", "Chidi", ("", "")),                          # an institution across a colon
    ],
)
def test_cue_before(text: str, word: str, cue: tuple[str, str]) -> None:
    d = doc(text)
    assert d.cue_before(index(d, word)) == cue


@pytest.mark.parametrize(
    ("text", "possessive"),
    [
        ("Hans leder er positiv.", True),
        ("Hans mor ringede.", True),
        ("Hans har det bedre.", False),
        ("Hans kan træffes i dag.", False),
        ("Hans Bjerre har sagt ja.", False),
        ("Hans, Bo og Per kommer.", False),
        ("Anne leder mødet.", False),
    ],
)
def test_possessive(text: str, possessive: bool) -> None:
    assert doc(text).possessive(0) is possessive


@pytest.mark.parametrize(
    ("lower", "upper", "prose"),
    [
        (2, 3, True),    # "Send it to Rosemary Okeke and ask Rosemary to sign": 2 lower, 3 capitalised
        (1, 2, True),    # "Thank you note for Marisol Quintero."
        (2, 9, False),   # "Create a Weekly Status Report template with the sections Summary, Milestones..."
        (0, 5, False),   # "Write a Project Charter for the Digital Welfare Roadmap."
    ],
)
def test_prose_has_no_more_other_capitalised_words_than_lower_case_ones(lower: int, upper: int,
                                                                       prose: bool) -> None:
    d = doc("Two words", english=True)
    assert not d.prose(0, 1)  # counts not filled in: not known to be prose
    d.sentence_counts.extend([(lower, upper)] * len(d.tokens))
    assert d.prose(0, 1) is prose


@pytest.mark.parametrize(
    ("text", "first", "last", "quoted"),
    [
        ("Bogen 'Kongens Have' er lånt.", "Kongens", "Have", True),
        ("Filmen «Den Blå Time» vises.", "Den", "Time", True),
        ("Bogen 'Kongens Have og andet' er lånt.", "Kongens", "Have", False),   # the quote goes on
        ("Mødet med Anne Holm er aflyst.", "Anne", "Holm", False),
    ],
)
def test_quoted(text: str, first: str, last: str, quoted: bool) -> None:
    d = doc(text)
    assert d.quoted(index(d, first), index(d, last)) is quoted


@pytest.mark.parametrize(
    ("text", "word", "initial", "after"),
    [
        ("Leif B. Munk", "B", True, "Munk"),
        ("H.C. Andersen", "H.C", True, "Andersen"),
        ("Anne B Hansen", "B", True, "Hansen"),
        ("Anne og I kommer", "I", True, None),        # a letter that is also a word needs its dot
        ("Anne BB Hansen", "BB", False, None),
    ],
)
def test_initials(text: str, word: str, initial: bool, after: str | None) -> None:
    d = doc(text)
    i = index(d, word)
    assert d.initial(i) is initial
    following = d.after_initial(i)
    assert (d.tokens[following] if following is not None else None) == after


def test_parentheses_are_skipped_both_ways() -> None:
    d = doc("Ayaan (7) og Zayan (cpr 010170-1234) kommer")
    assert d.tokens[d.after_parenthesis(index(d, "(", 0))] == "og"
    assert d.tokens[d.before_parenthesis(index(d, ")", 0))] == "Ayaan"
    assert d.after_parenthesis(index(d, "og")) == index(d, "og")       # no parenthesis: unchanged


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("Oddvar Brekke\n12 Baker Street\nLondon", True),
        ("Oddvar Brekke\nFensmarkgade 4, 2. th.\n2200 København N", True),
        ("Oddvar Brekke\nNiels Finsens gøta 14", True),
        ("Oddvar Brekke\nUge 12 er travl", False),              # a number, but no street
        ("Hilsen Oddvar Brekke\nJagtvej 5", False),             # the name does not open its line
        ("Oddvar Brekke og Lis\nJagtvej 5", False),             # ... nor fill it
    ],
)
def test_letter_header(text: str, header: bool) -> None:
    d = doc(text)
    assert d.letter_header(index(d, "Oddvar"), index(d, "Brekke")) is header
