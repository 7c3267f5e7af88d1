"""Apply Alembic migrations programmatically (at start-up and by `kkgpt db upgrade`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; replicas starting together take this PostgreSQL advisory lock in turn.
_ADVISORY_LOCK_ID = 0x6B6B677074
_VERSION_TABLE = "alembic_version"  # Alembic's default, which KK-GPT keeps


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration in this code."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Held until the migration's transaction commits, so the next replica sees the finished schema.
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
    command.upgrade(_config(connection), "head")


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the database schema to the newest revision (safe to run from several replicas at once)."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


def _revision(connection: Connection) -> str | None:
    # Read the version table directly: Alembic's MigrationContext logs two INFO lines each time it is made,
    # and readiness probes ask every few seconds.
    if not inspect(connection).has_table(_VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    async with engine.connect() as connection:
        return await connection.run_sync(_revision)
