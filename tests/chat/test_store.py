"""Storing a message: only in the employee's own conversation, never over a newer mapping or message."""

from __future__ import annotations

import pytest

from kkgpt.chat.store import VaultConflict
from kkgpt.errors import NotFound
from kkgpt.services import Services


async def _user(services: Services, name: str) -> str:
    return (await services.users.upsert(subject=f"dev:{name}", display_name=name, department="",
                                        role="employee")).id


async def _question(services: Services, user_id: str, conversation_id: str, text: str, **fields):
    return await services.conversations.append(user_id, conversation_id, role="user", content=text,
                                               model_content=text, token_count=1, **fields)


async def test_a_message_after_one_stored_meanwhile_is_refused(services: Services) -> None:
    owner = await _user(services, "Ejer")
    conversation = await services.conversations.create(owner)
    first, _ = await _question(services, owner, conversation.id, "et", after=None)
    state = await services.conversations.turn_state(owner, conversation.id)
    await services.conversations.add_message(owner, conversation.id, role="assistant", content="svar",
                                             model_content="svar", token_count=1)  # another tab's answer
    with pytest.raises(VaultConflict):
        await _question(services, owner, conversation.id, "to", after=state.last_message_id)
    messages = await services.conversations.messages(owner, conversation.id)
    assert [m.content for m in messages] == ["et", "svar"], "nothing stored by the refused message"
    assert state.last_message_id == first.id


async def test_a_mapping_is_never_saved_over_a_newer_one(services: Services) -> None:
    owner = await _user(services, "Ejer")
    conversation = await services.conversations.create(owner)
    await _question(services, owner, conversation.id, "et", vault='{"a": 1}', vault_version=0)
    with pytest.raises(VaultConflict):  # read at version 0 by another tab, saved after version 1 exists
        await _question(services, owner, conversation.id, "to", vault='{"b": 2}', vault_version=0)
    assert await services.conversations.vault(owner, conversation.id) == ('{"a": 1}', 1)


async def test_another_employees_conversation_is_not_found_and_untouched(services: Services) -> None:
    owner, other = await _user(services, "Ejer"), await _user(services, "Anden")
    conversation = await services.conversations.create(owner)
    with pytest.raises(NotFound):
        await _question(services, other, conversation.id, "hej")
    with pytest.raises(VaultConflict):  # with a mapping, a refusal reads again (and then finds nothing)
        await _question(services, other, conversation.id, "hej", vault="{}", vault_version=0)
    assert await services.conversations.messages(owner, conversation.id) == []
    assert (await services.conversations.get(owner, conversation.id)).title is None


async def test_the_first_message_titles_the_conversation_and_a_title_is_kept(services: Services) -> None:
    owner = await _user(services, "Ejer")
    conversation = await services.conversations.create(owner)
    _, info = await _question(services, owner, conversation.id, "Første", title="Første spørgsmål")
    assert info.title == "Første spørgsmål"
    await services.conversations.rename(owner, conversation.id, "Mit navn")
    _, info = await _question(services, owner, conversation.id, "Anden", title="Anden linje")
    assert info.title == "Mit navn"
    assert (await services.conversations.get(owner, conversation.id)).title == "Mit navn"


@pytest.mark.postgres
async def test_the_checks_hold_on_postgresql(postgres_url: str, settings, pii, counter, backend) -> None:
    """The same statement on PostgreSQL: a stale newest message and a stale mapping are refused."""
    from kkgpt.services import build_services

    services = await build_services(settings.model_copy(update={"database_url": postgres_url}), shield=pii,
                                    counter=counter, backend=backend)
    try:
        assert services.engine.dialect.name == "postgresql"
        await test_a_message_after_one_stored_meanwhile_is_refused(services)
        await test_a_mapping_is_never_saved_over_a_newer_one(services)
        await test_another_employees_conversation_is_not_found_and_untouched(services)
    finally:
        await services.aclose()
