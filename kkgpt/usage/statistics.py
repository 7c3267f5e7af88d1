"""Usage statistics for administrators that can never point at a single person.

Figures come in fixed calendar buckets (`kkgpt.usage.periods`) and are cut from one publication per
calendar month and dimension (`kkgpt.usage.anonymity`), so every shown figure covers at least
`min_users` employees and no difference of shown figures covers fewer. Publications are computed from
the usage log once per month, dimension and last complete day, and kept (in this process) as long as the
log's rows for that month do not change: the raw log stays the only truth, the cache is its rollup.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from time import perf_counter

from sqlalchemy import ColumnElement, Select, case, delete, distinct, func, literal, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import Feedback, GuidelineAcceptance, UsageEvent, UsageRollup, utcnow
from kkgpt.learning.feedback import REASONS, TIME_SAVED
from kkgpt.usage.anonymity import Cell, MonthPublication, Table, UserIndex, bucket_table
from kkgpt.usage.crosstab import Crosstab, crosstab
from kkgpt.usage.dimensions import CROSS_TABLES, DIMENSIONS, METRICS, TASK_DEPARTMENT, Dimension, Source
from kkgpt.usage.periods import (
    TIMEZONE,
    Bucket,
    Granularity,
    buckets,
    day_start,
    last_complete_day,
    local_day,
    month_of,
    next_month,
)

logger = logging.getLogger(__name__)
ROLLED = "\x1f"  # the rollup row that says a day is rolled up (it may have had no events at all)
CACHE_SIZE = 512
# Small tables, read raw (feedback also changes in place); the usage log is read through rollups.
RAW_SOURCES = ("feedback", "time_saved", "acceptances")
Prices = Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class Period:
    """One bucket's figures: None where nothing may be shown (too few employees, or it would give some away)."""

    bucket: Bucket
    table: Table | None
    empty: bool = False  # nobody at all in the bucket's months (so a missing group means zero, not hidden)


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
    return day_start(day)


