"""A chat turn end to end: shield the employee's text, store it, stream the model's answer back restored.

A turn has two steps so that callers can report input errors with a proper status before any streaming:
`submit` (validate, pseudonymise, store the employee's message) and `answer` (stream the model's reply for
the last unanswered message). `prepare_regenerate` readies a conversation for a new answer.

One answer at a time per conversation: `submit` and `prepare_regenerate` take the conversation's lease
(`ConversationBusy` while another tab or replica is answering in it) and hand it to `answer`, which gives
it back once the answer is stored, has failed or was stopped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from functools import partial
from typing import Any

import anyio
from sqlalchemy.exc import SQLAlchemyError

from kkgpt.auth.users import Principal
from kkgpt.chat.documents import DocumentQuestions
from kkgpt.chat.locks import AnswerLease, AnswerLocks, HeldLease
from kkgpt.chat.offload import INLINE_SHIELD_CHARS, off_loop
from kkgpt.chat.prompt import PromptBuilder
from kkgpt.chat.store import (
    ConversationInfo,
    ConversationStore,
    StoredMessage,
    TransactionHook,
    TurnState,
    VaultConflict,
)
from kkgpt.chat.titles import TitleWriter, shown_title
from kkgpt.db.models import new_id
from kkgpt.db.reads import SharedRead
from kkgpt.documents.context import DocumentContext, DocumentMessage, PartsDone, document_parts_notice
from kkgpt.documents.store import DocumentStore
from kkgpt.errors import (
    ConversationBusy,
    InvalidInput,
    KkgptError,
    MessageBlocked,
    ModelError,
    NotFound,
    QuotaExceeded,
)
from kkgpt.guidelines.acceptance import AcceptanceRegistry
from kkgpt.guidelines.loader import Assistant
from kkgpt.llm.base import ModelBackend
from kkgpt.llm.tokens import TokenCounter
from kkgpt.metrics import Metrics
from kkgpt.pii.shield import PiiShield, ShieldResult
from kkgpt.usage.quotas import Quotas
from kkgpt.usage.recorder import UsageRecorder, size_bucket

logger = logging.getLogger(__name__)


# The conversation's lease keeps two turns apart; should a mapping still change meanwhile, a few retries settle it.
_VAULT_ATTEMPTS = 3


@dataclass(frozen=True)
class Submitted:
    """The employee's message, stored, with what the shield did to it (None when answered again).

    `lease` is the conversation's answer lock, held for the turn; pass it on to `ChatService.answer`.
    """

    conversation: ConversationInfo
    message: StoredMessage
    shield: ShieldResult | None
    created: bool
    lease: AnswerLease | None = None
    state: TurnState | None = None  # the conversation as the answer will see it: saves reading it again


@dataclass(frozen=True)
class Delta:
    """A piece of the answer, already restored, safe to show."""

    text: str


@dataclass(frozen=True)
class Completed:
    """The answer finished and is stored."""

    message: StoredMessage


@dataclass(frozen=True)
class Failed:
    """The model failed; the employee's message is kept.

    `message` is the stored error marker, or, when a new answer was asked for and failed, the earlier
    answer, which is kept (`kept` is True).
    """

    error: KkgptError
    message: StoredMessage
    kept: bool = False


@dataclass(frozen=True)
class Titled:
    """After the first answer, the model gave the conversation a title (shielded and restored)."""

    conversation: ConversationInfo


ChatEvent = Delta | Completed | Failed | Titled


@dataclass(frozen=True)
class _TurnUsage:
    """What the usage log needs to know about a turn besides its answer."""

    user: Principal
    task_category: str | None
    question: StoredMessage
    prompt_tokens: int

    @property
    def documents(self) -> list[dict[str, Any]]:
        """The documents sent with the question (format and size only are used)."""
        return self.question.annotations.get("documents", [])


def span_annotations(result: ShieldResult) -> dict[str, Any]:
    """What the UI needs to show masked spans and special-category flags (offsets and types, no values)."""
    return {
        "spans": [
            {
                "type": span.entity_type,
                "start": span.start,
                "end": span.end,
                "model_start": span.model_start,
                "model_end": span.model_end,
                "action": span.action,
            }
            for span in result.spans
        ],
        "special_categories": list(result.special_categories),
    }


def _edited(state: TurnState | None, message_id: int) -> TurnState:
    """`state`, checked that `message_id` is one of the employee's own messages in it (to be edited)."""
    message = next((m for m in state.messages if m.id == message_id), None) if state else None
    if state is None or message is None:
        raise NotFound("Beskeden findes ikke, eller du har ikke adgang til den.")
    if message.role != "user":
        raise InvalidInput("Kun dine egne beskeder kan redigeres.", code="not_editable")
    return state


