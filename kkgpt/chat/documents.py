"""The documents a chat message names, and the message the model reads about them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import aclosing

from kkgpt.chat.prompt import PromptBuilder
from kkgpt.documents.context import DocumentContext, DocumentMessage, PartsDone
from kkgpt.documents.store import DocumentStore, StoredDocument
from kkgpt.errors import InvalidInput
from kkgpt.guidelines.loader import Assistant

#: Most documents one message may name.
DOCUMENTS_PER_MESSAGE = 50


class DocumentQuestions:
    """Resolves the documents a message names and builds what the model reads: the question, then them."""

    def __init__(self, *, store: DocumentStore | None, context: DocumentContext, prompts: PromptBuilder,
                 assistants: Callable[[], Mapping[str, Assistant]]) -> None:
        self._store = store
        self._context = context
        self._prompts = prompts
        self._assistants = assistants

    async def named(self, user_id: str, conversation_id: str | None,
                    document_ids: Sequence[str]) -> list[StoredDocument]:
        """The documents a message names, which must belong to its conversation."""
        if not document_ids:
            return []
        if conversation_id is None or self._store is None:
            raise InvalidInput("Dokumentet findes ikke i samtalen. Upload det igen.", code="unknown_document")
        if len(document_ids) > DOCUMENTS_PER_MESSAGE:
            raise InvalidInput(f"En besked kan højst nævne {DOCUMENTS_PER_MESSAGE} dokumenter.",
                               code="too_many_documents")
        return await self._store.get(user_id, conversation_id, document_ids)

    def summarises(self, assistant_key: str | None) -> bool:
        """True when the conversation's assistant expects a document to summarise (its `documents` field)."""
        assistant = self._assistants().get(assistant_key) if assistant_key else None
        return bool(assistant and assistant.documents == "summarise")

    async def message_steps(self, model_text: str, documents: list[StoredDocument],
                            assistant_key: str | None) -> AsyncIterator[PartsDone | DocumentMessage]:
        """The shielded question with the named documents (whole, or the parts that fit); progress first.

        Without documents the question alone must fit the model's context (`ContextTooLong` otherwise).
        """
        if not documents:
            self._prompts.check_fits(model_text, assistant_key=assistant_key)
            yield DocumentMessage(model_text)
            return
        steps = self._context.compose_steps(model_text, documents, assistant_key=assistant_key,
                                            summarise=self.summarises(assistant_key))
        async with aclosing(steps) as running:
            async for step in running:
                yield step
