"""The usage dashboard in Chromium: an admin sees charts drawn with data tables, and axe finds nothing."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from kkgpt.db.models import utcnow
from kkgpt.usage.simulate import Plan, simulate
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def simulated(live_server, browser_settings) -> None:
    """Three weeks of simulated use, written into the server's database by an engine of the test's own."""
    from kkgpt import keys
    from kkgpt.db.engine import create_engine, create_session_factory

    async def fill() -> None:
        engine = create_engine(browser_settings.effective_database_url)
        yesterday = utcnow().date() - timedelta(days=1)
        plan = Plan(events=6000, days=21, departments=10, last_day=yesterday, seed=11)
        try:
            await simulate(create_session_factory(engine), plan, keys.session_secret(browser_settings))
        finally:
            await engine.dispose()

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API already runs a loop in this thread
        pool.submit(lambda: asyncio.run(fill())).result(timeout=300)


def test_admin_dashboard_draws_charts_and_is_axe_clean(page, simulated) -> None:
    page.goto("/login")
    page.get_by_label("Navn").fill("Ada Admin")
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("button", name="Jeg har læst og accepterer retningslinjerne").click()
    page.goto("/admin/stats")
    expect(page.get_by_role("heading", name="Brug af KK-GPT")).to_be_visible()
    expect(page.get_by_role("img", name="Aktive medarbejdere", exact=True)).to_be_visible()
    assert page.locator("svg[role=img] rect[class^=chart__fill]").count() > 20  # bars drawn
    expect(page.get_by_role("table", name="Aktive medarbejdere: tal pr. periode")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Pr.", exact=True).select_option("week")
    page.get_by_label("Opdelt efter", exact=True).select_option("task_category")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", name="Svar pr. opgavetype")).to_be_visible()
    assert "uge " in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="In English").click()
    expect(page.get_by_role("heading", name="Use of KK-GPT")).to_be_visible()
    assert axe_violations(page) == []
