"""Is this replica ready for traffic? The database answers, its schema is current, a model is configured.

Cheap enough for a load balancer's probe every few seconds: one `SELECT 1` with a short timeout, the
schema revision read at most once per `cache_seconds` while it is current, and no call to the model.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from kkgpt.db import migrate
from kkgpt.settings import Settings

logger = logging.getLogger(__name__)

OK = "ok"


@dataclass(frozen=True)
class ReadinessReport:
    """Each check's result: "ok", or what is wrong (no secrets, no addresses)."""

    checks: dict[str, str]

    @property
    def ready(self) -> bool:
        """True when every check passed."""
        return all(result == OK for result in self.checks.values())

    @property
    def failed(self) -> list[str]:
        """The names of the checks that did not pass."""
        return [name for name, result in self.checks.items() if result != OK]


class Readiness:
    """Runs the readiness checks for one app (see the module docstring)."""

    def __init__(self, engine: AsyncEngine, settings: Settings, *, timeout: float = 2.0,
                 cache_seconds: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._settings = settings
        self._timeout = timeout
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._head: str | None = None
        self._current_until = float("-inf")  # the schema was current when last read; trusted until then

    async def _database(self) -> str:
        try:
            async with asyncio.timeout(self._timeout), self._engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError, TimeoutError) as exc:  # asyncpg raises plain OSErrors when refused
            logger.warning("readiness: database unreachable (%s)", type(exc).__name__)
            return "unreachable"
        return OK

    async def _migrations(self) -> str:
        if self._clock() < self._current_until:
            return OK
        self._head = self._head or migrate.head_revision()
        try:
            async with asyncio.timeout(self._timeout):
                current = await migrate.current_revision(self._engine)
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            logger.warning("readiness: schema revision not readable (%s)", type(exc).__name__)
            return "unknown"
        if current != self._head:
            logger.warning("readiness: database schema at %s, this code needs %s", current, self._head)
            return f"database at {current or 'no revision'}, expected {self._head}"
        self._current_until = self._clock() + self._cache_seconds
        return OK

    def _model(self) -> str:
        # Settings refuse to load without these, so this guards against a backend swapped in later; the model
        # itself is never called from a probe (it costs money and has its own rate limits).
        missing = self._settings.missing_model_settings()
        return f"missing {', '.join(missing)}" if missing else OK

    async def check(self) -> ReadinessReport:
        """Run every check; the schema is not read when the database does not answer."""
        database = await self._database()
        migrations = await self._migrations() if database == OK else "unknown"
        return ReadinessReport({"database": database, "migrations": migrations, "model": self._model()})
