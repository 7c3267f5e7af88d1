"""Uploads larger than the document limit are refused before their body is read (or spooled to disk).

Starlette parses a multipart body completely before a route runs, so a limit in the route would come after a
gigabyte had been written to a temporary file. This middleware looks at `Content-Length` first: too large is
413 `document_too_large`, none at all (a chunked upload, which browsers never send for a form) is 411.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from kkgpt.web.errors import error_response
from kkgpt.web.i18n import request_translator

_UPLOAD_PATH = re.compile(r"^/(?:api/v1/conversations/[^/]+|c/[^/]+|chat)/documents$")
# Room for the multipart framing around the file (boundaries, headers of the part).
MULTIPART_OVERHEAD = 64 * 1024


class UploadLimitMiddleware:
    """Refuses document uploads over `max_bytes` (plus the multipart framing) by their declared length."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_body = max_bytes + MULTIPART_OVERHEAD
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not _UPLOAD_PATH.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        status = 411 if length is None or not length.isdigit() else 413 if int(length) > self.max_body else 0
        if not status:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        t = request_translator(request)
        code = "document_too_large" if status == 413 else "document_length_required"
        megabytes = f"{self.max_bytes / 1_000_000:g}".replace(".", ",")
        response = error_response(request, status, code, t(f"error.{code}", megabytes=megabytes))
        await response(scope, receive, send)
