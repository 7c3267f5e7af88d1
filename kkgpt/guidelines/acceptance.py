"""Versioned acceptance of the guidelines: recorded under the user's pseudonymous usage key."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import GuidelineAcceptance
from kkgpt.errors import GuidelinesNotAccepted, GuidelinesOutdated
from kkgpt.guidelines.loader import GuidelineLibrary

_REMEMBERED = 50_000


class AcceptanceRegistry:
    """Records and checks who accepted which version of the guidelines."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], library: GuidelineLibrary, key_for: Callable[[str], str]
    ) -> None:
        self._sessions = sessions
        self._library = library
        self._key_for = key_for
        # Acceptances are never withdrawn, so a "yes" can be remembered (per version: a new version asks
        # again). Every message checks it; this saves a query per turn. Bounded, oldest forgotten first.
        self._accepted: OrderedDict[tuple[str, str], None] = OrderedDict()

    @property
    def current_version(self) -> str:
        """The version staff must have accepted."""
        return self._library.guidelines.version

    async def accepted_at(self, user_id: str, version: str | None = None) -> datetime | None:
        """When the user accepted `version` (default: the current one), or None."""
        async with self._sessions() as session:
            return await session.scalar(
                select(GuidelineAcceptance.accepted_at).where(
                    GuidelineAcceptance.user_key == self._key_for(user_id),
                    GuidelineAcceptance.version == (version or self.current_version),
                )
            )

    async def has_accepted(self, user_id: str) -> bool:
        """True when the user has accepted the current version."""
        key = (user_id, self.current_version)
        if key in self._accepted:
            return True
        if await self.accepted_at(user_id) is None:
            return False
        self._accepted[key] = None
        if len(self._accepted) > _REMEMBERED:
            self._accepted.popitem(last=False)
        return True

    async def accept(self, user_id: str, version: str) -> datetime:
        """Record acceptance of `version`, which must be the current one (accepting twice is harmless)."""
        if version != self.current_version:
            raise GuidelinesOutdated(detail=f"accepted {version!r}, current {self.current_version!r}")
        if (existing := await self.accepted_at(user_id, version)) is not None:
            return existing
        try:
            async with self._sessions.begin() as session:
                row = GuidelineAcceptance(user_key=self._key_for(user_id), version=version)
                session.add(row)
            return row.accepted_at
        except IntegrityError:  # a second tab accepted at the same moment
            accepted = await self.accepted_at(user_id, version)
            assert accepted is not None
            return accepted

    async def require(self, user_id: str) -> None:
        """Raise `GuidelinesNotAccepted` unless the user has accepted the current version."""
        if not await self.has_accepted(user_id):
            raise GuidelinesNotAccepted()