class UsageStatistics:
    """Reads the usage log and feedback into anonymised figures (see the module docstring)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, min_users: int, prices: Prices | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._sessions = sessions
        self.min_users = min_users
        self.prices = dict(prices or {})
        self.clock = clock
        self._cache: OrderedDict[tuple, MonthPublication] = OrderedDict()
        # Cross tables by source and month, with the three publications they were cut from: the audit is
        # the expensive part of a scenario page, and its answer stands as long as those publications do.
        self._crosstabs: dict[tuple[str, date], tuple[tuple[MonthPublication, ...], Crosstab | None]] = {}
        self._users = UserIndex()
        self.warmed = asyncio.Event()
        # Rollups are valid for these prices, this way of grouping, these sums and this calendar (a change
        # starts over: rollups of UTC days are not Copenhagen days).
        grouping = {dim.name: str(dim.group().compile(compile_kwargs={"literal_binds": True}))
                    for dim in (*DIMENSIONS.values(), TASK_DEPARTMENT)}
        self._rollup_stamp = hashlib.blake2b(json.dumps([sorted(self.prices.items()), grouping, str(TIMEZONE),
                                                         sorted(METRICS.items())]).encode(),
                                             digest_size=8).hexdigest()

    async def warm(self, days: int = 92) -> None:
        """Prepare every dimension's publications of the last `days` days (rolling up what is missing), so
        that the first requests after start-up find them in memory. Sets `warmed` when done."""
        started = perf_counter()
        through = self.through()
        for name in DIMENSIONS:
            await self.figures(name, through - timedelta(days=days - 1), through, "day")  # every month touched
        for source in CROSS_TABLES:  # the scenario page's comparisons of whole months
            await self.crosstabs(months_between(through - timedelta(days=days - 1), through), source)
        logger.info("usage statistics of the last %d days ready in %.1f s", days, perf_counter() - started)
        self.warmed.set()

    def through(self) -> date:
        """The last day that may be shown: yesterday."""
        return last_complete_day(self.clock())

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
            periods.append(Period(bucket, table, all(pubs[m].empty for m in bucket.months)))
        return Figures(dim if department is None else DIMENSIONS["none"], granularity, first, last, through,
                       self.min_users, department, periods)

    async def named(self, dimension: str, first: date, last: date, granularity: Granularity) -> list[str]:
        """The groups named (shown on their own) in some month of the range: e.g. the departments to filter by."""
        through = self.through()
        months = sorted({m for b in buckets(first, last, granularity, through=through) for m in b.months})
        async with self._sessions() as session:
            pubs = await self._publications(session, DIMENSIONS[dimension], months, through)
        return sorted(set().union(*(p.named for p in pubs.values())) - {""})

    async def crosstab(self, month: date, source: Source = "turns") -> Crosstab | None:
        """A source's task breakdown × department for the month starting `month`, or None if it may not be
        shown (not over, or too quiet); see `kkgpt.usage.crosstab`."""
        return (await self.crosstabs([month], source))[month]

    async def crosstabs(self, months: list[date], source: Source = "turns") -> dict[date, Crosstab | None]:
        """`crosstab` for several months (first days) at once: one look at whether the source changed."""
        through = self.through()
        table = CROSS_TABLES[source]
        found: dict[date, Crosstab | None] = {}
        async with self._sessions() as session:
            # The three breakdowns read the same table, so one stamp of its rows serves them all.
            versions = await self._versions(session, table.rows, months, through) if months else {}
            for month in months:
                version = versions.get(month, (0, None))
                pubs = tuple([await self._publication(session, dim, month, through, version)
                              for dim in (table.rows, table.columns, table.pairs)])
                cached = self._crosstabs.get((source, month))
                if cached is not None and all(a is b for a, b in zip(cached[0], pubs, strict=True)):
                    found[month] = cached[1]
                    continue
                tasks, departments, pairs = pubs
                found[month] = crosstab(tasks, departments, pairs.cells, k=self.min_users,
                                        width=len(table.pairs.metrics))
                if len(self._crosstabs) > CACHE_SIZE:
                    self._crosstabs.clear()
                self._crosstabs[(source, month)] = (pubs, found[month])
        return found

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
        """A stamp of the source's rows up to `through` that changes whenever those rows change.

        The usage log only grows at the present hour (`through` is yesterday), and only loses its oldest
        rows (retention): so its oldest id and its newest id before today say whether any figure up to
        yesterday can have changed, in two index look-ups instead of a scan. (`kkgpt usage simulate` adds
        past rows; they have new ids.) Feedback rows are rated again in place and move to today, so for
        that small table the stamp is the count and newest id of the months asked for."""
        table, when, _ = _source(dim)
        start, end = _at(months[0]), _at(min(next_month(months[-1]), through + timedelta(days=1)))
        if start >= end:
            return {}
        if table is not UsageEvent:
            # Each row's Copenhagen month by comparing the column with the months' first moments (UTC):
            # the index on the time column serves it, and no row's time is converted.
            month = case(*((when < _at(next_month(m)), m.strftime("%Y-%m")) for m in months[:-1]),
                         else_=months[-1].strftime("%Y-%m")) if len(months) > 1 else literal(
                months[0].strftime("%Y-%m"))
            query = select(month, func.count(), func.max(table.id)).where(when >= start, when < end).group_by(month)
            return {date.fromisoformat(f"{label}-01"): (int(count), newest)
                    for label, count, newest in await session.execute(query)}
        newest_past = (select(UsageEvent.id).where(UsageEvent.hour < end)
                       .order_by(UsageEvent.id.desc()).limit(1))
        if session.get_bind().dialect.name == "sqlite":
            # SQLite would walk the hour index over every past row; backwards by id it stops within today.
            newest_past = newest_past.with_hint(UsageEvent, "NOT INDEXED")
        oldest, newest = (await session.execute(
            select(select(func.min(UsageEvent.id)).scalar_subquery(), newest_past.scalar_subquery()))).one()
        stamp = (int(oldest or 0), newest)
        return {m: stamp for m in months}

    async def _cells(self, session: AsyncSession, dim: Dimension, start: datetime,
                     end: datetime) -> dict[date, dict[str, Cell]]:
        """The month's cells: from the daily rollups, rolling up from the raw log the days not yet rolled."""
        if dim.source in RAW_SOURCES:  # small, or changed in place: always from the raw rows
            return {day: {g: Cell(self._users.mask(keys), sums) for g, (keys, sums) in groups.items()}
                    for day, groups in (await self._raw(session, dim, start, end)).items()}
        first, stop = local_day(start), local_day(end)
        rows = (await session.execute(
            select(UsageRollup.day, UsageRollup.grp, UsageRollup.users, UsageRollup.sums)
            .where(UsageRollup.dimension == dim.name, UsageRollup.day >= first, UsageRollup.day < stop,
                   UsageRollup.prices == self._rollup_stamp))).all()
        rolled = {day for day, grp, _, _ in rows if grp == ROLLED}
        cells: dict[date, dict[str, Cell]] = {}
        for day, grp, users, sums in rows:
            if grp != ROLLED:
                cells.setdefault(day, {})[grp] = Cell(self._users.mask(_digests(users)),
                                                      tuple(float(v) for v in sums.split(",")))
        missing = [first + timedelta(days=i) for i in range((stop - first).days)]
        missing = [d for d in missing if d not in rolled]
        if missing:
            fresh = await self._raw(session, dim, _at(missing[0]), _at(missing[-1] + timedelta(days=1)))
            fresh = {d: groups for d, groups in fresh.items() if d in set(missing)}
            await self._store_rollups(dim, missing, fresh)
            for day, groups in fresh.items():
                cells[day] = {g: Cell(self._users.mask(keys), sums) for g, (keys, sums) in groups.items()}
        return cells

    async def _raw(self, session: AsyncSession, dim: Dimension, start: datetime,
                   end: datetime) -> dict[date, dict[str, tuple[list, tuple[float, ...]]]]:
        """Per day and group, from the raw rows: the employees (digests of their keys) and the sums."""
        dialect = session.get_bind().dialect.name
        table, when, where = _source(dim)
        day = _day(when, dialect, start, end)
        group = dim.group().label("grp")
        users = (func.string_agg(distinct(table.user_key), literal_column("','")) if dialect == "postgresql"
                 else func.group_concat(distinct(table.user_key)))
        query: Select = (select(day.label("day"), group, users, *self._sums(dim))
                         .where(when >= start, when < end, *where).group_by(day, group))
        found: dict[date, dict[str, tuple[list, tuple[float, ...]]]] = {}
        for row_day, row_group, keys, *sums in await session.execute(query):
            on = date.fromisoformat(str(row_day)[:10])
            found.setdefault(on, {})[row_group or ""] = ([_digest(k) for k in keys.split(",")],
                                                         tuple(float(v or 0) for v in sums))
        return found

    async def _store_rollups(self, dim: Dimension, days: list[date],
                             fresh: dict[date, dict[str, tuple[list, tuple[float, ...]]]]) -> None:
        rows = [{"dimension": dim.name, "day": day, "grp": ROLLED, "users": b"", "sums": "", "prices":
                 self._rollup_stamp} for day in days]
        rows += [{"dimension": dim.name, "day": day, "grp": group[:400], "users": b"".join(keys),
                  "sums": ",".join(repr(v) for v in sums), "prices": self._rollup_stamp}
                 for day, groups in fresh.items() for group, (keys, sums) in groups.items()]
        async with self._sessions.begin() as session:
            # Rows summed at other prices (the setting changed) give way; the same prices' rows stay.
            await session.execute(delete(UsageRollup).where(
                UsageRollup.dimension == dim.name, UsageRollup.day.in_(days),
                UsageRollup.prices != self._rollup_stamp))
            insert = _INSERT_ROLLUP[session.get_bind().dialect.name]
            for i in range(0, len(rows), 2000):  # two replicas may roll the same day: the first one wins
                await session.execute(insert, rows[i:i + 2000])

    async def roll_up(self, first: date, last: date, *, fresh: bool = False) -> None:
        """Roll up every dimension for the days `first`..`last` that are over (after `fresh`: from scratch,
        e.g. when `kkgpt usage simulate` has added past events)."""
        through = min(last, self.through())
        if fresh:
            async with self._sessions.begin() as session:
                await session.execute(delete(UsageRollup).where(UsageRollup.day >= first, UsageRollup.day <= through))
        for month in months_between(first, through):
            start, end = _at(max(month, first)), _at(min(next_month(month), through + timedelta(days=1)))
            for dim in (*DIMENSIONS.values(), TASK_DEPARTMENT):
                if dim.source not in RAW_SOURCES:
                    async with self._sessions() as session:
                        await self._cells(session, dim, start, end)

    def _sums(self, dim: Dimension) -> list[ColumnElement]:
        """One SQL sum per name in `METRICS[dim.source]`, in that order."""
        if dim.source == "feedback":
            return _feedback_sums()
        if dim.source == "time_saved":
            minutes = case(*((Feedback.time_saved == key, value) for key, value in TIME_SAVED.items()), else_=0)
            return [func.count(), func.sum(minutes)]
        if dim.source != "turns":
            return [func.count()]
        price = _cost(self.prices)
        masked = func.sum(case((func.coalesce(UsageEvent.pii_types, "") != "", 1), else_=0))
        return [func.count(), func.sum(UsageEvent.input_tokens), func.sum(UsageEvent.output_tokens), func.sum(price),
                masked]


