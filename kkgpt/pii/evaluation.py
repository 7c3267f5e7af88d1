"""Scoring a detector on marked prompts by the dev set's rules (`shared/pii/README.md`).

A marked span is caught when detections of any type cover at least half of its characters. A detection
that overlaps no marked span is a false positive, except that detections touching an IGN span are neither
rewarded nor penalised. Recall, precision, F2 (recall weighted four times), the share of marked characters
left uncovered, per-type recall and the false positives on `neg` lines are reported, with the misses and
false positives themselves for debugging; recall per line category too (e.g. `informal`). Pure
functions: no I/O except `load_lines`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from kkgpt.pii.entities import BUILTIN_ENTITIES, EntityRegistry
from kkgpt.pii.types import Detection

#: Span type that is neither rewarded nor penalised (an institution, an internal id).
IGNORED = "IGN"

#: Category of lines that hold no personal data.
NEGATIVE_CATEGORY = "neg"


def bundled_dev_set() -> Path:
    """The Danish dev set shipped with KK-GPT (`kkgpt/pii/data/dev.jsonl`): `kkgpt pii eval`'s default."""
    return Path(str(resources.files("kkgpt.pii").joinpath("data", "dev.jsonl")))


def load_lines(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL file of marked prompts."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def covered_chars(start: int, end: int, detections: Iterable[Detection]) -> int:
    """How many characters of [start, end) the detections cover (overlaps counted once)."""
    intervals = sorted((max(start, d.start), min(end, d.end))
                       for d in detections if d.start < end and start < d.end)
    total, reach = 0, start
    for lo, hi in intervals:
        lo = max(lo, reach)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


def f_beta(precision: float, recall: float, beta: float = 2.0) -> float:
    """The F-beta score; beta=2 weights recall four times as much as precision."""
    if precision <= 0 or recall <= 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def score(lines: Sequence[Mapping[str, Any]], detect: Callable[[str], list[Detection]],
          entities: EntityRegistry = BUILTIN_ENTITIES) -> dict[str, Any]:
    """Score `detect` on marked lines; see the module docstring for the rules. A caught span's type agrees
    when a detection over it is of a kind whose `eval_types` name the span's type."""
    type_map = entities.eval_types()
    marked = caught = marked_chars = leaked_chars = typed = 0
    true_detections = false_detections = negative_fps = 0
    per_type: dict[str, list[int]] = {}
    per_category: dict[str, list[int]] = {}
    misses: list[dict[str, Any]] = []
    false_positives: list[dict[str, Any]] = []
    for line in lines:
        text = line["text"]
        detections = detect(text)
        spans = [e for e in line.get("entities", ()) if e["type"] != IGNORED]
        ignored = [e for e in line.get("entities", ()) if e["type"] == IGNORED]
        for span in spans:
            start, end = span["start"], span["end"]
            length = end - start
            covered = covered_chars(start, end, detections)
            counts = per_type.setdefault(span["type"], [0, 0])
            counts[1] += 1
            by_category = per_category.setdefault(str(line.get("category", "")), [0, 0])
            by_category[1] += 1
            marked += 1
            marked_chars += length
            leaked_chars += length - covered
            if 2 * covered >= length:
                caught += 1
                counts[0] += 1
                by_category[0] += 1
                types = {d.entity_type for d in detections if d.start < end and start < d.end}
                typed += bool(types & type_map.get(span["type"], frozenset()))
            else:
                misses.append({"id": line.get("id"), "type": span["type"], "text": text[start:end],
                               "covered": covered})
        for d in detections:
            if any(d.start < s["end"] and s["start"] < d.end for s in spans):
                true_detections += 1
            elif any(d.start < s["end"] and s["start"] < d.end for s in ignored):
                continue
            else:
                false_detections += 1
                negative_fps += line.get("category") == NEGATIVE_CATEGORY
                false_positives.append({"id": line.get("id"), "type": d.entity_type,
                                        "text": text[d.start:d.end], "score": d.score,
                                        "category": line.get("category")})
    recall = caught / marked if marked else 1.0
    detected = true_detections + false_detections
    precision = true_detections / detected if detected else 1.0
    return {
        "recall": recall,
        "precision": precision,
        "f2": f_beta(precision, recall),
        "leaked_char_share": leaked_chars / marked_chars if marked_chars else 0.0,
        "per_type_recall": {t: c[0] / c[1] for t, c in sorted(per_type.items())},
        "per_type_counts": {t: tuple(c) for t, c in sorted(per_type.items())},
        "per_category_recall": {c: n[0] / n[1] for c, n in sorted(per_category.items())},
        "type_agreement": typed / caught if caught else 1.0,
        "neg_false_positives": negative_fps,
        "marked": marked,
        "caught": caught,
        "detected": detected,
        "misses": misses,
        "false_positives": false_positives,
    }


def format_report(result: Mapping[str, Any]) -> str:
    """A short human-readable summary of a `score` result."""
    per_type = ", ".join(f"{t} {r:.2f}" for t, r in result["per_type_recall"].items())
    per_category = ", ".join(f"{c} {r:.2f}" for c, r in result["per_category_recall"].items())
    lines = [
        f"recall {result['recall']:.3f}  precision {result['precision']:.3f}  F2 {result['f2']:.3f}  "
        f"leaked chars {result['leaked_char_share']:.3f}  neg FPs {result['neg_false_positives']}",
        f"per type: {per_type}",
        f"per category: {per_category}",
    ]
    lines += [f"  miss {m['id']} {m['type']}: {m['text']!r}" for m in result["misses"]]
    lines += [f"  FP   {f['id']} {f['type']}: {f['text']!r} ({f['score']})"
              for f in result["false_positives"]]
    return "\n".join(lines)
