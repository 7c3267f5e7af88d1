"""Documents in a real browser: attach a Word letter, see what is masked, ask about it; long pastes collapse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_chat_browser import sign_in
from tests.documents import samples

pytestmark = pytest.mark.browser


def test_attach_a_letter_see_what_is_masked_and_ask_about_it(page, tmp_path) -> None:
    letter = tmp_path / "Afgørelse.docx"
    letter.write_bytes(samples.docx_file())
    sign_in(page)
    page.locator("#composer-file").set_input_files(str(letter))
    chip = page.locator(".document-chip")
    expect(chip).to_contain_text("Afgørelse.docx")
    expect(page).to_have_url(re.compile(r"/c/[0-9a-f]{32}$"))
    chip.get_by_text("Det maskeres, før modellen læser dokumentet").click()
    expect(chip.locator(".chip")).to_have_count(7)
    expect(chip).to_contain_text(samples.CPR)
    assert axe_violations(page) == []

    page.get_by_label("Skriv din besked").fill("Opsummer brevet")
    page.get_by_label("Skriv din besked").press("Enter")
    answer = page.locator(".message--assistant").last
    expect(answer).to_contain_text("Testmodellen modtog")
    expect(page.locator(".document-chip")).to_have_count(0)
    expect(page.locator(".message--user .message__documents")).to_contain_text("Afgørelse.docx")
    page.locator(".message--user .model-view summary").click()
    seen = page.locator(".message--user .model-view__text").inner_text()
    assert "--- Dokument: Afgørelse.docx ---" in seen
    for value in samples.PERSONAL_VALUES:
        assert value not in seen


def test_a_refused_file_says_why_in_danish(page, tmp_path, console_problems) -> None:
    locked = tmp_path / "låst.pdf"
    locked.write_bytes(samples.pdf(encrypted=True))
    sign_in(page)
    page.locator("#composer-file").set_input_files(str(locked))
    expect(page.locator("#composer-error")).to_contain_text("beskyttet med en adgangskode")
    expect(page.locator(".document-chip")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/chat$"))
    # The browser logs the refusal's status itself; the page showed it as it should.
    console_problems[:] = [p for p in console_problems if "422 (Unprocessable Entity)" not in p]


def test_a_long_paste_is_collapsed_with_show_all(page) -> None:
    sign_in(page)
    long_text = "\n".join(f"Linje {n} af et langt referat fra mødet i forvaltningen." for n in range(1, 200))
    page.get_by_label("Skriv din besked").fill(long_text)
    page.get_by_label("Skriv din besked").press("Enter")
    expect(page.locator(".message--assistant").last).to_contain_text("Testmodellen modtog")
    show_all = page.get_by_role("button", name="Vis hele")
    expect(show_all).to_be_visible()
    bubble = page.locator(".message--user .message__bubble")
    assert bubble.evaluate("b => b.clientHeight") < 400
    show_all.click()
    expect(page.get_by_role("button", name="Vis mindre")).to_have_attribute("aria-expanded", "true")
    assert bubble.evaluate("b => b.clientHeight") > 1000
    assert axe_violations(page) == []


def test_to_the_bottom_appears_when_reading_further_up_while_an_answer_streams(page) -> None:
    sign_in(page)
    page.get_by_label("Skriv din besked").fill("[[mock:long]]")
    page.get_by_label("Skriv din besked").press("Enter")
    answer = page.locator(".message--assistant").last
    expect(answer).to_contain_text("Afsnit 30:")
    scroller = page.locator("#chat-scroll")
    scroller.evaluate("s => { s.scrollTop = 0; }")
    button = page.get_by_role("button", name="Til bunden")
    expect(button).to_be_visible()
    expect(answer).to_contain_text("Afsnit 36:")
    assert scroller.evaluate("s => s.scrollTop") == 0, "the view stays where the employee is reading"
    button.click()
    expect(button).to_be_hidden()
    expect(answer).to_contain_text("Afsnit 42:")
    assert scroller.evaluate("s => s.scrollHeight - s.scrollTop - s.clientHeight") < 120, "it follows again"
    page.get_by_role("button", name="Stop").click()


def test_mark_a_value_not_personal_and_mask_a_missed_one(page, tmp_path) -> None:
    note = tmp_path / "notat.txt"
    note.write_text(f"Kære {samples.NAME}\n\nSpørg Bamse om projektet.\n", encoding="utf-8")
    sign_in(page)
    page.locator("#composer-file").set_input_files(str(note))
    chip = page.locator(".document-chip")
    chip.get_by_text("Det maskeres, før modellen læser dokumentet").click()
    expect(chip.locator(".chip")).to_have_count(1)
    chip.get_by_label("Værdi, der skal maskeres").fill("Bamse")
    chip.get_by_label("Værdi, der skal maskeres").press("Enter")  # masks; does not send the message
    expect(page.locator(".document-chip .chip")).to_have_count(2)
    expect(page.locator(".message--user")).to_have_count(0)
    page.locator(".document-chip summary").first.click()
    page.get_by_role("button", name=re.compile(f"Ikke personligt.*{samples.NAME}")).click()
    expect(page.locator(".document-chip .chip")).to_have_count(1)
    expect(page.locator(".document-chip .chip")).to_contain_text("Bamse")
    assert axe_violations(page) == []


def test_a_document_sent_without_a_question_gets_a_plain_one(page, tmp_path) -> None:
    note = tmp_path / "notat.md"
    note.write_bytes(samples.md_file())
    sign_in(page)
    page.locator("#composer-file").set_input_files(str(note))
    expect(page.locator(".document-chip")).to_contain_text("notat.md")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".message--user .message__bubble")).to_have_text(
        "Hvad står der i dokumentet? Giv et kort overblik.")
    expect(page.locator(".message--assistant").last).to_contain_text("Testmodellen modtog")
