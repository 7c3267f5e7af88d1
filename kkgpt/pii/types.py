"""Value types shared by the PII analyzer, the pseudonymiser and their callers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Presidio entity type -> the label used in placeholders the model sees (`<PERSON_1>`).
PLACEHOLDER_LABELS: dict[str, str] = {
    "PERSON": "PERSON",
    "DK_CPR": "CPR",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "DK_ADDRESS": "ADDRESS",
    "DK_BANK_ACCOUNT": "BANK_ACCOUNT",
    "IBAN_CODE": "IBAN",
    "CREDIT_CARD": "CREDIT_CARD",
    "DK_LICENSE_PLATE": "LICENSE_PLATE",
}

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
