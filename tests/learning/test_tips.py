"""Tips from colleagues: scrubbed, shown exactly as stored before saving, reviewed by an admin, no author."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from kkgpt.db.models import Tip
from tests.conftest import login

TIP = "Sådan fik jeg et godt referat: jeg bad om punktform og skrev at mødet var med Lone Mørch (tlf. 27 19 38 46)."


async def test_preview_save_review_publish(client: httpx.AsyncClient, app) -> None:
    await login(client, "Medarbejder")
    preview = await client.post("/tips/preview", data={"text": TIP})
    assert preview.status_code == 200
    assert "Sådan bliver dit tip gemt" in preview.text
    assert "Lone Mørch" not in preview.text.split("tip--preview")[1].split("</blockquote>")[0]
    clean = await app.state.services.tips.scrubbed(TIP)
    assert "<PERSON>" in clean and "<PHONE>" in clean and "Lone" not in clean and "27 19" not in clean

    saved = await client.post("/tips", data={"text": clean})
    assert "Tak! Dit tip er gemt" in saved.text
    assert clean not in (await client.get("/tips")).text.split("Tips fra kolleger")[1], "not shown before review"

    async with app.state.services.sessions() as session:
        [row] = (await session.scalars(select(Tip))).all()
        columns = {c.key for c in sa_inspect(Tip).columns}
    assert row.status == "pending" and "Lone" not in row.text_enc
    assert not columns & {"user_id", "user_key", "author", "department"}, "no author is stored"

    assert (await client.get("/admin/tips")).status_code == 403
    await client.post("/logout")
    await login(client, "Administrator", admin=True)
    assert "1 tip venter på gennemsyn." in (await client.get("/admin")).text  # one tip, not "1 tips"
    review = await client.get("/admin/tips")
    assert review.status_code == 200 and "[navn]" in review.text and "&lt;PERSON&gt;" not in review.text
    published = await client.post(f"/admin/tips/{row.id}", data={"status": "published"}, headers={"HX-Request": "true"})
    assert published.status_code == 200
    # htmx gets both lists back, so their headings' counts follow the decision
    assert "Venter på gennemsyn (0)" in published.text and "Tips fra kolleger (1)" in published.text
    assert "<html" not in published.text
    assert "[navn]" in (await client.get("/tips")).text
    assert "Sådan fik jeg et godt referat" in (await client.get("/chat")).text, "shown beside the guidelines"


async def test_a_tampered_confirmation_is_scrubbed_and_shown_again(user_client: httpx.AsyncClient, app) -> None:
    response = await user_client.post("/tips", data={"text": TIP})
    assert "Sådan bliver dit tip gemt" in response.text and "Tak!" not in response.text
    assert await app.state.services.tips.list("pending") == []


@pytest.mark.parametrize(("text", "code"), [("for kort", "Skriv lidt mere"), ("x" * 2001, "for langt")])
async def test_too_short_or_long(user_client: httpx.AsyncClient, text: str, code: str) -> None:
    response = await user_client.post("/tips/preview", data={"text": text})
    assert response.status_code == 422 and code in response.text


async def test_scrubbing_is_stable(app) -> None:
    tips = app.state.services.tips
    once = await tips.scrubbed(TIP)
    assert await tips.scrubbed(once) == once
