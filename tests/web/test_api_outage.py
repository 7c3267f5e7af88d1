"""A model outage through the API: the employee's message is kept, the error is clear and Danish."""

from __future__ import annotations

import httpx
import pytest

from kkgpt.errors import ModelUnavailable
from tests.fakes import ScriptedBackend


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend(ModelUnavailable(detail="test"), ["Svar efter ny prøve."])


async def test_model_outage_keeps_the_message_and_says_so_in_danish(user_client: httpx.AsyncClient) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    failed = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hjælp mig med et referat"})
    assert failed.status_code == 503
    error = failed.json()
    assert error["error"]["code"] == "model_unavailable"
    assert "Din besked er gemt" in error["error"]["message"]
    detail = (await user_client.get(f"/api/v1/conversations/{cid}")).json()
    assert detail["messages"][0]["content"] == "Hjælp mig med et referat"
    assert detail["messages"][1]["status"] == "error"

    retried = await user_client.post(f"/api/v1/conversations/{cid}/regenerate")
    assert retried.status_code == 200, retried.text
    assert retried.json()["reply"] == "Svar efter ny prøve."
