"""Uploading a document into a conversation: read it, shield it with the conversation's placeholders, store it.

The shield runs on the whole text with the conversation's own vault, so a person named in the document and in
a message gets the same placeholder in both. The document and the vault's new placeholders are stored in one
transaction; a file that is refused at any step leaves nothing behind.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, replace
from pathlib import PurePath
from typing import Any

import anyio

from kkgpt.auth.users import Principal
from kkgpt.chat.store import ConversationStore, VaultConflict
from kkgpt.documents.formats import read_document
from kkgpt.documents.limits import Limits
from kkgpt.documents.store import DocumentInfo, DocumentStore, NewDocument, ReShielded, StoredDocument
from kkgpt.errors import ConversationBusy, DocumentRejected, InvalidInput
from kkgpt.guidelines.acceptance import AcceptanceRegistry
from kkgpt.llm.tokens import TokenCounter
from kkgpt.pii.choices import PiiChoices
from kkgpt.pii.shield import PiiShield, ShieldResult
from kkgpt.pii.summary import masked_values, type_counts
from kkgpt.pii.vault import PlaceholderVault

logger = logging.getLogger(__name__)

NAME_MAX_CHARS = 200
_NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff/\\]")
_VAULT_ATTEMPTS = 3


def clean_name(filename: str | None) -> str:
    """A file name fit to show and store: no folders, no control characters, at most 200 characters."""
    name = _NAME_UNSAFE.sub("", PurePath((filename or "").replace("\\", "/")).name).strip()
    if len(name) > NAME_MAX_CHARS:
        stem, suffix = name[: NAME_MAX_CHARS - 10], PurePath(name).suffix[:10]
        name = stem + suffix
    return name or "dokument.txt"


def _shield_document(shield: PiiShield, name: str, text: str, vault: PlaceholderVault,
                     choices: PiiChoices | None = None) -> tuple[ShieldResult, ShieldResult]:
    """Shield the text and the name (names of files often name the citizen) into `vault`.

    The name is shielded without its extension and with `_` read as a space: in "Afgørelse_Jens_Hansen.docx"
    the recognisers would otherwise see one word, or a web address ending in ".docx".
    """
    path = PurePath(name)
    stem = name[: len(name) - len(path.suffix)] if path.suffix else name
    shielded = shield.protect(stem.replace("_", " "), vault, choices)
    return shield.protect(text, vault, choices), replace(shielded, model_text=shielded.model_text + path.suffix)


def masked_summary(result: ShieldResult) -> dict[str, Any]:
    """What is stored about what the shield masked in a document: per type, per distinct value, categories."""
    values = masked_values(result)
    return {"types": type_counts(values), "values": [asdict(v) for v in values],
            "special_categories": list(result.special_categories)}


class DocumentService:
    """Uploads, lists and deletes a conversation's documents."""

    def __init__(self, *, store: DocumentStore, conversations: ConversationStore, shield: PiiShield,
                 counter: TokenCounter, acceptance: AcceptanceRegistry, limits: Limits, per_conversation: int,
                 keep_originals: bool = False) -> None:
        self._store = store
        self._conversations = conversations
        self._shield = shield
        self._counter = counter
        self._acceptance = acceptance
        self._limits = limits
        self._per_conversation = per_conversation
        self._keep_originals = keep_originals

    @property
    def limits(self) -> Limits:
        """The size limits an upload must stay within."""
        return self._limits

    async def upload(self, user: Principal, conversation_id: str, filename: str | None, data: bytes) -> DocumentInfo:
        """Read, shield and store one file; `DocumentRejected` (nothing stored) when it cannot be used."""
        await self._acceptance.require(user.id)
        await self._conversations.get(user.id, conversation_id)  # someone else's conversation costs no parsing
        name = clean_name(filename)
        kind, extracted = await anyio.to_thread.run_sync(read_document, name, data, self._limits)
        for attempt in range(_VAULT_ATTEMPTS):
            stored, version = await self._conversations.vault(user.id, conversation_id)
            choices = await self._conversations.choices(user.id, conversation_id)
            vault = self._shield.load_vault(stored)
            result, name_result = await anyio.to_thread.run_sync(_shield_document, self._shield, name,
                                                                 extracted.text, vault, choices)
            if result.blocked or name_result.blocked:
                blocked = result if result.blocked else name_result
                raise DocumentRejected(
                    blocked.block_message(self._shield.entities).replace("Beskeden blev ikke sendt",
                                                                         "Dokumentet kan ikke bruges"),
                    code="document_blocked")
            new = NewDocument(
                name=name, model_name=name_result.model_text, media_type=kind.media_type, format=kind.key,
                size_bytes=len(data), pages=extracted.pages, text=extracted.text, model_text=result.model_text,
                tokens=self._counter.count(result.model_text),
                masked=masked_summary(result),
                original=data if self._keep_originals else None,
            )
            try:
                return await self._store.add(user.id, conversation_id, new, vault=vault.to_json(),
                                             vault_version=version, limit=self._per_conversation)
            except VaultConflict:
                if attempt == _VAULT_ATTEMPTS - 1:
                    raise ConversationBusy() from None
        raise ConversationBusy()

    async def get(self, user: Principal, conversation_id: str, document_ids: list[str]) -> list[StoredDocument]:
        """These documents of the conversation with their texts."""
        return await self._store.get(user.id, conversation_id, document_ids)

    async def list(self, user: Principal, conversation_id: str) -> list[DocumentInfo]:
        """The conversation's documents, oldest first."""
        return await self._store.list(user.id, conversation_id)

    async def correct(self, user: Principal, conversation_id: str, *, allow: str | None = None,
                      mask: tuple[str, str] | None = None) -> list[StoredDocument]:
        """Record a correction to the shield (a value that is not personal, or a missed one, as type and
        value) for the conversation, and shield its documents again with it; returns them.

        Messages already sent keep what the model was sent; the next messages and documents use the choice.
        """
        if mask is not None and mask[0] not in self._shield.entities:
            raise InvalidInput("Ukendt slags personoplysning.", code="unknown_entity_type")
        for attempt in range(_VAULT_ATTEMPTS):
            stored, version = await self._conversations.vault(user.id, conversation_id)
            choices = await self._conversations.choices(user.id, conversation_id)
            try:
                choices = choices.allowing(allow) if allow is not None else choices
                choices = choices.masking(*mask) if mask is not None else choices
            except ValueError as exc:
                raise InvalidInput("Skriv en værdi på 1 til 200 tegn.", code="invalid_value") from exc
            documents = await self._store.all(user.id, conversation_id)
            vault = self._shield.load_vault(stored)
            shielded = await anyio.to_thread.run_sync(self._reshield, documents, vault, choices)
            try:
                await self._store.reshielded(user.id, conversation_id, shielded, vault=vault.to_json(),
                                             vault_version=version, choices=choices.to_json())
                return await self._store.all(user.id, conversation_id)
            except VaultConflict:
                if attempt == _VAULT_ATTEMPTS - 1:
                    raise ConversationBusy() from None
        raise ConversationBusy()

    def _reshield(self, documents: list[StoredDocument], vault: PlaceholderVault,
                  choices: PiiChoices) -> list[ReShielded]:
        out = []
        for document in documents:
            result, name_result = _shield_document(self._shield, document.name, document.text, vault, choices)
            out.append(ReShielded(document.id, name_result.model_text, result.model_text,
                                  self._counter.count(result.model_text), masked_summary(result)))
        return out

    async def delete(self, user: Principal, conversation_id: str, document_id: str) -> None:
        """Delete one of the conversation's documents."""
        await self._store.delete(user.id, conversation_id, document_id)
