"""Conversations inactive longer than the retention period are deleted, at start-up and every hour."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from kkgpt.chat.retention import purge_inactive
from kkgpt.db.models import Conversation, Message, utcnow
from kkgpt.settings import Settings
from tests.conftest import login


async def _age(services, conversation_id: str, days: int) -> None:
    async with services.sessions.begin() as session:
        await session.execute(update(Conversation).where(Conversation.id == conversation_id)
                              .values(updated_at=utcnow() - timedelta(days=days)))


async def _count(services, model) -> int:
    async with services.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_only_inactive_conversations_are_purged(user_client: httpx.AsyncClient, app) -> None:
    services = app.state.services
    old = (await user_client.post("/api/v1/conversations")).json()["id"]
    await user_client.post(f"/api/v1/conversations/{old}/messages", json={"text": "Gammel samtale"})
    recent = (await user_client.post("/api/v1/conversations")).json()["id"]
    await user_client.post(f"/api/v1/conversations/{recent}/messages", json={"text": "Ny samtale"})
    await _age(services, old, days=31)
    await _age(services, recent, days=29)
    assert await purge_inactive(services.sessions, before=utcnow() - timedelta(days=30)) == 1
    remaining = [c["id"] for c in (await user_client.get("/api/v1/conversations")).json()["conversations"]]
    assert remaining == [recent]
    assert await _count(services, Message) == 2, "the old conversation's messages went with it"


async def test_startup_purges_with_the_configured_period(tmp_path, start_app) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "d", retention_days=7)
    async with start_app(settings) as (app, client):
        await login(client)
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        await _age(app.state.services, cid, days=8)
    async with start_app(settings) as (app, _):
        assert await _count(app.state.services, Conversation) == 0


async def test_the_purge_loop_survives_an_unreachable_database(caplog) -> None:
    import asyncio

    from kkgpt.chat.retention import run_retention
    from kkgpt.db.engine import create_engine, create_session_factory

    engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    rounds = 0

    async def counting_sleep(seconds: float) -> None:
        nonlocal rounds
        rounds += 1
        await asyncio.sleep(0)

    try:
        task = asyncio.create_task(run_retention(create_session_factory(engine), days=30, interval=0,
                                                 sleep=counting_sleep))  # every round fails to connect
        while rounds < 3 and not task.done():
            await asyncio.sleep(0.01)
        assert not task.done(), "the loop kept going after failed rounds"
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    finally:
        await engine.dispose()
    assert "retention run failed" in caplog.text


async def test_usage_and_feedback_rows_expire_too(app) -> None:
    from datetime import UTC, datetime

    from kkgpt.chat.retention import purge_usage
    from kkgpt.db.models import UsageEvent

    services = app.state.services
    async with services.sessions.begin() as session:
        for hour in (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)):
            session.add(UsageEvent(hour=hour, user_key="k", department="", kind="turn", input_tokens=0,
                                   output_tokens=0, pii_types="", special_categories=""))
    assert await purge_usage(services.sessions, before=datetime(2025, 11, 1, tzinfo=UTC)) == 1
    assert await _count(services, UsageEvent) == 1
