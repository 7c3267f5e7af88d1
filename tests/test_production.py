"""Production mode: refuses development settings one line each, sends the strict headers, and the
Dockerfile's documented commands and health check work as written."""

from __future__ import annotations

import ast
import logging
import os
import re
import secrets
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from kkgpt.app import create_app
from kkgpt.db.models import Message
from kkgpt.production import MIN_SECRET_BITS, ProductionNotReady, production_problems, secret_bits
from kkgpt.settings import Settings
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[1]
STRONG = secrets.token_urlsafe(48)


def _production(tmp_path: Path, **overrides) -> Settings:
    values = {
        "env": "production", "data_dir": tmp_path / "data", "dev_login": False,
        "oidc_discovery_url": "https://login.kk.dk/.well-known/openid-configuration", "oidc_client_id": "kkgpt",
        "model_backend": "openai", "openai_base_url": "http://127.0.0.1:9/v1", "secret_key": STRONG,
        "encryption_keys": Fernet.generate_key().decode(), "secure_cookies": True,
        "public_url": "https://kkgpt.kk.dk",
    }
    return Settings(_env_file=None, **{**values, **overrides})


def test_a_complete_production_configuration_has_no_problems(tmp_path: Path) -> None:
    assert production_problems(_production(tmp_path)) == []


