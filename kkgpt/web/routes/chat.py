"""The chat pages: conversation list, a conversation, and the streamed answer as HTML fragments."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import replace
from typing import Annotated

import anyio
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from kkgpt.auth.users import Principal
from kkgpt.chat.service import Completed, Delta, Failed, Submitted, Titled, span_annotations
from kkgpt.chat.store import ConversationInfo
from kkgpt.db.reads import SharedRead
from kkgpt.documents.context import PartsDone
from kkgpt.errors import KkgptError, NotFound, QuotaExceeded
from kkgpt.pii.summary import masked_values
from kkgpt.web.deps import CurrentUser, ServicesDep, TemplatesDep, TurnCallerDep
from kkgpt.web.examples import EXAMPLES
from kkgpt.web.i18n import request_entities, request_translator
from kkgpt.web.markdown import StreamingMarkdown
from kkgpt.web.placeholders import labelled_html
from kkgpt.web.reminders import build_reminders, reason_label
from kkgpt.web.routes.conversation_list import known_group, sidebar_context
from kkgpt.web.sidebar import Group
from kkgpt.web.sse import EventStreamResponse, coalesced, sse_event
from kkgpt.web.templating import Templates
from kkgpt.web.views import MessageView, message_views

router = APIRouter(include_in_schema=False)

# Re-rendering the growing answer as Markdown costs CPU; do it at most this often while streaming.
RENDER_INTERVAL_SECONDS = 0.05


def _wants_stream(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")


def chat_urls(conversation: ConversationInfo | None) -> dict[str, str]:
    """Where the page sends messages, new answers, previews and files for this conversation (or a new one)."""
    if conversation is None:
        return {"stream_url": "/chat/messages", "regenerate_url": "", "preview_url": "/chat/preview",
                "upload_url": "/chat/documents"}
    return {
        "stream_url": f"/c/{conversation.id}/messages",
        "regenerate_url": f"/c/{conversation.id}/regenerate",
        "preview_url": f"/c/{conversation.id}/preview",
        "upload_url": f"/c/{conversation.id}/documents",
    }


async def _chat_page(
    request: Request, services: ServicesDep, templates: Templates, user: Principal,
    conversation: ConversationInfo | None,
) -> Response:
    """The chat page: conversation list, messages, composer, guideline panel (and acceptance when due)."""
    t = request_translator(request)
    messages = await services.conversations.messages(user.id, conversation.id) if conversation else []
    answers = [m.id for m in messages if m.role == "assistant"]
    assistants = services.library.assistants
    return templates.response(
        request, "chat.html",
        conversation=conversation,
        **await sidebar_context(services, user),
        messages=message_views(messages, t),
        accepted=await services.acceptance.has_accepted(user.id),
        guidelines=services.library.guidelines,
        assistants=list(assistants.values()),
        examples=EXAMPLES,
        assistant=assistants.get(conversation.assistant_key) if conversation and conversation.assistant_key else None,
        published_tips=await services.tips.list("published", limit=3),
        feedback_by_message=await services.feedback.for_messages(user.id, answers),
        retention_days=services.settings.retention_days,
        usage=await services.quotas.usage(user),
        **chat_urls(conversation),
    )


@router.get("/chat")
async def new_chat(request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep) -> Response:
    """An empty conversation, ready for the first message (or for accepting the guidelines)."""
    return await _chat_page(request, services, templates, user, None)


@router.get("/conversations")
async def more_conversations(
    request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    before: Annotated[str | None, Query(max_length=200)] = None,
    group: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """Older conversations: list entries for htmx ("Vis flere" in the sidebar), else a page of their own.
    `group` is the date group the shown list ends in: its heading is not repeated."""
    context = await sidebar_context(services, user, before=before, after=known_group(group))
    name = "_conversation_items.html" if request.headers.get("hx-request") else "conversations.html"
    return templates.response(request, name, conversation=None, **context)


@router.get("/c/{conversation_id}")
async def conversation_page(
    conversation_id: str, request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep
) -> Response:
    """One conversation with its messages."""
    conversation = await services.conversations.get(user.id, conversation_id)
    return await _chat_page(request, services, templates, user, conversation)


def _reminders_html(request: Request, services: ServicesDep, templates: Templates, annotations: dict,
                    *, sent: bool, blocked: tuple[str, ...] = ()) -> str:
    language = request.state.language
    reminders = build_reminders(
        entity_types=[s["type"] for s in annotations.get("spans", [])],
        special_categories=annotations.get("special_categories", []),
        blocked_reasons=blocked, guidelines=services.library.guidelines, language=language,
        t=request_translator(request), sent=sent,
    )
    return templates.render_string(request, "_reminders.html", reminders=reminders)


async def _answer_events(
    request: Request,
    templates: Templates,
    services: ServicesDep,
    user: Principal,
    conversation: ConversationInfo,
    submitted: Submitted,
    again: bool,
) -> AsyncIterator[str]:
    """The turn as server-sent events carrying ready-to-insert, sanitised HTML."""
    t = request_translator(request)
    urls = chat_urls(conversation)
    if not again:
        if submitted.created:
            item = templates.render_string(
                request, "_conversation_item.html", c=conversation, conversation=conversation
            )
            group = templates.render_string(request, "_conversation_items.html", groups=[Group("today")],
                                            next_before=None)
            yield sse_event("conversation", {"id": conversation.id, "url": f"/c/{conversation.id}",
                                             "title": conversation.title, "item_html": item,
                                             "group_html": group.strip(), **urls,
                                             "title_html": templates.render_string(
                                                 request, "chat.html", block="chat_title_text",
                                                 conversation=conversation)})
        [view] = message_views([submitted.message], t)
        yield sse_event("user", {
            "html": templates.render_string(request, "_message.html", m=view, feedback_by_message={}, **urls),
            "reminder_html": _reminders_html(request, services, templates, submitted.message.annotations, sent=True),
        })
    text, rendering = "", StreamingMarkdown(templates.markdown)
    entities, language = request_entities(request), getattr(request.state, "language", "da")
    try:
        answer = services.chat.answer(user, conversation.id, again=again, lease=submitted.lease,
                                      state=submitted.state)
        async for event in coalesced(answer, RENDER_INTERVAL_SECONDS):
            if isinstance(event, Delta):
                text += event.text
                yield sse_event("delta", {"html": str(labelled_html(rendering.update(text), entities, language))})
            elif isinstance(event, Completed | Failed):
                [view] = message_views([event.message], t)
                view = replace(view, question_id=submitted.message.id)
                notice = t(f"error.{event.error.code}") if isinstance(event, Failed) and event.kept else None
                html = templates.render_string(request, "_message.html", m=view, feedback_by_message={},
                                               notice=notice, **urls)
                yield sse_event("done" if isinstance(event, Completed) else "error", {"html": html})
            elif isinstance(event, Titled):
                c = event.conversation
                item = templates.render_string(request, "_conversation_item.html", c=c, conversation=c)
                yield sse_event("title", {"id": c.id, "title": c.title, "item_html": item,
                                          "title_html": templates.render_string(
                                              request, "chat.html", block="chat_title_text", conversation=c)})
    except KkgptError as exc:
        yield sse_event("error", {"message": t(f"error.{exc.code}"), "code": exc.code})


async def _document_turn(
    request: Request, templates: Templates, services: ServicesDep, user: Principal, conversation_id: str,
    text: str, documents: list[str], edit: int | None = None,
) -> AsyncIterator[str]:
    """A turn about documents as events: `progress` while parts are summarised, then as `_answer_events`.

    A refusal before the message is stored (a quota, a blocked message, a busy conversation) is an `error`
    event without `html`: the page keeps the text in the composer and shows why.
    """
    t = request_translator(request)
    submitted = None
    try:
        steps = services.chat.submit_steps(user, conversation_id, text, documents=documents, edit=edit)
        async with aclosing(steps) as steps:
            async for step in steps:
                if isinstance(step, PartsDone):
                    yield sse_event("progress", {"done": step.done, "total": step.total,
                                                 "message": t("documents.progress", done=step.done,
                                                              total=step.total)})
                else:
                    submitted = step
    except KkgptError as exc:
        translated = t(f"error.{exc.code}", **getattr(exc, "params", {}))
        message = exc.message if translated == f"error.{exc.code}" or request.state.language == "da" else translated
        yield sse_event("error", {"message": message, "code": exc.code})
        return
    if submitted is not None:
        async with aclosing(_answer_events(request, templates, services, user, submitted.conversation, submitted,
                                           False)) as events:
            async for event in events:
                yield event


async def _respond(
    request: Request, templates: Templates, services: ServicesDep, user: Principal,
    conversation: ConversationInfo, submitted: Submitted, *, again: bool = False,
) -> Response:
    events = _answer_events(request, templates, services, user, conversation, submitted, again)
    if _wants_stream(request):
        return EventStreamResponse(events)
    async for _ in events:  # without JavaScript: finish the turn, then show the conversation
        pass
    return RedirectResponse(f"/c/{conversation.id}", status_code=303)


@router.post("/chat/messages")
async def send_first_message(
    request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    text: Annotated[str, Form()] = "", assistant: Annotated[str | None, Form()] = None,
) -> Response:
    """Start a conversation with its first message and stream the answer."""
    submitted = await services.chat.submit(user, None, text, assistant_key=assistant or None)
    return await _respond(request, templates, services, user, submitted.conversation, submitted)


@router.post("/c/{conversation_id}/messages")
async def send_message(
    conversation_id: str, request: Request, caller: TurnCallerDep, services: ServicesDep, templates: TemplatesDep,
    text: Annotated[str, Form()] = "", documents: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies
) -> Response:
    """Add a message (about the attached documents, if any) to a conversation and stream the answer."""
    return await _send(request, templates, services, caller.user, conversation_id, text, documents,
                       reads=caller.reads)


@router.post("/c/{conversation_id}/messages/{message_id}/edit")
async def edit_message(
    conversation_id: str, message_id: int, request: Request, caller: TurnCallerDep, services: ServicesDep,
    templates: TemplatesDep, text: Annotated[str, Form()] = "",
    documents: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies
) -> Response:
    """Send an earlier message again with new text: it and the answers after it are replaced."""
    return await _send(request, templates, services, caller.user, conversation_id, text, documents, edit=message_id,
                       reads=caller.reads)


async def _send(request: Request, templates: Templates, services: ServicesDep, user: Principal,
                conversation_id: str, text: str, documents: list[str], *, edit: int | None = None,
                reads: SharedRead | None = None) -> Response:
    """Store the message (in place of `edit`, if given) and stream the answer, or redirect without JavaScript."""
    if documents and _wants_stream(request):
        if reads is not None:
            await reads.close()  # the turn runs inside the stream: no connection is held meanwhile
        # Long documents may take many model calls before the answer starts: stream their progress too.
        return EventStreamResponse(_document_turn(request, templates, services, user, conversation_id, text,
                                                  documents, edit))
    submitted = await services.chat.submit(user, conversation_id, text, documents=documents, edit=edit, reads=reads)
    return await _respond(request, templates, services, user, submitted.conversation, submitted)


async def _own_message(services: ServicesDep, user: Principal, conversation_id: str, message_id: int,
                       request: Request) -> MessageView:
    """One of the employee's own messages in the conversation, as the page shows it."""
    messages = await services.conversations.messages(user.id, conversation_id)
    message = next((m for m in messages if m.id == message_id and m.role == "user"), None)
    if message is None:
        raise NotFound("Beskeden findes ikke, eller du har ikke adgang til den.")
    [view] = message_views([message], request_translator(request))
    return view


