"""People in registers ("Jensen, Birthe"), colleagues in informal notes by what they do, staff initials in the
genitive and in a weekday roster, foreign identity numbers and addresses, and phones with a date after them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kkgpt.pii.recognizers.es_nie import spanish_id_ok

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a register's "surname, first name" opening a line or a cell is one name, comma and all
        ("Deltagere:\nJensen, Birthe\nAli, Abdullahi Mohamed", ["Jensen, Birthe", "Ali, Abdullahi Mohamed"]),
        ("| Halvorsen, Trine | 2233 |\n| Özdemir, Cem | 4455 |", ["Halvorsen, Trine", "Özdemir, Cem"]),
        ("hansen, birgit 20193847\nlindqvist, ebbe 20193847\nmadsen, karen 22334455",
         ["hansen, birgit", "lindqvist, ebbe", "madsen, karen"]),
        ('Fra: "Halvorsen, Trine" <TRIHAL@kk.dk>\nTil: "Özdemir, Cem" <CEMOZD@kk.dk>',
         ["Halvorsen, Trine", "Özdemir, Cem"]),
        # ... but names listed in a sentence stay apart
        ("Vi har inviteret Hansen, Jensen og Bo", ["Hansen", "Jensen", "Bo"]),
    ],
)
def test_a_register_writes_the_surname_first(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sanne har syg barn i dag, kim tager hendes borgere.", ["sanne", "kim"]),
        ("Kort ref.\nbo tager bilen i dag", ["bo"]),
        ("rose har ferie", ["rose"]),
        ("sten og birk har lavet kaffe til hele afdelingen tak", ["sten", "birk"]),
        ("lone siger ib ikke har betalt husleje siden jan", ["lone", "ib"]),
        ("ved ikke hvor holm er blevet af", ["holm"]),
        ("kan nogen hjælpe kim med login", ["kim"]),
        ("har du styr på kaj fra afd b", ["kaj"]),
        ("ejeren er vist frank fra nr 7", ["frank"]),
        ("der er lagkage til elses afsked", ["else"]),
        ("har nogen set stens oplader", ["sten"]),
        ("huong ringede om sin mor pham thi lan", ["huong", "pham thi lan"]),
        # the same words as words
        ("vi har sten og grus i haven og en rose i vinduet", []),
        ("bo i en lejlighed tæt på skov og strand", []),
        ("stenene fra haven skal køres væk", []),
    ],
)
def test_a_colleague_whose_name_is_a_word_by_what_they_do(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hvem har KLA's borgere i dag", ["KLA"]),
        ("JH er syg, så RT tager JH's møder", ["JH", "RT", "JH"]),
        ("SKAT's afgørelse og EU's regler", []),
        ("kan kbm eller ajp dække vagten i morgen", ["kbm", "ajp"]),
        ("kan vi eller de tage den i morgen", []),
        ("vagtplan uge 14\ntir: LK, Sune\nons: MR, Ditte", ["Sune", "MR", "Ditte"]),
        ("Vagtplan\nMan: Sara/Bo\nTir: Jamal/Rose", ["Sara", "Bo", "Jamal", "Rose"]),
        ("Dag: Ferie\nAften: Lukket", []),
    ],
)
def test_staff_initials_and_names_on_a_roster(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hollandsk borger med BSN 123456782 og", ["123456782"]),
        ("tyrkisk ID (T.C. Kimlik No) 10000000146 og", ["10000000146"]),
        ("(Brazilian passport FZ452318, NIE Spain X1234567L) starts", ["FZ452318", "X1234567L"]),
        ("DNI 12345678Z", ["12345678Z"]),
        ("ordrenr X1234567K", []),  # the wrong control letter
        ("| Navn | Pas nr |\n|---|---|\n| Olena Bondarenko | FK482019 |", ["FK482019"]),
    ],
)
def test_foreign_identity_numbers(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "NATIONAL_ID") == expected


def test_a_spanish_control_letter() -> None:
    assert spanish_id_ok("X1234567L") and spanish_id_ok("12345678-Z") and not spanish_id_ok("12345678A")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rue de la Loi 120, 1040 Bruxelles", ["Rue de la Loi 120, 1040 Bruxelles"]),
        ("bor på Södra Förstadsgatan 44, 211 43 Malmö", ["Södra Förstadsgatan 44, 211 43 Malmö"]),
        ("Flat 3, 27 Cathcart Road, London SW10 9JG", ["Flat 3, 27 Cathcart Road, London SW10 9JG"]),
        ("Flat  3,  27  Mill Lane, London NW6 1NZ, tlf. 2233", ["Flat  3,  27  Mill Lane, London NW6 1NZ"]),
        ("Lersø Parkallé 21 2 tv 2100", ["Lersø Parkallé 21 2 tv 2100"]),
        ("mor 011088-3336 Lersø Parkallé 21 2 tv 2100 tlf 52 91 03 47", ["Lersø Parkallé 21 2 tv 2100"]),
        ("STRANDVEJEN 8 2100\nREVENTLOWSGADE 26 4TV 1651", ["STRANDVEJEN 8 2100", "REVENTLOWSGADE 26 4TV 1651"]),
        # an invoice's line is no address, nor a year after one
        ("Beskrivelse Antal Pris\nKørsel 6 1525,00\nSupervision 19 1221", []),
        ("Mødet er på Jagtvej 12 i 2024", ["Jagtvej 12"]),
    ],
)
def test_addresses_abroad_and_without_a_town(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_ADDRESS") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SMS fra +45 29 84 10 63 14/3 08:12: Hej", ["+45 29 84 10 63"]),
        ("Emne: SMS fra 4528193047", ["4528193047"]),
        ("sagsnr 4528193047", []),
    ],
)
def test_phones_with_a_date_after_them_or_45_before_them(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lone letter after a name is its surname's initial, with its dot; "v." before a name is "ved"
        ("hej mette l kan du ringe", ["mette l"]),
        ("Deltagere: Trine B. og Hamid", ["Trine B.", "Hamid"]),
        ("mette i morgen", ["mette"]),
        ("fra egen læge, Lægerne Heimdal v. Kirsten Aaberg. Ingen", ["Heimdal", "Kirsten Aaberg"]),
        # initials after a role, after "af" and a participle, and ending a sentence
        ("Deltagere: sygeplejerske MH, visitator JO", ["MH", "JO"]),
        ("nyhedsbrev til forældrene UDEN børnenes navne", []),
        ("Afsluttet af ABE kl. 10.40. Tilfredshedsmåling sendt.", ["ABE"]),
        ("Sagsbehandler LWJ. Beboer Bispeparken 12", ["LWJ"]),
        ("ps sten er syg idag, maria dækker 1 etage", ["sten", "maria"]),
    ],
)
def test_initials_and_afterthoughts(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Mit reg nr er 9686 og konto 0004512367.", "DK_BANK_ACCOUNT", ["reg nr er 9686 og konto 0004512367"]),
        ("EU-sygesikringskort 80208000010012345678. Kørekort nr. 31112233", "NATIONAL_ID",
         ["80208000010012345678", "31112233"]),
        ("Jeg har kørekort og bil", "NATIONAL_ID", []),
        ("ID;Pas;Navn\n1;PL AY1234567;Tomasz Wiśniewski\n2;UA FP987654;Oksana Shevchuk", "NATIONAL_ID",
         ["PL AY1234567", "UA FP987654"]),
        ("skriv til marie [dot] h [at] outlook [dot] dk i dag", "EMAIL_ADDRESS", ["marie [dot] h [at] outlook [dot] dk"]),
        ("kaj vognmandsmarken 6 st", "DK_ADDRESS", ["vognmandsmarken 6 st"]),
    ],
)
def test_numbers_as_people_write_them(spans: Spans, text: str, kind: str, expected: list[str]) -> None:
    assert spans(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Poulsen, Inge;1212381420\nKragh, Svend;0405421115", ["Poulsen, Inge", "Kragh, Svend"]),
        ("Anne, Birthe og Carl kommer", ["Anne", "Birthe", "Carl"]),
        ("- Hjemmeplejen øger til 4 daglige besøg. Per sørger for fast kontaktperson", ["Per"]),
        ("Han sagde at det var fint. Per time koster det 400 kr.", []),
    ],
)
def test_names_that_are_words_in_a_register_and_before_a_verb(spans: Spans, text: str,
                                                              expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # a health card's and a residence card's numbers, passports by their label; an employee's number is
        # the workplace's own, not an identity document's
        ("karina vestergaard medarbejdernr 447812", "NATIONAL_ID", []),
        ("Hello, my residence card number is DK0123456789 and it expires", "NATIONAL_ID", ["DK0123456789"]),
        ("Pas: 204718533 (DK), svensk personnr 19850412-2387", "NATIONAL_ID", ["204718533", "19850412-2387"]),
        ("Sygesikringskort nr. 2401337, kørekort nr. 30127845", "NATIONAL_ID", ["2401337", "30127845"]),
        # addresses abroad with the number first or a Balkan street word, and "kbh n" without its postcode
        ("bosat i 12 rue des Lilas, 69003 Lyon, er godkendt", "DK_ADDRESS", ["12 rue des Lilas, 69003 Lyon"]),
        ("5 rue de la Paix, 75002 Paris", "DK_ADDRESS", ["5 rue de la Paix, 75002 Paris"]),
        ("Tidligere adresse Ulica Ferhadija 12, 71000 Sarajevo.", "DK_ADDRESS", ["Ulica Ferhadija 12, 71000 Sarajevo"]),
        ("hun bor på stengade 71 1 th kbh n og", "DK_ADDRESS", ["stengade 71 1 th kbh n"]),
        ("Vi har 12 rue", "DK_ADDRESS", []),
        # staff initials from a unit, recommending, and as a user name
        ("JOP fra IT-sikkerhed har genaktiveret reglen", "PERSON", ["JOP"]),
        ("Sagen forelagt på visitationsmøde; GKO indstillede.", "PERSON", ["GKO"]),
        ("mit bruger id er MKR... martin", "PERSON", ["MKR", "martin"]),
        ("EU fra 2020 har regler", "PERSON", []),
    ],
)
def test_staff_numbers_user_names_and_addresses_abroad(spans: Spans, text: str, kind: str,
                                                       expected: list[str]) -> None:
    assert spans(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("IBAN: DK89 2255 0006 2814 4590. Tilhører", "IBAN_CODE", ["DK89 2255 0006 2814 4590"]),
        ("har ringet 32 59 44 01 3 gange", "PHONE_NUMBER", ["32 59 44 01"]),
        ("Indmeldt af: Charlotte Engstrøm, lokalnr 3366 4412", "PHONE_NUMBER", ["3366 4412"]),
        ("Residence card no. RK 0093412 issued to Maria", "NATIONAL_ID", ["RK 0093412"]),
        ("from Sarajevo, JMBG 1203978170015, lives at", "NATIONAL_ID", ["1203978170015"]),
        ("ny adresse heimdalsgade 4 5.sal lejl 12", "DK_ADDRESS", ["heimdalsgade 4 5.sal lejl 12"]),
        ("skriv pænere: ib du skal huske at låse bilen", "PERSON", ["ib"]),
        ("vi kommer senere, storm er ikke på arbejde", "PERSON", ["storm"]),
    ],
)
def test_labels_counts_and_people_spoken_to(spans: Spans, text: str, kind: str, expected: list[str]) -> None:
    assert spans(text, kind) == expected
