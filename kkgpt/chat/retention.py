"""Conversations are deleted automatically after a period without activity (the employee's own history)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import anyio
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import Conversation, Document, Feedback, Message, UsageEvent, UsageRollup, utcnow

logger = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600
_BATCH = 500


async def purge_inactive(sessions: async_sessionmaker[AsyncSession], *, before: datetime) -> int:
    """Delete conversations (with messages, documents and placeholder mappings) last active before `before`."""
    deleted = 0
    while True:
        async with sessions.begin() as session:
            ids = list(await session.scalars(
                select(Conversation.id).where(Conversation.updated_at < before).limit(_BATCH)
            ))
            if not ids:
                return deleted
            await session.execute(delete(Message).where(Message.conversation_id.in_(ids)))
            await session.execute(delete(Document).where(Document.conversation_id.in_(ids)))
            await session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
            deleted += len(ids)


async def purge_usage(sessions: async_sessionmaker[AsyncSession], *, before: datetime) -> int:
    """Delete usage events and feedback older than `before` (they are pseudonymous, but not forever)."""
    async with sessions.begin() as session:
        events = await session.execute(delete(UsageEvent).where(UsageEvent.hour < before))
        feedback = await session.execute(delete(Feedback).where(Feedback.created_at < before))
        await session.execute(delete(UsageRollup).where(UsageRollup.day <= before.date()))  # re-rolled if needed
        return (events.rowcount or 0) + (feedback.rowcount or 0)


Housekeeping = Callable[[], Awaitable[int]]


async def retention_round(sessions: async_sessionmaker[AsyncSession], *, days: int, usage_days: int,
                          housekeeping: tuple[Housekeeping, ...] = ()) -> None:
    """One purge: conversations inactive for `days`, usage events and feedback older than `usage_days`,
    and whatever `housekeeping` deletes (ended sessions, expired tokens, old quota counters).

    Either period being 0 keeps those. A busy or restarting database is logged, not raised: the next round
    retries.
    """
    try:
        for purge in housekeeping:
            await purge()
        if days:
            count = await purge_inactive(sessions, before=utcnow() - timedelta(days=days))
            if count:
                logger.info("retention: deleted %d conversations inactive for %d days", count, days)
        if usage_days:
            count = await purge_usage(sessions, before=utcnow() - timedelta(days=usage_days))
            if count:
                logger.info("retention: deleted %d usage and feedback rows older than %d days", count, usage_days)
    except (SQLAlchemyError, OSError) as exc:  # asyncpg raises plain OSErrors for refused connections
        logger.warning("retention run failed, retrying next round: %s", type(exc).__name__)


async def run_retention(sessions: async_sessionmaker[AsyncSession], *, days: int, usage_days: int = 0,
                        housekeeping: tuple[Housekeeping, ...] = (), interval: float = PURGE_INTERVAL_SECONDS,
                        sleep: Callable[[float], Awaitable[None]] = anyio.sleep) -> None:
    """A round every `interval` seconds until cancelled; safe on several replicas at once."""
    while True:
        await sleep(interval)
        await retention_round(sessions, days=days, usage_days=usage_days, housekeeping=housekeeping)
