"""Candidates: capitalised runs and how they are shaped, lower-case names with their fallback, handles."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.name_candidates import capitalised_runs, lowercase_names
from kkgpt.pii.recognizers.name_handles import handles
from kkgpt.pii.recognizers.person import DanishPersonRecognizer


@pytest.fixture(scope="module")
def person(lexicon) -> DanishPersonRecognizer:
    return DanishPersonRecognizer(lexicon)


def _texts(doc, candidates) -> list[str]:
    return [doc.text[doc.starts[c.start] : doc.starts[c.last] + len(doc.tokens[c.last])] for c in candidates]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mødet med Ruby de la Cruz og Leif B. Munk", ["Ruby de la Cruz", "Leif B. Munk"]),
        ("Indkald Mehmet til samtale.", ["Mehmet"]),  # a sentence's verb before a first name
        ("Gudmund Ravn kommer i morgen.", ["Gudmund Ravn"]),  # ... but a first name before a surname
        ("Skriv til H.C. Jensen i dag", ["H.C. Jensen"]),  # initials join a surname's span
    ],
)
def test_capitalised_runs_are_shaped(person, lexicon, text: str, expected: list[str]) -> None:
    doc = person.document(text)
    assert _texts(doc, capitalised_runs(doc, lexicon)) == expected


def test_a_lower_case_pair_falls_back_to_its_first_name(person) -> None:
    doc = person.document("hilsen fra anne marie larsen og per")
    candidates = list(lowercase_names(doc, person._words, set()))
    pair = candidates[0]
    assert pair.pair and _texts(doc, [pair]) == ["anne marie larsen"]
    assert pair.fallback is not None and _texts(doc, [pair.fallback]) == ["anne"]


def test_handles_are_checked_where_they_are_found(person, lexicon) -> None:
    doc = person.document("user=tbrj02 og mette.nielsen\nMvh\nAJT")
    assert sorted((c.source, doc.tokens[c.first]) for c in handles(doc, lexicon)) == [
        ("initials", "AJT"),
        ("username", "mette.nielsen"),
        ("username", "tbrj02"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # First name (or initial) and surname joined by a dot or an underscore, anywhere
        ("Kontoen mette.nielsen er låst efter tre forsøg.", ["mette.nielsen"]),
        ("Giv adgang til k_frederiksen og s.holm i mappen.", ["k_frederiksen", "s.holm"]),
        # Any user name after a user label
        ("Fejl: login=tbrj02 device=KK-PC-1182", ["tbrj02"]),
        ("Brugernavn: abdi.farah mangler rettigheder", ["abdi.farah"]),
        # Initials that sign a note: after a slash at the end, or alone after a sign-off
        ("Husk at ringe til apoteket i morgen. /pmh", ["pmh"]),
        ("Nøglen ligger i skabet.\n/KBN\nSkriv det pænt.", ["KBN"]),
        ('Gør beskeden pænere: "Kaffen er på kontoret." /ljr', ["ljr"]),
        ("Tak for i dag.\nMvh\nAJT", ["AJT"]),
        ("Venlig hilsen\nTLS\n", ["TLS"]),
    ],
)
def test_handles_are_names(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Se filen budget.xlsx og siden kk.dk i dag.",
        "Data ligger i /home/data og /tmp\n",  # a path, not a signature
        "Brug og/eller, TCP/IP og PDF/A i teksten.",
        "Med venlig hilsen\nHR\n",  # a unit after a sign-off
        "Mvh\nKK",
        "user=admin kunne ikke logge ind",  # an everyday word as user name
        "Se budget_rapport.docx og per.holm.pdf",  # files; "per" and "holm" are also words
    ],
)
def test_files_paths_and_units_are_not_handles(spans, text: str) -> None:
    assert spans(text, "PERSON") == []
