"""DK_ADDRESS: street + number (+ letter) + floor/door + postcode and district, all street forms."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.address import uncapitalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Borgeren bor på Vesterbrogade 12B, 2. th., 1620 København V.",
         ["Vesterbrogade 12B, 2. th., 1620 København V"]),
        ("Ny adresse: Nørrebrogade 45, st. tv., 2200 København N",
         ["Nørrebrogade 45, st. tv., 2200 København N"]),
        ("Hun er flyttet til Jagtvej 155 sammen med sønnen.", ["Jagtvej 155"]),
        ("Mødet er hos familien på H.C. Andersens Boulevard 27, 1553 København V.",
         ["H.C. Andersens Boulevard 27, 1553 København V"]),
        ("Send brevet til Peter Bangs Vej 5, 4. mf., 2000 Frederiksberg.",
         ["Peter Bangs Vej 5, 4. mf., 2000 Frederiksberg"]),
        ("Kontoret ligger Ved Stranden 2, 1061 København K.", ["Ved Stranden 2, 1061 København K"]),
        ("Han bor på Gammel Kongevej 102, 1. sal.", ["Gammel Kongevej 102, 1. sal"]),
        ("Adresse: Amager Strandvej 108, 2300 København S", ["Amager Strandvej 108, 2300 København S"]),
        ("Familien bor på Valby Langgade 33, kl., 2500 Valby.", ["Valby Langgade 33, kl., 2500 Valby"]),
        ("Write to her at Istedgade 52, 1650 København V about the permit.",
         ["Istedgade 52, 1650 København V"]),
        ("Beboeren på Mjølnerparken 41, 3. th. har klaget.", ["Mjølnerparken 41, 3. th."]),
        ("Nyhavn 17, 1051 København K er lejlighedens adresse.", ["Nyhavn 17, 1051 København K"]),
        ("Islands Brygge 25, 2300 København S", ["Islands Brygge 25, 2300 København S"]),
        ("Bopæl: Tåsingegade 40, 2. tv., 2100 København Ø.", ["Tåsingegade 40, 2. tv., 2100 København Ø"]),
        ("Hun bor på Rentemestervej 60, 1. th., 2400 København NV og arbejder i byen.",
         ["Rentemestervej 60, 1. th., 2400 København NV"]),
        ("Sankt Hans Torv 3, 2200 København N", ["Sankt Hans Torv 3, 2200 København N"]),
        ("Skriv til Elmegade 5 2 th om støjen.", ["Elmegade 5 2 th"]),                # floor without a dot
        # Typed in lower case: with a floor, a door or a postcode, or after "bor"
        ("borgeren bor på jagtvej 155 st th og har bedt om en kopi", ["jagtvej 155 st th"]),
        ("send det til gammel kongevej 41 3 tv", ["gammel kongevej 41 3 tv"]),
        ("adressen er peter bangs vej 5, 2000 frederiksberg", ["peter bangs vej 5, 2000 frederiksberg"]),
        ("hun bor på nørrebrogade 12 sammen med sin søster", ["nørrebrogade 12"]),
        # Abroad: a foreign street ending, or a street word or prefix with a postcode and a city
        ("Post skal sendes til Hauptstraße 5, 80331 München.", ["Hauptstraße 5, 80331 München"]),
        ("Hun er flyttet til Storgatan 14, 211 41 Malmö.", ["Storgatan 14, 211 41 Malmö"]),
        ("Send it to Schönhauser Allee 80, 10439 Berlin.", ["Schönhauser Allee 80, 10439 Berlin"]),
        ("Adresse: ul. Marszałkowska 10, 00-590 Warszawa", ["ul. Marszałkowska 10, 00-590 Warszawa"]),
        # A letter's header: the postcode on the next line; the name line above is not the street's
        ("Jonna Krogh\nMimersgade 12, 3. tv.\n2200 København N\n\nKære Jonna",
         ["Mimersgade 12, 3. tv.\n2200 København N"]),
        ("Oluf Bak\nSvanevej 9\n2400 København NV", ["Svanevej 9\n2400 København NV"]),
        # A village between the house number and the postcode
        ("Send til Skovvej 14, Vester Egesborg, 4735 Mern i morgen.", ["Skovvej 14, Vester Egesborg, 4735 Mern"]),
        ("Bopæl: Møllevej 3, Tåsinge, 5700 Svendborg", ["Møllevej 3, Tåsinge, 5700 Svendborg"]),
        # Typed in capitals (a form's field)
        ("ADR.: GULDBERGSGADE 29, ST. TV, 2200 KØBENHAVN N", ["GULDBERGSGADE 29, ST. TV, 2200 KØBENHAVN N"]),
        ("MODTAGER\nPER HOLM\nVALBY LANGGADE 12\n2500 VALBY", ["VALBY LANGGADE 12\n2500 VALBY"]),
        # The Faroe Islands: a street word written apart, three-digit postcodes
        ("Hun bor på Jóannes Patursons gøta 5, FO-100 Tórshavn.", ["Jóannes Patursons gøta 5, FO-100 Tórshavn"]),
        ("Send det til Tróndargøta 12, 100 Tórshavn.", ["Tróndargøta 12, 100 Tórshavn"]),
        # a flat abroad: Swedish "lgh", Polish "m." and "/"
        ("Hon bor på Storgatan 12, lgh 1204, 413 19 Göteborg.", ["Storgatan 12, lgh 1204, 413 19 Göteborg"]),
        ("Adres: ul. Marszałkowska 84 m. 12, 02-672 Warszawa", ["ul. Marszałkowska 84 m. 12, 02-672 Warszawa"]),
        ("Adres: ul. Długa 5/12, 00-238 Warszawa", ["ul. Długa 5/12, 00-238 Warszawa"]),
        # the United Kingdom: the number first, a town or a postcode after it
        ("Address: 14 Wilmslow Road, Manchester M14 5RT", ["14 Wilmslow Road, Manchester M14 5RT"]),
        ("12 Baker Street, NW1 6XE", ["12 Baker Street, NW1 6XE"]),
        # Norwegian street words apart and in lower case; a Polish town with Ł; a house letter after a space
        ("registered at Thorvald Meyers gate 18, 0555 Oslo since", ["Thorvald Meyers gate 18, 0555 Oslo"]),
        ("Ny adresse: ul. Piotrkowska 104 m. 7, 90-004 Łódź", ["ul. Piotrkowska 104 m. 7, 90-004 Łódź"]),
        ("Ny adresse: Drottninggatan 81 A, lgh 1102, 111 36 Stockholm.",
         ["Drottninggatan 81 A, lgh 1102, 111 36 Stockholm"]),
    ],
)
def test_addresses_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_ADDRESS") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mødet handler om trafikken på Vesterbrogade.",          # a street without a number is a place
        "Borgeren er 45 år og bor i Valby.",
        "Lov om social service § 85, stk. 2.",
        "Budget 2025, 2300 kr. til kaffe.",
        "Kultur- og Fritidsforvaltningen flytter til Islands Brygge i juni.",
        "Sundhedsvej er et godt navn til et projekt.",
        "Jensen 12 år gammel.",
        "kør ad motorvej 16 mod syd",                          # lower case, no floor, no context
        "Der er 12 timer på arbejdsplads 3 i uge 4.",
        "Tabel 2, 10000 Borgere",                              # a postcode alone makes no foreign address
        "Blokade 3 gange om året.",
        "BILAG 3 OG SKEMA 4 ER VEDLAGT",                       # capitals: words before numbers
        "PUNKT 4: BUDGET 2025",
        "We met on 3 Main Street.",                            # a number-first street needs its town
        "vi tager en tur i gate 5 i lufthavnen",               # an airport's gate
    ],
)
def test_non_addresses_are_not_found(spans, text: str) -> None:
    assert spans(text, "DK_ADDRESS") == []


def test_words_in_capitals_are_read_as_running_text() -> None:
    assert uncapitalise("HILLERØDGADE 30A, 1. TV, 2200 KØBENHAVN NV") == "Hillerødgade 30A, 1. tv, 2200 København NV"
    assert uncapitalise("Jagtvej 5 og IT") == "Jagtvej 5 og It"
    assert len(uncapitalise("ÆBLEVEJ 3, ST.")) == len("ÆBLEVEJ 3, ST.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hun bor elmegade 5 3.sal 2200 kbh n", "elmegade 5 3.sal 2200 kbh n"),
        ("adressen er ryparken 58 3 mf", "ryparken 58 3 mf"),
        ("ny adr: jagtvej 155 st th, 2200 kbh", "jagtvej 155 st th, 2200 kbh"),
        ("Adresse: Istedgade 12, 1650 KBH V", "Istedgade 12, 1650 KBH V"),
        ("Hun bor på Elmegade 5, 3. sal, 2200 Kbh. N", "Elmegade 5, 3. sal, 2200 Kbh. N"),
        ("Amagerbrogade 90, 2300 Cph S", "Amagerbrogade 90, 2300 Cph S"),
    ],
)
def test_informal_and_abbreviated_addresses(pii, text: str, expected: str) -> None:
    assert [text[d.start:d.end] for d in pii.analyze(text) if d.entity_type == "DK_ADDRESS"] == [expected]


@pytest.mark.parametrize("text", ["i parken 5 minutter fra skolen", "vi går i haven 2 gange om ugen"])
def test_parks_and_gardens_with_a_number_are_not_addresses(pii, text: str) -> None:
    assert [d for d in pii.analyze(text) if d.entity_type == "DK_ADDRESS"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hun bor bystævnet 14 st tv 2700 brønshøj", "bystævnet 14 st tv 2700 brønshøj"),  # any street + postcode
        ("degnestavnen 9 st th 2400 kbh nv", "degnestavnen 9 st th 2400 kbh nv"),
        ("strandboulevarden 88 5 tv 2100 kbh ø", "strandboulevarden 88 5 tv 2100 kbh ø"),
        ("Flyttet til Ruten 14, 3. th i sommer", "Ruten 14, 3. th"),                        # floor and door
    ],
)
def test_streets_without_a_known_ending(pii, text: str, expected: str) -> None:
    assert [text[d.start:d.end] for d in pii.analyze(text) if d.entity_type == "DK_ADDRESS"] == [expected]


@pytest.mark.parametrize("text", ["vi har 12 2400 kr tilbage", "hun er 12 2400 nv", "kl 14 st. th. er der møde"])
def test_numbers_before_a_postcode_like_number_are_no_address(pii, text: str) -> None:
    assert [d for d in pii.analyze(text) if d.entity_type == "DK_ADDRESS"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hjemmebesøg heimdalsgade 22 3tv 2200 kbh n kl 13", "heimdalsgade 22 3tv 2200 kbh n"),  # floor and door glued
        ("Han bor på Artillerivej 86, værelse 14, 2300 København S", "Artillerivej 86, værelse 14, 2300 København S"),
        ("affaldsindsamling udsat for tåsingegade 17 og resten af gaden", "tåsingegade 17"),
        ("jens ole kragh elmegade 5 3.sal 2200 kbh n, bil YR 71 919", "elmegade 5 3.sal 2200 kbh n"),
    ],
)
def test_rooms_glued_floors_and_lone_lower_case_streets(pii, text: str, expected: str) -> None:
    assert [text[d.start:d.end] for d in pii.analyze(text) if d.entity_type == "DK_ADDRESS"] == [expected]
