"""Single sign-on against a real OpenID Connect provider (oidc-provider-mock) running on localhost."""

from __future__ import annotations

import warnings
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from kkgpt.auth.oidc import identity_from_claims
from kkgpt.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the mock provider imports authlib.jose, which warns
    import oidc_provider_mock


@pytest.fixture(scope="module")
def provider():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with oidc_provider_mock.run_server_in_thread() as server:
            yield f"http://localhost:{server.server_port}"


def _sso_settings(tmp_path, provider: str) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "d", dev_login=False,
                    oidc_discovery_url=f"{provider}/.well-known/openid-configuration",
                    oidc_client_id="kkgpt-test", oidc_client_secret="a-client-secret")


def _approve(authorize_url: str, sub: str) -> str:
    """What the employee does at the identity provider: pick who they are and approve."""
    with httpx.Client() as browser:
        response = browser.post(authorize_url, data={"sub": sub, "action": "approve"})
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def test_full_login_flow_with_pkce(tmp_path, start_app, provider: str) -> None:
    with httpx.Client() as admin_api:
        admin_api.put(f"{provider}/users/k1234", json={
            "name": "Karen Sørensen", "email": "k1234@kk.dk", "department": "Teknik- og Miljøforvaltningen",
            "groups": ["kkgpt-admins", "alle"]}).raise_for_status()
    async with start_app(_sso_settings(tmp_path, provider)) as (app, client):
        login_page = await client.get("/login")
        assert "Log ind med din KK-konto" in login_page.text and "Udviklingslogin" not in login_page.text
        start = await client.get("/auth/oidc/login?next=/chat")
        assert start.status_code == 302
        query = parse_qs(urlsplit(start.headers["location"]).query)
        assert query["code_challenge_method"] == ["S256"] and query["client_id"] == ["kkgpt-test"]
        callback = urlsplit(_approve(start.headers["location"], "k1234"))
        done = await client.get(f"{callback.path}?{callback.query}")
        assert done.status_code == 303 and done.headers["location"] == "/chat"
        chat = await client.get("/chat")
        assert chat.status_code == 200 and "Karen Sørensen" in chat.text
        user = await app.state.services.users.get(await _uid(app, "oidc:k1234"))
        assert user.is_admin and user.department == "Teknik- og Miljøforvaltningen"


async def _uid(app, subject: str) -> str:
    from sqlalchemy import select

    from kkgpt.db.models import User

    async with app.state.services.sessions() as session:
        return (await session.scalar(select(User).where(User.subject == subject))).id


async def test_a_forged_callback_is_refused(tmp_path, start_app, provider: str) -> None:
    async with start_app(_sso_settings(tmp_path, provider)) as (_, client):
        forged = await client.get("/auth/oidc/callback?code=stolen&state=made-up")
        assert forged.status_code == 401 and "Login via KK-kontoen mislykkedes" in forged.text
        assert (await client.get("/chat")).status_code == 303


@pytest.mark.parametrize(
    ("claims", "name", "admin"),
    [
        ({"sub": "a", "name": "Ida  Holm", "groups": "kkgpt-admins"}, "Ida Holm", True),
        ({"sub": "b", "preferred_username": "bh@kk.dk", "groups": ["x"]}, "bh@kk.dk", False),
        ({"sub": "c"}, "c", False),
    ],
)
def test_claims_mapping(claims: dict, name: str, admin: bool) -> None:
    identity = identity_from_claims(claims, Settings(_env_file=None))
    assert identity.display_name == name and identity.is_admin is admin
    assert identity.subject == f"oidc:{claims['sub']}"


async def test_an_unreachable_provider_gives_a_clear_danish_error(tmp_path, start_app) -> None:
    async with start_app(_sso_settings(tmp_path, "http://127.0.0.1:9")) as (_, client):
        response = await client.get("/auth/oidc/login")
        assert response.status_code == 503
        assert "Login-tjenesten svarer ikke lige nu" in response.text
