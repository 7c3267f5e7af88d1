"""The chat pages: streaming HTML fragments, the conversation list with htmx, and the no-JavaScript path."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.conftest import login
from tests.fakes import ScriptedBackend
from tests.htmlcheck import active_content

STREAM = {"Accept": "text/event-stream"}


def _events(body: str) -> list[tuple[str, dict]]:
    out = []
    for block in body.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((fields["event"], json.loads(fields["data"])))
    return out


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


async def test_first_message_creates_the_conversation_and_streams_html(user_client: httpx.AsyncClient, backend) -> None:
    backend._answers.append(["Her er ", "en **liste**:\n\n", "- et\n- to\n"])
    response = await user_client.post("/chat/messages", data={"text": "Lav en liste"}, headers=STREAM)
    assert response.status_code == 200
    events = _events(response.text)
    assert [kind for kind, _ in events][:2] == ["conversation", "user"]
    assert events[-1][0] == "done"
    conversation = events[0][1]
    assert re.fullmatch(r"/c/[0-9a-f]{32}", conversation["url"])
    assert 'href="' + conversation["url"] + '"' in conversation["item_html"]
    assert "Lav en liste" in events[1][1]["html"]
    final = events[-1][1]["html"]
    assert "<strong>liste</strong>" in final and "<li>to</li>" in final
    assert "js-regenerate" in final, "the newest answer offers a new answer"

    page = await user_client.get(conversation["url"])
    assert page.status_code == 200
    assert "Lav en liste" in page.text and "<strong>liste</strong>" in page.text
    assert 'aria-current="page"' in page.text


async def test_html_from_the_model_or_the_employee_cannot_run(user_client: httpx.AsyncClient, backend) -> None:
    backend._answers.append(['<script>alert(1)</script><img src=x onerror=alert(2)> [klik](javascript:alert(3))'])
    response = await user_client.post("/chat/messages", data={"text": "<b onmouseover=alert(4)>hej</b>"}, headers=STREAM)
    events = _events(response.text)
    page = (await user_client.get(events[0][1]["url"])).text
    fragments = [data["html"] for kind, data in events if "html" in data]
    icons = frozenset({"svg"})  # the page's own inline icons; attributes are still checked
    for html in fragments:
        assert active_content(html, allow=icons) == []
    messages = page[page.index('id="messages"'):page.index('id="composer"')]
    assert active_content(messages, allow=icons) == []
    assert "&lt;b onmouseover=alert(4)&gt;hej&lt;/b&gt;" in page


async def test_without_javascript_the_form_posts_and_redirects(user_client: httpx.AsyncClient) -> None:
    response = await user_client.post("/chat/messages", data={"text": "Uden JavaScript"})
    assert response.status_code == 303
    page = await user_client.get(response.headers["location"])
    assert "Uden JavaScript" in page.text and "message--assistant" in page.text


async def test_rename_and_delete_with_htmx(user_client: httpx.AsyncClient) -> None:
    events = _events((await user_client.post("/chat/messages", data={"text": "Gammel titel"}, headers=STREAM)).text)
    cid = events[0][1]["id"]
    form = await user_client.get(f"/c/{cid}/rename", headers={"HX-Request": "true"})
    assert 'name="title"' in form.text and 'value="Gammel titel"' in form.text
    htmx = {"HX-Request": "true", "HX-Current-URL": f"http://testserver/c/{cid}"}
    renamed = await user_client.post(f"/c/{cid}/rename", data={"title": "  Ny   titel "}, headers=htmx)
    assert ">Ny titel</a>" in renamed.text
    assert 'id="chat-title" class="chat__title" hx-swap-oob="true">Ny titel</h1>' in renamed.text
    without_js = await user_client.post(f"/c/{cid}/rename", data={"title": "Uden JS"})
    assert without_js.status_code == 303 and without_js.headers["location"] == f"/c/{cid}"
    deleted = await user_client.post(f"/c/{cid}/delete",
                                     headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver/c/{cid}"})
    assert deleted.headers["hx-redirect"] == "/chat"
    assert (await user_client.get(f"/c/{cid}")).status_code == 404


async def test_regenerate_replaces_the_last_answer(user_client: httpx.AsyncClient, backend) -> None:
    backend._answers += [["Første svar"], ["Andet svar"]]
    cid = _events((await user_client.post("/chat/messages", data={"text": "Spørgsmål"}, headers=STREAM)).text)[0][1]["id"]
    again = _events((await user_client.post(f"/c/{cid}/regenerate", headers=STREAM)).text)
    assert again[-1][0] == "done" and "Andet svar" in again[-1][1]["html"]
    page = (await user_client.get(f"/c/{cid}")).text
    assert "Andet svar" in page and "Første svar" not in page


async def test_refused_input_is_json_for_fetch_and_keeps_nothing(user_client: httpx.AsyncClient) -> None:
    response = await user_client.post("/chat/messages", data={"text": "   "}, headers=STREAM)
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Beskeden er tom. Skriv noget, før du sender."
    assert (await user_client.get("/api/v1/conversations")).json()["conversations"] == []


async def test_unknown_and_foreign_conversations_show_a_danish_error_page(client: httpx.AsyncClient) -> None:
    await login(client, "A")
    cid = _events((await client.post("/chat/messages", data={"text": "hej"}, headers=STREAM)).text)[0][1]["id"]
    await client.post("/logout")
    await login(client, "B")
    page = await client.get(f"/c/{cid}")
    assert page.status_code == 404 and "Samtalen findes ikke" not in page.text
    assert "Det findes ikke, eller du har ikke adgang til det." in page.text
    assert (await client.get("/no-such-page")).status_code == 404


async def test_preview_shows_what_will_be_masked_without_storing_anything(user_client: httpx.AsyncClient) -> None:
    text = "Ring til Jens Hansen på 27 19 38 46 om hans diabetes"
    response = await user_client.post("/chat/preview", data={"text": text}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text
    assert "Jens Hansen" in html and "&lt;PERSON_1&gt;" in html
    assert "Telefonnummer" in html and "&lt;PHONE_1&gt;" in html
    assert "helbredsoplysninger" in html, "special categories are flagged"
    assert (await user_client.get("/api/v1/conversations")).json()["conversations"] == []
    empty = await user_client.post("/chat/preview", data={"text": "Hvad er klokken?"}, headers={"HX-Request": "true"})
    assert "PERSON" not in empty.text and 'id="pii-preview"' in empty.text


async def test_preview_uses_the_conversations_placeholders(user_client: httpx.AsyncClient) -> None:
    events = _events((await user_client.post("/chat/messages", data={"text": "Skriv til Jens Hansen"},
                                              headers=STREAM)).text)
    cid = events[0][1]["id"]
    html = (await user_client.post(f"/c/{cid}/preview", data={"text": "Og til Maja Lindholm og Jens Hansen"})).text
    assert "&lt;PERSON_2&gt;" in html and "&lt;PERSON_1&gt;" in html
    messages = (await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
    assert len(messages) == 2, "a preview stores nothing"


async def test_a_failed_new_answer_shows_the_kept_one(user_client: httpx.AsyncClient, backend) -> None:
    from kkgpt.errors import ModelUnavailable

    backend._answers += [["Det gode svar"], ModelUnavailable(detail="test")]
    cid = _events((await user_client.post("/chat/messages", data={"text": "Spørgsmål"}, headers=STREAM)).text)[0][1]["id"]
    failed = _events((await user_client.post(f"/c/{cid}/regenerate", headers=STREAM)).text)
    assert failed[-1][0] == "error"
    html = failed[-1][1]["html"]
    assert "Det gode svar" in html and "Dit tidligere svar er bevaret." in html
    assert "Det gode svar" in (await user_client.get(f"/c/{cid}")).text


async def test_a_title_with_a_placeholder_reads_as_a_label(user_client: httpx.AsyncClient, backend) -> None:
    response = await user_client.post("/chat/messages", data={"text": "Brev til borger med cpr 010170-1234"},
                                      headers=STREAM)
    conversation = _events(response.text)[0][1]
    label = '<span class="placeholder" title="CPR-nummer">[CPR-nummer]</span>'
    assert label in conversation["title_html"] and "&lt;CPR&gt;" not in conversation["title_html"]
    page = (await user_client.get(conversation["url"])).text
    heading = re.search(r'<h1 id="chat-title"[^>]*>(.*?)</h1>', page, re.DOTALL)[1]
    assert heading == "Brev til borger med cpr " + label
    link = re.search(r'class="conversation__link"[^>]*>(.*?)</a>', page, re.DOTALL)[1]
    assert link == heading
    assert 'aria-label="Slet samtalen Brev til borger med cpr [CPR-nummer]"' in page


async def test_placeholders_left_in_an_answer_read_as_labels(user_client: httpx.AsyncClient, backend) -> None:
    # <CPR> is masked for good and <PERSON_7> is not this conversation's: neither can be put back.
    backend._answers.append(["Skriv til <PERSON_7> om ", "sagen; hans cpr er <CPR>.\n\n", "| cpr |\n|---|\n| <CPR> |\n"])
    response = await user_client.post("/chat/messages", data={"text": "Brev om cpr 010170-1234"}, headers=STREAM)
    events = _events(response.text)
    name = '<span class="placeholder" title="Navn">[navn 7]</span>'
    cpr = '<span class="placeholder" title="CPR-nummer">[CPR-nummer]</span>'
    deltas = [data["html"] for kind, data in events if kind == "delta"]
    assert name in deltas[0] and all("&lt;" not in html for html in deltas)
    final = events[-1][1]["html"]
    assert f"<p>Skriv til {name} om sagen; hans cpr er {cpr}.</p>" in final and f"<td>{cpr}</td>" in final
    assert 'data-markdown="Skriv til [navn 7] om sagen; hans cpr er [CPR-nummer].' in final  # what "Kopiér" gives
    page = (await user_client.get(events[0][1]["url"])).text
    assert f"<p>Skriv til {name} om sagen; hans cpr er {cpr}.</p>" in page
    assert "&lt;CPR&gt;" not in page.split('class="message message--assistant')[1]

    user_client.cookies.set("kkgpt_lang", "en")
    english = (await user_client.get(events[0][1]["url"])).text
    assert '<span class="placeholder" title="Name">[name 7]</span>' in english


async def test_the_rename_field_shows_placeholders_as_labels(user_client: httpx.AsyncClient, backend) -> None:
    response = await user_client.post("/chat/messages", data={"text": "Brev til borger med cpr 010170-1234"},
                                      headers=STREAM)
    cid = _events(response.text)[0][1]["id"]
    form = (await user_client.get(f"/c/{cid}/rename", headers={"HX-Request": "true"})).text
    assert 'value="Brev til borger med cpr [CPR-nummer]"' in form and "&lt;CPR&gt;" not in form
