"""Names typed in lower case (candidates, evidence and rules together), and the same words used as words."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Two names that are also words, after a cue or a preposition
        ("kan du skrive en hilsen til mark storm fra os alle", ["mark storm"]),
        ("lav et kort for lykke bonde, hun fylder 60", ["lykke bonde"]),
        # A name that is a word after a role cue, even with a possessive before the role
        ("min veninde lærke kommer på fredag", ["lærke"]),
        ("hans bror bjørn har ringet", ["bjørn"]),
        # An unambiguous name alone
        ("husk at ringe til gudrun om mødet", ["gudrun"]),
    ],
)
def test_lower_case_names_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    "text",
    [
        # After an article or a possessive a name-word is the word
        "skriv et digt om en lærke og en rose i haven",
        "han fandt en lille lærke på marken",
        "min bjørn er en bamse",
        # Two name-words without a cue, or with a function word, stay words
        "det var en storm med sol og regn",
        "han gik en tur i hans skov ved hans dam",
        "de talte om alle storm",
    ],
)
def test_words_that_are_names_stay_words(spans, text: str) -> None:
    assert spans(text, "PERSON") == []
