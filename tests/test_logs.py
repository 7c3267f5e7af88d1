"""Logs: one JSON line per record with the request id, an access line per request by route template, and never
what the employee wrote, even at DEBUG."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kkgpt.logs import SAFE_REQUEST_ID, configure_logging, log_handler, request_context
from kkgpt.settings import Settings
from tests.conftest import login

NAME, CPR = "Jens Hansen", "010170-1234"


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Logging set up as `kkgpt serve` does with KKGPT_LOG_FORMAT=json at DEBUG, written to a buffer."""
    root = logging.getLogger()
    level = root.level
    quiet = {name: logging.getLogger(name).level for name in ("aiosqlite", "asyncpg", "sqlalchemy.engine")}
    buffer = io.StringIO()
    handler = configure_logging("DEBUG", "json", stream=buffer)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for name, old in quiet.items():
            logging.getLogger(name).setLevel(old)


def _records(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


async def test_a_chat_turn_logs_its_request_id_and_never_the_message(json_log, caplog, tmp_path: Path,
                                                                     start_app) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.WARNING, logger="httpx")  # the test's own client logs the URL it requested
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0, log_level="DEBUG",
                        log_format="json")
    async with start_app(settings) as (_, client):
        await login(client, name="Test Testesen")
        conversation = (await client.post("/api/v1/conversations")).json()["id"]
        response = await client.post(f"/api/v1/conversations/{conversation}/messages?draft={CPR}",
                                     json={"text": f"Skriv et brev til {NAME}, CPR {CPR}, om hans sag."},
                                     headers={"X-Request-ID": "turn-42"})
        assert response.status_code == 200 and response.headers["x-request-id"] == "turn-42"
        assert NAME in response.json()["reply"]  # the answer names him; the logs must not

    output = json_log.getvalue()
    for value in (NAME, "Jens", "Hansen", CPR, CPR.replace("-", ""), "brev til", conversation):
        assert value not in output
        assert value not in caplog.text
    records = _records(json_log)
    assert all({"time", "level", "logger", "message", "request_id"} <= set(r) for r in records)
    turn = [r for r in records if r["request_id"] == "turn-42"]
    access = [r for r in turn if r["logger"] == "kkgpt.access"]
    assert len(access) == 1
    assert access[0]["route"] == "/api/v1/conversations/{conversation_id}/messages"
    assert access[0]["method"] == "POST" and access[0]["status"] == 200 and access[0]["duration_ms"] >= 0
    assert any(r["logger"].startswith("kkgpt.pii") for r in turn), "records inside the turn carry its id"


async def test_request_ids_are_echoed_only_when_safe(client) -> None:
    kept = await client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2_x"})
    assert kept.headers["x-request-id"] == "lb-7f3a.2_x"
    for unsafe in ("has space", "x" * 65, "<script>", "ok\\u2028"):
        replaced = (await client.get("/healthz", headers={"X-Request-ID": unsafe})).headers["x-request-id"]
        assert replaced != unsafe and SAFE_REQUEST_ID.fullmatch(replaced)
    first, second = [(await client.get("/readyz")).headers["x-request-id"] for _ in range(2)]
    assert first != second and SAFE_REQUEST_ID.fullmatch(first)


async def test_the_text_access_log_shows_the_route_template_not_the_path(caplog, user_client) -> None:
    caplog.set_level(logging.INFO, logger="kkgpt.access")
    conversation = (await user_client.post("/api/v1/conversations")).json()["id"]
    await user_client.get(f"/api/v1/conversations/{conversation}?q={NAME}")
    lines = [r.getMessage() for r in caplog.records if r.name == "kkgpt.access"]
    assert re.fullmatch(r"GET /api/v1/conversations/\{conversation_id\} 200 \d+ms", lines[-1])
    assert conversation not in caplog.text and "Jens" not in caplog.text


def test_json_lines_carry_the_request_id_known_extras_and_the_traceback() -> None:
    buffer = io.StringIO()
    logger = logging.getLogger("kkgpt.tests.json")
    logger.addHandler(log_handler("json", buffer))
    try:
        with request_context("req-1"):
            try:
                raise ValueError("boom")
            except ValueError:
                # uvicorn puts the ASGI scope (paths, cookies) on its records: it must not reach the log.
                logger.exception("failed: %s", "ModelTimeout", extra={
                    "route": "/api/v1/conversations/{conversation_id}",
                    "scope": {"headers": [(b"cookie", b"kkgpt_session=secret")]}})
        logger.warning("outside any request")
    finally:
        logger.handlers.clear()
    inside, outside = _records(buffer)
    assert inside["message"] == "failed: ModelTimeout" and inside["request_id"] == "req-1"
    assert inside["route"] == "/api/v1/conversations/{conversation_id}" and inside["level"] == "ERROR"
    assert "ValueError: boom" in inside["exception"]
    assert "scope" not in inside and "secret" not in buffer.getvalue()
    assert outside["request_id"] == "-"


def test_serve_replaces_uvicorns_logging_and_access_log(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from kkgpt import cli, logs

    calls: dict = {}
    monkeypatch.setenv("KKGPT_LOG_FORMAT", "json")
    monkeypatch.setattr(logs, "configure_logging", lambda level, log_format: calls.update(format=log_format))
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.update(options))
    assert cli.main(["serve", "--port", "8123"]) == 0
    assert calls["format"] == "json"
    assert calls["log_config"] is None, "uvicorn's records must reach our handler, in our format"
    assert calls["access_log"] is False, "uvicorn's access log prints raw paths and query strings"


async def test_an_unexpected_error_names_the_request_id_its_log_line_carries(app, json_log, monkeypatch) -> None:
    import httpx

    async def broken(*args, **kwargs):
        raise RuntimeError(f"boom for {NAME}")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await login(client)
        monkeypatch.setattr(app.state.services.conversations, "page", broken)
        api = await client.get("/api/v1/conversations", headers={"X-Request-ID": "support-7"})
        page = await client.get("/chat")

    assert api.status_code == 500 and api.headers["x-request-id"] == "support-7"
    assert "support-7" in api.json()["error"]["message"]
    page_id = page.headers["x-request-id"]
    assert page.status_code == 500 and SAFE_REQUEST_ID.fullmatch(page_id) and f"fejl-id {page_id}" in page.text
    errors = [r for r in _records(json_log) if r["level"] == "ERROR" and r["logger"] == "kkgpt.web.telemetry"]
    assert {r["request_id"] for r in errors} == {"support-7", page_id}
    assert all("RuntimeError" in r["message"] and NAME not in r["message"] for r in errors)
