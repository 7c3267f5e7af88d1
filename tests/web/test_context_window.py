"""A message the model can never read is refused with a clear error, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kkgpt.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0,
                    model_context_window=2048, model_reply_tokens=1024)


async def test_too_long_for_the_model(user_client: httpx.AsyncClient) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "ord " * 2000})
    assert response.status_code == 413
    assert response.json()["error"]["message"] == "Beskeden er for lang til modellen. Del teksten op, eller forkort den."
    assert (await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"] == []
    ok = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "ord " * 100})
    assert ok.status_code == 200


async def test_old_turns_are_left_out_instead_of_failing(user_client: httpx.AsyncClient) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    for _ in range(6):
        reply = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "ord " * 250})
        assert reply.status_code == 200
    assert len((await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"]) == 12
