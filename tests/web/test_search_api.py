"""Finding and organising conversations through the API: search with highlights, paging, pinning."""

from __future__ import annotations

import httpx
import pytest

from kkgpt.chat import search
from tests.conftest import login


async def _conversation(client: httpx.AsyncClient, text: str) -> str:
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    reply = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": text})
    assert reply.status_code == 200, reply.text
    return cid


def _marked(text: str, spans: list[list[int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


async def test_search_finds_the_restored_text_and_marks_the_hit(user_client: httpx.AsyncClient) -> None:
    wanted = await _conversation(user_client, "Skriv et brev til Jens Hansen om hans boligstøtte.")
    await _conversation(user_client, "Hvordan laver jeg en pivottabel?")
    found = (await user_client.get("/api/v1/conversations", params={"q": "jens HANSEN"})).json()
    assert [c["id"] for c in found["conversations"]] == [wanted]
    match = found["conversations"][0]["match"]
    # The model saw a placeholder; the employee searches what they see, and the hit is marked there.
    assert _marked(match["snippet"], match["highlights"]) == ["Jens Hansen"]
    assert match["role"] == "user" and "<PERSON" not in match["snippet"]
    assert found["next_before"] is None


async def test_search_marks_hits_in_titles_and_answers(user_client: httpx.AsyncClient) -> None:
    cid = await _conversation(user_client, "Budget for Valby")
    await user_client.patch(f"/api/v1/conversations/{cid}", json={"title": "Økonomi i Valby og Vanløse"})
    hit = (await user_client.get("/api/v1/conversations", params={"q": "valby"})).json()["conversations"][0]
    assert _marked(hit["title"], hit["match"]["title_highlights"]) == ["Valby"]
    # The mock's answer quotes the question: searching a phrase only the answer has finds the answer.
    answer = (await user_client.get("/api/v1/conversations", params={"q": "sat ind igen"})).json()
    assert answer["conversations"][0]["match"]["role"] == "assistant"


async def test_search_never_shows_another_employees_conversation(app) -> None:
    transport = httpx.ASGITransport(app=app)
    async with (httpx.AsyncClient(transport=transport, base_url="http://testserver") as anne,
                httpx.AsyncClient(transport=transport, base_url="http://testserver") as bo):
        await login(anne, name="Anne Andersen")
        await login(bo, name="Bo Bertelsen")
        await _conversation(anne, "Notat om vejarbejdet på Amagerbrogade")
        mine = await _conversation(bo, "Mit eget notat om cykelstier")
        found = (await bo.get("/api/v1/conversations", params={"q": "notat"})).json()["conversations"]
        assert [c["id"] for c in found] == [mine]
        assert (await bo.get("/api/v1/conversations", params={"q": "Amagerbrogade"})).json()["conversations"] == []


async def test_search_is_bounded_per_request_and_continues(user_client: httpx.AsyncClient, monkeypatch) -> None:
    monkeypatch.setattr(search, "SCAN_MAX", 2)
    monkeypatch.setattr(search, "BATCH", 1)
    oldest = await _conversation(user_client, "Referat fra mødet om skoleveje")
    for n in range(3):
        await _conversation(user_client, f"Andet emne nummer {n}")
    first = (await user_client.get("/api/v1/conversations", params={"q": "skoleveje"})).json()
    assert first["conversations"] == [] and first["next_before"], "two read, no hit yet, more to read"
    second = (await user_client.get("/api/v1/conversations",
                                    params={"q": "skoleveje", "before": first["next_before"]})).json()
    assert [c["id"] for c in second["conversations"]] == [oldest]
    assert second["next_before"] is None


async def test_search_pages_by_limit(user_client: httpx.AsyncClient) -> None:
    ids = [await _conversation(user_client, f"Høringssvar {n}") for n in range(3)]
    first = (await user_client.get("/api/v1/conversations", params={"q": "høringssvar", "limit": 2})).json()
    assert [c["id"] for c in first["conversations"]] == ids[::-1][:2] and first["next_before"]
    rest = (await user_client.get("/api/v1/conversations",
                                  params={"q": "høringssvar", "limit": 2, "before": first["next_before"]})).json()
    assert [c["id"] for c in rest["conversations"]] == [ids[0]] and rest["next_before"] is None


@pytest.mark.parametrize(("query", "code"), [("   ", "empty_query"), ("x" * 201, None)])
async def test_a_useless_query_is_refused(user_client: httpx.AsyncClient, query: str, code: str | None) -> None:
    response = await user_client.get("/api/v1/conversations", params={"q": query})
    assert response.status_code == 422
    if code:
        assert response.json()["error"]["code"] == code


async def test_pinning(user_client: httpx.AsyncClient) -> None:
    first = await _conversation(user_client, "Første")
    second = await _conversation(user_client, "Anden")
    pinned = await user_client.patch(f"/api/v1/conversations/{first}", json={"pinned": True})
    assert pinned.status_code == 200 and pinned.json()["pinned"] is True
    listed = (await user_client.get("/api/v1/conversations")).json()["conversations"]
    assert {c["id"]: c["pinned"] for c in listed} == {first: True, second: False}
    only = (await user_client.get("/api/v1/conversations", params={"pinned": "true"})).json()["conversations"]
    assert [c["id"] for c in only] == [first]
    others = (await user_client.get("/api/v1/conversations", params={"pinned": "false"})).json()["conversations"]
    assert [c["id"] for c in others] == [second]
    assert (await user_client.patch(f"/api/v1/conversations/{first}", json={"pinned": False})).json()["pinned"] is False
    assert (await user_client.patch(f"/api/v1/conversations/{first}", json={})).status_code == 422


async def test_nobody_pins_another_employees_conversation(app) -> None:
    transport = httpx.ASGITransport(app=app)
    async with (httpx.AsyncClient(transport=transport, base_url="http://testserver") as anne,
                httpx.AsyncClient(transport=transport, base_url="http://testserver") as bo):
        await login(anne, name="Anne Andersen")
        await login(bo, name="Bo Bertelsen")
        cid = await _conversation(anne, "Annes samtale")
        assert (await bo.patch(f"/api/v1/conversations/{cid}", json={"pinned": True})).status_code == 404
        assert (await anne.get("/api/v1/conversations")).json()["conversations"][0]["pinned"] is False
