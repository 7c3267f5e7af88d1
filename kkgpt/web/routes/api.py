"""The JSON API under /api/v1 (session cookie or bearer token); answers as JSON or server-sent events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, field_validator

from kkgpt.auth.users import Principal
from kkgpt.chat.search import QUERY_MAX, SearchHit
from kkgpt.chat.service import Completed, Delta, Failed, Submitted, Titled
from kkgpt.chat.store import PAGE_MAX, ConversationInfo, StoredMessage
from kkgpt.db.reads import SharedRead
from kkgpt.documents.context import PartsDone
from kkgpt.errors import InvalidInput, KkgptError
from kkgpt.services import Services
from kkgpt.web.deps import CurrentUser, ServicesDep, TurnCallerDep
from kkgpt.web.sse import EventStreamResponse, coalesced, sse_event

router = APIRouter(prefix="/api/v1", tags=["conversations"])


class NewConversation(BaseModel):
    """Start a conversation, optionally with a task assistant."""

    assistant: str | None = Field(default=None, max_length=64)


class ConversationId(BaseModel):
    """The id of a new conversation."""

    id: str


class ConversationOut(BaseModel):
    """A conversation in the list."""

    id: str
    title: str | None
    assistant: str | None
    created_at: datetime
    updated_at: datetime
    pinned: bool = False


class SearchMatch(BaseModel):
    """Where a search matched: offsets `[start, end)` into the title and into `snippet`, a piece of the first
    message that matched (as the employee sees it)."""

    title_highlights: list[tuple[int, int]]
    message_id: int | None = None
    role: Literal["user", "assistant"] | None = None
    snippet: str | None = None
    highlights: list[tuple[int, int]] = Field(default_factory=list)


class ConversationHit(ConversationOut):
    """A conversation in the list; with `q`, where the search matched."""

    match: SearchMatch | None = None


class ConversationList(BaseModel):
    """A page of the employee's conversations, most recent first."""

    conversations: list[ConversationHit]
    next_before: str | None = Field(
        description="Pass as `before` to get the next (older) page; null when there are no more. A search "
                    "reads at most 100 conversations per request, so a page may hold fewer hits than `limit` "
                    "(even none) and still go on."
    )


class MessageOut(BaseModel):
    """One message: `content` is what the employee sees, `model_content` what the model saw or wrote."""

    id: int
    role: Literal["user", "assistant"]
    status: str
    content: str
    model_content: str
    token_count: int
    error_code: str | None
    created_at: datetime


class ConversationDetail(ConversationOut):
    """A conversation with its messages."""

    messages: list[MessageOut]


class Rename(BaseModel):
    """A new title, pinned or not, or both."""

    title: str | None = Field(default=None, min_length=1, max_length=80)
    pinned: bool | None = Field(default=None, description="True keeps the conversation at the top of the list.")

    @field_validator("title", mode="before")
    @classmethod
    def _collapse_spaces(cls, value: object) -> object:
        return " ".join(value.split()) if isinstance(value, str) else value


class SendMessage(BaseModel):
    """The employee's message, optionally about documents uploaded to the conversation."""

    text: str
    documents: list[str] = Field(default_factory=list, max_length=50,
                                 description="Ids of the conversation's documents; the model reads their "
                                             "shielded text after the question.")


class MaskedSpan(BaseModel):
    """A span of the employee's text that the model received masked."""

    type: str
    start: int
    end: int
    action: str


class Reply(BaseModel):
    """A finished turn: what the model received, and the answer restored for the employee."""

    conversation_id: str
    title: str | None = Field(default=None, description="The conversation's title after this turn. After the "
                              "first answer the model names the conversation (a stream sends it in a `title` "
                              "event after `done`).")
    message_id: int
    reply_message_id: int
    reply: str
    model_input: str
    masked: list[MaskedSpan]
    special_categories: list[str]
    input_tokens: int
    reply_tokens: int
    status: str
    documents: list[str] = Field(default_factory=list, description="The documents the question named.")
    based_on_parts: bool = Field(
        default=False, description="True when the documents were too long for the model and it read parts "
                                   "of them (or summaries of parts); the reply says so too.")


def _conversation(c: ConversationInfo) -> ConversationOut:
    return ConversationOut(id=c.id, title=c.title, assistant=c.assistant_key,
                           created_at=c.created_at, updated_at=c.updated_at, pinned=c.pinned)


def _hit(hit: SearchHit) -> ConversationHit:
    snippet = hit.snippet
    match = SearchMatch(title_highlights=list(hit.title_highlights), message_id=hit.message_id, role=hit.role,
                        snippet=snippet.text if snippet else None,
                        highlights=list(snippet.highlights) if snippet else [])
    return ConversationHit(**_conversation(hit.conversation).model_dump(), match=match)


