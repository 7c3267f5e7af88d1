"""NamePropagator: later mentions of a confidently found name are that person; look-alike words are not."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.person import DanishPersonRecognizer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A first name alone at a sentence start or in a list item, after the full name
        ("Vores nye vikar er Kim Østergaard. Kim starter på mandag.", ["Kim Østergaard", "Kim"]),
        ("Deltagere: Lene Haugaard, Tobias Riis\n\n1. Tobias præsenterede planen.\n2. Lene godkendte den.",
         ["Lene Haugaard", "Tobias Riis", "Tobias", "Lene"]),
        # A genitive at a sentence start (the -s stays outside the span)
        ("Tilsynet besøgte Sol Kristiansen. Sols datter var til stede.", ["Sol Kristiansen", "Sol"]),
        ("Plejen har talt med Birgit Lauesen. Birgits søn kommer torsdag.", ["Birgit Lauesen", "Birgit"]),
        # A name that is also a word, once it was a name in the same text
        ("Hendes kontaktperson er Ib. Ib kan træffes om formiddagen.", ["Ib", "Ib"]),
        ("Write a card for Rose Whitfield. Rose retires in June.", ["Rose Whitfield", "Rose"]),
        # Capitals and unlisted names
        ("Lav et brev til Jonna Krogh. JONNA KROGH har ikke svaret.", ["Jonna Krogh", "JONNA KROGH"]),
        ("Thank you note for Marisol Quintero. Marisol helped us a lot.", ["Marisol Quintero", "Marisol"]),
    ],
)
def test_other_mentions_are_marked(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Hans" as "his": before a lower-case noun; as a name before a verb
        ("Hans Pedersen er syg. Hans kone har ringet. Hans har det bedre i dag.", ["Hans Pedersen", "Hans"]),
        # "per" the preposition, lower case or before a date
        ("Per Mogensen stopper per 1. april. Per 2. maj starter en ny.", ["Per Mogensen"]),
        # A town that is also the surname, after a preposition
        ("Anne Lund er flyttet til Lund.", ["Anne Lund"]),
        # A modal verb opening an English question
        ("Will Turner joined in May. Will you book a room for him?", ["Will Turner"]),
        # Lower-case words spelled like a found name that are also everyday words
        ("Bo Nielsen vil gerne bo hjemme.", ["Bo Nielsen"]),
        # A street or square named after someone with the same name
        ("Anne Vang bor på Vangs Allé.", ["Anne Vang"]),
        ("Vi mødes med Anne Holm ved Anne Holms Plads.", ["Anne Holm"]),
    ],
)
def test_words_spelled_like_a_found_name_are_left_alone(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "PERSON") == expected


def test_a_weak_guess_of_several_words_holding_a_found_name_is_raised() -> None:
    # "Tamsin Quux" alone is an English Title Case guess (0.3); "Ms Quux" later shows it is a name.
    recognizer = DanishPersonRecognizer(NameLexicon.from_lists(common_words=["dear"], organisations=["Ms"]))
    text = "Tamsin Quux wrote about the Summer Programme.\n\nDear Ms Quux, thank you for the letter."
    found = {text[r.start:r.end]: r.score for r in recognizer.analyze(text, ["PERSON"])}
    assert found["Tamsin Quux"] >= 0.5 and found["Quux"] >= 0.5
    assert found["Summer Programme"] < 0.4     # a guess without a found name's word stays a guess


def test_propagation_uses_the_injected_lexicon() -> None:
    lexicon = NameLexicon.from_lists(first_names=["Zorblax"], surnames=["Quux"])
    recognizer = DanishPersonRecognizer(lexicon)
    text = "Skriv til Zorblax Quux. Zorblax har ringet, og Quuxs mor venter. zorblax skal svare."
    found = [(text[r.start:r.end], r.score) for r in recognizer.analyze(text, ["PERSON"])]
    assert [span for span, _ in found] == ["Zorblax Quux", "Zorblax", "Quux", "zorblax"]
    assert all(score >= 0.5 for _, score in found)


def test_a_weak_guess_is_not_propagated() -> None:
    # A lone unlisted word (0.35) vouches for nothing; the same word elsewhere stays unmarked.
    recognizer = DanishPersonRecognizer(NameLexicon.from_lists())
    text = "Vi bruger Fnordix i dag. Fnordix virker fint."
    assert [text[r.start:r.end] for r in recognizer.analyze(text, ["PERSON"]) if r.score >= 0.4] == []


def test_many_names_and_mentions_are_handled_in_one_pass(analyzer) -> None:
    names = [f"Anne{chr(97 + i % 26)}{chr(97 + i // 26)}a Hansen" for i in range(300)]
    text = " ".join(f"Mødet med {n} gik godt. {n.split()[0]} ringer i morgen." for n in names)
    found = analyzer.analyze(text)
    firsts = {text[d.start:d.end] for d in found if " " not in text[d.start:d.end]}
    assert len(found) == 600 and len(firsts) == 300
