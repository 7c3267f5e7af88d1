"""Quotas and rate limits, counted in the database so that every replica enforces the same limits.

Each limit counts in fixed windows (a UTC minute, day or calendar month): one row per limit and window,
incremented atomically with INSERT … ON CONFLICT DO UPDATE … RETURNING, which SQLite (3.35+) and
PostgreSQL both do in one statement. An allowance of 0 switches a limit off. Over a limit the caller
gets `QuotaExceeded`, an HTTP 429 that says when the window resets.

Model tokens are added after a turn, so parallel turns can pass a token limit by at most the turns
already under way; the message rate caps how many those can be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import and_, bindparam, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.auth.users import Principal
from kkgpt.db.models import QuotaCounter, utcnow
from kkgpt.db.reads import SharedRead, read_connection
from kkgpt.errors import QuotaExceeded
from kkgpt.settings import Settings

Window = Literal["minute", "day", "month"]
# Counters of finished windows are kept this long (a month window must survive its month), then purged.
KEEP_COUNTERS = timedelta(days=40)


def _add(dialect_insert):
    """Add to a counter, creating it: one atomic statement, built once per dialect (every turn runs it)."""
    amount = bindparam("b_amount")
    return (
        dialect_insert(QuotaCounter)
        .values(name=bindparam("b_name"), window_start=bindparam("b_start"), used=amount)
        .on_conflict_do_update(index_elements=["name", "window_start"], set_={"used": QuotaCounter.used + amount})
        .returning(QuotaCounter.used)
    )


_ADD = {"postgresql": _add(postgresql.insert), "sqlite": _add(sqlite.insert)}
_USED = select(QuotaCounter.used).where(QuotaCounter.name == bindparam("b_name"),
                                        QuotaCounter.window_start == bindparam("b_start"))
# Both token limits of a turn in one statement (every turn reads them): the employee's day, the department's month.
_USED_TWO = select(QuotaCounter.name, QuotaCounter.used).where(or_(
    and_(QuotaCounter.name == bindparam("b_name1"), QuotaCounter.window_start == bindparam("b_start1")),
    and_(QuotaCounter.name == bindparam("b_name2"), QuotaCounter.window_start == bindparam("b_start2"))))


def window_bounds(window: Window, now: datetime) -> tuple[datetime, datetime]:
    """The start and end of the window `now` falls in."""
    if window == "minute":
        start = now.replace(second=0, microsecond=0)
        return start, start + timedelta(minutes=1)
    if window == "day":
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return start, start + timedelta(days=1)
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following


@dataclass(frozen=True)
class Limit:
    """One limit: what it counts, per which window, and how much is allowed (0: no limit)."""

    kind: str
    window: Window
    allowance: int

    def counter(self, owner: str) -> str:
        """The counter's name for one employee or department."""
        return f"{self.kind}:{owner}"[:300]


@dataclass(frozen=True)
class Use:
    """How much of one limit is used in the current window."""

    kind: str
    used: int
    allowance: int
    resets_at: datetime


