"""CPU per chat turn, in process (a benchmark, not a test): what one turn costs KK-GPT beside the model call.

Run: `.venv/bin/python benchmarks/turn_cpu.py [--turns 60] [--concurrency 10] [--profile out.prof]`.

It starts `kkgpt mock-server` twice as processes of their own (their CPU is not counted): one sends a
40-chunk answer at once, one paces it at 40 tokens a second (a chunk every 25 ms). KK-GPT runs in this
process (`KKGPT_MODEL_BACKEND=openai` against the mock, SQLite in a temporary directory or, with
`--database postgres`, a PostgreSQL database of its own, metrics in multiprocess files as under
`kkgpt serve --workers 2`, quotas on with limits nobody reaches so their counting runs). Each turn is a
development-login employee's 1 KB Danish prompt with a name and a phone number, sent straight to the ASGI
app (no HTTP parsing, no sockets on KK-GPT's side of the client) on uvloop as under `kkgpt serve`,
`--concurrency` turns at a time, a new conversation every 5 turns (made before the clock starts), through:

- `api-sse`: `POST /api/v1/conversations/{id}/messages` with `Accept: text/event-stream`;
- `web-sse`: `POST /c/{id}/messages` as the chat page sends it (answers rendered to HTML while they grow);
- `api-json`: the API without the `Accept` header (one JSON answer).

CPU is `time.process_time()` (every thread of this process) over the timed turns, divided by the turns;
everything is measured `--rounds` times in turn and the least figure of each kept (others' load only adds).
The baseline, in the same run and against the same mock: the same prompt streamed through the openai SDK
(the same aiohttp transport KK-GPT uses) and read chunk by chunk as the SDK parses them (`sdk`), and read as
raw bytes (`sdk-raw`, the floor for any client). Ratios are against `sdk`: the machine is shared and its
speed varies, a ratio much less.

`--profile FILE` runs the timed turns of one route and pace under cProfile and prints where the time goes;
`--count-sql` counts transactions and statements per turn (in a separate, untimed pass).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# prometheus_client chooses between memory and files when it is imported: as under `kkgpt serve --workers 2`.
_METRICS = tempfile.mkdtemp(prefix="kkgpt-turn-metrics-")
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", _METRICS)
sys.path.insert(0, str(ROOT))

import openai
from load import (  # the same employees' prompt as the load benchmark (benchmarks/ is on the path)
    NAMES,
    PROMPT,
)

from kkgpt.app import create_app
from kkgpt.logs import configure_logging
from kkgpt.settings import Settings

ANSWER_CHUNKS = 40
TURNS_PER_CONVERSATION = 5
PACES = {"at-once": 0.0, "paced": 40.0}  # tokens a second; one token a chunk
ROUTES = ("api-sse", "web-sse", "api-json")
POSTGRES_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"


def prompt_for(number: int) -> str:
    """The 1 KB prompt with employee `number`'s citizen and phone number."""
    phone = f"{20 + number % 70} {number % 100:02d} {(number * 7) % 100:02d} {(number * 13) % 100:02d}"
    return PROMPT.format(name=NAMES[number % len(NAMES)], phone=phone)


# --- a lean ASGI client: the request goes to the app as a call, the response is collected ------------------

@dataclass
class Answer:
    """A response: status, headers and the body pieces as the app sent them."""

    status: int
    headers: list[tuple[bytes, bytes]]
    pieces: list[bytes]

    @property
    def body(self) -> bytes:
        """The whole body."""
        return b"".join(self.pieces)


async def call(app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes = b"") -> Answer:
    """One request to the ASGI `app`; the client stays connected until the response is complete."""
    finished = asyncio.Event()
    delivered = False
    answer = Answer(0, [], [])

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status, answer.headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            if message.get("body"):
                answer.pieces.append(message["body"])
            if not message.get("more_body"):
                finished.set()

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), *headers], "client": ("127.0.0.1", 40000),
             "server": ("testserver", 80)}
    await app(scope, receive, send)
    finished.set()
    return answer


