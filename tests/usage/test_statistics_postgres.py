"""The same statistics on PostgreSQL as on SQLite: day buckets, distinct employees and the simulator."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kkgpt.db.models import utcnow
from kkgpt.settings import Settings
from kkgpt.usage.simulate import Plan, simulate
from tests.conftest import login

pytestmark = pytest.mark.postgres


async def _answers(settings: Settings, start_app, backend) -> list[dict]:
    async with start_app(settings, backend=backend) as (app, client):
        services = app.state.services
        yesterday = utcnow().date() - timedelta(days=1)
        plan = Plan(events=3000, days=20, departments=8, last_day=yesterday, seed=7)
        await simulate(services.sessions, plan, services.session_secret)
        await login(client, "Admin", admin=True)
        first = yesterday - timedelta(days=19)
        answers = []
        for granularity in ("day", "week", "month"):
            for by in ("none", "department", "task_category", "entity_type", "feedback", "blocked"):
                response = await client.get(f"/api/v1/admin/stats?from={first}&to={yesterday}"
                                            f"&granularity={granularity}&by={by}")
                assert response.status_code == 200, response.text
                body = response.json()
                assert all(r["users"] >= 5 for r in body["rows"])
                answers.append({"periods": body["periods"], "rows": body["rows"]})
        # The task type × department table of the last whole month (its pairs are rolled up on either database).
        table = await services.statistics.crosstab((first.replace(day=1) - timedelta(days=1)).replace(day=1))
        table = table or await services.statistics.crosstab(first.replace(day=1))
        answers.append({"crosstab": None if table is None else sorted(
            (repr(key), cell.employees, tuple(round(v, 6) for v in cell.sums)) for key, cell in table.named.items())})
        return answers


async def test_postgres_and_sqlite_show_the_same_figures(postgres_url, tmp_path, start_app, backend) -> None:
    common = {"_env_file": None, "mock_delay_seconds": 0, "user_messages_per_minute": 0,
              "user_previews_per_minute": 0, "secret_key": "a-shared-secret-for-both-databases"}
    on_sqlite = await _answers(Settings(data_dir=tmp_path / "sqlite", **common), start_app, backend)
    on_postgres = await _answers(Settings(data_dir=tmp_path / "pg", database_url=postgres_url, **common),
                                 start_app, backend)
    assert any(a["rows"] for a in on_sqlite)
    assert on_postgres == on_sqlite
