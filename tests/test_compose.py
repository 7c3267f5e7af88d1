"""compose.yaml and deploy/Caddyfile fit together (no Docker daemon here: their structure is checked, not run)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from sqlalchemy.engine import make_url

from kkgpt.production import weak_secret
from kkgpt.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REPLICAS = ("kkgpt-a", "kkgpt-b")
KKGPT_PORT = 8000  # the Dockerfile's KKGPT_PORT


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def demo_env() -> dict[str, str]:
    """What `python deploy/demo_secrets.py` writes, as compose would read it with --env-file."""
    output = subprocess.run([sys.executable, str(ROOT / "deploy/demo_secrets.py")], capture_output=True,
                            text=True, check=True).stdout
    return dict(line.split("=", 1) for line in output.splitlines())


def _interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's `${NAME:?message}` substitution; a missing variable fails, as compose would."""
    return re.sub(r"\$\{(\w+)(?::\?[^}]*)?\}", lambda m: variables[m.group(1)], value)


def _environment(service: dict, variables: dict[str, str]) -> dict[str, str]:
    return {k: _interpolate(str(v), variables) for k, v in service.get("environment", {}).items()}


def test_the_services_of_the_demo(compose) -> None:
    assert set(compose["services"]) == {"db", "migrate", "mock", *REPLICAS, "lb"}
    for name, service in compose["services"].items():
        if "image" in service and "build" not in service:
            tag = service["image"].partition(":")[2]
            assert tag and tag != "latest", f"{name}: pin the image's tag"
    assert "pg_isready" in " ".join(compose["services"]["db"]["healthcheck"]["test"])


def test_replicas_share_secrets_and_database(compose, demo_env) -> None:
    services = compose["services"]
    a, b = (_environment(services[name], demo_env) for name in REPLICAS)
    assert a == b, "the replicas differ only in their name"
    assert a["KKGPT_SECRET_KEY"] == demo_env["KKGPT_SECRET_KEY"]
    assert a["KKGPT_ENCRYPTION_KEYS"] == demo_env["KKGPT_ENCRYPTION_KEYS"]
    settings = Settings(_env_file=None, **{k.removeprefix("KKGPT_").lower(): v for k, v in a.items()})
    assert weak_secret(settings) is None, "the generated secret is strong enough for production"
    url = make_url(settings.database_url)
    db = _environment(services["db"], demo_env)
    assert url.drivername == "postgresql+asyncpg" and url.host == "db" and url.port == 5432
    assert (url.username, url.password, url.database) == (
        db["POSTGRES_USER"], db["POSTGRES_PASSWORD"], db["POSTGRES_DB"])
    for name in REPLICAS:
        assert services[name]["build"] == "."
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert settings.migrate_on_start is False


def test_migrations_run_once_as_a_job(compose, demo_env) -> None:
    migrate = compose["services"]["migrate"]
    assert migrate["command"] == ["kkgpt", "db", "upgrade"]
    assert _environment(migrate, demo_env)["KKGPT_DATABASE_URL"] == _environment(
        compose["services"]["kkgpt-a"], demo_env)["KKGPT_DATABASE_URL"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"


def test_replicas_talk_to_the_mock_model(compose, demo_env) -> None:
    mock = compose["services"]["mock"]
    environment = _environment(compose["services"]["kkgpt-a"], demo_env)
    assert environment["KKGPT_MODEL_BACKEND"] == "openai"
    base = urlsplit(environment["KKGPT_OPENAI_BASE_URL"])
    command = mock["command"]
    assert command[:2] == ["kkgpt", "mock-server"]
    assert (base.hostname, base.port, base.path) == ("mock", int(command[command.index("--port") + 1]), "/v1")
    assert command[command.index("--host") + 1] == "0.0.0.0"


def test_the_load_balancer_proxies_to_both_replicas_unbuffered(compose, demo_env) -> None:
    lb = compose["services"]["lb"]
    mount = next(v for v in lb["volumes"] if v.endswith(":/etc/caddy/Caddyfile:ro"))
    caddyfile = (ROOT / mount.split(":")[0]).read_text()
    site, = re.findall(r"^:(\d+) \{", caddyfile, re.MULTILINE)
    proxy = re.search(r"reverse_proxy ([^{]+)\{(.*?)\n\t\}", caddyfile, re.DOTALL)
    assert proxy.group(1).split() == [f"{name}:{KKGPT_PORT}" for name in REPLICAS]
    options = dict(line.strip().split(None, 1) for line in proxy.group(2).splitlines()
                   if line.strip() and not line.strip().startswith("#"))
    assert options["flush_interval"] == "-1", "text/event-stream must not be buffered"
    assert options["health_uri"] == "/healthz"
    assert options["lb_policy"] == "round_robin"
    assert lb["ports"] == [f"{site}:{site}"]
    public = urlsplit(_environment(compose["services"]["kkgpt-a"], demo_env)["KKGPT_PUBLIC_URL"])
    assert public.port == int(site), "the public address is the load balancer's"
    assert {name: lb["depends_on"][name]["condition"] for name in REPLICAS} == dict.fromkeys(
        REPLICAS, "service_healthy")


def test_the_demo_secrets_stay_out_of_git() -> None:
    assert "/deploy/demo.env" in (ROOT / ".gitignore").read_text().splitlines()
