"""The learning loop in the browser: feedback on answers, tips from colleagues, and the admin's review."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kkgpt.errors import InvalidInput
from kkgpt.learning.feedback import NEGATIVE_REASONS, POSITIVE_REASONS, TIME_SAVED
from kkgpt.web.deps import CurrentAdmin, CurrentUser, ServicesDep, TemplatesDep

router = APIRouter(include_in_schema=False)


@router.post("/m/{message_id}/feedback")
async def give_feedback(
    message_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
    rating: Annotated[int, Form()], reasons: Annotated[list[str] | None, Form()] = None,
    comment: Annotated[str | None, Form(max_length=2000)] = None,
    stage: Annotated[Literal["rate", "details"], Form()] = "rate",
    time_saved: Annotated[str | None, Form(max_length=16)] = None,
) -> HTMLResponse:
    """Thumbs up/down (stage "rate"), then reasons and a comment (stage "details"); returns the widget."""
    details = stage == "details"
    feedback = await services.feedback.give(user, message_id, rating=rating,
                                            reasons=(reasons or []) if details else None,
                                            comment=(comment or None) if details else None,
                                            time_saved=(time_saved or None) if details else None)
    return templates.response(request, "_feedback.html", message_id=message_id, feedback=feedback,
                              expanded=stage == "rate", positive=POSITIVE_REASONS, negative=NEGATIVE_REASONS,
                              time_saved=TIME_SAVED)


@router.get("/tips")
async def tips_page(request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep) -> Response:
    """Share a tip, and read the published tips from colleagues."""
    return templates.response(request, "tips.html", tips=await services.tips.list("published"), draft="",
                              preview=None, saved=False, error=None)


@router.post("/tips/preview")
async def preview_tip(request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
                      text: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """Show the tip exactly as it would be stored (personal data replaced) before saving it."""
    published = await services.tips.list("published")
    try:
        preview = await services.tips.scrubbed(text)
    except InvalidInput as exc:
        return templates.response(request, "tips.html", status_code=422, tips=published, draft=text, preview=None,
                                  saved=False, error=exc.code)
    return templates.response(request, "tips.html", tips=published, draft=text, preview=preview, saved=False,
                              error=None)


@router.post("/tips")
async def save_tip(request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
                   text: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """Store the previewed tip; if scrubbing it again changes anything, show the new preview instead."""
    published = await services.tips.list("published")
    clean = await services.tips.scrubbed(text)
    if clean != text.strip():
        return templates.response(request, "tips.html", tips=published, draft=text, preview=clean, saved=False,
                                  error=None)
    await services.tips.submit(clean)
    return templates.response(request, "tips.html", tips=published, draft="", preview=None, saved=True, error=None)


@router.get("/admin/tips")
async def review_tips(request: Request, admin: CurrentAdmin, services: ServicesDep,
                      templates: TemplatesDep) -> Response:
    """Pending tips to publish or reject, and the published ones."""
    return templates.response(request, "admin_tips.html", pending=await services.tips.list("pending"),
                              published=await services.tips.list("published"))


@router.post("/admin/tips/{tip_id}")
async def decide_tip(tip_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request, admin: CurrentAdmin,
                     services: ServicesDep, templates: TemplatesDep,
                     status: Annotated[Literal["published", "rejected", "pending"], Form()]) -> Response:
    """Publish, reject or withdraw a tip; htmx gets both lists again, with their counts."""
    await services.tips.review(tip_id, status)
    if request.headers.get("hx-request"):
        return templates.response(request, "admin_tips.html", block="review",
                                  pending=await services.tips.list("pending"),
                                  published=await services.tips.list("published"))
    return RedirectResponse("/admin/tips", status_code=303)
