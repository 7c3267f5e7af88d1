"""KK-GPT, configured for a real OpenAI or Azure endpoint, answering through the mock model server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kkgpt.settings import Settings
from tests.conftest import login


def _settings(tmp_path: Path, backend: str, url: str, **overrides) -> Settings:
    endpoint = ({"openai_base_url": f"{url}/v1", "openai_api_key": "test"} if backend == "openai" else
                {"azure_endpoint": url, "azure_deployment": "gpt4o-kk", "azure_api_key": "test"})
    return Settings(_env_file=None, data_dir=tmp_path / "data", model_backend=backend, model_max_retries=0,
                    user_messages_per_minute=0, user_previews_per_minute=0, **endpoint, **overrides)


async def _ask(client: httpx.AsyncClient, text: str) -> httpx.Response:
    await login(client)
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    return await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": text})


@pytest.mark.parametrize("backend", ["openai", "azure"])
async def test_the_employee_sees_the_name_the_model_saw_as_a_placeholder(
    start_app, mock_server_url: str, tmp_path: Path, backend: str
) -> None:
    async with start_app(_settings(tmp_path, backend, mock_server_url)) as (_, client):
        response = await _ask(client, "Skriv til Jens Hansen om mødet på torsdag.")
    assert response.status_code == 200, response.text
    body = response.json()
    assert "Jens Hansen" not in body["model_input"] and "<PERSON_1>" in body["model_input"]
    assert "Testmodellen modtog denne tekst" in body["reply"]
    assert "Skriv til Jens Hansen om mødet på torsdag." in body["reply"]
    assert "PERSON" not in body["reply"]


@pytest.mark.parametrize("backend", ["openai", "azure"])
async def test_a_placeholder_split_across_chunks_is_restored(
    start_app, mock_server_url: str, tmp_path: Path, backend: str
) -> None:
    async with start_app(_settings(tmp_path, backend, mock_server_url)) as (_, client):
        response = await _ask(client, "Skriv et brev til Jens Hansen. [[mock:split]]")
    body = response.json()
    assert response.status_code == 200, response.text
    assert body["reply"].startswith("Kære Jens Hansen,\n\n")
    assert body["reply"].count("Jens Hansen") == 2
    assert "<PERS" not in body["reply"] and "ON_1>" not in body["reply"]


@pytest.mark.parametrize(
    ("marker", "status", "code"),
    [
        ("[[mock:429]]", 503, "model_rate_limited"),
        ("[[mock:500]]", 503, "model_unavailable"),
        ("[[mock:refuse]]", 422, "model_refused"),
        ("[[mock:cut]]", 503, "model_unavailable"),
        ("[[mock:malformed]]", 503, "model_unavailable"),
        ("[[mock:timeout]]", 504, "model_timeout"),
    ],
)
async def test_faults_reach_the_employee_as_clear_errors(
    start_app, mock_server_url: str, tmp_path: Path, marker: str, status: int, code: str
) -> None:
    settings = _settings(tmp_path, "openai", mock_server_url, model_timeout_seconds=0.5)
    async with start_app(settings) as (_, client):
        response = await _ask(client, f"Hjælp Jens Hansen med et referat {marker}")
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
