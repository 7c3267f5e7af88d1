"""IBAN_CODE: Danish and foreign IBANs; a wrong checksum in the right layout is kept at a lower score."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Udbetal til DK50 0040 0440 1162 43.", ["DK50 0040 0440 1162 43"]),
        ("IBAN: DK5000400440116243", ["DK5000400440116243"]),
        ("Refusion til DK38 5295 0001 2345 67 hurtigst muligt", ["DK38 5295 0001 2345 67"]),
        ("Hans tyske konto DE89 3704 0044 0532 0130 00 bruges.", ["DE89 3704 0044 0532 0130 00"]),
        ("Overfør til DK51 0040 0440 1162 43 (tastefejl i kontrolcifrene).", ["DK51 0040 0440 1162 43"]),
    ],
)
def test_ibans_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "IBAN_CODE") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Varenummer DK12 er udsolgt.",
        "Lokale DK50 på 2. sal.",
        "Projektkode AB12 3456 7890 er lukket.",
    ],
)
def test_non_ibans_are_not_found(spans, text: str) -> None:
    assert spans(text, "IBAN_CODE") == []


def test_valid_checksum_scores_higher_than_a_typo(analyzer) -> None:
    def score(text: str) -> float:
        return max(d.score for d in analyzer.analyze(text) if d.entity_type == "IBAN_CODE")

    assert score("Konto DK50 0040 0440 1162 43") > score("Konto DK51 0040 0440 1162 43")
