"""Conversations and messages in the database; text is encrypted on the way in and decrypted on the way out."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anyio
from sqlalchemy import Update, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.crypto import FieldCipher
from kkgpt.db.models import Conversation, Document, Message, utcnow
from kkgpt.db.reads import SharedRead, read_connection
from kkgpt.errors import InvalidInput, NotFound
from kkgpt.pii.choices import PiiChoices

TITLE_MAX_CHARS = 80
#: Conversation ids are `new_id()`s; anything else cannot name a conversation and never reaches the database.
CONVERSATION_ID = re.compile(r"[0-9a-f]{32}")
#: Most conversations one list page holds (the API's `limit` is capped here).
PAGE_MAX = 200
#: Most messages read from one conversation at once: the newest ones (a prompt uses far fewer).
MESSAGES_MAX = 1000


class VaultConflict(Exception):
    """Another turn saved the conversation's placeholder mapping (or a message) first; read and shield again."""


# The statements of a chat turn, built once with bound parameters: building a statement and its cache key
# costs SQLAlchemy 0.1-0.2 ms each time, about as much as running it; a prebuilt one costs nothing.
_CONVERSATION_BY_ID = select(
    Conversation.id, Conversation.user_id, Conversation.title_enc, Conversation.assistant_key,
    Conversation.vault_enc, Conversation.vault_version, Conversation.created_at, Conversation.updated_at,
    Conversation.pii_choices_enc, Conversation.pinned_at,
).where(Conversation.id == bindparam("b_id"))
_NEWEST_MESSAGES = (select(Message.__table__).where(Message.conversation_id == bindparam("b_id"))
                    .order_by(Message.id.desc()).limit(bindparam("b_limit")))
_DELETE_MESSAGES = delete(Message).where(Message.conversation_id == bindparam("b_id"),
                                         Message.id.in_(bindparam("b_ids", expanding=True)))
_INSERT_MESSAGE = insert(Message).returning(Message.id)


def _touch(*, title: bool, vault: bool, after: bool) -> Update:
    """The statement that checks a conversation and marks it changed, before a message is added to it.

    One statement instead of a read and a write: it touches only the employee's own conversation, saves a
    mapping only over the version that was read (placeholders never mean two things), with `after` only
    while the newest message is still the one read (a prompt never misses a message), keeps a title that is
    already there, and returns what the caller shows. No row back: not found, or someone was first.
    """
    conversation = Conversation.__table__.c
    statement = update(Conversation).where(Conversation.id == bindparam("b_id"),
                                           Conversation.user_id == bindparam("b_user"))
    values: dict[str, Any] = {"updated_at": bindparam("b_now")}
    if title:
        values["title_enc"] = func.coalesce(conversation.title_enc, bindparam("b_title"))
    if vault:
        statement = statement.where(Conversation.vault_version == bindparam("b_version"))
        values.update(vault_enc=bindparam("b_vault"), vault_version=Conversation.vault_version + 1)
    if after:
        newest = (select(func.coalesce(func.max(Message.id), 0))
                  .where(Message.conversation_id == bindparam("b_id")).scalar_subquery())
        statement = statement.where(newest == bindparam("b_after"))
    return (statement.values(**values)
            .returning(conversation.title_enc, conversation.assistant_key, conversation.created_at,
                       conversation.pinned_at)
            .execution_options(synchronize_session=False))


_TOUCH = {(title, vault, after): _touch(title=title, vault=vault, after=after)
          for title in (False, True) for vault in (False, True) for after in (False, True)}

# Work another part of the app does in the same transaction as storing a message (take the conversation's
# lease, count a quota, record the usage event): one commit per step of a turn instead of one per concern.
TransactionHook = Callable[[AsyncSession], Awaitable[None]]


@dataclass(frozen=True)
class TurnState:
    """What a chat turn reads before it runs, in one transaction: the conversation, its messages and mapping."""

    conversation: ConversationInfo
    messages: list[StoredMessage]
    vault: str | None
    vault_version: int
    choices: PiiChoices = field(default_factory=PiiChoices)

    @property
    def last_message_id(self) -> int | None:
        """The newest message's id (to notice a message stored by another tab meanwhile)."""
        return self.messages[-1].id if self.messages else None


@dataclass(frozen=True)
class ConversationInfo:
    """A conversation as its owner sees it in the list."""

    id: str
    title: str | None
    assistant_key: str | None
    created_at: datetime
    updated_at: datetime
    pinned: bool = False


@dataclass(frozen=True)
class VisibleText:
    """One message's text as the employee sees it (what search reads)."""

    id: int
    role: str
    content: str


