"""Two stateless replicas on one PostgreSQL database: a session and a conversation work on either."""

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
