"""Login, logout, development tokens and the language switch."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from kkgpt.settings import Settings
from tests.conftest import login

# Single sign-on configured (at an address nobody answers), so the development login may be off.
SSO = {"oidc_discovery_url": "http://127.0.0.1:9/.well-known/openid-configuration", "oidc_client_id": "kkgpt"}


async def test_pages_redirect_to_login_and_back(client: httpx.AsyncClient) -> None:
    response = await client.get("/chat")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/chat"
    page = await client.get("/login?next=/chat")
    assert page.status_code == 200
    assert "Udviklingslogin" in page.text and 'name="name"' in page.text
    response = await client.post("/login/dev", data={"name": "Mette Frost", "department": "Børne- og Ungdomsforvaltningen",
                                                      "next": "/chat"})
    assert response.status_code == 303 and response.headers["location"] == "/chat"
    chat = await client.get("/chat")
    assert chat.status_code == 200 and "Mette Frost" in chat.text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"])
async def test_login_never_redirects_off_site(client: httpx.AsyncClient, target: str) -> None:
    response = await client.post("/login/dev", data={"name": "A", "next": target})
    assert response.headers["location"] == "/chat"


async def test_login_needs_a_name(client: httpx.AsyncClient) -> None:
    response = await client.post("/login/dev", data={"name": "   ", "department": "IT"})
    assert response.status_code == 422 and "Skriv dit navn." in response.text


async def test_logout_forgets_the_session(user_client: httpx.AsyncClient) -> None:
    assert (await user_client.get("/chat")).status_code == 200
    assert (await user_client.post("/logout")).headers["location"] == "/login"
    assert (await user_client.get("/chat")).status_code == 303


async def test_same_name_is_the_same_user_and_keeps_conversations(client: httpx.AsyncClient) -> None:
    await login(client, "Ole Bruun")
    created = (await client.post("/api/v1/conversations")).json()["id"]
    await client.post("/logout")
    await login(client, "  ole   BRUUN ")
    ids = [c["id"] for c in (await client.get("/api/v1/conversations")).json()["conversations"]]
    assert ids == [created]


async def test_dev_tokens_work_for_the_api(app, client: httpx.AsyncClient) -> None:
    services = app.state.services
    user = await services.users.upsert(subject="dev:api", display_name="API", department="IT", role="employee")
    _, token = await services.api_tokens.create(user.id, "test", lifetime=timedelta(hours=1))
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/conversations", headers=headers)).status_code == 200
    bad = await client.get("/api/v1/conversations", headers={"Authorization": f"Bearer {token}x"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "token_invalid"
    assert bad.headers["www-authenticate"] == "Bearer"
    assert (await client.get("/api/v1/conversations")).status_code == 401


async def test_without_dev_login_the_form_and_tokens_are_gone(tmp_path, start_app) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "d", dev_login=False, **SSO)
    async with start_app(settings) as (app, client):
        services = app.state.services
        user = await services.users.upsert(subject="dev:x", display_name="X", department="", role="employee")
        _, token = await services.api_tokens.create(user.id, "test", lifetime=timedelta(hours=1))
        page = await client.get("/login")
        assert "Udviklingslogin" not in page.text
        assert (await client.post("/login/dev", data={"name": "X"})).status_code == 404
        refused = await client.get("/api/v1/conversations", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "dev_token_disabled"


async def test_language_switch_persists_and_works_before_login(client: httpx.AsyncClient) -> None:
    response = await client.post("/language", data={"language": "en", "next": "/login"})
    assert response.status_code == 303
    page = await client.get("/login")
    assert '<html lang="en">' in page.text and "Development login" in page.text
    await client.post("/language", data={"language": "da", "next": "/login"})
    assert '<html lang="da">' in (await client.get("/login")).text


async def test_a_dev_login_session_ends_when_the_dev_login_is_switched_off(tmp_path, start_app) -> None:
    common = dict(_env_file=None, data_dir=tmp_path / "d", secret_key="the-same-secret-for-both-runs")
    async with start_app(Settings(**common)) as (_, client):
        await login(client, "Gammel Session", admin=True)
        cookies = client.cookies
    async with start_app(Settings(**common, dev_login=False, **SSO)) as (_, client):
        client.cookies = cookies
        assert (await client.get("/api/v1/conversations")).status_code == 401
        assert (await client.get("/api/v1/admin/stats")).status_code == 401
