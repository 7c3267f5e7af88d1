"""Usage statistics for administrators that can never point at a single person.

Every figure shown describes at least `min_users` different employees. Groups with fewer are merged into
one "other" row, and if that row is still too small the smallest visible groups join it until it is not;
so no shown row (and no difference between the total and the shown rows) covers fewer than `min_users`
people. Figures are monthly; the usage log itself keeps only the hour, never text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import Feedback, UsageEvent

DIMENSIONS = ("department", "task_category", "model")
OTHER = "__other__"
NONE = "__none__"


@dataclass
class Counts:
    """Sums for one employee (or one group) in a period."""

    turns: int = 0
    errors: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    with_pii: int = 0
    with_special: int = 0

    def add(self, other: Counts) -> None:
        """Add another set of sums to this one."""
        self.turns += other.turns
        self.errors += other.errors
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.with_pii += other.with_pii
        self.with_special += other.with_special


@dataclass(frozen=True)
class GroupRow:
    """One shown row: a group (or the merged small groups) with at least `min_users` employees."""

    label: str
    users: int
    counts: Counts
    merged_groups: int = 1


@dataclass(frozen=True)
class Report:
    """Rows for one dimension and period; `total` is None when the whole period has too few employees."""

    dimension: str
    period: str
    min_users: int
    rows: list[GroupRow]
    total: GroupRow | None
    suppressed_groups: int = 0
    notes: list[str] = field(default_factory=list)


def anonymise(per_group: Mapping[str, Mapping[str, Counts]], min_users: int) -> tuple[list[GroupRow], GroupRow | None]:
    """Rows that each cover at least `min_users` distinct employees, small groups merged into OTHER.

    `per_group` maps a group label to {pseudonymous user key: that user's counts in the group}.
    """
    everyone: dict[str, Counts] = defaultdict(Counts)
    for users in per_group.values():
        for key, counts in users.items():
            everyone[key].add(counts)
    if len(everyone) < min_users:
        return [], None
    total = GroupRow("total", len(everyone), _sum(everyone.values()), len(per_group))

    ordered = sorted(per_group, key=lambda g: (len(per_group[g]), g))
    small = [g for g in ordered if len(per_group[g]) < min_users]
    large = [g for g in ordered if len(per_group[g]) >= min_users]
    bucket_users: set[str] = {key for g in small for key in per_group[g]}
    merged = list(small)
    while merged and len(bucket_users) < min_users and large:
        smallest = large.pop(0)  # sacrifice the smallest visible group so the bucket is large enough
        merged.append(smallest)
        bucket_users |= set(per_group[smallest])

    rows = [GroupRow(g, len(per_group[g]), _sum(per_group[g].values())) for g in large]
    rows.sort(key=lambda row: (-row.counts.turns, row.label))
    if merged:
        bucket: dict[str, Counts] = defaultdict(Counts)
        for g in merged:
            for key, counts in per_group[g].items():
                bucket[key].add(counts)
        rows.append(GroupRow(OTHER, len(bucket), _sum(bucket.values()), len(merged)))
    return rows, total


def _sum(items: Iterable[Counts]) -> Counts:
    total = Counts()
    for item in items:
        total.add(item)
    return total


def month_bounds(period: str) -> tuple[datetime, datetime]:
    """The first instant of the month `YYYY-MM` and of the month after it (UTC)."""
    start = datetime.strptime(period, "%Y-%m").replace(tzinfo=UTC)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end


class UsageStatistics:
    """Reads the usage log and feedback into anonymised monthly reports."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, min_users: int) -> None:
        self._sessions = sessions
        self.min_users = min_users

    async def months(self) -> list[str]:
        """Months that have usage events, newest first."""
        async with self._sessions() as session:
            hours = await session.scalars(select(UsageEvent.hour).distinct())
            return sorted({hour.strftime("%Y-%m") for hour in hours}, reverse=True)

    async def report(self, dimension: str, period: str) -> Report:
        """Turns, employees, tokens, errors and shield signals per group in one month."""
        if dimension not in DIMENSIONS:
            raise ValueError(f"unknown dimension {dimension!r}")
        start, end = month_bounds(period)
        column = getattr(UsageEvent, dimension)
        query = (
            select(
                column,
                UsageEvent.user_key,
                func.count(),
                func.sum(case((UsageEvent.status == "error", 1), else_=0)),
                func.sum(UsageEvent.input_tokens),
                func.sum(UsageEvent.output_tokens),
                func.sum(case((UsageEvent.pii_types != "", 1), else_=0)),
                func.sum(case((UsageEvent.special_categories != "", 1), else_=0)),
            )
            .where(UsageEvent.hour >= start, UsageEvent.hour < end, UsageEvent.kind == "turn")
            .group_by(column, UsageEvent.user_key)
        )
        per_group: dict[str, dict[str, Counts]] = defaultdict(dict)
        async with self._sessions() as session:
            for group, key, turns, errors, tokens_in, tokens_out, pii, special in await session.execute(query):
                per_group[group or NONE][key] = Counts(turns, errors or 0, tokens_in or 0, tokens_out or 0,
                                                       pii or 0, special or 0)
        rows, total = anonymise(per_group, self.min_users)
        hidden = sum(1 for g in per_group.values() if len(g) < self.min_users)
        return Report(dimension, period, self.min_users, rows, total, suppressed_groups=hidden)

    async def feedback(self, period: str) -> list[tuple[str, int, int, dict[str, int]]]:
        """Per task category: thumbs up, thumbs down and reason counts (categories under min_users merged)."""
        start, end = month_bounds(period)
        async with self._sessions() as session:
            result = await session.execute(
                select(Feedback.task_category, Feedback.user_key, Feedback.rating, Feedback.reasons)
                .where(Feedback.created_at >= start, Feedback.created_at < end)
            )
            raw = list(result)
        per_group: dict[str, dict[str, Counts]] = defaultdict(dict)
        for category, key, _, _ in raw:
            per_group[category or NONE].setdefault(key, Counts(turns=1))
        rows, _ = anonymise(per_group, self.min_users)
        labels = {row.label for row in rows}
        summary: dict[str, tuple[int, int, dict[str, int]]] = {}
        for category, _, rating, reasons in raw:
            label = category or NONE
            label = label if label in labels else OTHER
            up, down, counts = summary.get(label, (0, 0, {}))
            for reason in filter(None, reasons.split(",")):
                counts[reason] = counts.get(reason, 0) + 1
            summary[label] = (up + (rating == 1), down + (rating == -1), counts)
        return [(label, *summary[label]) for label in (row.label for row in rows) if label in summary]
