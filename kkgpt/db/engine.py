"""Engine and session factory for SQLite (one machine) or PostgreSQL (many replicas)."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from kkgpt.keys import private_file

#: A pooled PostgreSQL connection idle longer than this is pinged before use.
PING_AFTER_IDLE_SECONDS = 5.0


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Per-connection SQLite settings: WAL for concurrent readers, FKs on, freed pages zeroed."""
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA busy_timeout=10000",
        # Deleted conversations are encrypted anyway; zeroing freed pages keeps no ciphertext around either.
        "PRAGMA secure_delete=ON",
    ):
        cursor.execute(pragma)
    cursor.close()


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine for `url`; SQLite files get their directory created and WAL switched on.

    Parameters are hidden from SQLAlchemy's error messages and echo: they hold names, ids and ciphertext,
    and an error's text ends up in logs (ours, and the server's traceback of an unhandled error).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            # Created 0600 before SQLite opens it; its -wal and -shm files take the same mode.
            private_file(Path(parsed.database))
        engine = create_async_engine(url, echo=echo, hide_parameters=True)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(url, echo=echo, hide_parameters=True, pool_size=10, max_overflow=20)
    event.listen(engine.sync_engine, "checkin", _checked_in)
    event.listen(engine.sync_engine, "checkout", _ping_if_idle)
    return engine


def _checked_in(_dbapi_connection, record) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
    """Check a connection that sat idle before using it; a dead one is replaced (the pool tries another).

    SQLAlchemy's `pool_pre_ping` pings at every checkout: a round trip for each of a chat turn's three
    transactions. A connection in steady use was alive a moment ago; one idle for a while may have been
    closed by a database restart, a failover or a firewall, and is pinged first. A connection that dies
    while in steady use fails its statement, and SQLAlchemy then drops the whole pool's connections.
    """
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        dbapi_connection.ping()
    except Exception as exc:  # any failure: the pool discards this connection and checks out another
        raise DisconnectionError(f"idle connection failed its ping: {type(exc).__name__}") from exc


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
