"""CREDIT_CARD: Luhn-valid card numbers; Danish context words count."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Borgeren oplyste kortnummer 4571 9940 1234 5679 ved en fejl.", ["4571 9940 1234 5679"]),
        ("Dankort/Visa: 4571-9940-1234-5679", ["4571-9940-1234-5679"]),
        ("Mastercard 5204739200112239 blev spærret.", ["5204739200112239"]),
    ],
)
def test_card_numbers_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "CREDIT_CARD") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kort 4571 9940 1234 5678 fejler Luhn-kontrollen.",
        "EAN-nummer 5798000416604 på fakturaen.",
        "Beløbet 1.250.000 kr. er bevilget.",
    ],
)
def test_non_cards_are_not_found(spans, text: str) -> None:
    assert spans(text, "CREDIT_CARD") == []
