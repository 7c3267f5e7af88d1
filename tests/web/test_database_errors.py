"""A database error reaches neither the employee nor any log with the values it was given."""

from __future__ import annotations

import logging
import sqlite3
import traceback

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as SqlTimeoutError

from kkgpt.settings import Settings
from tests.conftest import login

SECRET = "Hemmelig Afdeling Jensen"
OTHER = "Anden Testesen"


async def _leaks(app_settings: Settings, start_app, backend, caplog: pytest.LogCaptureFixture) -> str:
    """Make the second login with the same department fail on a unique index; return all that was logged."""
    async with start_app(app_settings, backend=backend) as (app, _):
        async with app.state.services.engine.begin() as connection:
            await connection.execute(text("CREATE UNIQUE INDEX ix_test_department ON users (department)"))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await login(client, "Første Testesen", department=SECRET, accept=False)
            # Drivers log statements with their parameters at DEBUG: `kkgpt serve` keeps them at INFO.
            with (caplog.at_level(logging.INFO), caplog.at_level(logging.DEBUG, logger="kkgpt"),
                  pytest.raises(IntegrityError) as raised):
                await client.post("/login/dev", data={"name": OTHER, "department": SECRET})
    # What the server logs for an unhandled error: the whole traceback, chained errors included.
    return "".join(traceback.format_exception(raised.value)) + caplog.text


async def test_sqlite_errors_log_no_parameters(settings, start_app, backend, caplog) -> None:
    logged = await _leaks(settings, start_app, backend, caplog)
    assert "UNIQUE constraint failed" in logged
    assert SECRET.casefold() not in logged.casefold() and OTHER.casefold() not in logged.casefold(), logged


@pytest.mark.postgres
async def test_postgresql_errors_log_no_parameters(postgres_url, tmp_path, start_app, backend, caplog) -> None:
    app_settings = Settings(_env_file=None, data_dir=tmp_path, database_url=postgres_url, mock_delay_seconds=0)
    logged = await _leaks(app_settings, start_app, backend, caplog)
    assert "duplicate key value" in logged
    assert SECRET.casefold() not in logged.casefold() and OTHER.casefold() not in logged.casefold()


async def test_the_employee_gets_a_calm_500(app, caplog) -> None:
    async with app.state.services.engine.begin() as connection:
        await connection.execute(text("CREATE UNIQUE INDEX ix_test_department ON users (department)"))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await login(client, "Første Testesen", department=SECRET, accept=False)
        response = await client.post("/login/dev", data={"name": OTHER, "department": SECRET},
                                     headers={"accept": "application/json"})
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal"
    assert SECRET not in response.text and "INSERT" not in response.text


@pytest.mark.parametrize("error", [
    OperationalError("INSERT INTO messages ...", {}, sqlite3.OperationalError("database is locked")),
    SqlTimeoutError("QueuePool limit of size 10 overflow 20 reached, connection timed out, timeout 30.00"),
])
async def test_a_busy_database_is_a_calm_503_not_an_internal_error(settings, start_app, backend, monkeypatch,
                                                                  error) -> None:
    async with start_app(settings, backend=backend) as (app, _):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await login(client)
            cid = (await client.post("/api/v1/conversations")).json()["id"]

            async def busy(*args, **kwargs):
                raise error

            monkeypatch.setattr(app.state.services.conversations, "append", busy)
            response = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})
            assert response.status_code == 503 and response.headers["retry-after"] == "5"
            assert response.json()["error"] == {"code": "database_busy",
                                                "message": "KK-GPT har meget travlt lige nu. Prøv igen om et øjeblik."}
            assert (await client.get("/healthz")).status_code == 200
