"""DK_BANK_ACCOUNT: registration + account numbers in their written forms, not case numbers."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lønnen går til reg.nr. 2191 kontonr. 8745123690.", ["reg.nr. 2191 kontonr. 8745123690"]),
        ("Udbetal til reg. 9570 konto 0012345678 i dag.", ["reg. 9570 konto 0012345678"]),
        ("Reg.nr.: 5301, kontonr.: 0244123456", ["Reg.nr.: 5301, kontonr.: 0244123456"]),
        ("Registreringsnummer 3409 og kontonummer 12345678",
         ["Registreringsnummer 3409 og kontonummer 12345678"]),
        ("Overfør til konto 1551-0123456789.", ["1551-0123456789"]),
        ("Hendes konto er 2670 4433221100", ["2670 4433221100"]),
        ("Refusion til reg 6611 - 1234567", ["reg 6611 - 1234567"]),
        ("Kontonr. 4180 0003712649 er opgivet.", ["4180 0003712649"]),
        ("Pengene går til konto 9570 12345678.", ["9570 12345678"]),
    ],
)
def test_accounts_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_BANK_ACCOUNT") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sag 2023-0466861 skal behandles på mødet.",
        "Sagsnr. 2022-0091827 vedrører klagen.",
        "Journalnummer 2021-123456 er lukket.",
        "Strategien gælder 2022-2026.",
        "Telefon 3312-3456 er omstillingen.",
        "Ordrenr. 4500-123456 er leveret.",
    ],
)
def test_case_numbers_and_years_are_not_accounts(spans, text: str) -> None:
    assert spans(text, "DK_BANK_ACCOUNT") == []


def test_columns_of_account_and_registration_numbers(pii) -> None:
    text = "medarbnr;navn;regnr;kontonr\n28111;Moroz, Bohdan;1551;2060194962\n89088;Winther, Anders;5470;6914777785\n"
    found = [text[d.start:d.end] for d in pii.analyze(text) if d.entity_type == "DK_BANK_ACCOUNT"]
    # the registration number in the column before its account number: one account, one placeholder
    assert found == ["1551;2060194962", "5470;6914777785"]