class Employee:
    """A development-login employee with a session cookie."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.prompt = prompt_for(number)
        self.cookie = b""

    def headers(self, *extra: tuple[bytes, bytes]) -> list[tuple[bytes, bytes]]:
        """The request headers with the session cookie."""
        return [(b"cookie", self.cookie), *extra]

    async def log_in(self, app: Any) -> None:
        """Log in and accept the guidelines."""
        form = f"name=Benchmark+{self.number:04d}".encode()
        answer = await call(app, "POST", "/login/dev",
                            [(b"content-type", b"application/x-www-form-urlencoded")], form)
        assert answer.status == 303, answer.status
        cookies = [v.split(b";")[0] for k, v in answer.headers if k == b"set-cookie"]
        self.cookie = b"; ".join(cookies)
        version = json.loads((await call(app, "GET", "/api/v1/guidelines", self.headers())).body)["version"]
        accepted = await call(app, "POST", "/api/v1/guidelines/accept",
                              self.headers((b"content-type", b"application/json")),
                              json.dumps({"version": version}).encode())
        assert accepted.status == 200, accepted.body

    async def new_conversation(self, app: Any) -> str:
        """A new conversation's id."""
        answer = await call(app, "POST", "/api/v1/conversations",
                            self.headers((b"content-type", b"application/json")), b"{}")
        assert answer.status == 201, answer.body
        return json.loads(answer.body)["id"]

    async def turn(self, app: Any, route: str, conversation: str) -> None:
        """One message and its whole answer through `route`; a failed turn stops the benchmark."""
        if route == "web-sse":
            from urllib.parse import urlencode

            body = urlencode({"text": self.prompt}).encode()
            answer = await call(app, "POST", f"/c/{conversation}/messages", self.headers(
                (b"content-type", b"application/x-www-form-urlencoded"), (b"accept", b"text/event-stream"),
                (b"hx-request", b"true")), body)
        else:
            extra = [(b"accept", b"text/event-stream")] if route == "api-sse" else []
            answer = await call(app, "POST", f"/api/v1/conversations/{conversation}/messages",
                                self.headers((b"content-type", b"application/json"), *extra),
                                json.dumps({"text": self.prompt}).encode())
        if answer.status != 200 or (route != "api-json" and b"event: done" not in answer.body):
            raise RuntimeError(f"{route}: HTTP {answer.status}: {answer.body[-300:]!r}")


# --- the mock model ------------------------------------------------------------------------------------------

def start_mock(tokens_per_second: float) -> tuple[subprocess.Popen, str]:
    """`kkgpt mock-server` answering 40 chunks at once or paced; its base URL."""
    command = [sys.executable, "-m", "kkgpt", "mock-server", "--port", "0", "--mode", "long", "--ttft-ms", "0",
               "--tokens-per-second", str(tokens_per_second), "--answer-tokens", str(ANSWER_CHUNKS)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KKGPT_", "PROMETHEUS_"))}
    mock = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**env, "PYTHONPATH": str(ROOT)})
    address = re.search(r"http://[\d.]+:\d+", mock.stdout.readline())
    if not address:
        mock.kill()
        sys.exit("the mock server did not start")
    return mock, address.group(0) + "/v1"


# --- measuring -------------------------------------------------------------------------------------------

async def timed(turns: int, concurrency: int, one: Callable[[int], Awaitable[None]]) -> float:
    """CPU milliseconds per call of `one(index)`, `concurrency` at a time."""
    queue = iter(range(turns))

    async def worker() -> None:
        for index in queue:
            await one(index)

    gc.collect()
    started = time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return (time.process_time() - started) * 1000 / turns


async def baseline(url: str, raw: bool, turns: int, concurrency: int) -> float:
    """CPU ms per streamed call of the mock through the SDK (parsed chunks, or raw bytes)."""
    client = openai.AsyncOpenAI(api_key="bench", base_url=url, http_client=openai.DefaultAioHttpClient())
    messages = [{"role": "system", "content": "Du er en hjælpsom assistent."},
                {"role": "user", "content": prompt_for(1)}]

    async def one(_: int) -> None:
        if raw:
            async with client.chat.completions.with_streaming_response.create(
                    model="gpt-4o-mini", messages=messages, stream=True, max_tokens=1000) as response:
                async for _piece in response.http_response.aiter_bytes():
                    pass
            return
        stream = await client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True,
                                                      max_tokens=1000)
        text = []
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                text.append(chunk.choices[0].delta.content)

    try:
        await timed(min(turns, 10), concurrency, one)  # warm-up: connections, first-call imports
        return await timed(turns, concurrency, one)
    finally:
        await client.close()


