"""A kind of personal data declared in one place reaches the chat, the API and the page in both languages."""

from __future__ import annotations

from kkgpt.pii import build_shield
from kkgpt.pii.entities import BUILTIN_ENTITIES
from tests.conftest import login
from tests.pii.test_entities import STAFF_NUMBER


async def test_a_new_kind_flows_through_chat_api_and_page(settings, start_app) -> None:
    shield = build_shield(entities=BUILTIN_ENTITIES.with_kind(STAFF_NUMBER))
    async with start_app(settings, shield=shield) as (_, client):
        await login(client)
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        body = (
            await client.post(
                f"/api/v1/conversations/{cid}/messages",
                json={"text": "Hvem har medarbejdernummer MA-123456?"},
            )
        ).json()
        assert "<STAFF_NUMBER_1>" in body["model_input"] and "MA-123456" not in body["model_input"]
        assert "MA-123456" in body["reply"], "restored in what the employee reads"
        assert [m["type"] for m in body["masked"]] == ["KK_STAFF_NUMBER"]

        preview = await client.post(f"/c/{cid}/preview", data={"text": "Og MA 123456 igen"})
        assert "Medarbejdernummer" in preview.text and "&lt;STAFF_NUMBER_1&gt;" in preview.text

        await client.post("/language", data={"language": "en"})
        preview = await client.post(f"/c/{cid}/preview", data={"text": "MA-123456"})
        assert "Staff number" in preview.text
