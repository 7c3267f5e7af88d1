"""Usage statistics for administrators that can never point at a single person.

Figures come in fixed calendar buckets (`kkgpt.usage.periods`) and are cut from one publication per
calendar month and dimension (`kkgpt.usage.anonymity`), so every shown figure covers at least
`min_users` employees and no difference of shown figures covers fewer. Publications are computed from
the usage log once per month, dimension and last complete day, and kept (in this process) as long as the
log's rows for that month do not change: the raw log stays the only truth, the cache is its rollup.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, case, distinct, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import Feedback, UsageEvent, utcnow
from kkgpt.usage.anonymity import Cell, MonthPublication, Table, UserIndex, bucket_table
from kkgpt.usage.dimensions import DIMENSIONS, Dimension
from kkgpt.usage.periods import Bucket, Granularity, buckets, last_complete_day, month_of, next_month

logger = logging.getLogger(__name__)
OTHER = "__other__"
CACHE_SIZE = 512
Prices = Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class Period:
    """One bucket's figures: None where nothing may be shown (too few employees, or it would give some away)."""

    bucket: Bucket
    table: Table | None


@dataclass(frozen=True)
class Figures:
    """An answer: the buckets of the range, each with its rows, for one dimension (and maybe one department)."""

    dimension: Dimension
    granularity: Granularity
    first: date
    last: date
    through: date
    min_users: int
    department: str | None
    periods: list[Period]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


