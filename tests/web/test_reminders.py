"""The guideline panel reacts to what the shield masks or flags, and a blocked message says why."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from kkgpt.settings import Settings
from kkgpt.web.i18n import translator
from kkgpt.web.reminders import build_reminders
from kkgpt.guidelines.loader import load_guidelines
from tests.conftest import login

GUIDELINES = load_guidelines(Path(__file__).resolve().parents[2] / "guidelines")


def _texts(**kwargs) -> list[str]:
    defaults = dict(entity_types=(), special_categories=(), blocked_reasons=(), guidelines=GUIDELINES,
                    language="da", t=translator("da"), sent=False)
    return [f"{r.text} [{r.number}]" for r in build_reminders(**{**defaults, **kwargs})]


def test_a_cpr_number_points_to_the_personal_data_rule() -> None:
    assert _texts(entity_types=["DK_CPR"], sent=True) == [
        "Du skrev et CPR-nummer. Det blev fjernet, før teksten blev sendt. [2]"]


def test_names_and_health_give_two_reminders() -> None:
    texts = _texts(entity_types=["PERSON", "PHONE_NUMBER"], special_categories=["health"])
    assert texts[0].startswith("Du har skrevet personoplysninger (navn, telefonnummer)") and texts[0].endswith("[2]")
    assert "helbredsoplysninger" in texts[1] and texts[1].endswith("[3]")


def test_placeholder_lookalikes_alone_give_no_reminder() -> None:
    assert _texts(entity_types=["LITERAL"]) == []


async def test_preview_updates_the_panel_out_of_band(user_client: httpx.AsyncClient) -> None:
    html = (await user_client.post("/chat/preview", data={"text": "Borgeren har cpr 010170-1234"},
                                   headers={"HX-Request": "true"})).text
    assert 'id="guideline-reminder"' in html and 'hx-swap-oob="true"' in html
    assert "Du har skrevet et CPR-nummer. Det bliver fjernet, før teksten sendes." in html
    assert "se punkt 2: Persondata" in html


async def test_the_sent_message_carries_its_reminder(user_client: httpx.AsyncClient) -> None:
    response = await user_client.post("/chat/messages", data={"text": "Skriv til Jens Hansen om hans diabetes"},
                                      headers={"Accept": "text/event-stream"})
    user_event = next(json.loads(block.split("data: ", 1)[1]) for block in response.text.split("\n\n")
                      if block.startswith("event: user"))
    assert "De blev erstattet af pladsholdere" in user_event["reminder_html"]
    assert "helbredsoplysninger" in user_event["reminder_html"]


async def test_a_blocked_message_is_not_sent_and_says_why(tmp_path: Path, start_app, backend) -> None:
    from kkgpt.pii import build_shield

    policy = tmp_path / "policy.toml"
    policy.write_text('[defaults]\nthreshold = 0.2\n\n[entities.DK_CPR]\naction = "block"\n', encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", pii_policy_file=policy)
    async with start_app(settings, shield=build_shield(policy_path=policy), backend=backend) as (_, client):
        await login(client)
        response = await client.post("/chat/messages", data={"text": "Find sagen for 010170-1234"},
                                     headers={"Accept": "text/event-stream"})
        assert response.status_code == 422
        message = response.json()["error"]["message"]
        assert "CPR" in message and "ikke sendt" in message
        assert (await client.get("/api/v1/conversations")).json()["conversations"] == []
        preview = (await client.post("/chat/preview", data={"text": "Find sagen for 010170-1234"})).text
        assert "Beskeden kan ikke sendes, fordi den indeholder cpr-nummer" in preview
        await client.post("/language", data={"language": "en"})
        english = await client.post("/chat/messages", data={"text": "Find 010170-1234"},
                                    headers={"Accept": "text/event-stream"})
        assert english.json()["error"]["message"] == (
            "The message was not sent because it contains cpr number. Remove or rephrase it, and send again.")
