"""Personal API tokens for scripts and testers: stored hashed, listed, revocable, with an expiry.

A token is shown once, when it is made (`kkgpt_` and 43 random characters); the table keeps its SHA-256
and the first characters to recognise it by. Tokens of development-login accounts stop working as soon as
the development login is switched off (checked where the request is authenticated).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.auth.sessions import token_hash
from kkgpt.db.models import ApiToken, utcnow
from kkgpt.errors import InvalidInput, NotAuthenticated, NotFound

TOKEN_PREFIX = "kkgpt_"
# An employee with more tokens than this is doing something a token per script does not need.
MAX_TOKENS_PER_USER = 20
_SHOWN = len(TOKEN_PREFIX) + 6


@dataclass(frozen=True)
class TokenInfo:
    """A token as its owner sees it in the list (never the token itself)."""

    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime


def _info(row: ApiToken) -> TokenInfo:
    return TokenInfo(id=row.id, name=row.name, prefix=row.prefix, created_at=row.created_at,
                     last_used_at=row.last_used_at, expires_at=row.expires_at)


class ApiTokens:
    """Makes, checks, lists and revokes personal API tokens."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def create(self, user_id: str, name: str, *, lifetime: timedelta) -> tuple[TokenInfo, str]:
        """A new token for `user_id`; returns its description and the token, which is never shown again."""
        name = " ".join(name.split())[:100] or "API-nøgle"
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = utcnow()
        async with self._sessions.begin() as session:
            existing = await session.scalars(select(ApiToken.id).where(ApiToken.user_id == user_id))
            if len(list(existing)) >= MAX_TOKENS_PER_USER:
                raise InvalidInput(f"Du kan højst have {MAX_TOKENS_PER_USER} API-nøgler. Slet en, du ikke bruger.",
                                   code="too_many_tokens")
            row = ApiToken(user_id=user_id, name=name, token_hash=token_hash(token), prefix=token[:_SHOWN],
                           created_at=now, expires_at=now + lifetime)
            session.add(row)
        return _info(row), token

    async def verify(self, token: str) -> str:
        """The user id behind a valid token; raises `NotAuthenticated` otherwise."""
        now = utcnow()
        async with self._sessions.begin() as session:
            row = await session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
            if row is None:
                raise NotAuthenticated("Tokenet er ugyldigt eller slettet.", code="token_invalid")
            if row.expires_at <= now:
                raise NotAuthenticated("Tokenet er udløbet.", code="token_expired")
            if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
                await session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
            return row.user_id

    async def list(self, user_id: str | None = None) -> list[TokenInfo]:
        """The tokens of `user_id` (or of everyone, for the command line), newest first."""
        query = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id).limit(1000)
        if user_id is not None:
            query = query.where(ApiToken.user_id == user_id)
        async with self._sessions() as session:
            return [_info(row) for row in await session.scalars(query)]

    async def owner(self, token_id: str) -> str | None:
        """Whose token this is (for the command line's listing)."""
        async with self._sessions() as session:
            row = await session.get(ApiToken, token_id)
            return row.user_id if row else None

    async def revoke(self, token_id: str, *, user_id: str | None = None) -> None:
        """Delete a token at once; with `user_id`, only if it is theirs (else `NotFound`)."""
        async with self._sessions.begin() as session:
            query = delete(ApiToken).where(ApiToken.id == token_id)
            if user_id is not None:
                query = query.where(ApiToken.user_id == user_id)
            if not (await session.execute(query)).rowcount:
                raise NotFound("API-nøglen findes ikke.")

    async def revoke_all(self, user_id: str) -> int:
        """Delete every token of `user_id`; returns how many."""
        async with self._sessions.begin() as session:
            return (await session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))).rowcount or 0

    async def purge(self, now: datetime | None = None) -> int:
        """Delete expired tokens."""
        async with self._sessions.begin() as session:
            result = await session.execute(delete(ApiToken).where(ApiToken.expires_at <= (now or utcnow())))
            return result.rowcount or 0


def dev_subject(name: str) -> str:
    """The stable login subject for a development-login name (case and spacing do not matter)."""
    return "dev:" + " ".join(name.casefold().split())
