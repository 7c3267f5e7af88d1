"""Hand-written fakes for the shield's collaborators, so its tests need neither spaCy nor Presidio."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from kkgpt.pii.entities import EntityRegistry
from kkgpt.pii.policy import Policy, parse_policy
from kkgpt.pii.special_categories import CategoryMatch, SpecialCategoryFindings
from kkgpt.pii.types import Detection


class FakeAnalyzer:
    """Finds regexes per entity type (a plain word is a regex too); leftmost, then longest, wins overlaps."""

    def __init__(self, patterns: Mapping[str, str | Iterable[str]], score: float = 0.9) -> None:
        self._patterns = [
            (entity_type, re.compile(p))
            for entity_type, ps in patterns.items()
            for p in ([ps] if isinstance(ps, str) else ps)
        ]
        self._score = score
        self.calls: list[str] = []

    def analyze(self, text: str) -> list[Detection]:
        """All matches, made sorted and non-overlapping like the real analyzer's output."""
        self.calls.append(text)
        found = [
            Detection(entity_type, m.start(), m.end(), self._score)
            for entity_type, pattern in self._patterns
            for m in pattern.finditer(text)
            if m.end() > m.start()
        ]
        kept: list[Detection] = []
        for d in sorted(found, key=lambda d: (d.start, -(d.end - d.start))):
            if not kept or d.start >= kept[-1].end:
                kept.append(d)
        return kept


class FixedAnalyzer:
    """Returns the detections it was given, whatever the text (for property tests with arbitrary spans)."""

    def __init__(self, detections: Sequence[Detection]) -> None:
        self._detections = list(detections)

    def analyze(self, text: str) -> list[Detection]:
        """The given detections."""
        return list(self._detections)


class FakeSpecialDetector:
    """Flags a category wherever one of its words occurs (exact, case-sensitive)."""

    def __init__(self, words: Mapping[str, Iterable[str]] | None = None) -> None:
        self._words = {category: tuple(ws) for category, ws in (words or {}).items()}

    def detect(self, text: str) -> SpecialCategoryFindings:
        """Every occurrence of every word."""
        matches = [
            CategoryMatch(category, m.start(), m.end())
            for category, words in self._words.items()
            for word in words
            for m in re.finditer(re.escape(word), text)
        ]
        return SpecialCategoryFindings(tuple(sorted(matches, key=lambda m: (m.start, m.category))))


def make_policy(
    entities: Mapping[str, Mapping[str, object]] | None = None,
    *,
    action: str = "pseudonymise",
    threshold: float = 0.0,
    allow: Sequence[str] = (),
    special_mode: str = "warn",
) -> Policy:
    """A policy built the way a TOML file would be, so tests go through the same validation; the kinds'
    own defaults are left out, so `action` and `threshold` apply to every type the test does not name."""
    return parse_policy(
        {
            "defaults": {"action": action, "threshold": threshold},
            "entities": {k: dict(v) for k, v in (entities or {}).items()},
            "allow_list": {"terms": list(allow)},
            "special_categories": {"mode": special_mode},
        },
        source="<test>",
        entities=EntityRegistry(()),
    )
