"""/healthz says the process is alive; /readyz checks the database, the schema revision and the model's
settings."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from kkgpt.db import migrate
from kkgpt.readiness import Readiness
from kkgpt.settings import Settings

CLOSED_PORT = "postgresql+asyncpg://nobody@127.0.0.1:9/none"


async def _set_revision(engine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


async def test_a_ready_replica_lists_its_checks(client) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    checks = {"database": "ok", "migrations": "ok", "model": "ok"}
    assert response.json() == {"status": "ok", "checks": checks}


async def test_an_unreachable_database_makes_the_replica_unready_but_alive(tmp_path: Path, start_app) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", database_url=CLOSED_PORT)
    async with start_app(settings, run_migrations=False) as (_, client):
        ready = await client.get("/readyz")
        alive = await client.get("/healthz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "error", "failed": ["database", "migrations"],
                            "checks": {"database": "unreachable", "migrations": "unknown", "model": "ok"}}
    assert "127.0.0.1" not in ready.text and "nobody" not in ready.text
    assert alive.status_code == 200 and alive.json() == {"status": "ok"}


async def test_a_database_behind_on_migrations_is_named(app, client) -> None:
    head = migrate.head_revision()
    await _set_revision(app.state.services.engine, "0003")
    response = await client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["migrations"]
    assert body["checks"]["migrations"] == f"database at 0003, expected {head}"
    await _set_revision(app.state.services.engine, head)
    assert (await client.get("/readyz")).status_code == 200


async def test_a_current_schema_is_trusted_for_a_while(services) -> None:
    now = [1000.0]
    readiness = Readiness(services.engine, services.settings, cache_seconds=30, clock=lambda: now[0])
    assert (await readiness.check()).ready
    await _set_revision(services.engine, "0003")
    now[0] += 29  # within the cache: the schema revision is not read again
    assert (await readiness.check()).ready
    now[0] += 2
    report = await readiness.check()
    assert not report.ready and report.failed == ["migrations"]
    await _set_revision(services.engine, migrate.head_revision())


async def test_the_model_check_names_missing_settings_without_calling_the_model(services) -> None:
    settings = Settings(_env_file=None, model_backend="openai", openai_api_key="sk-test-key-of-some-length")
    assert settings.missing_model_settings() == []
    broken = settings.model_copy(update={"openai_api_key": None})  # as if changed after validation
    report = await Readiness(services.engine, broken).check()
    assert report.failed == ["model"]
    assert report.checks["model"] == "missing KKGPT_OPENAI_BASE_URL or KKGPT_OPENAI_API_KEY"


async def test_probes_leave_the_log_quiet(services, caplog) -> None:
    import logging

    caplog.set_level(logging.INFO)
    readiness = Readiness(services.engine, services.settings, cache_seconds=0)
    for _ in range(3):
        assert (await readiness.check()).ready
    assert not [r for r in caplog.records if r.levelno >= logging.INFO], caplog.text


async def test_an_empty_database_has_no_revision(tmp_path: Path) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    try:
        assert await migrate.current_revision(engine) is None
    finally:
        await engine.dispose()