class Quotas:
    """Checks and counts the limits of `Settings`: messages and previews per minute, tokens per day and month."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: Settings,
                 clock: Callable[[], datetime] = utcnow, key_for: Callable[[str], str] | None = None) -> None:
        self._sessions = sessions
        self.clock = clock
        # Counters are named by the employee's pseudonymous key, not their id: no id in the usage tables.
        self._key_for = key_for or (lambda user_id: user_id)
        self.messages = Limit("messages", "minute", settings.user_messages_per_minute)
        self.previews = Limit("previews", "minute", settings.user_previews_per_minute)
        self.user_tokens = Limit("tokens_day", "day", settings.user_tokens_per_day)
        self.department_tokens = Limit("tokens_month", "month", settings.department_tokens_per_month)

    async def _add(self, name: str, window_start: datetime, amount: int) -> int:
        """Add `amount` to a counter atomically; returns the new total."""
        async with self._sessions.begin() as session:
            return await self._add_in(session, name, window_start, amount)

    @staticmethod
    async def _add_in(session: AsyncSession, name: str, window_start: datetime, amount: int) -> int:
        connection = await session.connection()  # Core, without the ORM's work per statement
        params = {"b_name": name, "b_start": window_start, "b_amount": amount}
        return int((await connection.execute(_ADD[connection.dialect.name], params)).scalar_one())

    async def _used(self, name: str, window_start: datetime) -> int:
        async with self._sessions() as session:
            return await self._used_in(session, name, window_start)

    @staticmethod
    async def _used_in(session: AsyncSession, name: str, window_start: datetime) -> int:
        used = (await (await session.connection()).execute(_USED, {"b_name": name, "b_start": window_start})).scalar()
        return int(used or 0)

    async def _take_one(self, limit: Limit, owner: str, now: datetime) -> None:
        """Count one event against `limit`, or refuse it (and count nothing) when the window is full."""
        if not limit.allowance:
            return
        start, end = window_bounds(limit.window, now)
        name = limit.counter(owner)
        if await self._add(name, start, 1) > limit.allowance:
            async with self._sessions.begin() as session:  # the refused event does not use up the window
                await session.execute(update(QuotaCounter)
                                      .where(QuotaCounter.name == name, QuotaCounter.window_start == start)
                                      .values(used=QuotaCounter.used - 1))
            raise QuotaExceeded.for_limit(limit.kind, resets_at=end, now=now)

    async def _refuse_if_spent(self, limit: Limit, owner: str, now: datetime) -> None:
        if not limit.allowance:
            return
        start, end = window_bounds(limit.window, now)
        if await self._used(limit.counter(owner), start) >= limit.allowance:
            raise QuotaExceeded.for_limit(limit.kind, resets_at=end, now=now)

    async def take_message(self, user: Principal) -> None:
        """Before a message or a new answer goes to the model: refuse when a limit is reached, else count it."""
        now = self.clock()
        await self._refuse_if_spent(self.user_tokens, self._key_for(user.id), now)
        await self._refuse_if_spent(self.department_tokens, user.department, now)
        await self._take_one(self.messages, self._key_for(user.id), now)

    async def check_tokens(self, user: Principal, reads: SharedRead | None = None) -> None:
        """Refuse when the employee's or the department's token limit is reached, counting nothing.

        For work that costs model tokens before a message is stored (summarising a long document's parts),
        and for a chat turn in its read transaction `reads` (then `take_message_in(..., tokens_checked=True)`).
        """
        now = self.clock()
        limits = [(limit, limit.counter(owner), *window_bounds(limit.window, now))
                  for limit, owner in ((self.user_tokens, self._key_for(user.id)),
                                       (self.department_tokens, user.department)) if limit.allowance]
        if not limits:
            return
        first, last = limits[0], limits[-1]  # the same one twice when only one limit is on
        async with read_connection(self._sessions, reads) as connection:
            rows = await connection.execute(_USED_TWO, {"b_name1": first[1], "b_start1": first[2],
                                                        "b_name2": last[1], "b_start2": last[2]})
            used = {row.name: row.used for row in rows}
        for limit, name, _start, end in limits:  # the employee's own limit is named first
            if used.get(name, 0) >= limit.allowance:
                raise QuotaExceeded.for_limit(limit.kind, resets_at=end, now=now)

    async def take_message_in(self, session: AsyncSession, user: Principal, *, tokens_checked: bool = False) -> None:
        """`take_message` inside the caller's transaction: a refusal raises, and the rollback uncounts it.

        With `tokens_checked`, the token limits were read moments ago by `check_tokens` (in the turn's read
        transaction): they are not read again. They are soft either way, since tokens are added after a turn.
        """
        now = self.clock()
        for limit, owner in ((self.user_tokens, self._key_for(user.id)), (self.department_tokens, user.department)):
            if limit.allowance and not tokens_checked:
                start, end = window_bounds(limit.window, now)
                if await self._used_in(session, limit.counter(owner), start) >= limit.allowance:
                    raise QuotaExceeded.for_limit(limit.kind, resets_at=end, now=now)
        if self.messages.allowance:
            start, end = window_bounds(self.messages.window, now)
            if await self._add_in(session, self.messages.counter(self._key_for(user.id)), start, 1) > self.messages.allowance:
                raise QuotaExceeded.for_limit(self.messages.kind, resets_at=end, now=now)

    async def add_tokens_in(self, session: AsyncSession, user: Principal, tokens: int) -> None:
        """`add_tokens` inside the caller's transaction (with the answer that used them)."""
        if tokens <= 0:
            return
        now = self.clock()
        for limit, owner in ((self.user_tokens, self._key_for(user.id)), (self.department_tokens, user.department)):
            if limit.allowance:
                await self._add_in(session, limit.counter(owner), window_bounds(limit.window, now)[0], tokens)

    async def take_preview(self, user: Principal) -> None:
        """Before the typing preview runs the shield: its own, higher per-minute limit."""
        await self._take_one(self.previews, self._key_for(user.id), self.clock())

    async def add_tokens(self, user: Principal, tokens: int) -> None:
        """After a turn: count the model tokens it used for the employee and the department."""
        if tokens <= 0:
            return
        now = self.clock()
        for limit, owner in ((self.user_tokens, self._key_for(user.id)), (self.department_tokens, user.department)):
            if limit.allowance:
                await self._add(limit.counter(owner), window_bounds(limit.window, now)[0], tokens)

    async def usage(self, user: Principal) -> list[Use]:
        """The employee's use of each limit that is switched on, for their menu."""
        now = self.clock()
        found = []
        for limit, owner in ((self.messages, self._key_for(user.id)), (self.user_tokens, self._key_for(user.id)),
                             (self.department_tokens, user.department)):
            if limit.allowance:
                start, end = window_bounds(limit.window, now)
                found.append(Use(limit.kind, await self._used(limit.counter(owner), start), limit.allowance, end))
        return found

    async def purge(self, now: datetime | None = None) -> int:
        """Delete counters of windows long past."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(QuotaCounter).where(QuotaCounter.window_start < (now or self.clock()) - KEEP_COUNTERS))
            return result.rowcount or 0
