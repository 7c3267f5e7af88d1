"""A chat turn end to end: shield the employee's text, store it, stream the model's answer back restored.

A turn has two steps so that callers can report input errors with a proper status before any streaming:
`submit` (validate, pseudonymise, store the employee's message) and `answer` (stream the model's reply for
the last unanswered message). `prepare_regenerate` readies a conversation for a new answer.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import anyio
from sqlalchemy.exc import SQLAlchemyError

from kkgpt.auth.users import Principal
from kkgpt.chat.prompt import PromptBuilder
from kkgpt.chat.store import ConversationInfo, ConversationStore, StoredMessage, VaultConflict, title_from
from kkgpt.errors import ConversationBusy, InvalidInput, KkgptError, MessageBlocked, ModelError, QuotaExceeded
from kkgpt.guidelines.acceptance import AcceptanceRegistry
from kkgpt.guidelines.loader import Assistant
from kkgpt.llm.base import ModelBackend
from kkgpt.llm.tokens import TokenCounter
from kkgpt.metrics import Metrics
from kkgpt.pii.shield import PiiShield, ShieldResult
from kkgpt.usage.quotas import Quotas
from kkgpt.usage.recorder import UsageRecorder

logger = logging.getLogger(__name__)

# Concurrent messages in one conversation are rare (two tabs); a few retries settle them.
_VAULT_ATTEMPTS = 3


@dataclass(frozen=True)
class Submitted:
    """The employee's message, stored, with what the shield did to it (None when answered again)."""

    conversation: ConversationInfo
    message: StoredMessage
    shield: ShieldResult | None
    created: bool


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


ChatEvent = Delta | Completed | Failed


@dataclass(frozen=True)
class _TurnUsage:
    """What the usage log needs to know about a turn besides its answer."""

    user: Principal
    task_category: str | None
    question: StoredMessage
    prompt_tokens: int


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


