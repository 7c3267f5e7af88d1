"""Values broken by a soft line break (PDF text, a wrapped mail) are masked whole, break included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kkgpt.pii import analyzer as analyzer_module
from kkgpt.pii.analyzer import WINDOW_CHARS, DanishAnalyzer
from kkgpt.pii.evaluation import bundled_dev_set, load_lines
from kkgpt.pii.types import Detection
from kkgpt.pii.unwrap import soft_breaks, unwrap

Spans = Callable[[str, str], list[str]]
DATA = Path(__file__).parent / "data"

LETTER = (
    "Vedrørende klagen fra borgeren Anne Marie\n"
    "Tornsbjerg, som bor på Borgbjergsvej\n"
    "112, 3. tv., har vi modtaget et opkald fra 31 84\n"
    "27 90 om at hun flytter til Roskilde-\n"
    "vej 84 i Valby."
)


@pytest.mark.parametrize(
    ("entity_type", "expected"),
    [
        ("PERSON", ["Anne Marie\nTornsbjerg"]),
        ("DK_ADDRESS", ["Borgbjergsvej\n112, 3. tv.", "Roskilde-\nvej 84"]),
        ("PHONE_NUMBER", ["31 84\n27 90"]),
    ],
)
def test_values_across_soft_breaks_are_found_whole(spans: Spans, entity_type: str, expected: list[str]) -> None:
    assert spans(LETTER, entity_type) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Deltagere:\nAnne Hansen\nBo Jensen\nMette Holm",  # a list: short lines
        "Dagsorden: 1. Godkendelse af referat 2. Sygefravær 3. Eventuelt\n4. Budget",  # a list's number
        "09:00-12:00 Kursus: Ny beskæftigelsesreform, Gyldenløvesgade\n13:00-13:30 Telefonsamtale",  # a time
        "Navn;Adresse;Telefon;Mail;Bemærkning til sagen\nAnne;Jagtvej 5;",  # a table's row
        "Vi har modtaget din henvendelse om sagen.\nDen behandles hurtigst muligt.",  # a full stop
    ],
)
def test_hard_breaks_stay(text: str) -> None:
    assert soft_breaks(text) == []


def test_a_sentence_with_many_commas_is_prose_not_a_tables_row() -> None:
    text = ("112, 3. tv., 2450 København SV, og han kan træffes på telefon hver dag, og han har kontakt med Per\n"
            "Damgaard om sagen.")
    assert soft_breaks(text) == [(text.index("\n"), text.index("\n") + 1)]


def test_a_list_of_names_is_not_joined_into_one(spans: Spans) -> None:
    text = "Ret navnene i listen:\nLjubica Dordevic -> Ljubica Đorđević\nGudrun a Ryggi -> Guðrun á Ryggi"
    assert "Gudrun a Ryggi" in spans(text, "PERSON")


def test_a_capitalised_word_opening_the_next_line_is_not_joined_to_the_last_word() -> None:
    view = unwrap("5. Eventuelt og andre punkter som vi tager\nKan du lave en skabelon?")
    assert view is not None
    text, joints = view
    assert text.text == "5. Eventuelt og andre punkter som vi tager Kan du lave en skabelon?"
    assert joints == [42]
    assert text.original_span(43, 46) == (43, 46)


def test_the_view_maps_a_hyphenated_word_back_over_its_break() -> None:
    view = unwrap("Hun flytter i næste måned til adressen Roskilde-\nvej 84 i Valby.")
    assert view is not None
    text, _ = view
    start = text.text.index("Roskildevej")
    assert text.original_span(start, start + len("Roskildevej 84")) == (39, 55)


PAGES = (
    "Vi har talt med borgerens kontaktperson Anne Marie\n"
    "Side 1 af 4\n"
    "\n"
    "Københavns Kommune – Afgørelse\n"
    "Tornsbjerg om sagen, og hun er flyttet til Roskilde-\n"
    "- 2 -\n"
    "vej 84, 4000 Roskilde, hvilket betyder at sagen overgår.\n"
    "\n"
    "Københavns Kommune – Afgørelse\n"
    "Side 3 af 4"
)


@pytest.mark.parametrize(
    ("entity_type", "expected"),
    [
        ("PERSON", ["Anne Marie\nSide 1 af 4\n\nKøbenhavns Kommune – Afgørelse\nTornsbjerg"]),
        ("DK_ADDRESS", ["Roskilde-\n- 2 -\nvej 84, 4000 Roskilde"]),
    ],
)
def test_a_value_broken_by_a_page_break_is_masked_over_the_page_furniture(spans: Spans, entity_type: str,
                                                                         expected: list[str]) -> None:
    assert spans(PAGES, entity_type) == expected


def test_page_furniture_is_skipped_only_into_a_paragraph_that_goes_on() -> None:
    breaks = soft_breaks(PAGES)
    assert [PAGES[resume:resume + 10] for _, resume in breaks] == ["Tornsbjerg", "vej 84, 40"]
    # after a full stop the page break is a hard break, whatever follows it
    assert soft_breaks("Sagen er hermed afsluttet og lukket.\nSide 2 af 2\nBilag: ingen") == []


FILLER = "Der er lavet en plan for forløbet, og den følges op hver uge af kontaktpersonen. " * 70


def _count_reads(analyzer: DanishAnalyzer, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lengths of the texts the analyzer runs its engine on, from now on."""
    run = analyzer._run
    read: list[int] = []

    def counted(part: str, *args: Any, **kwargs: Any) -> list[Detection]:
        read.append(len(part))
        return run(part, *args, **kwargs)

    monkeypatch.setattr(analyzer, "_run", counted)
    return read


def test_a_long_text_is_read_again_only_near_its_soft_breaks(analyzer: DanishAnalyzer,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"{FILLER}\n\n{LETTER}\n\n{FILLER}"
    read = _count_reads(analyzer, monkeypatch)
    found = [(d.entity_type, text[d.start:d.end]) for d in analyzer.analyze(text)]
    assert {("PERSON", "Anne Marie\nTornsbjerg"), ("PHONE_NUMBER", "31 84\n27 90"),
            ("DK_ADDRESS", "Roskilde-\nvej 84")} <= set(found)
    assert read[0] == len(text) and sum(read[1:]) < len(text) / 4  # the text once, then the letter's stretch


def test_the_stretches_near_the_breaks_find_what_the_whole_view_finds(analyzer: DanishAnalyzer,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # names confirmed pages away, tables whose header is far from a break: the document's own evidence
    lines = [line["text"] for line in load_lines(bundled_dev_set()) + load_lines(DATA / "heldout.jsonl")]
    text = "\n\n".join([*lines, LETTER, PAGES, *lines])
    assert len(text) > WINDOW_CHARS  # read in windows, the views' stretches too
    read = _count_reads(analyzer, monkeypatch)
    near = analyzer.analyze(text)
    assert any(length < 3_000 for length in read)  # some view was read near its regions only
    monkeypatch.setattr(analyzer_module, "_MOST_OF_A_VIEW", -1.0)  # every view read whole
    assert near == analyzer.analyze(text)
