"""All configuration, read from the environment or `.env` with the prefix `KKGPT_`.

This is the only module that reads the environment. Every field is documented in `.env.example`
(a test keeps the two in sync) and has an embedded default, so nothing is required to start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PLACEHOLDER_SECRETS = {"changeme", "change-me", "change_me", "secret", "replace-me", "xxx", "todo"}
_REPO_ROOT = Path(__file__).resolve().parent.parent
_BUNDLED = Path(__file__).resolve().parent / "_bundled"


def _resource_dir(name: str) -> Path:
    """Where a folder shipped beside the package lives (checkout first, then an installed wheel)."""
    checkout = _REPO_ROOT / name
    return checkout if checkout.is_dir() else _BUNDLED / name


class Settings(BaseSettings):
    """KK-GPT settings; see `.env.example` for what each one does."""

    model_config = SettingsConfigDict(
        env_prefix="KKGPT_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # `KKGPT_X=` in .env means "use the default"
        extra="ignore",
        frozen=True,
    )

    # --- Where things live ---
    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("./data")
    database_url: str | None = None
    templates_dir: Path = Field(default_factory=lambda: _resource_dir("templates"))
    guidelines_dir: Path = Field(default_factory=lambda: _resource_dir("guidelines"))

    # --- Serving ---
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=0, ge=0, le=64)
    migrate_on_start: bool = True
    public_url: str | None = None
    secure_cookies: bool = False
    session_max_age_hours: int = Field(default=12, ge=1)
    session_idle_minutes: int = Field(default=120, ge=1)
    secret_key: SecretStr | None = None
    encryption_keys: SecretStr | None = None
    encryption_key_file: Path | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    metrics_token: SecretStr | None = None
    default_language: Literal["da", "en"] = "da"
    asset_base_url: str | None = None

    # --- Login ---
    dev_login: bool = True
    dev_token_ttl_hours: int = Field(default=12, ge=1)
    api_token_days: int = Field(default=90, ge=1, le=3650)
    oidc_discovery_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_scopes: str = "openid profile email"
    oidc_department_claim: str = "department"
    oidc_admin_claim: str = "groups"
    oidc_admin_value: str = "kkgpt-admins"

    # --- Model ---
    model_backend: Literal["mock", "openai", "azure"] = "mock"
    model_name: str = "gpt-4o-mini"
    model_encoding: Literal["o200k_base", "cl100k_base"] | None = None
    model_context_window: int | None = Field(default=None, ge=1024)
    model_reply_tokens: int = Field(default=2048, ge=16)
    model_temperature: float | None = Field(default=None, ge=0, le=2)
    model_timeout_seconds: float = Field(default=60.0, gt=0)
    model_max_retries: int = Field(default=2, ge=0, le=10)
    openai_base_url: str | None = None
    openai_api_key: SecretStr | None = None
    azure_endpoint: str | None = None
    azure_deployment: str | None = None
    azure_api_version: str = "2024-10-21"
    azure_api_key: SecretStr | None = None
    azure_use_entra_id: bool = False
    mock_delay_seconds: float = Field(default=0.03, ge=0, le=5)

    # --- PII shield ---
    pii_policy_file: Path | None = None
    pii_nlp_model: str | None = None

    # --- Chat ---
    system_prompt: str | None = None
    max_message_chars: int = Field(default=60_000, ge=100)
    answer_lock_seconds: int = Field(default=120, ge=10)
    retention_days: int = Field(default=30, ge=0)
    usage_retention_days: int = Field(default=400, ge=0)
    stats_min_users: int = Field(default=5, ge=2)
    usage_key_rotation: Literal["month", "quarter", "year"] = "month"
    stats_warmup: bool = True
    model_prices_dkk: dict[str, tuple[float, float]] = Field(
        default_factory=lambda: {"gpt-4o-mini": (0.0011, 0.0044), "gpt-4o": (0.018, 0.072),
                                 "mock": (0.0011, 0.0044)})

    # --- Documents ---
    document_max_bytes: int = Field(default=20_000_000, ge=1_000)
    document_max_pages: int = Field(default=500, ge=1)
    document_max_chars: int = Field(default=2_000_000, ge=1_000)
    document_max_unpacked_bytes: int = Field(default=200_000_000, ge=1_000_000)
    documents_per_conversation: int = Field(default=20, ge=1)
    document_keep_originals: bool = False

    # --- Quotas (0 switches a limit off) ---
    user_messages_per_minute: int = Field(default=20, ge=0)
    user_previews_per_minute: int = Field(default=120, ge=0)
    user_tokens_per_day: int = Field(default=200_000, ge=0)
    department_tokens_per_month: int = Field(default=0, ge=0)

    @field_validator("secret_key", "encryption_keys", "openai_api_key", "azure_api_key", "oidc_client_secret",
                     "metrics_token")
    @classmethod
    def _refuse_placeholder_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """A copied `.env.example` value must not silently become a real secret."""
        if value is not None and value.get_secret_value().strip().lower() in _PLACEHOLDER_SECRETS:
            raise ValueError("is a placeholder; set a real value or leave it empty")
        if value is not None and not value.get_secret_value().strip():
            return None
        return value

    def missing_model_settings(self) -> list[str]:
        """The settings the chosen model backend needs and lacks, as KKGPT_ names (the mock needs none)."""
        missing: list[str] = []
        if self.model_backend == "azure":
            missing += [f"KKGPT_{name.upper()}" for name in ("azure_endpoint", "azure_deployment")
                        if not getattr(self, name)]
            if not self.azure_api_key and not self.azure_use_entra_id:
                missing.append("KKGPT_AZURE_API_KEY (or KKGPT_AZURE_USE_ENTRA_ID=true)")
        if self.model_backend == "openai" and not self.openai_base_url and not self.openai_api_key:
            missing.append("KKGPT_OPENAI_BASE_URL or KKGPT_OPENAI_API_KEY")
        return missing

    @model_validator(mode="after")
    def _check_backend(self) -> Settings:
        """Refuse a model backend whose required settings are missing, naming them."""
        if missing := self.missing_model_settings():
            raise ValueError(f"model_backend={self.model_backend} needs {', '.join(missing)}")
        if bool(self.oidc_discovery_url) != bool(self.oidc_client_id):
            raise ValueError("KKGPT_OIDC_DISCOVERY_URL and KKGPT_OIDC_CLIENT_ID go together")
        if not self.dev_login and not self.oidc_discovery_url:
            raise ValueError("with KKGPT_DEV_LOGIN=false, configure OIDC so someone can log in")
        return self

    @property
    def effective_database_url(self) -> str:
        """The configured database, or the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'kkgpt.db').resolve()}"

    @property
    def production(self) -> bool:
        """True when KK-GPT runs as a production deployment (`KKGPT_ENV=production`)."""
        return self.env == "production"

    @property
    def oidc_enabled(self) -> bool:
        """True when single sign-on is configured."""
        return bool(self.oidc_discovery_url and self.oidc_client_id)
