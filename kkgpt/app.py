"""The app factory: `create_app(settings)`; run with `uvicorn --factory kkgpt.app:create_app` or `kkgpt serve`."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from kkgpt import __version__
from kkgpt.chat.retention import retention_round, run_retention
from kkgpt.documents.formats import ACCEPTED_EXTENSIONS
from kkgpt.production import check_production, weak_secret
from kkgpt.services import Services, build_services
from kkgpt.settings import Settings
from kkgpt.web.assets import HTMX
from kkgpt.web.errors import install_error_handlers
from kkgpt.web.markdown import MarkdownRenderer
from kkgpt.web.middleware import RequestContextMiddleware, ServiceSessionMiddleware
from kkgpt.web.routes import (
    account,
    admin,
    admin_scenarios,
    admin_stats,
    admin_users,
    api,
    auth,
    chat,
    chat_documents,
    conversation_list,
    docs,
    documents,
    guidelines,
    health,
    learning,
)
from kkgpt.web.routes import metrics as metrics_route
from kkgpt.web.telemetry import RequestTelemetryMiddleware
from kkgpt.web.templating import Templates
from kkgpt.web.upload_limit import UploadLimitMiddleware
from kkgpt.web.validation import refuse_unusable_text

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"

ServicesBuilder = Callable[[Settings], Awaitable[Services]]


def _static_url_factory() -> Callable[[str], str]:
    """`static_url(name)` with a content hash, so browsers refetch a file exactly when it changes."""
    versions = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in STATIC_DIR.iterdir() if path.is_file()
    }

    def static_url(name: str) -> str:
        return f"/static/{name}?v={versions.get(name, __version__)}"

    return static_url


async def _warm_statistics(services) -> None:
    """Prepare the dashboard's figures in the background; a failure only costs speed, so it is logged."""
    try:
        await services.statistics.warm()
    except SQLAlchemyError as exc:
        logger.warning("usage statistics not prepared at start-up: %s", type(exc).__name__)


def create_app(settings: Settings | None = None, *, build: ServicesBuilder | None = None) -> FastAPI:
    """Build the KK-GPT app; services are created in the lifespan (tests may pass their own `build`)."""
    settings = settings or Settings()
    check_production(settings)
    if (weak := weak_secret(settings)) is not None:
        logger.warning("!!! %s. Fine for a demo on one machine, never for real data.", weak)
    builder = build or build_services

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await builder(settings)
        app.state.services = services
        periods = {"days": settings.retention_days, "usage_days": settings.usage_retention_days,
                   "housekeeping": (services.login_sessions.purge, services.api_tokens.purge,
                                    services.quotas.purge)}
        await retention_round(services.sessions, **periods)  # at start-up, then every hour
        # A plain task, not a task group: the lifespan's start and end may run in different tasks.
        retention = asyncio.create_task(run_retention(services.sessions, **periods))
        background = [retention]
        if settings.stats_warmup:
            background.append(asyncio.create_task(_warm_statistics(services)))
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            await services.aclose()

    app = FastAPI(
        title="KK-GPT",
        version=__version__,
        summary="Københavns Kommunes egen AI-assistent med et dansk PII-skjold.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        # Before any route: no NUL or lone surrogate reaches a service, the database or a JSON answer.
        dependencies=[Depends(refuse_unusable_text)],
    )
    templates = Templates(settings.templates_dir, asset_base_url=settings.asset_base_url, markdown=MarkdownRenderer())
    templates.env.globals["static_url"] = _static_url_factory()
    templates.env.globals["document_extensions"] = ACCEPTED_EXTENSIONS
    app.state.templates = templates
    app.state.settings = settings

    # Innermost: the language is known (RequestContextMiddleware) when an oversized upload is refused.
    app.add_middleware(UploadLimitMiddleware, max_bytes=settings.document_max_bytes)
    app.add_middleware(ServiceSessionMiddleware, max_age=settings.session_max_age_hours * 3600,
                       https_only=settings.secure_cookies)
    app.add_middleware(RequestContextMiddleware, default_language=settings.default_language,
                       scripts=HTMX.url(settings.asset_base_url), public_url=settings.public_url,
                       production=settings.production)
    app.add_middleware(RequestTelemetryMiddleware)  # outermost: its request id is in every log line
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in (health.router, auth.router, chat.router, conversation_list.router, chat_documents.router, api.router, documents.router,
                   guidelines.router, learning.router, admin.router, admin_stats.router, admin_scenarios.router,
                   admin_users.router, account.router,
                   docs.router, metrics_route.router):
        app.include_router(router)
    return app


def create_worker_app() -> FastAPI:
    """The app in one of `kkgpt serve --workers N`'s processes: logging set up there, then `create_app`.

    uvicorn starts each worker afresh, so nothing configured in the supervising process reaches it.
    """
    from kkgpt.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)
