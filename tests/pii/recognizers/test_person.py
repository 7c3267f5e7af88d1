"""PERSON: full names, cue words, titles, genitives, lower case, immigrant names, and what is not a person."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.person import DanishPersonRecognizer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Full names, listed or with a surname ending
        ("Skriv et brev til Kirsten Damgaard om hendes ansøgning.", ["Kirsten Damgaard"]),
        ("Referat: Jens Erik Bøgh Laursen deltog i mødet.", ["Jens Erik Bøgh Laursen"]),
        ("Vi har talt med Pernille Abildskov om sagen.", ["Pernille Abildskov"]),
        ("Sagen om Rasmus Holt-Sørensen er afsluttet.", ["Rasmus Holt-Sørensen"]),
        ("Anne-Sofie Kjærgaard starter mandag.", ["Anne-Sofie Kjærgaard"]),
        # Names common in Copenhagen from many origins
        ("Hjælp mig med at svare Abdirahman Warsame om praktikken.", ["Abdirahman Warsame"]),
        ("Zeynep Yılmaz har søgt om boligstøtte.", ["Zeynep Yılmaz"]),
        ("Indkald Mehmet Öztürk og Ayşe Demir til samtale.", ["Mehmet Öztürk", "Ayşe Demir"]),
        ("Lav en jobplan for Agnieszka Kowalczyk.", ["Agnieszka Kowalczyk"]),
        ("Mødet med Olena Shevchenko er flyttet.", ["Olena Shevchenko"]),
        ("Eleven Emir Hodžić har fravær.", ["Emir Hodžić"]),
        ("Patienten Nguyen Thi Lan skal have insulin.", ["Nguyen Thi Lan"]),
        ("Kontakt Maricel Dela Cruz om vagtplanen.", ["Maricel Dela Cruz"]),
        ("Svar Reza Hosseini og Farid Popal i dag.", ["Reza Hosseini", "Farid Popal"]),
        ("Imran Chaudhry har ringet to gange.", ["Imran Chaudhry"]),
        ("Sagen vedrører Fatima Al-Hassan og Ahmad bin Rashid.", ["Fatima Al-Hassan", "Ahmad bin Rashid"]),
        # Cue words and titles (the title stays outside the span)
        ("Tak til fru Thorsen for hjælpen.", ["Thorsen"]),
        ("Hr. Kristiansen klager over støj.", ["Kristiansen"]),
        ("Kære Hamid, tak for din henvendelse.", ["Hamid"]),
        ("Venlig hilsen\nBirgitte", ["Birgitte"]),
        ("Mvh Louise Frost, socialrådgiver", ["Louise Frost"]),
        ("Notat: Ali mødte op med sin bror Mehmet.", ["Ali", "Mehmet"]),
        ("Datteren Clara går i 2. klasse.", ["Clara"]),
        ("Borgeren hedder Xiomara og taler spansk.", ["Xiomara"]),
        ("Dear Ms Okonkwo, thank you for your letter.", ["Okonkwo"]),
        ("Can you write a birthday card for my colleague Henrik?", ["Henrik"]),
        ("The citizen, Yusuf, attends school on Østerbro.", ["Yusuf"]),
        ("Status på familien Jakobsen efter mødet.", ["Jakobsen"]),
        # Genitives and apostrophes (the -s stays outside the span)
        ("Sofies forældre ønsker et møde.", ["Sofie"]),
        ("Lars' mor har ringet.", ["Lars"]),
        ("Schou-Hansens ansøgning er modtaget.", ["Schou-Hansen"]),
        # Names that are also words: need a surname, a cue or a neighbouring name
        ("Bo og Dorte fra HR holder fødselsdag.", ["Bo", "Dorte"]),
        ("Bo Lund og Per Holm deltager.", ["Bo Lund", "Per Holm"]),
        ("Hans Jensen har meldt afbud.", ["Hans Jensen"]),
        ("Skriv en hilsen til Ole og Kim, som går på pension.", ["Ole", "Kim"]),
        # Lower-case typing
        ("jeg skal ringe til mette nielsen i morgen", ["mette nielsen"]),
        ("husk at sende referatet til mikkel hansen og louise berg", ["mikkel hansen", "louise berg"]),
        ("anne sagde at peter skulle ringe til jobcentret", ["anne", "peter"]),
        # Unlisted names in the middle of a Danish sentence
        ("Skriv et referat af mødet med Xiomara Quispe om skolen.", ["Xiomara Quispe"]),
    ],
)
def test_names_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Skriv en opsummering af Socialforvaltningens digitaliseringsstrategi.",
        "Hvad er reglerne for barsel i Københavns Kommune?",
        "Lav en præsentation om Koncern IT's nye voicebot.",
        "Kantinen på Rådhuset lukker kl. 13 fredag.",
        "Sag 2023-0466861 skal behandles på mødet i Valby.",
        "Write an email inviting the team to a workshop on generative AI in Valby.",
        "Hvad siger lov om social service § 85 om støtte?",
        "Hans mor ringede i går om sagen.",                      # "Hans" is "his" here
        "Per måned udbetales 4.000 kr.",
        "Se vedhæftede fil fra Ankestyrelsen og Datatilsynet.",
        "Vi holder møde i Teams og deler filerne i SharePoint.",
        "Hvilke regler gælder for parkering på Nørrebro og Østerbro?",
        "Lav en sammenligning af Aarhus, Odense og Aalborg.",
        "Forklar forskellen mellem Region Hovedstaden og Københavns Kommune.",
        "Draft an agenda for Tuesday's meeting with Microsoft about Copilot in May.",
        "Mødet afholdes i Tingbjerg Kulturhus tirsdag den 3. september.",
        "Lav en tjekliste til Ferieplanlægning for Hjemmeplejen Nord.",
        "Lav en præsentation til Økonomiudvalget om Budget 2026 og Overførselssagen.",
        "Beboeren bor på Plejecenter Sølund i Valby.",
        "Kultur- og Fritidsforvaltningen flytter til Islands Brygge i juni.",
        "Please summarise the Project Charter for the Digital Welfare Programme.",
        "Budgettet for 2025 er på 12,3 mia. kr.",
        "Den nye CPR-nummer-løsning og MUS-samtaler evalueres i marts.",
        "Han flyttede til Odense i 2019 og bor nu i Lund.",
        "Se bilag 3 og send det til HR og IT.",
    ],
)
def test_organisations_places_and_words_are_not_names(spans, text: str) -> None:
    assert spans(text, "PERSON") == []


def test_recognizer_works_without_nlp_artifacts() -> None:
    lexicon = NameLexicon.from_lists(first_names=["Maja"], surnames=["Lindholm"])
    recognizer = DanishPersonRecognizer(lexicon)
    text = "Hvordan forklarer jeg Maja Lindholm reglerne?"
    results = recognizer.analyze(text, ["PERSON"], nlp_artifacts=None)
    assert [text[r.start:r.end] for r in results] == ["Maja Lindholm"]


def test_rules_rest_on_the_injected_lexicon() -> None:
    text = "Skriv til Zorblax Quux om sagen."
    empty = DanishPersonRecognizer(NameLexicon.from_lists())
    known = DanishPersonRecognizer(NameLexicon.from_lists(first_names=["Zorblax"]))
    def best(recognizer: DanishPersonRecognizer) -> float:
        return max(r.score for r in recognizer.analyze(text, ["PERSON"]))

    assert best(known) > best(empty)
