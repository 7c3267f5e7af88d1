"""Gated patterns: a pattern tried only where its gate word occurs (GATES), or a recognizer's patterns tried
only where what all their matches contain occurs (PATTERNS_GATE), find exactly what they found when tried on
every text, and the results are reported as their recognizer's own."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.address import DkAddressRecognizer
from kkgpt.pii.recognizers.bank_account import DkBankAccountRecognizer
from kkgpt.pii.recognizers.base import DanishPatternRecognizer
from kkgpt.pii.recognizers.cpr import DkCprRecognizer
from kkgpt.pii.recognizers.fi_henkilotunnus import FinnishIdRecognizer
from kkgpt.pii.recognizers.license_plate import DkLicensePlateRecognizer
from kkgpt.pii.recognizers.no_fodselsnummer import NorwegianIdRecognizer
from kkgpt.pii.recognizers.pl_pesel import PolishIdRecognizer
from kkgpt.pii.recognizers.se_personnummer import SwedishIdRecognizer

TEXTS = [
    "ringede igen ang. huslejen på hothers plads 9 1.tv, skriv et notat kort",
    "brev til dragan petrovic, ruten 14 st.th 2700 brønshøj, om at hans sag er overgået",
    "bor på jagtvej 155 st th og hun bor på bystævnet 14 st tv 2700 brønshøj",
    "Adresse Folehaven 88, 1., dør 12\nPostnr. og by 2500 Valby\nTelefon 3839 6897",
    "Åbningstider 10-17. Postnummer 1599 København V. Der er 3 stk på lager plads 9 2. sal",
    "bil cv 71 408 holder på handicap p-plads igen, og bilen ab12345 også",
    "Vi mødes kl. 14 i lokale 3 og gennemgår de 12 sager fra 2024 i plenum.",
    # numbers in every written form the number recognizers read, and addresses in every form
    "CPR 010203-1234, 0102031234, 01.02.1985-1234, 01 02 03 1234, født 01-02 03 - 1234; tlf. 20 45 67 89",
    "Reg.nr. 1234 konto 1234567890, 1234-123456789; personnummer 19850102-1234, 850102+1234, 8501021234",
    "fødselsnummer 150385 10190, PESEL 02070803628, HETU 131052-308T; plader AB 12 345, AB-12-345, RA 1234",
    "KLM 482, HH-KL 4821, M GK 762, LK 28 17, KR 3KA68, WPR 2950, ab12345",
    "Vesterbrogade 12, 1620 København V; (Gl. Kongevej 3); Peter Bangs Vej 5, 3. th; Ruten 14, 3. th",
    "Kastanienallee 12, 10435 Berlin; Schönhauser Allee 5, 10437 Berlin; ul. Długa 5, 00-238 Warszawa",
    "10 Downing Street, London SW1A 2AA; Ved Stranden 4; Nybyvegur gøta 5; Postnr. 2500 Valby",
    "telefon 20 45 67 89 mellem kl. 9 og 15, sag 2024-0183342, 4.500 kr.",
]


def _ungated(cls: type[DanishPatternRecognizer]) -> DanishPatternRecognizer:
    return type(f"Ungated{cls.__name__}", (cls,), {"GATES": {}, "PATTERNS_GATE": None})()


def _spans(recognizer: DanishPatternRecognizer, text: str) -> list[tuple[int, int, float, str]]:
    found = recognizer.analyze(text, [recognizer.ENTITY], None)
    return sorted(
        (r.start, r.end, round(r.score, 4), r.recognition_metadata["recognizer_name"]) for r in found
    )


GATED = [DkAddressRecognizer, DkLicensePlateRecognizer, DkCprRecognizer, SwedishIdRecognizer,
         NorwegianIdRecognizer, FinnishIdRecognizer, PolishIdRecognizer, DkBankAccountRecognizer]


@pytest.mark.parametrize("cls", GATED)
@pytest.mark.parametrize("text", TEXTS)
def test_a_gate_changes_nothing_that_is_found(cls: type[DanishPatternRecognizer], text: str) -> None:
    gated, ungated = cls(), _ungated(cls)
    assert cls.GATES or cls.PATTERNS_GATE, "the recognizer has gated patterns"
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


@pytest.mark.parametrize("cls", [c for c in GATED if c.PATTERNS_GATE])
def test_the_patterns_are_not_tried_without_what_they_need(cls: type[DanishPatternRecognizer]) -> None:
    """An ordinary prompt's numbers ("telefon 20 45 67 89", "kl. 9") do not pass the recognizer-wide gate."""
    recognizer = cls()
    text = "Borgeren ringede på telefon 20 45 67 89 mellem kl. 9 og 15 om sin ansøgning."
    assert recognizer._patterns_gate.search(text) is None