class SqlCounter:
    """Counts transactions and statements on an engine while `counting` is set."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.counting = False
        self.transactions = 0
        self.statements = 0
        event.listen(engine.sync_engine, "begin", self._begin)
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)

    def _begin(self, *_: Any) -> None:
        self.transactions += self.counting

    def _statement(self, *_: Any) -> None:
        self.statements += self.counting


_PARTS: dict[str, Any] = {}


async def _shared_parts(settings: Settings) -> Any:
    """The services, with the PII shield and token counter built once for every app of the run."""
    from kkgpt.services import build_services, build_shield, build_token_counter

    if not _PARTS:
        _PARTS.update(shield=build_shield(settings), counter=build_token_counter(settings))
    return await build_services(settings, **_PARTS)


@asynccontextmanager
async def kkgpt_app(url: str, work: Path, database: str):
    """KK-GPT in this process against the mock at `url`, running (lifespan entered)."""
    env = {"data_dir": work / "data", "model_backend": "openai", "openai_base_url": url,
           "openai_api_key": "bench", "secret_key": secrets.token_urlsafe(48), "log_level": "WARNING",
           # Quotas on, with limits nobody reaches: their counting is part of every turn.
           "user_messages_per_minute": 1_000_000, "user_tokens_per_day": 10**12,
           "department_tokens_per_month": 10**12, "stats_warmup": False}
    async with AsyncExitStack() as stack:
        if database == "postgres":
            env["database_url"] = await stack.enter_async_context(_postgres_database())
        settings = Settings(_env_file=None, **env)
        app = create_app(settings, build=_shared_parts)
        await stack.enter_async_context(app.router.lifespan_context(app))
        yield app


@asynccontextmanager
async def _postgres_database():
    import uuid

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"kkgpt_turn_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def measure_routes(app: Any, routes: list[str], args: argparse.Namespace,
                         profile_route: str | None) -> dict[str, float]:
    """CPU ms per turn of each route (warm-up turns first), conversations made beforehand."""
    employees = [Employee(n) for n in range(args.concurrency)]
    for employee in employees:
        await employee.log_in(app)
    figures = {}
    for route in routes:
        warm = -(-args.concurrency * 2 // TURNS_PER_CONVERSATION) * TURNS_PER_CONVERSATION
        needed = (warm + args.turns) // TURNS_PER_CONVERSATION + len(employees) + 1
        conversations = [await employees[i % len(employees)].new_conversation(app) for i in range(needed)]

        def one(offset: int, route: str = route, conversations: list[str] = conversations
                ) -> Callable[[int], Awaitable[None]]:
            async def run(index: int) -> None:
                n = offset + index
                employee = employees[(n // TURNS_PER_CONVERSATION) % len(employees)]
                await employee.turn(app, route, conversations[n // TURNS_PER_CONVERSATION])
            return run

        # Turn n goes to conversation n // 5, which belongs to one employee: no two turns share a conversation
        # at once as long as the turns of a conversation run in order (one worker takes them in order).
        await timed(warm, 1, one(0))
        if route == profile_route:
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
            profiler.enable()
            figures[route] = await timed(args.turns, 1, one(warm))
            profiler.disable()
            profiler.dump_stats(args.profile)
        else:
            figures[route] = await _concurrent(args, one(warm))
    return figures


async def measure_rounds(app: Any, routes: list[str], args: argparse.Namespace, url: str,
                         profile_route: str | None) -> dict[str, float]:
    """The baselines and every route, `args.rounds` times in turn: the least CPU per turn of each.

    Other processes on the machine only ever add to a figure (shared caches and cores), so the least of
    a few rounds taken in turn is the steadiest estimate, and a slow spell hits the baseline and the
    routes alike.
    """
    best: dict[str, float] = {}
    for measured in range(args.rounds):
        row = {"sdk": await baseline(url, False, args.turns, args.concurrency),
               "sdk-raw": await baseline(url, True, args.turns, args.concurrency),
               **await measure_routes(app, routes, args, profile_route if measured == 0 else None)}
        best = {k: min(v, best.get(k, v)) for k, v in row.items()}
    return best


async def _concurrent(args: argparse.Namespace, one: Callable[[int], Awaitable[None]]) -> float:
    """`args.turns` turns, `args.concurrency` at a time, each conversation's turns in order."""
    per = TURNS_PER_CONVERSATION
    conversations = [list(range(c * per, min((c + 1) * per, args.turns))) for c in range(-(-args.turns // per))]
    pending = iter(conversations)

    async def worker() -> None:
        for turns in pending:
            for index in turns:
                await one(index)

    gc.collect()
    started = time.process_time()
    await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    return (time.process_time() - started) * 1000 / args.turns


async def count_sql(app: Any) -> tuple[float, float]:
    """Transactions and statements per turn of the API stream (a few turns, untimed)."""
    counter = SqlCounter(app.state.services.engine)
    employee = Employee(999)
    await employee.log_in(app)
    conversation = await employee.new_conversation(app)
    await employee.turn(app, "api-sse", conversation)
    counter.counting = True
    for _ in range(4):
        await employee.turn(app, "api-sse", conversation)
    counter.counting = False
    return counter.transactions / 4, counter.statements / 4


async def main(args: argparse.Namespace) -> None:
    configure_logging("WARNING", "text")
    work = Path(tempfile.mkdtemp(prefix="kkgpt-turn-cpu-"))
    routes = [r for r in args.routes.split(",") if r]
    paces = [p for p in args.paces.split(",") if p]
    args.profile_pace = args.profile_pace or paces[0]
    results: dict[str, dict[str, float]] = {}
    mocks = []
    try:
        for pace in paces:
            mock, url = start_mock(PACES[pace])
            mocks.append(mock)
            async with kkgpt_app(url, work / pace, args.database) as app:
                profile_route = args.profile_route if args.profile and pace == args.profile_pace else None
                row = await measure_rounds(app, routes, args, url, profile_route)
                if args.count_sql and pace == paces[0]:
                    transactions, statements = await count_sql(app)
                    print(f"per API stream turn: {transactions:g} transactions, {statements:g} statements")
            results[pace] = row
            print(f"{pace}: " + ", ".join(f"{k} {v:.2f} ms" for k, v in row.items()), flush=True)
    finally:
        for mock in mocks:
            mock.terminate()
            mock.wait()
    _print_table(results, args)
    if args.profile:
        import pstats

        print(f"\nprofile of {args.profile_route} {args.profile_pace} ({args.turns} turns, one at a time):")
        stats = pstats.Stats(args.profile).strip_dirs()
        stats.sort_stats("tottime").print_stats(35)
        stats.sort_stats("cumulative").print_stats(60)
    if args.output:
        args.output.write_text(json.dumps(results, indent=2))


def _print_table(results: dict[str, dict[str, float]], args: argparse.Namespace) -> None:
    print(f"\nCPU ms per turn, least of {args.rounds} rounds of {args.turns} turns, {args.concurrency} at a time, "
          f"{args.database}, {args.loop}, "
          f"1 KB prompt, {ANSWER_CHUNKS}-chunk answer; (ratio to the SDK baseline)")
    columns = ["sdk", "sdk-raw", *[r for r in ROUTES if any(r in row for row in results.values())]]
    print("| pace | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for pace, row in results.items():
        cells = [f"{row[c]:.2f} ({row[c] / row['sdk']:.1f}x)" if c in row else "-" for c in columns]
        print(f"| {pace} | " + " | ".join(cells) + " |")


def parse() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=60, help="timed turns per route and pace (default: 60)")
    parser.add_argument("--concurrency", type=int, default=10, help="turns at a time (default: 10)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="measure everything this many times in turn and keep the least (default: 3)")
    parser.add_argument("--routes", default=",".join(ROUTES), help=f"comma-separated, of {', '.join(ROUTES)}")
    parser.add_argument("--paces", default="at-once,paced", help="comma-separated, of at-once, paced")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--profile", help="write a cProfile of one route and pace to this file and print it")
    parser.add_argument("--profile-route", default="api-sse", choices=ROUTES)
    parser.add_argument("--profile-pace", choices=tuple(PACES), help="default: the first of --paces")
    parser.add_argument("--count-sql", action="store_true", help="count transactions and statements per turn")
    parser.add_argument("--loop", choices=("uvloop", "asyncio"), default="uvloop",
                        help="the event loop (default: uvloop, as `kkgpt serve` runs)")
    parser.add_argument("--output", type=Path, help="also write the figures to this JSON file")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    if arguments.loop == "uvloop":
        # The loop uvicorn itself picks for `kkgpt serve` when uvloop is installed.
        from uvicorn.loops.uvloop import uvloop_loop_factory

        with asyncio.Runner(loop_factory=uvloop_loop_factory()) as runner:
            runner.run(main(arguments))
    else:
        asyncio.run(main(arguments))