_INSERT_ROLLUP = {"sqlite": sqlite.insert(UsageRollup).on_conflict_do_nothing(),
                  "postgresql": postgresql.insert(UsageRollup).on_conflict_do_nothing()}


def _feedback_sums() -> list[ColumnElement]:
    """Ratings and each reason chip."""
    chips = "," + func.coalesce(Feedback.reasons, "") + ","  # "wrong" must not match "wrong_tone"
    return [func.count(), *(func.sum(case((chips.like(f"%,{reason},%"), 1), else_=0)) for reason in REASONS)]


def _digest(key: str) -> bytes:
    """8 bytes standing for a usage key in the rollups (a collision can only count two people as one)."""
    return hashlib.blake2b(key.encode(), digest_size=8).digest()


def _digests(blob: bytes) -> list[bytes]:
    return [blob[i:i + 8] for i in range(0, len(blob), 8)]


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
    if dim.source == "acceptances":
        return GuidelineAcceptance, GuidelineAcceptance.accepted_at, ()
    if dim.source == "feedback":
        return Feedback, Feedback.created_at, ()
    if dim.source == "time_saved":
        return Feedback, Feedback.created_at, (Feedback.time_saved.in_(list(TIME_SAVED)),)
    kind = {"turns": "turn", "refusals": "quota_refused", "blocked": "blocked"}[dim.source]
    return UsageEvent, UsageEvent.hour, (UsageEvent.kind == kind,)


