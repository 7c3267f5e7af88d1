"""Quality gates on the dev set and on our own held-out set (written before tuning).

Scored on the shield's `analyze`: the analyzer with the shipped policy's thresholds and allow-list, the same
pipeline the chat and `kkgpt pii eval` use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kkgpt.pii.evaluation import format_report, load_lines, score
from tests.devset import devset_path

HELDOUT = Path(__file__).resolve().parent / "data/heldout.jsonl"


@pytest.fixture(scope="module")
def dev_result(pii):
    return score(load_lines(devset_path()), pii.analyze)


@pytest.fixture(scope="module")
def heldout_result(pii):
    return score(load_lines(HELDOUT), pii.analyze)


def test_dev_recall(dev_result) -> None:
    assert dev_result["recall"] >= 0.97, format_report(dev_result)


@pytest.mark.parametrize("span_type", ["CPR", "EMAIL", "PHONE", "BANK"])
def test_dev_recall_is_complete_for_identifiers(dev_result, span_type: str) -> None:
    assert dev_result["per_type_recall"][span_type] == 1.0, format_report(dev_result)


def test_dev_person_recall(dev_result) -> None:
    assert dev_result["per_type_recall"]["PERSON"] >= 0.95, format_report(dev_result)


def test_dev_precision(dev_result) -> None:
    assert dev_result["precision"] >= 0.92, format_report(dev_result)


def test_dev_negative_lines(dev_result) -> None:
    assert dev_result["neg_false_positives"] <= 1, format_report(dev_result)


def test_heldout_recall_and_precision(heldout_result) -> None:
    assert heldout_result["recall"] >= 0.93, format_report(heldout_result)
    assert heldout_result["precision"] >= 0.85, format_report(heldout_result)
    assert heldout_result["neg_false_positives"] <= 2, format_report(heldout_result)


def test_heldout_covers_every_category() -> None:
    lines = load_lines(HELDOUT)
    assert len(lines) >= 40
    assert {"PERSON", "CPR", "PHONE", "EMAIL", "ADDRESS", "BANK", "PLATE"} <= {
        e["type"] for line in lines for e in line["entities"]}
    assert {"neg", "en"} <= {line["category"] for line in lines}
