"""Load benchmark of KK-GPT (not a test): simulated employees against `kkgpt serve --workers 2` over loopback.

Run: `.venv/bin/python benchmarks/load.py [--levels 10,50,200,500] [--duration 60] [--pace both] ...`
(`--quick` for a smoke run of a few seconds). It starts `kkgpt mock-server` at a pace and `kkgpt serve`
pointed at it (KKGPT_MODEL_BACKEND=openai, quotas off), logs in one development-login employee per
conversation, and at each level runs that many conversations at once for `--duration` seconds: every
employee sends a Danish prompt of about 1 KB with a name and a phone number, reads the answer as
server-sent events, and sends the next at once (no time to think: each employee keeps one stream busy),
starting a new conversation every `--turns-per-conversation` turns.

Before each level, as a baseline in the same run, the same number of clients stream the same prompt from
the mock server directly. "Added time to first token" is a percentile of KK-GPT's time to the first
`delta` event minus the same percentile of the direct time to the first content chunk: the difference
of two distributions' percentiles, not a percentile of per-turn differences (turns are not paired).

CPU comes from /proc (Linux only): utime + stime of the `kkgpt serve` supervisor and its workers over a
level, divided by the turns completed; the client's own CPU and the mock server's are shown too, with the
whole machine's busy share, so a reader sees whether KK-GPT, the client, the mock or someone else was the
limit. Memory is the largest resident set (VmRSS, sampled every second) of each worker.

The client is a lean raw-socket HTTP/1.1 client (one kept-alive connection per employee, as a browser
tab holds one) because it shares the machine's cores with what it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Self

import httpx

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")
CORES = len(os.sched_getaffinity(0))
POSTGRES_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"
TURN_TIMEOUT = 180.0

PROMPT = (
    "Hej. Jeg sidder med en sag om boligstøtte og har brug for hjælp til et svar. Borgeren {name} ringede i "
    "går og igen i formiddags, fordi han endnu ikke har fået svar på sin ansøgning, som blev sendt for seks "
    "uger siden. Han kan træffes på telefon {phone} mellem kl. 9 og 15. Han er utilfreds med, at ingen har "
    "vendt tilbage, og han spørger, om han kan få støtten med tilbagevirkende kraft fra den første i måneden, "
    "hvor han flyttede ind. Lejekontrakten og lønsedlerne ligger i sagen, men der mangler en udfyldt "
    "erklæring fra udlejer om husstandens størrelse. Kan du skrive et venligt og klart svar til ham, hvor "
    "du forklarer, hvad vi mangler, hvornår han kan forvente en afgørelse, og hvordan han klager, hvis han "
    "ikke er enig? Svaret skal være på almindeligt dansk uden forkortelser og må gerne være kort. Nævn også, "
    "at han kan bruge Digital Post, og at han kan få hjælp i Borgerservice, hvis han ikke selv kan udfylde "
    "erklæringen. Tak for hjælpen."
)
NAMES = ("Jens Hansen", "Mette Nielsen", "Ahmed Hassan", "Karen Sørensen", "Lars Pedersen", "Fatima Ali",
         "Søren Kristensen", "Anne Larsen", "Mohammed Khan", "Hanne Jørgensen")


@dataclass(frozen=True)
class Pace:
    """How the mock model answers: milliseconds to the first token, tokens per second, tokens an answer."""

    name: str
    ttft_ms: float
    tokens_per_second: float
    answer_tokens: int

    def mock_arguments(self) -> list[str]:
        """The `kkgpt mock-server` options for this pace."""
        return ["--mode", "long", "--ttft-ms", str(self.ttft_ms), "--tokens-per-second",
                str(self.tokens_per_second), "--answer-tokens", str(self.answer_tokens)]


PACES = {"realistic": Pace("realistic", 300, 40, 300), "fast": Pace("fast", 100, 500, 300)}


@dataclass
class Turn:
    """One request as the client saw it: seconds to the first piece of answer and to the end, or an error."""

    ttft: float | None
    total: float
    error: str | None = None


# --- /proc -----------------------------------------------------------------------------------------------

def _stat_fields(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with suppress(OSError):
            fields = _stat_fields(pid)
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError, IndexError):
                parents[int(entry.name)] = int(_stat_fields(int(entry.name))[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _rss_mb(pid: int) -> float:
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _machine_jiffies() -> tuple[int, int]:
    """Busy and total jiffies of all cores since boot (/proc/stat), for the whole machine's load."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def _is_worker(pid: int) -> bool:
    with suppress(OSError):
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    return False


