"""/metrics: requests by route template, time to first token, PII by type, blocks, quota refusals, model
errors, active streams; never a personal value; a token or a private address to read it; workers add up."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from kkgpt.errors import ModelUnavailable
from kkgpt.metrics import MULTIPROC_ENV, multiprocess_metrics
from kkgpt.services import Services
from kkgpt.settings import Settings
from tests.conftest import login
from tests.fakes import ScriptedBackend

ROOT = Path(__file__).resolve().parents[1]
NAME, CPR = "Jens Hansen", "010170-1234"
MESSAGES = "/api/v1/conversations/{conversation_id}/messages"


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the Prometheus text (0 when the series does not exist yet)."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return found.value
    return 0.0


async def _send(client: httpx.AsyncClient, text: str, *, stream: bool = False) -> tuple[str, httpx.Response]:
    conversation = (await client.post("/api/v1/conversations")).json()["id"]
    headers = {"Accept": "text/event-stream"} if stream else {}
    response = await client.post(f"/api/v1/conversations/{conversation}/messages", json={"text": text},
                                 headers=headers)
    return conversation, response


async def test_a_chat_turn_is_measured_by_route_template_and_entity_type_without_values(user_client) -> None:
    # Streamed: the time KK-GPT adds before the employee's first text exists only for a streamed answer.
    conversation, response = await _send(user_client, f"Skriv et brev til {NAME}, CPR {CPR}.", stream=True)
    assert response.status_code == 200 and "event: done" in response.text
    text = (await user_client.get("/metrics")).text
    assert sample(text, "kkgpt_http_requests_total", method="POST", route=MESSAGES, status="200") == 1
    assert sample(text, "kkgpt_http_request_duration_seconds_count", route=MESSAGES) == 1
    assert sample(text, "kkgpt_model_time_to_first_token_seconds_count") == 1
    assert sample(text, "kkgpt_added_time_to_first_token_seconds_count") == 1
    assert sample(text, "kkgpt_pii_detections_total", entity_type="PERSON") == 1
    assert sample(text, "kkgpt_pii_detections_total", entity_type="DK_CPR") == 1
    assert sample(text, "kkgpt_active_streams") == 0
    for value in (NAME, "Jens", "Hansen", CPR, CPR.replace("-", ""), conversation, "Test Testesen"):
        assert value not in text


async def test_unknown_paths_and_methods_share_one_series(user_client) -> None:
    await user_client.get("/wp-admin/Jens-Hansen.php?cpr=0101701234")
    await user_client.request("BREW", "/healthz")
    text = (await user_client.get("/metrics")).text
    assert sample(text, "kkgpt_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert sample(text, "kkgpt_http_requests_total", method="other", route="/healthz") == 1
    assert "wp-admin" not in text and "Jens" not in text and "BREW" not in text


async def test_a_blocked_message_is_counted_by_reason(tmp_path: Path, start_app, backend) -> None:
    from kkgpt.pii import build_shield

    policy = tmp_path / "policy.toml"
    policy.write_text('[defaults]\nthreshold = 0.2\n\n[entities.DK_CPR]\naction = "block"\n',
                      encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", pii_policy_file=policy,
                        mock_delay_seconds=0)
    async with start_app(settings, shield=build_shield(policy_path=policy), backend=backend) as (_, client):
        await login(client)
        _, response = await _send(client, f"Find sagen for {CPR}")
        assert response.status_code == 422
        text = (await client.get("/metrics")).text
    assert sample(text, "kkgpt_blocked_messages_total", reason="DK_CPR") == 1
    assert sample(text, "kkgpt_http_requests_total", route=MESSAGES, status="422") == 1
    assert sample(text, "kkgpt_model_time_to_first_token_seconds_count") == 0  # nothing went to the model


async def test_a_quota_refusal_is_counted_by_limit(tmp_path: Path, start_app, backend) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0,
                        user_messages_per_minute=1)
    async with start_app(settings, backend=backend) as (_, client):
        await login(client)
        assert (await _send(client, "Første besked"))[1].status_code == 200
        assert (await _send(client, "Anden besked"))[1].status_code == 429
        text = (await client.get("/metrics")).text
    assert sample(text, "kkgpt_quota_refusals_total", limit="messages") == 1
    assert sample(text, "kkgpt_http_requests_total", route=MESSAGES, status="429") == 1


async def test_a_model_error_is_counted_by_code(settings: Settings, start_app) -> None:
    async with start_app(settings, backend=ScriptedBackend(ModelUnavailable(detail="test"))) as (_, client):
        await login(client)
        _, response = await _send(client, "Hvad er reglerne for barsel?")
        assert response.json()["error"]["code"] == "model_unavailable"
        text = (await client.get("/metrics")).text
    assert sample(text, "kkgpt_model_errors_total", code="model_unavailable") == 1
    assert sample(text, "kkgpt_model_time_to_first_token_seconds_count") == 0
    assert sample(text, "kkgpt_active_streams") == 0


async def test_the_active_streams_gauge_returns_to_zero_when_an_answer_is_stopped(settings, pii,
                                                                                   counter) -> None:
    from kkgpt.services import build_services

    backend = ScriptedBackend(["Første del. ", "Anden del."])
    backend.gate = asyncio.Event()  # never set: the stream hangs after its first chunk
    services: Services = await build_services(settings, shield=pii, counter=counter, backend=backend)
    try:
        user = await services.users.upsert(subject="dev:t", display_name="T", department="IT",
                                           role="employee")
        await services.acceptance.accept(user.id, services.acceptance.current_version)
        submitted = await services.chat.submit(user, None, "Skriv en lang tekst.")
        stream = services.chat.answer(user, submitted.conversation.id, lease=submitted.lease, state=submitted.state)
        await anext(stream)
        streaming = services.metrics.render().decode()
        await stream.aclose()  # the browser went away
        stopped = services.metrics.render().decode()
    finally:
        await services.aclose()
    assert sample(streaming, "kkgpt_active_streams") == 1
    assert sample(stopped, "kkgpt_active_streams") == 0
    assert sample(stopped, "kkgpt_model_time_to_first_token_seconds_count") == 1


async def test_each_app_counts_its_own_requests(settings: Settings, tmp_path: Path, start_app) -> None:
    other = Settings(_env_file=None, data_dir=tmp_path / "other", mock_delay_seconds=0)
    async with start_app(settings) as (_, first), start_app(other) as (_, second):
        await first.get("/healthz")
        await first.get("/healthz")
        await second.get("/healthz")
        one, two = (await first.get("/metrics")).text, (await second.get("/metrics")).text
    assert sample(one, "kkgpt_http_requests_total", route="/healthz") == 2
    assert sample(two, "kkgpt_http_requests_total", route="/healthz") == 1


def _client(app, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 40000)),
                             base_url="http://testserver")


@pytest.mark.parametrize(("address", "headers", "status"), [
    ("127.0.0.1", {}, 200),
    ("10.1.2.3", {}, 200),
    ("fd00::5", {}, 200),
    ("80.62.117.10", {}, 403),
    ("::ffff:80.62.117.10", {}, 403),  # a public IPv4 client on a dual-stack socket
    ("127.0.0.1", {"X-Forwarded-For": "80.62.117.10"}, 403),  # relayed by a proxy: came from outside
    ("10.1.2.3", {"Forwarded": "for=80.62.117.10"}, 403),
])
async def test_without_a_token_only_direct_private_requests_may_read(settings, start_app, address, headers,
                                                                     status) -> None:
    async with start_app(settings) as (app, _), _client(app, address) as client:
        assert (await client.get("/metrics", headers=headers)).status_code == status


async def test_with_a_token_every_reader_needs_it(tmp_path: Path, start_app) -> None:
    token = "m" * 40
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", metrics_token=token)
    async with start_app(settings) as (app, local), _client(app, "80.62.117.10") as remote:
        missing = await local.get("/metrics")
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        assert (await local.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 401
        good = await remote.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert good.status_code == 200 and good.headers["content-type"].startswith("text/plain")
    assert "kkgpt_http_requests_total" in good.text


_WORKER = """
import sys
from kkgpt.metrics import Metrics, multiprocess_dir

