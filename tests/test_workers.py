"""`kkgpt serve --workers N`: N processes share the port; migrations and keys are made once, before them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kkgpt.cli import available_cores, build_parser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def two_workers(tmp_path: Path):
    port = _free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KKGPT_")},
           "KKGPT_DATA_DIR": str(tmp_path / "data"), "KKGPT_MOCK_DELAY_SECONDS": "0", "KKGPT_LOG_LEVEL": "INFO"}
    server = subprocess.Popen([sys.executable, "-m", "kkgpt", "serve", "--workers", "2", "--port", str(port)],
                              env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # wait until it listens, not for a fixed time
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200 and len(_children(server.pid)) >= 2:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.2)
        yield server, url, tmp_path / "data"
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
        (tmp_path / "server.log").write_text(output)


def test_two_workers_share_the_port_and_the_database(two_workers) -> None:
    server, url, data_dir = two_workers
    workers = [pid for pid in _children(server.pid) if "multiprocessing" in Path(f"/proc/{pid}/cmdline").read_text()
               or "kkgpt" in Path(f"/proc/{pid}/cmdline").read_text()]
    assert len(workers) >= 2, "two worker processes under the supervisor"
    with httpx.Client(base_url=url, timeout=60) as browser:
        assert browser.post("/login/dev", data={"name": "Worker Testesen"}).status_code == 303
        version = browser.get("/api/v1/guidelines").json()["version"]
        assert browser.post("/api/v1/guidelines/accept", json={"version": version}).status_code == 200
        cid = browser.post("/api/v1/conversations").json()["id"]
        reply = browser.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Skriv til Jens Hansen"})
        assert reply.status_code == 200 and "Jens Hansen" in reply.json()["reply"]
        cookies = browser.cookies
    for _ in range(30):  # a new connection each time: the kernel hands them to either worker
        with httpx.Client(base_url=url, cookies=cookies) as fresh:
            assert fresh.get(f"/api/v1/conversations/{cid}").status_code == 200
    keys = sorted(p.name for p in data_dir.iterdir() if p.suffix == ".key")
    assert keys == ["encryption.key", "secret.key"], "one set of keys, made before the workers started"


def test_migrations_run_once_before_the_workers(two_workers, tmp_path: Path) -> None:
    server, url, _ = two_workers
    assert httpx.get(f"{url}/healthz").status_code == 200
    server.terminate()
    output = server.communicate(timeout=60)[0]
    migrations = list((Path(__file__).resolve().parents[1] / "kkgpt/db/migrations/versions").glob("0*.py"))
    assert output.count("database is at revision") == 1 and "2 workers" in output
    assert output.count("Running upgrade") == len(migrations), "each migration ran once, before the workers"
    assert output.count("KK-GPT services ready") == 2, "each worker built its services (and logs)"
    assert output.count("generated secret.key") == 1


def test_the_default_is_one_worker_per_core() -> None:
    args = build_parser().parse_args(["serve"])
    assert args.workers is None  # then KKGPT_WORKERS, then the cores
    assert available_cores() >= 1
