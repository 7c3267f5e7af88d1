"""Records one usage event per chat turn: a pseudonymous user key, department, task and sizes; no text.

The user key in the usage log is an HMAC of the user id under a secret of the period (a month by
default, `KKGPT_USAGE_KEY_ROTATION`), derived from the app's secret key, which lives outside the database.
Within a period one employee has one key, so distinct employees can be counted; across periods the keys
are unrelated, so a person cannot be followed from month to month, and without the secret nobody can
hash a staff list into keys.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import UsageEvent, utcnow
from kkgpt.usage.periods import TIMEZONE

_INSERT_EVENT = insert(UsageEvent)  # built once: every chat turn writes one


#: Size buckets for the documents of a turn, by characters of text: coarse enough to say nothing of a file.
SIZE_BUCKETS = ((20_000, "small"), (200_000, "medium"), (1_000_000, "large"))


def size_bucket(characters: int) -> str:
    """The usage log's size bucket for documents of this many characters (`small` is up to ~10 pages)."""
    return next((name for limit, name in SIZE_BUCKETS if characters <= limit), "huge")


Rotation = Literal["month", "quarter", "year"]


def pseudonymous_key(secret: str, user_id: str) -> str:
    """A stable key for a user that cannot be turned back into the user without the app's secret.

    Used for guideline acceptances (which must be found again next month), never in the usage log."""
    return hmac.new(secret.encode(), b"kkgpt.usage-key:" + user_id.encode(), hashlib.sha256).hexdigest()[:32]


def key_period(moment: datetime, rotation: Rotation) -> str:
    """The period a moment's usage key belongs to: `2026-11`, `2026-Q4` or `2026`.

    Periods are whole calendar months of Copenhagen's calendar (the statistics' calendar) or unions of
    them, so a statistics bucket (day, week part, month) never holds two keys of one person."""
    moment = moment.astimezone(TIMEZONE)
    if rotation == "month":
        return moment.strftime("%Y-%m")
    if rotation == "quarter":
        return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
    return str(moment.year)


def period_key(secret: str, user_id: str, period: str) -> str:
    """The user's key in the usage log for one period: an HMAC under a secret derived for that period."""
    period_secret = hmac.new(secret.encode(), b"kkgpt.usage-period:" + period.encode(), hashlib.sha256).digest()
    return hmac.new(period_secret, user_id.encode(), hashlib.sha256).hexdigest()[:32]


def to_hour(moment: datetime) -> datetime:
    """Events keep only the hour they happened in: enough for statistics, too coarse to trace a person."""
    return moment.replace(minute=0, second=0, microsecond=0)


class UsageRecorder:
    """Writes usage events; holds the secret that derives pseudonymous user keys."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], secret: str,
                 rotation: Rotation = "month", guidelines: Callable[[], str] = lambda: "") -> None:
        self._sessions = sessions
        self._secret = secret
        self.rotation = rotation
        # The guideline version in force, recorded with each turn: whoever chats has accepted it.
        self._guidelines = guidelines

    def key_for(self, user_id: str) -> str:
        """The stable pseudonymous key of a user: what guideline acceptances are recorded under."""
        return pseudonymous_key(self._secret, user_id)

    def usage_key(self, user_id: str, moment: datetime | None = None) -> str:
        """The user's key in the usage log and feedback for the period of `moment` (default: now)."""
        return period_key(self._secret, user_id, key_period(moment or utcnow(), self.rotation))

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
        error_code: str | None = None,
    ) -> None:
        """`record_turn` inside the caller's transaction (the one that stores the answer)."""
        now = utcnow()
        await (await session.connection()).execute(  # Core, without the ORM's work per statement
            _INSERT_EVENT,
            {
                "hour": to_hour(now),
                "user_key": self.usage_key(user_id, now),
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
                "error_code": error_code[:64] if error_code else None,
                "guidelines": self._guidelines()[:64],
            },
        )

    async def record_refusal(self, *, user_id: str, department: str, reason: str) -> None:
        """Count a message refused by a quota or rate limit (`reason`: which limit, e.g. `messages`)."""
        now = utcnow()
        async with self._sessions.begin() as session:
            session.add(UsageEvent(hour=to_hour(now), user_key=self.usage_key(user_id, now), department=department,
                                   kind="quota_refused", status=reason[:16]))

    async def record_blocked(self, *, user_id: str, department: str, task_category: str | None,
                             reasons: Iterable[str]) -> None:
        """Count a message the shield refused to send (`reasons`: the kinds of data that blocked it)."""
        now = utcnow()
        async with self._sessions.begin() as session:
            session.add(UsageEvent(hour=to_hour(now), user_key=self.usage_key(user_id, now), department=department,
                                   kind="blocked", task_category=task_category,
                                   pii_types=",".join(sorted(set(reasons)))[:400]))
