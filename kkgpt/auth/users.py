"""Employees as stored; a login upserts them by the stable subject their identity provider gives."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import User, utcnow

ROLES = ("employee", "admin")


@dataclass(frozen=True)
class Principal:
    """The logged-in employee, as every request sees them."""

    id: str
    display_name: str
    department: str
    role: str
    subject: str = ""

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.role == "admin"

    @property
    def from_dev_login(self) -> bool:
        """True for accounts made by the development login (or a development token)."""
        return self.subject.startswith("dev:")


def principal_of(row: User) -> Principal:
    """The request-facing view of a stored employee."""
    return Principal(id=row.id, display_name=row.display_name, department=row.department, role=row.role,
                     subject=row.subject)


class UserStore:
    """Creates and finds employees."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def upsert(self, *, subject: str, display_name: str, department: str, role: str) -> Principal:
        """The employee with this subject, created or updated with the latest name, department and role."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        try:
            return await self._upsert(subject, display_name, department, role)
        except IntegrityError:
            # The same employee's first login in two tabs at once: the other one created the row, so this one
            # finds it and updates it.
            return await self._upsert(subject, display_name, department, role)

    async def _upsert(self, subject: str, display_name: str, department: str, role: str) -> Principal:
        async with self._sessions.begin() as session:
            row = await session.scalar(select(User).where(User.subject == subject))
            if row is None:
                row = User(subject=subject, display_name=display_name, department=department, role=role)
                session.add(row)
            else:
                row.display_name, row.department, row.role = display_name, department, role
                row.last_login_at = utcnow()
            await session.flush()
            return principal_of(row)

    async def get(self, user_id: str) -> Principal | None:
        """The employee with this id, or None (e.g. a cookie from before their data was deleted)."""
        async with self._sessions() as session:
            row = await session.get(User, user_id)
            return principal_of(row) if row is not None else None

    async def by_subject(self, subject: str) -> Principal | None:
        """The employee with this login subject, or None."""
        async with self._sessions() as session:
            row = await session.scalar(select(User).where(User.subject == subject))
            return principal_of(row) if row is not None else None

    async def search(self, text: str, *, limit: int = 50) -> list[Principal]:
        """Employees whose name contains `text` (case does not matter), for an administrator; at most `limit`."""
        words = " ".join(text.split())
        if not words:
            return []
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        async with self._sessions() as session:
            rows = await session.scalars(
                select(User).where(User.display_name.ilike(pattern, escape="\\"))
                .order_by(User.display_name, User.id).limit(limit))
            return [principal_of(row) for row in rows]
