"""Layout in a real browser, measured with bounding boxes on a desktop screen and a phone."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])]

ACCEPT = "Jeg har læst og accepterer retningslinjerne"


def sign_in_admin(page, name: str = "Ada Admin") -> None:
    page.goto("/login")
    page.get_by_label("Navn").fill(name)
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("button", name=ACCEPT).click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    page.wait_for_load_state("load")


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found


def inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (inner["x"] >= outer["x"] - slack and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
            and inner["y"] >= outer["y"] - slack and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack)


def test_the_top_bar_is_one_row(page, viewport) -> None:
    sign_in_admin(page)
    page.goto("/tips")
    bar, brand = box(page.locator(".topbar")), box(page.locator(".topbar .brand"))
    assert brand["height"] <= 40, "KK-GPT on one line"
    assert bar["height"] <= 72, f"one row, not {bar['height']:.0f}px"
    links = page.locator(".topnav a, .topnav button")
    if viewport is PHONE:
        menu = page.get_by_role("button", name="Hovedmenu")
        expect(links.first).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
    for index in range(links.count()):
        link = box(links.nth(index))
        assert link["x"] >= 0 and link["x"] + link["width"] <= viewport["width"], links.nth(index).inner_text()
    if viewport is DESKTOP:
        assert all(box(links.nth(i))["y"] < bar["y"] + bar["height"] for i in range(links.count()))
    assert axe_violations(page) == []
    if viewport is PHONE:
        page.keyboard.press("Escape")
        expect(links.first).to_be_hidden()


def test_the_sidebar_links_stay_inside_the_sidebar(page, viewport) -> None:
    sign_in_admin(page)
    if viewport is PHONE:
        page.emulate_media(reduced_motion="reduce")  # the drawer is measured where it stops, not sliding in
        page.get_by_role("button", name="Vis samtaler").click()
    sidebar = box(page.locator("#sidebar"))
    links = page.locator(".sidebar__nav a")
    expect(links.filter(has_text="Administration")).to_be_visible()
    for index in range(links.count()):
        assert inside(box(links.nth(index)), sidebar), links.nth(index).inner_text()


def test_the_greeting_is_larger_than_the_task_heading(page, viewport) -> None:
    sign_in_admin(page)
    size = "element => parseFloat(getComputedStyle(element).fontSize)"
    greeting = page.get_by_role("heading", name="Hvad kan jeg hjælpe med?").evaluate(size)
    tasks = page.get_by_role("heading", name="Kom i gang med en opgave").evaluate(size)
    assert greeting >= 1.3 * tasks


def test_feedback_form_titles_and_tips_show_placeholders_as_labels(page, viewport) -> None:
    sign_in_admin(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Skriv til Jens Hansen, cpr 010170-1234, om ansøgningen")
    composer.press("Enter")
    expect(page.locator(".message--assistant .js-copy")).to_be_visible(timeout=15_000)
    # The first screen opened at its top; the employee's first message still brings the view down to it.
    expect(page.get_by_role("button", name="Til bunden")).to_be_hidden()
    assert inside(box(page.locator(".message--user .message__bubble")), box(page.locator("#chat-scroll")))
    title = page.locator("#chat-title")
    expect(title).to_contain_text("[CPR-nummer]")
    expect(title).not_to_contain_text("<CPR>")
    expect(page.locator(".conversation__link")).to_contain_text("[CPR-nummer]")

    page.get_by_role("button", name="Dårligt svar").click()
    form = page.locator(".feedback__form")
    expect(form).to_be_visible()
    thumbs, form_box = box(page.locator(".feedback__buttons")), box(form)
    assert thumbs["y"] + thumbs["height"] <= form_box["y"] + 1, "the thumbs sit above the form, not beside it"
    send = box(page.get_by_role("button", name="Send feedback"))
    assert send["width"] <= 0.5 * form_box["width"], "a button, not a stretched bar"
    assert inside(form_box, box(page.locator(".message--assistant").last))
    assert axe_violations(page) == []
    page.get_by_label("Kommentar (valgfri)").fill("Jens Hansen fik et forkert svar")
    page.get_by_role("button", name="Send feedback").click()
    stored = page.locator(".feedback__stored")
    expect(stored).to_contain_text("[navn] fik et forkert svar")
    expect(stored).not_to_contain_text("<PERSON>")
    expect(stored.locator(".placeholder")).to_have_text("[navn]")

    page.reload()
    expect(page.locator("#chat-title")).to_contain_text("[CPR-nummer]")
    expect(page.locator(".feedback__stored")).to_contain_text("[navn]")


def test_admin_tips_have_no_stray_gaps_and_the_counts_follow_a_decision(page, viewport) -> None:
    sign_in_admin(page)
    page.goto("/tips")
    page.get_by_label("Dit tip").fill("Når jeg skriver til Jens Hansen, beder jeg om punktform.\nSå bliver det kortere.")
    page.get_by_role("button", name="Se, hvordan det bliver gemt").click()
    expect(page.locator(".tip--preview")).to_contain_text("[navn]")
    page.get_by_role("button", name="Gem tippet").click()
    expect(page.get_by_role("status")).to_contain_text("Tak! Dit tip er gemt")

    page.goto("/admin/tips")
    tip = page.locator(".tip--review").first
    text = tip.locator(".tip__text")
    expect(text).to_contain_text("[navn]")
    expect(text).not_to_contain_text("<PERSON>")
    tip_box, text_box = box(tip), box(text)
    assert text_box["y"] - tip_box["y"] <= 16, "the text starts at the tip's top"
    parts = [box(tip.locator(selector)) for selector in (".tip__text", ".tip__meta", "form")]
    for above, below in itertools.pairwise(parts):
        assert below["y"] - (above["y"] + above["height"]) <= 16, "no empty lines between the parts"
    assert tip_box["y"] + tip_box["height"] - (parts[-1]["y"] + parts[-1]["height"]) <= 16
    assert axe_violations(page) == []

    tip.get_by_role("button", name="Udgiv").click()
    expect(page.get_by_role("heading", name="Venter på gennemsyn (0)")).to_be_visible()
    expect(page.get_by_role("heading", name="Tips fra kolleger (1)")).to_be_visible()
    expect(page.get_by_role("button", name="Træk tilbage")).to_be_visible()
    page.get_by_role("button", name="Træk tilbage").click()
    expect(page.get_by_role("heading", name="Tips fra kolleger (0)")).to_be_visible()


def test_employees_see_when_the_guidelines_changed_not_a_hash(page, viewport, live_server) -> None:
    sign_in_admin(page)
    page.goto("/guidelines")
    accepted = page.locator(".alert--ok")
    expect(accepted).to_contain_text(re.compile(r"Senest opdateret \d{1,2}\. [a-zæøå]+ \d{4}"))
    version = page.evaluate("() => fetch('/api/v1/guidelines').then(r => r.json()).then(j => j.version)")
    assert version not in page.locator("main").inner_text()