def _day(column, dialect: str, start: datetime, end: datetime) -> ColumnElement:
    """The Copenhagen calendar day of a timestamp between `start` and `end`, as `YYYY-MM-DD` text."""
    if dialect == "postgresql":
        return func.to_char(func.timezone(str(TIMEZONE), column), "YYYY-MM-DD")
    # SQLite keeps UTC timestamps as ISO text and knows no time zones: the offset of each stretch of the
    # range between clock changes is written into the query (there are at most a few in a range).
    stretches = utc_offsets(start, end)
    shift: ColumnElement | str = f"+{stretches[-1][1]} hours"
    if len(stretches) > 1:
        shift = case(*((column < until, f"+{hours} hours") for until, hours in stretches[:-1]), else_=shift)
    return func.substr(func.datetime(column, shift), 1, 10)


def utc_offsets(start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """Copenhagen's offset from UTC in whole hours over `start`..`end`: (until when, hours) per stretch."""
    stretches: list[tuple[datetime, int]] = []
    moment = start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    while True:
        offset = int(moment.astimezone(TIMEZONE).utcoffset().total_seconds()) // 3600
        if stretches and stretches[-1][1] == offset:
            stretches[-1] = (moment + timedelta(hours=1), offset)
        else:
            stretches.append((moment + timedelta(hours=1), offset))
        if moment >= end:
            return stretches
        moment += timedelta(hours=1)


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
