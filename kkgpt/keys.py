"""Secrets the app needs at rest: loaded from settings, or generated once into the data directory."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

from kkgpt.settings import Settings

logger = logging.getLogger(__name__)


def _load_or_create(path: Path, make: str) -> str:
    """Read a key file, or create it with `make` (0600) when it does not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(make + "\n")
    logger.info("generated %s; set it in the environment when running several replicas", path.name)
    return make


def session_secret(settings: Settings) -> str:
    """The key that signs session cookies and development tokens."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    return _load_or_create(settings.data_dir / "secret.key", secrets.token_urlsafe(48))


def encryption_keys(settings: Settings) -> list[str]:
    """Fernet keys for data at rest, newest first (comma-separated in the setting, for rotation)."""
    if settings.encryption_keys is not None:
        return [k.strip() for k in settings.encryption_keys.get_secret_value().split(",") if k.strip()]
    return [_load_or_create(settings.data_dir / "encryption.key", Fernet.generate_key().decode("ascii"))]
