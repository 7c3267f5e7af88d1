"""Versioned acceptance: chatting is refused before, allowed after, and refused again after a new version."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from kkgpt.db.models import GuidelineAcceptance
from kkgpt.guidelines.loader import GuidelineLibrary
from kkgpt.settings import Settings
from tests.conftest import login

@pytest.fixture
async def app(tmp_path: Path, guidelines_dir: Path, start_app, backend):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0, guidelines_dir=guidelines_dir)
    library = GuidelineLibrary(guidelines_dir, check_interval=0)  # edits take effect at once
    async with start_app(settings, backend=backend, library=library) as (application, _):
        yield application


def _new_version(guidelines_dir: Path) -> None:
    point = guidelines_dir / "da" / "05-drafts.md"
    point.write_text(point.read_text(encoding="utf-8") + "\nTjek altid svaret en ekstra gang.\n", encoding="utf-8")


async def test_api_refuses_before_allows_after_and_refuses_after_a_new_version(
    client: httpx.AsyncClient, app, guidelines_dir: Path
) -> None:
    await login(client, accept=False)
    state = (await client.get("/api/v1/guidelines")).json()
    assert state["accepted"] is False and len(state["points"]) == 7
    assert state["points"][1]["key"] == "personal-data"
    cid = (await client.post("/api/v1/conversations")).json()["id"]

    refused = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})
    assert refused.status_code == 428
    assert refused.json()["error"]["message"] == "Du skal acceptere retningslinjerne for KK-GPT, før du kan skrive."

    accepted = await client.post("/api/v1/guidelines/accept", json={"version": state["version"]})
    assert accepted.status_code == 200 and accepted.json()["version"] == state["version"]
    assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})).status_code == 200

    _new_version(guidelines_dir)
    fresh = (await client.get("/api/v1/guidelines")).json()
    assert fresh["version"] != state["version"] and fresh["accepted"] is False
    assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Igen"})).status_code == 428
    stale = await client.post("/api/v1/guidelines/accept", json={"version": state["version"]})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "guidelines_outdated"
    assert (await client.post("/api/v1/guidelines/accept", json={"version": fresh["version"]})).status_code == 200
    assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Igen"})).status_code == 200


async def test_acceptance_is_recorded_under_the_pseudonymous_key(client: httpx.AsyncClient, app) -> None:
    await login(client, name="Hanne Ravn", accept=True)
    services = app.state.services
    async with services.sessions() as session:
        rows = (await session.scalars(select(GuidelineAcceptance))).all()
    assert len(rows) == 1
    assert rows[0].version == services.library.guidelines.version and rows[0].accepted_at is not None
    user_ids = [u async for u in _user_ids(services)]
    assert rows[0].user_key == services.usage.key_for(user_ids[0])
    assert rows[0].user_key not in user_ids and "Hanne" not in rows[0].user_key


async def _user_ids(services):
    from kkgpt.db.models import User

    async with services.sessions() as session:
        for user_id in await session.scalars(select(User.id)):
            yield user_id


async def test_the_page_asks_for_acceptance_then_lets_the_employee_write(client: httpx.AsyncClient, app,
                                                                          guidelines_dir: Path) -> None:
    await login(client, accept=False)
    page = (await client.get("/chat")).text
    assert "Jeg har læst og accepterer retningslinjerne" in page
    assert 'id="composer-input"' in page and "disabled" in page.split('id="composer-input"')[1].split(">")[0]
    version = app.state.services.library.guidelines.version
    refused = await client.post("/chat/messages", data={"text": "Hej"}, headers={"Accept": "text/event-stream"})
    assert refused.status_code == 428
    response = await client.post("/guidelines/accept", data={"version": version, "next": "/chat"})
    assert response.status_code == 303 and response.headers["location"] == "/chat"
    page = (await client.get("/chat")).text
    assert "Jeg har læst og accepterer retningslinjerne" not in page
    assert "Kom i gang med en opgave" in page and "Skriv til en borger i klart sprog" in page

    _new_version(guidelines_dir)
    assert "Jeg har læst og accepterer retningslinjerne" in (await client.get("/chat")).text
    full = (await client.get("/guidelines")).text
    assert "Svaret er et udkast" in full or "udkast" in full
    assert app.state.services.library.guidelines.version in full
