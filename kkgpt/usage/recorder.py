"""Records one usage event per chat turn: a pseudonymous user key, department, task and sizes; no text."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import UsageEvent, utcnow

_INSERT_EVENT = insert(UsageEvent)  # built once: every chat turn writes one


#: Size buckets for the documents of a turn, by characters of text: coarse enough to say nothing of a file.
SIZE_BUCKETS = ((20_000, "small"), (200_000, "medium"), (1_000_000, "large"))


def size_bucket(characters: int) -> str:
    """The usage log's size bucket for documents of this many characters (`small` is up to ~10 pages)."""
    return next((name for limit, name in SIZE_BUCKETS if characters <= limit), "huge")


def pseudonymous_key(secret: str, user_id: str) -> str:
    """A stable key for a user that cannot be turned back into the user without the app's secret."""
    return hmac.new(secret.encode(), b"kkgpt.usage-key:" + user_id.encode(), hashlib.sha256).hexdigest()[:32]


def to_hour(moment: datetime) -> datetime:
    """Events keep only the hour they happened in: enough for statistics, too coarse to trace a person."""
    return moment.replace(minute=0, second=0, microsecond=0)


class UsageRecorder:
    """Writes usage events; holds the secret that derives pseudonymous user keys."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], secret: str) -> None:
        self._sessions = sessions
        self._secret = secret

    def key_for(self, user_id: str) -> str:
        """The pseudonymous key of a user (also what guideline acceptances are recorded under)."""
        return pseudonymous_key(self._secret, user_id)

    async def record_turn(self, **turn: Any) -> None:
        """Count one answered (or failed, or stopped) turn, in a transaction of its own (see `record_turn_in`)."""
        async with self._sessions.begin() as session:
            await self.record_turn_in(session, **turn)

    async def record_turn_in(
        self,
        session: AsyncSession,
        *,
        user_id: str,
        department: str,
        task_category: str | None,
        model: str,
        status: str,
        input_tokens: int,
        output_tokens: int,
        pii_types: Iterable[str],
        special_categories: Iterable[str],
        documents: int = 0,
        document_types: Iterable[str] = (),
        document_size: str = "",
    ) -> None:
        """`record_turn` inside the caller's transaction (the one that stores the answer)."""
        await session.execute(
            _INSERT_EVENT,
            {
                "hour": to_hour(utcnow()),
                "user_key": self.key_for(user_id),
                "department": department,
                "kind": "turn",
                "task_category": task_category,
                "model": model,
                "status": status,
                "input_tokens": input_tokens,
                "output_tokens": output_tokens,
                "pii_types": ",".join(sorted(set(pii_types))),
                "special_categories": ",".join(sorted(set(special_categories))),
                "documents": documents,
                "document_types": ",".join(sorted(set(document_types))),
                "document_size": document_size,
            },
        )

    async def record_refusal(self, *, user_id: str, department: str, reason: str) -> None:
        """Count a message refused by a quota or rate limit (`reason`: which limit, e.g. `messages`)."""
        async with self._sessions.begin() as session:
            session.add(UsageEvent(hour=to_hour(utcnow()), user_key=self.key_for(user_id), department=department,
                                   kind="quota_refused", status=reason[:16]))
