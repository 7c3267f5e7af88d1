"""Two real `kkgpt serve` processes on one PostgreSQL database behind a round-robin load balancer.

tests/test_scale_out.py proves the same inside one test process; this proves it with separate processes,
as a container platform runs them: the only things the replicas share are the database and the secrets.
The load balancer is a few lines of asyncio that hand each new connection to the next replica, and the
client opens a new connection for every request, so consecutive requests land on different replicas.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet

pytestmark = pytest.mark.postgres

STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RoundRobin:
    """A TCP load balancer: each new connection goes to the next backend; `served` records which, in order."""

    def __init__(self, ports: list[int]) -> None:
        self._next = itertools.cycle(range(len(ports)))
        self._ports = ports
        self.served: list[int] = []

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass  # the other side went away; closing below ends the pair
        finally:
            writer.close()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        backend = next(self._next)
        self.served.append(backend)
        reader, writer = await asyncio.open_connection("127.0.0.1", self._ports[backend])
        await asyncio.gather(self._pipe(client_reader, writer), self._pipe(reader, client_writer))

    @asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        """Listen on a free loopback port; yields the base URL."""
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        async with server:
            yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


@contextmanager
def _replicas(database_url: str, tmp_path: Path) -> Iterator[list[int]]:
    """Two `kkgpt serve --workers 1` processes with the same database and secrets, each its own data dir."""
    shared = {
        "KKGPT_DATABASE_URL": database_url,
        "KKGPT_SECRET_KEY": secrets.token_urlsafe(48),
        "KKGPT_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "KKGPT_MOCK_DELAY_SECONDS": "0.002",  # the long answer's 1,200 chunks then stream for a few seconds
        "KKGPT_USER_MESSAGES_PER_MINUTE": "3",
        "KKGPT_LOG_LEVEL": "WARNING",
    }
    base = {k: v for k, v in os.environ.items() if not k.startswith("KKGPT_")}
    ports, processes = [_free_port(), _free_port()], []
    try:
        for name, port in zip("ab", ports, strict=True):
            log = (tmp_path / f"{name}.log").open("w")
            env = {**base, **shared, "KKGPT_DATA_DIR": str(tmp_path / name)}
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "kkgpt", "serve", "--workers", "1", "--port", str(port)],
                env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT))
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


async def _wait_until_healthy(ports: list[int], tmp_path: Path) -> None:
    """Poll /healthz on both replicas until they answer (both migrate at once, under the advisory lock)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STARTUP_SECONDS
    async with httpx.AsyncClient(timeout=5) as http:
        for name, port in zip("ab", ports, strict=True):
            while True:
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert loop.time() < deadline, (tmp_path / f"{name}.log").read_text()
                await asyncio.sleep(0.2)


async def _employee(http: httpx.AsyncClient, name: str) -> None:
    assert (await http.post("/login/dev", data={"name": name})).status_code == 303
    version = (await http.get("/api/v1/guidelines")).json()["version"]
    assert (await http.post("/api/v1/guidelines/accept", json={"version": version})).status_code == 200


async def _conversation_continues(http: httpx.AsyncClient, lb: RoundRobin) -> None:
    await _employee(http, "Skala Testesen")
    cid = (await http.post("/api/v1/conversations")).json()["id"]
    first = await http.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Skriv til Jens Hansen"})
    second = await http.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hils Jens Hansen igen"})
    assert lb.served[-1] != lb.served[-2], "the two turns were answered by different replicas"
    assert first.status_code == second.status_code == 200, (first.text, second.text)
    assert "<PERSON_1>" in first.json()["model_input"] and "<PERSON_1>" in second.json()["model_input"]
    assert "Jens Hansen" in second.json()["reply"], "the other replica restores the name from the shared mapping"
    messages = (await http.get(f"/api/v1/conversations/{cid}")).json()["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]


async def _quota_counts_across_replicas(http: httpx.AsyncClient, lb: RoundRobin) -> None:
    # The limit counts per UTC minute: if the four messages straddle a minute, try again with a new employee.
    for attempt in range(3):
        await _employee(http, f"Kvote Testesen {attempt}")
        cid = (await http.post("/api/v1/conversations")).json()["id"]
        minute = datetime.now(UTC).replace(second=0, microsecond=0)
        responses, replicas = [], []
        for n in range(4):
            responses.append(await http.post(f"/api/v1/conversations/{cid}/messages", json={"text": f"Nr. {n}"}))
            replicas.append(lb.served[-1])
        if datetime.now(UTC).replace(second=0, microsecond=0) == minute:
            break
    assert [r.status_code for r in responses] == [200, 200, 200, 429], [r.text for r in responses]
    assert responses[-1].json()["error"]["code"] == "rate_limited"
    assert set(replicas[:3]) == {0, 1}, "the three allowed messages were counted on both replicas"


async def _lock_holds_across_replicas(http: httpx.AsyncClient, lb: RoundRobin) -> None:
    await _employee(http, "Lås Testesen")
    cid = (await http.post("/api/v1/conversations")).json()["id"]
    url = f"/api/v1/conversations/{cid}/messages"
    events: list[str] = []
    async with http.stream("POST", url, json={"text": "Skriv meget [[mock:long]]"},
                           headers={"Accept": "text/event-stream"}) as stream:
        streaming_on = lb.served[-1]
        lines = stream.aiter_lines()
        async for line in lines:
            if line.startswith("event: "):
                events.append(line.removeprefix("event: "))
            if events[-1:] == ["delta"]:
                break  # the answer is streaming: the conversation's lease is held
        busy = await http.post(url, json={"text": "Og en til"})
        assert lb.served[-1] != streaming_on, "the second message went to the other replica"
        assert busy.status_code == 409 and busy.json()["error"]["code"] == "conversation_busy", busy.text
        async for line in lines:
            if line.startswith("event: "):
                events.append(line.removeprefix("event: "))
    # After the first answer the model names the conversation: a `title` event follows `done`.
    assert events[0] == "message" and events[-2:] == ["done", "title"], events[-3:]
    after = await http.post(url, json={"text": "Og en til"})
    assert after.status_code == 200, after.text


async def test_two_processes_share_conversations_quotas_and_locks(postgres_url: str, tmp_path: Path) -> None:
    with _replicas(postgres_url, tmp_path) as ports:
        await _wait_until_healthy(ports, tmp_path)
        lb = RoundRobin(ports)
        # No kept-alive connections: every request is a new connection, so the balancer alternates.
        limits = httpx.Limits(max_keepalive_connections=0)
        async with lb.running() as url, httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
            await _conversation_continues(http, lb)
            http.cookies.clear()
            await _quota_counts_across_replicas(http, lb)
            http.cookies.clear()
            await _lock_holds_across_replicas(http, lb)
    assert not list((tmp_path / "a").glob("*.key")), "with shared secrets no replica generates keys of its own"
