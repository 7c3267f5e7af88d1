"""Log records as text or one JSON line each, every one carrying the id of the request it belongs to.

The request id lives in a context variable that the web layer sets for each request (see
`kkgpt.web.telemetry`); tasks started during the request, such as a streamed answer, inherit it.
Messages never carry what an employee wrote: code logs codes, counts and types, never text.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Literal

LogFormat = Literal["text", "json"]

# An id from a proxy or client is kept only when it cannot smuggle anything into a log line.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# These log SQL (at INFO) and its parameters (employees' names, ciphertext, at DEBUG); never let them.
_QUIET_BELOW_INFO = ("aiosqlite", "asyncpg", "sqlalchemy.engine")
# The `extra=` fields a JSON line may carry (the access log's). A list, not "whatever a record has": a
# library's extras (uvicorn passes the whole ASGI scope) must not reach the log.
JSON_EXTRAS = ("method", "route", "status", "duration_ms")


@dataclass(frozen=True)
class RequestContext:
    """The request being served: its id and when it arrived (`time.perf_counter()`)."""

    request_id: str
    started: float = field(default_factory=time.perf_counter)


_current: ContextVar[RequestContext | None] = ContextVar("kkgpt_request", default=None)


def request_id_from(header: str | None) -> str:
    """The client's `X-Request-ID` if it is safe to log, else a new random id."""
    if header is not None and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def current_request() -> RequestContext | None:
    """The request this code runs for, or None outside a request."""
    return _current.get()


@contextmanager
def request_context(request_id: str) -> Iterator[RequestContext]:
    """Mark everything logged inside (and in tasks started inside) as belonging to one request."""
    context = RequestContext(request_id)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (or "-") so that every formatter can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            context = _current.get()
            record.request_id = context.request_id if context else "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, and any of `JSON_EXTRAS`."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({name: getattr(record, name) for name in JSON_EXTRAS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def log_handler(log_format: LogFormat, stream: IO[str] | None = None) -> logging.Handler:
    """A handler that writes records in `log_format` to `stream` (stderr by default), with request ids."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RequestIdFilter())
    return handler


def configure_logging(level: str, log_format: LogFormat, stream: IO[str] | None = None) -> logging.Handler:
    """Send every logger's records to one handler on the root logger (replacing one set up earlier)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_kkgpt", False)]:
        root.removeHandler(old)
    handler = log_handler(log_format, stream)
    handler._kkgpt = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for name in _QUIET_BELOW_INFO:
        # SQLAlchemy's engine logger prints every statement at INFO; the drivers print parameters at DEBUG.
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
