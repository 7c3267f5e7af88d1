"""NameWordClassifier: capitals, genitives, pet names, and the phrases that block or mark firms."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.name_words import AMBIGUOUS, FIRST, SUFFIX_SURNAME, UNKNOWN, NameWordClassifier


@pytest.fixture(scope="module")
def words() -> NameWordClassifier:
    return NameWordClassifier(NameLexicon.from_lists(
        first_names=["Chris", "Mads", "Per", "Mark", "Israel", "Bo"], surnames=["Munk", "Storm"],
        ambiguous=["Per", "Mark", "Munk", "Storm", "Bo"], common_words=["marker"],
        organisations=["Københavns Kommune"], eponyms=["Georg Jensen", "Bang & Olufsen"], places=["Valby"]))


@pytest.mark.parametrize(
    ("token", "kind", "capitals"),
    [
        ("MUNK", AMBIGUOUS, True),       # a listed name-word in capitals is kept, flagged
        ("CHRIS", FIRST, True),
        ("OLSEN", SUFFIX_SURNAME, True),
        ("HR", None, False),             # an unlisted abbreviation is not
        ("SFO'en", None, False),
    ],
)
def test_words_in_capitals(words: NameWordClassifier, token: str, kind: str | None, capitals: bool) -> None:
    word = words.capitalised(token)
    assert (word.kind if word else None) == kind
    assert (word.capitals if word else False) is capitals


@pytest.mark.parametrize(
    ("token", "kind", "length"),
    [
        ("Bos", AMBIGUOUS, 2),           # a two-letter name's genitive
        ("Steensens", SUFFIX_SURNAME, 8),  # a surname known by its ending, in the genitive
        ("Chrisser", FIRST, 8),          # pet forms of listed first names
        ("Madssie", FIRST, 7),
        ("Chrissy", FIRST, 7),
        ("Marker", None, 0),             # ... but not of names that are words, nor everyday words
        ("Perser", UNKNOWN, 6),
        ("Israeler", UNKNOWN, 8),        # -er after the name itself is a demonym, not a pet name
    ],
)
def test_genitives_and_pet_names(words: NameWordClassifier, token: str, kind: str | None, length: int) -> None:
    word = words.capitalised(token)
    assert (word.kind if word else None) == kind
    assert (word.name_length if word else 0) == length


def test_phrases_separate_blocking_organisations_from_firms_named_after_people(
        words: NameWordClassifier) -> None:
    tokens = ["Københavns", "Kommune", "købte", "Georg", "Jensen", "og", "Bang", "&", "Olufsen", "i", "Valby"]
    blocked, eponyms, places = words.phrases(tokens)
    assert blocked == [[0, 1], [10]]
    assert eponyms == [[3, 4], [6, 8]]
    assert places == [10]
    assert words.blocked(tokens) == {0, 1, 10}
