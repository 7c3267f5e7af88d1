"""Two tabs on one conversation: while one answers, the other is told so, and keeps its draft and its answer."""

from __future__ import annotations

import re
import threading

import anyio
import pytest
from playwright.sync_api import expect

from kkgpt.llm.mock import MockBackend
from tests.browser.test_chat_browser import sign_in

pytestmark = pytest.mark.browser

BUSY = "Der bliver skrevet et svar i denne samtale i en anden fane eller et andet vindue."


class HeldBackend(MockBackend):
    """The mock model, except that an answer to a message saying VENT stops after its first chunk until released."""

    def __init__(self) -> None:
        super().__init__(delay_seconds=0)
        self.release = threading.Event()

    async def stream(self, messages, *, max_tokens):
        held = "VENT" in messages[-1].content
        first = True
        async for chunk in super().stream(messages, max_tokens=max_tokens):
            yield chunk
            if held and first:
                first = False
                await anyio.to_thread.run_sync(self.release.wait, 60)  # the test's thread releases it


@pytest.fixture
def live_backend():
    backend = HeldBackend()
    yield backend
    backend.release.set()  # never leave the server waiting


def test_a_second_tab_is_told_an_answer_is_being_written(context, page, live_backend) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Første spørgsmål")
    composer.press("Enter")
    expect(page.get_by_role("button", name="Nyt svar")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"/c/\w+$"))

    other = context.new_page()  # the same employee in a second tab
    other.goto(page.url)
    old_answer = other.locator(".message--assistant")
    expect(old_answer).to_contain_text("Første spørgsmål")

    composer.fill("Andet spørgsmål VENT")
    composer.press("Enter")
    expect(page.locator(".message--assistant.is-streaming")).to_be_visible()
    # This tab: no "Nyt svar" on the earlier answer while the new one is written.
    expect(page.locator(".js-regenerate")).to_have_count(0)

    other.get_by_role("button", name="Nyt svar").click()
    expect(other.locator("#composer-error")).to_contain_text(BUSY)
    expect(old_answer).to_be_visible()
    expect(old_answer).to_contain_text("Første spørgsmål")

    other_composer = other.get_by_label("Skriv din besked")
    other_composer.fill("Mit udkast")
    other_composer.press("Enter")
    expect(other.locator("#composer-error")).to_contain_text(BUSY)
    expect(other_composer).to_have_value("Mit udkast")
    expect(other.locator(".message--user")).to_have_count(1)

    live_backend.release.set()
    expect(page.get_by_role("button", name="Nyt svar")).to_be_visible(timeout=15_000)
    other_composer.press("Enter")
    expect(other.locator(".message--user .message__bubble").last).to_have_text("Mit udkast")
    expect(other_composer).to_have_value("")
    expect(other.locator("#composer-error")).to_be_hidden()
    other.close()
