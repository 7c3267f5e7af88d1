"""What statistics can be grouped by: one declaration per dimension, read by the service, the API and the page.

Each dimension names its source (which rows of which table it counts), the figures summed for every
group, and the SQL expression that puts a row in exactly one group. Groups never overlap: a turn that
masked a CPR number and a name belongs to the group "DK_CPR,PERSON", not to two groups, so the
k-anonymity rules for disjoint groups apply as they are (`kkgpt.usage.anonymity`).

No dimension may refine another of the same source (say, department × task type next to task type):
a shown group of the coarse one minus shown groups of the fine one would leave a part that neither
checked. That is why feedback has one dimension, task type × thumb, and not also one by thumb alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, case, func, literal
from sqlalchemy.orm import InstrumentedAttribute

from kkgpt.db.models import Feedback, GuidelineAcceptance, UsageEvent
from kkgpt.learning.feedback import REASONS
from kkgpt.usage.crosstab import SEP

Source = Literal["turns", "feedback", "time_saved", "refusals", "blocked", "acceptances"]

#: The figures each source sums per group (besides the number of distinct employees). A new measure is
#: added here, as one more sum over the same rows of the same groups, never as a new way of grouping:
#: then every difference of shown figures is a sum over rows that the groups' employee sets already
#: cover (k or none), whatever the measure is (masked answers, minutes saved, a reason chip).
METRICS: dict[Source, tuple[str, ...]] = {
    "turns": ("turns", "input_tokens", "output_tokens", "cost_dkk", "masked_turns"),
    "feedback": ("ratings", *(f"reason_{r}" for r in REASONS)),
    # The ratings that said how much time an answer saved are rows of their own: a mean of minutes is
    # released only for a group of k employees who answered, not of k who rated (a group of raters
    # where one person said how much time was saved would give that person's minutes away).
    "time_saved": ("time_answers", "minutes_saved"),
    "refusals": ("refusals",),
    "blocked": ("blocked",),
    "acceptances": ("acceptances",),
}


@dataclass(frozen=True)
class Dimension:
    """One way of grouping: its name in the API, what it counts, and how a row finds its group."""

    name: str
    source: Source
    group: Callable[[], ColumnElement[str]]
    labels: dict[str, str]

    @property
    def metrics(self) -> tuple[str, ...]:
        """The summed figures of this dimension's source."""
        return METRICS[self.source]


def _column(column: InstrumentedAttribute) -> Callable[[], ColumnElement[str]]:
    return lambda: func.coalesce(column, "")


def _task_rating() -> ColumnElement[str]:
    """Task type and rating together ("summarising:up"): the thumbs per task type as disjoint groups."""
    return func.coalesce(Feedback.task_category, "") + ":" + case((Feedback.rating > 0, "up"), else_="down")


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        Dimension("none", "turns", lambda: literal(""), {"da": "Alle", "en": "Everyone"}),
        Dimension("department", "turns", _column(UsageEvent.department),
                  {"da": "Forvaltning/afdeling", "en": "Administration/department"}),
        Dimension("task_category", "turns", _column(UsageEvent.task_category),
                  {"da": "Opgavetype", "en": "Task type"}),
        Dimension("model", "turns", _column(UsageEvent.model), {"da": "Model", "en": "Model"}),
        Dimension("status", "turns", lambda: func.coalesce(UsageEvent.error_code, UsageEvent.status, ""),
                  {"da": "Udfald (fejl efter slags)", "en": "Outcome (errors by kind)"}),
        Dimension("entity_type", "turns", _column(UsageEvent.pii_types),
                  {"da": "Maskerede personoplysninger", "en": "Masked personal data"}),
        Dimension("special_category", "turns", _column(UsageEvent.special_categories),
                  {"da": "Følsomme emner", "en": "Sensitive topics"}),
        Dimension("feedback", "feedback", _task_rating,
                  {"da": "Feedback pr. opgavetype", "en": "Feedback by task type"}),
        Dimension("time_saved", "time_saved", _column(Feedback.task_category),
                  {"da": "Sparet tid pr. opgavetype", "en": "Time saved by task type"}),
        Dimension("blocked", "blocked", _column(UsageEvent.pii_types),
                  {"da": "Blokerede beskeder", "en": "Blocked messages"}),
        # Another partition of the same blocked messages (like department next to task type), not a refinement.
        Dimension("blocked_task", "blocked", _column(UsageEvent.task_category),
                  {"da": "Blokerede beskeder pr. opgavetype", "en": "Blocked messages by task type"}),
        Dimension("refusal", "refusals", _column(UsageEvent.status),
                  {"da": "Afvist af en grænse", "en": "Refused by a limit"}),
        # Active employees by the guideline version in force when they chatted (so accepted): the share
        # of a period's employees in the current version's group is the acceptance rate.
        Dimension("accepted_guidelines", "turns", _column(UsageEvent.guidelines),
                  {"da": "Aktive medarbejdere pr. accepteret version af retningslinjerne",
                   "en": "Active employees by accepted version of the guidelines"}),
        Dimension("guidelines", "acceptances", _column(GuidelineAcceptance.version),
                  {"da": "Accept af retningslinjer", "en": "Guidelines accepted"}),
    )
}

#: The names, for FastAPI's validation and the OpenAPI schema (derived from the registry, not typed twice).
DimensionName = Literal[tuple(DIMENSIONS)]  # type: ignore[valid-type]

#: Task type and department together, read only by the cross table (`kkgpt.usage.crosstab`). It refines two
#: dimensions, so it is never served as a dimension of its own (it is not in `DIMENSIONS`).
TASK_DEPARTMENT = Dimension(
    "task_department", "turns",
    lambda: func.coalesce(UsageEvent.task_category, "") + SEP + func.coalesce(UsageEvent.department, ""),
    {"da": "Opgavetype og afdeling", "en": "Task type and department"})


@dataclass(frozen=True)
class CrossTable:
    """A cross table of one source: its rows' breakdown, its columns' (departments) and the pairs of both."""

    rows: Dimension
    columns: Dimension
    pairs: Dimension


def _pairs(rows: Callable[[], ColumnElement[str]],
           department: InstrumentedAttribute) -> Callable[[], ColumnElement[str]]:
    return lambda: rows() + SEP + func.coalesce(department, "")


#: The scenario report compares each source's task breakdown across departments. The departments of
#: feedback are columns of cross tables only (a rating's department is recorded with it), never served.
CROSS_TABLES: dict[Source, CrossTable] = {
    "turns": CrossTable(DIMENSIONS["task_category"], DIMENSIONS["department"], TASK_DEPARTMENT),
    "feedback": CrossTable(
        DIMENSIONS["feedback"],
        Dimension("feedback_department", "feedback", _column(Feedback.department),
                  {"da": "Feedback pr. afdeling", "en": "Feedback by department"}),
        Dimension("feedback_task_department", "feedback", _pairs(_task_rating, Feedback.department),
                  {"da": "Feedback pr. opgavetype og afdeling",
                   "en": "Feedback by task type and department"})),
    "time_saved": CrossTable(
        DIMENSIONS["time_saved"],
        Dimension("time_saved_department", "time_saved", _column(Feedback.department),
                  {"da": "Sparet tid pr. afdeling", "en": "Time saved by department"}),
        Dimension("time_saved_task_department", "time_saved",
                  _pairs(_column(Feedback.task_category), Feedback.department),
                  {"da": "Sparet tid pr. opgavetype og afdeling",
                   "en": "Time saved by task type and department"})),
}
