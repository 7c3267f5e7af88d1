"""The services container: everything the app needs, built once at start-up and put on `app.state`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from kkgpt import keys
from kkgpt.auth.oidc import OidcLogin
from kkgpt.auth.sessions import LoginSessions
from kkgpt.auth.tokens import ApiTokens
from kkgpt.auth.users import UserStore
from kkgpt.chat.locks import AnswerLocks
from kkgpt.chat.prompt import DEFAULT_SYSTEM_PROMPT, PromptBuilder
from kkgpt.chat.search import ConversationSearch
from kkgpt.chat.service import ChatService
from kkgpt.chat.store import ConversationStore
from kkgpt.db import migrate
from kkgpt.db.crypto import FieldCipher
from kkgpt.db.engine import create_engine, create_session_factory
from kkgpt.documents.limits import Limits
from kkgpt.documents.service import DocumentService
from kkgpt.documents.store import DocumentStore
from kkgpt.guidelines.acceptance import AcceptanceRegistry
from kkgpt.guidelines.loader import GuidelineLibrary
from kkgpt.learning.feedback import FeedbackStore
from kkgpt.learning.tips import TipStore
from kkgpt.llm.base import ModelBackend
from kkgpt.llm.registry import default_registry
from kkgpt.llm.tokens import TokenCounter, context_window_for, encoding_name_for, load_encoding
from kkgpt.metrics import Metrics, multiprocess_dir
from kkgpt.pii.shield import SYSTEM_PROMPT_DA, PiiShield
from kkgpt.readiness import Readiness
from kkgpt.settings import Settings
from kkgpt.usage.quotas import Quotas
from kkgpt.usage.recorder import UsageRecorder
from kkgpt.usage.scenarios import TrialStore
from kkgpt.usage.statistics import UsageStatistics

logger = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything a request may need; routes get parts of it through dependencies."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    users: UserStore
    conversations: ConversationStore
    backend: ModelBackend
    shield: PiiShield
    counter: TokenCounter
    chat: ChatService
    documents: DocumentService
    login_sessions: LoginSessions
    api_tokens: ApiTokens
    quotas: Quotas
    session_secret: str
    library: GuidelineLibrary
    acceptance: AcceptanceRegistry
    usage: UsageRecorder
    feedback: FeedbackStore
    tips: TipStore
    statistics: UsageStatistics
    trials: TrialStore
    oidc: OidcLogin | None = None
    metrics: Metrics = field(default_factory=Metrics)
    readiness: Readiness = field(init=False)
    search: ConversationSearch = field(init=False)

    def __post_init__(self) -> None:
        self.readiness = Readiness(self.engine, self.settings)
        self.search = ConversationSearch(self.conversations)

    async def aclose(self) -> None:
        """Close the model client and the database pool, and retire this process's live metrics."""
        await self.backend.aclose()
        await self.engine.dispose()
        self.metrics.close()


def build_token_counter(settings: Settings) -> TokenCounter:
    """The token counter for the configured model (or the encoding the settings name)."""
    return TokenCounter(load_encoding(settings.model_encoding or encoding_name_for(settings.model_name)))


def build_shield(settings: Settings) -> PiiShield:
    """The PII shield with the configured policy and optional NLP model."""
    from kkgpt.pii import build_shield as _build

    return _build(policy_path=settings.pii_policy_file, nlp_model=settings.pii_nlp_model)


async def build_services(
    settings: Settings,
    *,
    backend: ModelBackend | None = None,
    shield: PiiShield | None = None,
    counter: TokenCounter | None = None,
    http_client: httpx.AsyncClient | None = None,
    library: GuidelineLibrary | None = None,
    run_migrations: bool = True,
) -> Services:
    """Build every service for `settings`; tests pass their own backend, shield or HTTP client."""
    keys.private_directory(settings.data_dir)
    engine = create_engine(settings.effective_database_url)
    if run_migrations and settings.migrate_on_start:
        await migrate.upgrade(engine)
    sessions = create_session_factory(engine)
    counter = counter or build_token_counter(settings)
    shield = shield or build_shield(settings)
    backend = backend or default_registry().build(settings, http_client)
    cipher = FieldCipher(keys.encryption_keys(settings))
    conversations = ConversationStore(sessions, cipher)
    document_store = DocumentStore(sessions, cipher)
    secret = keys.session_secret(settings)
    library = library or GuidelineLibrary(settings.guidelines_dir)
    usage = UsageRecorder(sessions, secret, settings.usage_key_rotation,
                          guidelines=lambda: library.guidelines.version)
    acceptance = AcceptanceRegistry(sessions, library, usage.key_for)

    def assistant_prompt(key: str) -> str | None:
        assistant = library.assistants.get(key)
        return assistant.system_prompt if assistant else None

    prompts = PromptBuilder(
        counter=counter,
        context_window=settings.model_context_window or context_window_for(settings.model_name),
        reply_tokens=settings.model_reply_tokens,
        system_prompt=settings.system_prompt or DEFAULT_SYSTEM_PROMPT,
        placeholder_instructions=SYSTEM_PROMPT_DA,
        assistant_prompt=assistant_prompt,
    )
    quotas = Quotas(sessions, settings, key_for=usage.usage_key)
    metrics = Metrics(multiprocess=multiprocess_dir())
    chat = ChatService(
        store=conversations,
        locks=AnswerLocks(sessions, lease_seconds=settings.answer_lock_seconds),
        backend=backend,
        shield=shield,
        counter=counter,
        prompts=prompts,
        acceptance=acceptance,
        usage=usage,
        assistants=lambda: library.assistants,
        max_message_chars=settings.max_message_chars,
        quotas=quotas,
        metrics=metrics,
        documents=document_store,
    )
    documents = DocumentService(
        store=document_store, conversations=conversations, shield=shield, counter=counter, acceptance=acceptance,
        limits=Limits(max_bytes=settings.document_max_bytes, max_pages=settings.document_max_pages,
                      max_chars=settings.document_max_chars,
                      max_unpacked_bytes=settings.document_max_unpacked_bytes),
        per_conversation=settings.documents_per_conversation, keep_originals=settings.document_keep_originals,
    )
    logger.info("KK-GPT services ready: model backend %s (%s)", settings.model_backend, backend.name)
    if settings.dev_login and (settings.secure_cookies or settings.oidc_enabled):
        logger.warning("the development login is ON next to a production setup: anyone can log in as anyone, "
                       "admin included. Set KKGPT_DEV_LOGIN=false (KKGPT_ENV=production refuses to start so).")
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        users=UserStore(sessions),
        conversations=conversations,
        backend=backend,
        shield=shield,
        counter=counter,
        chat=chat,
        documents=documents,
        login_sessions=LoginSessions(sessions, idle=timedelta(minutes=settings.session_idle_minutes),
                                     lifetime=timedelta(hours=settings.session_max_age_hours)),
        api_tokens=ApiTokens(sessions),
        quotas=quotas,
        session_secret=secret,
        library=library,
        acceptance=acceptance,
        usage=usage,
        feedback=FeedbackStore(sessions, cipher, scrub=shield.scrub, key_for=usage.usage_key,
                               category_for=chat.task_category),
        tips=TipStore(sessions, cipher, scrub=shield.scrub),
        statistics=UsageStatistics(sessions, min_users=settings.stats_min_users, prices=settings.model_prices_dkk),
        trials=TrialStore(sessions),
        oidc=OidcLogin(settings) if settings.oidc_enabled else None,
        metrics=metrics,
    )
