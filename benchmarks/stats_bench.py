"""Benchmark of the usage statistics on a large simulated log (not a test).

Run: `.venv/bin/python benchmarks/stats_bench.py --events 1000000 [--database sqlite|postgresql]`.
Fills a fresh database (a temporary SQLite file, or a database of its own on PostgreSQL at 127.0.0.1 that
is dropped afterwards) with `kkgpt usage simulate`'s events, starts the app in-process, logs in as an
admin and asks `GET /api/v1/admin/stats` for every dimension by day (last 28 days), week (last 12 weeks)
and month (last 3 months). The daily rollups are made once after the simulation (as `kkgpt usage
simulate` does). Prints the first answer's milliseconds (cold: nothing in memory, the month's figures
are cut from the daily rollups) and p50/p95 of `--repeat` further answers (warm: from memory), the
dashboard page and the scenario page likewise, the share under 300 ms, and then the first answers of a
second app that prepared the last three months at start-up in the background (`KKGPT_STATS_WARMUP`, as
a server does).

Target: every stats request p50 <= 300 ms on SQLite and on PostgreSQL with 1,000,000 events.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

POSTGRES_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"


async def _postgres_database(create: bool, name: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    admin = create_async_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        statement = f'CREATE DATABASE "{name}"' if create else f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        await connection.execute(text(statement))
    await admin.dispose()


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered):7.1f}  p95 {p95:7.1f}  max {ordered[-1]:7.1f}"


async def _measure(application, args, yesterday, min_users: int, *, wait_for_warmup: bool = False,
                   repeat: int | None = None):
    """First answers and repeats of every stats request (by day, week, month x every dimension) and the page."""
    import httpx

    from kkgpt.usage.dimensions import DIMENSIONS

    repeat = args.repeat if repeat is None else repeat
    cold: dict[str, list[float]] = {"day": [], "week": [], "month": []}
    warm: dict[str, list[float]] = {"day": [], "week": [], "month": []}
    page_cold: list[float] = []
    page_warm: list[float] = []
    scenarios: list[float] = []
    async with application.router.lifespan_context(application):
        if wait_for_warmup:
            await application.state.services.statistics.warmed.wait()
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as client:
            await client.post("/login/dev", data={"name": "Bench Admin", "department": "", "admin": "1"})
            version = (await client.get("/api/v1/guidelines")).json()["version"]
            await client.post("/api/v1/guidelines/accept", json={"version": version})
            ranges = {"day": yesterday - timedelta(days=27), "week": yesterday - timedelta(weeks=12),
                      "month": (yesterday.replace(day=1) - timedelta(days=70)).replace(day=1)}
            for granularity, first in ranges.items():
                for by in DIMENSIONS:
                    url = f"/api/v1/admin/stats?from={first}&to={yesterday}&granularity={granularity}&by={by}"
                    for i in range(repeat + 1):
                        t0 = time.perf_counter()
                        response = await client.get(url)
                        elapsed = (time.perf_counter() - t0) * 1000
                        assert response.status_code == 200, response.text
                        (cold if i == 0 else warm)[granularity].append(elapsed)
                    assert all(r["users"] >= min_users for r in response.json()["rows"])
            for i in range(repeat + 1):
                t0 = time.perf_counter()
                response = await client.get(f"/admin/stats?from={ranges['day']}&to={yesterday}&granularity=day")
                assert response.status_code == 200
                (page_cold if i == 0 else page_warm).append((time.perf_counter() - t0) * 1000)
            for _ in range(repeat + 1):  # the last three months, each compared across departments
                t0 = time.perf_counter()
                response = await client.get("/admin/scenarios")
                assert response.status_code == 200
                scenarios.append((time.perf_counter() - t0) * 1000)
    return cold, warm, page_cold, page_warm, scenarios


async def run(args: argparse.Namespace) -> None:
    from kkgpt import keys
    from kkgpt.app import create_app
    from kkgpt.db import migrate
    from kkgpt.db.engine import create_engine, create_session_factory
    from kkgpt.db.models import utcnow
    from kkgpt.settings import Settings
    from kkgpt.usage.periods import local_day
    from kkgpt.usage.simulate import Plan, simulate

    data = Path(tempfile.mkdtemp(prefix="kkgpt-stats-bench-"))
    database_url, pg_name = None, None
    if args.database == "postgresql":
        pg_name = f"kkgpt_bench_{uuid.uuid4().hex[:12]}"
        await _postgres_database(True, pg_name)
        database_url = f"{POSTGRES_SERVER}/{pg_name}"
    try:
        settings = Settings(_env_file=None, data_dir=data, database_url=database_url, mock_delay_seconds=0,
                            user_messages_per_minute=0, user_previews_per_minute=0, stats_warmup=False)
        engine = create_engine(settings.effective_database_url)
        await migrate.upgrade(engine)
        yesterday = local_day(utcnow()) - timedelta(days=1)
        plan = Plan(events=args.events, days=args.days, departments=args.departments, last_day=yesterday)
        started = time.perf_counter()
        events, ratings = await simulate(create_session_factory(engine), plan, keys.session_secret(settings))
        async with engine.begin() as connection:
            from sqlalchemy import text

            await connection.execute(text("ANALYZE"))
        simulated = time.perf_counter() - started
        from kkgpt.usage.statistics import UsageStatistics

        usage_statistics = UsageStatistics(create_session_factory(engine), min_users=settings.stats_min_users,
                                           prices=settings.model_prices_dkk)
        started = time.perf_counter()
        await usage_statistics.roll_up(plan.last_day - timedelta(days=plan.days - 1), plan.last_day, fresh=True)
        rolled = time.perf_counter() - started
        await engine.dispose()
        print(f"{args.database}: simulated {events:,} events and {ratings:,} ratings over {args.days} days in "
              f"{args.departments} departments in {simulated:.1f} s; daily rollups of every dimension made in "
              f"{rolled:.1f} s (the server process then starts with nothing in memory)", flush=True)

        cold, warm, page_cold, page_warm, scenarios = await _measure(create_app(settings), args, yesterday,
                                                                     settings.stats_min_users)
        print(f"{'request':<28} {'first answer (cold), ms':<44} warm (p50 of {args.repeat} repeats), ms")
        for granularity in cold:
            print(f"stats by {granularity:<19} {_ms(cold[granularity]):<44} {_ms(warm[granularity])}")
        print(f"{'dashboard page (day)':<28} {_ms(page_cold):<44} {_ms(page_warm)}")
        print(f"{'scenario page (3 months)':<28} {_ms(scenarios[:1]):<44} {_ms(scenarios[1:])}")
        everything_warm = [x for v in warm.values() for x in v]
        everything_cold = [x for v in cold.values() for x in v]
        under = sum(1 for x in everything_warm if x <= 300) / len(everything_warm)
        print(f"all stats requests: warm {_ms(everything_warm)}; cold {_ms(everything_cold)}; "
              f"warm answers <= 300 ms: {under:.0%}; cold/warm p50 ratio "
              f"{statistics.median(everything_cold) / statistics.median(everything_warm):.1f}", flush=True)

        # As a server starts (KKGPT_STATS_WARMUP): the last three months prepared in the background first.
        started = time.perf_counter()
        warmed_app = create_app(settings.model_copy(update={"stats_warmup": True}))
        first, _, page_first, _, scenario_first = await _measure(warmed_app, args, yesterday, settings.stats_min_users,
                                                 wait_for_warmup=True, repeat=0)
        everything_first = [x for v in first.values() for x in v]
        print(f"after the start-up warm-up ({time.perf_counter() - started:.1f} s with the requests): every first "
              f"answer {_ms(everything_first)}; dashboard page {_ms(page_first)}; scenario page "
              f"{_ms(scenario_first)}; first answers <= 300 ms: "
              f"{sum(1 for x in everything_first if x <= 300) / len(everything_first):.0%}")
    finally:
        shutil.rmtree(data, ignore_errors=True)
        if pg_name:
            await _postgres_database(False, pg_name)


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
