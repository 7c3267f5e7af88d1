"""Per-request telemetry: a request id (echoed in `X-Request-ID`), HTTP metrics and one access-log line.

Everything is keyed by the route template (`/api/v1/conversations/{conversation_id}`), never the raw path
or query string, which can hold ids and whatever a client typed. This replaces uvicorn's access log.
"""

from __future__ import annotations

import logging
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kkgpt.logs import request_context, request_id_from

access_log = logging.getLogger("kkgpt.access")
logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
UNMATCHED = "unmatched"  # 404s: a scanner's made-up paths must not each become a metric series
# Probes and scrapes every few seconds would drown the log at INFO.
_QUIET_ROUTES = {"/healthz", "/readyz", "/metrics"}


def route_template(scope: Scope) -> str:
    """The template of the route that handled the request, or `UNMATCHED`."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class RequestTelemetryMiddleware:
    """Sets the request id for logs, counts and times each request, and logs it without its path or body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), None)
        status = 500  # an error that escapes every handler is answered 500 outside this middleware

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = context.request_id
            await send(message)

        with request_context(request_id_from(header)) as context:
            # The error handler answers an escaped error outside this middleware; it reads the id from here.
            scope.setdefault("state", {})["request_id"] = context.request_id
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as exc:
                # One line inside the request's context, so the traceback the server logs next can be found
                # by the id the employee sees. The type only: an exception's message may quote stored values.
                logger.error("unhandled %s on %s %s", type(exc).__name__, scope["method"], route_template(scope))
                raise
            finally:
                self._done(scope, status, time.perf_counter() - context.started)

    @staticmethod
    def _done(scope: Scope, status: int, seconds: float) -> None:
        method, route = scope["method"], route_template(scope)
        services = getattr(scope["app"].state, "services", None)
        if services is not None:
            services.metrics.request_done(method, route, status, seconds)
        duration_ms = round(seconds * 1000, 1)
        access_log.log(logging.DEBUG if route in _QUIET_ROUTES else logging.INFO,
                       "%s %s %s %.0fms", method, route, status, duration_ms,
                       extra={"method": method, "route": route, "status": status, "duration_ms": duration_ms})
