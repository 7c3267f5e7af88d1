"""Conversations are deleted automatically after a period without activity (the employee's own history)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import anyio
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import Conversation, Message, utcnow

logger = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600
_BATCH = 500


async def purge_inactive(sessions: async_sessionmaker[AsyncSession], *, before: datetime) -> int:
    """Delete conversations (with messages and placeholder mappings) last active before `before`."""
    deleted = 0
    while True:
        async with sessions.begin() as session:
            ids = list(await session.scalars(
                select(Conversation.id).where(Conversation.updated_at < before).limit(_BATCH)
            ))
            if not ids:
                return deleted
            await session.execute(delete(Message).where(Message.conversation_id.in_(ids)))
            await session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
            deleted += len(ids)


async def run_retention(sessions: async_sessionmaker[AsyncSession], *, days: int,
                        interval: float = PURGE_INTERVAL_SECONDS) -> None:
    """Purge now and then every `interval` seconds until cancelled; safe on several replicas at once."""
    while True:
        try:
            count = await purge_inactive(sessions, before=utcnow() - timedelta(days=days))
            if count:
                logger.info("retention: deleted %d conversations inactive for %d days", count, days)
        except SQLAlchemyError as exc:  # a busy database must not stop the loop; try again next round
            logger.warning("retention run failed: %s", type(exc).__name__)
        await anyio.sleep(interval)