def _message(m: StoredMessage) -> MessageOut:
    return MessageOut(id=m.id, role=m.role, status=m.status, content=m.content, model_content=m.model_content,
                      token_count=m.token_count, error_code=m.error_code, created_at=m.created_at)


def _reply(submitted: Submitted, answer: StoredMessage, title: str | None = None) -> dict[str, Any]:
    annotations = submitted.message.annotations
    return Reply(
        conversation_id=submitted.conversation.id,
        title=title or submitted.conversation.title,
        message_id=submitted.message.id,
        reply_message_id=answer.id,
        reply=answer.content,
        model_input=submitted.message.model_content,
        masked=[MaskedSpan(type=s["type"], start=s["start"], end=s["end"], action=s["action"])
                for s in annotations.get("spans", [])],
        special_categories=annotations.get("special_categories", []),
        input_tokens=submitted.message.token_count,
        reply_tokens=answer.token_count,
        status=answer.status,
        documents=[d["id"] for d in annotations.get("documents", [])],
        based_on_parts=bool(annotations.get("document_strategy")),
    ).model_dump(mode="json")


def _error_body(exc: KkgptError, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": exc.code, "message": exc.message}, **extra}


async def _stream(services: Services, user: Principal, submitted: Submitted, again: bool) -> AsyncIterator[str]:
    yield sse_event("message", {"conversation_id": submitted.conversation.id, "message_id": submitted.message.id,
                                "model_input": submitted.message.model_content})
    try:
        answer = services.chat.answer(user, submitted.conversation.id, again=again, lease=submitted.lease,
                                      state=submitted.state)
        async for event in coalesced(answer):
            if isinstance(event, Delta):
                yield sse_event("delta", {"text": event.text})
            elif isinstance(event, Completed):
                yield sse_event("done", _reply(submitted, event.message))
            elif isinstance(event, Failed):
                yield sse_event("error", _error_body(event.error, message_id=submitted.message.id))
            elif isinstance(event, Titled):
                yield sse_event("title", {"conversation_id": event.conversation.id, "title": event.conversation.title})
    except KkgptError as exc:
        yield sse_event("error", _error_body(exc, message_id=submitted.message.id))


async def _with_progress(services: Services, user: Principal, first: PartsDone | Submitted,
                         steps: AsyncIterator[PartsDone | Submitted]) -> AsyncIterator[str]:
    """`progress` events until the message is stored, then the answer's events."""
    step: PartsDone | Submitted | None = first
    try:
        async with aclosing(steps) as rest:
            while isinstance(step, PartsDone):
                yield sse_event("progress", {"done": step.done, "total": step.total})
                step = await anext(rest, None)
    except KkgptError as exc:
        yield sse_event("error", _error_body(exc))
        return
    if isinstance(step, Submitted):
        async with aclosing(_stream(services, user, step, False)) as events:
            async for event in events:
                yield event


async def _answer(request: Request, services: Services, user: Principal, submitted: Submitted,
                  *, again: bool = False) -> Response:
    """Answer the last message as JSON, or as server-sent events when the client asks for them."""
    if "text/event-stream" in request.headers.get("accept", ""):
        return EventStreamResponse(_stream(services, user, submitted, again))
    answer = services.chat.answer(user, submitted.conversation.id, again=again, lease=submitted.lease,
                                  state=submitted.state, deltas=False)
    done, title = None, None
    async with aclosing(answer) as events:
        async for event in events:
            if isinstance(event, Completed):
                done = event.message  # the model may still name the conversation
            elif isinstance(event, Titled):
                title = event.conversation.title
            elif isinstance(event, Failed):
                body = _error_body(event.error, conversation_id=submitted.conversation.id,
                                   message_id=submitted.message.id)
                return JSONResponse(body, status_code=event.error.status_code)
    if done is None:
        raise KkgptError(detail="answer stream ended without a result")
    return JSONResponse(_reply(submitted, done, title))


@router.post("/conversations", status_code=201, response_model=ConversationId)
async def create_conversation(user: CurrentUser, services: ServicesDep, body: NewConversation | None = None):
    """Start an empty conversation, optionally with a task assistant (see `/api/v1/assistants`)."""
    assistant = body.assistant if body else None
    if assistant is not None and assistant not in services.library.assistants:
        raise InvalidInput("Den valgte opgavetype findes ikke.", code="unknown_assistant")
    c = await services.conversations.create(user.id, assistant_key=assistant)
    return ConversationId(id=c.id)


@router.get("/conversations", response_model=ConversationList)
async def list_conversations(
    user: CurrentUser, services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 50,
    before: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=QUERY_MAX, description="Search titles and messages.")] = None,
    pinned: Annotated[bool | None, Query(description="Only pinned (true) or only other (false) ones.")] = None,
):
    """The employee's conversations, most recently active first, a page at a time (see `next_before`).

    With `q`, only conversations whose title or messages (as the employee sees them) contain its words, in
    order and in any case, each with `match`: the first matching message's `snippet` and the offsets to mark.
    """
    if q is not None:
        found = await services.search.search(user.id, q, limit=limit, before=before)
        return ConversationList(conversations=[_hit(h) for h in found.hits], next_before=found.next_before)
    page = await services.conversations.page(user.id, limit=limit, before=before, pinned=pinned)
    return ConversationList(conversations=[ConversationHit(**_conversation(c).model_dump())
                                           for c in page.conversations], next_before=page.next_before)


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail)
async def get_conversation(conversation_id: str, user: CurrentUser, services: ServicesDep):
    """One conversation with its messages (the newest 1,000); another employee's conversation is 404."""
    c = await services.conversations.get(user.id, conversation_id)
    messages = await services.conversations.messages(user.id, conversation_id)
    return ConversationDetail(**_conversation(c).model_dump(), messages=[_message(m) for m in messages])


