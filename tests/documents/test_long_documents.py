"""Documents longer than the model's context: summaries of parts or the best parts, every call shielded."""

from __future__ import annotations

import httpx
import pytest

from kkgpt.chat.locks import AnswerLocks
from kkgpt.llm.mock import MockBackend
from tests.conftest import login
from tests.documents import samples
from tests.fakes import RecordingBackend
from tests.web.test_api import _events

CONTEXT = 4096


def _long_letter(paragraphs: int) -> str:
    """Paragraphs about one citizen, each with personal data, and one paragraph about a parking licence."""
    out = []
    for n in range(1, paragraphs + 1):
        out.append(f"Afsnit {n}. {samples.NAME} med cpr-nr. {samples.CPR} bor på {samples.ADDRESS} og kan ringes "
                   f"op på {samples.TABLE_PHONE}. Kommunen vurderer sagen om boligstøtte igen i uge {n % 52 + 1}, "
                   "når de nye oplysninger om husstandens indkomst og boligens størrelse foreligger fra "
                   "Udbetaling Danmark og ejendomsregistret.")
        if n == paragraphs // 2:
            out.append("Beboerlicens: Borgeren har også søgt om en beboerlicens til parkering i zone K, og den er "
                       "bevilget fra 1. marts, mod betaling af det årlige gebyr.")
    return "\n\n".join(out)


@pytest.fixture
async def long_client(settings, start_app):
    """A client of an app whose model has a 4,096-token context, with every prompt recorded."""
    backend = RecordingBackend(MockBackend(delay_seconds=0))
    small = settings.model_copy(update={"model_context_window": CONTEXT, "model_reply_tokens": 1024})
    async with start_app(small, backend=backend) as (app, client):
        await login(client)
        yield client, backend, app


async def _upload_long(client: httpx.AsyncClient, counter) -> tuple[str, str]:
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    text = _long_letter(500)
    response = await client.post(f"/api/v1/conversations/{cid}/documents",
                                 files={"file": ("sagsakt.txt", text.encode())})
    assert response.status_code == 201, response.text
    assert response.json()["tokens"] > 10 * CONTEXT, "the document is ten times the model's context"
    return cid, response.json()["id"]


def _assert_shielded(prompts) -> None:
    for prompt in prompts:
        for message in prompt:
            for value in samples.PERSONAL_VALUES[:3]:
                assert value not in message.content, value
            assert samples.TABLE_PHONE not in message.content


async def test_a_document_ten_times_the_context_is_summarised_part_by_part(long_client, counter) -> None:
    client, backend, _ = long_client
    cid, document = await _upload_long(client, counter)
    reply = await client.post(f"/api/v1/conversations/{cid}/messages",
                              json={"text": "Opsummer sagsakten i korte punkter", "documents": [document]})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["based_on_parts"] is True
    assert body["reply"].startswith("*Dokumentet var for langt til at læse på én gang. Svaret bygger på resuméer")
    assert "Resumé af sagsakt.txt, del 1 af" in body["model_input"] or "Resumé af sagsakt.txt, del 1 til" \
        in body["model_input"]
    assert body["input_tokens"] <= CONTEXT - 1024
    assert len(backend.prompts) > 10, "each part was summarised, then the summaries, then the question answered"
    assert all(tokens <= 1024 for tokens in backend.max_tokens)
    assert backend.prompts[-1][-1].content == body["model_input"], "model_input is exactly the last call's message"
    _assert_shielded(backend.prompts)


async def test_a_question_about_a_long_document_gets_the_parts_that_answer_it(long_client, counter) -> None:
    client, backend, _ = long_client
    cid, document = await _upload_long(client, counter)
    reply = await client.post(f"/api/v1/conversations/{cid}/messages",
                              json={"text": "Hvad står der om beboerlicens til parkering?", "documents": [document]})
    body = reply.json()
    assert body["based_on_parts"] is True and len(backend.prompts) == 1
    assert "beboerlicens til parkering i zone K" in body["model_input"]
    assert "Uddrag af dokumentet sagsakt.txt, del" in body["model_input"]
    assert "Svaret bygger på" in body["reply"] and "dele" in body["reply"]
    _assert_shielded(backend.prompts)


async def test_summaries_stream_their_progress_before_the_answer(long_client, counter) -> None:
    client, backend, _ = long_client
    cid, document = await _upload_long(client, counter)
    response = await client.post(f"/api/v1/conversations/{cid}/messages",
                                 json={"text": "Lav et resumé", "documents": [document]},
                                 headers={"Accept": "text/event-stream"})
    assert response.status_code == 200
    events = _events(response.text)
    progress = [data for kind, data in events if kind == "progress"]
    assert len(progress) == len(backend.prompts) - 1, "one report per summary call"
    assert [p["done"] for p in progress] == list(range(1, len(progress) + 1))
    assert progress[-1]["done"] == progress[-1]["total"]
    kinds = [kind for kind, _ in events]
    assert kinds.index("message") == len(progress) and kinds[-1] == "done"


