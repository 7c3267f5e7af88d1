"""What the shield masked in a text, one line per distinct value with its count (not one per occurrence)."""

from __future__ import annotations

from dataclasses import dataclass

from kkgpt.pii.shield import ShieldResult


@dataclass(frozen=True)
class MaskedValue:
    """One distinct masked value: its type, what the model sees instead, and how often it occurs."""

    entity_type: str
    value: str
    placeholder: str
    action: str
    count: int


def masked_values(result: ShieldResult) -> list[MaskedValue]:
    """The distinct masked values of `result`, most frequent first (ties in order of first occurrence).

    Two spans are the same value when they got the same placeholder (the vault already treats `Jens Hansen`
    and `JENS HANSEN` as one person); redacted values, which share a marker such as `<CPR>`, are told apart
    by their text.
    """
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], MaskedValue] = {}
    for span in result.spans:
        value = result.original[span.start:span.end]
        key = (span.placeholder, "" if span.action == "pseudonymise" else " ".join(value.split()))
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, MaskedValue(span.entity_type, value, span.placeholder, span.action, 0))
    values = [MaskedValue(v.entity_type, v.value, v.placeholder, v.action, counts[key]) for key, v in first.items()]
    return [v for _, v in sorted(enumerate(values), key=lambda item: (-item[1].count, item[0]))]


def type_counts(values: list[MaskedValue]) -> list[dict[str, int | str]]:
    """Occurrences per entity type, most first: the API's `masked` list."""
    totals: dict[str, int] = {}
    for value in values:
        totals[value.entity_type] = totals.get(value.entity_type, 0) + value.count
    return [{"type": t, "count": c} for t, c in sorted(totals.items(), key=lambda item: -item[1])]
