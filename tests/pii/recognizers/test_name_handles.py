"""HandleFinder: user names and the initials that sign a note are names; paths, files and units are not."""

from __future__ import annotations

import pytest


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
        "Data ligger i /home/data og /tmp\n",            # a path, not a signature
        "Brug og/eller, TCP/IP og PDF/A i teksten.",
        "Med venlig hilsen\nHR\n",                       # a unit after a sign-off
        "Mvh\nKK",
        "user=admin kunne ikke logge ind",               # an everyday word as user name
        "Se jensen_rapport.docx og per.holm.pdf",        # a file; words that are also names
    ],
)
def test_files_paths_and_units_are_not_handles(spans, text: str) -> None:
    assert spans(text, "PERSON") == []
