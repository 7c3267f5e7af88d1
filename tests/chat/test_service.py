"""A chat turn end to end at the service level: shielded in, streamed and restored out, failures kept."""

from __future__ import annotations

import asyncio

import pytest

from kkgpt.auth.users import Principal
from kkgpt.chat.locks import AnswerLease, AnswerLocks
from kkgpt.chat.service import Completed, Delta, Failed
from kkgpt.errors import ConversationBusy, InvalidInput, ModelUnavailable, NotFound
from kkgpt.services import Services
from tests.fakes import ScriptedBackend


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


async def _user(services: Services, name: str = "Test Testesen") -> Principal:
    user = await services.users.upsert(subject=f"dev:{name}", display_name=name, department="IT", role="employee")
    await services.acceptance.accept(user.id, services.acceptance.current_version)
    return user


async def _answer(services: Services, user: Principal, conversation: str, *, again: bool = False,
                  lease: AnswerLease | None = None) -> list:
    return [event async for event in services.chat.answer(user, conversation, again=again, lease=lease)]


async def test_the_model_sees_placeholders_and_the_employee_sees_names(services: Services, backend) -> None:
    user = await _user(services)
    submitted = await services.chat.submit(user, None, "Skriv et brev til Jens Hansen, CPR 010170-1234.")
    assert submitted.created
    model_text = submitted.message.model_content
    assert "Jens Hansen" not in model_text and "010170-1234" not in model_text
    person = next(s.placeholder for s in submitted.shield.spans if s.entity_type == "PERSON")
    assert person in model_text

    # The model answers with the placeholder split across chunks, as real models do.
    backend._answers.append(["Kære ", person[:3], person[3:], ",\nTak for dit brev."])
    events = await _answer(services, user, submitted.conversation.id, lease=submitted.lease)
    shown = "".join(e.text for e in events if isinstance(e, Delta))
    assert shown == "Kære Jens Hansen,\nTak for dit brev."
    completed = events[-1]
    assert isinstance(completed, Completed)
    assert completed.message.content == shown
    assert completed.message.model_content == f"Kære {person},\nTak for dit brev."
    assert completed.message.token_count == services.counter.count(completed.message.model_content)

    sent = backend.prompts[-1]
    assert sent[0].role == "system" and "<PERSON_1>" in sent[0].content  # placeholder instructions
    assert sent[-1].content == model_text
    assert all("Jens Hansen" not in m.content for m in sent)


async def test_the_same_person_keeps_the_same_placeholder_across_turns(services: Services, backend) -> None:
    user = await _user(services)
    first = await services.chat.submit(user, None, "Skriv til Jens Hansen om mødet.")
    await _answer(services, user, first.conversation.id, lease=first.lease)
    second = await services.chat.submit(user, first.conversation.id, "Husk at jens hansen er ny borger.")
    placeholder = [s.placeholder for s in first.shield.spans if s.entity_type == "PERSON"]
    again = [s.placeholder for s in second.shield.spans if s.entity_type == "PERSON"]
    assert placeholder and placeholder == again
    await _answer(services, user, first.conversation.id, lease=second.lease)
    history = backend.prompts[-1]
    assert [m.role for m in history] == ["system", "user", "assistant", "user"]


async def test_a_model_failure_keeps_the_message_and_retry_answers_it(services: Services, backend) -> None:
    user = await _user(services)
    backend._answers += [ModelUnavailable(detail="test"), ["Nu virker det."]]
    submitted = await services.chat.submit(user, None, "Hvad er reglerne for barsel?")
    events = await _answer(services, user, submitted.conversation.id, lease=submitted.lease)
    assert isinstance(events[-1], Failed) and events[-1].error.code == "model_unavailable"
    stored = await services.conversations.messages(user.id, submitted.conversation.id)
    assert [(m.role, m.status) for m in stored] == [("user", "complete"), ("assistant", "error")]
    assert stored[0].content == "Hvad er reglerne for barsel?"

    again = await services.chat.prepare_regenerate(user, submitted.conversation.id)
    events = await _answer(services, user, submitted.conversation.id, again=True, lease=again.lease)
    assert isinstance(events[-1], Completed)
    stored = await services.conversations.messages(user.id, submitted.conversation.id)
    assert [(m.role, m.status, m.content) for m in stored] == [
        ("user", "complete", "Hvad er reglerne for barsel?"), ("assistant", "complete", "Nu virker det.")]
    # The failed attempt is not history for the model.
    assert [m.role for m in backend.prompts[-1]] == ["system", "user"]


