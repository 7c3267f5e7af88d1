"""Minutes and messages: people named by a line's head, a strong cue inside a column of institutions, staff
initials that spell a title or a unit's genitive, colleagues named in a message's sender, and numbers read
aloud in pairs or named by a card's or passport's label."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a strong cue of the cell's own beats a first line that looks like a header of institutions
        ("Statusmøde, Plejecenter Bryggen\nBeboer Erna Lind, stue 14: vægttab på 3 kg. Datter Helle informeret.",
         ["Erna Lind", "Helle"]),
        (("Mødereferat, Byggeudvalgets sekretariat\nSag 2024-0087321: Tilbygning på Skovbrynet 22, 2700 Brønshøj. "
         "Ansøger: Christian Møller."), ["Christian Møller"]),
        # ... and so does a role after the name
        ("| Enhed | Telefon |\n|---|---|\n| Borgerservice | 33 66 33 66 |\n| Lene Rask, teamleder | 24 12 55 81 |",
         ["Lene Rask"]),
        # a month after a day's number is the month, not Maj or April
        ("> Den 3. maj skrev Janne Kofoed <jako@kk.dk>:", ["Janne Kofoed"]),
        ("Den 4. april skrev Gert Brix", ["Gert Brix"]),
        ("ring til maj i morgen", ["maj"]),
        # lines of minutes that open with a name and a colon: the others are names too, once most are
        (("Kort referat\nJesper: ferieplan skal være færdig fredag\nNadia: husk kursus i GDPR\n"
         "Ole: ny kaffemaskine bestilt"), ["Jesper", "Nadia", "Ole"]),
        ("Dato: 3/4\nSted: Rådhuset\nEmne: Jul", []),
        # a surname joined to the case or the family
        ("send alt om Hansen-sagen til mig", ["Hansen"]),
        ("Jensen-familien er flyttet", ["Jensen"]),
        ("Olsen-banden", []),
        # Danish å and its older spelling "aa" are the same name; a tab parts two cells' names
        ("Hej Åse, ring til Kåre Vestergård", ["Åse", "Kåre Vestergård"]),
        ("aften\tYasmin\tKåre", ["Yasmin", "Kåre"]),
        # a pronoun before an e-mail address is no owner's name ("Sin" is a name, "sin" is hers)
        ("Hun oplyste sin e-mail piafriis83@hotmail.com, hvor hun kan nås", []),
        # a definite noun opening a sentence is the noun
        ("Mailen skulle have været sendt til advokat Mikkel Søgaard.", ["Mikkel Søgaard"]),
    ],
)
def test_people_in_minutes_and_columns(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # initials found in the attendee list are the same person later, even where they spell a title
        ("Deltagere: PJ, MR, Ulrik\n- PJ: udrulning forsinket\n- MR: printer på 3. sal defekt",
         ["PJ", "MR", "Ulrik", "PJ", "MR"]),
        ("Sagsbehandlere: SVB, LJ", ["SVB", "LJ"]),
        ("Referat\n- MK orienterede om nyt vagtskema\n- LJ efterlyste flere vikarer", ["MK", "LJ"]),
        # four capitals in parentheses after a found name are that person's user id
        ("Deltagerliste\n1. Charlotte Vestergaard (ETEK)\n2. Helle Lund (PTAJ)",
         ["Charlotte Vestergaard", "ETEK", "Helle Lund", "PTAJ"]),
        ("Sagsnr. 2024-118842\n/MKJ, visitator\n\nTilføjelse", ["MKJ"]),
        ("jeg er ny i teamet, hvem er MLH? står i journalen", ["MLH"]),
        ("hvem er DSB?", []),
        ("Jeg kan ikke logge på. Min bruger er LBJ. Ring gerne", ["LBJ"]),
        ("Marianne: det har KBM, men hun er på ferie", ["Marianne", "KBM"]),
        ("det har DSB.", []),
        # capitals ending in s are initials, not a unit's genitive ("HR's")
        ("Referat\nHRS mener vi bør tilbyde familiebehandling.", ["HRS"]),
        ("min kollega KLS har ferie, kan du hjælpe", ["KLS"]),
        ("Referat\nSOL fremlagde sagen.", ["SOL"]),
        ("Gitte oplever færre konflikter.\nNæste møde: 2. juni. Ref. SH", ["Gitte", "SH"]),
        ("JHH - Jakob Hvid Hansen\nLSO - Lasse Sørensen", ["JHH", "Jakob Hvid Hansen", "LSO", "Lasse Sørensen"]),
        ("KL mener at kommunerne bør vente", []),
        ("DR fortalte det i går", []),
    ],
)
def test_staff_initials(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hej kim har du set mailen fra rose om hjemmeplejen", ["kim", "rose"]),
        ("mangler stadig underskrift fra lone på bevillingen", ["lone"]),
        ("vi har fået et brev fra kommunen", []),
        ("storm i 2.b har slået en anden elev igen", ["storm"]),
        ("[08:13] Bo: ok. Sten du har vagten i dag", ["Bo", "Sten"]),
        # a chat copied with the time in brackets after the speaker, who speaks twice
        (("Kasper [11:23]: nogen der ved hvem der har bilen?\nStorm [11.01]: det er vist en håndværker\n"
         "Kasper [16.08]: står i vejen\nStorm [16.09]: ringer til viceværten"), ["Kasper", "Storm", "Kasper", "Storm"]),
        ("i går du har ret", []),
        ("hej birk vil du tjekke om sten har fået sin bevilling", ["birk", "sten"]),
        ("ok så ib har mødt op 3 gange i træk nu", ["ib"]),
        ("har du styr på hvornår ask skal til ppr udredning?", ["ask"]),
        ("bo og Lykke er på kursus hele ugen", ["bo", "Lykke"]),
        ("spørgsmål om bo og boligstøtte", []),
        # a roster with a day on each row has no header, and a tab parts two cells' names
        ("Vagtplan uge 12\nMan\tLone\tBerit\nTir\tHassan\tLone", ["Lone", "Berit", "Hassan", "Lone"]),
    ],
)
def test_colleagues_by_their_messages_and_classes(spans: Spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Sofie har sendt en kopi, passet har nr 210455873, skal det gemmes", "NATIONAL_ID", ["210455873"]),
        ("borger spørger om vi har modtaget hendes pas, nr 210483962", "NATIONAL_ID", ["210483962"]),
        ("pas på 123456789 andre ting", "NATIONAL_ID", []),
        ("Sygesikringsbevis nr. 112233445. Dato 01/02/2025.", "NATIONAL_ID", ["112233445"]),
        ("CPR: 21 11 75 04 47. Fødselsdato 21.11.1975.", "DK_CPR", ["21 11 75 04 47"]),
        ("Medlem 19 08 63 - 14 52, boligstøtte 2.310 kr/md", "DK_CPR", ["19 08 63 - 14 52"]),
        ("tlf +45 21 11 75 04", "DK_CPR", []),
        ("Kort nr. 4571 9920 1234 5678 udløb 09/27", "CREDIT_CARD", ["4571 9920 1234 5678"]),
        ("kort 1234 5678 9012 3456 7", "CREDIT_CARD", []),
        ("hans adgang til kontoen 3409 10 55 67 12, da hun frygter", "DK_BANK_ACCOUNT",
         ["kontoen 3409 10 55 67 12"]),
    ],
)
def test_numbers_read_aloud_and_named_by_their_label(spans: Spans, text: str, kind: str,
                                                     expected: list[str]) -> None:
    assert spans(text, kind) == expected
