"""NUL characters, lone surrogates and odd ids get a clear 4xx (never a 500), on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

import httpx
import pytest

from kkgpt.settings import Settings
from kkgpt.web.validation import unusable_text
from tests.conftest import login


@pytest.mark.parametrize(("text", "unusable"), [
    ("Hej med dig", False), ("emoji 😀 og æøå", False), ("tab\tog\nlinjeskift", False),
    ("a\x00b", True), ("\ud800", True), ("x\udfff", True),
])
def test_unusable_text(text: str, unusable: bool) -> None:
    assert unusable_text(text) is unusable


def _json(body: object) -> dict:
    """A JSON body as a client sends it: a lone surrogate travels as the escape \\ud800."""
    return {"content": json.dumps(body).encode(), "headers": {"content-type": "application/json"}}


async def _refusals(client: httpx.AsyncClient) -> list[httpx.Response]:
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    form = {"content-type": "application/x-www-form-urlencoded"}
    return [
        await client.post(f"/api/v1/conversations/{cid}/messages", **_json({"text": "Hej \ud800"})),
        await client.post(f"/api/v1/conversations/{cid}/messages", **_json({"text": "Hej \x00"})),
        await client.patch(f"/api/v1/conversations/{cid}", **_json({"title": "Ny\x00titel"})),
        await client.post("/api/v1/conversations", **_json({"assistant": "\ud800"})),
        await client.get("/api/v1/conversations/abc%00def"),
        await client.get("/api/v1/conversations?before=%00"),
        await client.post(f"/c/{cid}/rename", content=b"title=a%00b", headers=form),
        await client.post("/chat/messages", content=b"text=Hej%00", headers=form),
        await client.post("/login/dev", content=b"name=Jens%00Hansen&department=IT", headers=form),
        await client.post("/login/dev", data={"name": "Jens Hansen", "department": "Koncern\x00IT"}),
    ]


async def test_nul_and_lone_surrogates_get_invalid_text(user_client: httpx.AsyncClient) -> None:
    for response in await _refusals(user_client):
        assert response.status_code == 422, (response.request.url, response.text)
        assert "invalid_text" in response.text or "ikke kan bruges" in response.text
    api = await user_client.post("/api/v1/conversations", **_json({"assistant": "a\x00"}))
    assert api.json()["error"] == {"code": "invalid_text", "message": (
        "Teksten indeholder tegn, der ikke kan bruges (fx et nul-tegn). Fjern dem, og prøv igen.")}


async def test_the_refusal_is_in_english_for_english_readers(user_client: httpx.AsyncClient) -> None:
    user_client.cookies.set("kkgpt_lang", "en")
    page = await user_client.post("/chat/messages", data={"text": "Hej\x00"})
    assert page.status_code == 422 and "cannot be used" in page.text


@pytest.mark.parametrize("cid", ["abc", "0" * 31, "G" * 32, "A" * 32, "x" * 5000, "1", "..%2F..%2Fadmin"])
async def test_odd_conversation_ids_are_not_found(user_client: httpx.AsyncClient, cid: str) -> None:
    response = await user_client.get(f"/api/v1/conversations/{cid}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("mid", ["0", "-1", "2147483648", "99999999999999999999", "1e3", "x"])
async def test_odd_message_ids_are_refused(user_client: httpx.AsyncClient, mid: str) -> None:
    response = await user_client.post(f"/m/{mid}/feedback", data={"rating": "1"})
    assert response.status_code == 422


@pytest.mark.postgres
async def test_postgresql_gets_no_nul_either(postgres_url, tmp_path, start_app, backend) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=postgres_url, mock_delay_seconds=0)
    async with start_app(settings, backend=backend) as (_, client):
        await login(client)
        for response in await _refusals(client):
            assert response.status_code == 422, (response.request.url, response.text)
        assert (await client.get("/healthz")).status_code == 200
        name = "ß" * 200  # casefolds to 400 characters: too long for the stored login subject
        response = await client.post("/login/dev", data={"name": name, "department": "IT"})
        assert response.status_code == 422
