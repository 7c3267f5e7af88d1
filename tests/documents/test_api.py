"""Documents through the API: upload, list, delete; messages about documents; nothing personal reaches the model."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select, text

from kkgpt.db.models import Document, UsageEvent
from tests.conftest import login
from tests.documents import samples


async def _conversation(client: httpx.AsyncClient) -> str:
    return (await client.post("/api/v1/conversations")).json()["id"]


async def _upload(client: httpx.AsyncClient, cid: str, name: str, data: bytes) -> httpx.Response:
    return await client.post(f"/api/v1/conversations/{cid}/documents", files={"file": (name, data)})


@pytest.mark.parametrize("name", sorted(samples.SAMPLES))
async def test_no_personal_value_of_any_format_reaches_the_model(user_client: httpx.AsyncClient, name: str) -> None:
    cid = await _conversation(user_client)
    uploaded = await _upload(user_client, cid, name, samples.SAMPLES[name]())
    assert uploaded.status_code == 201, uploaded.text
    document = uploaded.json()
    assert document["name"] == name and document["characters"] > 50 and document["tokens"] > 10
    assert {m["type"] for m in document["masked"]} >= {"PERSON"}

    reply = await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                   json={"text": "Hvad handler dokumentet om?", "documents": [document["id"]]})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["documents"] == [document["id"]] and body["based_on_parts"] is False
    assert f"--- Dokument: {name} ---" in body["model_input"], "the model is told which document it reads"
    for value in samples.PERSONAL_VALUES:
        assert value not in body["model_input"], (name, value)
    assert samples.NAME in body["reply"], "the mock quotes what it got, and the answer is restored"


async def test_upload_list_delete(user_client: httpx.AsyncClient) -> None:
    cid = await _conversation(user_client)
    first = (await _upload(user_client, cid, "brev.docx", samples.docx_file())).json()
    second = (await _upload(user_client, cid, "borgere.csv", samples.csv_file())).json()
    assert set(first) == {"id", "name", "media_type", "pages", "characters", "tokens", "masked", "created_at"}
    assert first["media_type"].endswith("wordprocessingml.document")
    listed = (await user_client.get(f"/api/v1/conversations/{cid}/documents")).json()["documents"]
    assert [d["id"] for d in listed] == [first["id"], second["id"]]

    assert (await user_client.delete(f"/api/v1/conversations/{cid}/documents/{first['id']}")).status_code == 204
    listed = (await user_client.get(f"/api/v1/conversations/{cid}/documents")).json()["documents"]
    assert [d["id"] for d in listed] == [second["id"]]
    again = await user_client.delete(f"/api/v1/conversations/{cid}/documents/{first['id']}")
    assert again.status_code == 404
    gone = await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                  json={"text": "Og brevet?", "documents": [first["id"]]})
    assert gone.status_code == 404


async def test_the_same_person_has_the_same_placeholder_in_document_and_conversation(
    user_client: httpx.AsyncClient,
) -> None:
    cid = await _conversation(user_client)
    first = await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                   json={"text": f"Jeg skal skrive til {samples.NAME} om boligstøtte."})
    placeholder = first.json()["model_input"].split("til ")[1].split(" ")[0]
    assert placeholder.startswith("<PERSON_")
    document = (await _upload(user_client, cid, "brev.docx", samples.docx_file())).json()
    reply = (await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                    json={"text": f"Hvad skriver vi til {samples.NAME}?",
                                          "documents": [document["id"]]})).json()
    assert reply["model_input"].count(placeholder) == 2, "the question and the letter name the earlier person"
    assert f"Kære {placeholder}" in reply["model_input"]


async def test_documents_are_encrypted_at_rest_and_deleted_with_the_conversation(
    user_client: httpx.AsyncClient, app,
) -> None:
    cid = await _conversation(user_client)
    await _upload(user_client, cid, f"Afgørelse {samples.NAME}.docx", samples.docx_file())
    services = app.state.services
    async with services.sessions() as session:
        rows = (await session.execute(text("SELECT * FROM documents"))).all()
    assert len(rows) == 1
    raw = " ".join(str(value) for value in rows[0])
    for value in (*samples.PERSONAL_VALUES, "Afgørelse", "boligstøtte"):
        assert value not in raw
    async with services.sessions() as session:
        row = (await session.scalars(select(Document))).one()
    assert row.original_enc is None, "the file itself is not kept unless a setting says so"

    assert (await user_client.delete(f"/api/v1/conversations/{cid}")).status_code == 204
    async with services.sessions() as session:
        assert (await session.execute(text("SELECT count(*) FROM documents"))).scalar_one() == 0


async def test_the_file_name_is_shielded_too(user_client: httpx.AsyncClient) -> None:
    cid = await _conversation(user_client)
    document = (await _upload(user_client, cid, "Afgørelse_Jens_Hansen.docx", samples.docx_file())).json()
    assert document["name"] == "Afgørelse_Jens_Hansen.docx", "the employee sees the real name"
    reply = (await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                    json={"text": "Opsummer", "documents": [document["id"]]})).json()
    assert "Hansen" not in reply["model_input"] and "Jens" not in reply["model_input"]


async def test_someone_elses_conversation_and_documents_are_not_found(client: httpx.AsyncClient) -> None:
    await login(client, "Anne Andersen")
    cid = await _conversation(client)
    document = (await _upload(client, cid, "brev.txt", samples.txt_file())).json()
    client.cookies.clear()
    await login(client, "Bo Berg")
    assert (await _upload(client, cid, "brev.txt", samples.txt_file())).status_code == 404
    assert (await client.get(f"/api/v1/conversations/{cid}/documents")).status_code == 404
    assert (await client.delete(f"/api/v1/conversations/{cid}/documents/{document['id']}")).status_code == 404
    mine = await _conversation(client)
    stolen = await client.post(f"/api/v1/conversations/{mine}/messages",
                               json={"text": "Hvad står der?", "documents": [document["id"]]})
    assert stolen.status_code == 404


@pytest.mark.parametrize(
    ("name", "make", "status", "code"),
    [
        ("brev.pdf", lambda: samples.pdf(encrypted=True), 422, "document_encrypted"),
        ("bombe.docx", samples.zip_bomb_docx, 422, "document_zip_bomb"),
        ("brev.docx", lambda: samples.pdf(), 422, "document_mislabelled"),
        ("virus.exe", lambda: b"MZ", 415, "document_unsupported"),
    ],
)
async def test_a_refused_file_gets_a_danish_error_and_nothing_is_stored(
    user_client: httpx.AsyncClient, app, name, make, status, code,
) -> None:
    cid = await _conversation(user_client)
    response = await _upload(user_client, cid, name, make())
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"][0].isupper()
    assert (await user_client.get(f"/api/v1/conversations/{cid}/documents")).json()["documents"] == []
    async with app.state.services.sessions() as session:
        row = (await session.execute(text("SELECT vault_enc, vault_version FROM conversations WHERE id = :id"),
                                     {"id": cid})).one()
    assert tuple(row) == (None, 0), "not even the placeholder mapping changed"


async def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings, start_app) -> None:
    small = settings.model_copy(update={"document_max_bytes": 10_000})
    async with start_app(small) as (_, client):
        await login(client)
        cid = await _conversation(client)
        response = await _upload(client, cid, "stor.txt", b"a" * 200_000)
        assert response.status_code == 413
        assert response.json()["error"] == {"code": "document_too_large", "message": "Filen er for stor: højst 0,01 MB."}
        per_conversation = settings.model_copy(update={"documents_per_conversation": 1})
    async with start_app(per_conversation) as (_, client):
        await login(client)
        cid = await _conversation(client)
        assert (await _upload(client, cid, "a.txt", samples.txt_file())).status_code == 201
        second = await _upload(client, cid, "b.txt", samples.txt_file())
        assert second.status_code == 422 and second.json()["error"]["code"] == "too_many_documents"


async def test_a_turn_with_documents_is_logged_by_format_and_size_only(user_client: httpx.AsyncClient, app) -> None:
    cid = await _conversation(user_client)
    document = (await _upload(user_client, cid, f"{samples.NAME}.docx", samples.docx_file())).json()
    await user_client.post(f"/api/v1/conversations/{cid}/messages",
                           json={"text": "Opsummer", "documents": [document["id"]]})
    async with app.state.services.sessions() as session:
        event = (await session.scalars(select(UsageEvent).where(UsageEvent.kind == "turn"))).one()
    assert (event.documents, event.document_types, event.document_size) == (1, "docx", "small")
    assert samples.NAME not in repr(event.__dict__)


async def test_a_value_marked_not_personal_or_masked_by_hand_applies_to_documents_and_messages(
    user_client: httpx.AsyncClient,
) -> None:
    cid = await _conversation(user_client)
    letter = f"Kære {samples.NAME}\n\nSpørg Bamse om projektet. {samples.NAME} deltager også.\n".encode()
    document = (await _upload(user_client, cid, "notat.txt", letter)).json()
    url = f"/api/v1/conversations/{cid}/pii-choices"
    corrected = await user_client.post(url, json={"mask": {"type": "PERSON", "value": "Bamse"}})
    assert corrected.status_code == 200, corrected.text
    masked = {m["type"]: m["count"] for m in corrected.json()["documents"][0]["masked"]}
    assert masked["PERSON"] == 3, "two mentions of one person and the name added by hand"
    reply = (await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                    json={"text": "Hvem er Bamse?", "documents": [document["id"]]})).json()
    assert "Bamse" not in reply["model_input"]

    await user_client.post(url, json={"allow": samples.NAME})
    reply = (await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                    json={"text": f"Og {samples.NAME}?", "documents": [document["id"]]})).json()
    assert reply["model_input"].count(samples.NAME) == 3, "question and both mentions in the document"
    assert "Bamse" not in reply["model_input"]
    assert (await user_client.post(url, json={})).status_code == 422
    bad = await user_client.post(url, json={"mask": {"type": "NO_SUCH_KIND", "value": "x"}})
    assert bad.status_code == 422


async def test_documents_go_with_a_conversation_deleted_for_inactivity(user_client: httpx.AsyncClient, app) -> None:
    from datetime import timedelta

    from kkgpt.chat.retention import purge_inactive
    from kkgpt.db.models import utcnow

    cid = await _conversation(user_client)
    await _upload(user_client, cid, "brev.txt", samples.txt_file())
    sessions = app.state.services.sessions
    assert await purge_inactive(sessions, before=utcnow() + timedelta(seconds=1)) == 1
    async with sessions() as session:
        assert (await session.execute(text("SELECT count(*) FROM documents"))).scalar_one() == 0


async def test_the_original_file_is_kept_encrypted_only_when_the_setting_says_so(settings, start_app) -> None:
    import base64

    from kkgpt.db.crypto import FieldCipher
    from kkgpt.keys import encryption_keys

    keeping = settings.model_copy(update={"document_keep_originals": True})
    async with start_app(keeping) as (app, client):
        await login(client)
        cid = await _conversation(client)
        data = samples.docx_file()
        await _upload(client, cid, "brev.docx", data)
        async with app.state.services.sessions() as session:
            row = (await session.scalars(select(Document))).one()
    assert row.original_enc is not None and not row.original_enc.startswith("UEsDB"), "not the bare file"
    cipher = FieldCipher(encryption_keys(keeping))
    assert base64.b64decode(cipher.decrypt(row.original_enc)) == data
