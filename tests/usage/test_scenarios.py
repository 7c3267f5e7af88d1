"""Use scenarios: an admin marks assistants as trials and sees, per task type, only figures the statistics show."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from kkgpt.db.models import Feedback, UsageEvent
from tests.conftest import login


async def _october(services) -> None:
    when = datetime(2026, 10, 7, 10, tzinfo=UTC)
    async with services.sessions.begin() as session:
        for i in range(6):
            session.add(UsageEvent(hour=when, user_key=f"u{i}", department="Socialforvaltningen", kind="turn",
                                   task_category="citizen_communication", model="gpt-4o-mini", status="complete",
                                   input_tokens=10, output_tokens=10, pii_types="PERSON" if i < 2 else ""))
        for i in range(5):  # five of them had a message blocked by the shield
            session.add(UsageEvent(hour=when, user_key=f"u{i}", department="Socialforvaltningen", kind="blocked",
                                   task_category="citizen_communication", pii_types="DK_CPR"))
        for i in range(11):
            # 6 up (saved time: 4 of them; "over 1 hour" twice, "5-15 min" twice), 5 down ("wrong_tone" twice,
            # which must not count as "wrong"; one says no time was saved).
            up = i < 6
            session.add(Feedback(user_key=f"f{i}", rating=1 if up else -1,
                                 reasons=("saved_time" if i < 4 else "correct") if up else
                                 ("wrong_tone" if i < 8 else "too_long"),
                                 time_saved={0: "over_60", 1: "over_60", 2: "5_15", 3: "5_15", 6: "none"}.get(i),
                                 task_category="citizen_communication", department="Socialforvaltningen",
                                 created_at=when))


async def test_only_admins_see_and_mark_scenarios(client: httpx.AsyncClient) -> None:
    await login(client, "Medarbejder")
    assert (await client.get("/admin/scenarios")).status_code == 403
    marked = await client.post("/admin/scenarios/klart-sprog/trial",
                               data={"starts_on": "2026-11-01", "ends_on": "2026-12-31"})
    assert marked.status_code == 403


async def test_trial_marking_and_report(client: httpx.AsyncClient, app) -> None:
    services = app.state.services
    await _october(services)
    tip = await services.tips.submit("Klart sprog sparede mig en time på et svar til en borger.")
    await services.tips.review(tip.id, "published")
    await login(client, "Admin", admin=True)

    marked = await client.post("/admin/scenarios/klart-sprog/trial",
                               data={"starts_on": "2026-11-01", "ends_on": "2026-12-31"})
    assert marked.status_code == 303
    page = (await client.get("/admin/scenarios?from=2026-10-01&to=2026-10-31")).text
    section = page[page.index('id="scenario-klart-sprog"'):]
    section = section[:section.index("</section>")]
    assert "Forsøg" in section and "forsøg fra 1/11 2026 til 31/12 2026" in section
    assert "1 offentliggjorte tips nævner den" in section
    assert "oktober 2026" in section
    months = section[:section.index("</table>")]
    cells = [c.split("<")[0] for c in months.split('class="num">')[1:]]
    # employees, answers, 2 of 6 answers masked, 5 of 11 messages blocked, 6 of 11 thumbs up,
    # (60+60+10+10+0)/5 = 28 minutes per answer
    assert cells[-6:] == ["6", "6", "33 %", "45 %", "55 %", "28,0 "] and "(5 svar)" in months
    # Each reason's share of the ratings of its thumb: saved time 4/6, wrong tone 2/5 (not "forkert"), ...
    assert "sparede tid 67 %" in section and "forkert tone 40 %" in section and "forkert 0" not in section

    # The stats API and CSV serve the same sums per shown group (the report's shares are cut from them).
    api = (await client.get("/api/v1/admin/stats?month=2026-10&by=feedback")).json()
    rows = {r["group"]: r for r in api["rows"]}
    up = rows["citizen_communication:up"]
    assert up["ratings"] == 6 and up["time_answers"] is None, "the time saved is a breakdown of its own"
    saved = (await client.get("/api/v1/admin/stats?month=2026-10&by=time_saved")).json()
    timed = {r["group"]: r for r in saved["rows"]}["citizen_communication"]
    assert (timed["users"], timed["time_answers"], timed["minutes_saved"]) == (5, 5, 140)
    assert up["reasons"]["saved_time"] == 4 and up["reasons"]["correct"] == 2 and up["reasons"]["wrong"] == 0
    turns = (await client.get("/api/v1/admin/stats?month=2026-10&by=task_category")).json()["total"]
    assert (turns["turns"], turns["masked_turns"]) == (6, 2)
    csv = (await client.get("/admin/stats.csv?month=2026-10&by=feedback")).text.splitlines()
    assert "Begrundelse: sparede tid" in csv[0]
    csv = (await client.get("/admin/stats.csv?month=2026-10&by=time_saved")).text.splitlines()
    assert "Sparede minutter (anslået)" in csv[0] and "140" in csv[1]

    bad = await client.post("/admin/scenarios/klart-sprog/trial",
                            data={"starts_on": "2026-12-31", "ends_on": "2026-11-01"})
    assert bad.status_code == 422
    assert (await client.post("/admin/scenarios/findes-ikke/trial", data={"action": "clear"})).status_code == 404
    await client.post("/admin/scenarios/klart-sprog/trial", data={"action": "clear"})
    assert await services.trials.all() == {}


async def test_departments_are_compared_without_naming_small_ones(client: httpx.AsyncClient, app) -> None:
    """Per department for the last month: large departments by name, the small ones only together."""
    when = datetime(2026, 10, 14, 9, tzinfo=UTC)
    sizes = {"Socialforvaltningen": 8, "Teknik- og Miljøforvaltningen": 6, "Kultur- og Fritidsforvaltningen": 2,
             "Børne- og Ungdomsforvaltningen": 3}
    async with app.state.services.sessions.begin() as session:
        for department, size in sizes.items():
            for i in range(size):
                session.add(UsageEvent(hour=when, user_key=f"{department[:4]}{i}", department=department,
                                       kind="turn", task_category="citizen_communication", model="gpt-4o-mini",
                                       status="complete", input_tokens=10, output_tokens=10,
                                       pii_types="PERSON" if department == "Socialforvaltningen" and i < 2 else ""))
    await login(client, "Admin", admin=True)
    page = (await client.get("/admin/scenarios?from=2026-10-01&to=2026-10-31")).text
    section = page[page.index('id="scenario-klart-sprog"'):]
    section = section[:section.index("</section>")]
    months = section[:section.index("</table>")]
    assert [c.split("<")[0] for c in months.split('class="num">')[1:]][-6:-2] == ["19", "19", "11 %", "0 %"], \
        "nobody was blocked in the month at all: 0 %, not hidden"
    table = section[section.index("Forvaltninger/afdelinger i oktober 2026"):]
    rows = [r.split("</tr>")[0] for r in table.split("<tr>")[2:]]
    cells = [[c.split("<")[0] for c in row.split('class="num">')[1:]] for row in rows]
    assert "Socialforvaltningen" in rows[0] and cells[0] == ["8", "8", "25 %", "–", "–"]
    assert "Teknik- og Miljøforvaltningen" in rows[1] and cells[1] == ["6", "6", "0 %", "–", "–"]
    assert "Øvrige afdelinger" in rows[2] and cells[2][0] == "5", "the two small departments only together"
    assert "Kultur" not in section and "Børne" not in section
    # A task type nobody used in the month is not compared at all.
    summary = page[page.index('id="scenario-opsummer'):] if 'id="scenario-opsummer' in page else ""
    assert "Forvaltninger/afdelinger i" not in summary[:summary.find("</section>")]


async def test_a_blocked_share_of_too_few_employees_is_not_shown(client: httpx.AsyncClient, app) -> None:
    when = datetime(2026, 10, 7, 10, tzinfo=UTC)
    async with app.state.services.sessions.begin() as session:
        for i in range(6):
            session.add(UsageEvent(hour=when, user_key=f"u{i}", department="Socialforvaltningen", kind="turn",
                                   task_category="citizen_communication", status="complete"))
        for i in range(2):
            session.add(UsageEvent(hour=when, user_key=f"u{i}", department="Socialforvaltningen", kind="blocked",
                                   task_category="citizen_communication", pii_types="DK_CPR"))
    await login(client, "Admin", admin=True)
    page = (await client.get("/admin/scenarios?from=2026-10-01&to=2026-10-31")).text
    section = page[page.index('id="scenario-klart-sprog"'):]
    months = section[:section.index("</table>")]
    cells = [c.split("<")[0] for c in months.split('class="num">')[1:]]
    assert cells[-6:-2] == ["6", "6", "0 %", "–"], "two employees' blocked messages are not a share"


async def test_time_saved_needs_k_employees_who_answered_not_k_answers(client: httpx.AsyncClient, app) -> None:
    """Ten employees rate (five up, five down); one of them says five times how much time was saved: five
    answers, one person, so no mean is shown (it would be that person's habit), in the report or the API."""
    when = datetime(2026, 10, 7, 10, tzinfo=UTC)
    async with app.state.services.sessions.begin() as session:
        for i in range(10):
            session.add(UsageEvent(hour=when, user_key=f"u{i}", department="Socialforvaltningen", kind="turn",
                                   task_category="citizen_communication", status="complete"))
            session.add(Feedback(user_key=f"u{i}", rating=1 if i < 5 else -1, task_category="citizen_communication",
                                 department="Socialforvaltningen", created_at=when))
        for _ in range(5):
            session.add(Feedback(user_key="u0", rating=1, time_saved="over_60", task_category="citizen_communication",
                                 department="Socialforvaltningen", created_at=when))
    await login(client, "Admin", admin=True)
    page = (await client.get("/admin/scenarios?from=2026-10-01&to=2026-10-31")).text
    section = page[page.index('id="scenario-klart-sprog"'):]
    months = section[:section.index("</table>")]
    cells = [c.split("<")[0] for c in months.split('class="num">')[1:]]
    assert cells[-6] == "10" and cells[-2] == "67 %" and cells[-1] == "–", "thumbs shown, time saved not"
    assert "svar)" not in months
    saved = (await client.get("/api/v1/admin/stats?month=2026-10&by=time_saved")).json()
    assert saved["total"] is None and saved["rows"] == []


async def test_departments_compared_by_thumbs_and_time_saved(client: httpx.AsyncClient, app) -> None:
    """Every month of the range is compared; a department's thumbs-up share and time saved come from cross
    tables of the ratings and of the time answers, each audited like the answers' table."""
    sizes = {"Socialforvaltningen": 12, "Teknik- og Miljøforvaltningen": 11, "Kultur- og Fritidsforvaltningen": 3,
             "Børne- og Ungdomsforvaltningen": 3}
    async with app.state.services.sessions.begin() as session:
        for month in (9, 10):
            when = datetime(2026, month, 14, 9, tzinfo=UTC)
            for department, size in sizes.items():
                for i in range(size):
                    user = f"{month}{department[:4]}{i}"
                    session.add(UsageEvent(hour=when, user_key=user, department=department, kind="turn",
                                           task_category="citizen_communication", status="complete"))
                    if size < 5:
                        continue  # the small departments do not rate
                    # Socialforvaltningen: 7 up, 5 down, all say 5-15 min; Teknik: 6 up, 5 down, 6 say 15-60.
                    timed = "5_15" if department[0] == "S" else ("15_60" if i < 6 else None)
                    session.add(Feedback(user_key=user, rating=1 if i < size // 2 + 1 else -1, time_saved=timed,
                                         task_category="citizen_communication", department=department,
                                         created_at=when))
    await login(client, "Admin", admin=True)
    page = (await client.get("/admin/scenarios?from=2026-09-01&to=2026-10-31")).text
    section = page[page.index('id="scenario-klart-sprog"'):]
    section = section[:section.index("</section>")]
    for month in ("september 2026", "oktober 2026"):
        table = section[section.index(f"Forvaltninger/afdelinger i {month}"):]
        table = table[:table.index("</table>")]
        rows = [r.split("</tr>")[0] for r in table.split("<tr>")[2:]]
        cells = [[c.split("<")[0] for c in row.split('class="num">')[1:]] for row in rows]
        assert "Socialforvaltningen" in rows[0] and cells[0] == ["12", "12", "0 %", "58 %", "10,0 "]
        assert "(12 svar)" in rows[0]
        assert "Teknik" in rows[1] and cells[1] == ["11", "11", "0 %", "55 %", "30,0 "] and "(6 svar)" in rows[1]
        assert "Øvrige afdelinger" in rows[2] and cells[2] == ["6", "6", "0 %", "–", "–"]


async def test_scenario_figures_by_week_with_departments_compared_by_month(client: httpx.AsyncClient,
                                                                           app) -> None:
    """The report follows the chosen granularity (the same weeks as the dashboard: a week across two months
    is two parts); departments are still compared for each whole month of the range."""
    await _october(app.state.services)
    await login(client, "Admin", admin=True)
    page = (await client.get("/admin/scenarios?from=2026-09-28&to=2026-10-31&granularity=week")).text
    section = page[page.index('id="scenario-klart-sprog"'):]
    section = section[:section.index("</section>")]
    weeks = section[:section.index("</table>")]
    assert "tal pr. uge" in weeks
    assert "uge 40, 28.-30. september 2026" in weeks and "uge 40, 1.-4. oktober 2026" in weeks
    assert "uge 44, 26.-31. oktober 2026" in weeks and "uge 41, 2026" in weeks
    week_41 = weeks[weeks.index("uge 41, 2026"):].split("</tr>")[0]
    assert [c.split("<")[0] for c in week_41.split('class="num">')[1:]][:2] == ["6", "6"]
    assert "Forvaltninger/afdelinger i september 2026" not in section  # nobody used it in September
    assert "Forvaltninger/afdelinger i oktober 2026" in section


async def test_cross_tables_are_kept_until_their_rows_change(client: httpx.AsyncClient, app) -> None:
    """The audited cross tables are kept in memory while the publications they were cut from stand, and
    made again when the log changes (a new rating of the month)."""
    from datetime import date

    services = app.state.services
    await _october(services)
    statistics = services.statistics
    first = await statistics.crosstab(date(2026, 10, 1), "feedback")
    assert first is not None and await statistics.crosstab(date(2026, 10, 1), "feedback") is first
    async with services.sessions.begin() as session:
        session.add(Feedback(user_key="late", rating=1, task_category="citizen_communication",
                             department="Socialforvaltningen", created_at=datetime(2026, 10, 8, tzinfo=UTC)))
    again = await statistics.crosstab(date(2026, 10, 1), "feedback")
    assert again is not first and sum(c.sums[0] for c in again.rest.values()) + sum(
        c.sums[0] for c in again.named.values()) == 12
