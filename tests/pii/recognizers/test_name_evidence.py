"""Evidence: what a candidate's words and the words around it say, read without deciding anything."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.name_candidates import capitalised_runs, lowercase_names
from kkgpt.pii.recognizers.name_evidence import EvidenceReader
from kkgpt.pii.recognizers.name_words import AMBIGUOUS, FIRST, SURNAME
from kkgpt.pii.recognizers.person import DanishPersonRecognizer


@pytest.fixture(scope="module")
def person(lexicon) -> DanishPersonRecognizer:
    return DanishPersonRecognizer(lexicon)


def _first(person, lexicon, text: str):
    doc = person.document(text)
    (candidate, *_) = capitalised_runs(doc, lexicon)
    return EvidenceReader(lexicon).read(doc, candidate)


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Kære Hamid, tak for sidst", {"cue": "strong", "cue_word": "kære", "kinds": (FIRST,)}),
        ("Jens Hansen kommer", {"kinds": (FIRST, SURNAME), "sentence_start": True}),
        ("Plejecenter Sølund ringer", {"cue": "institution"}),
        ("vi talte med Pers bror i går", {"genitive_relation": True}),
        ("hun flyttede til Lund i maj", {"kinds": (AMBIGUOUS,), "reads_as_word": True}),
        ("NAVN: MUNK", {"capitals": True, "cue": "strong"}),
        ("Tamsin Ockwell\n12 Baker Street\nLondon", {"cue": "strong", "cue_word": "letter header"}),
        ("vi bestilte en Renault Zoe", {"after_brand": True}),
    ],
)
def test_capitalised_evidence(person, lexicon, text: str, facts: dict) -> None:
    evidence = _first(person, lexicon, text)
    assert {name: getattr(evidence, name) for name in facts} == facts


def test_lower_case_evidence(person, lexicon) -> None:
    reader = EvidenceReader(lexicon)
    doc = person.document("min kollega bjørn og en lærke")
    found = {doc.tokens[c.first]: reader.read(doc, c) for c in lowercase_names(doc, person._words, set())}
    bjorn, lark = found["bjørn"], found["lærke"]
    assert bjorn.cue == "strong" and bjorn.ambiguous and not bjorn.determiner
    assert lark.determiner
