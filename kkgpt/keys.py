"""Secrets the app needs at rest: loaded from settings, or generated once into the data directory.

Everything KK-GPT writes lives in the data directory, which is made private (0700) with files only the
service user can read (0600). In production the keys come from settings or a key file outside it.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from cryptography.fernet import Fernet

from kkgpt.settings import Settings

logger = logging.getLogger(__name__)


def private_directory(path: Path) -> Path:
    """Create `path` (0700) if needed, and take group and world access away from one that exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077 and path.stat().st_uid == os.geteuid():
        path.chmod(mode & 0o700)
        logger.info("made the data directory %s private (0700)", path)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 if it does not exist; tighten an existing file of ours to 0600."""
    private_directory(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077 and path.stat().st_uid == os.geteuid():
            path.chmod(0o600)
    return path


def _load_or_create(path: Path, make: str) -> str:
    """Read a key file, or create it with `make` (0600) when it does not exist yet."""
    private_directory(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(make + "\n")
    logger.info("generated %s; set it in the environment when running several replicas", path.name)
    return make


def session_secret(settings: Settings) -> str:
    """The key that signs session cookies and derives pseudonymous usage keys."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    return _load_or_create(settings.data_dir / "secret.key", secrets.token_urlsafe(48))


def _split_keys(text: str) -> list[str]:
    return [k.strip() for k in text.replace("\n", ",").split(",") if k.strip()]


def encryption_keys(settings: Settings) -> list[str]:
    """Fernet keys for data at rest, newest first (for rotation: add the new key in front, keep the old ones).

    From `KKGPT_ENCRYPTION_KEYS`, else from `KKGPT_ENCRYPTION_KEY_FILE`, else generated once into the data
    directory (development only: production refuses to start without one of the first two).
    """
    if settings.encryption_keys is not None:
        return _split_keys(settings.encryption_keys.get_secret_value())
    if settings.encryption_key_file is not None:
        try:
            found = _split_keys(settings.encryption_key_file.read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"KKGPT_ENCRYPTION_KEY_FILE cannot be read: {type(exc).__name__}") from exc
        if not found:
            raise ValueError("KKGPT_ENCRYPTION_KEY_FILE holds no key")
        return found
    return [_load_or_create(settings.data_dir / "encryption.key", Fernet.generate_key().decode("ascii"))]