# --- the client --------------------------------------------------------------------------------------------

class Connection:
    """One kept-alive HTTP/1.1 connection, requests one after another; reopened after an error."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, head: bytes, body: bytes,
                      on_chunk: Callable[[bytes], None] | None = None) -> tuple[int, bytes]:
        """Send one request; return the status and the body (a chunked body is passed to `on_chunk` as it
        arrives, chunk by chunk, and not kept)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        reader = self.reader
        self.writer.write(head + body)
        header = (await reader.readuntil(b"\r\n\r\n")).lower()
        status = int(header[9:12])
        if b"transfer-encoding: chunked" in header:
            kept = bytearray()
            while size := int((await reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16):
                chunk = await reader.readexactly(size + 2)
                if on_chunk is None:
                    kept += chunk[:-2]
                else:
                    on_chunk(chunk)
            await reader.readuntil(b"\r\n")  # no trailers are sent: the empty line after the last chunk
            content = bytes(kept)
        else:
            length = re.search(rb"content-length: *(\d+)", header)
            content = await reader.readexactly(int(length.group(1))) if length else b""
        if b"connection: close" in header:
            self.close()
        return status, content


def _head(method: str, path: str, host: str, extra: str, length: int) -> bytes:
    return (f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{extra}"
            f"Content-Length: {length}\r\n\r\n").encode()


class Employee:
    """A simulated employee: a login cookie, a connection to KK-GPT and one of its own to the mock server."""

    def __init__(self, number: int, cookie: str, kkgpt: tuple[str, int], mock: tuple[str, int]) -> None:
        name = NAMES[number % len(NAMES)]
        phone = f"{20 + number % 70} {number % 100:02d} {(number * 7) % 100:02d} {(number * 13) % 100:02d}"
        self.prompt = PROMPT.format(name=name, phone=phone)
        self.kkgpt, self.mock = Connection(*kkgpt), Connection(*mock)
        self.host = f"{kkgpt[0]}:{kkgpt[1]}"
        self.mock_host = f"{mock[0]}:{mock[1]}"
        self.cookie = f"Cookie: {cookie}\r\n"
        self.message = json.dumps({"text": self.prompt}).encode()

    def close(self) -> None:
        """Close both connections."""
        self.kkgpt.close()
        self.mock.close()

    async def new_conversation(self) -> str:
        """Start a conversation; its id."""
        status, content = await self.kkgpt.request(
            _head("POST", "/api/v1/conversations", self.host, self.cookie, 2), b"{}")
        if status != 201:
            raise RuntimeError(f"HTTP {status} creating a conversation")
        return json.loads(content)["id"]

    async def turn(self, conversation: str, stream: bool) -> Turn:
        """Send the prompt to KK-GPT; as events: time to the first `delta` event, else time to the JSON."""
        loop = asyncio.get_running_loop()
        accept = "Accept: text/event-stream\r\n" if stream else "Accept: application/json\r\n"
        head = _head("POST", f"/api/v1/conversations/{conversation}/messages", self.host, self.cookie + accept,
                     len(self.message))
        seen: dict[str, float] = {}

        def on_chunk(chunk: bytes) -> None:
            # Each event is one chunk of the response (one write of the server).
            if b"event: delta" in chunk:
                seen.setdefault("delta", loop.time())
            elif b"event: done" in chunk:
                seen["done"] = loop.time()
            elif b"event: error" in chunk:
                seen["error"] = loop.time()

        started = loop.time()
        status, _ = await self.kkgpt.request(head, self.message, on_chunk if stream else None)
        ended = loop.time()
        if status >= 400:
            return Turn(None, ended - started, f"HTTP {status}")
        if stream and "done" not in seen:
            return Turn(None, ended - started, "stream error event" if "error" in seen else "stream without done")
        first = seen.get("delta", ended) if stream else ended
        return Turn(first - started, ended - started)

    async def direct(self, stream: bool) -> Turn:
        """The same prompt straight to the mock server: time to the first content chunk, or the JSON."""
        loop = asyncio.get_running_loop()
        body = {"model": "gpt-4o-mini", "stream": stream, "messages": [{"role": "user", "content": self.prompt}]}
        if stream:
            body["stream_options"] = {"include_usage": True}
        payload = json.dumps(body).encode()
        head = _head("POST", "/v1/chat/completions", self.mock_host, "", len(payload))
        seen: dict[str, float] = {}

        def on_chunk(chunk: bytes) -> None:
            if "content" not in seen and b'"delta":{"content":' in chunk:
                seen["content"] = loop.time()
            if b"data: [DONE]" in chunk:
                seen["done"] = loop.time()

        started = loop.time()
        status, _ = await self.mock.request(head, payload, on_chunk if stream else None)
        ended = loop.time()
        if status >= 400 or (stream and "done" not in seen):
            return Turn(None, ended - started, f"HTTP {status}" if status >= 400 else "stream without [DONE]")
        return Turn((seen.get("content", ended) if stream else ended) - started, ended - started)


async def _guarded(call: Callable[[], Awaitable[Turn]], connection: Connection) -> Turn:
    started = time.monotonic()
    try:
        return await asyncio.wait_for(call(), TURN_TIMEOUT)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, RuntimeError) as exc:
        connection.close()
        return Turn(None, time.monotonic() - started, type(exc).__name__)


