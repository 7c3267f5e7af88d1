"""The JSON API: conversations, messages as JSON and as server-sent events, errors in Danish."""

from __future__ import annotations

import html
import json

import httpx
import pytest

from tests.conftest import login


def _events(body: str) -> list[tuple[str, dict]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


async def test_conversation_lifecycle(user_client: httpx.AsyncClient) -> None:
    created = await user_client.post("/api/v1/conversations")
    assert created.status_code == 201
    cid = created.json()["id"]
    listed = (await user_client.get("/api/v1/conversations")).json()["conversations"]
    assert [c["id"] for c in listed] == [cid]

    reply = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hvad er KK-GPT?"})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["model_input"] == "Hvad er KK-GPT?"
    assert "Hvad er KK-GPT?" in body["reply"], "the mock quotes what it received"
    assert body["status"] == "complete" and body["input_tokens"] > 0 and body["reply_tokens"] > 0

    detail = (await user_client.get(f"/api/v1/conversations/{cid}")).json()
    assert detail["title"] == "Hvad er KK-GPT?"
    assert [(m["role"], m["status"]) for m in detail["messages"]] == [("user", "complete"), ("assistant", "complete")]
    assert detail["messages"][1]["content"] == body["reply"]

    renamed = await user_client.patch(f"/api/v1/conversations/{cid}", json={"title": "Om KK-GPT"})
    assert renamed.json()["title"] == "Om KK-GPT"
    assert (await user_client.delete(f"/api/v1/conversations/{cid}")).status_code == 204
    assert (await user_client.get(f"/api/v1/conversations/{cid}")).status_code == 404


async def test_model_input_is_exactly_what_the_model_received(user_client: httpx.AsyncClient, app) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    text = "Skriv til Jens Hansen, cpr-nr. 010170-1234, om hans sag."
    body = (await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": text})).json()
    assert "Jens Hansen" not in body["model_input"] and "010170-1234" not in body["model_input"]
    assert "Jens Hansen" in body["reply"], "the placeholder is restored in what the employee reads"
    masked = {m["type"] for m in body["masked"]}
    assert {"PERSON", "DK_CPR"} <= masked


async def test_streaming_answer(user_client: httpx.AsyncClient) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej med dig"},
                                      headers={"Accept": "text/event-stream"})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    kinds = [kind for kind, _ in events]
    # The mock answers without pauses here, so its chunks arrive as one or two merged deltas (tests/web/
    # test_coalescing.py checks the merging by time); what counts is that the deltas make up the reply.
    assert kinds[0] == "message" and kinds[-1] == "done" and kinds.count("delta") >= 1
    streamed = "".join(data["text"] for kind, data in events if kind == "delta")
    assert streamed == events[-1][1]["reply"]
    assert events[0][1]["model_input"] == "Hej med dig"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [({"text": ""}, 422, "empty_message"), ({"txt": "x"}, 422, "invalid_input"), ({"text": "x" * 70_000}, 422,
                                                                                  "message_too_long")],
)
async def test_bad_input_gets_a_clear_danish_error(user_client: httpx.AsyncClient, payload, status, code) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages", json=payload)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert "x" * 50 not in response.text, "the message text is never echoed back"


async def test_another_users_conversation_is_404(client: httpx.AsyncClient) -> None:
    await login(client, "Ejer")
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Privat"})
    await client.post("/logout")
    await login(client, "Nysgerrig")
    for method, path in [("GET", ""), ("DELETE", ""), ("POST", "/messages")]:
        response = await client.request(method, f"/api/v1/conversations/{cid}{path}", json={"text": "x"})
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert (await client.get("/api/v1/conversations")).json()["conversations"] == []


async def test_health_and_openapi(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    spec = (await client.get("/api/openapi.json")).json()
    for path in ("/api/v1/conversations", "/api/v1/conversations/{conversation_id}",
                 "/api/v1/conversations/{conversation_id}/messages"):
        assert path in spec["paths"]
    assert (await client.get("/api/docs")).status_code == 200


async def test_a_blank_title_is_refused(user_client: httpx.AsyncClient) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    response = await user_client.patch(f"/api/v1/conversations/{cid}", json={"title": "   "})
    assert response.status_code == 422


async def test_unexpected_errors_get_a_calm_danish_page(app, monkeypatch) -> None:
    from tests.conftest import login

    async def broken(*args, **kwargs):
        raise RuntimeError("boom")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await login(client)
        monkeypatch.setattr(app.state.services.conversations, "page", broken)
        page = await client.get("/chat")
        assert page.status_code == 500 and "Der skete en fejl. Prøv igen om lidt." in page.text
        api = await client.get("/api/v1/conversations")
        assert api.status_code == 500 and api.json()["error"]["code"] == "internal"
        assert "boom" not in page.text and "boom" not in api.text


async def test_the_conversation_list_pages(user_client: httpx.AsyncClient) -> None:
    created = [(await user_client.post("/api/v1/conversations")).json()["id"] for _ in range(5)]
    seen, before, pages = [], None, 0
    while True:
        params = {"limit": 2, **({"before": before} if before else {})}
        page = (await user_client.get("/api/v1/conversations", params=params)).json()
        seen += [c["id"] for c in page["conversations"]]
        pages, before = pages + 1, page["next_before"]
        if before is None:
            break
    assert pages == 3 and sorted(seen) == sorted(created) and len(set(seen)) == 5
    assert seen[0] == created[-1], "most recently active first"


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"before": "not-a-cursor"}, {"before": "x" * 300}])
async def test_bad_paging_is_refused(user_client: httpx.AsyncClient, params) -> None:
    response = await user_client.get("/api/v1/conversations", params=params)
    assert response.status_code == 422
    if params.get("before") == "not-a-cursor":
        assert response.json()["error"]["code"] == "invalid_cursor"


async def test_the_sidebar_offers_older_conversations(user_client: httpx.AsyncClient, monkeypatch) -> None:
    from kkgpt.web.routes import conversation_list

    monkeypatch.setattr(conversation_list, "SIDEBAR_CONVERSATIONS", 2)
    for _ in range(3):
        await user_client.post("/api/v1/conversations")
    page = (await user_client.get("/chat")).text
    assert page.count('class="conversation"') == 2 and "Vis flere" in page
    more = html.unescape(page.split('class="conversation-list__more">')[1].split('href="')[1].split('"')[0])
    older = await user_client.get(more, headers={"HX-Request": "true"})
    assert older.text.count('class="conversation"') == 1 and "Vis flere" not in older.text
    assert "I dag" not in older.text, "the next page continues today's group without repeating its heading"
    without_js = await user_client.get(more)
    assert "<h1>Dine samtaler</h1>" in without_js.text and without_js.text.count('class="conversation"') == 1


async def test_a_renamed_title_passes_the_shield(user_client: httpx.AsyncClient) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    renamed = await user_client.patch(f"/api/v1/conversations/{cid}", json={"title": "Sag om 010170-1234"})
    assert renamed.status_code == 200 and "010170-1234" not in renamed.json()["title"]
    assert renamed.json()["title"].startswith("Sag om ")
    await user_client.post(f"/c/{cid}/rename", data={"title": "Jens Hansen, cpr 010170-1234"})
    title = (await user_client.get(f"/api/v1/conversations/{cid}")).json()["title"]
    assert "Jens Hansen" in title, "names are kept, as in automatic titles"
    assert "010170-1234" not in title and "010170" not in (await user_client.get("/chat")).text
