"""Light and dark in Chromium: every page kind, open dialog and form axe-clean (colour contrast included) in both
themes and both languages, at a desktop and a phone width, with a screenshot of each left in
test-artifacts/screenshots/; the Tema switch sticks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kkgpt.pii.entities import BUILTIN_ENTITIES
from kkgpt.web.i18n import translator
from kkgpt.web.placeholders import placeholder_name
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, screenshot, simulate_usage
from tests.documents import samples

pytestmark = pytest.mark.browser

BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 23, 27)"}  # --white in each theme


@pytest.fixture
def simulated(live_server, browser_settings) -> None:
    """Two weeks of simulated use, so the statistics page draws its charts."""
    simulate_usage(browser_settings, events=600, days=14, departments=4, seed=5)


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def sign_in_admin(page) -> None:
    t = translator("da")
    page.get_by_label(t("login.name")).fill("Ada Admin")
    page.get_by_label(t("login.admin")).check()
    page.get_by_role("button", name=t("login.submit")).click()
    page.get_by_role("button", name=t("guidelines.accept")).click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    page.wait_for_load_state("load")


class Tour:
    """Checks each state of a page in light and dark: the theme applies, axe finds nothing serious, a screenshot
    `<page>-<language>-<size>-<theme>.png` is saved. Findings are gathered, so one run reports every page."""

    def __init__(self, page, language: str, size: str) -> None:
        self.page, self.language, self.size = page, language, size
        self.findings: dict[str, list[dict]] = {}
        self.checked = 0

    def check(self, name: str, *, themed: bool = True) -> None:
        """`themed`: the page is ours (Swagger UI's API page keeps its own light colours in both)."""
        self.page.wait_for_load_state("load")  # after a form post the page can be read before its stylesheet applies
        for theme in ("light", "dark"):
            self.page.emulate_media(color_scheme=theme)
            shot = f"{name}-{self.language}-{self.size}-{theme}"
            assert not themed or background(self.page) == BACKGROUND[theme], shot
            if violations := axe_violations(self.page):
                self.findings[shot] = violations
            screenshot(self.page, shot)
            self.checked += 1


def _sidebar(page, t, size: str) -> None:
    """On a phone the conversation list is a drawer: open it (reduced motion: checked where it stops)."""
    if size == "phone" and not page.evaluate("document.body.classList.contains('sidebar-open')"):
        page.get_by_role("button", name=t("nav.open_menu")).click()


def _answered(page, text: str, t) -> None:
    before = page.locator(".message--assistant:not(.is-streaming)").count()
    composer = page.get_by_label(t("chat.composer_label"))
    composer.fill(text)
    composer.press("Enter")
    expect(page.locator(".message--assistant:not(.is-streaming)")).to_have_count(before + 1, timeout=15_000)


#: Both languages on the desktop; the phone in Danish (the English text changes no colour or structure there).
@pytest.mark.parametrize(("viewport", "language"), [pytest.param(DESKTOP, "da", id="desktop-da"),
                                                    pytest.param(DESKTOP, "en", id="desktop-en"),
                                                    pytest.param(PHONE, "da", id="phone-da")])
def test_every_page_is_axe_clean_in_both_themes(page, viewport, language, simulated, console_problems,
                                               tmp_path) -> None:
    t = translator(language)
    size = "desktop" if viewport is DESKTOP else "phone"
    tour = Tour(page, language, size)
    page.emulate_media(reduced_motion="reduce")  # drawers and dialogs are checked where they stop, not moving
    page.request.post("/language", form={"language": language, "next": "/login"})
    page.goto("/login")
    expect(page.get_by_role("button", name=t("login.submit"))).to_be_visible()
    tour.check("login")
    page.get_by_label(t("login.name")).fill("Ada Admin")
    page.get_by_label(t("login.admin")).check()
    page.get_by_role("button", name=t("login.submit")).click()
    expect(page.get_by_role("button", name=t("guidelines.accept"))).to_be_visible()
    tour.check("chat-guidelines")
    page.get_by_role("button", name=t("guidelines.accept")).click()
    expect(page.get_by_label(t("chat.composer_label"))).to_be_focused()
    tour.check("chat-empty")

    _answered(page, "Skriv til Jens Hansen, cpr 010170-1234, om ansøgningen", t)
    expect(page.locator(".message--user mark.pii")).to_have_count(2)
    page.locator(".message--user").get_by_text(t("chat.model_saw")).click()
    page.get_by_label(t("chat.composer_label")).fill("Og ring til Mette Jensen på 22 33 44 55")
    expect(page.locator("#pii-preview")).to_contain_text("Mette Jensen")
    tour.check("chat")

    _answered(page, "[[mock:markdown]]", t)  # lists, a table and code
    answer = page.locator(".message--assistant").last
    expect(answer.locator("table")).to_be_visible()
    answer.get_by_role("button", name=t("feedback.down")).click()
    expect(page.locator(".feedback__form")).to_be_visible()
    tour.check("chat-markdown-feedback")

    page.locator(".message--user").first.get_by_role("button", name=t("chat.edit_message")).click()
    expect(page.get_by_label(t("chat.edit_label"), exact=True)).to_be_focused()
    tour.check("chat-edit")
    page.keyboard.press("Escape")

    _sidebar(page, t, size)
    page.get_by_role("button", name=re.compile("^" + re.escape(t("chat.rename_conversation", title="")))).click()
    expect(page.locator(".js-rename-input")).to_be_focused()
    tour.check("chat-rename")
    page.locator(".js-rename-cancel").click()
    expect(page.locator(".js-rename-input")).to_have_count(0)
    _sidebar(page, t, size)
    page.get_by_role("button", name=re.compile("^" + re.escape(t("chat.delete_conversation", title="")))).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    tour.check("chat-delete-dialog")
    page.get_by_role("dialog").get_by_role("button", name=t("dialog.cancel")).click()
    _sidebar(page, t, size)
    page.get_by_label(t("nav.search_label")).fill("Jens")
    expect(page.locator(".conversation--hit mark.search-hit").first).to_be_visible()
    tour.check("chat-search")

    page.wait_for_load_state("networkidle")  # the model's title for the conversation has come: nothing is cut off
    letter = tmp_path / "letter.docx"
    letter.write_bytes(samples.docx_file())
    page.goto("/chat")
    page.locator("#composer-file").set_input_files(str(letter))
    chip = page.locator(".document-chip")
    expect(chip).to_contain_text("letter.docx")
    chip.get_by_text(t("documents.masked_heading")).click()
    expect(chip.get_by_label(t("documents.mask_value"))).to_be_visible()
    tour.check("chat-document-mask")

    page.goto("/tips")  # a tip waiting for review, so the review page shows one
    page.get_by_label(t("tips.label")).fill("Når jeg skriver til Jens Hansen, beder jeg om punktform.")
    page.get_by_role("button", name=t("tips.preview_button")).click()
    expect(page.locator(".tip--preview")).to_contain_text("[" + placeholder_name(BUILTIN_ENTITIES.get("PERSON"), language))
    tour.check("tips-preview")
    page.get_by_role("button", name=t("tips.save")).click()
    expect(page.get_by_role("status")).to_contain_text(t("tips.saved")[:12])

    for path, name in (("/conversations", "conversations"), ("/conversations?q=Jens", "conversations-search"),
                       ("/guidelines", "guidelines"), ("/tips", "tips"), ("/account", "account"),
                       ("/admin", "admin"), ("/admin/stats", "admin-stats"), ("/admin/tips", "admin-tips"),
                       ("/admin/users", "admin-users"), ("/admin/scenarios", "admin-scenarios")):
        page.goto(path)
        tour.check(name)
    page.goto("/api/docs")
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("KK-GPT")  # drawn by Swagger UI's script
    tour.check("api-docs", themed=False)
    page.goto("/admin/stats")
    assert page.locator("svg[role=img] rect[class^=chart__fill]").count() > 20  # bars drawn
    page.goto("/c/" + "0" * 32)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("error.title"))
    tour.check("error-404")
    console_problems.remove("console error: Failed to load resource: the server responded with a status of 404 (Not Found)")

    assert not tour.findings, "\n".join(f"{shot}: {found}" for shot, found in tour.findings.items())
    assert tour.checked == 2 * 23  # every state above, in both themes


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
