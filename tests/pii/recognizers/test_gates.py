"""Gated patterns: a pattern tried only where its gate word occurs finds exactly what it found when tried on
every text, and the results are reported as its recognizer's own."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.address import DkAddressRecognizer
from kkgpt.pii.recognizers.base import DanishPatternRecognizer
from kkgpt.pii.recognizers.license_plate import DkLicensePlateRecognizer

TEXTS = [
    "ringede igen ang. huslejen på hothers plads 9 1.tv, skriv et notat kort",
    "brev til dragan petrovic, ruten 14 st.th 2700 brønshøj, om at hans sag er overgået",
    "bor på jagtvej 155 st th og hun bor på bystævnet 14 st tv 2700 brønshøj",
    "Adresse Folehaven 88, 1., dør 12\nPostnr. og by 2500 Valby\nTelefon 3839 6897",
    "Åbningstider 10-17. Postnummer 1599 København V. Der er 3 stk på lager plads 9 2. sal",
    "bil cv 71 408 holder på handicap p-plads igen, og bilen ab12345 også",
    "Vi mødes kl. 14 i lokale 3 og gennemgår de 12 sager fra 2024 i plenum.",
]


def _ungated(cls: type[DanishPatternRecognizer]) -> DanishPatternRecognizer:
    return type(f"Ungated{cls.__name__}", (cls,), {"GATES": {}})()


def _spans(recognizer: DanishPatternRecognizer, text: str) -> list[tuple[int, int, float, str]]:
    found = recognizer.analyze(text, [recognizer.ENTITY], None)
    return sorted(
        (r.start, r.end, round(r.score, 4), r.recognition_metadata["recognizer_name"]) for r in found
    )


@pytest.mark.parametrize("cls", [DkAddressRecognizer, DkLicensePlateRecognizer])
@pytest.mark.parametrize("text", TEXTS)
def test_a_gate_changes_nothing_that_is_found(cls: type[DanishPatternRecognizer], text: str) -> None:
    gated, ungated = cls(), _ungated(cls)
    assert cls.GATES, "the recognizer has gated patterns"
    spans = _spans(gated, text)
    assert spans == [(s, e, score, gated.name) for s, e, score, _ in _spans(ungated, text)]


def test_gated_results_carry_their_recognizer_and_pattern() -> None:
    text = "ringede igen ang. huslejen på hothers plads 9 1.tv, skriv et notat kort"
    recognizer = DkAddressRecognizer()
    [result] = recognizer.analyze(text, ["DK_ADDRESS"], None)
    assert text[result.start : result.end] == "hothers plads 9 1.tv"
    assert result.recognition_metadata["recognizer_identifier"] == recognizer.id
    assert (
        result.analysis_explanation.pattern_name == "DK address (lower case, street word apart, with floor)"
    )