async def test_stopping_keeps_the_partial_answer(services: Services, backend) -> None:
    user = await _user(services)
    backend._answers.append(["Første del. ", "Anden del."])
    backend.gate = asyncio.Event()  # never set: the stream hangs after its first chunk
    submitted = await services.chat.submit(user, None, "Skriv en lang tekst.")
    stream = services.chat.answer(user, submitted.conversation.id, lease=submitted.lease)
    first = await anext(stream)
    assert first == Delta("Første del. ")
    await stream.aclose()  # what the web layer does when the browser disconnects
    stored = await services.conversations.messages(user.id, submitted.conversation.id)
    assert [(m.role, m.status, m.content) for m in stored][-1] == ("assistant", "stopped", "Første del. ")


@pytest.mark.parametrize(("text", "code"), [("", "empty_message"), ("   \n ", "empty_message")])
async def test_empty_messages_are_refused(services: Services, text: str, code: str) -> None:
    user = await _user(services)
    with pytest.raises(InvalidInput) as caught:
        await services.chat.submit(user, None, text)
    assert caught.value.code == code
    assert await services.conversations.list(user.id) == [], "nothing is created for a refused message"


async def test_too_long_messages_are_refused(services: Services) -> None:
    user = await _user(services)
    with pytest.raises(InvalidInput) as caught:
        await services.chat.submit(user, None, "x" * (services.settings.max_message_chars + 1))
    assert caught.value.code == "message_too_long"


async def test_other_users_cannot_post_into_a_conversation(services: Services) -> None:
    owner, other = await _user(services, "Ejer"), await _user(services, "Anden")
    submitted = await services.chat.submit(owner, None, "Hej")
    with pytest.raises(NotFound):
        await services.chat.submit(other, submitted.conversation.id, "Hej igen")
    with pytest.raises(NotFound):
        await _answer(services, other, submitted.conversation.id)


async def test_answer_without_an_unanswered_message_is_refused(services: Services, backend) -> None:
    user = await _user(services)
    submitted = await services.chat.submit(user, None, "Hej")
    await _answer(services, user, submitted.conversation.id, lease=submitted.lease)
    with pytest.raises(InvalidInput):
        await _answer(services, user, submitted.conversation.id)


async def test_two_tabs_at_once_never_give_one_placeholder_two_meanings(services: Services, backend,
                                                                        monkeypatch) -> None:
    """The conversation lease keeps tabs apart; should it lapse (a replica paused for longer than the lease),
    the mapping's version still makes the tab that saves second shield its message again."""
    import threading

    class LapsedLocks(AnswerLocks):
        async def acquire_in(self, session, lease) -> None:
            """Every lease has lapsed by the time another tab asks: nothing keeps the tabs apart."""

    monkeypatch.setattr(services.chat, "_locks", LapsedLocks(services.sessions, lease_seconds=60))
    # Both tabs shield at the same time, in worker threads (short prompts are otherwise shielded on the loop).
    monkeypatch.setattr("kkgpt.chat.service.INLINE_SHIELD_CHARS", 0)
    user = await _user(services)
    first = await services.chat.submit(user, None, "Start")
    both_read = threading.Barrier(2, timeout=10)
    original = services.shield.protect
    calls = []

    def racing_protect(text, vault):
        calls.append(text)
        if len(calls) <= 2:
            both_read.wait()  # both tabs have read the same mapping before either saves
        return original(text, vault)

    services.shield.protect = racing_protect
    try:
        one, two = await asyncio.gather(
            services.chat.submit(user, first.conversation.id, "Skriv til Jens Hansen"),
            services.chat.submit(user, first.conversation.id, "Skriv til Maja Lindholm"),
        )
    finally:
        del services.shield.protect
    assert len(calls) == 3, "the tab that lost the race shielded its message again"
    placeholders = {one.message.model_content.split("til ")[1], two.message.model_content.split("til ")[1]}
    assert placeholders == {"<PERSON_1>", "<PERSON_2>"}
    backend._answers.append(["Hej <PERSON_1> og <PERSON_2>"])
    events = [e async for e in services.chat.answer(user, first.conversation.id, again=True)]
    assert events[-1].message.content in ("Hej Jens Hansen og Maja Lindholm", "Hej Maja Lindholm og Jens Hansen")


