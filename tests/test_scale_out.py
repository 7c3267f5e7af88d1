"""Two stateless replicas on one PostgreSQL database: sessions, conversations and answer locks span both."""

from __future__ import annotations

import pytest

from kkgpt.settings import Settings
from tests.conftest import login

pytestmark = pytest.mark.postgres

SECRET = "a-shared-secret-for-all-replicas-0123456789"
FERNET = "hm2nLLvBcuQIvrTz35FKvr-7fHqXjRrPw2RMu3T9lb0="


def _replica(tmp_path, name: str, url: str) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / name, database_url=url, secret_key=SECRET,
                    encryption_keys=FERNET, mock_delay_seconds=0)


async def test_replicas_share_sessions_and_conversations(postgres_url, tmp_path, start_app, backend) -> None:
    replicas = (start_app(_replica(tmp_path, "a", postgres_url), backend=backend),
                start_app(_replica(tmp_path, "b", postgres_url), backend=backend))
    async with replicas[0] as (_, a), replicas[1] as (_, b):
        await login(a, "Replika Testesen")
        b.cookies = a.cookies  # the load balancer sends the next request to the other replica
        cid = (await a.post("/api/v1/conversations")).json()["id"]
        reply = await b.post(f"/api/v1/conversations/{cid}/messages",
                             json={"text": "Skriv til Jens Hansen om mødet"})
        assert reply.status_code == 200, reply.text
        assert "Jens Hansen" in reply.json()["reply"] and "Jens Hansen" not in reply.json()["model_input"]
        again = await a.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Og til jens hansen igen"})
        assert again.json()["model_input"].count("<PERSON_1>") == 1, "one vault, whichever replica"
        detail = (await a.get(f"/api/v1/conversations/{cid}")).json()
        assert [m["role"] for m in detail["messages"]] == ["user", "assistant", "user", "assistant"]
    local = [p.name for n in ("a", "b") for p in (tmp_path / n).glob("*") if p.is_file()]
    assert local == [], "with shared secrets and PostgreSQL, no replica keeps local files"


async def test_four_parallel_regenerates_on_two_replicas_give_exactly_one_answer(postgres_url, tmp_path,
                                                                                start_app) -> None:
    import asyncio

    from tests.fakes import ScriptedBackend

    backend = ScriptedBackend(["Første svar."], *(["Nyt ", f"svar {n}."] for n in range(4)))
    replicas = (start_app(_replica(tmp_path, "a", postgres_url), backend=backend),
                start_app(_replica(tmp_path, "b", postgres_url), backend=backend))
    async with replicas[0] as (_, a), replicas[1] as (_, b):
        await login(a, "Replika Testesen")
        b.cookies = a.cookies
        cid = (await a.post("/api/v1/conversations")).json()["id"]
        assert (await a.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Spørgsmål"})).status_code == 200
        gate = backend.gate = asyncio.Event()  # the winner's answer streams until the others are answered
        tasks = [asyncio.create_task(client.post(f"/api/v1/conversations/{cid}/regenerate"))
                 for client in (a, b, a, b)]
        while sum(t.done() for t in tasks) < 3:
            waiting = [t for t in tasks if not t.done()]
            finished, _ = await asyncio.wait(waiting, timeout=60, return_when=asyncio.FIRST_COMPLETED)
            assert finished, "the regenerates that lost the race are refused at once"
        gate.set()
        responses = await asyncio.gather(*tasks)
        assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]
        assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"conversation_busy"}
        assert len(backend.prompts) == 2, "the model was asked once for the question, once for the new answer"
        detail = (await b.get(f"/api/v1/conversations/{cid}")).json()
        assert [(m["role"], m["content"]) for m in detail["messages"]] == [
            ("user", "Spørgsmål"), ("assistant", "Nyt svar 0.")]