@router.get("/c/{conversation_id}/messages/{message_id}/edit")
async def edit_form(
    conversation_id: str, message_id: int, request: Request, user: CurrentUser, services: ServicesDep,
    templates: TemplatesDep,
) -> HTMLResponse:
    """The form that edits one of the employee's messages in place (with the same preview as the composer)."""
    return await _message_response(services, user, conversation_id, message_id, request, templates,
                                   "_message_edit.html")


@router.get("/c/{conversation_id}/messages/{message_id}")
async def message_fragment(
    conversation_id: str, message_id: int, request: Request, user: CurrentUser, services: ServicesDep,
    templates: TemplatesDep,
) -> HTMLResponse:
    """One of the employee's messages as shown in the conversation (after a cancelled edit)."""
    return await _message_response(services, user, conversation_id, message_id, request, templates,
                                   "_message.html", feedback_by_message={})


async def _message_response(services: ServicesDep, user: Principal, conversation_id: str, message_id: int,
                            request: Request, templates: TemplatesDep, template: str,
                            **context: object) -> HTMLResponse:
    """One of the employee's own messages rendered with `template` and the conversation's URLs."""
    view = await _own_message(services, user, conversation_id, message_id, request)
    conversation = await services.conversations.get(user.id, conversation_id)
    return templates.response(request, template, m=view, **context, **chat_urls(conversation))


