"""DK_CPR: written forms, date and century rules, modulus 11 as a booster, context up and down."""

from __future__ import annotations

from datetime import date

import pytest

from kkgpt.pii.recognizers.cpr import DkCprRecognizer, cpr_birth_date, passes_modulus_11


@pytest.mark.parametrize(
    ("digits", "born"),
    [
        ("0101701234", date(1970, 1, 1)),     # 7th digit 0-3: 1900s
        ("3112993456", date(1999, 12, 31)),
        ("1506124321", date(2012, 6, 15)),    # 4 with YY <= 36: 2000s
        ("1506604321", date(1960, 6, 15)),    # 4 with YY > 36: 1900s
        ("0203059876", date(2005, 3, 2)),     # 9 with YY <= 36
        ("0203509876", date(1950, 3, 2)),     # 9 with YY > 36
        ("1008455123", date(2045, 8, 10)),    # 5-8 with YY <= 57: 2000s
        ("1008855123", date(1885, 8, 10)),    # 5-8 with YY > 57: 1800s
        ("2902041234", date(1904, 2, 29)),    # leap year
        ("2902001234", None),                 # 1900 was not a leap year
        ("2902004234", date(2000, 2, 29)),    # 2000 was
        ("3104701234", None),                 # 31 April
        ("0013701234", None),
        ("123", None),
    ],
)
def test_birth_date_follows_the_century_table(digits: str, born: date | None) -> None:
    assert cpr_birth_date(digits) == born


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("0502781235", True), ("0811880914", True), ("0101701234", False), ("2811014004", True), ("12", False)],
)
def test_modulus_11(digits: str, valid: bool) -> None:
    assert passes_modulus_11(digits) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Borgerens cpr-nr. er 050278-1235.", ["050278-1235"]),
        ("CPR: 0502781235", ["0502781235"]),
        ("personnummer 050278 1235", ["050278 1235"]),
        ("cpr.nr. 050278/1235 oplyst ved samtalen", ["050278/1235"]),
        ("CPR 050278.1235", ["050278.1235"]),
        ("Pers.nr.: 050278 - 1235", ["050278 - 1235"]),
        ("Født 141297-2345, ansøger om boligstøtte", ["141297-2345"]),   # fails modulus 11: still found
        ("Barnet (230915-4561) skal starte i 0. klasse.", ["230915-4561"]),
        ("Oplys venligst 0811880914 i emnefeltet.", ["0811880914"]),        # unbroken, passes modulus 11
        ("The citizen's CPR number is 120488-3317.", ["120488-3317"]),
        ("Fødselsdato og cpr: 0102034005", ["0102034005"]),
        ("Ansøger: Mads Berg, cpr 050278-\n1235, oplyser at", ["050278-\n1235"]),   # broken line in a PDF copy
        # a century digit that puts the birth in the future: a mistyped or made-up number, still someone's
        ("sag vedr. Mette Bøgh (0709427084). Der er", ["0709427084"]),
        # in a file's name, "Bilag_" is no voucher number's label
        ("Vedhæftet: Bilag_2807454762.pdf, Handleplan_Emil.pdf", ["2807454762"]),
        ("Partshoering-0103851234.docx", ["0103851234"]),
        # a CPR column typed as numbers in a spreadsheet loses the leading zero
        ("Navn,Mobil,CPR,Reg.nr.\nMette Mortensen,48425379,901881823,9300\nLars Møller,33959426,2608853544,1551",
         ["901881823", "2608853544"]),
    ],
)
def test_written_forms_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_CPR") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Fakturanr. 1203851234 skal betales inden fredag.",      # negative context, fails modulus 11
        "Ordrenummer 2103921234 er afsendt.",
        "P-nr 1012785436 hører til afdelingen på Amager.",
        "Sagsnr. 2022-0091827 er oprettet.",                     # a case number, not a date
        "Beløbet 1.250.000 kr. er bevilget.",
        "Mødet er den 12.03.2024 kl. 10.",                        # a date
        "CPR 310470-1234 er en tastefejl.",                        # 31 April does not exist
        "Kontonummer 1234 0101701234 tilhører foreningen.",
        "Telefon +45 0101701234 er ikke et cpr-nummer.",
        "Id DK0101701234 i systemet.",
        "Varenummer 12345678901234 på lager.",
        "Budget 2024-\n2026 for området.",                          # a year range broken across lines
    ],
)
def test_non_cpr_numbers_are_not_found(spans, text: str) -> None:
    assert spans(text, "DK_CPR") == []


def test_future_dates_are_rejected_by_validation() -> None:
    recognizer = DkCprRecognizer(today=lambda: date(2020, 1, 1))
    assert recognizer.validate_result("3102194321") is False     # 31 February
    # a number whose century digit points to the future is a mistyped CPR number: it keeps its pattern's score
    assert recognizer.validate_result("0101214321") is None      # born 2021, after "today"
    assert recognizer.validate_result("010121-4321") is None
    assert recognizer.validate_result("010119-4321") in (True, None)


def test_modulus_11_raises_but_never_rejects() -> None:
    recognizer = DkCprRecognizer()
    assert recognizer.validate_result("050278-1235") is True   # score 1.0
    assert recognizer.validate_result("050278-1236") is None   # keeps the pattern's score


def test_context_raises_the_score_and_negative_context_lowers_it(analyzer) -> None:
    def score(text: str) -> float:
        return max(d.score for d in analyzer.analyze(text, score_threshold=0.0) if d.entity_type == "DK_CPR")

    plain = score("Nummeret 141297-2345 er noteret.")
    assert score("Borgerens cpr-nummer 141297-2345 er noteret.") > plain
    assert score("Fakturanummer for sagen 141297-2345 er noteret.") < plain


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Order and invoice numbers shaped like a CPR number fall below the policy's threshold ...
        ("Ordrenummer 2104983311 og fakturanummer 1508901234 matcher ikke.", []),
        ("Kundenummer 0302881234 skal oprettes.", []),
        ("Bestillingsnr. 1107931234 er afsendt, løbenr. 2311881234 er modtaget.", []),
        # ... and a number labelled as something else is that, even if it passes modulus 11 or has the
        # CPR number's own dash
        ("Fakturanr. 0502781235 er betalt.", []),
        ("Fakturanr. 150890-1234 er betalt.", []),
        ("P-nr.: 1012785436 hører til Amager.", []),
        # a negative word further back only lowers the score: a checked number stays masked
        ("Fakturanr. 1234 vedrører 0502781235.", ["0502781235"]),
        ("fakturanr 12, cpr 0502781235", ["0502781235"]),
    ],
)
def test_negative_context_at_the_policy_threshold(pii, text: str, found: list[str]) -> None:
    # The shipped pipeline (analyzer + policy.toml thresholds), as the chat uses it.
    assert [text[d.start:d.end] for d in pii.analyze(text) if d.entity_type == "DK_CPR"] == found
