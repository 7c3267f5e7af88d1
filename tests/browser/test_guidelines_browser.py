"""Guidelines in a real browser: acceptance before, after and again on a new version; panel, tips, feedback."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from kkgpt.guidelines.loader import GuidelineLibrary
from kkgpt.settings import Settings
from tests.browser.conftest import axe_violations
from tests.browser.test_chat_browser import sign_in

pytestmark = pytest.mark.browser

ACCEPT = "Jeg har læst og accepterer retningslinjerne"


@pytest.fixture
def browser_settings(tmp_path: Path, guidelines_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0.01, guidelines_dir=guidelines_dir)


@pytest.fixture
def live_library(guidelines_dir: Path) -> GuidelineLibrary:
    return GuidelineLibrary(guidelines_dir, check_interval=0)


def _api_status(page, live_server) -> int:
    """Try to send a message through the API with the browser's own session cookie."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    with httpx.Client(base_url=live_server.url, cookies=cookies) as client:
        cid = client.post("/api/v1/conversations").json()["id"]
        return client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"}).status_code


def test_acceptance_before_after_and_after_a_new_version(page, live_server, guidelines_dir: Path) -> None:
    sign_in(page, accept=False)
    composer = page.get_by_label("Skriv din besked")
    expect(composer).to_be_disabled()
    expect(page.get_by_role("button", name=ACCEPT)).to_be_visible()
    assert _api_status(page, live_server) == 428
    assert axe_violations(page) == []

    page.get_by_role("button", name=ACCEPT).click()
    expect(composer).to_be_enabled()
    page.wait_for_load_state("load")
    composer.fill("Hvad kan du hjælpe med?")
    composer.press("Enter")
    expect(page.locator(".message--assistant .js-copy")).to_be_visible(timeout=15_000)
    assert _api_status(page, live_server) == 200

    point = guidelines_dir / "da" / "05-drafts.md"
    point.write_text(point.read_text(encoding="utf-8") + "\nNyt afsnit om kildehenvisninger.\n", encoding="utf-8")
    page.reload()
    expect(page.get_by_role("button", name=ACCEPT)).to_be_visible()
    expect(page.get_by_label("Skriv din besked")).to_be_disabled()
    assert _api_status(page, live_server) == 428
    page.get_by_role("button", name=ACCEPT).click()
    expect(page.get_by_label("Skriv din besked")).to_be_enabled()


def test_panel_reacts_and_opens_the_rule(page) -> None:
    sign_in(page)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.get_by_label("Skriv din besked").fill("Borgeren med cpr 010170-1234 har en depression")
    reminder = page.locator("#guideline-reminder")
    expect(reminder).to_contain_text("Du har skrevet et CPR-nummer. Det bliver fjernet, før teksten sendes.")
    expect(reminder).to_contain_text("helbredsoplysninger")
    reminder.get_by_role("link", name=re.compile("se punkt 2")).click()
    expect(page.locator("#guideline-2 details")).to_have_attribute("open", "")
    assert axe_violations(page) == []


def test_panel_is_a_drawer_on_small_screens(page) -> None:
    page.set_viewport_size({"width": 800, "height": 900})
    sign_in(page)
    panel = page.locator("#guidelines-panel")
    expect(panel).not_to_be_visible()
    toggle = page.get_by_role("button", name="Retningslinjer")
    toggle.click()
    expect(panel).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel).not_to_be_visible()
    expect(toggle).to_be_focused()


def test_task_assistant_feedback_and_tips(page) -> None:
    sign_in(page, name="Tove Admin", department="Koncern IT")
    page.get_by_role("button", name=re.compile("Skriv til en borger i klart sprog")).click()
    composer = page.get_by_label("Skriv din besked")
    expect(composer).to_have_value(re.compile("^Omskriv denne tekst til klart sprog"))
    composer.press("End")
    page.keyboard.type("Vi skal have dit svar senest fredag.")
    page.keyboard.press("Enter")
    expect(page.locator(".message--assistant .js-copy")).to_be_visible(timeout=15_000)
    page.reload()
    expect(page.locator(".chat__header .assistant-badge")).to_have_text("Skriv til en borger i klart sprog")

    page.get_by_role("button", name="Godt svar").click()
    page.get_by_text("sparede tid").click()
    page.get_by_label("Kommentar (valgfri)").fill("Sparede tid på brevet til Jens Hansen")
    page.get_by_role("button", name="Send feedback").click()
    thanks = page.locator(".feedback__thanks")
    expect(thanks).to_contain_text("Tak for din feedback")
    expect(page.locator(".feedback__stored")).to_contain_text("[navn]")
    expect(page.locator(".feedback__stored")).not_to_contain_text("Jens Hansen")
    assert axe_violations(page) == []

    page.goto("/tips")
    assert axe_violations(page) == []
    page.get_by_label("Dit tip").fill("Bed om punktform, så bliver referatet kortere. Det lærte jeg af Mette.")
    page.get_by_role("button", name="Se, hvordan det bliver gemt").click()
    expect(page.locator(".tip--preview")).to_contain_text("[navn]")
    page.get_by_role("button", name="Gem tippet").click()
    expect(page.get_by_role("status")).to_contain_text("Tak! Dit tip er gemt")
    page.goto("/guidelines")
    assert axe_violations(page) == []
    page.get_by_role("button", name="In English").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert axe_violations(page) == []


def test_admin_reviews_tips(page) -> None:
    page.goto("/login")
    page.get_by_label("Navn").fill("Ada Admin")
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("button", name=ACCEPT).click()
    page.goto("/admin")
    assert axe_violations(page) == []
    page.goto("/admin/tips")
    expect(page.get_by_text("Ingen tips venter.")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/admin/stats")
    expect(page.get_by_role("heading", name="Brug af KK-GPT")).to_be_visible()
    assert axe_violations(page) == []
