"""The usage guidelines: the full text, versioned acceptance (page and API), and the task assistants."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from kkgpt.web.deps import CurrentUser, ServicesDep, TemplatesDep
from kkgpt.web.routes.auth import safe_next

router = APIRouter()


@router.get("/guidelines", include_in_schema=False)
async def guidelines_page(request: Request, user: CurrentUser, services: ServicesDep, templates: TemplatesDep,
                          next: str = "/chat") -> Response:
    """Every guideline point in full, with the accept button when the current version is not yet accepted."""
    accepted_at = await services.acceptance.accepted_at(user.id)
    published = await services.tips.list("published", limit=20)
    return templates.response(request, "guidelines.html", guidelines=services.library.guidelines,
                              accepted_at=accepted_at, next=safe_next(next), tips=published)


@router.post("/guidelines/accept", include_in_schema=False)
async def accept_page(user: CurrentUser, services: ServicesDep, version: Annotated[str, Form(max_length=64)],
                      next: Annotated[str, Form()] = "/chat") -> RedirectResponse:
    """Record acceptance from the page, then go back to the chat."""
    await services.acceptance.accept(user.id, version)
    return RedirectResponse(safe_next(next), status_code=303)


class GuidelinePointOut(BaseModel):
    """One guideline point."""

    number: int
    key: str
    title: str
    short: str
    body: str = Field(description="Markdown")


class GuidelinesOut(BaseModel):
    """The current guidelines and whether the caller has accepted them."""

    version: str
    accepted: bool
    accepted_at: datetime | None
    language: str
    intro: str
    points: list[GuidelinePointOut]


class Acceptance(BaseModel):
    """Accept a version of the guidelines (it must be the current one)."""

    version: str = Field(max_length=64)


class AcceptanceOut(BaseModel):
    """A recorded acceptance."""

    version: str
    accepted_at: datetime


class AssistantOut(BaseModel):
    """A task assistant a conversation can start with."""

    key: str
    name: str
    description: str
    category: str
    starter: str


@router.get("/api/v1/guidelines", response_model=GuidelinesOut, tags=["guidelines"])
async def get_guidelines(user: CurrentUser, services: ServicesDep, language: str = "da") -> GuidelinesOut:
    """The current guideline version and text (Danish, or `?language=en`)."""
    guidelines = services.library.guidelines
    accepted_at = await services.acceptance.accepted_at(user.id, guidelines.version)
    language = language if language in ("da", "en") else "da"
    return GuidelinesOut(
        version=guidelines.version, accepted=accepted_at is not None, accepted_at=accepted_at, language=language,
        intro=guidelines.intro[language],
        points=[GuidelinePointOut(number=p.number, key=p.key, title=p.title, short=p.short, body=p.body)
                for p in guidelines.in_language(language)],
    )


@router.post("/api/v1/guidelines/accept", response_model=AcceptanceOut, tags=["guidelines"])
async def accept_guidelines(body: Acceptance, user: CurrentUser, services: ServicesDep) -> AcceptanceOut:
    """Accept the current guidelines; an outdated version is refused with 409."""
    accepted_at = await services.acceptance.accept(user.id, body.version)
    return AcceptanceOut(version=body.version, accepted_at=accepted_at)


@router.get("/api/v1/assistants", response_model=list[AssistantOut], tags=["guidelines"])
async def list_assistants(user: CurrentUser, services: ServicesDep, language: str = "da") -> list[AssistantOut]:
    """The task assistants; pass `assistant` when creating a conversation to use one."""
    return [AssistantOut(key=a.key, name=a.name_in(language), description=a.description_in(language),
                         category=a.category, starter=a.starter_in(language))
            for a in services.library.assistants.values()]
