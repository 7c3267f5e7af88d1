"""How errors reach the employee: JSON for the API and fetch, a fragment for htmx, a page otherwise."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import escape
from sqlalchemy.exc import OperationalError, StatementError
from sqlalchemy.exc import TimeoutError as SqlTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kkgpt.errors import DocumentRejected, KkgptError, MessageBlocked, NotAuthenticated, QuotaExceeded
from kkgpt.web.i18n import request_translator
from kkgpt.web.reminders import reason_label
from kkgpt.web.templating import Templates

logger = logging.getLogger(__name__)


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or "application/json" in accept or "text/event-stream" in accept


def _error_text(request: Request, exc: KkgptError) -> str:
    """The catalogue text for the error's code in the employee's language; a block names its reasons."""
    language = request.state.language
    t = request_translator(request)
    if isinstance(exc, MessageBlocked) and exc.reasons:
        if language == "da" and exc.message != MessageBlocked.message:
            return exc.message  # the shield's own sentence, naming what to remove
        return t("error.message_blocked_reasons", reasons=", ".join(reason_label(t, r) for r in exc.reasons))
    if isinstance(exc, DocumentRejected) and language == "da":
        return exc.message  # says the limit or the format that applies; the catalogue has the English gist
    translated = t(f"error.{exc.code}", **getattr(exc, "params", {}))
    return exc.message if translated == f"error.{exc.code}" else translated


def error_response(request: Request, status: int, code: str, text: str,
                   headers: dict[str, str] | None = None) -> Response:
    """One rendering of every error: JSON for API and fetch clients, a fragment for htmx, else a page."""
    if status == 401 and request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    if status == 401 and not _wants_json(request) and request.method == "GET":
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    headers = {**(headers or {}), **({"WWW-Authenticate": "Bearer"} if status == 401 else {})} or None
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": text}}, status_code=status, headers=headers)
    if request.headers.get("hx-request"):
        return HTMLResponse(f'<p class="alert alert--error" role="alert">{escape(text)}</p>', status_code=status,
                            headers=headers)
    templates: Templates = request.app.state.templates
    return templates.response(request, "error.html", status_code=status, headers=headers, message=text)


def _cut_driver_errors(exc: BaseException) -> None:
    """Drop what a database error chains to, so the server's traceback cannot quote stored values.

    SQLAlchemy's own message hides parameters (see `create_engine`), but the driver error it wraps may quote
    them: asyncpg's "DETAIL: Key (subject)=(dev:jens hansen) already exists."
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StatementError):
            current.__cause__ = None
            current.__context__ = None
            current.__suppress_context__ = True
            return
        current = current.__cause__ or current.__context__


def _overloaded(exc: Exception) -> bool:
    """SQLite's "database is locked" after its busy timeout, or no free connection in the pool in time."""
    if isinstance(exc, SqlTimeoutError):
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def install_error_handlers(app: FastAPI) -> None:
    """Render every error the same way (see `error_response`)."""

    @app.exception_handler(KkgptError)
    async def kkgpt_error(request: Request, exc: KkgptError) -> Response:
        if not isinstance(exc, NotAuthenticated) and exc.status_code >= 500:
            logger.warning("%s on %s %s: %s", exc.code, request.method, request.url.path, exc.detail)
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, QuotaExceeded) else None
        return error_response(request, exc.status_code, exc.code, _error_text(request, exc), headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 401: "not_authenticated", 403: "forbidden"}.get(exc.status_code, "invalid_input")
        return error_response(request, exc.status_code, code, request_translator(request)(f"error.{code}"))

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # The traceback is logged by the server; the employee gets a calm Danish (or English) message.
        _cut_driver_errors(exc)
        if _overloaded(exc):
            # Not a fault in KK-GPT: the database waited too long for a lock or a free connection.
            logger.warning("database busy on %s %s: %s", request.method, request.url.path, type(exc).__name__)
            return error_response(request, 503, "database_busy", request_translator(request)("error.database_busy"),
                                  {"Retry-After": "5"})
        # The request id lets support find the server's traceback; the employee's page shows it too.
        request_id = getattr(request.state, "request_id", None)
        t = request_translator(request)
        text = t("error.internal") + (" " + t("error.reference", id=request_id) if request_id else "")
        return error_response(request, 500, "internal", text, {"X-Request-ID": request_id} if request_id else None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        # Field details only: request bodies (message text) are never echoed back or logged.
        fields = [".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()]
        if _wants_json(request):
            return JSONResponse(
                {"error": {"code": "invalid_input", "message": "Forespørgslen er ugyldig.", "fields": fields}},
                status_code=422,
            )
        text = request_translator(request)("error.invalid_input")
        return error_response(request, 422, "invalid_input", text)
