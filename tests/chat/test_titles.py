"""Titles the model writes after the first answer: shielded both ways, never a CPR number, never a failed turn."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from kkgpt.auth.users import Principal
from kkgpt.chat.service import Completed, Titled
from kkgpt.chat.titles import clean_title
from kkgpt.errors import ModelUnavailable
from kkgpt.llm.mock import MockBackend
from kkgpt.services import Services
from tests.conftest import login
from tests.fakes import RecordingBackend, ScriptedBackend


async def _user(services: Services) -> Principal:
    user = await services.users.upsert(subject="dev:Test", display_name="Test", department="IT", role="employee")
    await services.acceptance.accept(user.id, services.acceptance.current_version)
    return user


async def _turn(services: Services, user: Principal, text: str, conversation: str | None = None) -> list:
    submitted = await services.chat.submit(user, conversation, text)
    return [e async for e in services.chat.answer(user, submitted.conversation.id, lease=submitted.lease,
                                                   state=submitted.state)]


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Brev til borger om boligstøtte", "Brev til borger om boligstøtte"),
        ('**Titel: "Brev om boligstøtte".**\n\nHer er en forklaring', "Brev om boligstøtte"),
        ("# Mødereferat\n", "Mødereferat"),
        ("\n\n", ""),
        ("Her er en meget lang tekst som slet ikke er en titel men et helt afsnit om alt muligt", ""),
    ],
)
def test_a_models_reply_is_cleaned_to_a_title(raw: str, title: str) -> None:
    assert clean_title(raw) == title


@pytest.fixture
def backend() -> RecordingBackend:
    return RecordingBackend(MockBackend(delay_seconds=0))


async def test_the_mock_names_the_conversation_from_placeholders_only(services: Services, backend) -> None:
    user = await _user(services)
    events = await _turn(services, user, "Skriv et kort svar til Jens Hansen om hans ansøgning. CPR 010170-1234.")
    assert isinstance(events[-2], Completed) and isinstance(events[-1], Titled)
    assert events[-1].conversation.title == "Skriv et kort svar til Jens Hansen"
    [prompt] = backend.title_prompts
    sent = "\n".join(m.content for m in prompt)
    assert "<PERSON_1>" in sent and "Jens Hansen" not in sent and "010170-1234" not in sent
    stored = await services.conversations.get(user.id, events[-1].conversation.id)
    assert stored.title == "Skriv et kort svar til Jens Hansen"


async def test_only_the_first_answer_names_the_conversation(services: Services, backend) -> None:
    user = await _user(services)
    first = await _turn(services, user, "Referat af mødet i går. Skriv det kort.")
    assert first[-1].conversation.title == "Referat af mødet i går"
    second = await _turn(services, user, "Gør det kortere", first[-1].conversation.id)
    assert isinstance(second[-1], Completed)
    assert len(backend.title_prompts) == 1


async def test_a_title_never_shows_a_cpr_number_even_one_the_model_wrote(settings, start_app) -> None:
    backend = ScriptedBackend(["Her er brevet."], title="Sag om <PERSON_1>, cpr 010170-1234")
    async with start_app(settings, backend=backend) as (_, client):
        await login(client)
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        reply = await client.post(f"/api/v1/conversations/{cid}/messages",
                                  json={"text": "Skriv til Jens Hansen, cpr 010170-1234"})
        assert reply.status_code == 200
        title = (await client.get(f"/api/v1/conversations/{cid}")).json()["title"]
        assert reply.json()["title"] == title
    assert title.startswith("Sag om Jens Hansen") and "010170-1234" not in title and "0101701234" not in title
    assert all("010170-1234" not in m.content and "Jens Hansen" not in m.content for m in backend.title_prompts[0])


async def test_a_failing_model_keeps_the_first_messages_title_and_the_answer(settings, start_app) -> None:
    backend = ScriptedBackend(["Et svar."], title=ModelUnavailable(detail="test"))
    async with start_app(settings, backend=backend) as (_, client):
        await login(client)
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        reply = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hvad er en pivottabel?"})
        assert reply.status_code == 200 and reply.json()["reply"] == "Et svar."
        assert (await client.get(f"/api/v1/conversations/{cid}")).json()["title"] == "Hvad er en pivottabel?"
    assert len(backend.title_prompts) == 1


async def test_a_renamed_conversation_keeps_the_employees_title(services: Services, backend) -> None:
    user = await _user(services)
    submitted = await services.chat.submit(user, None, "Referat af mødet")
    await services.chat.rename(user, submitted.conversation.id, "Mit eget navn")
    events = [e async for e in services.chat.answer(user, submitted.conversation.id, lease=submitted.lease)]
    assert isinstance(events[-1], Completed)
    assert (await services.conversations.get(user.id, submitted.conversation.id)).title == "Mit eget navn"


async def test_the_stream_sends_the_title_after_done(user_client: httpx.AsyncClient) -> None:
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    response = await user_client.post(f"/api/v1/conversations/{cid}/messages",
                                      json={"text": "hvordan skriver jeg en god indkaldelse? Tak"},
                                      headers={"Accept": "text/event-stream"})
    kinds = [line.split(": ", 1)[1] for line in response.text.splitlines() if line.startswith("event: ")]
    assert kinds[-2:] == ["done", "title"]
    assert '"title": "Hvordan skriver jeg en god indkaldelse?"' in response.text


async def test_the_title_is_stored_when_the_employee_leaves_at_once(services: Services, backend) -> None:
    user = await _user(services)
    submitted = await services.chat.submit(user, None, "Referat af mødet i går. Skriv det kort.")
    events = services.chat.answer(user, submitted.conversation.id, lease=submitted.lease, state=submitted.state)
    async for event in events:
        if isinstance(event, Completed):
            break
    await events.aclose()  # the page went away right after the answer
    await asyncio.gather(*services.chat._background)  # the title's own task, if it is still at work
    assert (await services.conversations.get(user.id, submitted.conversation.id)).title == "Referat af mødet i går"
