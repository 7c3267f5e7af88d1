"""Settings: embedded defaults, the KKGPT_ prefix, refused placeholders, and `.env.example` in sync."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from kkgpt import keys
from kkgpt.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


def test_defaults_need_nothing() -> None:
    settings = Settings(_env_file=None)
    assert settings.model_backend == "mock" and settings.dev_login is True
    assert settings.effective_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.effective_database_url.endswith("/data/kkgpt.db")
    assert (settings.templates_dir / "base.html").is_file()
    assert settings.guidelines_dir.is_dir()


def test_environment_uses_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KKGPT_MODEL_NAME", "gpt-4.1")
    monkeypatch.setenv("KKGPT_PORT", "9000")
    monkeypatch.setenv("MODEL_NAME", "ignored")
    settings = Settings(_env_file=None)
    assert settings.model_name == "gpt-4.1" and settings.port == 9000


def test_env_example_lists_every_setting_and_nothing_else() -> None:
    documented = set(re.findall(r"^KKGPT_([A-Z0-9_]+)=", EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE))
    fields = {name.upper() for name in Settings.model_fields}
    assert sorted(fields - documented) == [], "undocumented settings"
    assert sorted(documented - fields) == [], "documented settings that do not exist"


def test_a_copied_env_example_gives_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(EXAMPLE, tmp_path / ".env")
    monkeypatch.chdir(tmp_path)
    assert Settings() == Settings(_env_file=None)


@pytest.mark.parametrize("value", ["changeme", "CHANGE-ME", "secret"])
def test_placeholder_secrets_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(_env_file=None, secret_key=value)


def test_invalid_values_are_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, model_backend="gpt")
    with pytest.raises(ValidationError):
        Settings(_env_file=None, port=70000)
    with pytest.raises(ValidationError, match="OIDC"):
        Settings(_env_file=None, dev_login=False)


def test_keys_are_generated_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    secret, fernet = keys.session_secret(settings), keys.encryption_keys(settings)
    assert keys.session_secret(settings) == secret and keys.encryption_keys(settings) == fernet
    for name in ("secret.key", "encryption.key"):
        assert (tmp_path / "data" / name).stat().st_mode & 0o077 == 0
    configured = Settings(_env_file=None, data_dir=tmp_path / "data", secret_key="a-real-secret-value",
                          encryption_keys=f"{fernet[0]}, other")
    assert keys.session_secret(configured) == "a-real-secret-value"
    assert keys.encryption_keys(configured) == [fernet[0], "other"]
