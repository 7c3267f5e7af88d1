"""Documents on the chat page: attach a file to the message being written, remove it, correct the shield."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from kkgpt.auth.users import Principal
from kkgpt.documents.store import StoredDocument
from kkgpt.errors import InvalidInput, KkgptError
from kkgpt.web.deps import CurrentUser, ServicesDep, TemplatesDep
from kkgpt.web.routes.chat import chat_urls
from kkgpt.web.templating import Templates

router = APIRouter(include_in_schema=False)

# The chip shows this much of a document's masked text (the model gets all of it).
CHIP_TEXT_CHARS = 20_000
# The kinds an employee can choose when masking a missed value by hand.
MASK_TYPES = ("PERSON", "DK_ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "DK_CPR")


async def _document_chip(request: Request, services: ServicesDep, templates: Templates, user: Principal,
                         conversation_id: str, file: UploadFile) -> str:
    """Upload one file and render its chip for the composer."""
    data = await file.read(services.documents.limits.max_bytes + 1)
    info = await services.documents.upload(user, conversation_id, file.filename, data)
    [document] = await services.documents.get(user, conversation_id, [info.id])
    return _chip(request, templates, conversation_id, document)


def _chip(request: Request, templates: Templates, conversation_id: str, document: StoredDocument) -> str:
    """A document's chip in the composer, with the addresses of its actions."""
    base = f"/c/{conversation_id}/documents/{document.id}"
    return templates.render_string(request, "_document_chip.html", d=document, remove_url=f"{base}/delete",
                                   allow_url=f"{base}/allow", mask_url=f"{base}/mask",
                                   mask_types=MASK_TYPES, chip_text_chars=CHIP_TEXT_CHARS)


@router.post("/chat/documents")
async def upload_first_document(
    request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    file: Annotated[UploadFile, File()], assistant: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    """A file attached before the first message: the conversation starts now, so the file has a home."""
    if assistant and assistant not in services.library.assistants:
        raise InvalidInput("Den valgte opgavetype findes ikke.", code="unknown_assistant")
    await services.acceptance.require(user.id)
    conversation = await services.conversations.create(user.id, assistant_key=assistant or None)
    try:
        html = await _document_chip(request, services, templates, user, conversation.id, file)
    except KkgptError:
        await services.conversations.delete(user.id, conversation.id)  # nothing half-stored
        raise
    item = templates.render_string(request, "_conversation_item.html", c=conversation, conversation=conversation)
    return JSONResponse({"html": html, "conversation": {
        "id": conversation.id, "url": f"/c/{conversation.id}", "title": conversation.title, "item_html": item,
        **chat_urls(conversation)}})


@router.post("/c/{conversation_id}/documents")
async def upload_document(
    conversation_id: str, request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    file: Annotated[UploadFile, File()],
) -> JSONResponse:
    """Attach a file to the message being written: its chip, with what the shield masks in it."""
    html = await _document_chip(request, services, templates, user, conversation_id, file)
    return JSONResponse({"html": html, "conversation": None})


@router.post("/c/{conversation_id}/documents/{document_id}/delete")
async def delete_document(
    conversation_id: str, document_id: str, user: CurrentUser, services: ServicesDep
) -> Response:
    """Remove an attached file before sending (it is deleted from the conversation)."""
    await services.documents.delete(user, conversation_id, document_id)
    return Response(status_code=204)


async def _corrected_chip(request: Request, services: ServicesDep, templates: Templates, user: Principal,
                          conversation_id: str, document_id: str, **correction) -> HTMLResponse:
    documents = await services.documents.correct(user, conversation_id, **correction)
    document = next((d for d in documents if d.id == document_id), None)
    return HTMLResponse(_chip(request, templates, conversation_id, document) if document else "")


@router.post("/c/{conversation_id}/documents/{document_id}/allow")
async def allow_value(
    conversation_id: str, document_id: str, request: Request, user: CurrentUser, services: ServicesDep,
    templates: TemplatesDep, value: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    """Mark a masked value as not personal in this conversation; the documents are shielded again."""
    return await _corrected_chip(request, services, templates, user, conversation_id, document_id, allow=value)


@router.post("/c/{conversation_id}/documents/{document_id}/mask")
async def mask_value(
    conversation_id: str, document_id: str, request: Request, user: CurrentUser, services: ServicesDep,
    templates: TemplatesDep,
) -> HTMLResponse:
    """Mask a value the shield missed, wherever it occurs in this conversation (fields named by document)."""
    form = await request.form()
    value, kind = form.get(f"mask-{document_id}", ""), form.get(f"mask-type-{document_id}", "PERSON")
    if not isinstance(value, str) or not isinstance(kind, str) or kind not in MASK_TYPES:
        raise InvalidInput("Ukendt slags personoplysning.", code="unknown_entity_type")
    return await _corrected_chip(request, services, templates, user, conversation_id, document_id,
                                 mask=(kind, value))