@router.post("/c/{conversation_id}/regenerate")
async def regenerate(
    conversation_id: str, request: Request, caller: TurnCallerDep, services: ServicesDep, templates: TemplatesDep
) -> Response:
    """Replace the last answer (or an error) with a new one; 409 while an answer is being written."""
    submitted = await services.chat.prepare_regenerate(caller.user, conversation_id, caller.reads)
    return await _respond(request, templates, services, caller.user, submitted.conversation, submitted, again=True)


async def _preview(
    request: Request, services: ServicesDep, templates: Templates, user: Principal, conversation_id: str | None,
    text: str, preview_id: str = "pii-preview",
) -> HTMLResponse:
    t = request_translator(request)
    result = None
    if text.strip() and len(text) <= services.settings.max_message_chars:
        try:
            await services.quotas.take_preview(user)
        except QuotaExceeded as exc:  # the preview pauses; sending is limited separately
            notice = t(f"error.{exc.code}", **exc.params)
            return HTMLResponse(f'<p class="pii-preview__paused muted">{escape(notice)}</p>',
                                headers={"Retry-After": str(exc.retry_after)})
        stored = (await services.conversations.vault(user.id, conversation_id))[0] if conversation_id else None
        choices = await services.conversations.choices(user.id, conversation_id) if conversation_id else None
        vault = services.shield.load_vault(stored)
        result = await anyio.to_thread.run_sync(services.shield.preview, text, vault, choices)
    values = masked_values(result) if result else []
    blocked = ", ".join(reason_label(t, r) for r in (result.block_reasons if result else ()))
    special = ", ".join(t(f"special.{c}") for c in (result.special_categories if result else ()))
    preview_html = templates.render_string(request, "_pii_preview.html", result=result, blocked_names=blocked,
                                           special_names=special, values=values, preview_id=preview_id)
    annotations = span_annotations(result) if result else {}
    reminder = _reminders_html(request, services, templates, annotations, sent=False,
                               blocked=tuple(result.block_reasons) if result else ())
    return HTMLResponse(preview_html + f'<div id="guideline-reminder" class="guideline-reminder" role="status" '
                                       f'hx-swap-oob="true">{reminder}</div>')


