"""What `KKGPT_ENV=production` demands: every setting that still looks like development is a problem.

`kkgpt serve` and `create_app` refuse to start in production while `production_problems` finds any,
printing one line per problem that names the setting. In development the same secret check only warns.
"""

from __future__ import annotations

import math
import string
from collections import Counter
from pathlib import Path

from kkgpt.settings import Settings

# 32 random bytes: the strength the session secret must have at least.
MIN_SECRET_BITS = 256
# Below this many bits of observed entropy per character the secret repeats itself ("abcabc...", "aaaa...").
_MIN_BITS_PER_CHAR = 3.0
_CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


class ProductionNotReady(RuntimeError):
    """`KKGPT_ENV=production` with settings that belong to development; `problems` names each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("KKGPT_ENV=production, but:\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


def secret_bits(secret: str) -> float:
    """A conservative estimate of the randomness in `secret`, in bits.

    The lower of two estimates: length times the bits of the alphabet the secret draws from (lower case,
    upper case, digits, anything else), and length times its observed entropy per character, scaled
    so that a random string over its alphabet reaches the first. A long but repetitive secret scores low.
    """
    if not secret:
        return 0.0
    alphabet = sum(len(c) for c in _CLASSES if any(ch in c for ch in secret))
    if any(not any(ch in c for c in _CLASSES) for ch in secret):
        alphabet += 32  # punctuation and the rest
    by_alphabet = len(secret) * math.log2(max(alphabet, 2))
    counts = Counter(secret)
    observed = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    if observed < _MIN_BITS_PER_CHAR:
        return len(secret) * observed
    return by_alphabet


def weak_secret(settings: Settings) -> str | None:
    """Why the configured session secret is too weak, or None (a missing one is generated, and strong)."""
    if settings.secret_key is None:
        return None
    bits = secret_bits(settings.secret_key.get_secret_value().strip())
    if bits < MIN_SECRET_BITS:
        return (f"KKGPT_SECRET_KEY is weaker than 32 random bytes (about {bits:.0f} of {MIN_SECRET_BITS} bits); "
                "create one with: python -c \"import secrets; print(secrets.token_urlsafe(48))\"")
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def production_problems(settings: Settings) -> list[str]:
    """Every reason the settings are not fit for production, one line each, naming the setting."""
    problems: list[str] = []
    if settings.dev_login:
        problems.append("KKGPT_DEV_LOGIN is on: anyone could log in as anyone, admin included; set it to false")
    if not settings.oidc_enabled:
        problems.append("KKGPT_OIDC_DISCOVERY_URL and KKGPT_OIDC_CLIENT_ID are not set: configure single sign-on")
    if settings.model_backend == "mock":
        problems.append("KKGPT_MODEL_BACKEND is mock: choose openai or azure")
    if settings.secret_key is None:
        problems.append("KKGPT_SECRET_KEY is not set: a key generated into the data directory is neither "
                        "shared by replicas nor kept apart from the data")
    elif reason := weak_secret(settings):
        problems.append(reason)
    if settings.encryption_keys is None and settings.encryption_key_file is None:
        problems.append("KKGPT_ENCRYPTION_KEYS (or KKGPT_ENCRYPTION_KEY_FILE) is not set: the key must not be "
                        "generated beside the database")
    elif settings.encryption_keys is None and settings.encryption_key_file is not None \
            and _inside(settings.encryption_key_file, settings.data_dir):
        problems.append("KKGPT_ENCRYPTION_KEY_FILE lies inside KKGPT_DATA_DIR: keep the key apart from the data")
    if not settings.secure_cookies:
        problems.append("KKGPT_SECURE_COOKIES is false: cookies must only travel over HTTPS")
    if not settings.public_url:
        problems.append("KKGPT_PUBLIC_URL is not set: login redirects and origin checks need the public address")
    elif not settings.public_url.startswith("https://"):
        problems.append("KKGPT_PUBLIC_URL does not start with https://")
    return problems


def check_production(settings: Settings) -> None:
    """Raise `ProductionNotReady` when production is asked for and the settings are not fit for it."""
    if settings.production and (problems := production_problems(settings)):
        raise ProductionNotReady(problems)
