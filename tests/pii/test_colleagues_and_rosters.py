"""Colleagues named in passing: covered for, thanked, greeted with a drawn-out greeting, called by a nickname
or by a surname that is a word, starting or back from leave; rosters by weekday, lists with a dash, action
items with a checkbox and a message's closing initials. Each with the words the rules must leave alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # covering for a colleague, taking over, taking someone along, cases handed on
        ("kan nogen dække for rose i morgen formiddag", ["rose"]),
        ("kan nogen tage over for storm i eftermiddag", ["storm"]),
        ("kan du tage aksel med til psykolog på torsdag?", ["aksel"]),
        ("hans sager er fordelt til juul og bjørn", ["juul", "bjørn"]),
        ("kan du videresende til kaj?", ["kaj"]),
        ("lige over for skolen", []),
        ("du kan tage bilen med", []),
        # where something is: with someone, at the end of the clause
        ("nøglen ligger hos kim", ["kim"]),
        ("hos sten og jord", []),
        # the one thanked, ending a sentence of thanks; not what was helped with
        ("tak for i går svend 😊 borgeren var super glad", ["svend"]),
        ("tusind tak rose!", ["rose"]),
        ("tak for hjælpen med sten", []),
        ("tak for kaffe", []),
        # a greeting drawn out
        ("heey line kan du komme", ["line"]),
        ("hejj bo, er du der?", ["bo"]),
        # a nickname after its naming verb, listed or not
        ("borger ib kristiansen (kaldt kris) vil gerne ringes op", ["ib kristiansen", "kris"]),
        ("hun kaldes mulle af alle", ["mulle"]),
        ("han blev kaldt ind til samtale", []),
        # a surname that is also a word, greeted or acting; not merely after a role's "var"
        ("hej vinter husk at slette sms'er med cpr", ["vinter"]),
        ("min kollega brun har ferie", ["brun"]),
        ("mor var glad. god weekend", []),
        ("vi kører mod vest og ringer til dal", []),
        ("vinter kom tidligt i år", []),
        # starting or leaving, back from leave, who did it
        ("hej team - lone starter først d. 1. marts", ["lone"]),
        ("pil er tilbage fra barsel fra 1/9", ["pil"]),
        ("det var bente ikke bent der ringede", ["bente", "bent"]),
        ("mødet starter kl 10", []),
        ("kursus starter på mandag", []),
    ],
)
def test_colleagues_named_in_passing(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a roster by weekday whose values are all first names, some of them words
        (("| Uge | Mandag | Tirsdag | Onsdag |\n|---|---|---|---|\n| 12 | Mette | Bo | Lykke |\n"
          "| 13 | Rune | Mette | Sten |\n| 14 | Bo | Liv | Rune |"),
         ["Mette", "Bo", "Lykke", "Rune", "Mette", "Sten", "Bo", "Liv", "Rune"]),
        # ... not a timetable of subjects, where a word that is a name stays a word
        (("| Uge | Mandag | Tirsdag | Onsdag |\n|---|---|---|---|\n| 12 | Dansk | Idræt | Musik |\n"
          "| 13 | Sten | Mette | Musik |"), ["Mette"]),
        # lines opening with a name and a spaced dash, once most are found
        (("Madønsker til julefrokost:\nArne – diabetes – Bellahøjvej 60\nInger – glutenfri – Bellahøjvej 62\n"
          "Tage – normal – Hulgårdsvej 112"), ["Arne", "Inger", "Tage"]),
        ("Program:\nVelkomst – kaffe\nOplæg – ny lov\nFrokost – kantinen", []),
    ],
)
def test_rosters_and_lists(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # action items with a checkbox and a dash
        (("Handlingspunkter:\n[ ] JHA – ring til pårørende inden fredag\n[ ] MOL – bestil hjælpemiddel\n"
          "[x] TBN – journalnotat skrevet\n[ ] alle – læs ny instruks"), ["JHA", "MOL", "TBN"]),
        ("Dagsorden:\n- IT – nye pc'er\n- HR – ny politik", []),
        # handed over and received by someone
        ("Fru Iversen faldt kl. 18, ingen skader.\nAfleveret af: RS. Modtaget af: NBL.",
         ["Iversen", "RS", "NBL"]),
        ("Pakken er modtaget af receptionen. Afleveret af vagten kl 14.", []),
        # initials alone on the last line sign the message
        ("Han hedder Bilal Aziz og bilen er hentet.\n\nKRJ", ["Bilal Aziz", "KRJ"]),
        ("Husk mødet.\n\nOK", []),
        # a LinkedIn profile's address names its owner
        ("Tlf.: 61 30 84 20\nLinkedIn: linkedin.com/in/sannekoch\n\nSanne Koch", ["sannekoch", "Sanne Koch"]),
    ],
)
def test_minutes_and_signatures(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a language after a verb of speaking, a housing association, a works council: no one
        ("Hawre Ahmadi (kurdisk, taler sorani) møder", ["Hawre Ahmadi"]),
        ("Signe: møde med fsb inden 20/9", ["Signe"]),
        ("Karsten Winge tager det med til LMU.", ["Karsten Winge"]),
        ("Udland: +44 7700 900123 (UK)", []),
        # ... while one speaks with someone
        ("jeg talte med lykke i går", ["lykke"]),
        # Nordic given names of the last section of the name list, alone and as a word's name with a cue
        ("Ninna ringede i morgen", ["Ninna"]),
        ("hej Vilde, kan du tage vagten?", ["Vilde"]),
        ("de vilde dyr i skoven", []),
    ],
)
def test_not_people_and_nordic_names(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lower-case street after a home visit's verb, or a hill's street written apart after "fra"
        ("- bk og gs tager tagensvej 166 sammen", ["tagensvej 166"]),
        ("hende fra bispebjerg bakke 12", ["bispebjerg bakke 12"]),
        ("han tager motorvej 16 hjem", []),
        ("vi går fra en bakke 12 meter oppe", []),
    ],
)
def test_lower_case_streets(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "DK_ADDRESS") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # asked by name, or asked about in a yes-no question
        ("kim kan du sende opskriften på vagtplanen", ["kim"]),
        ("nåh alf er du på arbejde i dag?", ["alf"]),
        ("mangler lønsedler fra maj og juni kan du sende dem", []),
        ("har lone fået mail om mødet?", ["lone"]),
        ("er sten kommet hjem?", ["sten"]),
        ("har maden fået nok salt", []),
        # with the writer, after an interjection, kept from school, picked up
        ("holm og jeg var ude hos borgeren i går", ["holm"]),
        ("jamen sol er jo sygemeldt", ["sol"]),
        ("han siger at lykke ikke kom i skole i går", ["lykke"]),
        ("ask er hentet af mormor i dag ok", ["ask"]),
        # "hans" greeted at a message's start, not "his"
        ("hej hans nej jeg har ikke set hende i dag", ["hans"]),
        ("hej hans bilen står stadig i gården", ["hans"]),
        ("hej hans mor ringede", []),
        ("tak hans mor ringede", []),
        # a first name and a surname that is a word, acting or after a role, maybe before a CPR number
        ("glemte at sige at sten due er indlagt", ["sten due"]),
        ("borgeren kim lund 0701761453 har ringet", ["kim lund"]),
        ("kommer med sin tolk, hans kone Hawo Ali Nur ringer", ["Hawo Ali Nur"]),
        ("til kim lund 5", []),
    ],
)
def test_colleagues_asked_and_acting(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # initials joined by a plus, items ticked off, a signature's label, a slash alone on its line
        ("Personalemøde 5/9\nSRH: nyt skema lagt på intra\nNMC + OLK: lejrskole mangler 1 voksen",
         ["SRH", "NMC", "OLK"]),
        ("Tavlemøde\n✔ AJ: 3 nye sager\n✔ BK: ferie fra ons.", ["AJ", "BK"]),
        ("Dagsorden:\nIT + HR: ny politik", []),
        ("Afgørelse forventes 18.04.2024.\n\nUnderskrift: HMJ / LAK", ["HMJ", "LAK"]),
        ("Sager videregivet.\n\n/KH\n\nNoter fra weekenden", ["KH"]),
        ("og/eller /OK", []),
        ("3) Evt.: KMJ minder om brandøvelse.", ["KMJ"]),
        # a chat's speakers in angle brackets after a time, a first name that is also an abbreviation
        ("[08:55] <tinne> hej alle\n[08:56] <morten.k> opdateret\n[08:57] <tinne> tak", ["tinne", "morten.k", "tinne"]),
        ("Tak for besked.\nVenlig hilsen\nMia, pædagog", ["Mia"]),
        ("budgettet er 3 mia. kr.", []),
        # a register's surnames before its first names, also those that are words
        ("Lund\tHanne\t28112233\nBerg\tOle\t20304050\nKirk\tSusanne\t61617272",
         ["Lund", "Hanne", "Berg", "Ole", "Kirk", "Susanne"]),
        ("Hal\tMette\t2 timer\nSal\tOle\t3 timer\nRum\tSusanne\t1 time", ["Mette", "Ole", "Susanne"]),
    ],
)
def test_minutes_chats_and_registers(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a roster by weekday under a week's number, of initials, or of names and initials with fillers
        (("Uge 14\tMandag\tTirsdag\tOnsdag\nDag\tLHK\tLHK\tMSB\nAften\tPBO\tTNI\tTNI\nNat\tRAV\tRAV\tDKJ"),
         ["LHK", "LHK", "MSB", "PBO", "TNI", "TNI", "RAV", "RAV", "DKJ"]),
        (("uge 22\tman\ttirs\tons\ndag\tAH\tLK\tAH\naften\tRasmus\tYasmin\tRasmus\nnat\tvikar\tPer\tvikar"),
         ["AH", "LK", "AH", "Rasmus", "Yasmin", "Rasmus", "Per"]),
        # who handed over to whom, each of them in it twice; not a route between places
        (("| Dato | Fra | Til | Bemærkning |\n|---|---|---|---|\n| 01.04 | JHN | KBM | Overdragelse |\n"
          "| 03.04 | KBM | SIR | Ferie |\n| 10.04 | SIR | JHN | Tilbage |"),
         ["JHN", "KBM", "KBM", "SIR", "SIR", "JHN"]),
        ("| Rute | Fra | Til |\n|---|---|---|\n| 5A | KBH | AAR |\n| 6 | CPH | DK |", []),
        # a council's roles before the people in parentheses are no one; initials before a role are someone
        ("Tilstede: HR (MPE), TR (Lotte Sahl), leder (CFJ)", ["MPE", "Lotte Sahl", "CFJ"]),
        ("Deltagere: KBM, LSJ, MR (ref.)", ["KBM", "LSJ", "MR"]),
        ("Sekretariat: ALS", ["ALS"]),
        # chats with a date before the time, or a full stamp before a bracketed speaker
        ("Lene Holck 3/4 11:02: mors mail er ændret\nFrank 3/4 11:20: opdateret i Aula\nLene Holck 3/4 11:25: tak",
         ["Lene Holck", "Frank", "Lene Holck"]),
        ("[2024-05-21 15:44] <hbo> printeren driller\n[2024-05-21 15:46] <hbo> tak", ["hbo", "hbo"]),
        # wished well, named, holding the keys, called sweet
        ("lykke til med eksamen line!! 🎉", ["line"]),
        ("han hedder hans men kaldes hasse", ["hans", "hasse"]),
        ("kim har nøglen til skabet", ["kim"]),
        ("hej sødeste tine! jeg har bestilt taxa", ["tine"]),
        # a month after "i" is the month, also where the same word names someone later
        ("jeg er i maj på ferie men maj dækker for mig", ["maj"]),
        ("ring til maj i morgen", ["maj"]),
        # "br" signs off; a wound is no one
        ("Skriv hvis der er noget.\n\nbr\nMarta", ["Marta"]),
        ("Tirsdag 9/4 (LKM): Sår uændret.", ["LKM"]),
    ],
)
def test_rosters_chats_and_wishes(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "hans" as the name: before a finite verb or what no possessive takes, also ending the text
        ("ok hans har ikke fået sin mad i 2 dage", ["hans"]),
        ("kan du ringe til hans på stue 4, hans medicin er ikke kommet", ["hans"]),
        ("ring til hans", ["hans"]),
        ("han har hans bil", []),
        ("det er hans og hendes", []),
        # visited, picked up after a class, taking it, living somewhere, from the shift
        ("kan du tjekke om bjørn er visiteret til rengøring", ["bjørn"]),
        ("jette sagde at flora fra 2.a blev hentet af en ukendt voksen", ["jette", "flora"]),
        ("vi siger per tager sig af det per mail", ["per"]),
        ("ved du om bo kan bo på bispeengen 3 alene?", ["bo"]),
        ("rune fra vagten: nøgleboks kode ændret", ["rune"]),
        ("oki doki lone jeg tager turen", ["lone"]),
        # first names without a surname are one name, not a function word after them
        ("svend aage vil ikke have besøg", ["svend aage"]),
        ("ring til anne per telefon", ["anne"]),
        # a nickname the lists lack, opening a message before what only people do; not a role
        ("tobbe ringede fra jobcentret", ["tobbe"]),
        ("pedel ringede i går", []),
        ("borgerne ringede igen", []),
        # propagated only as a name, not as a verb after a modal, while "at" is "that" too
        ("plan: jan vestergaard starter, og det er aftalt at jan starter op i nov", ["jan vestergaard", "jan"]),
    ],
)
def test_hans_and_nicknames(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


def test_a_home_is_where_one_can_live(spans: Spans) -> None:
    assert spans("ved du om han kan bo på bispeengen 3 alene?", "DK_ADDRESS") == ["bispeengen 3"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a roster of shifts, a name on each line, one of them found; not a price list
        ("Vagtplan torsdag\nAhmed 8-16\nBo 7-15\nLærke 12-20\nSten fri\nStorm 7-15 (elev)",
         ["Ahmed", "Bo", "Lærke", "Sten", "Storm"]),
        ("Priser\nKaffe 8-16\nTe fri\nKage 10-12", []),
        # long-term sick, opening the meeting
        ("Sygdom: Tom er langtidssygemeldt, kontakt ham ikke", ["Tom"]),
        ("Referat 07/05\nJMH åbnede mødet.", ["JMH"]),
    ],
)
def test_shift_rosters_and_minutes(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize("text", ["Ole: x\nPer: y\nMette:", "Ahmed 8-16\nBo 7-15\nSten fri", "ring til hans"])
def test_a_text_may_end_where_a_rule_looks_ahead(spans: Spans, text: str) -> None:
    assert spans(text, "PERSON")  # the last token is looked at without reading past the end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a roster with a day on each row, two in a slot; a morning shift named in the first column
        ("Dag;Dagvagt;Aftenvagt;Nat\nMan;Hanne, Lars;Nana;Kim\nTir;Hanne, Gry;Nana;Sol\nOns;Lars, Gry;Vilde;Kim",
         ["Hanne", "Lars", "Nana", "Kim", "Hanne", "Gry", "Nana", "Sol", "Lars", "Gry", "Vilde", "Kim"]),
        ("Uge 37\tMandag\tTirsdag\tOnsdag\nMorgen\tAB\tAB\tLKN\nAften\tTH\tMØ\tMØ",
         ["AB", "AB", "LKN", "TH", "MØ", "MØ"]),
        # ... not a timetable by day
        ("Man;Svømning;Dansk\nTir;Idræt;Sten og grus", []),
    ],
)
def test_rosters_by_day_row(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


def test_a_column_of_cards(spans: Spans) -> None:
    text = "Kvittering,Borger,Beløb,Kort\nKV-22018,Pernille Hjorth,450,5413 1900 7741 2208"
    assert spans(text, "CREDIT_CARD") == ["5413 1900 7741 2208"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a nickname explained or given in parentheses; not a definite noun before an aside
        ("fyi glad (altså torben glad) er ny teamleder", ["glad", "torben glad"]),
        ("borger vil kun snakke med michael (vores micha)", ["michael", "micha"]),
        ("prisen (altså Jens' pris) er høj", ["Jens"]),
        # said sorry to, answered with a comma, asked a question, listed with a state, reported sick
        ("sry kim jeg glemte at skrive", ["kim"]),
        ("okay sten, så siger vi at du tager turen kl 8", ["sten"]),
        ("gry hvad var det nu han sagde", ["gry"]),
        ("kort: jan = syg, ulla = ferie, lykke = kursus.", ["jan", "ulla", "lykke"]),
        ("husk at melde sol syg i sd.", ["sol"]),
        ("hej hej! gry her, borgeren har fået nyt nr", ["gry"]),
        # ticked items with initials joined by a plus before a dash
        ("Action points:\n☐ SRA – opdatere vagtplan\n☐ JVL + DH – kontakte Ejendomsservice", ["SRA", "JVL", "DH"]),
    ],
)
def test_asides_and_answers(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


def test_the_yellow_card(spans: Spans) -> None:
    assert spans("ID | Navn | Sygesikring\n1 | Knud Bang | gul kort nr. 551208773", "NATIONAL_ID") == ["551208773"]
