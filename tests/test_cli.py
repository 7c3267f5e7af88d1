"""The `kkgpt` command: help, database upgrade, and development tokens the API accepts."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path

import pytest

from kkgpt.cli import main
from kkgpt.settings import Settings


def test_console_script_help_in_plain_words() -> None:
    exe = shutil.which("kkgpt") or str(Path(__import__("sys").executable).parent / "kkgpt")
    result = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60, check=True)
    for words in ("serve", "db", "dev-token", "pii", "KKGPT_", "mock model"):
        assert words in result.stdout


def test_db_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KKGPT_DATA_DIR", str(tmp_path / "data"))
    assert main(["db", "upgrade"]) == 0
    from kkgpt.db.migrate import head_revision

    assert f"revision {head_revision()}" in capsys.readouterr().out
    assert (tmp_path / "data" / "kkgpt.db").exists()


async def test_dev_token_is_accepted_only_while_dev_login_is_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], start_app
) -> None:
    monkeypatch.setenv("KKGPT_DATA_DIR", str(tmp_path / "data"))
    args = ["dev-token", "--user", "Test Testesen", "--department", "Koncern IT", "--admin", "--accept-guidelines"]
    assert await asyncio.to_thread(main, args) == 0  # the command runs its own event loop
    token = capsys.readouterr().out.strip()
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    async with start_app(settings) as (_, client):
        headers = {"Authorization": f"Bearer {token}"}
        assert (await client.get("/api/v1/guidelines", headers=headers)).json()["accepted"] is True
        created = await client.post("/api/v1/conversations", headers=headers)
        assert created.status_code == 201
        reply = await client.post(f"/api/v1/conversations/{created.json()['id']}/messages",
                                  json={"text": "Hej"}, headers=headers)
        assert reply.status_code == 200 and "Hej" in reply.json()["reply"]

    monkeypatch.setenv("KKGPT_DEV_LOGIN", "false")
    monkeypatch.setenv("KKGPT_OIDC_DISCOVERY_URL", "http://127.0.0.1:9/.well-known/openid-configuration")
    monkeypatch.setenv("KKGPT_OIDC_CLIENT_ID", "kkgpt")
    assert await asyncio.to_thread(main, ["dev-token", "--user", "X"]) == 2
    assert "development login" in capsys.readouterr().err


def test_invalid_settings_give_a_readable_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KKGPT_MODEL_BACKEND", "azure")
    with pytest.raises(SystemExit) as exit_info:
        main(["db", "upgrade"])
    assert "KKGPT_AZURE_ENDPOINT" in str(exit_info.value)


def test_mock_server_help_lists_every_knob_and_fault(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["mock-server", "--help"])
    shown = capsys.readouterr().out
    for words in ("--host", "--port", "--mode", "echo", "scripted", "long", "--script", "--ttft-ms",
                  "--tokens-per-second", "--answer-tokens", "--chunk-tokens", "--fault", "--fault-rate",
                  "--retry-after", "429", "500", "timeout", "cut", "malformed", "split", "[[mock:",
                  "KKGPT_OPENAI_BASE_URL", "KKGPT_AZURE_ENDPOINT"):
        assert words in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mode", "scripted"], "scripted mode needs --script"),
        (["--script", "missing.yaml"], "missing.yaml"),
        (["--chunk-tokens", "0"], "--chunk-tokens must be at least 1"),
        (["--fault", "500", "--fault-rate", "2"], "--fault-rate must be between 0 and 1"),
    ],
)
def test_mock_server_refuses_bad_options(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mock-server", "--port", "0", *args]) == 2
    assert message in capsys.readouterr().err


def test_mock_server_command_prints_its_address_and_answers(tmp_path: Path) -> None:
    import re
    import sys

    import httpx

    script = tmp_path / "answers.yaml"
    script.write_text("- when: barsel\n  answer: Ja, du har ret til orlov.\n", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "kkgpt", "mock-server", "--port", "0", "--script", str(script),
                               "--ttft-ms", "0", "--tokens-per-second", "0"], stdout=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", first).group()
        assert "mode scripted" in first
        assert f"KKGPT_OPENAI_BASE_URL={url}/v1" in server.stdout.readline()
        reply = httpx.post(f"{url}/v1/chat/completions", timeout=30,
                           json={"model": "m", "messages": [{"role": "user", "content": "barsel?"}]})
        assert reply.json()["choices"][0]["message"]["content"] == "Ja, du har ret til orlov."
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_usage_simulate_fills_the_log_with_departments_of_every_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    monkeypatch.setenv("KKGPT_DATA_DIR", str(tmp_path))
    assert main(["usage", "simulate", "--events", "3000", "--days", "14", "--departments", "12"]) == 0
    assert "simulated 3,000 usage events" in capsys.readouterr().out
    with sqlite3.connect(tmp_path / "kkgpt.db") as db:
        sizes = dict(db.execute("SELECT department, count(DISTINCT user_key) FROM usage_events GROUP BY 1"))
        rolled = db.execute("SELECT count(DISTINCT day) FROM usage_rollups").fetchone()[0]
    assert len(sizes) == 12 and max(sizes.values()) > 100 and min(sizes.values()) < 5
    assert rolled == 14
    assert main(["usage", "simulate", "--events", "0"]) == 2
