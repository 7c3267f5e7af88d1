"""Documents in a conversation through the JSON API: upload (multipart field `file`), list, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile
from pydantic import BaseModel, Field

from kkgpt.documents.store import DocumentInfo
from kkgpt.errors import InvalidInput
from kkgpt.web.deps import CurrentUser, ServicesDep

router = APIRouter(prefix="/api/v1", tags=["documents"])


class MaskedCount(BaseModel):
    """How many values of one kind the shield masked in a document."""

    type: str
    count: int


class DocumentOut(BaseModel):
    """A document of a conversation: its name, type and size, and what the shield masked (no text)."""

    id: str
    name: str
    media_type: str
    pages: int | None
    characters: int
    tokens: int = Field(description="Tokens of the shielded text the model would read.")
    masked: list[MaskedCount]
    created_at: datetime


class MissedValue(BaseModel):
    """A value the shield missed, to be masked as `type` wherever it occurs in the conversation."""

    type: str = Field(examples=["PERSON"], max_length=64)
    value: str = Field(min_length=1, max_length=200)


class Correction(BaseModel):
    """A correction to the shield for one conversation: a value that is not personal, or one it missed."""

    allow: str | None = Field(default=None, min_length=1, max_length=200)
    mask: MissedValue | None = None


class DocumentList(BaseModel):
    """The conversation's documents, oldest first."""

    documents: list[DocumentOut]


def document_out(d: DocumentInfo) -> DocumentOut:
    """The API's view of a stored document."""
    return DocumentOut(id=d.id, name=d.name, media_type=d.media_type, pages=d.pages, characters=d.characters,
                       tokens=d.tokens, masked=[MaskedCount(**m) for m in d.masked.get("types", [])],
                       created_at=d.created_at)


@router.post("/conversations/{conversation_id}/documents", status_code=201, response_model=DocumentOut)
async def upload_document(
    conversation_id: str, user: CurrentUser, services: ServicesDep,
    file: Annotated[UploadFile, File(description="PDF, .docx, .xlsx, .odt, .eml, .msg, .txt, .md, .csv or .html")],
):
    """Upload a file: its text is extracted, shielded with the conversation's placeholders and stored encrypted.

    A file that cannot be used (too large, encrypted, scanned, corrupt, renamed, a zip bomb) gets a Danish
    error (`document_*` codes, 413/415/422) and nothing is stored. Name a document in a message with
    `{"text": ..., "documents": [id]}`.
    """
    data = await file.read(services.documents.limits.max_bytes + 1)
    document = await services.documents.upload(user, conversation_id, file.filename, data)
    return document_out(document)


@router.get("/conversations/{conversation_id}/documents", response_model=DocumentList)
async def list_documents(conversation_id: str, user: CurrentUser, services: ServicesDep):
    """The conversation's documents (without their text)."""
    return DocumentList(documents=[document_out(d) for d in await services.documents.list(user, conversation_id)])


@router.delete("/conversations/{conversation_id}/documents/{document_id}", status_code=204)
async def delete_document(conversation_id: str, document_id: str, user: CurrentUser,
                          services: ServicesDep) -> Response:
    """Delete a document; what earlier messages sent to the model stays in those messages."""
    await services.documents.delete(user, conversation_id, document_id)
    return Response(status_code=204)


@router.post("/conversations/{conversation_id}/pii-choices", response_model=DocumentList)
async def correct_shield(conversation_id: str, body: Correction, user: CurrentUser, services: ServicesDep):
    """Mark a value as not personal (`allow`) or mask a missed one (`mask`) in this conversation.

    The choice is kept with the conversation (encrypted) and applies to the next messages and uploads; the
    conversation's documents are shielded again at once and returned. Sent messages stay as they were sent.
    """
    if (body.allow is None) == (body.mask is None):
        raise InvalidInput("Angiv enten allow eller mask.", code="invalid_input")
    documents = await services.documents.correct(
        user, conversation_id, allow=body.allow,
        mask=(body.mask.type, body.mask.value) if body.mask else None)
    return DocumentList(documents=[document_out(d) for d in documents])
