"""The sidebar's conversation list: grouped by day with pinned ones first, searched, pinned and unpinned."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kkgpt.auth.users import Principal
from kkgpt.chat.search import QUERY_MAX
from kkgpt.chat.store import PAGE_MAX, utcnow
from kkgpt.services import Services
from kkgpt.web.deps import CurrentUser, ServicesDep, TemplatesDep
from kkgpt.web.i18n import request_translator
from kkgpt.web.sidebar import GROUPS, grouped, hit_views

router = APIRouter(include_in_schema=False)

# The sidebar shows this many conversations (besides the pinned ones); "Vis flere" fetches the next ones.
SIDEBAR_CONVERSATIONS = 50
# Search hits per request; "Søg i ældre samtaler" continues.
SIDEBAR_HITS = 20


async def sidebar_context(services: Services, user: Principal, *, before: str | None = None,
                          after: str | None = None) -> dict[str, Any]:
    """What `_conversation_list.html` needs: the first page has the pinned conversations on top."""
    pinned = [] if before else (await services.conversations.page(user.id, limit=PAGE_MAX, pinned=True)).conversations
    page = await services.conversations.page(user.id, limit=SIDEBAR_CONVERSATIONS, before=before, pinned=False)
    groups = grouped(page.conversations, utcnow(), pinned=pinned, after=after)
    return {"groups": groups, "next_before": page.next_before, "last_group": groups[-1].name if groups else after,
            "conversations": [*pinned, *page.conversations]}


def _active(request: Request) -> str:
    """The conversation the page that asked is showing (to mark it in the list), or ""."""
    path = urlsplit(request.headers.get("hx-current-url", "")).path.rstrip("/")
    return path.rsplit("/c/", 1)[1] if "/c/" in path else ""


@router.get("/conversations/search")
async def search(
    request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    q: Annotated[str, Query(max_length=QUERY_MAX)] = "",
    before: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Search the employee's conversations: the list for htmx (the grouped list again when `q` is empty),
    more hits for "Søg i ældre samtaler", or a page of its own without JavaScript."""
    t = request_translator(request)
    htmx = bool(request.headers.get("hx-request"))
    if not q.strip():
        if not htmx:
            return RedirectResponse("/chat", status_code=303)
        context: dict[str, Any] = await sidebar_context(services, user)
        active = _active(request)
        context["conversation"] = next((c for c in context["conversations"] if c.id == active), None)
        status = ""
    else:
        found = await services.search.search(user.id, q, limit=SIDEBAR_HITS, before=before)
        context = {"hits": hit_views(found.hits, t("chat.untitled")), "next_before": found.next_before,
                   "query": q, "continued": before is not None}
        if not htmx:
            return templates.response(request, "conversations.html", conversation=None, **context)
        if before is not None:
            return templates.response(request, "_conversation_hits.html", **context)
        count = len(found.hits)
        status = (t("nav.search_none") if not count else t("nav.search_found_one") if count == 1
                  else t("nav.search_found", count=count))
    html = templates.render_string(request, "_conversation_list.html", **context)
    html += templates.render_string(request, "_search_status.html", search_status=status)
    return HTMLResponse(html)


@router.post("/c/{conversation_id}/pin")
async def pin(
    conversation_id: str, request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    pinned: Annotated[bool, Form()] = True,
) -> Response:
    """Pin a conversation to the top of the list (or unpin it); htmx gets the list again."""
    c = await services.conversations.pin(user.id, conversation_id, pinned)
    if not request.headers.get("hx-request"):
        return RedirectResponse(f"/c/{c.id}", status_code=303)
    context = await sidebar_context(services, user)
    active = _active(request)
    current = next((c for c in context["conversations"] if c.id == active), None)
    return templates.response(request, "_conversation_list.html", conversation=current, **context)


def known_group(name: str | None) -> str | None:
    """A group name from a query string, if it is one."""
    return name if name in GROUPS else None
