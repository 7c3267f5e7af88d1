"""PHONE_NUMBER: Danish groupings with and without +45, foreign numbers, and what is not a phone number."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring til hende på 23 45 67 89 i morgen.", ["23 45 67 89"]),
        ("Mobil: 2345 6789", ["2345 6789"]),
        ("Tlf. 35303030", ["35303030"]),
        ("Hans nummer er +45 23 45 67 89.", ["+45 23 45 67 89"]),
        ("Kontakt +4523456789 efter kl. 16", ["+4523456789"]),
        ("Ring 0045 40 11 22 33 for tolk.", ["0045 40 11 22 33"]),
        ("Moren har telefon (+45) 61 22 33 44.", ["(+45) 61 22 33 44"]),
        ("Pårørende kan kontaktes på 81-22-33-44.", ["81-22-33-44"]),
        ("Her er mit mobilnummer 50123456.", ["50123456"]),
        ("Please call her on +44 20 7946 0958 tomorrow.", ["+44 20 7946 0958"]),
        ("Hans bror i Sverige har nummeret +46 70 123 45 67.", ["+46 70 123 45 67"]),
        ("Faren bor i Tyrkiet: +90 532 123 45 67.", ["+90 532 123 45 67"]),
        ("Kontakt: 33 66 33 66 eller mail.", ["33 66 33 66"]),
        ("SMS til 28 19 37 46, tak", ["28 19 37 46"]),
        # Foreign numbers with the call prefix 00 instead of +
        ("Hun sendte en sms fra 0046 70 312 45 88 i går.", ["0046 70 312 45 88"]),
        ("Faren i Tyrkiet har nummeret 0090 532 123 45 67.", ["0090 532 123 45 67"]),
        ("Call the office on 0044 20 7946 0958.", ["0044 20 7946 0958"]),
        # With "+", a number of a possible length for its country, in a range the metadata may not know
        ("My mobile is +44 7700 900456, call after six.", ["+44 7700 900456"]),
        # Every grouping people write, and +45 with a dash
        ("ring på +45-51837264 eller 5217 4830", ["+45-51837264", "5217 4830"]),
        ("tlf 229 14 708", ["229 14 708"]),
        ("mobil 52 174 830", ["52 174 830"]),
        ("mobil: 52.17.48.30, arbejde 5217-4830", ["52.17.48.30", "5217-4830"]),
        ("nummeret er +45 - 5183 7264", ["+45 - 5183 7264"]),
        ("tlf.27193846", ["27193846"]),
        # Greenland and the Faroe Islands
        ("Faren i Nuuk: +299 34 56 78, mor i Tórshavn: +298 21 34 56", ["+299 34 56 78", "+298 21 34 56"]),
        # A field of a comma-separated or piped row
        ("Jens Hansen,2719 3846,jens@x.dk", ["2719 3846"]),
        ("| Anne | 2719 3846 |", ["2719 3846"]),
        ("tlf. 22 91 06 53\n13:00 møde", ["22 91 06 53"]),           # a time on the next line is no digit group
        ("Fra: 00 48 601 234 587 Łukasz", ["00 48 601 234 587"]),
    ],
)
def test_phone_numbers_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sag 2023-0466861 skal behandles.",
        "CVR-nummer 64942212 står på fakturaen.",
        "Beløbet er 45.000 kr., altså 12 500 000 øre.",
        "Ordrenummer 45012345 er afsendt.",
        "Budgettet for 2025 2026 er vedtaget.",          # two years
        "Journalnr. 23456789 i systemet.",
        "Postnummer 2300 og 2400 dækker Amager og NV.",
        "Kl. 12.30-13.30 er der frokost.",
        "Der er 12 34 56 78 90 stole i salen.",           # a longer digit run
        "Nummer +45 12 34 56 78 starter med 1 og er en kortkode.",
        "Ugyldigt udenlandsk nummer +999 123 456.",
        "Konto 12345678 er lukket.",
        "Sagen har løbenummer 87654321.",
        "Beløbet 0046 kr. blev overført.",                 # 00 and too few digits for a foreign number
        "Løbenummer 0099 123 456 er ikke et nummer.",      # no valid number in that country
        "Budgettet steg med +12 345 678 kr.",                # "+1" and a local-only length: an amount
        "Ændring: +300 000 kr. i 2025.",
        "Projektet kører 2019-2023 og 2024 2025.",            # year ranges
        "Budgettet er 12 345 678 kr. og 22 345 678 DKK.",     # amounts in three groups
        "Det koster 1,27193846 pr. enhed.",                 # a decimal
    ],
)
def test_other_numbers_are_not_phones(spans, text: str) -> None:
    assert spans(text, "PHONE_NUMBER") == []


def test_a_bare_number_needs_context(analyzer) -> None:
    def score(text: str) -> float:
        found = analyzer.analyze(text, score_threshold=0.0)
        return max((d.score for d in found if d.entity_type == "PHONE_NUMBER"), default=0.0)

    assert score("Tallet 41526374 er noteret.") < analyzer.score_threshold
    assert score("Mobilnummeret 41526374 er noteret.") >= analyzer.score_threshold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fra: 201 49 802 14:02 der er vand i kælderen", ["201 49 802"]),              # a time after it
        ("MobilePay Kirushanth Jeyakumar 55 93 11 32 650,00", ["55 93 11 32"]),    # an amount after it
        ("Navn\tMobil\tAntal\nMikkel Ravn\t61667562\t1\nDorthe Lind\t56225226\t6", ["61667562", "56225226"]),
        ("han har direkte nr 3131 6112", ["3131 6112"]),
    ],
)
def test_phones_in_exports_and_statements(pii, text: str, expected: list[str]) -> None:
    assert [text[d.start:d.end] for d in pii.analyze(text) if d.entity_type == "PHONE_NUMBER"] == expected


def test_a_number_labelled_as_another_number_is_no_phone(pii) -> None:
    assert [d for d in pii.analyze("Afgiftsnr. 41882710 blev udstedt kl. 18.") if d.entity_type == "PHONE_NUMBER"] == []
