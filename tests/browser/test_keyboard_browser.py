"""The keyboard in a real browser: where focus starts, goes back to, and what Esc and "/" do."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, axe_violations
from tests.browser.test_chat_browser import sign_in

pytestmark = pytest.mark.browser

ACCEPT = "Jeg har læst og accepterer retningslinjerne"


def focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_login_starts_in_the_name_field_and_accepting_takes_two_tabs(page, viewport) -> None:
    page.goto("/login")
    expect(page.get_by_label("Navn")).to_be_focused()
    page.keyboard.type("Tina Tastatur")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/chat$"))
    page.wait_for_load_state("load")
    # The first screen opens at its top: the guidelines' heading is in view, not scrolled away.
    heading = page.locator("#acceptance-heading")
    box, scroller = heading.bounding_box(), page.locator("#chat-scroll").bounding_box()
    assert page.locator("#chat-scroll").evaluate("e => e.scrollTop") == 0
    assert box is not None and scroller is not None and box["y"] >= scroller["y"]
    assert axe_violations(page) == []
    accept = page.get_by_role("button", name=ACCEPT)
    tabs = 0
    while not focused(accept) and tabs < 2:
        page.keyboard.press("Tab")
        tabs += 1
    expect(accept).to_be_focused()

    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_label("Skriv din besked")).to_be_focused()
    greeting = page.get_by_role("heading", name="Hvad kan jeg hjælpe med?")
    box = greeting.bounding_box()
    assert page.locator("#chat-scroll").evaluate("e => e.scrollTop") == 0
    assert box is not None and box["y"] >= page.locator("#chat-scroll").bounding_box()["y"], "the greeting is in view"


def test_esc_stops_an_answer_and_focus_goes_back_to_the_composer(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("[[mock:long]] Skriv en lang tekst")
    page.get_by_role("button", name="Send").click()  # the send button hides while the answer streams
    expect(page.locator(".message--assistant.is-streaming .message__body")).to_contain_text("Afsnit 2")
    expect(composer).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".message--assistant .message__note")).to_have_text("Svaret blev stoppet.")
    expect(composer).to_be_focused()

    # "Prøv igen" on the stopped answer: the button is replaced by the new answer, focus comes back.
    page.get_by_role("button", name="Prøv igen").click()
    expect(page.locator(".message--assistant.is-streaming")).to_have_count(1)
    page.get_by_role("button", name="Stop").click()
    expect(page.locator(".message--assistant .message__note")).to_have_text("Svaret blev stoppet.")
    expect(composer).to_be_focused()


def test_focus_goes_back_to_the_composer_after_an_error(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("[[mock:error]] Hej")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".message--error")).to_have_count(1, timeout=15_000)
    expect(composer).to_be_focused()


def test_slash_focuses_the_conversation_search(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.press("/")
    expect(composer).to_have_value("/"), "typing a slash in the composer is just a slash"
    composer.fill("")
    page.locator(".new-chat").focus()
    page.keyboard.press("/")
    search = page.locator("#conversation-search")
    expect(search).to_be_focused()
    expect(search).to_have_value("")


def test_slash_does_nothing_without_a_search_field(page) -> None:
    sign_in(page)
    page.evaluate("() => document.getElementById('conversation-search').closest('form, div').remove()")
    page.locator(".new-chat").focus()
    page.keyboard.press("/")
    expect(page.locator(".new-chat")).to_be_focused()


def test_a_stop_before_the_answer_starts_leaves_no_stale_new_answer_button(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Første spørgsmål")
    composer.press("Enter")
    first = page.locator(".message--assistant").first
    expect(first.get_by_role("button", name="Nyt svar")).to_be_visible(timeout=15_000)

    # The server takes the second message and answers it, but the page is stopped before it hears back.
    held = []
    page.route("**/messages", lambda route: held.append(route))
    composer.fill("Andet spørgsmål")
    with page.expect_request("**/messages"):
        composer.press("Enter")
    held[0].fetch()  # the server stores the question and its answer
    page.get_by_role("button", name="Stop").click()
    expect(page.locator(".message--user")).to_have_count(2)  # what the server stored is shown
    expect(page.get_by_role("button", name="Nyt svar")).to_have_count(1)
    last = page.locator(".message--assistant").last
    expect(last.get_by_role("button", name="Nyt svar")).to_be_visible()
    expect(composer).to_have_value("")  # it was sent: not a draft any more
    expect(composer).to_be_focused()
    held[0].abort()


def test_delete_asks_in_the_pages_own_dialog(page) -> None:
    page.on("dialog", lambda dialog: pytest.fail(f"the browser's own {dialog.type}() was used"))
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("En samtale at slette")
    composer.press("Enter")
    expect(page.locator(".conversation__link")).to_have_count(1, timeout=15_000)
    expect(page.locator(".message--assistant .js-copy")).to_be_visible(timeout=15_000)

    delete = page.get_by_role("button", name=re.compile("Slet samtalen"))
    delete.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Slet samtalen? Den kan ikke gendannes.")
    expect(dialog.get_by_role("button", name="Annullér")).to_be_focused()  # the harmless choice first
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(dialog).not_to_be_visible()
    expect(page.locator(".conversation__link")).to_have_count(1)
    expect(delete).to_be_focused()

    delete.click()
    dialog.get_by_role("button", name="Slet", exact=True).click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    expect(page.locator(".conversation__link")).to_have_count(0)
