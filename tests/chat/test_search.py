"""The pure parts of search: the query's pattern and the snippet around a hit."""

from __future__ import annotations

import pytest

from kkgpt.chat.search import query_pattern, snippet
from kkgpt.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("Brev til Jens Hansen", "jens hansen", ["Jens Hansen"]),
        ("Brev til Jens\n  Hansen", "jens hansen", ["Jens Hansen"]),  # the snippet is one line
        ("a+b (c) og a+b", "a+b", ["a+b", "a+b"]),  # the query is text, not a pattern
        ("Æblerne i Ålborg", "ålborg", ["Ålborg"]),
    ],
)
def test_hits_are_marked_in_the_snippet(text: str, query: str, marked: list[str]) -> None:
    found = snippet(text, query_pattern(query))
    assert found is not None
    assert [found.text[s:e] for s, e in found.highlights] == marked


def test_a_long_text_is_cut_around_the_first_hit_at_spaces() -> None:
    text = " ".join(f"ord{n}" for n in range(200)) + " boligstøtte " + " ".join(f"tal{n}" for n in range(200))
    found = snippet(text, query_pattern("boligstøtte"))
    assert found.text.startswith("…ord") and found.text.endswith("…")
    assert len(found.text) < 180
    assert [found.text[s:e] for s, e in found.highlights] == ["boligstøtte"]
    assert all(word.startswith(("ord", "tal", "boligstøtte", "…")) for word in found.text.split())


def test_no_hit_no_snippet() -> None:
    assert snippet("Intet her", query_pattern("noget")) is None


@pytest.mark.parametrize("query", ["", "   \n"])
def test_an_empty_query_is_refused(query: str) -> None:
    with pytest.raises(InvalidInput):
        query_pattern(query)