def test_the_development_defaults_are_refused_one_line_per_setting(tmp_path: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KKGPT_")},
           "KKGPT_ENV": "production", "KKGPT_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "kkgpt", "serve", "--port", "9"], capture_output=True, check=False,
                            text=True, timeout=120, env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert result.stdout == "", "nothing starts"
    lines = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    named = [re.findall(r"KKGPT_[A-Z_]+", line)[0] for line in lines]
    assert named == ["KKGPT_DEV_LOGIN", "KKGPT_OIDC_DISCOVERY_URL", "KKGPT_MODEL_BACKEND", "KKGPT_SECRET_KEY",
                     "KKGPT_ENCRYPTION_KEYS", "KKGPT_SECURE_COOKIES", "KKGPT_PUBLIC_URL"]
    assert not (tmp_path / "data").exists(), "no key or database was generated"


@pytest.mark.parametrize(
    ("overrides", "setting"),
    [
        ({"dev_login": True}, "KKGPT_DEV_LOGIN"),
        ({"model_backend": "mock"}, "KKGPT_MODEL_BACKEND"),
        ({"secret_key": None}, "KKGPT_SECRET_KEY"),
        ({"secret_key": secrets.token_hex(16)}, "KKGPT_SECRET_KEY"),  # 16 bytes, not 32
        ({"secret_key": "kk-gpt-" * 10}, "KKGPT_SECRET_KEY"),  # long, but repeats itself
        ({"secret_key": "Sommerfugl2026!Sommerfugl2026!"}, "KKGPT_SECRET_KEY"),
        ({"encryption_keys": None}, "KKGPT_ENCRYPTION_KEYS"),
        ({"secure_cookies": False}, "KKGPT_SECURE_COOKIES"),
        ({"public_url": None}, "KKGPT_PUBLIC_URL"),
        ({"public_url": "http://kkgpt.kk.dk"}, "KKGPT_PUBLIC_URL"),
    ],
)
def test_each_development_setting_is_named(tmp_path: Path, overrides: dict, setting: str) -> None:
    problems = production_problems(_production(tmp_path, **overrides))
    assert len(problems) == 1 and problems[0].startswith(setting), problems
    with pytest.raises(ProductionNotReady):
        create_app(_production(tmp_path, **overrides))


def test_an_encryption_key_file_must_live_outside_the_data_directory(tmp_path: Path) -> None:
    beside = tmp_path / "data" / "encryption.key"
    apart = tmp_path / "secrets" / "encryption.key"
    problems = production_problems(_production(tmp_path, encryption_keys=None, encryption_key_file=beside))
    assert problems == ["KKGPT_ENCRYPTION_KEY_FILE lies inside KKGPT_DATA_DIR: keep the key apart from the data"]
    assert production_problems(_production(tmp_path, encryption_keys=None, encryption_key_file=apart)) == []


@pytest.mark.parametrize("secret", [secrets.token_urlsafe(32), secrets.token_hex(32), secrets.token_urlsafe(48),
                                    Fernet.generate_key().decode()])
def test_generated_secrets_of_32_bytes_are_strong_enough(secret: str) -> None:
    assert secret_bits(secret) >= MIN_SECRET_BITS


async def test_production_sends_hsts_coop_and_no_referrer(tmp_path: Path, start_app) -> None:
    async with start_app(_production(tmp_path)) as (_, client):
        response = await client.get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=63072000")
    assert response.headers["cross-origin-opener-policy"] == "same-origin"
    assert response.headers["referrer-policy"] == "no-referrer"


async def test_development_sends_no_hsts(settings: Settings, start_app) -> None:
    async with start_app(settings) as (_, client):
        response = await client.get("/healthz")
    assert "strict-transport-security" not in response.headers
    assert response.headers["cross-origin-opener-policy"] == "same-origin"


def test_a_weak_secret_in_development_gives_a_loud_warning(tmp_path: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        create_app(Settings(_env_file=None, data_dir=tmp_path / "data", secret_key="hemmelig-nok"))
    assert any("KKGPT_SECRET_KEY is weaker than 32 random bytes" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app(Settings(_env_file=None, data_dir=tmp_path / "data", secret_key=STRONG))
    assert not [r for r in caplog.records if "weaker" in r.getMessage()]


async def test_data_files_are_private(settings: Settings, start_app) -> None:
    async with start_app(settings) as (_, client):
        await client.get("/healthz")
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    files = [p for p in settings.data_dir.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"kkgpt.db", "secret.key", "encryption.key"}
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {p.name: "0o600" for p in files}


# --- The Dockerfile ---------------------------------------------------------------------------------------

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _image_environment() -> dict[str, str]:
    """The ENV lines of the final stage."""
    block = re.search(r"^ENV ((?:.*\\\n)*.*)$", DOCKERFILE.rsplit("FROM ", 1)[1], re.MULTILINE).group(1)
    return dict(re.findall(r"(KKGPT_[A-Z_]+)=(\S+)", block))


def test_the_documented_demo_command_starts_in_development_mode(tmp_path: Path) -> None:
    demo = re.search(r"^#\s+Demo.*\n#\s+(docker run .*)$", DOCKERFILE, re.MULTILINE).group(1)
    env = {**_image_environment(), **dict(re.findall(r"-e (KKGPT_[A-Z_]+)=(\S+)", demo))}
    assert env["KKGPT_ENV"] == "development"
    settings = Settings(_env_file=None, **{k.removeprefix("KKGPT_").lower(): v for k, v in env.items()
                                           if k != "KKGPT_DATA_DIR"}, data_dir=tmp_path / "data")
    create_app(settings)  # does not refuse
    assert _image_environment()["KKGPT_ENV"] == "production", "without the demo switch, the image is strict"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_health_check_follows_kkgpt_port(tmp_path: Path) -> None:
    command = re.search(r'^\s+CMD (\["python", "-c", .*\])$', DOCKERFILE, re.MULTILINE).group(1)
    healthcheck = ast.literal_eval(command)
    port = _free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KKGPT_")},
           "KKGPT_PORT": str(port), "KKGPT_DATA_DIR": str(tmp_path / "data"), "KKGPT_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([sys.executable, "-m", "kkgpt", "serve"], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait for the server to listen, not for a fixed time
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.1)
        healthy = subprocess.run([sys.executable, *healthcheck[1:]], env=env, timeout=30, check=False)
        other = subprocess.run([sys.executable, *healthcheck[1:]], timeout=30, check=False,
                               env={**env, "KKGPT_PORT": str(_free_port())}, capture_output=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert healthy.returncode == 0
    assert other.returncode != 0, "a different port is really checked"


async def test_rotating_the_encryption_key_keeps_old_conversations_readable(tmp_path: Path, start_app) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    common = {"_env_file": None, "data_dir": tmp_path / "data", "secret_key": STRONG, "mock_delay_seconds": 0}
    async with start_app(Settings(**common, encryption_keys=old)) as (_, client):
        await login(client, "Rotation Testesen")
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Skriv til Jens Hansen"})
        cookies = client.cookies
    key_file = tmp_path / "secrets" / "keys"
    key_file.parent.mkdir()
    key_file.write_text(f"{new}\n{old}\n", encoding="ascii")  # the new key in front, one per line
    async with start_app(Settings(**common, encryption_key_file=key_file)) as (_, client):
        client.cookies = cookies
        before = (await client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
        assert before[0]["content"] == "Skriv til Jens Hansen"
        await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Og til Jens Hansen igen"})
    async with start_app(Settings(**common, encryption_keys=new)) as (app, client):
        # Without the old key, only what was written after the rotation can be read: it used the new key.
        store = app.state.services.conversations
        user = await app.state.services.users.by_subject("dev:rotation testesen")
        with pytest.raises(ValueError, match="not configured"):
            await store.messages(user.id, cid)
        cipher = store._cipher
        async with app.state.services.sessions() as session:
            rows = list(await session.scalars(select(Message).order_by(Message.id)))
        assert cipher.decrypt(rows[2].content_enc) == "Og til Jens Hansen igen"
