"""NATIONAL_ID: Swedish, Norwegian, Finnish and Polish identity numbers, checked by their own rules."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.fi_henkilotunnus import henkilotunnus_ok
from kkgpt.pii.recognizers.no_fodselsnummer import fodselsnummer_ok
from kkgpt.pii.recognizers.pl_pesel import pesel_ok
from kkgpt.pii.recognizers.se_personnummer import luhn_ok, swedish_birth_date


@pytest.mark.parametrize(
    ("check", "valid", "invalid"),
    [
        (lambda n: luhn_ok(n) and swedish_birth_date(n) is not None, "8112189876", "8112189875"),
        (lambda n: luhn_ok(n[-10:]) and swedish_birth_date(n) is not None, "198112189876", "198113189876"),
        (fodselsnummer_ok, "01010750160", "01010750161"),
        (fodselsnummer_ok, "15076500565", "15076500566"),
        (henkilotunnus_ok, "131052-308T", "131052-308A"),
        (henkilotunnus_ok, "010594Y9032", "310294Y9032"),  # 31 February
        (pesel_ok, "44051401359", "44051401358"),
        (pesel_ok, "02270803624", "02330803628"),  # month 33: no century has it
    ],
)
def test_checksums_and_dates(check, valid: str, invalid: str) -> None:
    assert check(valid) and not check(invalid)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Svensk personnummer 811218-9876 skal bruges.", "811218-9876"),
        ("Personnummer: 19811218-9876", "19811218-9876"),
        ("hans svenske pnr 8112189876", "8112189876"),
        ("Norsk fødselsnummer 01010750160 er oplyst.", "01010750160"),
        ("fnr 150765 00565", "150765 00565"),
        ("Finsk henkilötunnus 131052-308T.", "131052-308T"),
        ("HETU 010594Y9032", "010594Y9032"),
        ("PESEL 44051401359", "44051401359"),
        ("Polsk personnummer: 02070803628", "02070803628"),
    ],
)
def test_identity_numbers_are_found(pii, text: str, found: str) -> None:
    assert [text[d.start : d.end] for d in pii.analyze(text) if d.entity_type == "NATIONAL_ID"] == [found]


@pytest.mark.parametrize(
    "text",
    [
        "Ordre 44051401359 er afsendt.",  # a valid PESEL, labelled as an order number
        "Faktura 01010750160 betalt.",  # a valid fødselsnummer, labelled as an invoice
        "Sagsnr. 811218-9876 er lukket.",
        "Beløbet 12345678901 kr. er overført.",  # eleven digits that pass no check
        "EAN 5798000012345",
    ],
)
def test_labelled_or_unchecked_numbers_are_left_alone(pii, text: str) -> None:
    assert [d for d in pii.analyze(text) if d.entity_type == "NATIONAL_ID"] == []


def test_identity_numbers_are_redacted(pii) -> None:
    result = pii.protect("Hendes PESEL er 44051401359.", pii.load_vault(None))
    assert result.model_text == "Hendes PESEL er <NATIONAL_ID>."


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a label names the number, whatever its check digit says
        ("svensk borger Johan Nyström personnr 19850619-3210 og", ["19850619-3210"]),
        ("hans norske kone Silje Nyström f.nr 24099045612 – flytter", ["24099045612"]),
        ("Finnish citizen Mikko Korhonen, HETU 020290-123A, phone", ["020290-123A"]),
        ("Obywatelka Agnieszka Wójcik (PESEL 92030515248) mieszka", ["92030515248"]),
        ("Marius Andersen has Norwegian ID 010190 12345 and", ["010190 12345"]),
        # identity cards and passports have no check a text can test
        ("registreret i udlandet med id-nr. C7M41PP09 og kører", ["C7M41PP09"]),
        ("har serbisk pas nr 012345678 og bosnisk id", ["012345678"]),
        # a UK National Insurance number, with or without its label
        ("your national identification number is LG 68 85 45 D and", ["LG 68 85 45 D"]),
        ("Navn;NI;By\nJens Vestergaard;JS 78 07 85 D;London", ["JS 78 07 85 D"]),
        # an identity column holds identity numbers of every country
        ("Navn,Land,Id-nr.,Nummerplade\nKhadar Aden,DE,GPLX56T64,\nÅse Æbelø,NO,20070112833,\n",
         ["GPLX56T64", "20070112833"]),
        # ... while a P-number, a case number and a licence plate are no identity numbers
        ("P-nr 1012785436 hører til afdelingen", []),
        ("Sagsnr. 2024-8398401 er oprettet", []),
        ("Id-nr. til kursus: 45", []),
    ],
)
def test_identity_numbers_a_label_or_column_names(spans, text: str, found: list[str]) -> None:
    assert spans(text, "NATIONAL_ID") == found
