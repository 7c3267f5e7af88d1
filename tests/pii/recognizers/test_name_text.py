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
