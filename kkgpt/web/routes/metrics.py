"""Prometheus metrics on `/metrics`, for the scraper only: a bearer token, or a direct private address."""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from kkgpt.metrics import CONTENT_TYPE
from kkgpt.settings import Settings
from kkgpt.web.deps import ServicesDep

router = APIRouter(tags=["operations"])


def _private_direct(request: Request) -> bool:
    """A request from loopback or a private network that no proxy relayed (a proxy relays the internet)."""
    if "x-forwarded-for" in request.headers or "forwarded" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.client.host if request.client else "")
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # Python 3.11 calls every ::ffff:a.b.c.d private
    return address.is_loopback or address.is_private


def _token_matches(request: Request, settings: Settings) -> bool:
    assert settings.metrics_token is not None
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = settings.metrics_token.get_secret_value()
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected.encode())


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, services: ServicesDep) -> Response:
    """The Prometheus text format; with `KKGPT_METRICS_TOKEN` set, only for `Authorization: Bearer <tok>`."""
    settings = services.settings
    if settings.metrics_token is not None:
        if not _token_matches(request, settings):
            return PlainTextResponse("A bearer token is required.", status_code=401,
                                     headers={"WWW-Authenticate": "Bearer"})
    elif not _private_direct(request):
        return PlainTextResponse("Metrics are served to the internal network only; set KKGPT_METRICS_TOKEN.",
                                 status_code=403)
    return Response(services.metrics.render(), media_type=CONTENT_TYPE)
