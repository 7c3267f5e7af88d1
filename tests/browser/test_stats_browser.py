"""The usage dashboard in Chromium: an admin sees charts drawn with data tables, and axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, simulate_usage

pytestmark = pytest.mark.browser


@pytest.fixture
def simulated(live_server, browser_settings) -> None:
    """Three weeks of simulated use in ten departments."""
    simulate_usage(browser_settings, events=6000, days=21, departments=10, seed=11)


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
