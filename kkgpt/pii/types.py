"""Value types shared by the PII analyzer, the pseudonymiser and their callers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Action = Literal["pseudonymise", "redact", "block"]


@dataclass(frozen=True, slots=True)
class Detection:
    """One span of personal data found by the analyzer (Python string offsets, end exclusive)."""

    entity_type: str
    start: int
    end: int
    score: float

    def overlaps(self, other: Detection) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end
