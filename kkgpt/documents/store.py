"""Documents in the database, scoped to the conversation's owner; every text is encrypted on the way in."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.chat.store import VaultConflict, owned_conversation
from kkgpt.db.crypto import FieldCipher
from kkgpt.db.models import Conversation, Document, utcnow
from kkgpt.errors import DocumentRejected, NotFound

_NOT_FOUND = "Dokumentet findes ikke, eller du har ikke adgang til det."


@dataclass(frozen=True)
class DocumentInfo:
    """A document as listed: what it is and how much the shield masked, without its text."""

    id: str
    name: str
    media_type: str
    format: str
    size_bytes: int
    pages: int | None
    characters: int
    tokens: int
    masked: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class StoredDocument(DocumentInfo):
    """A document with its extracted text, the shielded text the model may see, and its shielded name."""

    text: str = field(default="", repr=False)
    model_text: str = ""
    model_name: str = ""


@dataclass(frozen=True)
class NewDocument:
    """What `DocumentStore.add` stores for one upload."""

    name: str
    model_name: str
    media_type: str
    format: str
    size_bytes: int
    pages: int | None
    text: str = field(repr=False)
    model_text: str
    tokens: int
    masked: dict[str, Any]
    original: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ReShielded:
    """A document's shielded text and summary after the employee corrected the shield."""

    id: str
    model_name: str
    model_text: str
    tokens: int
    masked: dict[str, Any]


class DocumentStore:
    """Data access for documents; a conversation that is not the user's is `NotFound`, as in the chat."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher) -> None:
        self._sessions = sessions
        self._cipher = cipher

    def _info(self, row: Document) -> DocumentInfo:
        return DocumentInfo(id=row.id, name=self._cipher.decrypt(row.name_enc), media_type=row.media_type,
                            format=row.format, size_bytes=row.size_bytes, pages=row.pages,
                            characters=row.characters, tokens=row.tokens,
                            masked=json.loads(self._cipher.decrypt(row.masked_enc)), created_at=row.created_at)

    def _stored(self, row: Document) -> StoredDocument:
        info = self._info(row)
        return StoredDocument(**info.__dict__, text=self._cipher.decrypt(row.text_enc),
                              model_text=self._cipher.decrypt(row.model_text_enc),
                              model_name=self._cipher.decrypt(row.model_name_enc))

    @staticmethod
    async def _owned(session: AsyncSession, user_id: str, conversation_id: str) -> Conversation:
        return await owned_conversation(session, user_id, conversation_id)

    async def add(self, user_id: str, conversation_id: str, new: NewDocument, *, vault: str, vault_version: int,
                  limit: int) -> DocumentInfo:
        """Store a document and the conversation's mapping with its new placeholders, in one transaction.

        The mapping is saved only over the version that was read (else `VaultConflict`, nothing stored), and
        a conversation holding `limit` documents takes no more.
        """
        async with self._sessions.begin() as session:
            await self._owned(session, user_id, conversation_id)
            count = await session.scalar(
                select(func.count()).select_from(Document).where(Document.conversation_id == conversation_id))
            if (count or 0) >= limit:
                raise DocumentRejected(
                    f"Samtalen har allerede {limit} dokumenter, som er det højeste. Slet et, eller start en ny samtale.",
                    code="too_many_documents")
            now = utcnow()
            changed = await session.execute(
                update(Conversation)
                .where(Conversation.id == conversation_id, Conversation.vault_version == vault_version)
                .values(vault_enc=self._cipher.encrypt(vault), vault_version=Conversation.vault_version + 1,
                        updated_at=now)
                .execution_options(synchronize_session=False))
            if changed.rowcount != 1:
                raise VaultConflict()
            original = (self._cipher.encrypt(base64.b64encode(new.original).decode("ascii"))
                        if new.original is not None else None)
            row = Document(conversation_id=conversation_id, name_enc=self._cipher.encrypt(new.name),
                           model_name_enc=self._cipher.encrypt(new.model_name), media_type=new.media_type,
                           format=new.format, size_bytes=new.size_bytes, pages=new.pages,
                           characters=len(new.text), tokens=new.tokens, text_enc=self._cipher.encrypt(new.text),
                           model_text_enc=self._cipher.encrypt(new.model_text),
                           masked_enc=self._cipher.encrypt(json.dumps(new.masked)), original_enc=original,
                           created_at=now)
            session.add(row)
        return self._info(row)

    async def list(self, user_id: str, conversation_id: str) -> list[DocumentInfo]:
        """The conversation's documents, oldest first."""
        async with self._sessions() as session:
            await self._owned(session, user_id, conversation_id)
            rows = await session.scalars(select(Document).where(Document.conversation_id == conversation_id)
                                         .order_by(Document.created_at, Document.id))
            return [self._info(row) for row in rows]

    async def get(self, user_id: str, conversation_id: str, document_ids: Sequence[str]) -> list[StoredDocument]:
        """These documents of the conversation with their texts, in the order asked; an unknown id is `NotFound`."""
        async with self._sessions() as session:
            await self._owned(session, user_id, conversation_id)
            rows = {row.id: row for row in await session.scalars(
                select(Document).where(Document.conversation_id == conversation_id,
                                       Document.id.in_(list(document_ids))))}
        missing = [i for i in document_ids if i not in rows]
        if missing:
            raise NotFound(_NOT_FOUND)
        return [self._stored(rows[i]) for i in dict.fromkeys(document_ids)]

    async def all(self, user_id: str, conversation_id: str) -> list[StoredDocument]:
        """Every document of the conversation with its texts, oldest first."""
        async with self._sessions() as session:
            await self._owned(session, user_id, conversation_id)
            rows = await session.scalars(select(Document).where(Document.conversation_id == conversation_id)
                                         .order_by(Document.created_at, Document.id))
            return [self._stored(row) for row in rows]

    async def reshielded(self, user_id: str, conversation_id: str, shielded: Sequence[ReShielded], *,
                         vault: str, vault_version: int, choices: str) -> None:
        """Store the documents shielded again, the mapping and the employee's choices, in one transaction.

        Like `add`, only over the mapping version that was read (else `VaultConflict`, nothing stored).
        """
        async with self._sessions.begin() as session:
            await self._owned(session, user_id, conversation_id)
            changed = await session.execute(
                update(Conversation)
                .where(Conversation.id == conversation_id, Conversation.vault_version == vault_version)
                .values(vault_enc=self._cipher.encrypt(vault), vault_version=Conversation.vault_version + 1,
                        pii_choices_enc=self._cipher.encrypt(choices), updated_at=utcnow())
                .execution_options(synchronize_session=False))
            if changed.rowcount != 1:
                raise VaultConflict()
            for item in shielded:
                await session.execute(
                    update(Document).where(Document.id == item.id, Document.conversation_id == conversation_id)
                    .values(model_text_enc=self._cipher.encrypt(item.model_text),
                            model_name_enc=self._cipher.encrypt(item.model_name), tokens=item.tokens,
                            masked_enc=self._cipher.encrypt(json.dumps(item.masked)))
                    .execution_options(synchronize_session=False))

    async def delete(self, user_id: str, conversation_id: str, document_id: str) -> None:
        """Delete one document (messages that quoted it keep what the model was sent)."""
        async with self._sessions.begin() as session:
            await self._owned(session, user_id, conversation_id)
            result = await session.execute(delete(Document).where(Document.conversation_id == conversation_id,
                                                                  Document.id == document_id))
            if result.rowcount != 1:
                raise NotFound(_NOT_FOUND)