class ChatService:
    """Runs chat turns for one app; holds no per-conversation state."""

    def __init__(
        self,
        *,
        store: ConversationStore,
        locks: AnswerLocks,
        backend: ModelBackend,
        shield: PiiShield,
        counter: TokenCounter,
        prompts: PromptBuilder,
        acceptance: AcceptanceRegistry,
        usage: UsageRecorder,
        assistants: Callable[[], Mapping[str, Assistant]],
        max_message_chars: int,
        quotas: Quotas | None = None,
        metrics: Metrics | None = None,
        documents: DocumentStore | None = None,
        document_context: DocumentContext | None = None,
    ) -> None:
        self._store = store
        self._locks = locks
        self._backend = backend
        self._shield = shield
        self._counter = counter
        self._prompts = prompts
        self._acceptance = acceptance
        self._usage = usage
        self._assistants = assistants
        self._max_chars = max_message_chars
        self._quotas = quotas
        self._metrics = metrics or Metrics()
        self._titles = TitleWriter(backend, shield, store)
        self._background: set[asyncio.Task] = set()
        self._questions = DocumentQuestions(
            store=documents, prompts=prompts, assistants=assistants,
            context=document_context or DocumentContext(backend=backend, counter=counter, prompts=prompts,
                                                        placeholder_instructions=shield.system_prompt_addendum()))

    def _validate(self, text: str) -> str:
        if not text.strip():
            raise InvalidInput("Beskeden er tom.", code="empty_message")
        if len(text) > self._max_chars:
            raise InvalidInput(
                f"Beskeden er for lang: højst {self._max_chars} tegn.", code="message_too_long",
                detail=f"{len(text)} characters",
            )
        return text

    def _quota_hook(self, user: Principal, *, tokens_checked: bool = False) -> TransactionHook | None:
        """Counting the message against the employee's limits, in the transaction that stores it."""
        if self._quotas is None:
            return None
        quotas = self._quotas

        async def take(session) -> None:
            await quotas.take_message_in(session, user, tokens_checked=tokens_checked)

        return take

    async def _read_turn(self, user: Principal, conversation_id: str | None,
                         reads: SharedRead | None) -> TurnState | None:
        """The conversation (None for a new one) and, in the request's read transaction `reads`, the token
        limits; `reads` is closed then, before the shield runs and the model answers."""
        try:
            state = (await self._store.turn_state(user.id, conversation_id, reads)
                     if conversation_id is not None else None)
            if reads is not None and self._quotas is not None:
                try:
                    await self._quotas.check_tokens(user, reads)
                except QuotaExceeded as exc:
                    await reads.close()
                    await self._refused(user, exc)
                    raise
            return state
        finally:
            if reads is not None:
                await reads.close()

    @staticmethod
    async def _off_loop(work: Callable[[str, Any], ShieldResult], text: str, vault: Any) -> ShieldResult:
        """Shield `text`: on the event loop when it is short, in a worker thread when it is long (`off_loop`)."""
        return await off_loop(work, text, vault, inline_chars=INLINE_SHIELD_CHARS)

    async def _refused(self, user: Principal, exc: QuotaExceeded) -> None:
        """Count a refusal by a limit in the usage log (without text); never fails the refusal itself."""
        self._metrics.quota_refused(exc.limit)
        try:
            await self._usage.record_refusal(user_id=user.id, department=user.department, reason=exc.limit)
        except SQLAlchemyError as error:
            logger.error("quota refusal not recorded: %s", type(error).__name__)

    async def _blocked(self, user: Principal, assistant_key: str | None, reasons) -> None:
        """Count a message the shield blocked in the usage log (the kinds of data, no text)."""
        try:
            await self._usage.record_blocked(user_id=user.id, department=user.department,
                                             task_category=self.task_category(assistant_key), reasons=reasons)
        except SQLAlchemyError as error:
            logger.error("blocked message not recorded: %s", type(error).__name__)

    async def submit(
        self, user: Principal, conversation_id: str | None, text: str, *, assistant_key: str | None = None,
        documents: Sequence[str] = (), edit: int | None = None, reads: SharedRead | None = None,
    ) -> Submitted:
        """Validate, shield and store the employee's message; see `submit_steps`."""
        steps = self.submit_steps(user, conversation_id, text, assistant_key=assistant_key, documents=documents,
                                  edit=edit, reads=reads)
        async with aclosing(steps) as running:
            async for step in running:
                if isinstance(step, Submitted):
                    return step
        raise KkgptError(detail="submit_steps ended without a result")

    async def submit_steps(
        self, user: Principal, conversation_id: str | None, text: str, *, assistant_key: str | None = None,
        documents: Sequence[str] = (), edit: int | None = None, reads: SharedRead | None = None,
    ) -> AsyncIterator[PartsDone | Submitted]:
        """Validate, shield and store the employee's message (creating the conversation if none is given).

        One read (the conversation, its messages and mapping), the shield, then one write transaction that
        takes the conversation's lease, counts the quota and stores the message with the new mapping: while
        an answer is being written in the conversation, `ConversationBusy` is raised and nothing is stored.

        `documents` are ids of the conversation's documents: their shielded text follows the question in what
        the model receives (see `kkgpt.documents.context` for documents longer than the context window;
        a `PartsDone` is yielded after each summary call). The last item is the `Submitted` message.

        With `edit` (the id of an earlier message of the employee's in this conversation), the new text takes
        that message's place: it and everything after it are replaced when the new message is stored.
        `reads` is the request's read transaction (the login session was read in it): the conversation is
        read there too, and it is closed before the shield runs.
        """
        await self._acceptance.require(user.id)
        text = self._validate(text)
        if assistant_key is not None and assistant_key not in self._assistants():
            raise InvalidInput("Den valgte opgavetype findes ikke.", code="unknown_assistant")
        user_id = user.id
        created = conversation_id is None
        state = await self._read_turn(user, conversation_id, reads)
        if edit is not None:
            state = _edited(state, edit)
        docs = await self._questions.named(user_id, conversation_id, documents)
        if docs and self._quotas is not None:
            try:  # a long document costs model calls before its message is stored: no tokens, no calls
                await self._quotas.check_tokens(user)
            except QuotaExceeded as exc:
                await self._refused(user, exc)
                raise
        task = assistant_key or (state.conversation.assistant_key if state else None)
        for attempt in range(_VAULT_ATTEMPTS):
            vault = self._shield.load_vault(state.vault if state else None)
            choices = state.choices if state else None
            protect = partial(self._shield.protect, choices=choices) if choices else self._shield.protect
            result = await self._off_loop(protect, text, vault)
            if attempt == 0:  # a retry shields the same text again: count it once
                self._metrics.message_shielded([s.entity_type for s in result.spans], result.block_reasons)
            if result.blocked:
                await self._blocked(user, assistant_key or (state.conversation.assistant_key if state else None),
                                    result.block_reasons)
                raise MessageBlocked(result.block_message(self._shield.entities),
                                     reasons=tuple(result.block_reasons))
            # A message the model can never read is refused before it is stored.
            sent = DocumentMessage(result.model_text)
            async with aclosing(self._questions.message_steps(result.model_text, docs, task)) as steps:
                async for step in steps:
                    if isinstance(step, PartsDone):
                        yield step
                    else:
                        sent = step
            annotations = span_annotations(result)
            if docs:
                annotations.update(documents=[{"id": d.id, "name": d.name, "format": d.format,
                                               "characters": d.characters, "tokens": d.tokens} for d in docs],
                                   document_strategy=sent.strategy, document_tokens=sent.extra_tokens)
            if state is None:
                conversation = await self._store.create(user_id, assistant_key=assistant_key)
                state = TurnState(conversation, [], None, 0)  # a new conversation is never busy
            lease = AnswerLease(state.conversation.id, new_id())
            hooks = [partial(self._locks.acquire_in, lease=lease),
                     self._quota_hook(user, tokens_checked=reads is not None)]
            try:
                message, conversation = await self._store.append(
                    user_id,
                    state.conversation.id,
                    role="user",
                    content=text,
                    model_content=sent.model_text,
                    token_count=self._counter.count(sent.model_text),
                    annotations=annotations,
                    vault=vault.to_json(),
                    vault_version=state.vault_version,
                    after=state.last_message_id,
                    # Titles show in lists and tabs: redacted values (CPR, card numbers) stay out of them.
                    title=(self._shield.restore(result.model_text, vault) if state.conversation.title is None
                           else None),
                    replace=[m.id for m in state.messages if edit is not None and m.id >= edit],
                    hooks=[hook for hook in hooks if hook is not None],
                )
                break
            except QuotaExceeded as exc:
                await self._refused(user, exc)
                raise
            except VaultConflict:
                # Another tab stored a message first: read again, and shield again with its mapping.
                if attempt == _VAULT_ATTEMPTS - 1:
                    raise ConversationBusy() from None
                state = await self._store.turn_state(user_id, state.conversation.id)
                if edit is not None:
                    state = _edited(state, edit)
        kept = [m for m in state.messages if edit is None or m.id < edit]
        after = TurnState(conversation, [*kept, message], vault.to_json(), state.vault_version + 1)
        yield Submitted(conversation=conversation, message=message, shield=result, created=created, lease=lease,
                        state=after)

    async def prepare_regenerate(self, user: Principal, conversation_id: str,
                                 reads: SharedRead | None = None) -> Submitted:
        """Check that a new answer may be asked for, take the conversation's lease and count the quota.

        Returns the last question, to be answered again; the earlier answer stays until a new one replaces it.
        The conversation is read in `reads` (the request's read transaction), which is closed then.
        """
        await self._acceptance.require(user.id)
        state = await self._read_turn(user, conversation_id, reads)
        assert state is not None
        question = next((m for m in reversed(state.messages) if m.role == "user"), None)
        if question is None:
            raise InvalidInput("Der er ingen besked at svare på.", code="nothing_to_answer")
        lease = AnswerLease(conversation_id, new_id())
        hooks = [partial(self._locks.acquire_in, lease=lease), self._quota_hook(user, tokens_checked=reads is not None)]
        try:  # a busy conversation costs no quota: the lease comes first, and a refusal undoes both
            await self._store.transaction(*[hook for hook in hooks if hook is not None])
        except QuotaExceeded as exc:
            await self._refused(user, exc)
            raise
        return Submitted(conversation=state.conversation, message=question, shield=None, created=False,
                         lease=lease, state=state)

    async def rename(self, user: Principal, conversation_id: str, title: str) -> ConversationInfo:
        """Give a conversation the employee's title, shielded like an automatic one.

        Pseudonymised values (names) come back as written; redacted ones (CPR, card numbers) stay out of the
        title, which shows in lists and tabs. If the policy would block the text, it is scrubbed one way.
        """
        await self._store.get(user.id, conversation_id)  # someone else's conversation costs no shield run
        return await self._store.rename(user.id, conversation_id, await shown_title(self._shield, title))

    def task_category(self, assistant_key: str | None) -> str | None:
        """The usage-log task category of a conversation's assistant (None for a plain chat)."""
        assistant = self._assistants().get(assistant_key) if assistant_key else None
        return assistant.category if assistant else None

    async def answer(
        self, user: Principal, conversation_id: str, *, again: bool = False, lease: AnswerLease | None = None,
        state: TurnState | None = None, deltas: bool = True,
    ) -> AsyncIterator[ChatEvent]:
        """Stream the model's answer to the last message; on stop, the partial answer is stored.

        With `again`, the last message already has an answer (or an error): the new answer replaces it
        once it exists. If the new one fails, or is stopped before any text, the earlier answer stays.
        The turn holds the conversation's `lease` (taken here if none is given) and renews it while the
        answer streams; it is given back with the answer, before the final event, so the next message
        may follow at once. `state` is the conversation as `submit` left it (read here if not given).
        With `deltas=False` (a JSON answer) no `Delta` is yielded and the answer is restored once, at the end.
        """
        if state is None or state.conversation.id != conversation_id:
            state = await self._store.turn_state(user.id, conversation_id)  # someone else's is 404, never busy
        if lease is None:
            lease = await self._locks.acquire(conversation_id)
        held = self._locks.hold(lease)
        try:
            async with aclosing(self._answer(user, state, held, again=again, deltas=deltas)) as events:
                async for event in events:
                    yield event
        finally:
            await held.release()

    async def _answer(
        self, user: Principal, state: TurnState, held: HeldLease, *, again: bool, deltas: bool = True
    ) -> AsyncIterator[ChatEvent]:
        """The turn itself; `answer` holds the conversation's lease around it."""
        conversation, messages = state.conversation, state.messages
        asked = [i for i, m in enumerate(messages) if m.role == "user"]
        previous = messages[asked[-1] + 1:] if asked else []
        if not asked or (previous and not again):
            raise InvalidInput("Der er ingen ubesvaret besked i samtalen.", code="nothing_to_answer")
        keep = next((m for m in reversed(previous) if m.content and m.status in ("complete", "stopped")), None)
        replace = [m.id for m in previous]
        vault = self._shield.load_vault(state.vault)
        prompt = self._prompts.build(messages[: asked[-1] + 1], assistant_key=conversation.assistant_key)
        restorer = self._shield.stream_restorer(vault)
        question = messages[asked[-1]]
        turn = _TurnUsage(user, self.task_category(conversation.assistant_key), question,
                          self._counter.count_prompt(prompt) + question.annotations.get("document_tokens", 0))
        raw: list[str] = []
        # An answer from parts of a document says so first (the model is asked to as well, but may not).
        notice = document_parts_notice(question.annotations.get("document_strategy"))
        shown: list[str] = [notice] if notice else []
        finished = False
        watch = self._metrics.turn_started()
        try:
            if notice and deltas:
                yield Delta(notice)
            chunks = watch.model_chunks(self._backend.stream(prompt, max_tokens=self._prompts.reply_tokens))
            async for chunk in chunks:
                raw.append(chunk)
                if not deltas:
                    continue
                visible = restorer.feed(chunk)
                if visible:
                    shown.append(visible)
                    watch.delta_shown()
                    yield Delta(visible)
            tail = restorer.finish() if deltas else self._shield.restore("".join(raw), vault)
            if tail:
                shown.append(tail)
                if deltas:
                    watch.delta_shown()
                    yield Delta(tail)
            finished = True
            saved = await self._finish(turn, held, conversation.id, raw, shown, status="complete", replace=replace)
            # The first answer's title is made on its own task: it is stored even if the employee leaves now.
            naming = self._in_background(self._titles.name(user.id, conversation, question, "".join(raw), vault)) \
                if len(asked) == 1 else None
            yield Completed(saved)
            titled = await asyncio.shield(naming) if naming is not None else None
            if titled is not None:
                yield Titled(titled)
        except ModelError as exc:
            finished = True
            logger.warning("model error in a chat turn: %s (%s)", exc.code, exc.detail)
            shown.append(restorer.finish() if deltas else self._shield.restore("".join(raw), vault))
            if keep is not None:
                await self._finish(turn, held, conversation.id, raw, shown, status="error", store=False,
                                   error_code=exc.code)
                yield Failed(exc, keep, kept=True)
            else:
                saved = await self._finish(turn, held, conversation.id, raw, shown, status="error",
                                           error_code=exc.code, replace=replace)
                yield Failed(exc, saved)
        finally:
            watch.ended()
            if not finished:
                # The employee pressed stop or went away: keep what was generated so far (if anything).
                shown.append(restorer.finish() if deltas else self._shield.restore("".join(raw), vault))
                with anyio.CancelScope(shield=True):
                    await self._finish(turn, held, conversation.id, raw, shown, status="stopped", replace=replace,
                                       store=bool("".join(shown).strip()) or keep is None)

    def _in_background(self, work: Coroutine[Any, Any, ConversationInfo | None]) -> asyncio.Task:
        """Run `work` on a task of its own, kept until it ends (the event loop holds tasks only weakly)."""
        task = asyncio.get_running_loop().create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    def _turn_hooks(self, turn: _TurnUsage, held: HeldLease, status: str, output_tokens: int,
                    error_code: str | None = None) -> list:
        """What is written with the answer: the usage event, the tokens against the quotas, the lease back."""
        annotations = turn.question.annotations
        usage = partial(
            self._usage.record_turn_in,
            user_id=turn.user.id,
            department=turn.user.department,
            task_category=turn.task_category,
            model=self._backend.name,
            status=status,
            input_tokens=turn.prompt_tokens,
            output_tokens=output_tokens,
            pii_types=[span["type"] for span in annotations.get("spans", [])],
            special_categories=annotations.get("special_categories", []),
            documents=len(turn.documents),
            document_types=[d["format"] for d in turn.documents],
            document_size=size_bucket(sum(d["characters"] for d in turn.documents)) if turn.documents else "",
            error_code=error_code,
        )

        hooks = [usage, held.release_in]
        if self._quotas is not None:
            hooks.append(partial(self._quotas.add_tokens_in, user=turn.user,
                                 tokens=turn.prompt_tokens + output_tokens))
        return hooks

    async def _finish(
        self,
        turn: _TurnUsage,
        held: HeldLease,
        conversation_id: str,
        raw: list[str],
        shown: list[str],
        *,
        status: str,
        error_code: str | None = None,
        replace: list[int] | None = None,
        store: bool = True,
    ) -> StoredMessage | None:
        """End the turn in one transaction: the answer (unless `store` is False), its usage event, its tokens
        counted against the quotas, and the lease given back."""
        model_text = "".join(raw)
        tokens = self._counter.count(model_text)
        hooks = self._turn_hooks(turn, held, status, tokens, error_code)
        if not store:
            await self._store.transaction(*hooks)
            held.released()
            return None
        saved, _ = await self._store.append(
            turn.user.id,
            conversation_id,
            role="assistant",
            content="".join(shown),
            model_content=model_text,
            token_count=tokens,
            status=status,
            model=self._backend.name,
            error_code=error_code,
            replace=replace or (),
            hooks=hooks,
        )
        held.released()
        return saved
