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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a numbered list's "Nr." column is no house number, however far from the address it stands
        (("Nr.\tNavn\tCPR\tAdresse\n1\tPia Kjær\t160148-8762\tFolehaven 74, st. th., 2500 Valby\n"
          "2\tOle Bak\t0909671051\tRuten 56B, 2. th., 2700 Brønshøj"),
         ["Folehaven 74, st. th., 2500 Valby", "Ruten 56B, 2. th., 2700 Brønshøj"]),
        # columns without a header: the streets most of them hold, and the postcodes and towns beside them
        (("Tharshini Navaratnam;160449-3848;Ruten 239A;2700 Brønshøj;4511 2353\n"
          "Shirwan Rasul;0108479408;Gadelandet 178, 4. tv.;2700 Brønshøj;25208861\n"
          "Kasper Lund;0504414181;Amagerbrogade 168, kl.;2300 København S;9158 6750\n"
          "Lejla Babić;250483-5493;Blågårdsgade 73, 2. th.;2200 København N;(+45) 9869 6735\n"),
         ["Ruten 239A", "2700 Brønshøj", "Gadelandet 178, 4. tv.", "2700 Brønshøj", "Amagerbrogade 168, kl.",
          "2300 København S", "Blågårdsgade 73, 2. th.", "2200 København N"]),
        # a bare floor between commas, before the postcode on the same or the next line
        ("Jeg er flyttet til Nørrebrogade 3A, 1, 2200 København N pr. 1. marts",
         ["Nørrebrogade 3A, 1, 2200 København N"]),
        ("Arnaq Kleist\nEnghavevej 50, 1\n1674 København V", ["Enghavevej 50, 1\n1674 København V"]),
    ],
)
def test_addresses_in_tables_and_with_a_bare_floor(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_ADDRESS") == expected


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("hendes mentor fra sprogskolen Abdiwali Jimcaale har sagt god for hende. Hun går i børnehaven Solsikken",
         "PERSON", ["Abdiwali Jimcaale"]),
        ("Ref. 22/11\nTils: bo, lærke\nafb: rose", "PERSON", ["bo", "lærke", "rose"]),
        ("Lindenstraße 9, 24937 Flensburg, Personalausweis-Nr. L01X00T47, Tel.", "NATIONAL_ID", ["L01X00T47"]),
        ("Han har opholdstilladelse (opholdskort nr. DK0912873).", "NATIONAL_ID", ["DK0912873"]),
        ("name,id_number,country\nŁukasz Szymański,C4J7RF2K9,DE\nIvana Hodžić,EH4408127,PL", "NATIONAL_ID",
         ["C4J7RF2K9", "EH4408127"]),
    ],
)
def test_names_after_an_institution_word_abbreviated_lists_and_more_identity_labels(
        spans: Spans, text: str, entity: str, expected: list[str]) -> None:
    assert spans(text, entity) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Handlingsliste\n- Ring til Hr. Petersen (ansv: MJ)\n- Send brev til Birgit Holm (ansv: CNS)",
         ["Petersen", "MJ", "Birgit Holm", "CNS"]),
        # a round of the table: each line opens with someone's initials
        ("Tavlemøde mandag\n- JHN: 3 nye henvendelser\n- RØ: ferie fra onsdag\n- IT: nye pc'er",
         ["JHN", "RØ"]),
        ("Dagsorden\n- IT: nye pc'er\n- HR: løn", []),
        # a name that is no word, ending "er/var en ...": someone of that name
        ("hvem er sagsbehandler? han siger det var en kirsten", ["kirsten"]),
        ("med sol over mark og skov, en lærke, en storm", []),
        ("tlf nr til ole er 31-22-90-47 hvis du skal bruge det", ["ole"]),
        ("kan du lave et resume af sagen om fam skov på nørrebrogade 122 2tv", ["skov"]),
        ("husk at tjekke hele familien. mors nr 2284 1937", []),
    ],
)
def test_responsible_staff_rounds_of_the_table_and_lower_case_names(spans: Spans, text: str,
                                                                    expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("Medbring pas eller opholdskort (dit opholdskort nr. er ZD4481207).", "NATIONAL_ID", ["ZD4481207"]),
        ("Kateryna Melnyk, pas FE 183492, RNOKPP 3156207415.", "NATIONAL_ID", ["FE 183492", "3156207415"]),
        ("Borger Nimal Perera (srilankansk, NIC 198512403768)", "NATIONAL_ID", ["198512403768"]),
        ("Jeg har fået ny konto: reg. nr. 3409 kontonr. 12 456 789 0. Venligst udbetal", "DK_BANK_ACCOUNT",
         ["reg. nr. 3409 kontonr. 12 456 789 0"]),
        ("Our address is Classensgade 8, 4th floor, 2100 Copenhagen.", "DK_ADDRESS",
         ["Classensgade 8, 4th floor, 2100 Copenhagen"]),
    ],
)
def test_more_identity_labels_uneven_accounts_and_english_floors(spans: Spans, text: str, entity: str,
                                                                 expected: list[str]) -> None:
    assert spans(text, entity) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an institution's address after its name and a comma is no one's home
        ("Mødet er på Jobcenter København, Kalvebod Brygge 45. Medbring pas", []),
        ("Kulturnatten på Københavns Hovedbibliotek, Krystalgade 15.", []),
        ("Borgerservice på Nørrebro Bibliotek, Bragesgade 8. Mødet holdes i Valby Kulturhus, Valgårdsvej 4-8.", []),
        ("Institution;Adresse\nBørnehuset Kastanjen;Kastanjevej 10, 1820 Frederiksberg C", []),
        ("Navn;Adresse\nJens Hansen;Elmegade 5, 2200 København N", ["Elmegade 5, 2200 København N"]),
        ("| Børnehuset Solsikken | Tåsingegade 20, 2100 København Ø |", []),
        ("Opholdssted: Forsorgshjemmet Sundholm, Sundholmsvej 36, 2300 København S (midlertidigt)", []),
        ("Fru Hansen, Elmegade 5, 2200 København N", ["Elmegade 5, 2200 København N"]),
    ],
)
def test_an_institutions_address_after_its_name_is_left_alone(pii, text: str, expected: list[str]) -> None:
    assert [text[d.start:d.end] for d in pii.analyze(text) if d.entity_type == "DK_ADDRESS"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # where only an employee's initials stand, even capitals that spell a word or a unit
        ("1. 08:00  Nielsen, Fatma  Sundholmsvej 10  medarb. TAK\n2. 13:15  Petrović, Jesper  medarb. BT",
         ["Nielsen", "Fatma", "TAK", "Petrović", "Jesper", "BT"]),
        ("[10.16] Marianne: Det er JKL tror jeg. Det er OK. Det er IT.", ["Marianne", "JKL"]),
        # a name that is also a word signs a note written in the first person
        ("Min mor har ikke fået sin mad i dag. Ring til mig 28 11 90 45. Lone", ["Lone"]),
        ("Vi ses i morgen. Tak", []),
        ("Mødet er aflyst. Storm\nNæste møde er i morgen", []),
    ],
)
def test_initials_in_staff_slots_and_a_signed_note(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (("- Opdatere procesbeskrivelse (ansv.: TSJ)\n- Indkalde til opfølgning (ansv.: HNA/ELH)\n"
          "☐ Send afgørelse til borger – ansvar: LBR"), ["TSJ", "HNA", "ELH", "LBR"]),
        ("rådgiver: LK. borger: ny i kommunen", ["LK"]),
        ("Skriv en besked til medarbejderne: DMI varsler storm", []),
        ("Uge;Mandag\n15;RBH\n(RBH = Rikke Bang)", ["RBH", "RBH", "Rikke Bang"]),
        ("total 98.112,00 DKK og 300 PLN", []),
        ("Action items\n- PLN: opsæt testmiljø", ["PLN"]),
        ("hvem har sagen med ole? den der borger", ["ole"]),
        ("Hun er lærer fra Usbekistan. Hej, jeg er pendler fra Skåne, Johan Lindqvist", ["Johan Lindqvist"]),
    ],
)
def test_staff_labels_legends_currencies_and_countries(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


def test_afghan_and_pakistani_identity_numbers_and_a_passport_by_its_number(spans: Spans) -> None:
    text = "Viktoriia Shevchuk, pas nr. FA 914527, tazkira nr. 1399-0301-12345, CNIC 35202-1234567-1."
    assert spans(text, "NATIONAL_ID") == ["FA 914527", "1399-0301-12345", "35202-1234567-1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Far: Daniel Ruiz Ortega, Calle de Toledo 88, 28005 Madrid, Spanien", ["Calle de Toledo 88, 28005 Madrid"]),
        ("tidligere adresse вул. Сумська 17, кв. 8, Харків. Dansk nr", ["вул. Сумська 17, кв. 8, Харків"]),
        ("hos min familie på вул. Хрещатик 22, кв. 7, Київ 01001, tlf.", ["вул. Хрещатик 22, кв. 7, Київ 01001"]),
        ("Adresse i Tyrkiet: Atatürk Cad. No:15 D:4, Çankaya/Ankara. Tlf", ["Atatürk Cad. No:15 D:4, Çankaya/Ankara"]),
        ("Søsteren bor i Bağdat Caddesi No: 45 D: 3, 34740 Kadıköy/İstanbul.",
         ["Bağdat Caddesi No: 45 D: 3, 34740 Kadıköy/İstanbul"]),
        ("ul. Długa 22/5, 80-831 Gdańsk og ul. Piotrkowska 118 m. 4", ["ul. Długa 22/5, 80-831 Gdańsk",
                                                                       "ul. Piotrkowska 118 m. 4"]),
        ("Via Roma gik vi ned ad, og Calle Mayor er smuk", []),
    ],
)
def test_addresses_in_spain_ukraine_turkey_and_poland(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_ADDRESS") == expected


@pytest.mark.parametrize(
    "text",
    ["ring lige til fatima på 28 41 9 36 7 hun venter", "mor ringede sara 29 9 1 45 03 barnet er syg",
     "hun er blevet ringet op af en borger på 6 0 1 2 8 8 4 3 – sagen tages op"],
)
def test_a_phone_number_typed_in_uneven_groups(spans: Spans, text: str) -> None:
    [phone] = spans(text, "PHONE_NUMBER")
    assert sum(ch.isdigit() for ch in phone) == 8


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        # a CPR number with its serial left out still gives the birth date
        ("Barn: Darya Sadeghi, 150818-xxxx", "DK_CPR", ["150818-xxxx"]),
        ("drengen Aksel Bredahl (cpr 240910-XXXX). Forældrene", "DK_CPR", ["240910-XXXX"]),
        ("kode 999999-xxxx", "DK_CPR", []),
        # arrows to a task or to the next on duty
        ("ToDo:\nHLJ → ringe til udlejer\nAflevering: GHT -> NS\nIT -> HR", "PERSON", ["HLJ", "GHT", "NS"]),
        ("Til stede: jp, mcl\nfravær: rk (ferie)", "PERSON", ["jp", "mcl", "rk"]),
        # plates typed in lower or mixed case after their label
        ("nr. plade: bf41932 – og den anden bil: Df 67 014. Husk", "DK_LICENSE_PLATE", ["bf41932", "Df 67 014"]),
        ("Warszawa, tel. +48 601 234 567. Paszport nr EA1234567.", "NATIONAL_ID", ["EA1234567"]),
        ("National Insurance number QQ 12 34 56 C. Mobile 07700 900462.", "PHONE_NUMBER", ["07700 900462"]),
        ("vi bor i 2200. min konto er 2191 8734 562 901\nmvh", "DK_BANK_ACCOUNT", ["konto er 2191 8734 562 901"]),
        ("min konto er 12 stk", "DK_BANK_ACCOUNT", []),
    ],
)
def test_masked_serials_arrows_plates_passports_uk_mobiles_and_accounts(spans: Spans, text: str, entity: str,
                                                                        expected: list[str]) -> None:
    assert spans(text, entity) == expected


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("hendes konto er reg 5301 kt 0244187563 står der i sagen", "DK_BANK_ACCOUNT", ["reg 5301 kt 0244187563"]),
        ("PESEL 88042307462, dowód osobisty ABA 123456. Hun arbejder", "NATIONAL_ID",
         ["88042307462", "ABA 123456"]),
        ("Олександр Шевченко, закордонний паспорт FE123456, РНОКПП 3012345678.", "NATIONAL_ID",
         ["FE123456", "3012345678"]),
        ("vi har ABC 123456 stk på lager", "NATIONAL_ID", []),
        ("bror Abdiqani Warsame, Rinkebysvängen 12, 163 72 Spånga, tlf", "DK_ADDRESS",
         ["Rinkebysvängen 12, 163 72 Spånga"]),
        ("Lokalplan 184 tillader max. 45 graders taghældning. HANDLEPLAN 2025", "DK_ADDRESS", []),
        # a thought without "at" opens a clause like "at" does
        ("jeg tror holm har glemt at lukke sagen, kan du spørge", "PERSON", ["holm"]),
        ("jeg tror storm kommer i aften", "PERSON", []),
    ],
)
def test_account_abbreviations_identity_cards_swedish_streets_and_thoughts(spans: Spans, text: str, entity: str,
                                                                           expected: list[str]) -> None:
    assert spans(text, entity) == expected
