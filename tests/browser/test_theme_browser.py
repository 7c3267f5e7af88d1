"""Light and dark in Chromium: every page kind axe-clean (colour contrast included) in both themes at a desktop
and a phone width, with a screenshot of each left in test-artifacts/screenshots/; the Tema switch sticks."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from kkgpt.db.models import utcnow
from kkgpt.usage.simulate import Plan, simulate
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, screenshot

pytestmark = pytest.mark.browser

ACCEPT = "Jeg har læst og accepterer retningslinjerne"
BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 23, 27)"}  # --white in each theme


@pytest.fixture
def simulated(live_server, browser_settings) -> None:
    """Two weeks of simulated use, so the statistics page draws its charts."""
    from kkgpt import keys
    from kkgpt.db.engine import create_engine, create_session_factory

    async def fill() -> None:
        engine = create_engine(browser_settings.effective_database_url)
        plan = Plan(events=600, days=14, departments=4, last_day=utcnow().date() - timedelta(days=1), seed=5)
        try:
            await simulate(create_session_factory(engine), plan, keys.session_secret(browser_settings))
        finally:
            await engine.dispose()

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API already runs a loop in this thread
        pool.submit(lambda: asyncio.run(fill())).result(timeout=300)


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def sign_in_admin(page) -> None:
    page.get_by_label("Navn").fill("Ada Admin")
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("button", name=ACCEPT).click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    page.wait_for_load_state("load")


def checked(page, name: str, theme: str) -> None:
    """The page is in the theme, axe finds nothing serious, and its screenshot is saved."""
    page.wait_for_load_state("load")  # after a form post the page can be read before its stylesheet applies
    assert background(page) == BACKGROUND[theme], name
    assert axe_violations(page) == [], name
    screenshot(page, name)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_is_axe_clean_in_the_systems_theme(page, viewport, theme, simulated, console_problems) -> None:
    page.emulate_media(color_scheme=theme)
    size = "desktop" if viewport is DESKTOP else "phone"
    page.goto("/login")
    checked(page, f"login-{size}-{theme}", theme)
    sign_in_admin(page)

    composer = page.get_by_label("Skriv din besked")
    composer.fill("Skriv til Jens Hansen, cpr 010170-1234, om ansøgningen")
    composer.press("Enter")
    answer = page.locator(".message--assistant").last
    expect(answer.locator(".code-block")).to_be_visible(timeout=15_000)  # the mock quotes the question as code
    expect(answer).not_to_have_class(re.compile("is-streaming"))
    expect(page.locator(".message--user mark.pii")).to_have_count(2)
    page.locator(".message--user").get_by_text("Det så modellen").click()
    composer.fill("Og ring til Mette Jensen på 22 33 44 55")
    expect(page.locator("#pii-preview")).to_contain_text("Mette Jensen")
    checked(page, f"chat-{size}-{theme}", theme)

    composer.fill("[[mock:markdown]]")  # lists, a table and code
    composer.press("Enter")
    answer = page.locator(".message--assistant").last
    expect(answer.locator("table")).to_be_visible(timeout=15_000)
    expect(answer).not_to_have_class(re.compile("is-streaming"))
    answer.get_by_role("button", name="Dårligt svar").click()
    expect(page.locator(".feedback__form")).to_be_visible()
    checked(page, f"chat-markdown-feedback-{size}-{theme}", theme)
    if viewport is PHONE:
        page.emulate_media(reduced_motion="reduce")  # the drawer is checked where it stops, not sliding in
        page.get_by_role("button", name="Vis samtaler").click()
    page.get_by_role("button", name=re.compile("Slet samtalen")).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    checked(page, f"chat-delete-dialog-{size}-{theme}", theme)
    page.keyboard.press("Escape")

    page.goto("/tips")  # a tip waiting for review, so the review page shows one
    page.get_by_label("Dit tip").fill("Når jeg skriver til Jens Hansen, beder jeg om punktform.")
    page.get_by_role("button", name="Se, hvordan det bliver gemt").click()
    expect(page.locator(".tip--preview")).to_contain_text("[navn]")
    checked(page, f"tips-preview-{size}-{theme}", theme)
    page.get_by_role("button", name="Gem tippet").click()
    expect(page.get_by_role("status")).to_contain_text("Tak! Dit tip er gemt")

    for path, name in (("/guidelines", "guidelines"), ("/tips", "tips"), ("/account", "account"),
                       ("/admin", "admin"), ("/admin/stats", "admin-stats"), ("/admin/tips", "admin-tips"),
                       ("/admin/users", "admin-users"), ("/admin/scenarios", "admin-scenarios")):
        page.goto(path)
        checked(page, f"{name}-{size}-{theme}", theme)

    page.goto("/c/" + "0" * 32)
    expect(page.get_by_role("heading", level=1)).to_have_text("Der skete en fejl")
    checked(page, f"error-{size}-{theme}", theme)
    console_problems.remove("console error: Failed to load resource: the server responded with a status of 404 (Not Found)")

    # The pages whose other tests also check the English interface.
    page.request.post("/language", form={"language": "en", "next": "/admin/stats"})
    page.goto("/admin/stats")
    assert page.locator("svg[role=img] rect[class^=chart__fill]").count() > 20  # bars drawn
    expect(page.get_by_role("heading", name="Use of KK-GPT")).to_be_visible()
    checked(page, f"admin-stats-en-{size}-{theme}", theme)
    page.goto("/chat")
    expect(page.get_by_label("Write your message")).to_be_visible()
    checked(page, f"chat-en-{size}-{theme}", theme)


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_the_switch_overrides_the_system_and_sticks_over_a_reload(page, viewport) -> None:
    page.goto("/login")
    sign_in_admin(page)
    switch = page.get_by_label("Tema")
    expect(switch).to_have_value("system")
    assert background(page) == BACKGROUND["light"]

    with page.expect_response("**/theme") as stored:
        switch.select_option(label="Mørk")
    assert stored.value.status == 204
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert background(page) == BACKGROUND["dark"]
    page.reload()
    expect(page.get_by_label("Tema")).to_have_value("dark")
    assert background(page) == BACKGROUND["dark"] and axe_violations(page) == []
    page.goto("/guidelines")  # every page, not only the one it was chosen on
    assert background(page) == BACKGROUND["dark"]

    page.emulate_media(color_scheme="dark")
    with page.expect_response("**/theme"):
        page.get_by_label("Tema").select_option(label="Lys")
    page.reload()
    assert background(page) == BACKGROUND["light"] and axe_violations(page) == []

    with page.expect_response("**/theme"):
        page.get_by_label("Tema").select_option(label="Følg systemet")
    page.reload()
    expect(page.locator("html")).not_to_have_attribute("data-theme", re.compile("."))
    assert background(page) == BACKGROUND["dark"]
    page.emulate_media(color_scheme="light")
    assert background(page) == BACKGROUND["light"]
