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
                                   input_tokens=10, output_tokens=10))
        for i in range(11):
            session.add(Feedback(user_key=f"f{i}", rating=1 if i < 6 else -1, reasons="saved_time" if i < 6 else "",
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
    cells = [c.split("<")[0] for c in section.split('class="num">')[1:]]
    assert cells[-3:] == ["6", "6", "55 %"]  # employees, answers, 6 of 11 thumbs up

    bad = await client.post("/admin/scenarios/klart-sprog/trial",
                            data={"starts_on": "2026-12-31", "ends_on": "2026-11-01"})
    assert bad.status_code == 422
    assert (await client.post("/admin/scenarios/findes-ikke/trial", data={"action": "clear"})).status_code == 404
    await client.post("/admin/scenarios/klart-sprog/trial", data={"action": "clear"})
    assert await services.trials.all() == {}
