"""The usage log counts turns by task, department and size, under a pseudonymous key, with no text."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from kkgpt.db.models import UsageEvent
from kkgpt.usage.recorder import pseudonymous_key, size_bucket, to_hour


async def test_a_turn_is_counted_without_its_text(user_client: httpx.AsyncClient, app) -> None:
    text = "Skriv til Jens Hansen om hans diabetes, cpr 010170-1234"
    response = await user_client.post("/chat/messages", data={"text": text, "assistant": "klart-sprog"},
                                      headers={"Accept": "text/event-stream"})
    assert response.status_code == 200
    async with app.state.services.sessions() as session:
        [event] = (await session.scalars(select(UsageEvent))).all()
    assert event.kind == "turn" and event.status == "complete"
    assert event.task_category == "citizen_communication" and event.department == "Koncern IT"
    assert event.pii_types == "DK_CPR,PERSON" and event.special_categories == "health"
    assert event.input_tokens > 0 and event.output_tokens > 0
    assert event.hour.minute == 0 and event.hour.second == 0
    # The guideline version in force, which the employee had to accept to chat at all.
    assert event.guidelines == app.state.services.library.guidelines.version != ""
    values = " ".join(str(v) for v in vars(event).values())
    assert "Jens" not in values and "diabetes" not in values and "010170" not in values


def test_keys_are_stable_per_secret_and_not_the_id() -> None:
    assert pseudonymous_key("s", "user-1") == pseudonymous_key("s", "user-1")
    assert pseudonymous_key("s", "user-1") != pseudonymous_key("s", "user-2")
    assert pseudonymous_key("t", "user-1") != pseudonymous_key("s", "user-1")
    assert "user-1" not in pseudonymous_key("s", "user-1")


def test_hours() -> None:
    from datetime import UTC, datetime

    assert to_hour(datetime(2026, 11, 28, 13, 47, 12, 5, tzinfo=UTC)) == datetime(2026, 11, 28, 13, tzinfo=UTC)


@pytest.mark.parametrize(("characters", "bucket"), [(0, "small"), (20_000, "small"), (20_001, "medium"),
                                                    (200_000, "medium"), (1_000_000, "large"), (1_000_001, "huge")])
def test_documents_are_logged_by_a_coarse_size_bucket(characters: int, bucket: str) -> None:
    assert size_bucket(characters) == bucket


async def test_keys_rotate_per_month_and_cannot_be_hashed_from_a_staff_list(app, monkeypatch) -> None:
    """One key per employee per month (so employees can be counted), unrelated keys across months, and a
    staff list hashed in any obvious way matches nothing: the secret is not in the database."""
    import hashlib
    from datetime import UTC, datetime

    from sqlalchemy import text

    from kkgpt.usage import recorder

    services = app.state.services
    usage = services.usage
    staff = [("u-1", "Jens Hansen"), ("u-2", "Aisha Khan"), ("u-3", "Mette Frederiksen")]
    for month in (10, 11):
        monkeypatch.setattr(recorder, "utcnow", lambda m=month: datetime(2026, m, 15, 9, 30, tzinfo=UTC))
        for user_id, _ in staff:
            for _ in range(2):
                await usage.record_turn(user_id=user_id, department="Koncern IT", task_category=None, model="m",
                                        status="complete", input_tokens=1, output_tokens=1, pii_types=(),
                                        special_categories=())
    async with services.sessions() as session:
        rows = (await session.execute(select(UsageEvent.hour, UsageEvent.user_key))).all()
        tables = ("usage_events", "feedback", "guideline_acceptances", "quota_counters")
        dump = " ".join([str(v) for table in tables
                         for row in (await session.execute(text(f"SELECT * FROM {table}"))).all() for v in row])
    october = {key for hour, key in rows if hour.month == 10}
    november = {key for hour, key in rows if hour.month == 11}
    assert len(october) == 3 and len(november) == 3          # distinct employees can be counted per month
    assert not october & november                             # but nobody can be followed into the next month
    secret = services.session_secret
    assert secret not in dump
    guesses = set()
    for user_id, name in staff:
        for value in (user_id, name, name.lower()):
            for algorithm in ("sha256", "sha1", "md5", "blake2b"):
                digest = hashlib.new(algorithm, value.encode()).hexdigest()
                guesses |= {digest, digest[:32]}
            guesses.add(pseudonymous_key("", value)[:32])
            guesses.add(recorder.period_key("", value, "2026-10"))
    assert not guesses & (october | november)
    # With the secret, the key is what the service computes for that month, and the stable acceptance key
    # (which must survive the month) is never the one in the usage log.
    assert recorder.period_key(secret, "u-1", "2026-10") in october
    assert pseudonymous_key(secret, "u-1") not in october | november


def test_periods_of_the_rotation() -> None:
    from datetime import UTC, datetime

    from kkgpt.usage.recorder import key_period

    # Periods follow Copenhagen's calendar, like the statistics' buckets: 22:59 UTC on 31 December is
    # still 2026 there, 23:00 UTC is already 2027.
    moment = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)
    assert (key_period(moment, "month"), key_period(moment, "quarter"), key_period(moment, "year")) == (
        "2026-12", "2026-Q4", "2026")
    moment = datetime(2026, 12, 31, 23, tzinfo=UTC)
    assert (key_period(moment, "month"), key_period(moment, "quarter"), key_period(moment, "year")) == (
        "2027-01", "2027-Q1", "2027")


async def test_a_failed_turn_records_the_kind_of_error(settings, start_app) -> None:
    from kkgpt.errors import ModelTimeout
    from tests.conftest import login
    from tests.fakes import ScriptedBackend

    async with start_app(settings, backend=ScriptedBackend(ModelTimeout())) as (app, client):
        await login(client)
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        failed = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})
        assert failed.status_code == 504
        async with app.state.services.sessions() as session:
            [event] = (await session.scalars(select(UsageEvent))).all()
    assert (event.status, event.error_code) == ("error", "model_timeout")
