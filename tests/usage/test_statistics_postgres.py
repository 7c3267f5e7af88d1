"""The same statistics on PostgreSQL as on SQLite: Copenhagen day buckets (across the clocks going forward
on 29 March and a month's end), distinct employees, the simulator and the cross tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kkgpt.settings import Settings
from kkgpt.usage.simulate import Plan, simulate
from tests.conftest import login

pytestmark = pytest.mark.postgres


async def _answers(settings: Settings, start_app, backend) -> list[dict]:
    async with start_app(settings, backend=backend) as (app, client):
        services = app.state.services
        yesterday = date(2026, 4, 4)  # 16 March to 4 April: a 23-hour day, a month's end, a split week
        plan = Plan(events=3000, days=20, departments=8, last_day=yesterday, seed=7)
        await simulate(services.sessions, plan, services.session_secret)
        await login(client, "Admin", admin=True)
        first = yesterday - timedelta(days=19)
        answers = []
        for granularity in ("day", "week", "month"):
            for by in ("none", "department", "task_category", "entity_type", "feedback", "time_saved", "blocked",
                       "accepted_guidelines"):
                response = await client.get(f"/api/v1/admin/stats?from={first}&to={yesterday}"
                                            f"&granularity={granularity}&by={by}")
                assert response.status_code == 200, response.text
                body = response.json()
                assert all(r["users"] >= 5 for r in body["rows"])
                answers.append({"periods": body["periods"], "rows": body["rows"]})
        # The task type × department tables of March (the answers' pairs are rolled up on either database).
        for source in ("turns", "feedback", "time_saved"):
            table = await services.statistics.crosstab(date(2026, 3, 1), source)
            answers.append({"crosstab": None if table is None else sorted(
                (repr(key), cell.employees, tuple(round(v, 6) for v in cell.sums))
                for key, cell in table.named.items())})
        return answers


async def test_postgres_and_sqlite_show_the_same_figures(postgres_url, tmp_path, start_app, backend) -> None:
    common = {"_env_file": None, "mock_delay_seconds": 0, "user_messages_per_minute": 0,
              "user_previews_per_minute": 0, "secret_key": "a-shared-secret-for-both-databases"}
    on_sqlite = await _answers(Settings(data_dir=tmp_path / "sqlite", **common), start_app, backend)
    on_postgres = await _answers(Settings(data_dir=tmp_path / "pg", database_url=postgres_url, **common),
                                 start_app, backend)
    assert any(a.get("rows") for a in on_sqlite) and any(a.get("crosstab") for a in on_sqlite)
    assert on_postgres == on_sqlite
