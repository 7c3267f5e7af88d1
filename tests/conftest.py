"""Shared fixtures: isolated settings, one PII shield and token counter per session, the app and a client."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from kkgpt.app import create_app
from kkgpt.llm.mock import MockBackend
from kkgpt.llm.tokens import TokenCounter, load_encoding
from kkgpt.services import Services, build_services
from kkgpt.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No KKGPT_* variable or .env file of the developer's leaks into a test."""
    for name in list(os.environ):
        if name.startswith("KKGPT_"):
            monkeypatch.delenv(name)
    # No background preparation of statistics: tests add past usage rows after start-up, which the
    # daily rollups of a real server never see (tests/usage/test_statistics.py switches it on).
    monkeypatch.setenv("KKGPT_STATS_WARMUP", "false")
    monkeypatch.chdir(tmp_path)
    yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last: Playwright's sync API and async tests must not share the thread's loop."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _postgres_listening() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _postgres_gate(request: pytest.FixtureRequest) -> None:
    """`postgres` tests skip without a server, except in CI (REQUIRE_POSTGRES_TESTS=1), where they must run."""
    if request.node.get_closest_marker("postgres") and not _postgres_listening():
        message = "PostgreSQL is not listening on 127.0.0.1:5432"
        if os.environ.get("REQUIRE_POSTGRES_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)


POSTGRES_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A PostgreSQL database of this test's own, with a unique name, dropped afterwards.

    Tests never touch the schemas of databases they did not create (`test`, `postgres`, a developer's own).
    """
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"kkgpt_test_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(scope="session")
def pii():
    """The real PII shield, built once (it is stateless between calls)."""
    from kkgpt.pii import build_shield

    return build_shield()


@pytest.fixture(scope="session")
def counter() -> TokenCounter:
    """The o200k_base token counter, built once."""
    return TokenCounter(load_encoding("o200k_base"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Embedded defaults in a temporary data directory, with a mock model that does not wait.

    The per-minute limits are off: tests send many messages in a second (tests/usage/test_quotas.py
    switches them on)."""
    return Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0,
                    user_messages_per_minute=0, user_previews_per_minute=0)


@pytest.fixture
def guidelines_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped guidelines, for tests that edit them."""
    target = tmp_path / "guidelines"
    shutil.copytree(ROOT / "guidelines", target)
    return target


@pytest.fixture
def backend() -> MockBackend:
    """The built-in mock model without delays."""
    return MockBackend(delay_seconds=0)


@pytest.fixture
async def services(settings: Settings, pii, counter: TokenCounter, backend) -> AsyncIterator[Services]:
    """Services on a fresh SQLite database."""
    services = await build_services(settings, shield=pii, counter=counter, backend=backend)
    try:
        yield services
    finally:
        await services.aclose()


@pytest.fixture
def start_app(pii, counter: TokenCounter):
    """`async with start_app(settings, **services) as (app, client)`: an app of one's own, running, with a client.

    Services get the session's PII shield and token counter unless a test passes others.
    """

    @asynccontextmanager
    async def start(settings: Settings, **overrides) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
        async def build(s: Settings) -> Services:
            return await build_services(s, **{"shield": pii, "counter": counter, **overrides})

        application = create_app(settings, build=build)
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                yield application, http

    return start


@pytest.fixture
async def app(settings: Settings, start_app, backend):
    """The app with its lifespan running."""
    async with start_app(settings, backend=backend) as (application, _):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process HTTP client (not logged in)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def login(client: httpx.AsyncClient, name: str = "Test Testesen", department: str = "Koncern IT",
                admin: bool = False, accept: bool = True) -> httpx.Response:
    """Log the client in through the development login form (and accept the guidelines, unless told not to)."""
    data = {"name": name, "department": department}
    if admin:
        data["admin"] = "1"
    response = await client.post("/login/dev", data=data)
    assert response.status_code == 303, response.text
    if accept:
        version = (await client.get("/api/v1/guidelines")).json()["version"]
        assert (await client.post("/api/v1/guidelines/accept", json={"version": version})).status_code == 200
    return response


@pytest.fixture
async def user_client(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """A client logged in as an ordinary employee."""
    await login(client)
    return client
