"""The app factory: `create_app(settings)`; run with `uvicorn --factory kkgpt.app:create_app` or `kkgpt serve`."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kkgpt import __version__
from kkgpt.chat.retention import retention_round, run_retention
from kkgpt.errors import KkgptError, MessageBlocked, NotAuthenticated
from kkgpt.services import Services, build_services
from kkgpt.settings import Settings
from kkgpt.web.assets import HTMX, SWAGGER_UI_CSS, SWAGGER_UI_JS
from kkgpt.web.i18n import translator
from kkgpt.web.markdown import MarkdownRenderer
from kkgpt.web.reminders import reason_label
from kkgpt.web.middleware import RequestContextMiddleware, ServiceSessionMiddleware
from kkgpt.web.routes import admin, api, auth, chat, guidelines, health, learning
from kkgpt.web.templating import Templates

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"

ServicesBuilder = Callable[[Settings], Awaitable[Services]]


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or "application/json" in accept or "text/event-stream" in accept


def _error_text(request: Request, exc: KkgptError) -> str:
    """The catalogue text for the error's code in the employee's language; a block names its reasons."""
    language = request.state.language
    t = translator(language)
    if isinstance(exc, MessageBlocked) and exc.reasons:
        if language == "da" and exc.message != MessageBlocked.message:
            return exc.message  # the shield's own sentence, naming what to remove
        return t("error.message_blocked_reasons", reasons=", ".join(reason_label(t, r) for r in exc.reasons))
    translated = t(f"error.{exc.code}")
    return exc.message if translated == f"error.{exc.code}" else translated


def _error_response(request: Request, status: int, code: str, message: str) -> Response:
    """One rendering of every error: JSON for API and fetch clients, a fragment for htmx, else a page."""
    if status == 401 and request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    if status == 401 and not _wants_json(request) and request.method == "GET":
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    text = message
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": text}}, status_code=status, headers=headers)
    if request.headers.get("hx-request"):
        return HTMLResponse(f'<p class="alert alert--error" role="alert">{_escape(text)}</p>', status_code=status)
    templates: Templates = request.app.state.templates
    return templates.response(request, "error.html", status_code=status, message=text)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(KkgptError)
    async def kkgpt_error(request: Request, exc: KkgptError) -> Response:
        if not isinstance(exc, NotAuthenticated) and exc.status_code >= 500:
            logger.warning("%s on %s %s: %s", exc.code, request.method, request.url.path, exc.detail)
        return _error_response(request, exc.status_code, exc.code, _error_text(request, exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 401: "not_authenticated", 403: "forbidden"}.get(exc.status_code, "invalid_input")
        return _error_response(request, exc.status_code, code, translator(request.state.language)(f"error.{code}"))

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # The traceback is logged by the server; the employee gets a calm Danish (or English) message.
        return _error_response(request, 500, "internal", translator(request.state.language)("error.internal"))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        # Field details only: request bodies (message text) are never echoed back or logged.
        fields = [".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()]
        if _wants_json(request):
            return JSONResponse(
                {"error": {"code": "invalid_input", "message": "Forespørgslen er ugyldig.", "fields": fields}},
                status_code=422,
            )
        return _error_response(request, 422, "invalid_input", translator(request.state.language)("error.invalid_input"))


def _static_url_factory() -> Callable[[str], str]:
    """`static_url(name)` with a content hash, so browsers refetch a file exactly when it changes."""
    versions = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in STATIC_DIR.iterdir() if path.is_file()
    }

    def static_url(name: str) -> str:
        return f"/static/{name}?v={versions.get(name, __version__)}"

    return static_url


def create_app(settings: Settings | None = None, *, build: ServicesBuilder | None = None) -> FastAPI:
    """Build the KK-GPT app; services are created in the lifespan (tests may pass their own `build`)."""
    settings = settings or Settings()
    builder = build or build_services

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await builder(settings)
        app.state.services = services
        # A plain task, not a task group: the lifespan's start and end may run in different tasks.
        periods = {"days": settings.retention_days, "usage_days": settings.usage_retention_days}
        retention = None
        if any(periods.values()):
            await retention_round(services.sessions, **periods)  # at start-up, then every hour
            retention = asyncio.create_task(run_retention(services.sessions, **periods))
        try:
            yield
        finally:
            if retention is not None:
                retention.cancel()
                await asyncio.gather(retention, return_exceptions=True)
            await services.aclose()

    app = FastAPI(
        title="KK-GPT",
        version=__version__,
        summary="Københavns Kommunes egen AI-assistent med et dansk PII-skjold.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    templates = Templates(settings.templates_dir, asset_base_url=settings.asset_base_url, markdown=MarkdownRenderer())
    templates.env.globals["static_url"] = _static_url_factory()
    app.state.templates = templates
    app.state.settings = settings

    app.add_middleware(ServiceSessionMiddleware, max_age=settings.session_max_age_hours * 3600,
                       https_only=settings.secure_cookies)
    app.add_middleware(RequestContextMiddleware, default_language=settings.default_language,
                       scripts=HTMX.url(settings.asset_base_url), public_url=settings.public_url)
    _install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in (health.router, auth.router, chat.router, api.router, guidelines.router, learning.router,
                   admin.router):
        app.include_router(router)
    _install_api_docs(app, templates, settings.asset_base_url)
    return app


def _install_api_docs(app: FastAPI, templates: Templates, asset_base_url: str | None) -> None:
    """The OpenAPI page: Swagger UI pinned with SRI from the CDN (or the mirror), started by our own script."""
    policy = (f"default-src 'self'; script-src 'self' {SWAGGER_UI_JS.url(asset_base_url)}; "
              f"style-src 'self' 'unsafe-inline' {SWAGGER_UI_CSS.url(asset_base_url)}; img-src 'self' data:; "
              "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

    @app.get("/api/docs", include_in_schema=False)
    async def api_docs(request: Request) -> HTMLResponse:
        return templates.response(request, "api_docs.html", headers={"Content-Security-Policy": policy},
                                  swagger_js=SWAGGER_UI_JS, swagger_css=SWAGGER_UI_CSS)
