"""Use scenarios under test: which task assistants are trials, and a report per scenario built only from
figures the statistics already show (so the report can give nothing away that they do not).

Per task type and month: employees and answers (the task type breakdown), and the share of thumbs up
where both thumbs of the task type are shown on their own (the feedback breakdown). Finer figures, such
as time saved or masked data per task type or department, would refine a breakdown that is already
shown, and a refinement subtracted from its parent can isolate a small group; they are not reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import AssistantTrial, utcnow
from kkgpt.errors import InvalidInput
from kkgpt.usage.periods import Bucket
from kkgpt.usage.statistics import UsageStatistics


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
    """One task type in one month: None where the statistics do not show the figure."""

    bucket: Bucket
    employees: int | None
    turns: int | None
    thumbs_up_share: float | None


async def scenario_months(statistics: UsageStatistics, category: str, first: date,
                          last: date) -> list[ScenarioMonth]:
    """The month-by-month figures of one task type, cut from the task type and feedback breakdowns."""
    tasks = await statistics.figures("task_category", first, last, "month")
    feedback = await statistics.figures("feedback", first, last, "month")
    months = []
    for usage, rated in zip(tasks.periods, feedback.periods, strict=True):
        row = dict(usage.table.rows).get(category) if usage.table else None
        thumbs = dict(rated.table.rows) if rated.table else {}
        up, down = thumbs.get(f"{category}:up"), thumbs.get(f"{category}:down")
        share = None
        if up is not None and down is not None:
            share = up.sums[0] / (up.sums[0] + down.sums[0])
        months.append(ScenarioMonth(usage.bucket, row.employees if row else None,
                                    int(row.sums[0]) if row else None, share))
    return months
