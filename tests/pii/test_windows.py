"""Long texts are analysed in overlapping windows: nothing skipped, nothing split, names known across them."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkgpt.pii.analyzer import DanishAnalyzer
from kkgpt.pii.evaluation import bundled_dev_set, load_lines
from kkgpt.pii.windows import LONGEST_VALUE, around, windows

SIZE, OVERLAP = 2_500, 1_000
DATA = Path(__file__).parent / "data"


@given(st.text(alphabet="ab \n", max_size=12_000), st.integers(0, 12_000))
def test_windows_cover_the_text_and_every_value_lies_inside_one(text: str, value_start: int) -> None:
    spans = windows(text, SIZE, OVERLAP)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end - start <= SIZE for start, end in spans)
    for (_, end), (next_start, _) in pairwise(spans):
        assert LONGEST_VALUE <= end - next_start <= OVERLAP
    value_start = min(value_start, len(text))
    value_end = min(value_start + LONGEST_VALUE, len(text))
    assert any(start <= value_start and value_end <= end for start, end in spans)


@given(st.text(alphabet="ab \n", max_size=3_000), st.lists(st.integers(0, 3_000), max_size=12),
       st.integers(0, 40), st.integers(1, 200))
def test_stretches_around_regions_hold_every_value_that_touches_one(text: str, starts: list[int], width: int,
                                                                    margin: int) -> None:
    regions = [(min(start, len(text)), min(start + width, len(text))) for start in sorted(starts)]
    spans = around(text, regions, margin)
    assert all(0 <= start < end <= len(text) for start, end in spans) or not text
    assert all(end < next_start for (_, end), (next_start, _) in pairwise(spans))  # sorted and apart
    for region_start, region_end in regions:
        # a value of `margin` characters or fewer that touches the region, at either end
        for value_start, value_end in ((max(region_start - margin, 0), region_start + 1),
                                       (max(region_end - 1, 0), min(region_end + margin, len(text)))):
            value_end = min(value_end, len(text))
            assert any(start <= value_start and value_end <= end for start, end in spans) or not text


def test_stretches_reach_out_to_their_lines() -> None:
    text = "\n".join(letter * 30 for letter in "abcd")
    assert around(text, [(70, 70)], 20) == [(31, 93)]  # the lines of "b" and "c", with the break after them


def test_a_short_text_is_one_window() -> None:
    assert windows("Ring til Jens", SIZE, OVERLAP) == [(0, 13)]


def test_impossible_window_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        windows("x", 1_000, 600)


@pytest.fixture(scope="module")
def windowed(analyzer: DanishAnalyzer) -> DanishAnalyzer:
    """The production engine, with windows small enough that the dev set spans several."""
    return DanishAnalyzer(
        analyzer.engine, analyzer.score_threshold, window_chars=SIZE, window_overlap=OVERLAP
    )


def test_windows_find_the_spans_one_pass_finds(analyzer: DanishAnalyzer, windowed: DanishAnalyzer) -> None:
    lines = load_lines(bundled_dev_set()) + load_lines(DATA / "heldout.jsonl")
    text = "\n\n".join(line["text"] for line in lines)
    assert len(text) > 3 * SIZE

    def spans(found: list) -> list[tuple[str, int, int]]:
        return [(d.entity_type, d.start, d.end) for d in found]

    assert spans(windowed.analyze(text)) == spans(analyzer.analyze(text))


def test_a_value_on_a_window_boundary_is_found_whole(windowed: DanishAnalyzer) -> None:
    filler = "Der er lavet en plan for forløbet, og den følges op. "
    for shift in range(0, 120, 7):
        text = (
            filler * 44
            + "x" * shift
            + " ring på tlf. 27 19 38 46 eller skriv til anne.holm@gmail.com. "
            + filler * 30
        )
        found = {text[d.start : d.end] for d in windowed.analyze(text)}
        assert {"27 19 38 46", "anne.holm@gmail.com"} <= found, shift


def test_a_name_found_in_one_window_is_known_in_the_others(windowed: DanishAnalyzer) -> None:
    filler = "Der er lavet en plan for forløbet, og den følges op. " * 60
    text = (
        f"Per kan træffes om formiddagen.\n{filler}\nMin mentor er Per Holm.\n{filler}\n"
        "Ring til Per i morgen."
    )
    names = [(d.start, text[d.start : d.end]) for d in windowed.analyze(text) if d.entity_type == "PERSON"]
    assert [name for _, name in names] == ["Per", "Per Holm", "Per"]
    assert names[0][0] == 0  # before the window that taught it the name


def test_a_header_row_labels_its_column_in_every_window(windowed: DanishAnalyzer) -> None:
    rows = "".join(f"Post {k:04d} er ok;2{k:07d}\n" for k in range(600))
    text = "navn;mobil\n" + rows
    phones = [d for d in windowed.analyze(text) if d.entity_type == "PHONE_NUMBER"]
    assert len(text) > 4 * SIZE and len(phones) == 600
