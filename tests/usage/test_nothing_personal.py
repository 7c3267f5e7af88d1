"""The dev set run through the chat by five employees leaves none of its values, and no employee's name or
id, in the usage tables, the statistics (JSON and CSV, every dimension) or the logs."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, text

from kkgpt.db.models import UsageEvent, User
from tests.chat.test_pii_at_rest import _needles
from tests.conftest import login
from tests.devset import devset_lines

USAGE_TABLES = ("usage_events", "feedback", "guideline_acceptances", "quota_counters")
STAFF = [("Karen Blixen-Hansen", "Socialforvaltningen"), ("Ib Spang Olsen", "Socialforvaltningen"),
         ("Tove Ditlevsen", "Socialforvaltningen"), ("Halfdan Rasmussen", "Socialforvaltningen"),
         ("Inger Christensen", "Socialforvaltningen")]


async def test_usage_tables_statistics_and_logs_hold_nothing_personal(client: httpx.AsyncClient, app,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    # Our own loggers at DEBUG; libraries at INFO, as `kkgpt.logs` sets them (aiosqlite's DEBUG lines echo
    # every SQL parameter, including the users table's names, and are never switched on).
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="kkgpt")
    services = app.state.services
    lines = devset_lines()
    for i, (name, department) in enumerate(STAFF):
        await login(client, name, department=department)
        cid = (await client.post("/api/v1/conversations", json={"assistant": "klart-sprog"})).json()["id"]
        for line in lines[i::len(STAFF)]:
            reply = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": line["text"]})
            assert reply.status_code in (200, 422), reply.text
        messages = (await client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
        answer = next(m["id"] for m in messages if m["role"] == "assistant")
        rated = await client.post(f"/m/{answer}/feedback", data={"rating": "1", "stage": "details",
                                                                  "reasons": ["saved_time"], "comment": lines[i]["text"]})
        assert rated.status_code == 200, rated.text
        await client.post("/logout")
    # The statistics show whole past days only: move the day's events to yesterday to see them there.
    async with services.sessions.begin() as session:
        for event in (await session.scalars(select(UsageEvent))).all():
            event.hour -= timedelta(days=1)
        people = (await session.execute(select(User.id, User.display_name, User.subject))).all()
    await login(client, "Ada Admin", admin=True)
    yesterday = services.statistics.through().isoformat()
    answers = []
    for by in ("none", "department", "task_category", "model", "status", "entity_type", "special_category",
               "feedback", "blocked", "refusal", "guidelines"):
        query = f"from={yesterday}&to={yesterday}&granularity=day&by={by}"
        json_answer = await client.get(f"/api/v1/admin/stats?{query}")
        csv_answer = await client.get(f"/admin/stats.csv?{query}")
        assert json_answer.status_code == csv_answer.status_code == 200
        answers += [json_answer.text, csv_answer.text]
    overall = (await client.get(f"/api/v1/admin/stats?from={yesterday}&to={yesterday}&by=none")).json()
    assert overall["periods"][0]["total"]["users"] == len(STAFF)  # the figures are there, and counted right

    async with services.sessions() as session:
        dump = "\n".join([" ".join(str(v) for v in row) for table in USAGE_TABLES
                          for row in (await session.execute(text(f"SELECT * FROM {table}"))).all()])
    logs = "\n".join(r.getMessage() for r in caplog.records)
    haystack = "\n".join([dump, logs, *answers]).encode("utf-8")
    values = [e["text"] for line in lines for e in line["entities"] if e["type"] != "IGN"]
    personal = [name for name, _ in STAFF] + [part for name, _ in STAFF for part in name.split()[-1:]]
    personal += [user_id for user_id, _, _ in people] + [subject for _, _, subject in people]
    leaks = [v for v in values + personal for needle in _needles(v) if needle in haystack]
    where = [(v, h[max(0, h.find(v) - 120):h.find(v) + 40]) for v in leaks[:3] for h in [dump, logs, *answers] if v in h]
    assert leaks == [], where
