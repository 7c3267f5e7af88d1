"""Numbers as people write them: a card named by how it paid or by its expiry, a health insurance card by its
label or its column, plates listed in lower case after a plate word, and phones in a table typed without
spaces, after a CPR number, or written twice after a phone label."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Spans = Callable[[str, str], list[str]]


def _passes_luhn(number: str) -> bool:
    """The card checksum, so the tests below are known to exercise the label rather than Presidio's check."""
    digits = [int(ch) for ch in number if ch.isdigit()][::-1]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10 == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what one paid with, the card number's word in its definite and short forms, and an expiry after it
        ("hun betalte med kort 5019 3382 7710 2264 udløb 04/28 i automaten", ["5019 3382 7710 2264"]),
        ("borgeren betalte med sit kort 4571 6620 3318 9905", ["4571 6620 3318 9905"]),
        ("Hun læste kortnummeret 4571 3109 8842 7717 op i telefonen", ["4571 3109 8842 7717"]),
        ("kortnr: 5413-2209-6671-0038", ["5413-2209-6671-0038"]),
        ("4571 8823 0094 1167 udløber 11/2026, CVC sendt separat", ["4571 8823 0094 1167"]),
        # ... but a bare "kort" may be a map, short or a brief, and sixteen digits without a label are anything
        ("Kort 4571 8823 0094 1167 fejler kontrollen.", []),
        ("han tegnede et kort 4571 8823 0094 1167", []),
        ("Ordrenummer 4571 8823 0094 1167 afsendt den 11/12", []),
        ("Kommunen kørte med kort varsel 4571 8823 0094 1167 gange", []),
    ],
)
def test_card_numbers_named_by_payment_or_expiry(spans: Spans, text: str, expected: list[str]) -> None:
    assert not any(_passes_luhn(value) for value in expected)
    assert spans(text, "CREDIT_CARD") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hun har fremvist sundhedskort nr. 0217 6634 1092 ved skranken", ["0217 6634 1092"]),
        ("Sygesikringsnr: 3318207", ["3318207"]),
        # a column headed by the card names its cells, whichever card and however its number is written
        (("| Patient | Sygesikring | Læge |\n|---|---|---|\n| Ester Vinther | SS 0091178 | Dr. Krogh |\n"
          "| Aage Bundgaard | 0311 4420 9876 | Dr. Krogh |"), ["SS 0091178", "0311 4420 9876"]),
        ("| Navn | EU-sygesikringskort |\n|---|---|\n| Mira Falk | 80208000003318824410 |",
         ["80208000003318824410"]),
        ("| Navn | Sygesikringsnr |\n|---|---|\n| Mira Falk | 4402197 |", ["4402197"]),
        # ... not a group of the health insurance, nor twelve digits without the card's word
        (("| Borger | Sygesikring | Note |\n|---|---|---|\n| Mira Falk | gruppe 1 | ingen |\n"
          "| Aage Bundgaard | gruppe 2 | 3 besøg |"), []),
        ("Sygesikringen dækker 60 %; der er 0311 4420 9876 stk på lager", []),
    ],
)
def test_health_insurance_cards(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "NATIONAL_ID") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nummerplader: DK 31 554, hv 82 017.", ["DK 31 554", "hv 82 017"]),
        ("Bilerne: rt 40 991, Xb 17 320 og mk 55 604", ["rt 40 991", "Xb 17 320", "mk 55 604"]),
        # lower case without a plate word is ordinary text, and the list ends with the sentence
        ("Varenumre: rt 40 991, mk 55 604", []),
        ("Nummerplade: RT 40 991. Hun betalte ud 12 345 kr", ["RT 40 991"]),
    ],
)
def test_lower_case_plates_listed_after_a_plate_word(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_LICENSE_PLATE") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a table typed without spaces: the pipe before an e-mail address is the border, not the address's
        (("|Navn|Telefon|E-mail|\n|---|---|---|\n|Borgerservice|33 66 30 00|borgerservice@kk.dk|\n"
          "|Tove Lauritsen|(+45) 4127 8830|tove.l@privat.dk|\n|Kim Roed|2984 1165|kim_roed@mail.dk|"),
         ["33 66 30 00", "(+45) 4127 8830", "2984 1165"]),
        # the landline a couple shares, after each one's CPR number
        ("Erik Skov 040352-1197 43 62 18 05\nInger Skov 110755-2284 43 62 18 05",
         ["43 62 18 05", "43 62 18 05"]),
        # the same number written three ways after its label, however repetitive it looks
        ("tlf 66778899 66 77 88 99 6677 8899", ["66778899", "66 77 88 99", "6677 8899"]),
        ("Mobil: 30303030 30 30 30 30", ["30303030", "30 30 30 30"]),
        # ... but digits after another number, without a label, or not splitting into phones are something else
        ("Faktura 2024 0731 43 62 18 05", []),
        ("Konto 4417-220199 43 62 18 05", []),
        ("Varenr 66778899 66 77 88 99 er udsolgt", []),
        ("tlf 66778899 66 77 88", []),
        ("kode 12345678", []),
    ],
)
def test_phones_in_tables_after_cpr_numbers_and_labels(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("|Tove Lauritsen|(+45) 4127 8830|tove.l@privat.dk|", ["tove.l@privat.dk"]),
        ("Skriv til a|b@kk.dk", ["b@kk.dk"]),
    ],
)
def test_an_address_ends_at_its_cell(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "EMAIL_ADDRESS") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a health card's number a few words after its label, in any grouping of its digits
        ("Hun har mistet sit sundhedskort, nr. 3185 6620 4471. Kan I bestille et nyt?", ["3185 6620 4471"]),
        ("Sundhedskortet (gammelt nr. 2290 1187 6604) blev spærret.", ["2290 1187 6604"]),
        ("Sygesikringsnr 07 512 3398 er noteret", ["07 512 3398"]),
        ("Han har et gammelt sygesikringsbevis med nr. 05 829 1174, som skal fornyes.", ["05 829 1174"]),
        # a passport listed after a labelled one, and one in parentheses after its label
        ("Pas GB771204 og GB771205. Tolk bestilt.", ["GB771204", "GB771205"]),
        ("Jeg vedhæfter kopi af pas (208815537) og sygesikringsbevis.", ["208815537"]),
        # ... not digits of something else after the card's word
        ("Sygesikringen dækker 60 %; der er 0311 4420 9876 stk på lager", []),
    ],
)
def test_health_cards_and_listed_passports(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "NATIONAL_ID") == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # the Danish prefix written apart, a passport after its issuing country's code
        ("Borgers arbejde: 00 45 33 12 58 71, tak.", "PHONE_NUMBER", ["00 45 33 12 58 71"]),
        ("polsk pas nr. PL EK4419081 er udløbet", "NATIONAL_ID", ["EK4419081"]),
        # ... not a case number after "pas"
        ("pas på: sag 2024-0087123 er lukket", "NATIONAL_ID", []),
    ],
)
def test_prefix_apart_and_passport_after_country(spans: Spans, text: str, kind: str, expected: list[str]) -> None:
    assert spans(text, kind) == expected
