"""PostgreSQL connections in the pool: one the server closed while it sat idle is replaced before use."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection

from kkgpt.db import engine as engine_module
from kkgpt.db.engine import create_engine

pytestmark = pytest.mark.postgres


async def _backend_pid(engine) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()


async def test_an_idle_connection_the_server_closed_is_replaced(postgres_url: str, monkeypatch) -> None:
    engine = create_engine(postgres_url)
    other = create_engine(postgres_url)
    try:
        pid = await _backend_pid(engine)  # the pool keeps this connection
        async with other.connect() as connection:  # a database restart or a firewall, as far as the pool sees
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)
        assert await _backend_pid(engine) != pid, "a new connection answered, not an error"
    finally:
        await engine.dispose()
        await other.dispose()


async def test_a_connection_in_steady_use_is_not_pinged(postgres_url: str, monkeypatch) -> None:
    engine = create_engine(postgres_url)
    pings = []
    try:
        await _backend_pid(engine)
        monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0)
        original = AsyncAdapt_asyncpg_connection.ping
        monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", lambda c: pings.append(c) or original(c))
        for _ in range(3):
            await _backend_pid(engine)
        assert pings == [], "a turn's transactions cost no extra round trip"
    finally:
        await engine.dispose()
