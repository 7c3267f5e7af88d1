"""Guidelines and assistants load from files; the version follows the content; bad files are named."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from kkgpt.guidelines.loader import (
    TASK_CATEGORIES,
    GuidelineError,
    GuidelineLibrary,
    load_assistants,
    load_guidelines,
)

GUIDELINES = Path(__file__).resolve().parents[2] / "guidelines"


def test_the_shipped_guidelines_load_in_both_languages() -> None:
    guidelines = load_guidelines(GUIDELINES)
    da, en = guidelines.in_language("da"), guidelines.in_language("en")
    assert [p.key for p in da] == [p.key for p in en]
    assert [p.number for p in da] == list(range(1, len(da) + 1))
    keys = {p.key for p in da}
    assert {"about", "personal-data", "sensitive-data", "confidential", "drafts", "copyright", "help"} <= keys
    assert all(len(p.short) <= 160 for p in (*da, *en))
    assert guidelines.point_for("DK_CPR").key == "personal-data"
    assert guidelines.point_for("health").key == "sensitive-data"
    assert guidelines.point_for("social_case", "en").title == en[2].title
    assert len(guidelines.version) == 12


def test_the_shipped_assistants_load() -> None:
    assistants = load_assistants(GUIDELINES)
    assert len(assistants) >= 6
    assert {a.category for a in assistants.values()} <= set(TASK_CATEGORIES)
    plain = assistants["klart-sprog"]
    assert plain.name == "Skriv til en borger i klart sprog" and plain.name_in("en").startswith("Write")
    assert "<PERSON_1>" in plain.system_prompt


def test_any_edit_changes_the_version(guidelines_dir: Path) -> None:
    before = load_guidelines(guidelines_dir).version
    point = guidelines_dir / "en" / "05-drafts.md"
    point.write_text(point.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert load_guidelines(guidelines_dir).version != before


def test_employees_see_the_day_the_guidelines_last_changed(guidelines_dir: Path) -> None:
    point = guidelines_dir / "da" / "05-drafts.md"
    for path in guidelines_dir.rglob("*.md"):
        os.utime(path, (1_700_000_000, 1_700_000_000))  # 14 November 2023
    assert load_guidelines(guidelines_dir).updated == date(2023, 11, 14)
    os.utime(point, (1_780_000_000, 1_780_000_000))  # 28 May 2026
    assert load_guidelines(guidelines_dir).updated == date(2026, 5, 28)


def test_adding_an_assistant_does_not_change_the_guideline_version(guidelines_dir: Path) -> None:
    before = load_guidelines(guidelines_dir).version
    (guidelines_dir / "assistants" / "moedereferat.md").write_text(
        "---\nkey: moedereferat\nname: Mødereferat\nname_en: Minutes\ndescription: Skriv et referat.\n"
        "description_en: Write minutes.\ncategory: summarising\nstarter: 'Skriv et referat af: '\n"
        "starter_en: 'Write minutes of: '\n---\nDu skriver korte referater.\n", encoding="utf-8")
    assert load_guidelines(guidelines_dir).version == before
    assert load_assistants(guidelines_dir)["moedereferat"].category == "summarising"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("no front matter", "missing front matter"),
        ("---\n[not, a, mapping]\n---\nbody", "must be a mapping"),
        ("---\nkey: about\ntitle: x\nshort: y\n---\nbody", "does not match the file name"),
        ("---\nkey: personal-data\ntitle: ''\nshort: y\n---\nbody", "'title' must be a non-empty string"),
        ("---\nkey: personal-data\ntitle: x\nshort: y\napplies_to: DK_CPR\n---\nbody", "must be a list"),
        ("---\nkey: personal-data\ntitle: x\nshort: y\n---\n", "the body is empty"),
        ("---\nkey: [unclosed\n---\nbody", "not valid YAML"),
    ],
)
def test_malformed_guideline_files_are_named(guidelines_dir: Path, content: str, message: str) -> None:
    (guidelines_dir / "da" / "02-personal-data.md").write_text(content, encoding="utf-8")
    with pytest.raises(GuidelineError, match=message) as caught:
        load_guidelines(guidelines_dir)
    assert "02-personal-data.md" in str(caught.value)


def test_languages_must_match(guidelines_dir: Path) -> None:
    (guidelines_dir / "en" / "07-help.md").unlink()
    with pytest.raises(GuidelineError, match="differ"):
        load_guidelines(guidelines_dir)


def test_a_malformed_assistant_is_skipped(guidelines_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    (guidelines_dir / "assistants" / "broken.md").write_text("---\nkey: broken\nname: x\ncategory: gossip\n---\nx")
    assistants = load_assistants(guidelines_dir)
    assert "broken" not in assistants and len(assistants) >= 6
    assert "broken.md" in caplog.text


def test_an_assistant_may_say_it_works_on_a_document(guidelines_dir: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    shipped = load_assistants(GUIDELINES)
    assert shipped["opsummer"].documents == "summarise" and shipped["klart-sprog"].documents is None
    folder = guidelines_dir / "assistants"
    template = folder / "opsummer.md"
    for key, mode in (("laes-bilag", "expected"), ("maaske", "sometimes")):
        text = template.read_text(encoding="utf-8").replace("key: opsummer", f"key: {key}")
        (folder / f"{key}.md").write_text(text.replace("documents: summarise", f"documents: {mode}"),
                                          encoding="utf-8")
    assistants = load_assistants(guidelines_dir)
    assert assistants["laes-bilag"].documents == "expected"
    assert "maaske" not in assistants and "maaske.md" in caplog.text


def test_the_library_reloads_changed_files_and_keeps_the_last_good_version(guidelines_dir: Path) -> None:
    now = [0.0]
    library = GuidelineLibrary(guidelines_dir, check_interval=5, clock=lambda: now[0])
    first = library.guidelines.version
    point = guidelines_dir / "da" / "01-about.md"
    point.write_text(point.read_text(encoding="utf-8") + "\nNy linje.\n", encoding="utf-8")
    now[0] = 1.0
    assert library.guidelines.version == first, "not checked again within the interval"
    now[0] = 10.0
    second = library.guidelines.version
    assert second != first
    point.write_text("broken", encoding="utf-8")
    now[0] = 20.0
    assert library.guidelines.version == second, "an invalid edit keeps the last good version"
