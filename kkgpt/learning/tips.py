"""Tips from colleagues ("Tips"): scrubbed, shown back exactly as stored, reviewed before publishing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import anyio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.crypto import FieldCipher
from kkgpt.db.models import Tip, utcnow
from kkgpt.errors import InvalidInput, NotFound

TIP_MIN_CHARS = 20
TIP_MAX_CHARS = 2000
TipStatus = Literal["pending", "published", "rejected"]


@dataclass(frozen=True)
class TipView:
    """A tip as stored: no author, text already scrubbed."""

    id: int
    text: str
    status: str
    created_at: datetime


class TipStore:
    """Stores and reviews tips; never stores who wrote one."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, *,
                 scrub: Callable[[str], str]) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._scrub = scrub

    def _view(self, row: Tip) -> TipView:
        return TipView(id=row.id, text=self._cipher.decrypt(row.text_enc), status=row.status,
                       created_at=row.created_at)

    async def scrubbed(self, text: str) -> str:
        """The tip exactly as it would be stored: trimmed and with personal data replaced by labels."""
        text = text.strip()
        if len(text) < TIP_MIN_CHARS:
            raise InvalidInput(f"Skriv lidt mere: mindst {TIP_MIN_CHARS} tegn.", code="tip_too_short")
        if len(text) > TIP_MAX_CHARS:
            raise InvalidInput(f"Tippet er for langt: højst {TIP_MAX_CHARS} tegn.", code="tip_too_long")
        return await anyio.to_thread.run_sync(self._scrub, text)

    async def submit(self, text: str) -> TipView:
        """Scrub and store a tip for review."""
        clean = await self.scrubbed(text)
        async with self._sessions.begin() as session:
            row = Tip(text_enc=self._cipher.encrypt(clean), status="pending")
            session.add(row)
        return self._view(row)

    async def list(self, status: TipStatus, *, limit: int = 100) -> list[TipView]:
        """Tips with this status, newest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Tip).where(Tip.status == status).order_by(Tip.created_at.desc(), Tip.id.desc()).limit(limit)
            )
            return [self._view(row) for row in rows]

    async def review(self, tip_id: int, status: TipStatus) -> TipView:
        """Publish or reject a tip (an admin's decision)."""
        if status not in ("published", "rejected", "pending"):
            raise InvalidInput(code="invalid_status")
        async with self._sessions.begin() as session:
            row = await session.get(Tip, tip_id)
            if row is None:
                raise NotFound()
            row.status, row.reviewed_at = status, utcnow()
        return self._view(row)
