"""Finding and organising conversations in a real browser (search with marked hits, days, pinning), and editing
a sent message to send it again (also when the content filter refused it)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_chat_browser import sign_in

pytestmark = pytest.mark.browser


def _ask(page, text: str) -> None:
    """Send `text` in the composer and wait for the whole answer (and the title the model gives it)."""
    before = page.locator(".message--assistant").count()
    composer = page.get_by_label("Skriv din besked")
    composer.fill(text)
    composer.press("Enter")
    answers = page.locator(".message--assistant:not(.is-streaming)")
    expect(answers).to_have_count(before + 1, timeout=15_000)
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_visible()


def _age(settings, nth: int, days: int) -> None:
    """Make the `nth` conversation made (0: the first) last used `days` days earlier than it was."""
    with sqlite3.connect(settings.data_dir / "kkgpt.db") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM conversations ORDER BY created_at")]
        changed = db.execute("UPDATE conversations SET updated_at = datetime(updated_at, ?) WHERE id = ?",
                             (f"-{days} days", ids[nth]))
        assert changed.rowcount == 1


def test_search_days_and_pinning(page, browser_settings) -> None:
    sign_in(page)
    _ask(page, "Mødereferat om skolevejen i Valby. Skriv det kort.")
    for text in ("Hvordan laver jeg en pivottabel?", "Skriv en mail om ferieplanen"):
        page.get_by_role("link", name="Ny samtale").click()
        expect(page).to_have_url(re.compile(r"/chat$"))
        _ask(page, text)
    sidebar = page.locator("#sidebar")
    expect(sidebar.locator("#conversation-group-today")).to_have_text("I dag")

    _age(browser_settings, 0, 40)
    _age(browser_settings, 1, 1)
    page.reload()
    headings = sidebar.locator(".conversation-group__heading")
    expect(headings).to_have_text(["I dag", "I går", "Ældre"])
    expect(sidebar.locator(".conversation__link")).to_have_text(
        ["Skriv en mail om ferieplanen", "Hvordan laver jeg en pivottabel?", "Mødereferat om skolevejen i Valby"])
    assert axe_violations(page) == []

    # Search what the employee wrote (in any case); the hit is marked, and the old conversation is found.
    search = page.get_by_label("Søg i dine samtaler")
    search.fill("valby")
    hits = sidebar.locator(".conversation--hit")
    expect(hits).to_have_count(1)
    expect(hits.locator("mark.search-hit").first).to_have_text("Valby")
    expect(page.locator("#search-status")).to_have_text("1 samtale fundet.")
    assert axe_violations(page) == []
    search.fill("findes ingen steder")
    expect(sidebar.locator(".conversation-list__empty")).to_have_text("Ingen samtaler passer på søgningen.")
    search.fill("")
    expect(headings).to_have_text(["I dag", "I går", "Ældre"])
    search.fill("Valby")
    hits.first.locator("a").click()
    expect(page).to_have_url(re.compile(r"/c/[0-9a-f]{32}#message-\d+$"))
    expect(page.locator("#chat-title")).to_have_text("Mødereferat om skolevejen i Valby")

    # Pin the old conversation: it goes to the top under "Fastgjort", and stays there.
    pin = page.get_by_role("button", name="Fastgør samtalen Mødereferat om skolevejen i Valby")
    expect(pin).to_have_attribute("aria-pressed", "false")
    pin.click()
    expect(headings).to_have_text(["Fastgjort", "I dag", "I går"])
    expect(sidebar.locator(".conversation__link").first).to_have_text("Mødereferat om skolevejen i Valby")
    expect(page.get_by_role("button", name="Fastgør samtalen Mødereferat om skolevejen i Valby")) \
        .to_have_attribute("aria-pressed", "true")
    assert axe_violations(page) == []
    page.reload()
    expect(headings).to_have_text(["Fastgjort", "I dag", "I går"])
    page.get_by_role("button", name="Fastgør samtalen Mødereferat om skolevejen i Valby").click()
    expect(headings).to_have_text(["I dag", "I går", "Ældre"])


def test_edit_and_send_again(page) -> None:
    sign_in(page)
    _ask(page, "Skriv til Jens Hansen om mødet")
    _ask(page, "Gør det kortere")
    expect(page.locator(".message")).to_have_count(4)

    first = page.locator(".message--user").first
    first.get_by_role("button", name="Redigér beskeden").click()
    field = page.get_by_label("Din besked", exact=True)
    expect(field).to_be_focused()
    expect(field).to_have_value("Skriv til Jens Hansen om mødet")
    # Escape gives up the edit: the message is back, and so is the focus on its button.
    field.press("Escape")
    expect(page.get_by_label("Din besked", exact=True)).to_have_count(0)
    expect(first.get_by_role("button", name="Redigér beskeden")).to_be_focused()

    first.get_by_role("button", name="Redigér beskeden").click()
    field = page.get_by_label("Din besked", exact=True)
    expect(field).to_be_focused()  # the form is ready (htmx has bound its preview) when it takes the focus
    field.fill("Skriv til Jens Hansen og Maja Lindholm om mødet")
    # The same check as the composer: what will be masked shows before sending.
    expect(page.locator(".message--editing .pii-preview")).to_contain_text("Maja Lindholm")
    assert axe_violations(page) == []
    field.press("Enter")

    answer = page.locator(".message--assistant").last
    expect(page.locator(".message")).to_have_count(2, timeout=15_000)
    expect(answer).not_to_have_class(re.compile("is-streaming"), timeout=15_000)
    expect(page.locator(".message--user .message__bubble")).to_have_text("Skriv til Jens Hansen og Maja Lindholm om mødet")
    expect(answer.locator(".message__body")).to_contain_text("Jens Hansen og Maja Lindholm")
    page.reload()
    expect(page.locator(".message")).to_have_count(2)
    assert axe_violations(page) == []


def test_a_refused_message_offers_to_edit_it(page) -> None:
    sign_in(page)
    _ask(page, "Hej")
    _ask(page, "[[mock:refuse]] Skriv noget upassende")
    refused = page.locator(".message--assistant").last
    expect(refused.locator(".alert--error")).to_contain_text("indholdsfilter")
    expect(refused.get_by_role("button", name="Prøv igen")).to_have_count(0)  # the same text would be refused again
    refused.get_by_role("button", name="Redigér").click()
    field = page.get_by_label("Din besked", exact=True)
    expect(field).to_be_focused()
    expect(field).to_have_value("[[mock:refuse]] Skriv noget upassende")
    assert axe_violations(page) == []
    field.fill("Skriv noget venligt")
    field.press("Enter")
    expect(page.locator(".message--error")).to_have_count(0, timeout=15_000)
    expect(page.locator(".message--assistant").last.locator(".message__body")).to_contain_text("Skriv noget venligt")
    expect(page.locator(".message")).to_have_count(4)