@router.post("/chat/preview")
async def preview_new(
    request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    text: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """What the shield would mask in a draft (nothing is stored or sent)."""
    return await _preview(request, services, templates, user, None, text)


# The preview's element: the composer's, or an edited message's.
PreviewId = Annotated[str, Form(pattern=r"^(pii-preview|edit-[0-9]{1,12}-preview)$")]


@router.post("/c/{conversation_id}/preview")
async def preview(
    conversation_id: str, request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    text: Annotated[str, Form()] = "", preview_id: PreviewId = "pii-preview",
) -> HTMLResponse:
    """What the shield would mask in a draft, with this conversation's placeholders."""
    return await _preview(request, services, templates, user, conversation_id, text, preview_id)


@router.get("/c/{conversation_id}/item")
async def conversation_item(
    conversation_id: str, request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep
) -> HTMLResponse:
    """One entry of the conversation list (after a cancelled rename)."""
    c = await services.conversations.get(user.id, conversation_id)
    active = request.headers.get("hx-current-url", "").rstrip("/").endswith(f"/c/{conversation_id}")
    return templates.response(request, "_conversation_item.html", c=c, conversation=c if active else None)


@router.get("/c/{conversation_id}/rename")
async def rename_form(
    conversation_id: str, request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep
) -> HTMLResponse:
    """The inline rename form for one list entry."""
    c = await services.conversations.get(user.id, conversation_id)
    return templates.response(request, "_conversation_rename.html", c=c)


@router.post("/c/{conversation_id}/rename")
async def rename(
    conversation_id: str, request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    title: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Rename a conversation; an empty title keeps the old one."""
    title = " ".join(title.split())[:80]
    c = (await services.chat.rename(user, conversation_id, title) if title
         else await services.conversations.get(user.id, conversation_id))
    if not request.headers.get("hx-request"):
        return RedirectResponse(f"/c/{conversation_id}", status_code=303)
    active = request.headers.get("hx-current-url", "").rstrip("/").endswith(f"/c/{conversation_id}")
    item = templates.render_string(request, "_conversation_item.html", c=c, conversation=c if active else None)
    if active:  # the page's heading shows the title too
        item += templates.render_string(request, "chat.html", block="chat_title", conversation=c, oob=True)
    return HTMLResponse(item)


@router.post("/c/{conversation_id}/delete")
async def delete(
    conversation_id: str, request: Request, user: CurrentUser, services: ServicesDep
) -> Response:
    """Delete a conversation; the page viewing it goes back to a new chat."""
    await services.conversations.delete(user.id, conversation_id)
    current = request.headers.get("hx-current-url", "")
    if request.headers.get("hx-request") and current.rstrip("/").endswith(f"/c/{conversation_id}"):
        return Response(status_code=200, headers={"HX-Redirect": "/chat"})
    if request.headers.get("hx-request"):
        return HTMLResponse("")
    return RedirectResponse("/chat", status_code=303)
