"""Scoring rules of the dev set README, on hand-made lines."""

from __future__ import annotations

import pytest

from kkgpt.pii.evaluation import covered_chars, f_beta, format_report, score
from kkgpt.pii.types import Detection


def line(text: str, *spans: tuple[str, str], category: str = "soc", id: str = "x") -> dict:
    """A dev-set line with spans given by their text (first occurrence)."""
    entities = [{"type": t, "start": text.index(s), "end": text.index(s) + len(s), "text": s}
                for t, s in spans]
    return {"id": id, "category": category, "text": text, "entities": entities}


def detector(*found: tuple[str, str]):
    """A detect function that finds the given (type, substring) pairs in any text."""
    def detect(text: str) -> list[Detection]:
        return [Detection(t, text.index(s), text.index(s) + len(s), 0.9) for t, s in found if s in text]
    return detect


@pytest.mark.parametrize(
    ("start", "end", "detections", "covered"),
    [
        (0, 10, [], 0),
        (0, 10, [Detection("PERSON", 0, 10, 1)], 10),
        (0, 10, [Detection("PERSON", 2, 4, 1), Detection("PERSON", 3, 6, 1)], 4),   # overlap counted once
        (5, 10, [Detection("PERSON", 0, 7, 1), Detection("PERSON", 9, 20, 1)], 3),
    ],
)
def test_covered_chars(start: int, end: int, detections: list[Detection], covered: int) -> None:
    assert covered_chars(start, end, detections) == covered


def test_f2_weights_recall_more_than_precision() -> None:
    assert f_beta(1.0, 1.0) == 1.0
    assert f_beta(0.5, 1.0) > f_beta(1.0, 0.5)
    assert f_beta(0.0, 1.0) == 0.0


def test_half_coverage_of_any_type_catches_a_span() -> None:
    lines = [line("Ring til Anne Sofie Jensen nu", ("PERSON", "Anne Sofie Jensen"))]
    assert score(lines, detector(("DK_ADDRESS", "Anne Sofie J")))["recall"] == 1.0   # 12 of 17 chars
    result = score(lines, detector(("PERSON", "Anne")))                              # 4 of 17 chars
    assert result["recall"] == 0.0 and result["misses"][0]["text"] == "Anne Sofie Jensen"
    assert result["leaked_char_share"] == pytest.approx(13 / 17)


def test_type_agreement_reports_caught_spans_with_the_mapped_type() -> None:
    lines = [line("Bank DK50 0040 0440 1162 43 og Bo", ("BANK", "DK50 0040 0440 1162 43"), ("PERSON", "Bo"))]
    result = score(lines, detector(("IBAN_CODE", "DK50 0040 0440 1162 43"), ("DK_CPR", "Bo")))
    assert result["recall"] == 1.0 and result["type_agreement"] == 0.5


def test_precision_counts_detections_outside_marked_spans_and_ignores_ign() -> None:
    lines = [
        line("Anne bor på Plejecenter Sølund", ("PERSON", "Anne"), ("IGN", "Plejecenter Sølund")),
        line("Lav en dagsorden for mødet i Valby", category="neg"),
    ]
    result = score(lines, detector(("PERSON", "Anne"), ("PERSON", "Sølund"), ("PERSON", "Valby")))
    assert result["detected"] == 2                  # the IGN overlap counts neither way
    assert result["precision"] == 0.5
    assert result["neg_false_positives"] == 1
    assert [fp["text"] for fp in result["false_positives"]] == ["Valby"]


def test_per_type_recall_and_counts() -> None:
    lines = [line("Anne, 010170-1234 og Bo", ("PERSON", "Anne"), ("CPR", "010170-1234"), ("PERSON", "Bo"))]
    result = score(lines, detector(("PERSON", "Anne"), ("DK_CPR", "010170-1234")))
    assert result["per_type_recall"] == {"CPR": 1.0, "PERSON": 0.5}
    assert result["per_type_counts"] == {"CPR": (1, 1), "PERSON": (1, 2)}


def test_no_spans_and_no_detections_is_perfect() -> None:
    result = score([line("Giv tre råd til kortere mails", category="neg")], detector())
    assert (result["recall"], result["precision"], result["neg_false_positives"]) == (1.0, 1.0, 0)


def test_report_lists_misses_and_false_positives() -> None:
    lines = [line("Anne og Valby", ("PERSON", "Anne"))]
    report = format_report(score(lines, detector(("PERSON", "Valby"))))
    assert "miss x PERSON: 'Anne'" in report and "FP   x PERSON: 'Valby'" in report
