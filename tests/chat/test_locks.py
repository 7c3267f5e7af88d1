"""The conversation lease on SQLite and PostgreSQL: one holder, taken over only once expired, renewed, released."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from kkgpt.chat import locks as locks_module
from kkgpt.chat.locks import AnswerLocks
from kkgpt.db import migrate
from kkgpt.db.engine import create_engine, create_session_factory
from kkgpt.db.models import Conversation, ConversationLock, User, utcnow
from kkgpt.errors import ConversationBusy

LEASE = 60


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'kkgpt.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def sessions(database_url: str):
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        session.add(User(id="u1", subject="dev:u1", display_name="Test"))
        await session.flush()
        session.add_all([Conversation(id="c1", user_id="u1"), Conversation(id="c2", user_id="u1")])
    yield sessions
    await engine.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def locks(sessions, clock) -> AnswerLocks:
    return AnswerLocks(sessions, lease_seconds=LEASE, clock=clock)


async def _holders(sessions) -> dict[str, str]:
    async with sessions() as session:
        return {row.conversation_id: row.holder for row in await session.scalars(select(ConversationLock))}


async def test_a_held_lease_refuses_a_second_turn_until_released(locks: AnswerLocks, sessions) -> None:
    lease = await locks.acquire("c1")
    with pytest.raises(ConversationBusy) as caught:
        await locks.acquire("c1")
    assert caught.value.code == "conversation_busy" and caught.value.status_code == 409
    other = await locks.acquire("c2")  # conversations do not block each other
    assert await _holders(sessions) == {"c1": lease.holder, "c2": other.holder}
    await locks.release(lease)
    again = await locks.acquire("c1")
    assert again.holder != lease.holder
    await locks.release(lease)  # a stale release leaves the new holder alone
    assert (await _holders(sessions))["c1"] == again.holder


async def test_an_expired_lease_is_taken_over_as_when_a_replica_died(locks: AnswerLocks, sessions, clock) -> None:
    dead = await locks.acquire("c1")  # the replica holding it dies: nobody renews or releases it
    clock.advance(LEASE - 1)
    with pytest.raises(ConversationBusy):
        await locks.acquire("c1")
    clock.advance(1)
    alive = await locks.acquire("c1")
    assert await _holders(sessions) == {"c1": alive.holder}
    assert not await locks.renew(dead), "the dead turn learns it lost the lease"
    await locks.release(dead)
    assert await _holders(sessions) == {"c1": alive.holder}


async def test_renewing_extends_the_lease_from_now(locks: AnswerLocks, clock) -> None:
    lease = await locks.acquire("c1")
    clock.advance(LEASE - 10)
    assert await locks.renew(lease)
    clock.advance(LEASE - 10)  # past the first expiry, within the renewed one
    with pytest.raises(ConversationBusy):
        await locks.acquire("c1")
    clock.advance(10)
    await locks.acquire("c1")


async def test_racing_turns_get_exactly_one_lease(locks: AnswerLocks) -> None:
    results = await asyncio.gather(*(locks.acquire("c1") for _ in range(6)), return_exceptions=True)
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, ConversationBusy) for r in results if isinstance(r, Exception))


async def test_keep_renews_until_cancelled_and_stops_when_the_lease_is_lost(
    locks: AnswerLocks, clock, sessions, monkeypatch
) -> None:
    rounds = []

    async def no_wait(seconds: float) -> None:  # each "sleep" is one renewal round, without waiting
        rounds.append(seconds)
        if len(rounds) == 3:
            raise asyncio.CancelledError  # what cancelling the renewal task does
        clock.advance(seconds)

    monkeypatch.setattr(locks_module.anyio, "sleep", no_wait)
    lease = await locks.acquire("c1")
    with pytest.raises(asyncio.CancelledError):
        await locks.keep(lease)
    assert rounds == [LEASE / 3] * 3
    clock.advance(LEASE - 1)  # 2/3 of a lease since the last renewal, so still held
    with pytest.raises(ConversationBusy):
        await locks.acquire("c1")

    rounds.clear()
    clock.advance(LEASE)
    await locks.acquire("c1")  # another turn took over the lapsed lease
    await locks.keep(lease)  # returns on its own: nothing left to renew
    assert len(rounds) == 1


async def test_deleting_a_conversation_removes_its_lock(locks: AnswerLocks, sessions) -> None:
    await locks.acquire("c1")
    async with sessions.begin() as session:
        await session.delete(await session.get(Conversation, "c1"))
    assert await _holders(sessions) == {}