async def _run_employees(employees: list[Employee], duration: float, ramp: float, turns_per_conversation: int,
                         *, direct: bool, stream: bool) -> tuple[list[Turn], float]:
    """Every employee sends turn after turn until `duration` has passed; the turns and the wall time."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + duration

    async def one(index: int, employee: Employee) -> list[Turn]:
        await asyncio.sleep(ramp * index / len(employees))
        turns: list[Turn] = []
        while loop.time() < deadline:
            if direct:
                turns.append(await _guarded(lambda: employee.direct(stream), employee.mock))
                continue
            try:
                conversation = await asyncio.wait_for(employee.new_conversation(), TURN_TIMEOUT)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, RuntimeError) as exc:
                employee.kkgpt.close()
                turns.append(Turn(None, 0.0, f"new conversation: {type(exc).__name__}"))
                await asyncio.sleep(0.5)  # do not spin on a server that refuses
                continue
            for _ in range(turns_per_conversation):
                turn = await _guarded(lambda c=conversation: employee.turn(c, stream), employee.kkgpt)
                turns.append(turn)
                if turn.error or loop.time() >= deadline:
                    break
        return turns

    per_employee = await asyncio.gather(*(one(i, e) for i, e in enumerate(employees)))
    return [t for turns in per_employee for t in turns], loop.time() - started


# --- the servers -------------------------------------------------------------------------------------------

def _python_env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("KKGPT_")}
    return {**base, "PYTHONPATH": str(ROOT), **extra}


def _start_mock(pace: Pace, log: Path) -> tuple[subprocess.Popen, int]:
    command = [sys.executable, "-m", "kkgpt", "mock-server", "--port", "0", *pace.mock_arguments()]
    mock = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log.open("a"), text=True, env=_python_env())
    address = re.search(r"http://[\d.]+:(\d+)", mock.stdout.readline())
    if not address:
        mock.kill()
        sys.exit(f"the mock server did not start; see {log}")
    return mock, int(address.group(1))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _spawn_kkgpt(environment: dict[str, str], workers: int, port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "kkgpt", "serve", "--workers", str(workers), "--port", str(port)]
    return subprocess.Popen(command, env=_python_env(**environment), stdout=log.open("a"),
                            stderr=subprocess.STDOUT, cwd=log.parent)


async def _start_kkgpt(environment: dict[str, str], workers: int, log: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    server = _spawn_kkgpt(environment, workers, port, log)
    deadline = time.monotonic() + 180
    async with httpx.AsyncClient(timeout=5) as http:
        while True:  # until it answers and every worker is up, not for a fixed time
            with suppress(httpx.TransportError):
                healthy = (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
                if healthy and sum(map(_is_worker, _descendants(server.pid))) >= workers:
                    return server, port
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"kkgpt serve did not start; see {log}")
            await asyncio.sleep(0.3)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


@asynccontextmanager
async def _postgres_database():
    """A database of the benchmark's own on the local PostgreSQL, dropped afterwards."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"kkgpt_load_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def _log_in(port: int, count: int, already: list[str]) -> list[str]:
    """Cookies of `count` development-login employees who accepted the guidelines (reusing those made)."""
    semaphore = asyncio.Semaphore(16)

    async def one(number: int) -> str:
        async with semaphore, httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            response = await http.post("/login/dev", data={"name": f"Belastning {number:04d}"})
            assert response.status_code == 303, response.text
            version = (await http.get("/api/v1/guidelines")).json()["version"]
            accepted = await http.post("/api/v1/guidelines/accept", json={"version": version})
            assert accepted.status_code == 200, accepted.text
            return "; ".join(f"{name}={value}" for name, value in http.cookies.items())

    return already + list(await asyncio.gather(*(one(n) for n in range(len(already), count))))


