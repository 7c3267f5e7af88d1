"""Probes for load balancers and orchestrators: `/healthz` (alive) and `/readyz` (ready for traffic)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from kkgpt.web.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Is this process alive?")
async def healthz() -> JSONResponse:
    """Always 200 `{"status": "ok"}` while the process serves requests; it touches nothing else."""
    return JSONResponse({"status": "ok"})


@router.get("/readyz", summary="Is this replica ready for traffic?")
async def readyz(services: ServicesDep) -> JSONResponse:
    """200 when the database answers, its schema is current and a model is configured; else 503.

    The body lists every check: `{"status": "ok", "checks": {"database": "ok", ...}}`; on 503 `failed`
    names the checks that did not pass.
    """
    report = await services.readiness.check()
    if report.ready:
        return JSONResponse({"status": "ok", "checks": report.checks})
    body = {"status": "error", "failed": report.failed, "checks": report.checks}
    return JSONResponse(body, status_code=503)