class ChatService:
    """Runs chat turns for one app; holds no per-conversation state."""

    def __init__(
        self,
        *,
        store: ConversationStore,
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
    ) -> None:
        self._store = store
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

    def _validate(self, text: str) -> str:
        if not text.strip():
            raise InvalidInput("Beskeden er tom.", code="empty_message")
        if len(text) > self._max_chars:
            raise InvalidInput(
                f"Beskeden er for lang: højst {self._max_chars} tegn.", code="message_too_long",
                detail=f"{len(text)} characters",
            )
        return text

    async def _take_quota(self, user: Principal) -> None:
        """Count a message against the employee's limits, or refuse it (and count the refusal, without text)."""
        if self._quotas is None:
            return
        try:
            await self._quotas.take_message(user)
        except QuotaExceeded as exc:
            self._metrics.quota_refused(exc.limit)
            try:
                await self._usage.record_refusal(user_id=user.id, department=user.department, reason=exc.limit)
            except SQLAlchemyError as error:
                logger.error("quota refusal not recorded: %s", type(error).__name__)
            raise

    async def submit(
        self, user: Principal, conversation_id: str | None, text: str, *, assistant_key: str | None = None
    ) -> Submitted:
        """Validate, shield and store the employee's message (creating the conversation if none is given)."""
        await self._acceptance.require(user.id)
        text = self._validate(text)
        if assistant_key is not None and assistant_key not in self._assistants():
            raise InvalidInput("Den valgte opgavetype findes ikke.", code="unknown_assistant")
        user_id = user.id
        created = conversation_id is None
        if conversation_id is not None:
            await self._store.get(user_id, conversation_id)
        await self._take_quota(user)
        for attempt in range(_VAULT_ATTEMPTS):
            stored, version = (None, 0)
            if conversation_id is not None:
                stored, version = await self._store.vault(user_id, conversation_id)
            vault = self._shield.load_vault(stored)
            result = await anyio.to_thread.run_sync(self._shield.protect, text, vault)
            if attempt == 0:  # a retry shields the same text again: count it once
                self._metrics.message_shielded([s.entity_type for s in result.spans], result.block_reasons)
            if result.blocked:
                raise MessageBlocked(result.block_message(self._shield.entities),
                                     reasons=tuple(result.block_reasons))
            # A message the model can never read is refused before it is stored.
            self._prompts.check_fits(result.model_text, assistant_key=assistant_key)
            if conversation_id is None:
                conversation_id = (await self._store.create(user_id, assistant_key=assistant_key)).id
            try:
                message = await self._store.add_message(
                    user_id,
                    conversation_id,
                    role="user",
                    content=text,
                    model_content=result.model_text,
                    token_count=self._counter.count(result.model_text),
                    annotations=span_annotations(result),
                    vault=vault.to_json(),
                    vault_version=version,
                    # Titles show in lists and tabs: redacted values (CPR, card numbers) stay out of them.
                    title=self._shield.restore(result.model_text, vault),
                )
                break
            except VaultConflict:
                # Another tab's message took placeholder numbers first: shield again with its mapping.
                if attempt == _VAULT_ATTEMPTS - 1:
                    raise ConversationBusy() from None
        conversation = await self._store.get(user_id, conversation_id)
        return Submitted(conversation=conversation, message=message, shield=result, created=created)

    async def prepare_regenerate(self, user: Principal, conversation_id: str) -> None:
        """Check that a new answer may be asked for; the earlier one stays until a new one replaces it."""
        await self._acceptance.require(user.id)
        messages = await self._store.messages(user.id, conversation_id)
        if not any(m.role == "user" for m in messages):
            raise InvalidInput("Der er ingen besked at svare på.", code="nothing_to_answer")
        await self._take_quota(user)

    async def rename(self, user: Principal, conversation_id: str, title: str) -> ConversationInfo:
        """Give a conversation the employee's title, shielded like an automatic one.

        Pseudonymised values (names) come back as written; redacted ones (CPR, card numbers) stay out of the
        title, which shows in lists and tabs. If the policy would block the text, it is scrubbed one way.
        """
        await self._store.get(user.id, conversation_id)  # someone else's conversation costs no shield run
        vault = self._shield.load_vault(None)
        result = await anyio.to_thread.run_sync(self._shield.protect, title, vault)
        if result.blocked:
            shielded = await anyio.to_thread.run_sync(self._shield.scrub, title)
        else:
            shielded = self._shield.restore(result.model_text, vault)
        return await self._store.rename(user.id, conversation_id, title_from(shielded))

    def task_category(self, assistant_key: str | None) -> str | None:
        """The usage-log task category of a conversation's assistant (None for a plain chat)."""
        assistant = self._assistants().get(assistant_key) if assistant_key else None
        return assistant.category if assistant else None

    async def answer(self, user: Principal, conversation_id: str, *, again: bool = False) -> AsyncIterator[ChatEvent]:
        """Stream the model's answer to the last message; on stop, the partial answer is stored.

        With `again`, the last message already has an answer (or an error): the new answer replaces it
        once it exists. If the new one fails, or is stopped before any text, the earlier answer stays.
        """
        user_id = user.id
        conversation = await self._store.get(user_id, conversation_id)
        messages = await self._store.messages(user_id, conversation_id)
        asked = [i for i, m in enumerate(messages) if m.role == "user"]
        previous = messages[asked[-1] + 1:] if asked else []
        if not asked or (previous and not again):
            raise InvalidInput("Der er ingen ubesvaret besked i samtalen.", code="nothing_to_answer")
        keep = next((m for m in reversed(previous) if m.content and m.status in ("complete", "stopped")), None)
        replace = [m.id for m in previous]
        vault = self._shield.load_vault((await self._store.vault(user_id, conversation_id))[0])
        prompt = self._prompts.build(messages[: asked[-1] + 1], assistant_key=conversation.assistant_key)
        restorer = self._shield.stream_restorer(vault)
        turn = _TurnUsage(user, self.task_category(conversation.assistant_key), messages[asked[-1]],
                          self._counter.count_prompt(prompt))
        raw: list[str] = []
        shown: list[str] = []
        finished = False
        watch = self._metrics.turn_started()
        try:
            chunks = watch.model_chunks(self._backend.stream(prompt, max_tokens=self._prompts.reply_tokens))
            async for chunk in chunks:
                raw.append(chunk)
                visible = restorer.feed(chunk)
                if visible:
                    shown.append(visible)
                    watch.delta_shown()
                    yield Delta(visible)
            tail = restorer.finish()
            if tail:
                shown.append(tail)
                watch.delta_shown()
                yield Delta(tail)
            finished = True
            saved = await self._save(user_id, conversation_id, raw, shown, status="complete", replace=replace)
            await self._record(turn, "complete", saved.token_count)
            yield Completed(saved)
        except ModelError as exc:
            finished = True
            logger.warning("model error in a chat turn: %s (%s)", exc.code, exc.detail)
            shown.append(restorer.finish())
            await self._record(turn, "error", self._counter.count("".join(raw)))
            if keep is not None:
                yield Failed(exc, keep, kept=True)
            else:
                saved = await self._save(user_id, conversation_id, raw, shown, status="error",
                                         error_code=exc.code, replace=replace)
                yield Failed(exc, saved)
        finally:
            watch.ended()
            if not finished:
                # The employee pressed stop or went away: keep what was generated so far (if anything).
                shown.append(restorer.finish())
                with anyio.CancelScope(shield=True):
                    if "".join(shown).strip() or keep is None:
                        await self._save(user_id, conversation_id, raw, shown, status="stopped", replace=replace)
                    await self._record(turn, "stopped", self._counter.count("".join(raw)))

    async def _record(self, turn: _TurnUsage, status: str, output_tokens: int) -> None:
        """Count the turn in the usage log and the quotas; a failure to count never fails the employee's turn."""
        annotations = turn.question.annotations
        try:
            if self._quotas is not None:
                await self._quotas.add_tokens(turn.user, turn.prompt_tokens + output_tokens)
            await self._usage.record_turn(
                user_id=turn.user.id,
                department=turn.user.department,
                task_category=turn.task_category,
                model=self._backend.name,
                status=status,
                input_tokens=turn.prompt_tokens,
                output_tokens=output_tokens,
                pii_types=[span["type"] for span in annotations.get("spans", [])],
                special_categories=annotations.get("special_categories", []),
            )
        except SQLAlchemyError as exc:
            logger.error("usage event not recorded: %s", type(exc).__name__)

    async def _save(
        self,
        user_id: str,
        conversation_id: str,
        raw: list[str],
        shown: list[str],
        *,
        status: str,
        error_code: str | None = None,
        replace: list[int] | None = None,
    ) -> StoredMessage:
        model_text = "".join(raw)
        return await self._store.add_message(
            user_id,
            conversation_id,
            role="assistant",
            content="".join(shown),
            model_content=model_text,
            token_count=self._counter.count(model_text),
            status=status,
            model=self._backend.name,
            error_code=error_code,
            replace=replace or (),
        )