# --- measuring ------------------------------------------------------------------------------------------------

def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _ms(values: list[float]) -> dict[str, float | None]:
    return {f"p{round(q * 100)}": (None if (v := _percentile(values, q)) is None else round(v * 1000, 1))
            for q in (0.5, 0.95, 0.99)}


@dataclass
class Level:
    """What one level measured."""

    pace: str
    mode: str
    concurrency: int
    turns: int
    errors: int
    error_kinds: dict[str, int]
    turns_per_second: float
    kkgpt_ms: dict[str, float | None]
    direct_ms: dict[str, float | None]
    added_ms: dict[str, float | None]
    turn_seconds_p50: float | None
    direct_errors: int
    cpu_ms_per_turn: float | None
    kkgpt_cores: float
    client_cores: float
    mock_cores: float
    machine_busy: float
    rss_mb_per_worker: list[float] = field(default_factory=list)
    limit: str = ""


class Sampler:
    """Samples each worker's resident memory every second while a level runs."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.peak: dict[int, float] = dict.fromkeys(pids, 0.0)
        self._task: asyncio.Task | None = None

    async def _sample(self) -> None:
        while True:
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], _rss_mb(pid))
            await asyncio.sleep(1)

    def __enter__(self) -> Self:
        self._task = asyncio.get_running_loop().create_task(self._sample())
        return self

    def __exit__(self, *_: object) -> None:
        self._task.cancel()
        for pid in self.pids:
            self.peak[pid] = max(self.peak[pid], _rss_mb(pid))


def _verdict(level: Level) -> str:
    used = level.kkgpt_cores + level.client_cores + level.mock_cores
    others = max(0.0, level.machine_busy * CORES - used)
    shares = (f"KK-GPT {level.kkgpt_cores:.2f}, client {level.client_cores:.2f}, mock {level.mock_cores:.2f}, "
              f"others {others:.2f} of {CORES} cores")
    if level.machine_busy >= 0.9:
        return f"CPU: the machine's cores were {level.machine_busy:.0%} busy ({shares})"
    if level.kkgpt_cores >= 0.9 * CORES:
        return f"CPU of KK-GPT's workers ({shares})"
    if level.client_cores >= 0.9:
        return f"the client's one core ({shares})"
    return f"the model's pace, not CPU ({shares}, machine {level.machine_busy:.0%} busy)"


async def _level(pace: str, employees: list[Employee], args: argparse.Namespace, server: subprocess.Popen,
                 mock: subprocess.Popen, *, stream: bool) -> Level:
    """The direct baseline, then KK-GPT, with `len(employees)` concurrent clients."""
    mode = "stream" if stream else "json"
    direct, _ = await _run_employees(employees, args.baseline_seconds, args.ramp_seconds, 1, direct=True,
                                     stream=stream)
    tree = [server.pid, *_descendants(server.pid)]
    workers = [pid for pid in tree if _is_worker(pid)]
    kk_cpu, mock_cpu, client_cpu = _cpu_ticks(tree), _cpu_ticks([mock.pid]), time.process_time()
    busy, total = _machine_jiffies()
    with Sampler(workers) as sampler:
        turns, wall = await _run_employees(employees, args.duration, args.ramp_seconds,
                                           args.turns_per_conversation, direct=False, stream=stream)
    kk_cpu = (_cpu_ticks(tree) - kk_cpu) / TICKS
    mock_cpu = (_cpu_ticks([mock.pid]) - mock_cpu) / TICKS
    client_cpu = time.process_time() - client_cpu
    busy_after, total_after = _machine_jiffies()
    ok = [t for t in turns if t.error is None]
    direct_ok = [t for t in direct if t.error is None]
    kk_first = [t.ttft for t in ok]
    direct_first = [t.ttft for t in direct_ok]
    kk_ms, direct_ms = _ms(kk_first), _ms(direct_first)
    added = {k: None if kk_ms[k] is None or direct_ms[k] is None else round(kk_ms[k] - direct_ms[k], 1)
             for k in kk_ms}
    level = Level(
        pace=pace, mode=mode, concurrency=len(employees), turns=len(ok), errors=len(turns) - len(ok),
        error_kinds=dict(Counter(t.error for t in turns if t.error)), turns_per_second=round(len(ok) / wall, 2),
        kkgpt_ms=kk_ms, direct_ms=direct_ms, added_ms=added,
        turn_seconds_p50=None if not ok else round(_percentile([t.total for t in ok], 0.5), 2),
        direct_errors=len(direct) - len(direct_ok),
        cpu_ms_per_turn=round(kk_cpu * 1000 / len(ok), 1) if ok else None,
        kkgpt_cores=round(kk_cpu / wall, 2), client_cores=round(client_cpu / wall, 2),
        mock_cores=round(mock_cpu / wall, 2), machine_busy=round((busy_after - busy) / (total_after - total), 2),
        rss_mb_per_worker=[round(sampler.peak[pid]) for pid in workers],
    )
    level.limit = _verdict(level)
    return level


def _print_level(level: Level) -> None:
    added, kk, direct = level.added_ms, level.kkgpt_ms, level.direct_ms
    label = "time to first delta" if level.mode == "stream" else "total time of the JSON answer"
    print(f"  {level.pace} {level.mode} x{level.concurrency}: {level.turns} turns, "
          f"{level.turns_per_second} turns/s, errors {level.errors} {level.error_kinds or ''}"
          f"(direct errors {level.direct_errors}); turn p50 {level.turn_seconds_p50} s", flush=True)
    print(f"    {label} ms p50/p95/p99: KK-GPT {kk['p50']}/{kk['p95']}/{kk['p99']}, direct "
          f"{direct['p50']}/{direct['p95']}/{direct['p99']}, added {added['p50']}/{added['p95']}/{added['p99']}")
    print(f"    CPU {level.cpu_ms_per_turn} ms per turn; cores used: KK-GPT {level.kkgpt_cores}, client "
          f"{level.client_cores}, mock {level.mock_cores}; machine {level.machine_busy:.0%} busy; "
          f"RSS per worker MB {level.rss_mb_per_worker}")
    print(f"    limit: {level.limit}", flush=True)


def _print_table(levels: list[Level]) -> None:
    print("\n| pace | mode | concurrent | turns/s | turns | errors | TTFT KK-GPT p50/p95/p99 ms "
          "| direct p50/p95/p99 ms | added p50/p95/p99 ms | CPU ms/turn | cores KK-GPT/client/mock "
          "| machine busy | max RSS/worker MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for lv in levels:
        trio = [f"{d['p50']} / {d['p95']} / {d['p99']}" for d in (lv.kkgpt_ms, lv.direct_ms, lv.added_ms)]
        print(f"| {lv.pace} | {lv.mode} | {lv.concurrency} | {lv.turns_per_second} | {lv.turns} | {lv.errors} | "
              f"{' | '.join(trio)} | {lv.cpu_ms_per_turn} | {lv.kkgpt_cores} / {lv.client_cores} / "
              f"{lv.mock_cores} | {lv.machine_busy:.0%} | {max(lv.rss_mb_per_worker, default=0)} |")


def _print_targets(levels: list[Level], duration: float) -> None:
    print("\ntargets:")
    realistic = [lv for lv in levels if lv.pace == "realistic" and lv.mode == "stream" and lv.concurrency >= 200]
    for lv in realistic[:1]:
        met = lv.errors == 0 and lv.added_ms["p95"] is not None and lv.added_ms["p95"] <= 100
        print(f"  200 realistic streams for 60 s, 0 errors, added TTFT p95 <= 100 ms: {'met' if met else 'missed'} "
              f"({lv.concurrency} for {duration:g} s: {lv.errors} errors, added p95 {lv.added_ms['p95']} ms)")
    fast = [lv for lv in levels if lv.pace == "fast" and lv.mode == "stream"]
    if fast:
        best = max(fast, key=lambda lv: lv.turns_per_second)
        print(f"  fast pace >= 60 turns/s: {'met' if best.turns_per_second >= 60 else 'missed'} "
              f"(best {best.turns_per_second} at {best.concurrency} concurrent)")
    for lv in (lv for lv in levels if lv.mode == "json"):
        met = lv.added_ms["p95"] is not None and lv.added_ms["p95"] <= 30
        print(f"  JSON mode adds <= 30 ms p95 at {lv.concurrency} users: {'met' if met else 'missed'} "
              f"(added p50 {lv.added_ms['p50']}, p95 {lv.added_ms['p95']} ms)")
    peak = max((mb for lv in levels for mb in lv.rss_mb_per_worker), default=0)
    print(f"  <= 300 MB per worker: {'met' if peak <= 300 else 'missed'} (largest {peak} MB)")


# --- the run -----------------------------------------------------------------------------------------------

async def _run_pace(pace: Pace, args: argparse.Namespace, environment: dict[str, str], cookies: list[str],
                    work: Path, with_json: bool) -> list[Level]:
    mock, mock_port = _start_mock(pace, work / f"mock-{pace.name}.log")
    environment = {**environment, "KKGPT_OPENAI_BASE_URL": f"http://127.0.0.1:{mock_port}/v1"}
    server = None
    levels: list[Level] = []
    try:
        server, port = await _start_kkgpt(environment, args.workers, work / f"kkgpt-{pace.name}.log")
        print(f"{pace.name}: mock model {pace.ttft_ms:g} ms to the first token, {pace.tokens_per_second:g} "
              f"tokens/s, {pace.answer_tokens} tokens; kkgpt serve --workers {args.workers} "
              f"(pid {server.pid}) on port {port}", flush=True)
        cookies[:] = await _log_in(port, max([*args.levels, args.json_users]), cookies)

        def employees(count: int) -> list[Employee]:
            return [Employee(n, cookies[n], ("127.0.0.1", port), ("127.0.0.1", mock_port)) for n in range(count)]

        warm = employees(min(10, max(args.levels)))
        await _run_employees(warm, 1.0, 0.0, 1, direct=False, stream=True)  # first turns of each worker
        for e in warm:
            e.close()
        for concurrency in args.levels:
            group = employees(concurrency)
            levels.append(await _level(pace.name, group, args, server, mock, stream=True))
            _print_level(levels[-1])
            for e in group:
                e.close()
        if with_json and args.json_users:
            group = employees(args.json_users)
            levels.append(await _level(pace.name, group, args, server, mock, stream=False))
            _print_level(levels[-1])
            for e in group:
                e.close()
    finally:
        if server is not None:
            _stop(server)
        _stop(mock)
    return levels


async def _main(args: argparse.Namespace) -> list[Level]:
    work = Path(tempfile.mkdtemp(prefix="kkgpt-load-"))
    environment = {
        "KKGPT_DATA_DIR": str(work / "data"), "KKGPT_MODEL_BACKEND": "openai", "KKGPT_OPENAI_API_KEY": "bench",
        "KKGPT_SECRET_KEY": secrets.token_urlsafe(48), "KKGPT_LOG_LEVEL": "WARNING",
        "KKGPT_USER_MESSAGES_PER_MINUTE": "0", "KKGPT_USER_PREVIEWS_PER_MINUTE": "0",
        "KKGPT_USER_TOKENS_PER_DAY": "0", "KKGPT_DEPARTMENT_TOKENS_PER_MONTH": "0",
    }
    paces = ["realistic", "fast"] if args.pace == "both" else [args.pace]
    json_pace = "fast" if "fast" in paces else paces[0]
    print(f"logs and data in {work}; {CORES} cores; database {args.database}", flush=True)
    levels: list[Level] = []
    cookies: list[str] = []

    async def run_all() -> None:
        for name in paces:
            levels.extend(await _run_pace(PACES[name], args, environment, cookies, work, name == json_pace))

    if args.database == "postgres":
        async with _postgres_database() as url:
            environment["KKGPT_DATABASE_URL"] = url
            await run_all()
    else:
        await run_all()
    return levels


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="10,50,200,500",
                        help="concurrent conversations, comma-separated (default: 10,50,200,500)")
    parser.add_argument("--duration", type=float, default=60, help="seconds at each level (default: 60)")
    parser.add_argument("--baseline-seconds", type=float, default=15,
                        help="seconds of direct calls to the mock server before each level (default: 15)")
    parser.add_argument("--pace", choices=("realistic", "fast", "both"), default="both")
    parser.add_argument("--json-users", type=int, default=20,
                        help="concurrent users of the JSON mode, on the fast pace (0: skip; default: 20)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--turns-per-conversation", type=int, default=5)
    parser.add_argument("--ramp-seconds", type=float, default=2.0,
                        help="start the employees of a level evenly over this time (default: 2)")
    parser.add_argument("--output", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 and 20 conversations, 5 s each")
    args = parser.parse_args()
    if args.quick:
        args.levels, args.duration, args.baseline_seconds, args.json_users = "5,20", 5.0, 3.0, 5
    args.levels = [int(n) for n in str(args.levels).split(",") if n.strip()]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * max(args.levels) + 200)), hard))
    started = time.monotonic()
    levels = asyncio.run(_main(args))
    _print_table(levels)
    _print_targets(levels, args.duration)
    print(f"\nwhole run {time.monotonic() - started:.0f} s")
    if args.output:
        args.output.write_text(json.dumps([asdict(lv) for lv in levels], indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
