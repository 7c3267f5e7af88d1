"""Edit an earlier message and send it again: the answers after it are replaced, through the sending path."""

from __future__ import annotations

import httpx

from kkgpt.settings import Settings
from tests.conftest import login


async def _two_turns(client: httpx.AsyncClient) -> tuple[str, list[dict]]:
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    for text in ("Skriv til Jens Hansen om mødet", "Gør det kortere"):
        assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": text})).status_code == 200
    return cid, (await client.get(f"/api/v1/conversations/{cid}")).json()["messages"]


async def test_editing_replaces_the_message_and_everything_after_it(user_client: httpx.AsyncClient) -> None:
    cid, messages = await _two_turns(user_client)
    first = messages[0]["id"]
    reply = await user_client.post(f"/api/v1/conversations/{cid}/messages/{first}/edit",
                                   json={"text": "Skriv til Jens Hansen og Maja Lindholm om mødet"})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    # Shielded like any message, with the conversation's placeholders: Jens Hansen is still <PERSON_1>.
    assert body["model_input"] == "Skriv til <PERSON_1> og <PERSON_2> om mødet"
    assert "Jens Hansen og Maja Lindholm" in body["reply"]
    after = (await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
    assert [(m["role"], m["content"]) for m in after] == [
        ("user", "Skriv til Jens Hansen og Maja Lindholm om mødet"), ("assistant", body["reply"])]
    assert after[0]["id"] == body["message_id"]


async def test_an_edit_streams_like_a_message(user_client: httpx.AsyncClient) -> None:
    cid, messages = await _two_turns(user_client)
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages/{messages[2]['id']}/edit",
                                      json={"text": "Gør det længere"}, headers={"Accept": "text/event-stream"})
    kinds = [line.split(": ", 1)[1] for line in response.text.splitlines() if line.startswith("event: ")]
    assert kinds[0] == "message" and "delta" in kinds and kinds[-1] == "done"
    after = (await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
    assert [m["content"] for m in after if m["role"] == "user"] == ["Skriv til Jens Hansen om mødet", "Gør det længere"]
    assert len(after) == 4


async def test_an_answer_cannot_be_edited(user_client: httpx.AsyncClient) -> None:
    cid, messages = await _two_turns(user_client)
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages/{messages[1]['id']}/edit",
                                      json={"text": "Et andet svar"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "not_editable"
    unknown = await user_client.post(f"/api/v1/conversations/{cid}/messages/999999/edit", json={"text": "Hej"})
    assert unknown.status_code == 404
    assert (await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"] == messages


async def test_nobody_edits_another_employees_message(app) -> None:
    transport = httpx.ASGITransport(app=app)
    async with (httpx.AsyncClient(transport=transport, base_url="http://testserver") as anne,
                httpx.AsyncClient(transport=transport, base_url="http://testserver") as bo):
        await login(anne, name="Anne Andersen")
        await login(bo, name="Bo Bertelsen")
        cid, messages = await _two_turns(anne)
        response = await bo.post(f"/api/v1/conversations/{cid}/messages/{messages[0]['id']}/edit",
                                 json={"text": "Bos tekst"})
        assert response.status_code == 404
        # Nor from a conversation of one's own, naming a message of someone else's.
        own = (await bo.post("/api/v1/conversations")).json()["id"]
        assert (await bo.post(f"/api/v1/conversations/{own}/messages/{messages[0]['id']}/edit",
                              json={"text": "Bos tekst"})).status_code == 404
        assert (await anne.get(f"/api/v1/conversations/{cid}")).json()["messages"] == messages


async def test_an_edit_counts_against_the_message_quota(settings: Settings, start_app) -> None:
    limited = settings.model_copy(update={"user_messages_per_minute": 3})
    async with start_app(limited) as (_, client):
        await login(client)
        cid, messages = await _two_turns(client)
        edited = await client.post(f"/api/v1/conversations/{cid}/messages/{messages[2]['id']}/edit",
                                   json={"text": "Gør det længere"})
        assert edited.status_code == 200
        refused = await client.post(f"/api/v1/conversations/{cid}/messages/{edited.json()['message_id']}/edit",
                                    json={"text": "Gør det meget længere"})
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
        after = (await client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
        assert [m["content"] for m in after if m["role"] == "user"][-1] == "Gør det længere"


async def test_an_empty_edit_is_refused_and_changes_nothing(user_client: httpx.AsyncClient) -> None:
    cid, messages = await _two_turns(user_client)
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages/{messages[0]['id']}/edit",
                                      json={"text": "  "})
    assert response.status_code == 422 and response.json()["error"]["code"] == "empty_message"
    assert (await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"] == messages
