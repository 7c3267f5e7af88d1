"""Editing at the service level: the model reads the conversation as it is after the edit, nothing replaced."""

from __future__ import annotations

import pytest

from kkgpt.auth.users import Principal
from kkgpt.chat.service import Completed
from kkgpt.services import Services
from tests.fakes import ScriptedBackend


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend(["Svar et"], ["Svar to"], ["Nyt svar"])


async def _user(services: Services) -> Principal:
    user = await services.users.upsert(subject="dev:Test", display_name="Test", department="IT", role="employee")
    await services.acceptance.accept(user.id, services.acceptance.current_version)
    return user


async def _turn(services: Services, user: Principal, conversation: str | None, text: str,
                edit: int | None = None) -> list:
    submitted = await services.chat.submit(user, conversation, text, edit=edit)
    return [e async for e in services.chat.answer(user, submitted.conversation.id, lease=submitted.lease,
                                                   state=submitted.state)]


@pytest.mark.parametrize(("edited", "history"), [(0, []), (2, ["Første spørgsmål", "Svar et"])])
async def test_the_model_reads_only_what_comes_before_the_edited_message(
    services: Services, backend: ScriptedBackend, edited: int, history: list[str]
) -> None:
    user = await _user(services)
    first = await _turn(services, user, None, "Første spørgsmål")
    cid = (await services.conversations.list(user.id))[0].id
    await _turn(services, user, cid, "Andet spørgsmål")
    messages = await services.conversations.messages(user.id, cid)
    events = await _turn(services, user, cid, "Rettet spørgsmål", edit=messages[edited].id)
    assert isinstance(first[-1], Completed) and isinstance(events[-1], Completed)
    assert [m.content for m in backend.prompts[-1][1:]] == [*history, "Rettet spørgsmål"]
    stored = await services.conversations.messages(user.id, cid)
    assert [m.content for m in stored] == [*history, "Rettet spørgsmål", "Nyt svar"]