async def test_titles_keep_names_but_never_redacted_numbers(services: Services) -> None:
    user = await _user(services)
    submitted = await services.chat.submit(user, None, "Skriv til Jens Hansen, cpr 010170-1234, om mødet")
    assert submitted.conversation.title == "Skriv til Jens Hansen, cpr <CPR>, om mødet"


async def test_a_failed_new_answer_keeps_the_earlier_one(services: Services, backend) -> None:
    user = await _user(services)
    backend._answers += [["Et godt, langt svar."], ModelUnavailable(detail="test"), ["Et nyt svar."]]
    submitted = await services.chat.submit(user, None, "Skriv et referat")
    await _answer(services, user, submitted.conversation.id, lease=submitted.lease)
    again = await services.chat.prepare_regenerate(user, submitted.conversation.id)
    events = await _answer(services, user, submitted.conversation.id, again=True, lease=again.lease)
    assert isinstance(events[-1], Failed) and events[-1].kept
    assert events[-1].message.content == "Et godt, langt svar."
    stored = await services.conversations.messages(user.id, submitted.conversation.id)
    assert [(m.role, m.status, m.content) for m in stored][-1] == ("assistant", "complete", "Et godt, langt svar.")
    events = await _answer(services, user, submitted.conversation.id, again=True)
    stored = await services.conversations.messages(user.id, submitted.conversation.id)
    assert [(m.role, m.content) for m in stored] == [("user", "Skriv et referat"), ("assistant", "Et nyt svar.")]


async def test_stopping_a_new_answer_before_any_text_keeps_the_earlier_one(services: Services, backend) -> None:
    user = await _user(services)
    backend._answers += [["Første svar."], [" ", "aldrig vist"]]
    submitted = await services.chat.submit(user, None, "Spørgsmål")
    await _answer(services, user, submitted.conversation.id, lease=submitted.lease)
    backend.gate = asyncio.Event()  # the new answer hangs after a chunk of whitespace
    stream = services.chat.answer(user, submitted.conversation.id, again=True)
    assert await anext(stream) == Delta(" ")
    await stream.aclose()
    stored = await services.conversations.messages(user.id, submitted.conversation.id)
    assert [(m.role, m.content) for m in stored] == [("user", "Spørgsmål"), ("assistant", "Første svar.")]



@pytest.mark.parametrize("second", [["Andet svar."], ModelUnavailable(detail="test")], ids=["answer", "error"])
async def test_a_new_answer_replaces_only_the_answer_to_the_last_question(services: Services, backend,
                                                                          second) -> None:
    user = await _user(services)
    backend._answers += [["Første svar."], second, ["Nyt andet svar."]]
    first = await services.chat.submit(user, None, "Første spørgsmål")
    await _answer(services, user, first.conversation.id, lease=first.lease)
    asked = await services.chat.submit(user, first.conversation.id, "Andet spørgsmål")
    await _answer(services, user, first.conversation.id, lease=asked.lease)
    before = await services.conversations.messages(user.id, first.conversation.id)

    again = await services.chat.prepare_regenerate(user, first.conversation.id)
    assert again.message.id == asked.message.id, "the last question is the one answered again"
    events = await _answer(services, user, first.conversation.id, again=True, lease=again.lease)
    assert isinstance(events[-1], Completed)
    after = await services.conversations.messages(user.id, first.conversation.id)
    assert after[:3] == before[:3], "the first question, its answer and the last question are untouched"
    assert [(m.role, m.status, m.content) for m in after[3:]] == [("assistant", "complete", "Nyt andet svar.")]
    # The model saw the first answer as history, not the replaced one.
    assert [m.content for m in backend.prompts[-1][1:]] == [
        before[0].model_content, "Første svar.", before[2].model_content]


