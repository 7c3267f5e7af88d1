"""Use scenarios under test: which task assistants are trials, and a report per scenario built only from
figures the statistics already show (so the report can give nothing away that they do not).

Per task type and month: employees, answers and the share of answers where something was masked (the
task type breakdown); the share of messages blocked (the blocked messages by task type beside it); the share of thumbs up, the reasons given and the mean time saved where both thumbs
of the task type are shown on their own (the feedback breakdown). These are ratios of sums of groups
that are already released, never a finer grouping: a refinement subtracted from its parent could isolate
a small group, a ratio of released sums cannot say more than the sums themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import AssistantTrial, utcnow
from kkgpt.errors import InvalidInput
from kkgpt.learning.feedback import NEGATIVE_REASONS, POSITIVE_REASONS
from kkgpt.usage.anonymity import Cell, combine
from kkgpt.usage.crosstab import Crosstab
from kkgpt.usage.dimensions import METRICS
from kkgpt.usage.periods import Bucket, Granularity
from kkgpt.usage.statistics import Figures, UsageStatistics


@dataclass(frozen=True)
class Trial:
    """An assistant's trial period."""

    assistant_key: str
    starts_on: date
    ends_on: date


class TrialStore:
    """Which assistants are marked as trials, and when."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def all(self) -> dict[str, Trial]:
        """Every trial, by assistant key."""
        async with self._sessions() as session:
            rows = await session.scalars(select(AssistantTrial))
            return {r.assistant_key: Trial(r.assistant_key, r.starts_on, r.ends_on) for r in rows}

    async def mark(self, assistant_key: str, starts_on: date, ends_on: date) -> Trial:
        """Mark (or re-mark) an assistant as a trial from `starts_on` to `ends_on` (inclusive)."""
        if ends_on < starts_on:
            raise InvalidInput("Forsøget skal slutte efter, det starter.", code="invalid_trial")
        async with self._sessions.begin() as session:
            row = await session.get(AssistantTrial, assistant_key)
            if row is None:
                row = AssistantTrial(assistant_key=assistant_key, starts_on=starts_on, ends_on=ends_on)
                session.add(row)
            row.starts_on, row.ends_on, row.updated_at = starts_on, ends_on, utcnow()
        return Trial(assistant_key, starts_on, ends_on)

    async def clear(self, assistant_key: str) -> None:
        """The assistant is no longer a trial."""
        async with self._sessions.begin() as session:
            await session.execute(delete(AssistantTrial).where(AssistantTrial.assistant_key == assistant_key))


@dataclass(frozen=True)
class ScenarioMonth:
    """One task type in one month: None where the statistics do not show the figure.

    Every share and mean is a ratio of sums of one shown group (or of two shown groups of the same task
    type): the same groups the statistics release, so it says nothing a difference of shown figures
    would not (see `kkgpt.usage.dimensions.METRICS`)."""

    bucket: Bucket
    employees: int | None
    turns: int | None
    thumbs_up_share: float | None
    masked_share: float | None = None
    blocked_share: float | None = None  # blocked messages of all sent (answered or blocked)
    reasons: tuple[tuple[str, float], ...] = ()  # (reason, its share of the ratings in its direction)
    minutes_saved: float | None = None  # mean minutes per rating that said how much time was saved
    time_answers: int | None = None


def _sum(cell: Cell | None, metric: str) -> float:
    return cell.sums[METRICS["feedback"].index(metric)] if cell is not None else 0.0


def _reasons(up: Cell | None, down: Cell | None) -> tuple[tuple[str, float], ...]:
    """Each chosen reason's share of the ratings of its thumb, most chosen first; from shown groups only."""
    found = []
    for cell, reasons in ((up, POSITIVE_REASONS), (down, NEGATIVE_REASONS)):
        ratings = _sum(cell, "ratings")
        for reason in reasons:
            if cell is not None and ratings and (chosen := _sum(cell, f"reason_{reason}")):
                found.append((reason, chosen / ratings))
    return tuple(sorted(found, key=lambda item: -item[1]))


@dataclass(frozen=True)
class ScenarioFigures:
    """The breakdowns a scenario report is cut from, read once for every task type of the page."""

    tasks: Figures
    feedback: Figures
    blocked: Figures
    saved: Figures


async def scenario_figures(statistics: UsageStatistics, first: date, last: date,
                           granularity: Granularity = "month") -> ScenarioFigures:
    """The task type, feedback, blocked and time breakdowns of the range: the dashboard's buckets and groups."""
    return ScenarioFigures(*[await statistics.figures(name, first, last, granularity)
                             for name in ("task_category", "feedback", "blocked_task", "time_saved")])


