"""One answer at a time per conversation, through the JSON API and the chat pages: 409 `conversation_busy`."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from kkgpt.chat.locks import AnswerLocks
from kkgpt.db.models import utcnow
from kkgpt.errors import ModelUnavailable
from tests.fakes import ScriptedBackend

SSE = {"Accept": "text/event-stream"}
BUSY = "Der bliver skrevet et svar i denne samtale i en anden fane eller et andet vindue."


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


async def _conversation(client: httpx.AsyncClient) -> str:
    return (await client.post("/api/v1/conversations")).json()["id"]


async def _messages(client: httpx.AsyncClient, cid: str) -> list[tuple[str, str]]:
    detail = (await client.get(f"/api/v1/conversations/{cid}")).json()
    return [(m["role"], m["content"]) for m in detail["messages"]]


def _assert_busy(response: httpx.Response) -> None:
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] == "conversation_busy"
    assert error["message"].startswith(BUSY)


@pytest.mark.parametrize("accept", [{}, SSE], ids=["json", "sse"])
async def test_while_an_answer_streams_a_second_message_or_a_new_answer_is_refused(
    user_client: httpx.AsyncClient, backend: ScriptedBackend, accept: dict
) -> None:
    cid = await _conversation(user_client)
    backend._answers += [["Første ", "svar."], ["Andet svar."]]
    backend.gate = asyncio.Event()
    first = asyncio.create_task(
        user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Første spørgsmål"}, headers=accept)
    )
    await backend.held.wait()  # the first answer is streaming

    _assert_busy(await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hov"},
                                        headers=accept))
    _assert_busy(await user_client.post(f"/api/v1/conversations/{cid}/regenerate", headers=accept))
    # The chat pages (another tab) are refused the same way, as JSON for the page's fetch.
    _assert_busy(await user_client.post(f"/c/{cid}/messages", data={"text": "Hov"}, headers=SSE))
    _assert_busy(await user_client.post(f"/c/{cid}/regenerate", headers=SSE))
    assert await _messages(user_client, cid) == [("user", "Første spørgsmål")], "the refused text was not stored"

    backend.gate.set()
    assert (await first).status_code == 200
    backend.gate = None
    after = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hov"})
    assert after.status_code == 200, after.text
    assert await _messages(user_client, cid) == [
        ("user", "Første spørgsmål"), ("assistant", "Første svar."), ("user", "Hov"), ("assistant", "Andet svar.")]


async def test_a_stopped_answer_frees_the_conversation(user_client: httpx.AsyncClient, backend) -> None:
    cid = await _conversation(user_client)
    backend._answers += [["Første del. ", "aldrig vist"], ["Næste svar."]]
    backend.gate = asyncio.Event()  # never set
    streaming = asyncio.create_task(
        user_client.post(f"/c/{cid}/messages", data={"text": "Skriv en lang tekst"}, headers=SSE)
    )
    await backend.held.wait()
    streaming.cancel()  # the browser went away (the stop button)
    with pytest.raises(asyncio.CancelledError):
        await streaming
    backend.gate = None
    response = await user_client.post(f"/c/{cid}/messages", data={"text": "Næste"}, headers=SSE)
    assert response.status_code == 200 and "event: done" in response.text
    assert await _messages(user_client, cid) == [
        ("user", "Skriv en lang tekst"), ("assistant", "Første del. "), ("user", "Næste"), ("assistant", "Næste svar.")]


async def test_a_failed_answer_frees_the_conversation(user_client: httpx.AsyncClient, backend) -> None:
    cid = await _conversation(user_client)
    backend._answers += [ModelUnavailable(detail="test"), ["Svar."]]
    failed = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Spørgsmål"})
    assert failed.status_code == 503
    retried = await user_client.post(f"/api/v1/conversations/{cid}/regenerate", headers=SSE)
    assert retried.status_code == 200 and "event: done" in retried.text


async def test_a_lock_left_by_a_dead_replica_expires(user_client: httpx.AsyncClient, app, backend) -> None:
    cid = await _conversation(user_client)
    services = app.state.services
    # A replica took the lease long ago, then died without giving it back.
    dead = AnswerLocks(services.sessions, lease_seconds=services.settings.answer_lock_seconds,
                       clock=lambda: utcnow() - timedelta(seconds=services.settings.answer_lock_seconds + 1))
    await dead.acquire(cid)
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})
    assert response.status_code == 200, response.text


async def test_the_first_message_of_a_new_conversation_is_never_busy(user_client: httpx.AsyncClient,
                                                                     backend) -> None:
    backend._answers += [["Et ", "svar."], ["Et andet svar."]]
    gate = backend.gate = asyncio.Event()
    first = asyncio.create_task(user_client.post("/chat/messages", data={"text": "Første samtale"}, headers=SSE))
    await backend.held.wait()
    backend.gate = None  # the second conversation streams without waiting
    second = await user_client.post("/chat/messages", data={"text": "Anden samtale"}, headers=SSE)
    assert second.status_code == 200 and "event: done" in second.text
    gate.set()
    assert (await first).status_code == 200
