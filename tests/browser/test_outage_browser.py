"""A model outage in the browser: the error is shown in the conversation, the message kept, retry answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kkgpt.errors import ModelUnavailable
from kkgpt.llm.mock import MockBackend
from tests.browser.conftest import axe_violations
from tests.browser.test_chat_browser import sign_in

pytestmark = pytest.mark.browser


class FlakyBackend(MockBackend):
    """Fails on its first call, then answers like the mock model."""

    def __init__(self) -> None:
        super().__init__(delay_seconds=0.01)
        self.calls = 0

    async def stream(self, messages, *, max_tokens):
        self.calls += 1
        if self.calls == 1:
            raise ModelUnavailable(detail="browser test")
        async for chunk in super().stream(messages, max_tokens=max_tokens):
            yield chunk


@pytest.fixture
def live_backend():
    return FlakyBackend()


def test_model_outage_shows_an_error_and_retry_answers(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Lav et referat af mødet")
    composer.press("Enter")
    error = page.locator(".message--error")
    expect(error).to_contain_text("Modellen er ikke tilgængelig lige nu. Din besked er gemt")
    expect(page.locator(".message--user .message__bubble")).to_have_text("Lav et referat af mødet")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Prøv igen").click()
    answer = page.locator(".message--assistant").last
    expect(answer.locator(".message__body")).to_contain_text("Lav et referat af mødet", timeout=15_000)
    expect(page.locator(".message--error")).to_have_count(0)
