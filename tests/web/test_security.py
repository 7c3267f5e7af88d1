"""Security headers, the same-origin check on form posts, and the pinned CDN asset."""

from __future__ import annotations

import hashlib
import base64
from pathlib import Path

import httpx
import pytest

from kkgpt.web.assets import CDN_ASSETS, HTMX

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"


async def test_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/login")
    csp = response.headers["content-security-policy"]
    # Only the exact pinned file, not the whole CDN host.
    assert f"script-src 'self' {HTMX.url()};" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("style-src")[0]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_cross_site_form_posts_are_refused(user_client: httpx.AsyncClient) -> None:
    refused = await user_client.post("/chat/messages", data={"text": "hej"}, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    refused = await user_client.post("/logout", headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403
    same = await user_client.post("/logout", headers={"Origin": "http://testserver"})
    assert same.status_code == 303


async def test_session_cookie_is_httponly_and_lax(client: httpx.AsyncClient) -> None:
    response = await client.post("/login/dev", data={"name": "Cookie"})
    cookie = response.headers["set-cookie"].lower()
    assert "kkgpt_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie


async def test_pages_load_htmx_from_the_cdn_with_sri(client: httpx.AsyncClient) -> None:
    page = (await client.get("/login")).text
    assert f'src="https://cdn.jsdelivr.net/npm/htmx.org@{HTMX.version}/dist/htmx.min.js"' in page
    assert f'integrity="{HTMX.integrity}"' in page and 'crossorigin="anonymous"' in page


@pytest.mark.parametrize("asset", CDN_ASSETS, ids=lambda a: a.package)
def test_sri_hash_matches_the_pinned_npm_file(asset) -> None:
    path = NODE_MODULES / asset.package / asset.path
    if not path.exists():
        pytest.skip("npm packages not installed (npm ci)")
    digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
    assert asset.integrity == f"sha384-{digest}"
    assert asset.version == __import__("json").loads((NODE_MODULES / asset.package / "package.json").read_text())["version"]


async def test_asset_mirror_setting(tmp_path, start_app) -> None:
    from kkgpt.settings import Settings

    settings = Settings(_env_file=None, data_dir=tmp_path / "d", asset_base_url="https://assets.kk.dk/npm")
    async with start_app(settings) as (_, client):
        response = await client.get("/login")
    assert "https://assets.kk.dk/npm/htmx.org@" in response.text
    assert f"script-src 'self' {HTMX.url('https://assets.kk.dk/npm')};" in response.headers["content-security-policy"]