def scenario_months(figures: ScenarioFigures, category: str) -> list[ScenarioMonth]:
    """The figures of one task type per bucket, cut from the breakdowns' shown groups."""
    tasks, feedback, blocked, saved = figures.tasks, figures.feedback, figures.blocked, figures.saved
    masked_at = METRICS["turns"].index("masked_turns")
    months = []
    for usage, rated, refused, timed in zip(tasks.periods, feedback.periods, blocked.periods, saved.periods,
                                            strict=True):
        row = dict(usage.table.rows).get(category) if usage.table else None
        stopped = dict(refused.table.rows).get(category) if refused.table else None
        thumbs = dict(rated.table.rows) if rated.table else {}
        up, down = thumbs.get(f"{category}:up"), thumbs.get(f"{category}:down")
        share = None
        if up is not None and down is not None:
            share = up.sums[0] / (up.sums[0] + down.sums[0])
        # The time saved is a group of its own (the ratings that said how much): shown only when k
        # employees answered, so the mean is never one person's habit.
        minutes, answers = _minutes(dict(timed.table.rows).get(category) if timed.table else None)
        masked = row.sums[masked_at] / row.sums[0] if row and row.sums[0] else None
        # Both shown on their own, or no share: "none blocked" must not stand for "too few to show".
        blocked_share = None
        if row is not None and (stopped is not None or refused.empty):
            count = stopped.sums[0] if stopped else 0.0
            blocked_share = count / (row.sums[0] + count)
        months.append(ScenarioMonth(usage.bucket, row.employees if row else None,
                                    int(row.sums[0]) if row else None, share, masked, blocked_share,
                                    _reasons(up, down), minutes, answers))
    return months


def _minutes(cell: Cell | None) -> tuple[float | None, int | None]:
    """The mean minutes saved per answer of a shown time group, and how many answers it has."""
    if cell is None or not cell.sums[0]:
        return None, None
    answers, minutes = cell.sums
    return minutes / answers, int(answers)


@dataclass(frozen=True)
class DepartmentFigures:
    """One task type in one department (None: all its other departments together); None where not shown."""

    department: str | None
    employees: int
    turns: int
    masked_share: float | None
    thumbs_up_share: float | None = None
    minutes_saved: float | None = None
    time_answers: int | None = None


@dataclass(frozen=True)
class Comparison:
    """A bucket's three cross tables (`UsageStatistics.crosstab`): answers, thumbs and time saved."""

    turns: Crosstab | None
    feedback: Crosstab | None
    time_saved: Crosstab | None


def task_compared(tables: Comparison, category: str) -> bool:
    """True when the task type is shown on its own in the month's answers (so it could be compared)."""
    return tables.turns is not None and tables.turns.row_members.get(category) == [category]


def department_comparison(tables: Comparison, category: str) -> list[DepartmentFigures] | None:
    """The task type across departments in one month; None if the task type is not shown on its own that
    month, or no department of it may be shown on its own.

    Employees, answers and the masked share come from the answers' cross table; the thumbs-up share of a
    department only where both its thumbs-up and thumbs-down cells are named in the feedback cross table,
    the time saved only where its cell is named in the time cross table (k employees who answered). The
    other departments together get no share or time: their set differs from table to table."""
    table = tables.turns
    if table is None or table.row_members.get(category) != [category]:
        return None
    turns, masked = 0, METRICS["turns"].index("masked_turns")
    thumbs = _named(tables.feedback, f"{category}:up"), _named(tables.feedback, f"{category}:down")
    timed = _named(tables.time_saved, category)

    def figures(department: str | None, cell: Cell) -> DepartmentFigures:
        share = cell.sums[masked] / cell.sums[turns] if cell.sums[turns] else None
        up, down = thumbs[0].get(department), thumbs[1].get(department)
        liked = up.sums[0] / (up.sums[0] + down.sums[0]) if up and down and department else None
        minutes, answers = _minutes(timed.get(department)) if department else (None, None)
        return DepartmentFigures(department, cell.employees, int(cell.sums[turns]), share, liked, minutes,
                                 answers)

    named = table.row(category)
    rows = [figures(department, cell) for department, cell in named if department is not None]
    if not rows:
        return None
    # The rest of the row (the row total minus the departments shown): already a figure of k or none.
    rest = [cell for department, cell in named if department is None]
    if (left := table.rest.get(category)) is not None:
        rest.append(left)
    if rest:
        rows.append(figures(None, combine(rest, len(METRICS["turns"]))))
    return rows


def _named(table: Crosstab | None, row: str) -> dict[str | None, Cell]:
    """A cross table's named cells of one row (a group shown on its own), by department."""
    if table is None or table.row_members.get(row) != [row]:
        return {}
    return {department: cell for department, cell in table.row(row)
            if department is not None and table.column_members.get(department) == [department]}
