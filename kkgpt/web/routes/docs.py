"""The OpenAPI page: Swagger UI pinned with SRI from the CDN (or the mirror), started by a static script."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kkgpt.web.assets import SWAGGER_UI_CSS, SWAGGER_UI_JS
from kkgpt.web.deps import ServicesDep, TemplatesDep

router = APIRouter(include_in_schema=False)


@router.get("/api/docs")
async def api_docs(request: Request, services: ServicesDep, templates: TemplatesDep) -> HTMLResponse:
    """The API documentation; this one page may use Swagger UI's inline styles."""
    base = services.settings.asset_base_url
    policy = (f"default-src 'self'; script-src 'self' {SWAGGER_UI_JS.url(base)}; "
              f"style-src 'self' 'unsafe-inline' {SWAGGER_UI_CSS.url(base)}; img-src 'self' data:; "
              "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
    return templates.response(request, "api_docs.html", headers={"Content-Security-Policy": policy},
                              swagger_js=SWAGGER_UI_JS, swagger_css=SWAGGER_UI_CSS)
