"""Login sessions kept in the database, so that logout, "log out everywhere" and an admin end them at once.

The browser's cookie carries a random token; the table holds only its SHA-256, so a copy of the database
logs nobody in. A session ends at logout, after `idle` without a request, or `lifetime` after login,
whichever comes first. Every replica reads the same table.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.auth.users import Principal
from kkgpt.db.models import LoginSession, User, utcnow
from kkgpt.db.reads import SharedRead, read_connection

# Writing "last seen" on every request would turn each page view into a write; once a minute is enough.
_TOUCH_EVERY = timedelta(seconds=60)


# Every request runs this: built once, with bound parameters.
_PRINCIPAL = (
    select(LoginSession.last_seen_at, User.id, User.display_name, User.department, User.role, User.subject)
    .join(User, User.id == LoginSession.user_id)
    .where(LoginSession.token_hash == bindparam("b_key"), LoginSession.expires_at > bindparam("b_now"),
           LoginSession.last_seen_at > bindparam("b_seen_after"))
)


def token_hash(token: str) -> str:
    """The stored form of a session or API token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class LoginSessions:
    """Creates, resolves and ends login sessions."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, idle: timedelta, lifetime: timedelta) -> None:
        self._sessions = sessions
        self.idle = idle
        self.lifetime = lifetime

    async def start(self, user_id: str) -> str:
        """A new session for `user_id`; returns the token for the cookie."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        async with self._sessions.begin() as session:
            session.add(LoginSession(token_hash=token_hash(token), user_id=user_id, created_at=now,
                                     last_seen_at=now, expires_at=now + self.lifetime))
        return token

    async def resolve(self, token: str) -> str | None:
        """The user id of a live session, or None (ended, idle too long, or past its lifetime)."""
        principal = await self.principal(token)
        return principal.id if principal is not None else None

    async def principal(self, token: str, shared: SharedRead | None = None) -> Principal | None:
        """The employee of a live session, read with the session in one statement (every request asks);
        in `shared`, the request's read transaction, when one is given."""
        now = utcnow()
        key = token_hash(token)
        async with read_connection(self._sessions, shared) as connection:  # Core, without the ORM's work
            found = (await connection.execute(
                _PRINCIPAL, {"b_key": key, "b_now": now, "b_seen_after": now - self.idle})).first()
            if found is None:
                return None
            last_seen = found.last_seen_at
            principal = Principal(id=found.id, display_name=found.display_name, department=found.department,
                                  role=found.role, subject=found.subject)
        if now - last_seen >= _TOUCH_EVERY:
            async with self._sessions.begin() as session:
                await session.execute(update(LoginSession).where(LoginSession.token_hash == key)
                                      .values(last_seen_at=now))
        return principal

    async def end(self, token: str) -> None:
        """End one session (logout)."""
        async with self._sessions.begin() as session:
            await session.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash(token)))

    async def end_all(self, user_id: str) -> int:
        """End every session of `user_id` ("log out everywhere", or an admin's action); returns how many."""
        async with self._sessions.begin() as session:
            result = await session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
            return result.rowcount or 0

    async def count(self, user_id: str) -> int:
        """How many live sessions `user_id` has."""
        now = utcnow()
        async with self._sessions() as session:
            return await session.scalar(
                select(func.count()).select_from(LoginSession).where(
                    LoginSession.user_id == user_id, LoginSession.expires_at > now,
                    LoginSession.last_seen_at > now - self.idle)
            ) or 0

    async def purge(self, now: datetime | None = None) -> int:
        """Delete sessions that can no longer be used."""
        now = now or utcnow()
        async with self._sessions.begin() as session:
            result = await session.execute(delete(LoginSession).where(
                or_(LoginSession.expires_at <= now, LoginSession.last_seen_at <= now - self.idle)))
            return result.rowcount or 0
