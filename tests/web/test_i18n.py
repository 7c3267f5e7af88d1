"""Danish and English catalogues stay complete, and every key the templates use exists."""

from __future__ import annotations

import re
from pathlib import Path

from kkgpt.web.i18n import DA, EN, translator

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_catalogues_have_the_same_keys() -> None:
    assert DA.keys() == EN.keys()


def test_every_template_key_exists() -> None:
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*['"]([\w.]+\w)['"]""", template.read_text(encoding="utf-8")))
    assert used, "templates use the catalogue"
    assert sorted(used - DA.keys()) == []


def test_every_error_code_has_a_message() -> None:
    import kkgpt.errors as errors

    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.KkgptError)}
    assert sorted(f"error.{c}" for c in codes if f"error.{c}" not in DA) == []


def test_translator_formats_and_falls_back_to_the_key() -> None:
    assert translator("en")("nav.logged_in_as", name="Jens") == "Logged in as Jens"
    assert translator("xx")("nav.logout") == "Log ud"
    assert translator("da")("no.such.key") == "no.such.key"


def test_the_tips_feature_has_one_name() -> None:
    # It was "Erfaringer" in the menu and "Tips" on the pages; employees looked for two features.
    for catalogue, other_name in ((DA, "erfaring"), (EN, "experience")):
        assert [key for key, text in catalogue.items() if other_name in text.lower()] == []
        assert catalogue["nav.tips"] == catalogue["tips.title"] == "Tips"