@router.patch("/conversations/{conversation_id}", response_model=ConversationOut)
async def rename_conversation(conversation_id: str, body: Rename, user: CurrentUser, services: ServicesDep):
    """Give a conversation a new title (like automatic titles, it passes the PII shield: no CPR numbers), or pin
    it to the top of the list (`{"pinned": true}`) or unpin it."""
    if body.title is None and body.pinned is None:
        raise InvalidInput("Angiv en ny titel eller om samtalen skal fastgøres.", code="invalid_input")
    c = await services.conversations.get(user.id, conversation_id)
    if body.title is not None:
        c = await services.chat.rename(user, conversation_id, body.title)
    if body.pinned is not None:
        c = await services.conversations.pin(user.id, conversation_id, body.pinned)
    return _conversation(c)


@router.delete("/conversations/{conversation_id}", status_code=204)
async def delete_conversation(conversation_id: str, user: CurrentUser, services: ServicesDep) -> Response:
    """Delete a conversation, its messages and its placeholder mapping."""
    await services.conversations.delete(user.id, conversation_id)
    return Response(status_code=204)


@router.post(
    "/conversations/{conversation_id}/messages",
    response_model=Reply,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def send_message(
    conversation_id: str, body: SendMessage, request: Request, caller: TurnCallerDep, services: ServicesDep
) -> Response:
    """Send a message. JSON by default; with `Accept: text/event-stream`, events `message`, `delta`, `done`/`error`.

    While an answer is being written in the conversation (another tab or client), 409 `conversation_busy`.
    With `documents` longer than the model's context, the stream starts with `progress` events
    (`{"done", "total"}`) while their parts are summarised.
    """
    return await _send(request, services, caller.user, conversation_id, body, reads=caller.reads)


@router.post(
    "/conversations/{conversation_id}/messages/{message_id}/edit",
    response_model=Reply,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def edit_message(
    conversation_id: str, message_id: int, body: SendMessage, request: Request, caller: TurnCallerDep,
    services: ServicesDep,
) -> Response:
    """Send an earlier message of one's own again with new text: it and every message after it are replaced.

    The same as sending (shield, quotas, `Accept: text/event-stream`, 409 while an answer is being written);
    another employee's conversation or an unknown message is 404, an answer 422 `not_editable`.
    """
    return await _send(request, services, caller.user, conversation_id, body, edit=message_id, reads=caller.reads)


async def _send(request: Request, services: Services, user: Principal, conversation_id: str, body: SendMessage,
                *, edit: int | None = None, reads: SharedRead | None = None) -> Response:
    """Store the message (in place of `edit`, if given) and answer it as JSON or as events."""
    if body.documents and "text/event-stream" in request.headers.get("accept", ""):
        steps = services.chat.submit_steps(user, conversation_id, body.text, documents=body.documents, edit=edit,
                                           reads=reads)
        first = await anext(steps)  # refusals (404, 409, 413, 428, 429) keep their status
        return EventStreamResponse(_with_progress(services, user, first, steps))
    submitted = await services.chat.submit(user, conversation_id, body.text, documents=body.documents, edit=edit,
                                           reads=reads)
    return await _answer(request, services, user, submitted)


@router.post(
    "/conversations/{conversation_id}/regenerate",
    response_model=Reply,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def regenerate(conversation_id: str, request: Request, caller: TurnCallerDep,
                     services: ServicesDep) -> Response:
    """Answer the last message again (after an error, or for a different answer); only that answer is replaced.

    While an answer is being written in the conversation, 409 `conversation_busy`.
    """
    submitted = await services.chat.prepare_regenerate(caller.user, conversation_id, caller.reads)
    return await _answer(request, services, caller.user, submitted, again=True)