class UsageStatistics:
    """Reads the usage log and feedback into anonymised figures (see the module docstring)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, min_users: int, prices: Prices | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._sessions = sessions
        self.min_users = min_users
        self.prices = dict(prices or {})
        self.clock = clock
        self._cache: OrderedDict[tuple, MonthPublication] = OrderedDict()
        self._users = UserIndex()

    def through(self) -> date:
        """The last day that may be shown: yesterday."""
        return last_complete_day(self.clock())

    async def first_day(self) -> date | None:
        """The first day with usage, if any."""
        async with self._sessions() as session:
            first = await session.scalar(select(func.min(UsageEvent.hour)))
        return first.date() if first else None

    async def figures(self, dimension: str, first: date, last: date, granularity: Granularity, *,
                      department: str | None = None) -> Figures:
        """The figures of every complete bucket that overlaps `first`..`last`."""
        dim = DIMENSIONS[dimension]
        through = self.through()
        wanted = buckets(first, last, granularity, through=through)
        months = sorted({m for b in wanted for m in b.months})
        source = DIMENSIONS["department"] if department is not None else dim
        width = len(source.metrics)
        async with self._sessions() as session:
            pubs = await self._publications(session, source, months, through)
        periods = []
        for bucket in wanted:
            table = bucket_table(pubs, bucket, width)
            if department is not None and table is not None:
                table = _only(table, department)
            periods.append(Period(bucket, table))
        return Figures(dim if department is None else DIMENSIONS["none"], granularity, first, last, through,
                       self.min_users, department, periods)

    async def named(self, dimension: str, first: date, last: date, granularity: Granularity) -> list[str]:
        """The groups named (shown on their own) in some month of the range: e.g. the departments to filter by."""
        through = self.through()
        months = sorted({m for b in buckets(first, last, granularity, through=through) for m in b.months})
        async with self._sessions() as session:
            pubs = await self._publications(session, DIMENSIONS[dimension], months, through)
        return sorted(set().union(*(p.named for p in pubs.values())) - {""})

    # --- the rollup: one publication per month, dimension and last complete day ---

    async def _publications(self, session: AsyncSession, dim: Dimension, months: list[date],
                            through: date) -> dict[date, MonthPublication]:
        versions = await self._versions(session, dim, months, through) if months else {}
        return {m: await self._publication(session, dim, m, through, versions.get(m, (0, None))) for m in months}

    async def _publication(self, session: AsyncSession, dim: Dimension, month: date, through: date,
                           version: tuple[int, int | None]) -> MonthPublication:
        key = (dim.name, month, through, version)
        if (cached := self._cache.get(key)) is not None:
            self._cache.move_to_end(key)
            return cached
        start, end = _at(month), _at(min(next_month(month), through + timedelta(days=1)))
        cells = await self._cells(session, dim, start, end) if version[0] and start < end else {}
        publication = MonthPublication.build(month, through, cells, k=self.min_users, width=len(dim.metrics))
        self._cache[key] = publication
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return publication

    async def _versions(self, session: AsyncSession, dim: Dimension, months: list[date],
                        through: date) -> dict[date, tuple[int, int | None]]:
        """Per month: how many rows the source table has so far and the newest id. One index-only scan of
        the time index for all months; a change in either (new rows, deleted rows) means new figures."""
        table, when, _ = _source(dim)
        dialect = session.get_bind().dialect.name
        month = _month(when, dialect)
        start, end = _at(months[0]), _at(min(next_month(months[-1]), through + timedelta(days=1)))
        if start >= end:
            return {}
        query = select(month, func.count(), func.max(table.id)).where(when >= start, when < end).group_by(month)
        return {date.fromisoformat(f"{label}-01"): (int(count), newest)
                for label, count, newest in await session.execute(query)}

    async def _cells(self, session: AsyncSession, dim: Dimension, start: datetime,
                     end: datetime) -> dict[date, dict[str, Cell]]:
        dialect = session.get_bind().dialect.name
        table, when, where = _source(dim)
        day = _day(when, dialect)
        group = dim.group().label("grp")
        users = (func.string_agg(distinct(table.user_key), literal_column("','")) if dialect == "postgresql"
                 else func.group_concat(distinct(table.user_key)))
        query: Select = (select(day.label("day"), group, users, *self._sums(dim))
                         .where(when >= start, when < end, *where).group_by(day, group))
        cells: dict[date, dict[str, Cell]] = {}
        for row_day, row_group, keys, *sums in await session.execute(query):
            on = date.fromisoformat(str(row_day)[:10])
            cells.setdefault(on, {})[row_group or ""] = Cell(self._users.mask(keys.split(",")),
                                                             tuple(float(s or 0) for s in sums))
        return cells

    def _sums(self, dim: Dimension) -> list[ColumnElement]:
        if dim.source != "turns":
            return [func.count()]
        price = _cost(self.prices)
        return [func.count(), func.sum(UsageEvent.input_tokens), func.sum(UsageEvent.output_tokens), func.sum(price)]


def _cost(prices: Prices) -> ColumnElement:
    """DKK for a turn: its input and output tokens at the model's price per 1,000 (0 for unknown models)."""
    if not prices:
        return UsageEvent.input_tokens * 0.0
    return case(
        *((UsageEvent.model == model,
           UsageEvent.input_tokens * (inp / 1000) + UsageEvent.output_tokens * (out / 1000))
          for model, (inp, out) in prices.items()),
        else_=0.0,
    )


def _source(dim: Dimension):
    """The table, its time column and the filter of a dimension's source."""
    if dim.source == "feedback":
        return Feedback, Feedback.created_at, ()
    kind = {"turns": "turn", "refusals": "quota_refused", "blocked": "blocked"}[dim.source]
    return UsageEvent, UsageEvent.hour, (UsageEvent.kind == kind,)


def _month(column, dialect: str) -> ColumnElement:
    """The UTC calendar month of a timestamp, as `YYYY-MM` text."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.substr(column, 1, 7)


def _day(column, dialect: str) -> ColumnElement:
    """The UTC calendar day of a timestamp, as `YYYY-MM-DD` text."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.substr(column, 1, 10)  # SQLite keeps UTC timestamps as ISO text


def _only(table: Table, group: str) -> Table | None:
    """One group's row as a table of its own (the department filter), or None if it is not shown."""
    for label, cell in table.rows:
        if label == group:
            return Table([], None, 0, cell)
    return None


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s to `last`'s."""
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months