metrics = Metrics(multiprocess=multiprocess_dir())
if sys.argv[1] == "render":
    print(metrics.render().decode())
else:
    metrics.quota_refused("messages")
    metrics.turn_started()  # a stream still open when the process ends
    if sys.argv[1] == "graceful":
        metrics.close()
"""


def test_workers_add_up_through_the_multiprocess_directory(tmp_path: Path) -> None:
    env = {**os.environ, MULTIPROC_ENV: str(tmp_path), "PYTHONPATH": str(ROOT)}

    def run(mode: str) -> str:
        done = subprocess.run([sys.executable, "-c", _WORKER, mode], env=env, capture_output=True, text=True,
                              check=True, timeout=60)
        return done.stdout

    run("crashed")
    run("graceful")
    text = run("render")
    assert sample(text, "kkgpt_quota_refusals_total", limit="messages") == 2
    assert sample(text, "kkgpt_active_streams") == 1  # the gracefully ended worker's stream is gone


def test_multiprocess_metrics_prepares_a_directory_only_for_several_workers(tmp_path: Path) -> None:
    environ: dict[str, str] = {}
    with multiprocess_metrics(1, environ) as directory:
        assert directory is None and environ == {}
    with multiprocess_metrics(4, environ) as directory:
        assert directory is not None and directory.is_dir() and environ[MULTIPROC_ENV] == str(directory)
    assert not directory.exists() and environ == {}

    given = tmp_path / "metrics"
    given.mkdir()
    (given / "counter_123.db").write_bytes(b"stale")
    environ = {MULTIPROC_ENV: str(given)}
    with multiprocess_metrics(2, environ) as directory:
        assert directory == given and list(given.iterdir()) == []
    assert given.is_dir() and environ == {MULTIPROC_ENV: str(given)}
