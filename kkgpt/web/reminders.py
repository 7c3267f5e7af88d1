"""Contextual reminders: when the shield masks or flags something, point to the guideline that applies."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kkgpt.guidelines.loader import GuidelineSet


@dataclass(frozen=True)
class Reminder:
    """One sentence for the guideline panel, and the point it refers to."""

    text: str
    level: str  # "info", "warning" or "error"
    number: int | None
    title: str | None


def build_reminders(
    *,
    entity_types: Iterable[str],
    special_categories: Iterable[str],
    blocked_reasons: Iterable[str],
    guidelines: GuidelineSet,
    language: str,
    t: Callable[..., str],
    sent: bool,
) -> list[Reminder]:
    """Reminders for what the shield did (`sent`: past tense, after the message went to the model)."""
    tense = "sent" if sent else "draft"
    entity_types = [e for e in dict.fromkeys(entity_types) if e != "LITERAL"]
    special_categories = list(dict.fromkeys(special_categories))
    blocked = list(dict.fromkeys(blocked_reasons))

    def point(trigger: str) -> tuple[int | None, str | None]:
        found = guidelines.point_for(trigger, language)
        return (found.number, found.title) if found else (None, None)

    reminders: list[Reminder] = []
    if blocked:
        names = ", ".join(reason_label(t, r) for r in blocked)
        reminders.append(Reminder(t("reminder.blocked", reasons=names), "error", *point(blocked[0])))
    if "DK_CPR" in entity_types and "DK_CPR" not in blocked:
        reminders.append(Reminder(t(f"reminder.cpr.{tense}"), "info", *point("DK_CPR")))
    others = [e for e in entity_types if e not in ("DK_CPR", *blocked)]
    if others:
        kinds = ", ".join(t(f"pii.type.{e}").lower() for e in others)
        # The first kind a guideline point names (a kind added later may not be named by one yet).
        linked = next((point(e) for e in others if point(e)[0] is not None), (None, None))
        reminders.append(Reminder(t(f"reminder.pii.{tense}", kinds=kinds), "info", *linked))
    if special_categories:
        names = ", ".join(t(f"special.{c}") for c in special_categories)
        reminders.append(Reminder(t("reminder.special", categories=names), "warning", *point(special_categories[0])))
    return reminders


def reason_label(t: Callable[..., str], reason: str) -> str:
    """The employee-facing name of a block reason: a PII type or a special category."""
    key = f"pii.type.{reason}"
    label = t(key)
    return label.lower() if label != key else t(f"special.{reason}")
