"""Documents on the chat page: attaching a file shows what the shield masks in it, once per value."""

from __future__ import annotations

import html

import httpx

from tests.documents import samples
from tests.web.test_chat_pages import STREAM, _events

JSON = {"Accept": "application/json"}


def _repeated_letter() -> bytes:
    return (f"Kære {samples.NAME}\n\n{samples.NAME} har søgt om boligstøtte. Vi har talt med {samples.NAME}, "
            f"cpr-nr. {samples.CPR}, og med {samples.TABLE_NAME}.\n").encode()


async def test_a_file_attached_before_the_first_message_starts_the_conversation(user_client: httpx.AsyncClient) -> None:
    response = await user_client.post("/chat/documents", files={"file": ("brev.txt", _repeated_letter())},
                                      headers=JSON)
    assert response.status_code == 200, response.text
    body = response.json()
    conversation = body["conversation"]
    assert conversation["stream_url"] == f"/c/{conversation['id']}/messages"
    assert conversation["upload_url"] == f"/c/{conversation['id']}/documents"
    chip = html.unescape(body["html"])
    assert 'name="documents"' in chip and "brev.txt" in chip
    # One line per distinct value with its count, not one chip per occurrence.
    assert chip.count(f"chip__value\">{samples.NAME}</span>") == 1 and "3 gange" in chip
    assert chip.count("chip chip--") == 3
    masked_text = chip.split('class="model-view__text" tabindex="0">')[1]
    assert samples.NAME not in masked_text and "<PERSON_1>" in masked_text
    listed = (await user_client.get("/api/v1/conversations")).json()["conversations"]
    assert [c["id"] for c in listed] == [conversation["id"]]


async def test_a_refused_first_file_leaves_no_conversation_behind(user_client: httpx.AsyncClient) -> None:
    response = await user_client.post("/chat/documents", files={"file": ("brev.pdf", samples.pdf(encrypted=True))},
                                      headers=JSON)
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("PDF-filen er beskyttet med en adgangskode")
    assert (await user_client.get("/api/v1/conversations")).json()["conversations"] == []


async def test_sending_with_attached_documents_shows_them_and_the_model_reads_them(
    user_client: httpx.AsyncClient,
) -> None:
    first = (await user_client.post("/chat/documents", files={"file": ("brev.docx", samples.docx_file())},
                                    headers=JSON)).json()
    cid = first["conversation"]["id"]
    document_id = first["html"].split('name="documents" value="')[1].split('"')[0]
    response = await user_client.post(f"/c/{cid}/messages", data={"text": "Opsummer brevet", "documents": document_id},
                                      headers=STREAM)
    events = dict(_events(response.text))
    assert "brev.docx" in events["user"]["html"]
    assert "--- Dokument: brev.docx ---" in html.unescape(events["user"]["html"]), "Det så modellen shows it"
    messages = (await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
    assert samples.CPR not in messages[0]["model_content"] and "<CPR>" in messages[0]["model_content"]
    page = (await user_client.get(f"/c/{cid}")).text
    assert 'class="message__documents"' in page and "brev.docx" in page


async def test_removing_an_attached_file_deletes_it(user_client: httpx.AsyncClient) -> None:
    first = (await user_client.post("/chat/documents", files={"file": ("brev.txt", samples.txt_file())},
                                    headers=JSON)).json()
    cid = first["conversation"]["id"]
    second = (await user_client.post(f"/c/{cid}/documents", files={"file": ("notat.md", samples.md_file())},
                                     headers=JSON)).json()
    assert second["conversation"] is None
    url = second["html"].split('data-url="')[1].split('"')[0]
    assert (await user_client.post(url)).status_code == 204
    names = [d["name"] for d in (await user_client.get(f"/api/v1/conversations/{cid}/documents")).json()["documents"]]
    assert names == ["brev.txt"]


async def test_the_typing_preview_shows_each_value_once_with_its_count(user_client: httpx.AsyncClient) -> None:
    text = "\n".join(f"Møde {n}: {samples.NAME} og {samples.TABLE_NAME} deltog." for n in range(1, 40))
    response = await user_client.post("/chat/preview", data={"text": text}, headers={"HX-Request": "true"})
    page = html.unescape(response.text)
    assert page.count("chip chip--") == 2
    assert "39 gange" in page


async def test_the_summarising_assistant_opens_the_file_picker(user_client: httpx.AsyncClient) -> None:
    page = (await user_client.get("/chat")).text
    assert 'data-key="opsummer"' in page
    card = page.split('data-key="opsummer"')[1].split("</button>")[0]
    assert 'data-documents="summarise"' in card
    assert 'id="composer-file"' in page and ".docx" in page.split('id="composer-file"')[1].split(">")[0]


async def test_the_chip_marks_a_value_not_personal_and_masks_a_missed_one(user_client: httpx.AsyncClient) -> None:
    letter = f"Kære {samples.NAME}\n\nSpørg Bamse om projektet.\n".encode()
    first = (await user_client.post("/chat/documents", files={"file": ("notat.txt", letter)}, headers=JSON)).json()
    cid = first["conversation"]["id"]
    chip = html.unescape(first["html"])
    document_id = chip.split('name="documents" value="')[1].split('"')[0]
    assert f"/c/{cid}/documents/{document_id}/allow" in chip and "Ikke personligt" in chip

    masked = await user_client.post(f"/c/{cid}/documents/{document_id}/mask",
                                    data={f"mask-{document_id}": "Bamse", f"mask-type-{document_id}": "PERSON"},
                                    headers={"HX-Request": "true"})
    text = html.unescape(masked.text).split('class="model-view__text" tabindex="0">')[1]
    assert "Bamse" not in text and samples.NAME not in text

    allowed = await user_client.post(f"/c/{cid}/documents/{document_id}/allow", data={"value": samples.NAME},
                                     headers={"HX-Request": "true"})
    text = html.unescape(allowed.text).split('class="model-view__text" tabindex="0">')[1]
    assert f"Kære {samples.NAME}" in text and "Bamse" not in text
    preview = await user_client.post(f"/c/{cid}/preview", data={"text": f"Skriv til {samples.NAME} og Bamse"})
    page = html.unescape(preview.text)
    assert '<span class="chip__value">Bamse</span>' in page, "the preview masks the value added by hand"
    assert f'<span class="chip__value">{samples.NAME}</span>' not in page, "and not the one marked not personal"


async def test_a_long_documents_chip_shows_the_beginning_of_its_masked_text(user_client: httpx.AsyncClient) -> None:
    long_text = "\n\n".join(f"Afsnit {n}: {samples.NAME} bor i kommunen." for n in range(3000)).encode()
    body = (await user_client.post("/chat/documents", files={"file": ("lang.txt", long_text)}, headers=JSON)).json()
    chip = html.unescape(body["html"])
    shown = chip.split('class="model-view__text" tabindex="0">')[1].split("</pre>")[0]
    assert len(shown) == 20_000 and "Her vises de første 20.000 tegn." in chip
