"""DK_LICENSE_PLATE: two capital letters and five digits; context decides for the compact form."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bilen med nummerpladen CX 71 204 er fjernet.", ["CX 71 204"]),
        ("Køretøj AB12345 holder i brandvejen.", ["AB12345"]),
        ("Kontrolafgift til reg.nr. XY 98 765.", ["XY 98 765"]),
        ("The car with plate DE 55 123 was towed.", ["DE 55 123"]),
        ("Den hvide varevogn ZU 44 901 er parkeret ulovligt.", ["ZU 44 901"]),
        ("Ejeren af Ab 12 345 og af ab 12 345 er ukendt.", []),    # plates are capitals
        ("bil cv 71 408 holder på handicap p-plads", ["cv 71 408"]),  # ... or typed after "bil"
        # a trailer's plate and a Polish one, with a word that says so
        ("Påhængsvognen har nummerplade RA 1234.", ["RA 1234"]),
        ("polsk bil KR 1234A holder i gården", ["KR 1234A"]),
    ],
)
def test_plates_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_LICENSE_PLATE") == expected


@pytest.mark.parametrize(
    "text",
    [
        "SE 12 345 678 er et SE-nummer.",
        "Vare AB12345 er udsolgt.",                # compact form without context
        "Se bilag AB 1234 og punkt 3.",
        "IBAN DK50 0040 0440 1162 43",
        "Projekt ABC 12 345 er afsluttet.",
    ],
)
def test_non_plates_are_not_found(spans, text: str) -> None:
    assert spans(text, "DK_LICENSE_PLATE") == []
