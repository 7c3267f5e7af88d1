"""Buckets follow Copenhagen's calendar, and a week that spans two months is two buckets."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from kkgpt.db.models import UsageEvent
from kkgpt.usage.periods import Bucket, bucket_of, buckets, day_start, last_complete_day, local_day
from kkgpt.usage.recorder import key_period, period_key
from kkgpt.web.formats import format_period
from tests.conftest import login


@pytest.mark.parametrize(("moment", "day"), [
    (datetime(2026, 3, 31, 21, 30, tzinfo=UTC), date(2026, 3, 31)),  # 23:30 summer time: still March
    (datetime(2026, 3, 31, 22, 0, tzinfo=UTC), date(2026, 4, 1)),  # midnight summer time: April
    (datetime(2026, 10, 31, 22, 59, tzinfo=UTC), date(2026, 10, 31)),  # 23:59 winter time
    (datetime(2026, 10, 31, 23, 0, tzinfo=UTC), date(2026, 11, 1)),  # midnight winter time
    (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2026, 3, 29)),  # 01:30 on the day the clocks go forward
])
def test_days_are_copenhagen_days(moment: datetime, day: date) -> None:
    assert local_day(moment) == day
    assert key_period(moment, "month") == day.strftime("%Y-%m")  # the usage key turns with the same month


def test_days_start_at_local_midnight_and_change_length_with_the_clocks() -> None:
    assert day_start(date(2026, 7, 1)) == datetime(2026, 6, 30, 22, tzinfo=UTC)
    assert day_start(date(2026, 12, 1)) == datetime(2026, 11, 30, 23, tzinfo=UTC)
    hours = (day_start(date(2026, 3, 30)) - day_start(date(2026, 3, 29))).total_seconds() / 3600
    assert hours == 23 and (day_start(date(2026, 10, 26)) - day_start(date(2026, 10, 25))).days == 1
    # Yesterday is Copenhagen's yesterday: at 23:30 UTC on 4 December it is already 5 December there.
    assert last_complete_day(datetime(2026, 12, 4, 23, 30, tzinfo=UTC)) == date(2026, 12, 4)
    assert last_complete_day(datetime(2026, 12, 4, 22, 30, tzinfo=UTC)) == date(2026, 12, 3)


def test_a_week_across_two_months_is_two_buckets_labelled_with_their_dates() -> None:
    found = buckets(date(2026, 9, 21), date(2026, 10, 11), "week", through=date(2026, 11, 30))
    assert [(b.first, b.last, b.label) for b in found] == [
        (date(2026, 9, 21), date(2026, 9, 27), "2026-W39"),
        (date(2026, 9, 28), date(2026, 9, 30), "2026-W40 28.09-30.09"),
        (date(2026, 10, 1), date(2026, 10, 4), "2026-W40 01.10-04.10"),
        (date(2026, 10, 5), date(2026, 10, 11), "2026-W41"),
    ]
    assert all(len(b.months) == 1 for b in found)
    assert bucket_of(date(2026, 10, 2), "week") == found[2]
    assert format_period(found[1]) == "uge 40, 28.-30. september 2026"
    assert format_period(found[2], "en") == "week 40, 1-4 October 2026"
    # The first part is complete once September is over, the second only once its own days are.
    assert buckets(date(2026, 9, 28), date(2026, 10, 4), "week", through=date(2026, 10, 2)) == [found[1]]
    assert Bucket(date(2026, 9, 21), date(2026, 9, 27), "week").partial is False


async def test_a_turn_late_on_the_last_evening_of_a_month_counts_in_that_month(client: httpx.AsyncClient,
                                                                                app) -> None:
    """23:30 local time on 31 March (21:30 UTC, summer time) is March, on its day and in its month."""
    async with app.state.services.sessions.begin() as session:
        for i in range(6):
            session.add(UsageEvent(hour=datetime(2026, 3, 31, 21, tzinfo=UTC), user_key=f"late{i}",
                                   department="Socialforvaltningen", kind="turn", status="complete"))
            session.add(UsageEvent(hour=datetime(2026, 3, 31, 22, tzinfo=UTC), user_key=f"april{i}",
                                   department="Socialforvaltningen", kind="turn", status="complete"))
    await login(client, "Admin", admin=True)
    march = (await client.get("/api/v1/admin/stats?month=2026-03&by=none")).json()
    april = (await client.get("/api/v1/admin/stats?month=2026-04&by=none")).json()
    assert march["total"]["turns"] == 6 and april["total"]["turns"] == 6
    days = (await client.get("/api/v1/admin/stats?from=2026-03-31&to=2026-04-01&granularity=day&by=none")).json()
    assert [(p["period"], p["total"]["turns"]) for p in days["periods"]] == [("2026-03-31", 6), ("2026-04-01", 6)]


async def test_a_week_across_two_months_counts_each_person_once_per_part(client: httpx.AsyncClient, app) -> None:
    """Six employees work on both sides of 1 October: their usage keys differ in September and October,
    so the week is shown as two parts of six employees each, never as one week of twelve."""
    async with app.state.services.sessions.begin() as session:
        for i in range(6):
            for moment in (datetime(2026, 9, 29, 8, tzinfo=UTC), datetime(2026, 10, 1, 8, tzinfo=UTC)):
                key = period_key("secret", f"employee{i}", key_period(moment, "month"))
                session.add(UsageEvent(hour=moment, user_key=key, department="Socialforvaltningen", kind="turn",
                                       status="complete"))
    await login(client, "Admin", admin=True)
    weeks = (await client.get("/api/v1/admin/stats?from=2026-09-28&to=2026-10-04&granularity=week&by=none")).json()
    assert [(p["period"], p["start"], p["end"], p["total"]["users"], p["total"]["turns"])
            for p in weeks["periods"]] == [("2026-W40 28.09-30.09", "2026-09-28", "2026-09-30", 6, 6),
                                           ("2026-W40 01.10-04.10", "2026-10-01", "2026-10-04", 6, 6)]
    page = await client.get("/admin/stats?from=2026-09-28&to=2026-10-04&granularity=week")
    assert "uge 40, 28.-30. september 2026" in page.text and "uge 40, 1.-4. oktober 2026" in page.text
