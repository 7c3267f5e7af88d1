"""Copying an answer in a real browser: Markdown as plain text and the formatted answer for Word, nothing added."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kkgpt.llm.mock import MARKDOWN_SAMPLE
from tests.browser.test_chat_browser import sign_in

pytestmark = pytest.mark.browser

READ_CLIPBOARD = """async () => {
    const result = {};
    for (const item of await navigator.clipboard.read()) {
        for (const type of item.types) result[type] = await (await item.getType(type)).text();
    }
    return result;
}"""


def test_copy_gives_markdown_and_html_without_the_pages_buttons(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("[[mock:markdown]]")
    composer.press("Enter")
    answer = page.locator(".message--assistant").last
    expect(answer.get_by_role("button", name="Kopiér kode")).to_be_visible(timeout=15_000)
    answer.get_by_role("button", name="Kopiér svar").click()
    expect(answer.get_by_role("button", name="Kopieret")).to_be_visible()

    copied = page.evaluate(READ_CLIPBOARD)
    assert set(copied) >= {"text/plain", "text/html"}
    assert copied["text/plain"].strip() == MARKDOWN_SAMPLE.strip(), "the answer's own Markdown"
    html = copied["text/html"]
    for kept in ("<strong>formatering</strong>", "<li>Første punkt</li>", "<td>A</td>", "<pre><code",
                 'print("Hej fra KK-GPT")'):
        assert kept in html, kept
    for added in ("Kopiér kode", "code-block", "<button", "tabindex"):
        assert added not in html, added
    assert "Kopiér" not in copied["text/plain"]
