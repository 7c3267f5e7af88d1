"""Staff named by their initials in minutes and rosters, names in attachments' file names, names that are
words in a sentence about contacting someone, and identity numbers as German and Romanian papers give them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role and the initials in a parenthesis after the name
        ("Deltagere: Sofie Pedersen (sagsbehandler, SPV); Hanne Krogh (boligsocial medarbejder, HKK)",
         ["Sofie Pedersen", "SPV", "Hanne Krogh", "HKK"]),
        ("Katrin Wagner (tysk statsborger, DE) er registreret", ["Katrin Wagner"]),
        # a follow-up with a deadline, a roster's staff, a welcome by someone
        ("Opfølgning: SPV senest 28.09.2024.\nPunkt 2: Status", ["SPV"]),
        ("1. 07:30  Jørgensen, Esra  Ørestads Boulevard 109, st.  medarb. AAM", ["Jørgensen", "Esra", "AAM"]),
        ("Dagsorden LMU\n1. Velkomst v/ TBS\n2. Sygefravær (v/ HR)", ["TBS"]),
        # action items and a note's heading signed with initials after its date or shift
        ("Teammøde – aktionspunkter\nJMR: ring til skolen\nAlle: husk at", ["JMR"]),
        ("Nattevagt 23-07 OE\n01.15 Kirsten ringede", ["OE", "Kirsten"]),
        ("Kort notat fra samtale 22/1, GF:\nOle Kristiansen mødte op", ["GF", "Ole Kristiansen"]),
        ("Budget 2024-25 DKK\nMøde 12.6 i IT\nok", []),
    ],
)
def test_staff_initials_in_minutes_and_rosters(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


def test_two_initials_joined_by_a_slash_open_an_action_item(spans: Spans) -> None:
    assert spans("Aktionspunkter\nMJR/TBS: plan for Linnea\nIT/HR: plan for pc'erne", "PERSON") == [
        "MJR", "TBS", "Linnea"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vedhæftet: CPR_0810607847_Babić.pdf, Bilag_2807454762_Samtykke.pdf", ["Babić"]),
        ("Vedhæftet: CPR_131254-1930_Hirsi.pdf og Partshoering-0103851234.docx", ["Hirsi"]),
    ],
)
def test_a_name_after_a_cpr_number_in_a_file_name(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visitator Ifrah Farah fra Center for Bolig, Boligsocialt Team", ["Ifrah Farah"]),
        ("Niels Steensens Gymnasium holder åbent hus", []),
        ("hej ahmad jeg har snakket med lone og hun siger ok", ["ahmad", "lone"]),
        ("hvad skriver jeg til rose hun er så vred", ["rose"]),
        ("bilen holder ulovligt iflg. naboen per", ["per"]),
        ("prisen er 20 kr per stk, min bror per telefon", []),
    ],
)
def test_names_by_an_institution_or_after_contacting_and_roles(spans: Spans, text: str,
                                                               expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Katrin Wagner (tysk statsborger, id-nr. 40 464 711 640) er registreret", ["40 464 711 640"]),
        ("Tysk borger Lukas Becker, Steuer-ID 12 345 678 903, Adresse Oranienstraße 45", ["12 345 678 903"]),
        ("Rumænsk statsborger Ionuț Popescu, CNP 1850423123456, bor midlertidigt", ["1850423123456"]),
        ("Navn,Land,Nationalt id\nEwa Dąbrowski,Tyskland,01 723 821 094\nAsger Vestergaard,Tyskland,LCNMLXMK8",
         ["01 723 821 094", "LCNMLXMK8"]),
        ("Faktura 12 345 678 903 betales inden 14 dage", []),
    ],
)
def test_german_and_romanian_identity_numbers(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "NATIONAL_ID") == expected
