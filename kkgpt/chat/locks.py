"""One answer at a time per conversation: a lease row in the database, so it holds across tabs and replicas.

A turn takes the conversation's lease before it stores the employee's message (or asks for a new answer)
and gives it back when the answer is stored, has failed or was stopped. While the answer streams, the lease
is renewed in the background; if the replica dies, nobody renews it, and the next turn takes it over once
it has expired. Expiry compares the replicas' clocks, which NTP keeps far closer than a lease is long.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import anyio
from sqlalchemy import bindparam, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import ConversationLock, new_id, utcnow
from kkgpt.errors import ConversationBusy

logger = logging.getLogger(__name__)

# Both dialects have INSERT ... ON CONFLICT DO UPDATE ... WHERE, which makes taking a lease one atomic statement.
_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _take(dialect: str):
    """The statement that takes a lease, built once per dialect with bound parameters (every turn runs it)."""
    insert = _UPSERTS[dialect](ConversationLock).values(
        conversation_id=bindparam("b_id"), holder=bindparam("b_holder"), expires_at=bindparam("b_expires"))
    # The primary key decides between racing turns; an existing row is taken over only if expired.
    return insert.on_conflict_do_update(
        index_elements=[ConversationLock.conversation_id],
        set_={"holder": insert.excluded.holder, "expires_at": insert.excluded.expires_at},
        where=ConversationLock.expires_at <= bindparam("b_now"),
    ).returning(ConversationLock.holder)


_TAKE = {dialect: _take(dialect) for dialect in _UPSERTS}
_GIVE_BACK = delete(ConversationLock).where(ConversationLock.conversation_id == bindparam("b_id"),
                                            ConversationLock.holder == bindparam("b_holder"))


@dataclass(frozen=True)
class AnswerLease:
    """A held lease: the conversation, and the random token that proves which turn holds it."""

    conversation_id: str
    holder: str


class AnswerLocks:
    """Takes, renews and gives back conversation leases in the `conversation_locks` table."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        lease_seconds: float,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._lease = timedelta(seconds=lease_seconds)
        self._clock = clock

    @property
    def renew_interval(self) -> float:
        """Seconds between renewals: a third of the lease, so one slow renewal never lets it lapse."""
        return self._lease.total_seconds() / 3

    async def acquire(self, conversation_id: str) -> AnswerLease:
        """Take the conversation's lease; `ConversationBusy` while another turn holds one that has not expired."""
        lease = AnswerLease(conversation_id, new_id())
        async with self._sessions.begin() as session:
            await self.acquire_in(session, lease)
        return lease

    async def acquire_in(self, session: AsyncSession, lease: AnswerLease) -> None:
        """Take `lease` inside the caller's transaction (it holds once that commits); `ConversationBusy` if held."""
        now = self._clock()
        connection = await session.connection()  # Core, without the ORM's work per statement
        taken = (await connection.execute(_TAKE[connection.dialect.name], {
            "b_id": lease.conversation_id, "b_holder": lease.holder, "b_expires": now + self._lease, "b_now": now,
        })).scalar_one_or_none()
        if taken != lease.holder:
            raise ConversationBusy(detail=f"conversation {lease.conversation_id} has an answer in progress")

    async def renew(self, lease: AnswerLease) -> bool:
        """Extend the lease from now; False if it was lost (it expired and another turn took it)."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(ConversationLock)
                .where(ConversationLock.conversation_id == lease.conversation_id,
                       ConversationLock.holder == lease.holder)
                .values(expires_at=self._clock() + self._lease)
            )
        return result.rowcount == 1

    async def release(self, lease: AnswerLease) -> None:
        """Give the lease back (a lease already lost or released is left alone)."""
        async with self._sessions.begin() as session:
            await self.release_in(session, lease)

    @staticmethod
    async def release_in(session: AsyncSession, lease: AnswerLease) -> None:
        """Give the lease back inside the caller's transaction (with the answer it guarded)."""
        await (await session.connection()).execute(_GIVE_BACK, {"b_id": lease.conversation_id,
                                                                "b_holder": lease.holder})

    async def keep(self, lease: AnswerLease) -> None:
        """Renew the lease every `renew_interval` seconds until cancelled, or until it turns out lost."""
        while True:
            await anyio.sleep(self.renew_interval)
            try:
                if not await self.renew(lease):
                    logger.warning("an answer's conversation lease expired before it was renewed")
                    return
            except (SQLAlchemyError, OSError) as exc:  # a database hiccup: the next round tries again
                logger.warning("conversation lease not renewed: %s", type(exc).__name__)

    def hold(self, lease: AnswerLease) -> HeldLease:
        """Start renewing `lease` in the background until it is released."""
        return HeldLease(self, lease)


class HeldLease:
    """A lease being renewed while its turn runs; releasing it twice is harmless."""

    def __init__(self, locks: AnswerLocks, lease: AnswerLease) -> None:
        self.lease = lease
        self._locks = locks
        # A plain task, not a task group: the answer generator may be closed from another task.
        self._renewals: asyncio.Task[None] | None = asyncio.create_task(locks.keep(lease))
        self._done = False

    def _stop_renewing(self) -> None:
        if self._renewals is not None:
            self._renewals.cancel()
            self._renewals = None

    async def release_in(self, session: AsyncSession) -> None:
        """A transaction hook: give the lease back with the answer; call `released` once it committed."""
        self._stop_renewing()
        await self._locks.release_in(session, self.lease)

    def released(self) -> None:
        """The transaction that gave the lease back committed: nothing is left to release."""
        self._stop_renewing()
        self._done = True

    async def release(self) -> None:
        """Stop renewing and give the lease back, even while the turn is being cancelled."""
        self._stop_renewing()
        if self._done:
            return
        self._done = True
        with anyio.CancelScope(shield=True):
            try:
                await self._locks.release(self.lease)
            except (SQLAlchemyError, OSError) as exc:  # never fails the turn: the lease expires on its own
                logger.warning("conversation lease not released: %s", type(exc).__name__)
