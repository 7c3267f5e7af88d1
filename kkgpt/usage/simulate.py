"""Synthetic usage for trials and benchmarks: `kkgpt usage simulate --events N [--days D] [--departments M]`.

Departments of very different sizes (a few large administrations, many small units, and some of two or
three people), employees who use KK-GPT daily or now and then, quiet weekends, a working day's hours,
task types, models, masked personal data, sensitive topics, errors, blocked messages, quota refusals and
feedback. Keys are made exactly as the recorder makes them (rotating per period), from invented ids.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.db.models import Feedback, UsageEvent
from kkgpt.learning.feedback import TIME_SAVED
from kkgpt.usage.periods import TIMEZONE
from kkgpt.usage.recorder import Rotation, key_period, period_key

ADMINISTRATIONS = ["Socialforvaltningen", "Børne- og Ungdomsforvaltningen", "Sundheds- og Omsorgsforvaltningen",
                   "Teknik- og Miljøforvaltningen", "Økonomiforvaltningen",
                   "Beskæftigelses- og Integrationsforvaltningen", "Kultur- og Fritidsforvaltningen"]
TASKS = [("citizen_communication", 25), ("summarising", 20), ("text_improvement", 15), ("translation", 8),
         ("ideas_structure", 8), ("rules_explanation", 6), (None, 18)]
MODELS = [("gpt-4o-mini", 85), ("gpt-4o", 15)]
STATUS = [("complete", 960), ("error", 30), ("stopped", 10)]
PII = [("", 60), ("PERSON", 18), ("DK_CPR,PERSON", 6), ("DK_ADDRESS,PERSON", 5), ("DK_PHONE", 4), ("EMAIL", 4),
       ("DK_CPR", 3)]
SPECIAL = [("", 950), ("health", 25), ("social_case", 15), ("criminal", 5), ("ethnic_origin", 5)]
KINDS = [("turn", 985), ("blocked", 10), ("quota_refused", 5)]
REASONS_UP = ["saved_time", "good_language", "correct", "good_structure"]
REASONS_DOWN = ["wrong", "not_useful", "too_long", "too_short", "wrong_tone"]
FEEDBACK_SHARE = 0.05
BATCH = 20_000


@dataclass(frozen=True)
class Plan:
    """What to simulate: how many events over which days in how many departments."""

    events: int
    days: int
    departments: int
    last_day: date
    seed: int = 2026


def department_sizes(count: int, rng: random.Random) -> list[tuple[str, int]]:
    """Departments from large to tiny: a heavy tail, and the smallest few of 1-4 employees."""
    names = ADMINISTRATIONS + [f"Enhed {i}" for i in range(1, max(0, count - len(ADMINISTRATIONS)) + 1)]
    sizes = []
    for i in range(count):
        size = max(1, int(1500 / (i + 1) ** 1.4))
        if i >= count - max(2, count // 5):
            size = rng.randint(1, 4)
        sizes.append((names[i], size))
    return sizes

TIME_CHOICES = list(TIME_SAVED)  # some raters say how much time an answer saved


def _weighted(options: list[tuple[object, int]], rng: random.Random, n: int) -> list:
    values = [v for v, _ in options]
    return rng.choices(values, weights=[w for _, w in options], k=n)


def generate(plan: Plan, secret: str, rotation: Rotation = "month") -> Iterator[tuple[str, dict]]:
    """("event" | "feedback", row) pairs, in no particular order."""
    rng = random.Random(plan.seed)
    people: list[tuple[str, str]] = []
    rates: list[float] = []
    for name, size in department_sizes(plan.departments, rng):
        for i in range(size):
            people.append((f"sim:{name}:{i}", name))
            rates.append(rng.choice([0.2, 1, 1, 3, 8]))  # now and then ... every day, several times
    first_day = plan.last_day - timedelta(days=plan.days - 1)
    days = [first_day + timedelta(days=i) for i in range(plan.days)]
    day_weights = [0.08 if d.weekday() >= 5 else 1.0 for d in days]
    hours = list(range(6, 18))
    hour_weights = [1, 4, 8, 9, 8, 5, 7, 8, 7, 5, 2, 1]
    n = plan.events
    who = rng.choices(range(len(people)), weights=rates, k=n)
    when_day = rng.choices(days, weights=day_weights, k=n)
    when_hour = rng.choices(hours, weights=hour_weights, k=n)
    kinds = _weighted(KINDS, rng, n)
    tasks, models, statuses = _weighted(TASKS, rng, n), _weighted(MODELS, rng, n), _weighted(STATUS, rng, n)
    pii, special = _weighted(PII, rng, n), _weighted(SPECIAL, rng, n)
    keys: dict[tuple[int, str], str] = {}
    for i in range(n):
        person = who[i]
        user_id, department = people[person]
        hour = datetime(when_day[i].year, when_day[i].month, when_day[i].day, when_hour[i],
                        tzinfo=TIMEZONE).astimezone(UTC)  # a working day in Copenhagen
        period = key_period(hour, rotation)
        key = keys.get((person, period))
        if key is None:
            key = keys[(person, period)] = period_key(secret, user_id, period)
        kind = kinds[i]
        row = {"hour": hour, "user_key": key, "department": department, "kind": kind,
               "task_category": tasks[i], "model": None, "status": None, "input_tokens": 0, "output_tokens": 0,
               "pii_types": "", "special_categories": "", "error_code": None}
        if kind == "turn":
            row.update(model=models[i], status=statuses[i], input_tokens=int(rng.lognormvariate(6.5, 0.9)),
                       output_tokens=int(rng.lognormvariate(6.0, 0.7)), pii_types=pii[i],
                       special_categories=special[i])
            if statuses[i] == "error":
                row["error_code"] = rng.choice(["model_timeout", "model_unavailable", "model_rate_limited"])
        elif kind == "blocked":
            row.update(pii_types=rng.choice(["DK_CPR", "health", "DK_CPR,health"]))
        else:
            row.update(status=rng.choice(["messages", "tokens_day"]), task_category=None)
        yield "event", row
        if kind == "turn" and rng.random() < FEEDBACK_SHARE:
            up = rng.random() < 0.78
            reasons = rng.sample(REASONS_UP if up else REASONS_DOWN, k=rng.randint(0, 2))
            yield "feedback", {"user_key": key, "message_id": None, "rating": 1 if up else -1,
                               "reasons": ",".join(reasons), "comment_enc": None, "task_category": tasks[i],
                               "time_saved": rng.choice(TIME_CHOICES) if rng.random() < 0.4 else None,
                               "department": department, "created_at": hour + timedelta(minutes=rng.randint(0, 59))}


async def simulate(sessions: async_sessionmaker[AsyncSession], plan: Plan, secret: str,
                   rotation: Rotation = "month") -> tuple[int, int]:
    """Write the simulated events and feedback in batches; returns (events, feedback) written."""
    counts = {"event": 0, "feedback": 0}
    batches: dict[str, list[dict]] = {"event": [], "feedback": []}
    tables = {"event": UsageEvent, "feedback": Feedback}

    async def flush(kind: str) -> None:
        if batches[kind]:
            async with sessions.begin() as session:
                await session.execute(insert(tables[kind]), batches[kind])
            counts[kind] += len(batches[kind])
            batches[kind] = []

    for kind, row in generate(plan, secret, rotation):
        batches[kind].append(row)
        if len(batches[kind]) >= BATCH:
            await flush(kind)
    await flush("event")
    await flush("feedback")
    return counts["event"], counts["feedback"]
