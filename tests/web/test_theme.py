"""The theme switch: a cookie the server writes into every page, so the colours apply before the first paint."""

from __future__ import annotations

import re

import httpx
import pytest

from kkgpt.web.theme import color_scheme, pick_theme
from tests.conftest import login


@pytest.mark.parametrize(("cookie", "theme", "scheme"), [
    (None, "system", "light dark"), ("system", "system", "light dark"), ("light", "light", "light"),
    ("dark", "dark", "dark"), ("DARK", "system", "light dark"), ("<script>", "system", "light dark"),
])
def test_pick_theme_and_its_color_scheme(cookie, theme, scheme) -> None:
    assert pick_theme(cookie) == theme and color_scheme(pick_theme(cookie)) == scheme


def _selected(html: str) -> str:
    return re.search(r'<option value="(\w+)" selected>', html).group(1)


async def test_the_chosen_theme_is_in_the_page_before_any_script_runs(client: httpx.AsyncClient) -> None:
    page = (await client.get("/login")).text
    assert '<html lang="da">' in page and '<meta name="color-scheme" content="light dark">' in page
    assert _selected(page) == "system" and "Følg systemet" in page

    response = await client.post("/theme", data={"theme": "dark", "next": "/login"})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert "HttpOnly" in response.headers["set-cookie"]
    page = (await client.get("/login")).text
    assert '<html lang="da" data-theme="dark">' in page and '<meta name="color-scheme" content="dark">' in page
    assert _selected(page) == "dark"

    stored = await client.post("/theme", data={"theme": "light"}, headers={"HX-Request": "true"})
    assert stored.status_code == 204  # the page already switched; htmx only stores the choice
    assert '<html lang="da" data-theme="light">' in (await client.get("/login")).text

    await client.post("/theme", data={"theme": "system"})
    assert '<html lang="da">' in (await client.get("/login")).text


async def test_an_unknown_theme_or_a_foreign_next_changes_nothing(client: httpx.AsyncClient) -> None:
    await client.post("/theme", data={"theme": "dark"})
    response = await client.post("/theme", data={"theme": "neon", "next": "//evil.example/"})
    assert response.headers["location"] == "/chat" and "set-cookie" not in response.headers
    assert 'data-theme="dark"' in (await client.get("/login")).text


async def test_every_page_kind_has_the_switch_in_the_employees_language(client: httpx.AsyncClient) -> None:
    await client.post("/theme", data={"theme": "dark"})
    await login(client, "Tema Testesen")
    for path in ("/chat", "/guidelines", "/tips", "/account"):
        page = (await client.get(path)).text
        assert 'data-theme="dark"' in page and '<label for="theme-select">Tema</label>' in page, path
    missing = await client.get("/c/" + "0" * 32)
    assert missing.status_code == 404 and 'data-theme="dark"' in missing.text
    await client.post("/language", data={"language": "en"})
    page = (await client.get("/guidelines")).text
    assert all(f">{label}</option>" in page for label in ("Follow system", "Light", "Dark"))
