"""Daily rollups give exactly the figures of the raw usage log, and follow it when it changes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from kkgpt.chat.retention import purge_usage
from kkgpt.db.models import UsageRollup, utcnow
from kkgpt.usage.dimensions import DIMENSIONS
from kkgpt.usage.simulate import Plan, simulate
from kkgpt.usage.statistics import UsageStatistics
from kkgpt.web.routes.admin_stats import out


async def _everything(statistics: UsageStatistics, first, last) -> list:
    answers = []
    for granularity in ("day", "week", "month"):
        for name in DIMENSIONS:
            figures = await statistics.figures(name, first, last, granularity)
            answers.append(out(figures).model_dump())
    return answers


def _fresh(services) -> UsageStatistics:
    return UsageStatistics(services.sessions, min_users=5, prices=services.settings.model_prices_dkk)


async def test_rollups_match_the_raw_log(services) -> None:
    yesterday = utcnow().date() - timedelta(days=1)
    first = yesterday - timedelta(days=44)
    await simulate(services.sessions, Plan(events=4000, days=45, departments=9, last_day=yesterday, seed=3),
                   services.session_secret)
    from_raw = await _everything(_fresh(services), first, yesterday)  # rolls up as it goes
    async with services.sessions() as session:
        rolled = await session.scalar(select(func.count()).select_from(UsageRollup))
    assert rolled > 45
    from_rollups = await _everything(_fresh(services), first, yesterday)
    assert from_rollups == from_raw and any(a["rows"] for a in from_raw)

    # Simulated past events: rolled up again from scratch, the figures follow the log.
    await simulate(services.sessions, Plan(events=2000, days=45, departments=9, last_day=yesterday, seed=4),
                   services.session_secret)
    await _fresh(services).roll_up(first, yesterday, fresh=True)
    after = await _everything(_fresh(services), first, yesterday)
    async with services.sessions.begin() as session:
        await session.execute(delete(UsageRollup))
    assert after == await _everything(_fresh(services), first, yesterday) and after != from_raw


async def test_purge_removes_old_rollups(services) -> None:
    yesterday = utcnow().date() - timedelta(days=1)
    await simulate(services.sessions, Plan(events=500, days=10, departments=4, last_day=yesterday, seed=5),
                   services.session_secret)
    await _fresh(services).roll_up(yesterday - timedelta(days=9), yesterday)
    await purge_usage(services.sessions, before=utcnow())
    async with services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(UsageRollup)) == 0


async def test_rollups_match_the_raw_log_over_a_change_of_the_clocks(services) -> None:
    """Copenhagen days of 23 hours (29 March) and 25 hours (25 October): the rolled-up days are the same
    days as the raw log's, at every granularity."""
    from datetime import UTC, date, datetime

    for last_day in (date(2026, 4, 4), date(2026, 10, 31)):
        await simulate(services.sessions, Plan(events=3000, days=14, departments=6, last_day=last_day, seed=7),
                       services.session_secret)

        def fresh(last_day=last_day) -> UsageStatistics:
            clock = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
            return UsageStatistics(services.sessions, min_users=5, prices=services.settings.model_prices_dkk,
                                   clock=lambda: clock + timedelta(hours=12))

        first = last_day - timedelta(days=13)
        from_raw = await _everything(fresh(), first, last_day)
        from_rollups = await _everything(fresh(), first, last_day)
        assert from_rollups == from_raw and any(a["rows"] for a in from_raw)
        days = (await fresh().figures("none", first, last_day, "day")).periods
        assert [p.bucket.first for p in days] == [first + timedelta(days=i) for i in range(14)]
