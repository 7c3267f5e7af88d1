"""Quotas and rate limits: counted in the database, 429 with Retry-After and a Danish time, counted in the
usage log, shown in the employee's menu, the same across replicas; 0 switches a limit off."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from kkgpt.db.models import UsageEvent
from kkgpt.settings import Settings
from kkgpt.usage.quotas import window_bounds
from tests.conftest import login


def _settings(tmp_path, **limits) -> Settings:
    values = {"user_messages_per_minute": 0, "user_previews_per_minute": 0, "user_tokens_per_day": 0,
              "department_tokens_per_month": 0, **limits}
    return Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0, **values)


def _freeze(app) -> None:
    """Every request in the same minute, whenever the test runs (a real clock could cross into the next)."""
    moment = datetime.now(UTC).replace(second=30, microsecond=0)
    app.state.services.quotas.clock = lambda: moment


async def _conversation(client) -> str:
    return (await client.post("/api/v1/conversations")).json()["id"]


async def _refusals(app) -> dict[str, int]:
    async with app.state.services.sessions() as session:
        rows = await session.execute(select(UsageEvent.status, func.count())
                                     .where(UsageEvent.kind == "quota_refused").group_by(UsageEvent.status))
        return dict(rows.all())


@pytest.mark.parametrize(
    ("window", "now", "start", "end"),
    [
        ("minute", datetime(2026, 12, 4, 15, 42, 31, tzinfo=UTC), datetime(2026, 12, 4, 15, 42, tzinfo=UTC),
         datetime(2026, 12, 4, 15, 43, tzinfo=UTC)),
        ("day", datetime(2026, 12, 31, 23, 59, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC),
         datetime(2027, 1, 1, tzinfo=UTC)),
        ("month", datetime(2026, 12, 4, 9, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC),
         datetime(2027, 1, 1, tzinfo=UTC)),
        ("month", datetime(2027, 1, 31, 23, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC),
         datetime(2027, 2, 1, tzinfo=UTC)),
    ],
)
def test_windows_are_fixed_calendar_buckets(window, now, start, end) -> None:
    assert window_bounds(window, now) == (start, end)


async def test_100_messages_in_a_minute_give_20_answers_and_80_refusals(tmp_path, start_app) -> None:
    async with start_app(_settings(tmp_path, user_messages_per_minute=20)) as (app, client):
        _freeze(app)
        await login(client, "Travl Testesen")
        cid = await _conversation(client)
        statuses = []
        for i in range(100):
            response = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": f"Besked {i}"})
            statuses.append(response.status_code)
            if response.status_code == 429:
                refused = response
        assert statuses.count(200) == 20 and statuses.count(429) == 80
        assert statuses[:20] == [200] * 20, "the first 20 pass, then the window is full"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        error = refused.json()["error"]
        assert error["code"] == "rate_limited"
        assert re.search(r"Du kan skrive igen kl\. \d\d:\d\d\.", error["message"])
        messages = (await client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
        assert len(messages) == 40, "a refused message is not stored"
        assert await _refusals(app) == {"messages": 80}
        assert (await client.get("/healthz")).status_code == 200


async def test_a_new_answer_counts_like_a_message(tmp_path, start_app) -> None:
    async with start_app(_settings(tmp_path, user_messages_per_minute=2)) as (app, client):
        _freeze(app)
        await login(client, "Nyt Svar")
        cid = await _conversation(client)
        assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})).status_code == 200
        assert (await client.post(f"/api/v1/conversations/{cid}/regenerate")).status_code == 200
        refused = await client.post(f"/api/v1/conversations/{cid}/regenerate")
        assert refused.status_code == 429 and "retry-after" in refused.headers


async def test_the_daily_token_quota_refuses_until_midnight(tmp_path, start_app) -> None:
    async with start_app(_settings(tmp_path, user_tokens_per_day=50)) as (app, client):
        await login(client, "Token Forbruger")
        cid = await _conversation(client)
        first = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Skriv et langt svar"})
        assert first.status_code == 200
        user = await app.state.services.users.by_subject("dev:token forbruger")
        [use] = await app.state.services.quotas.usage(user)
        assert use.kind == "tokens_day" and use.used > first.json()["reply_tokens"], "the whole prompt counts"
        refused = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Igen"})
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "quota_tokens_day"
        seconds = int(refused.headers["retry-after"])
        now = datetime.now(UTC)
        assert abs(seconds - (window_bounds("day", now)[1] - now).total_seconds()) < 5
        assert "Den nulstilles" in refused.json()["error"]["message"]
        page = await client.get("/chat")
        assert re.search(r"Brugt i dag: [\d.]+ af 50 tokens", page.text), "the menu shows the use"
        assert await _refusals(app) == {"tokens_day": 1}


async def test_a_department_shares_its_monthly_quota(tmp_path, start_app) -> None:
    async with start_app(_settings(tmp_path, department_tokens_per_month=50)) as (app, first):
        await login(first, "Første Kollega", department="Børne- og Ungdomsforvaltningen")
        cid = await _conversation(first)
        assert (await first.post(f"/api/v1/conversations/{cid}/messages",
                                 json={"text": "Skriv et langt svar"})).status_code == 200
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as colleague, \
                httpx.AsyncClient(transport=transport, base_url="http://testserver") as elsewhere:
            await login(colleague, "Anden Kollega", department="Børne- og Ungdomsforvaltningen")
            cid2 = await _conversation(colleague)
            blocked = await colleague.post(f"/api/v1/conversations/{cid2}/messages", json={"text": "Hej"})
            assert blocked.status_code == 429 and blocked.json()["error"]["code"] == "quota_department_month"
            await login(elsewhere, "Tredje Person", department="Kultur- og Fritidsforvaltningen")
            cid3 = await _conversation(elsewhere)
            assert (await elsewhere.post(f"/api/v1/conversations/{cid3}/messages",
                                         json={"text": "Hej"})).status_code == 200


async def test_zero_switches_every_limit_off(tmp_path, start_app) -> None:
    async with start_app(_settings(tmp_path)) as (app, client):
        await login(client, "Fri Testesen")
        cid = await _conversation(client)
        for i in range(30):
            assert (await client.post(f"/api/v1/conversations/{cid}/messages",
                                      json={"text": f"Besked {i}"})).status_code == 200
        assert await app.state.services.quotas.usage(
            await app.state.services.users.by_subject("dev:fri testesen")) == []
        assert "Brugt i dag" not in (await client.get("/chat")).text


async def test_the_typing_preview_has_its_own_limit(tmp_path, start_app) -> None:
    async with start_app(_settings(tmp_path, user_previews_per_minute=3, user_messages_per_minute=5)) as (app, client):
        _freeze(app)
        await login(client, "Skriver Hurtigt")
        previews = [await client.post("/chat/preview", data={"text": f"Ring til Jens Hansen {i}"},
                                      headers={"HX-Request": "true"}) for i in range(5)]
        assert [p.status_code for p in previews] == [200] * 5
        assert all("pii-preview__paused" not in p.text for p in previews[:3])
        assert all("holder en kort pause" in p.text for p in previews[3:])
        sent = await client.post("/api/v1/conversations", json={})
        reply = await client.post(f"/api/v1/conversations/{sent.json()['id']}/messages", json={"text": "Hej"})
        assert reply.status_code == 200, "the preview's limit does not stop sending"


async def test_the_html_chat_shows_the_refusal_and_keeps_the_draft(tmp_path, start_app) -> None:
    async with start_app(_settings(tmp_path, user_messages_per_minute=1)) as (app, client):
        _freeze(app)
        await login(client, "Html Testesen")
        first = await client.post("/chat/messages", data={"text": "Hej"}, headers={"Accept": "text/event-stream"})
        assert first.status_code == 200
        cid = re.search(r"/c/([0-9a-f]{32})", first.text).group(1)
        refused = await client.post(f"/c/{cid}/messages", data={"text": "Og igen"},
                                    headers={"Accept": "text/event-stream"})
        assert refused.status_code == 429 and "retry-after" in refused.headers
        assert "Du kan skrive igen kl." in refused.json()["error"]["message"]


@pytest.mark.postgres
async def test_limits_hold_across_replicas(postgres_url, tmp_path, start_app) -> None:
    secret = "a-shared-secret-for-all-replicas-0123456789-abcdefghijkl"
    fernet = "hm2nLLvBcuQIvrTz35FKvr-7fHqXjRrPw2RMu3T9lb0="

    def replica(name: str) -> Settings:
        return Settings(_env_file=None, data_dir=tmp_path / name, database_url=postgres_url, secret_key=secret,
                        encryption_keys=fernet, mock_delay_seconds=0, user_messages_per_minute=5)

    async with start_app(replica("a")) as (app, a), start_app(replica("b")) as (other, b):
        _freeze(app)
        _freeze(other)
        await login(a, "Replika Bruger")
        b.cookies = a.cookies
        cid = await _conversation(a)
        statuses = []
        for i in range(12):
            client = a if i % 2 else b  # the load balancer alternates
            statuses.append((await client.post(f"/api/v1/conversations/{cid}/messages",
                                               json={"text": f"Besked {i}"})).status_code)
        assert statuses.count(200) == 5 and statuses.count(429) == 7
        assert await _refusals(app) == {"messages": 7}
        assert (await a.post("/logout")).status_code == 303
        assert (await b.get("/api/v1/conversations")).status_code == 401, "logout on one replica ends it on all"