async def test_the_chat_page_shows_progress_while_the_parts_are_read(long_client, counter) -> None:
    client, _, _ = long_client
    cid, document = await _upload_long(client, counter)
    response = await client.post(f"/c/{cid}/messages", data={"text": "Opsummer", "documents": document},
                                 headers={"Accept": "text/event-stream"})
    events = _events(response.text)
    first = events[0]
    assert first[0] == "progress" and first[1]["message"].startswith("Dokumentet er langt og læses i dele: 1 af ")
    assert [kind for kind, _ in events][-1] == "done"
    assert "Svaret bygger på resuméer" in events[-1][1]["html"]


async def test_a_busy_conversation_refuses_a_document_question_with_its_status(long_client, counter) -> None:
    client, _, application = long_client
    cid, document = await _upload_long(client, counter)
    services = application.state.services
    other_tab = AnswerLocks(services.sessions, lease_seconds=services.settings.answer_lock_seconds)
    lease = await other_tab.acquire(cid)
    try:
        response = await client.post(f"/api/v1/conversations/{cid}/messages",
                                     json={"text": "Hvad står der om beboerlicens?", "documents": [document]},
                                     headers={"Accept": "text/event-stream"})
        assert response.status_code == 409
        page = await client.post(f"/c/{cid}/messages", data={"text": "Hvad med licensen?", "documents": document},
                                 headers={"Accept": "text/event-stream"})
        events = _events(page.text)
        assert [kind for kind, _ in events] == ["error"] and events[0][1]["code"] == "conversation_busy"
        assert "anden fane" in events[0][1]["message"], "the page shows why; the text stays in the composer"
    finally:
        await other_tab.release(lease)


NAMES = ("Jens Hansen", "Mette Jørgensen", "Ali Hassan", "Anna Nielsen")
CPRS = ("010170-1234", "020280-2345", "150392-3456", "311299-4567")


def _case_file_pdf(pages: int) -> bytes:
    """A long PDF of decisions: names, CPR numbers and a caseworker's phone on every page, wrapped at 90."""
    import textwrap

    paragraph = ("Kommunen har behandlet sagen nr. {n} og vurderer, at borgeren {name} med cpr-nr. {cpr} fortsat "
                 "har ret til hjælp efter serviceloven. Sagsbehandler Karin Bjørnholm kan kontaktes på 27 19 38 46. "
                 "Afgørelsen kan påklages til Ankestyrelsen inden fire uger efter modtagelsen af dette brev.")
    texts = []
    for page in range(pages):
        body = " ".join(paragraph.format(n=page * 10 + i, name=NAMES[(page + i) % 4], cpr=CPRS[(page + i) % 4])
                        for i in range(6))
        texts.append("\n".join(textwrap.wrap(body, 90)))
    return samples.pdf(texts)


async def test_a_300_page_pdf_is_summarised_without_any_personal_value_reaching_the_model(
    settings, start_app,
) -> None:
    backend = RecordingBackend(MockBackend(delay_seconds=0))
    async with start_app(settings, backend=backend) as (_, client):
        await login(client)
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        uploaded = await client.post(f"/api/v1/conversations/{cid}/documents",
                                     files={"file": ("afgørelser.pdf", _case_file_pdf(300))})
        assert uploaded.status_code == 201, uploaded.text
        assert uploaded.json()["pages"] == 300
        reply = await client.post(f"/api/v1/conversations/{cid}/messages",
                                  json={"text": "Opsummer afgørelserne", "documents": [uploaded.json()["id"]]})
        assert reply.status_code == 200, reply.text
    assert reply.json()["based_on_parts"] is True
    for prompt in backend.prompts:
        for message in prompt:
            for value in (*NAMES, *CPRS, "Bjørnholm", "27 19 38 46", "38 46"):
                assert value not in message.content, value


async def test_an_employee_out_of_tokens_starts_no_summary_calls(settings, start_app) -> None:
    backend = RecordingBackend(MockBackend(delay_seconds=0))
    limited = settings.model_copy(update={"model_context_window": CONTEXT, "model_reply_tokens": 1024,
                                          "user_tokens_per_day": 100})
    async with start_app(limited, backend=backend) as (_, client):
        await login(client)
        cid, document = await _upload_long(client, None)
        await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})  # uses the day's tokens
        calls = len(backend.prompts)
        refused = await client.post(f"/api/v1/conversations/{cid}/messages",
                                    json={"text": "Opsummer sagsakten", "documents": [document]},
                                    headers={"Accept": "text/event-stream"})
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "quota_tokens_day"
        assert len(backend.prompts) == calls, "no part was sent to the model"
