"""HTTP transport errors from both httpx generations (the openai SDK and authlib may use either)."""

from __future__ import annotations

import httpx

TRANSPORT_ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError,)
try:  # pragma: no cover - depends on the installed library generation
    import httpx2

    TRANSPORT_ERRORS += (httpx2.HTTPError,)
except ImportError:  # pragma: no cover
    pass
