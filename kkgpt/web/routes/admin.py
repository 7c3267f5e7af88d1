"""Administration: the start page (statistics are in `admin_stats`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kkgpt.web.deps import CurrentAdmin, ServicesDep, TemplatesDep

router = APIRouter()


@router.get("/admin", include_in_schema=False)
async def admin_home(request: Request, admin: CurrentAdmin, services: ServicesDep,
                     templates: TemplatesDep) -> Response:
    """What needs an administrator's attention."""
    pending = await services.tips.list("pending")
    return templates.response(request, "admin.html", pending_count=len(pending),
                              guideline_version=services.library.guidelines.version,
                              assistant_count=len(services.library.assistants))
