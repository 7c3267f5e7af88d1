"""Cutting documents into parts and ranking them by BM25: pure functions, checked with small tables."""

from __future__ import annotations

import pytest

from kkgpt.documents.retrieval import Part, best_parts, bm25_scores, split_parts, words


def _count(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Hvad skriver <PERSON_1> om Boligstøtte?", ["skriver", "<PERSON_1>", "boligstøtte"]),
     ("Det er en sag for og i den", ["sag"]), ("CPR_1 og tal 2026", ["cpr", "1", "tal", "2026"])],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_parts_keep_paragraphs_together_and_fit_the_budget() -> None:
    text = "\n\n".join(f"Afsnit {n} har fem ord." for n in range(1, 11))
    parts = split_parts(text, 12, _count)
    assert all(_count(p.text) <= 12 for p in parts)
    assert [p.number for p in parts] == list(range(1, len(parts) + 1))
    assert " ".join(p.text for p in parts).split() == text.split(), "nothing is lost or doubled"
    assert parts[0].text == "Afsnit 1 har fem ord.\n\nAfsnit 2 har fem ord."


def test_a_paragraph_longer_than_a_part_is_cut_at_words() -> None:
    parts = split_parts("ord " * 25, 10, _count)
    assert [_count(p.text) for p in parts] == [10, 10, 5]


def test_bm25_prefers_the_part_about_the_question() -> None:
    texts = ["Budgettet for skoler stiger i 2026.", "Boligstøtte søges hos Udbetaling Danmark.",
             "Skoler og daginstitutioner får nye regler."]
    scores = bm25_scores("Hvordan søger man boligstøtte?", texts)
    assert scores[1] > 0 and scores[1] == max(scores) and scores[0] == 0


def test_rare_words_weigh_more_than_common_ones() -> None:
    texts = ["kommune kommune borger", "kommune parkering", "kommune affald"]
    scores = bm25_scores("kommune parkering", texts)
    assert scores.index(max(scores)) == 1


def test_best_parts_fit_the_budget_and_come_back_in_document_order() -> None:
    parts = [Part(0, n, text) for n, text in enumerate(
        ["indledning om kommunen", "parkering i indre by koster", "affald hentes om mandagen",
         "parkering for beboere kræver licens", "afslutning"], start=1)]
    chosen = best_parts("parkering licens", parts, budget=10, count=_count)
    assert [p.number for p in chosen] == [2, 4]
    assert sum(_count(p.text) for p in chosen) <= 10


def test_without_shared_words_the_beginning_comes_first() -> None:
    parts = [Part(0, n, f"del {n}") for n in range(1, 6)]
    assert [p.number for p in best_parts("xyz", parts, budget=4, count=_count)] == [1, 2]
