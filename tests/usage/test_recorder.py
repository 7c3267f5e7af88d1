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
