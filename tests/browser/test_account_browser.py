"""In Chromium: Min konto (API tokens, log out everywhere), the admin's Logins page, and a rate limit as the
employee meets it in the chat."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from kkgpt.settings import Settings
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser
ACCEPT = "Jeg har læst og accepterer retningslinjerne"


@pytest.fixture
def browser_settings(tmp_path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0.01,
                    user_messages_per_minute=1, user_tokens_per_day=100_000)


def _login(page, name: str, *, admin: bool = False) -> None:
    page.goto("/login")
    page.get_by_label("Navn").fill(name)
    if admin:
        page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    page.get_by_role("button", name=ACCEPT).click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    page.wait_for_load_state("load")  # the page's scripts are running


def test_an_employee_makes_and_deletes_a_token_and_logs_out_everywhere(page, context) -> None:
    _login(page, "Konto Testesen")
    expect(page.locator(".sidebar__usage")).to_contain_text("Brugt i dag: 0 af 100.000 tokens")
    page.get_by_role("link", name="Min konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min konto")
    assert axe_violations(page) == []
    page.get_by_label("Navn").fill("Mit testscript")
    page.get_by_role("button", name="Opret API-nøgle").click()
    token = page.locator(".token-once").inner_text()
    assert re.fullmatch(r"kkgpt_[\w-]{40,}", token)
    expect(page.get_by_role("cell", name="Mit testscript", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/account")
    expect(page.locator(".token-once")).to_have_count(0)  # shown once only
    page.get_by_role("button", name="Slet Mit testscript").click()
    expect(page.get_by_text("Du har ingen API-nøgler.")).to_be_visible()

    other = context.browser.new_context(base_url=page.url.split("/account")[0])
    try:
        second = other.new_page()
        second.goto("/login")
        second.get_by_label("Navn").fill("Konto Testesen")
        second.get_by_role("button", name="Log ind").click()
        expect(second).to_have_url(re.compile("/chat$"))
        page.reload()
        expect(page.get_by_text("2 sted(er)")).to_be_visible()
        page.get_by_role("button", name="Log ud overalt").click()
        expect(page).to_have_url(re.compile("/login$"))
        second.goto("/chat")
        expect(second).to_have_url(re.compile(r"/login\?next=/chat$"))
    finally:
        other.close()


def test_an_admin_logs_an_employee_out_everywhere(page, context) -> None:
    _login(page, "Mistet Laptop")
    admin_context = context.browser.new_context(base_url=page.url.rsplit("/chat", 1)[0])
    try:
        admin = admin_context.new_page()
        _login(admin, "Ada Admin", admin=True)
        admin.goto("/admin")
        admin.get_by_role("link", name="Logins").click()
        admin.get_by_label("Navn").fill("mistet")
        admin.get_by_role("button", name="Søg").click()
        expect(admin.get_by_role("cell", name="Mistet Laptop", exact=True)).to_be_visible()
        assert axe_violations(admin) == []
        admin.get_by_role("button", name="Log ud overalt Mistet Laptop").click()
        expect(admin.get_by_role("status")).to_contain_text("1 sessioner og API-nøgler blev afsluttet.")
    finally:
        admin_context.close()
    page.goto("/chat")
    expect(page).to_have_url(re.compile(r"/login\?next=/chat$"))


def test_a_rate_limit_says_when_to_write_again_and_keeps_the_draft(page, console_problems, live_server) -> None:
    # Both messages count in the same minute, whenever the test runs.
    moment = datetime.now(UTC).replace(second=30, microsecond=0)
    live_server.server.config.app.state.services.quotas.clock = lambda: moment
    _login(page, "Hurtig Skriver")
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Første besked")
    composer.press("Enter")
    expect(page.locator(".message--assistant .js-copy")).to_be_visible(timeout=15_000)
    composer.fill("Anden besked lige efter")
    composer.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"Du kan skrive igen kl\. \d\d:\d\d\."))
    expect(composer).to_have_value("Anden besked lige efter")
    expect(page.locator(".message--user")).to_have_count(1)
    # Chromium logs the refused request itself; that one is expected.
    console_problems[:] = [p for p in console_problems if "429 (Too Many Requests)" not in p]
