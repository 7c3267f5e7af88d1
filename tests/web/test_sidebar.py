"""The sidebar's list: days, pinned first, search hits marked; editing pages; "Redigér" on a refused answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from kkgpt.chat.store import ConversationInfo
from kkgpt.web.sidebar import date_group, grouped, marked
from tests.conftest import login

# 23:30 UTC on 4 December is 00:30 on 5 December in Copenhagen: the day is Copenhagen's.
NOW = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("when", "group"),
    [
        (NOW, "today"),
        (datetime(2026, 12, 4, 23, 5, tzinfo=UTC), "today"),  # 00:05 local
        (datetime(2026, 12, 4, 22, 55, tzinfo=UTC), "yesterday"),  # 23:55 local the day before
        (NOW - timedelta(days=2), "week"),
        (NOW - timedelta(days=7), "week"),
        (NOW - timedelta(days=8), "older"),
    ],
)
def test_date_groups_follow_copenhagen_days(when: datetime, group: str) -> None:
    assert date_group(when, date(2026, 12, 5)) == group


def _c(cid: str, when: datetime) -> ConversationInfo:
    return ConversationInfo(id=cid, title=cid, assistant_key=None, created_at=when, updated_at=when)


def test_groups_in_order_and_a_continued_page_repeats_no_heading() -> None:
    listed = [_c("a", NOW), _c("b", NOW - timedelta(days=1)), _c("c", NOW - timedelta(days=30))]
    groups = grouped(listed, NOW, pinned=[_c("p", NOW - timedelta(days=90))])
    assert [(g.name, [c.id for c in g.conversations], g.heading) for g in groups] == [
        ("pinned", ["p"], True), ("today", ["a"], True), ("yesterday", ["b"], True), ("older", ["c"], True)]
    more = grouped([_c("d", NOW - timedelta(days=40))], NOW, after="older")
    assert [(g.name, g.heading) for g in more] == [("older", False)]


def test_marked_runs() -> None:
    assert [(p.text, p.hit) for p in marked("Brev til Jens", [(9, 13)])] == [("Brev til ", False), ("Jens", True)]


async def _conversation(client: httpx.AsyncClient, text: str) -> str:
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": text})).status_code == 200
    return cid


async def test_the_sidebar_search_marks_hits_and_says_how_many(user_client: httpx.AsyncClient) -> None:
    cid = await _conversation(user_client, "Notat om <script>alert(1)</script> og Valby")
    found = await user_client.get("/conversations/search", params={"q": "valby"}, headers={"HX-Request": "true"})
    assert '<mark class="search-hit">Valby</mark>' in found.text
    assert "&lt;script&gt;" in found.text and "<script>alert" not in found.text  # the employee's text stays text
    assert f'href="/c/{cid}#message-' in found.text
    assert "1 samtale fundet." in found.text and 'hx-swap-oob="true"' in found.text
    cleared = await user_client.get("/conversations/search", params={"q": ""}, headers={"HX-Request": "true"})
    assert 'id="conversation-group-today"' in cleared.text and "search-hit" not in cleared.text
    without_js = await user_client.get("/conversations/search", params={"q": "valby"})
    assert "<h1>Dine samtaler</h1>" in without_js.text and "search-hit" in without_js.text


async def test_the_sidebar_search_shows_only_ones_own(app) -> None:
    transport = httpx.ASGITransport(app=app)
    async with (httpx.AsyncClient(transport=transport, base_url="http://testserver") as anne,
                httpx.AsyncClient(transport=transport, base_url="http://testserver") as bo):
        await login(anne, name="Anne Andersen")
        await login(bo, name="Bo Bertelsen")
        await _conversation(anne, "Annes notat om Valby")
        found = await bo.get("/conversations/search", params={"q": "valby"}, headers={"HX-Request": "true"})
        assert "Annes" not in found.text and "Ingen samtaler passer på søgningen." in found.text


async def test_pinning_from_the_page(user_client: httpx.AsyncClient) -> None:
    cid = await _conversation(user_client, "Budget")
    viewing = {"HX-Request": "true", "HX-Current-URL": f"http://testserver/c/{cid}#message-1"}
    pinned = await user_client.post(f"/c/{cid}/pin", data={"pinned": "1"}, headers=viewing)
    assert 'id="conversation-group-pinned"' in pinned.text and 'aria-pressed="true"' in pinned.text
    assert 'aria-current="page"' in pinned.text, "the conversation on screen stays marked in the new list"
    page = (await user_client.get("/chat")).text
    assert page.index("conversation-group-pinned") < page.index(f'id="conv-{cid}"')
    unpinned = await user_client.post(f"/c/{cid}/pin", data={"pinned": "0"}, headers={"HX-Request": "true"})
    assert "conversation-group-pinned" not in unpinned.text and 'aria-pressed="false"' in unpinned.text


async def test_the_edit_form_is_for_ones_own_messages_only(app) -> None:
    transport = httpx.ASGITransport(app=app)
    async with (httpx.AsyncClient(transport=transport, base_url="http://testserver") as anne,
                httpx.AsyncClient(transport=transport, base_url="http://testserver") as bo):
        await login(anne, name="Anne Andersen")
        await login(bo, name="Bo Bertelsen")
        cid = await _conversation(anne, "Skriv til Jens Hansen")
        question, answer = [m["id"] for m in (await anne.get(f"/api/v1/conversations/{cid}")).json()["messages"]]
        form = await anne.get(f"/c/{cid}/messages/{question}/edit")
        assert form.status_code == 200 and ">Skriv til Jens Hansen</textarea>" in form.text
        assert (await anne.get(f"/c/{cid}/messages/{answer}/edit")).status_code == 404
        assert (await bo.get(f"/c/{cid}/messages/{question}/edit")).status_code == 404
        assert (await bo.get(f"/c/{cid}/messages/{question}")).status_code == 404
        refused = await bo.post(f"/c/{cid}/messages/{question}/edit", data={"text": "Bos tekst"})
        assert refused.status_code == 404


async def test_a_preview_element_is_one_the_page_has(user_client: httpx.AsyncClient) -> None:
    cid = await _conversation(user_client, "Hej")
    bad = await user_client.post(f"/c/{cid}/preview", data={"text": "Jens Hansen", "preview_id": '"><script>'})
    assert bad.status_code == 422
    good = await user_client.post(f"/c/{cid}/preview", data={"text": "Jens Hansen", "preview_id": "edit-1-preview"})
    assert 'id="edit-1-preview"' in good.text


async def test_a_refused_answer_offers_to_edit_the_question(user_client: httpx.AsyncClient) -> None:
    cid = await _conversation(user_client, "Hej")
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                      json={"text": "[[mock:refuse]] Skriv noget"})
    assert response.json()["error"]["code"] == "model_refused"
    question = response.json()["message_id"]
    page = (await user_client.get(f"/c/{cid}")).text
    refused = page.split('class="message message--assistant message--error"')[1]
    assert f'hx-get="/c/{cid}/messages/{question}/edit"' in refused
    assert "js-regenerate\"" not in refused, "resending the same text would be refused again"