async def test_a_second_turn_is_refused_while_an_answer_streams_and_nothing_is_stored(
    services: Services, backend
) -> None:
    user = await _user(services)
    backend._answers += [["Første del. ", "Anden del."], ["Næste svar."]]
    backend.gate = asyncio.Event()
    submitted = await services.chat.submit(user, None, "Skriv en lang tekst.")
    stream = services.chat.answer(user, submitted.conversation.id, lease=submitted.lease)
    assert await anext(stream) == Delta("Første del. ")
    cid = submitted.conversation.id
    with pytest.raises(ConversationBusy) as caught:
        await services.chat.submit(user, cid, "Og en til")
    assert caught.value.code == "conversation_busy"
    with pytest.raises(ConversationBusy):
        await services.chat.prepare_regenerate(user, cid)
    with pytest.raises(ConversationBusy):
        await _answer(services, user, cid, again=True)
    assert [m.content for m in await services.conversations.messages(user.id, cid)] == ["Skriv en lang tekst."]

    backend.gate.set()
    assert [type(e) async for e in stream] == [Delta, Completed]
    # The lease was given back with the answer: the next message goes through.
    backend.gate = None
    after = await services.chat.submit(user, cid, "Og en til")
    events = await _answer(services, user, cid, lease=after.lease)
    assert events[-1].message.content == "Næste svar."


async def test_a_stopped_or_failed_answer_frees_the_conversation(services: Services, backend) -> None:
    user = await _user(services)
    backend._answers += [["Første del. ", "Anden del."], ModelUnavailable(detail="test"), ["Svar."]]
    backend.gate = asyncio.Event()  # never set
    submitted = await services.chat.submit(user, None, "Skriv en lang tekst.")
    cid = submitted.conversation.id
    stream = services.chat.answer(user, cid, lease=submitted.lease)
    await anext(stream)
    await stream.aclose()  # stop
    failing = await services.chat.submit(user, cid, "Prøv igen")
    assert isinstance((await _answer(services, user, cid, lease=failing.lease))[-1], Failed)
    last = await services.chat.submit(user, cid, "Og igen")
    assert isinstance((await _answer(services, user, cid, lease=last.lease))[-1], Completed)


async def test_a_failure_while_storing_the_message_frees_the_conversation(services: Services, backend,
                                                                          monkeypatch) -> None:
    user = await _user(services)
    first = await services.chat.submit(user, None, "Hej")
    await _answer(services, user, first.conversation.id, lease=first.lease)

    def broken(text, vault):
        raise RuntimeError("the shield broke")

    monkeypatch.setattr(services.shield, "protect", broken)
    with pytest.raises(RuntimeError):
        await services.chat.submit(user, first.conversation.id, "Hej igen")
    monkeypatch.undo()
    again = await services.chat.submit(user, first.conversation.id, "Hej igen")
    assert again.lease is not None


async def test_a_json_answer_is_restored_once_at_the_end_without_deltas(services: Services, backend) -> None:
    user = await _user(services)
    backend._answers.append(["Kære <PER", "SON_1>, tak for ", "din ansøgning."])
    submitted = await services.chat.submit(user, None, "Skriv til Jens Hansen om ansøgningen")
    events = [e async for e in services.chat.answer(user, submitted.conversation.id, lease=submitted.lease,
                                                    state=submitted.state, deltas=False)]
    assert [type(e) for e in events] == [Completed], "no deltas for a JSON answer"
    assert events[0].message.content == "Kære Jens Hansen, tak for din ansøgning."
    assert events[0].message.model_content == "Kære <PERSON_1>, tak for din ansøgning."
