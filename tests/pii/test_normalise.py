"""Normalisation before analysis: text as it comes out of Word, PDF and Outlook is read as ordinary text, and
every value found maps back to offsets that cover it in what the employee sent."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkgpt.pii.analyzer import DanishAnalyzer
from kkgpt.pii.evaluation import bundled_dev_set, covered_chars, load_lines
from kkgpt.pii.normalise import normalise
from kkgpt.pii.types import Detection

SPACES = ["\u00a0", "\u2009", "\u202f", "\u2007"]
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u2060", "\ufeff"]
LIGATURES = {"fi": "\ufb01", "ff": "\ufb00", "fl": "\ufb02"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mette\u00a0Hansen", "Mette Hansen"),
        ("Kr\u00adisten\u200bsen", "Kristensen"),
        ("linje 1\r\nlinje 2\rlinje 3", "linje 1\nlinje 2\nlinje 3"),
        ("\ufb01nn@\ufb00.dk", "finn@ff.dk"),
        ("\uff15\uff12\uff11\uff17", "5217"),
        ("Jose\u0301", "José"),
        ("010190\u20111234", "010190-1234"),
        # a table cell's lines, kept apart as Markdown writes them: same length, so offsets stay
        ("| Ahmad Wardak<br>Dronningensgade 92B |", "| Ahmad Wardak   \nDronningensgade 92B |"),
        ("a<br/>b<BR />c", "a    \nb     \nc"),
        # an en dash between digits, as Word writes it into a number, is a hyphen; in prose it stays
        ("130446\u20135790 og Mon\u2013Thu \u2013 ja", "130446-5790 og Mon\u2013Thu \u2013 ja"),
    ],
)
def test_artefacts_are_read_as_ordinary_text(text: str, expected: str) -> None:
    assert normalise(text).text == expected


def test_ordinary_text_is_left_alone() -> None:
    normalised = normalise("Borgeren Jens Hansen, Jagtvej 155, 2200 København N. Tlf. 52 17 48 30")
    assert not normalised.changed
    assert normalised.original_span(9, 20) == (9, 20)


def test_spans_map_back_over_what_was_removed_or_expanded() -> None:
    original = "CPR: 0101\u00ad90-1234 og \ufb01nn"
    normalised = normalise(original)
    start = normalised.text.index("010190")
    assert original[slice(*normalised.original_span(start, start + 11))] == "0101\u00ad90-1234"
    at = normalised.text.index("finn")
    assert original[slice(*normalised.original_span(at, at + 4))] == "\ufb01nn"
    assert original[slice(*normalised.original_span(at + 1, at + 2))] == "\ufb01"  # inside a ligature


def _with_artefacts(text: str, rng: random.Random) -> tuple[str, list[int], list[int]]:
    """`text` with extraction artefacts, and where each original character begins and ends in the result."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    size = 0
    i = 0
    while i < len(text):
        char = text[i]
        pair = text[i:i + 2]
        if pair in LIGATURES and rng.random() < 0.5:
            starts += [size, size]
            size += 1
            ends += [size, size]
            out.append(LIGATURES[pair])
            i += 2
            continue
        if char == " " and rng.random() < 0.4:
            piece = rng.choice(SPACES)
        elif char == "\n" and rng.random() < 0.5:
            piece = "\r\n"
        elif char.isdigit() and char.isascii() and rng.random() < 0.2:
            piece = chr(0xFF10 + int(char))
        elif unicodedata.decomposition(char) and char.isalpha() and rng.random() < 0.5:
            piece = unicodedata.normalize("NFD", char)
        else:
            piece = char
        if char.isalnum() and text[i + 1:i + 2].isalnum() and rng.random() < 0.15:
            piece += rng.choice(INVISIBLE)
        starts.append(size)
        size += len(piece)
        ends.append(size)
        out.append(piece)
        i += 1
    return "".join(out), starts, ends


LINES = [line for line in load_lines(bundled_dev_set()) if line["entities"]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(min_value=0, max_value=len(LINES) - 1), seed=st.integers(min_value=0))
def test_values_are_found_through_artefacts(analyzer: DanishAnalyzer, index: int, seed: int) -> None:
    line = LINES[index]
    text = line["text"]
    clean: list[Detection] = analyzer.analyze(text)
    messy, starts, ends = _with_artefacts(text, random.Random(seed))
    found = analyzer.analyze(messy)
    for entity in line["entities"]:
        start, end = entity["start"], entity["end"]
        if covered_chars(start, end, clean) < end - start:
            continue  # only values the clean text gives up whole are held to this
        mapped_start, mapped_end = starts[start], ends[end - 1]
        assert covered_chars(mapped_start, mapped_end, found) == mapped_end - mapped_start, (
            entity["text"], messy[mapped_start:mapped_end])
