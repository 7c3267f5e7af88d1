"""One gate for text that no layer below can hold: NUL characters and lone surrogates, anywhere in a request.

PostgreSQL text cannot store U+0000 (asyncpg refuses it), and a lone surrogate (U+D800..U+DFFF, e.g. from the
JSON escape "\\ud800") cannot be encoded as UTF-8, so encryption, JSON answers and the database all fail on it.
Both can arrive percent-encoded in a path or query, as JSON escapes, or in a form post. The app runs
`refuse_unusable_text` before every route, so each route and service may assume clean text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request

from kkgpt.errors import InvalidInput

_UNUSABLE = re.compile("[\x00\ud800-\udfff]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def unusable_text(value: str) -> bool:
    """True when `value` holds a NUL character or a lone surrogate (JSON joins valid pairs into one character)."""
    return _UNUSABLE.search(value) is not None


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parsed JSON value, keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


async def _body_strings(request: Request) -> list[str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in _FORM_TYPES:
        # Cached by Starlette: the route reads the same parsed form.
        form = await request.form()
        return [s for key, value in form.multi_items() for s in (key, value) if isinstance(s, str)]
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            return list(_strings(await request.json()))
        except (ValueError, UnicodeDecodeError):
            return []  # not JSON at all: the route's own validation answers that
    return []


async def refuse_unusable_text(request: Request) -> None:
    """Refuse (422 `invalid_text`) a request whose path, query or body holds NUL or a lone surrogate."""
    values = [str(v) for v in request.path_params.values()]
    values += [s for item in request.query_params.multi_items() for s in item]
    values += await _body_strings(request)
    if any(unusable_text(value) for value in values):
        raise InvalidInput("Teksten indeholder tegn, der ikke kan bruges (fx et nul-tegn). Fjern dem, og prøv igen.",
                           code="invalid_text")