@dataclass(frozen=True)
class StoredMessage:
    """One decrypted message."""

    id: int
    role: str
    status: str
    content: str
    model_content: str
    token_count: int
    created_at: datetime
    model: str | None = None
    error_code: str | None = None
    annotations: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ConversationPage:
    """One page of the conversation list; `next_before` continues it (None: there is no older one)."""

    conversations: list[ConversationInfo]
    next_before: str | None


def page_cursor(c: ConversationInfo) -> str:
    """An opaque cursor that continues a list after `c` (its last-activity time and id)."""
    raw = f"{c.updated_at.isoformat()}|{c.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse_cursor(cursor: str) -> tuple[datetime, str]:
    """The time and id in a cursor from `page_cursor`; anything else is `InvalidInput` (`invalid_cursor`)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, conversation_id = raw.split("|")
        when = datetime.fromisoformat(stamp)
    except ValueError as exc:  # also binascii.Error and UnicodeDecodeError
        raise InvalidInput("Listen kan ikke fortsættes herfra.", code="invalid_cursor") from exc
    if when.tzinfo is None or not CONVERSATION_ID.fullmatch(conversation_id):
        raise InvalidInput("Listen kan ikke fortsættes herfra.", code="invalid_cursor")
    return when, conversation_id


def title_from(text: str) -> str:
    """A conversation title from the first message: its first line, cut at a word boundary."""
    line = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    if len(line) <= TITLE_MAX_CHARS:
        return line
    cut = line[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0]
    return cut + "…"



async def owned_conversation(session: AsyncSession, user_id: str, conversation_id: str) -> Conversation:
    """The employee's conversation, or `NotFound` alike for a malformed id, another's and a missing one."""
    if not CONVERSATION_ID.fullmatch(conversation_id):
        raise NotFound("Samtalen findes ikke, eller du har ikke adgang til den.")
    row = await session.get(Conversation, conversation_id)
    if row is None or row.user_id != user_id:
        raise NotFound("Samtalen findes ikke, eller du har ikke adgang til den.")
    return row

class ConversationStore:
    """Data access for conversations and messages; every read is scoped to the owning user."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher) -> None:
        self._sessions = sessions
        self._cipher = cipher

    def _info(self, row: Conversation) -> ConversationInfo:
        return ConversationInfo(
            id=row.id,
            title=self._cipher.decrypt_optional(row.title_enc),
            assistant_key=row.assistant_key,
            created_at=row.created_at,
            updated_at=row.updated_at,
            pinned=row.pinned_at is not None,
        )

    def _message(self, row: Message) -> StoredMessage:
        annotations = self._cipher.decrypt_optional(row.annotations_enc)
        return StoredMessage(
            id=row.id,
            role=row.role,
            status=row.status,
            content=self._cipher.decrypt(row.content_enc),
            model_content=self._cipher.decrypt(row.model_content_enc),
            token_count=row.token_count,
            created_at=row.created_at,
            model=row.model,
            error_code=row.error_code,
            annotations=json.loads(annotations) if annotations else {},
        )

    async def _owned(self, session: AsyncSession, user_id: str, conversation_id: str) -> Conversation:
        return await owned_conversation(session, user_id, conversation_id)

    async def create(self, user_id: str, *, assistant_key: str | None = None) -> ConversationInfo:
        """A new, empty conversation."""
        async with self._sessions.begin() as session:
            row = Conversation(user_id=user_id, assistant_key=assistant_key)
            session.add(row)
        return self._info(row)

    async def list(self, user_id: str, *, limit: int = PAGE_MAX) -> list[ConversationInfo]:
        """The user's most recently active conversations, newest first."""
        return (await self.page(user_id, limit=limit)).conversations

    async def page(self, user_id: str, *, limit: int = 50, before: str | None = None,
                   pinned: bool | None = None) -> ConversationPage:
        """Up to `limit` (at most `PAGE_MAX`) conversations, newest first, older than the cursor `before`;
        only pinned ones (`pinned=True`), only the others (`False`) or all (`None`)."""
        limit = max(1, min(limit, PAGE_MAX))
        query = select(Conversation).where(Conversation.user_id == user_id)
        if pinned is not None:
            query = query.where(Conversation.pinned_at.is_not(None) if pinned else Conversation.pinned_at.is_(None))
        if before is not None:
            when, last_id = parse_cursor(before)
            query = query.where(or_(Conversation.updated_at < when,
                                    and_(Conversation.updated_at == when, Conversation.id < last_id)))
        async with self._sessions() as session:
            rows = list(await session.scalars(
                query.order_by(Conversation.updated_at.desc(), Conversation.id.desc()).limit(limit + 1)
            ))
        conversations = [self._info(row) for row in rows[:limit]]
        return ConversationPage(conversations, page_cursor(conversations[-1]) if len(rows) > limit else None)

    async def get(self, user_id: str, conversation_id: str) -> ConversationInfo:
        """One of the user's conversations; someone else's raises `NotFound`."""
        async with self._sessions() as session:
            return self._info(await self._owned(session, user_id, conversation_id))

    async def messages(self, user_id: str, conversation_id: str) -> list[StoredMessage]:
        """The conversation's messages, oldest first (the newest `MESSAGES_MAX` of them)."""
        async with self._sessions() as session:
            await self._owned(session, user_id, conversation_id)
            rows = await session.scalars(
                select(Message).where(Message.conversation_id == conversation_id)
                .order_by(Message.id.desc()).limit(MESSAGES_MAX)
            )
            return [self._message(row) for row in reversed(list(rows))]

    async def turn_state(self, user_id: str, conversation_id: str, shared: SharedRead | None = None) -> TurnState:
        """The conversation, its messages (oldest first) and its placeholder mapping, read together
        (in `shared`, the request's read transaction, when one is given).

        Core statements on the session's connection, not ORM objects or `session.execute`: every chat turn
        reads this, and the ORM's bookkeeping costs more CPU than the query.
        """
        if not CONVERSATION_ID.fullmatch(conversation_id):
            raise NotFound("Samtalen findes ikke, eller du har ikke adgang til den.")
        async with read_connection(self._sessions, shared) as connection:
            row = (await connection.execute(_CONVERSATION_BY_ID, {"b_id": conversation_id})).first()
            if row is None or row.user_id != user_id:
                raise NotFound("Samtalen findes ikke, eller du har ikke adgang til den.")
            rows = await connection.execute(_NEWEST_MESSAGES, {"b_id": conversation_id, "b_limit": MESSAGES_MAX})
            messages = [self._message(m) for m in reversed(rows.all())]
            return TurnState(self._info(row), messages, self._cipher.decrypt_optional(row.vault_enc),
                             row.vault_version,
                             PiiChoices.from_json(self._cipher.decrypt_optional(row.pii_choices_enc)))

    async def transaction(self, *hooks: TransactionHook) -> None:
        """Run `hooks` in one transaction (e.g. count a turn that stored no message)."""
        async with self._sessions.begin() as session:
            for hook in hooks:
                await hook(session)

    async def vault(self, user_id: str, conversation_id: str) -> tuple[str | None, int]:
        """The conversation's serialised placeholder mapping (if any) and its version."""
        async with self._sessions() as session:
            row = await self._owned(session, user_id, conversation_id)
            return self._cipher.decrypt_optional(row.vault_enc), row.vault_version

    async def choices(self, user_id: str, conversation_id: str) -> PiiChoices:
        """The employee's corrections to the shield in this conversation."""
        async with self._sessions() as session:
            row = await self._owned(session, user_id, conversation_id)
            return PiiChoices.from_json(self._cipher.decrypt_optional(row.pii_choices_enc))

    async def rename(self, user_id: str, conversation_id: str, title: str) -> ConversationInfo:
        """Give the conversation a new title."""
        async with self._sessions.begin() as session:
            row = await self._owned(session, user_id, conversation_id)
            row.title_enc = self._cipher.encrypt(title)
        return self._info(row)

    async def pin(self, user_id: str, conversation_id: str, pinned: bool) -> ConversationInfo:
        """Pin the conversation to the top of the employee's list, or unpin it."""
        async with self._sessions.begin() as session:
            row = await self._owned(session, user_id, conversation_id)
            if pinned != (row.pinned_at is not None):
                row.pinned_at = utcnow() if pinned else None
        return self._info(row)

    async def retitle(self, user_id: str, conversation_id: str, *, expected: str | None,
                      title: str) -> ConversationInfo | None:
        """Replace an automatic title, unless it changed meanwhile (the employee renamed it): then None."""
        async with self._sessions.begin() as session:
            row = await self._owned(session, user_id, conversation_id)
            if self._cipher.decrypt_optional(row.title_enc) != expected:
                return None
            row.title_enc = self._cipher.encrypt(title)
        return self._info(row)

    async def visible_texts(self, user_id: str, *, before: str | None,
                            limit: int) -> tuple[list[tuple[ConversationInfo, list[VisibleText]]], str | None]:
        """Up to `limit` conversations (newest first, after the cursor `before`) with their messages' text as
        the employee sees it, and the cursor that continues after them (None: no older ones).

        Only `content_enc` is decrypted: search reads what the employee sees, never what the model saw.
        """
        page = await self.page(user_id, limit=limit, before=before)
        ids = [c.id for c in page.conversations]
        texts: dict[str, list[VisibleText]] = {cid: [] for cid in ids}
        if ids:
            async with self._sessions() as session:
                rows = (await session.execute(
                    select(Message.id, Message.conversation_id, Message.role, Message.content_enc)
                    .where(Message.conversation_id.in_(ids)).order_by(Message.id)
                )).all()
            # Thousands of decryptions take tens of milliseconds: in a thread, so other requests go on.
            decrypted = await anyio.to_thread.run_sync(lambda: [self._cipher.decrypt(r.content_enc) for r in rows])
            for row, content in zip(rows, decrypted, strict=True):
                texts[row.conversation_id].append(VisibleText(row.id, row.role, content))
        return [(c, texts[c.id]) for c in page.conversations], page.next_before

    async def delete(self, user_id: str, conversation_id: str) -> None:
        """Delete the conversation with its messages, documents and placeholder mapping."""
        async with self._sessions.begin() as session:
            await self._owned(session, user_id, conversation_id)
            await session.execute(delete(Message).where(Message.conversation_id == conversation_id))
            await session.execute(delete(Document).where(Document.conversation_id == conversation_id))
            await session.execute(delete(Conversation).where(Conversation.id == conversation_id))

    async def add_message(self, user_id: str, conversation_id: str, **fields: Any) -> StoredMessage:
        """Append a message (see `append`); returns it."""
        return (await self.append(user_id, conversation_id, **fields))[0]

    async def append(
        self,
        user_id: str,
        conversation_id: str,
        *,
        role: str,
        content: str,
        model_content: str,
        token_count: int,
        status: str = "complete",
        model: str | None = None,
        error_code: str | None = None,
        annotations: dict[str, Any] | None = None,
        vault: str | None = None,
        vault_version: int | None = None,
        title: str | None = None,
        replace: Sequence[int] = (),
        after: int | None = None,
        hooks: Sequence[TransactionHook] = (),
    ) -> tuple[StoredMessage, ConversationInfo]:
        """Append a message in one transaction; also stores the updated placeholder mapping and, if none yet,
        the title, and runs `hooks` first (a hook that raises stores nothing). Returns the message and the
        conversation as it now is.

        A mapping is saved only if nobody saved another since `vault_version` was read, and with `after`,
        only if the newest message is still that one; otherwise `VaultConflict` is raised and nothing is
        stored, so placeholders never mean two things and a prompt never misses a message.
        Messages in `replace` (an earlier answer) are deleted in the same transaction.
        """
        if not CONVERSATION_ID.fullmatch(conversation_id):
            raise NotFound("Samtalen findes ikke, eller du har ikke adgang til den.")
        now = utcnow()
        changes: dict[str, Any] = {"b_id": conversation_id, "b_user": user_id, "b_now": now}
        new_title = title_from(title) if title else None
        if new_title:
            changes["b_title"] = self._cipher.encrypt(new_title)
        if vault is not None:
            changes.update(b_version=vault_version or 0, b_vault=self._cipher.encrypt(vault))
        if after is not None:
            changes["b_after"] = after
        values = {
            "conversation_id": conversation_id,
            "role": role,
            "status": status,
            "content_enc": self._cipher.encrypt(content),
            "model_content_enc": self._cipher.encrypt(model_content),
            "annotations_enc": self._cipher.encrypt(json.dumps(annotations)) if annotations else None,
            "error_code": error_code,
            "token_count": token_count,
            "model": model,
            "created_at": now,
        }
        async with self._sessions.begin() as session:
            for hook in hooks:
                await hook(session)
            statement = _TOUCH["b_title" in changes, vault is not None, after is not None]
            connection = await session.connection()  # Core: `session.execute` adds ORM work to each statement
            conversation = (await connection.execute(statement, changes)).first()
            if conversation is None:
                if vault is None and after is None:
                    raise NotFound("Samtalen findes ikke, eller du har ikke adgang til den.")
                raise VaultConflict()  # or gone: reading it again tells
            if replace:
                await connection.execute(_DELETE_MESSAGES, {"b_id": conversation_id, "b_ids": list(replace)})
            message_id = (await connection.execute(_INSERT_MESSAGE, values)).scalar_one()
        shown_title = (new_title if new_title and conversation.title_enc == changes["b_title"]
                       else self._cipher.decrypt_optional(conversation.title_enc))
        message = StoredMessage(id=message_id, role=role, status=status, content=content,
                                model_content=model_content, token_count=token_count, created_at=now,
                                model=model, error_code=error_code, annotations=annotations or {})
        info = ConversationInfo(id=conversation_id, title=shown_title, assistant_key=conversation.assistant_key,
                                created_at=conversation.created_at, updated_at=now,
                                pinned=conversation.pinned_at is not None)
        return message, info
