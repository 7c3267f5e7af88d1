"""Reads that share one transaction: a chat turn reads the login session and the conversation together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker


class SharedRead:
    """One read transaction that several reads of a request share, on one pooled connection, until `close()`.

    A chat turn reads the employee's login session (to know who asks) and then the conversation; in one
    transaction instead of two that is one connection checkout, BEGIN and ROLLBACK less per turn (and on
    PostgreSQL two round trips less). The turn closes it before it shields the message and the model
    answers, so no connection is held while an answer streams. Closing twice is harmless.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self.closed = False

    async def connection(self) -> AsyncConnection:
        """The shared connection, its transaction begun by the first read."""
        if self.closed:
            raise RuntimeError("this shared read was closed; read in a transaction of its own")
        if self._session is None:
            self._session = self._sessions()
        return await self._session.connection()

    async def close(self) -> None:
        """End the read transaction and give the connection back to the pool."""
        self.closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()


@asynccontextmanager
async def read_connection(sessions: async_sessionmaker[AsyncSession],
                          shared: SharedRead | None = None) -> AsyncIterator[AsyncConnection]:
    """A connection to read on: `shared`'s when one is given and open (it stays open), else one of its own."""
    if shared is not None and not shared.closed:
        yield await shared.connection()
        return
    async with sessions() as session:
        yield await session.connection()
