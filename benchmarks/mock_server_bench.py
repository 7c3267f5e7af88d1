"""Load benchmark of `kkgpt mock-server` (not a test): N concurrent streams over loopback.

Run: `.venv/bin/python benchmarks/mock_server_bench.py [--streams 1000] [--tokens-per-second 50] ...`.
Starts the server as its own process (`python -m kkgpt mock-server --port 0 --mode long`), opens all streams
at once with a lean asyncio client (raw sockets: an httpx client would cost more CPU than the server and
measure itself), and prints per-stream time to first token, the pace each stream achieved against the
configured one, the aggregate tokens/s, and the CPU the server process used (from /proc, so Linux only).

The server is one process with one event loop, so it can use at most one core; "pace held" means the
median stream reached the configured tokens/s and the slowest stream within 10 %.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_CONTENT = b'"delta":{"content":'
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class StreamResult:
    """What one client saw: seconds to the first content chunk and to the end, and the chunks counted."""

    connect: float
    ttft: float
    total: float
    chunks: int
    completion_tokens: int


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime


async def _stream(host: str, port: int, request: bytes, wait: float) -> StreamResult:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(wait)
    opened = loop.time()
    reader, writer = await asyncio.open_connection(host, port)
    started = loop.time()
    writer.write(request)
    first = None
    chunks = 0
    carry = b""
    received = bytearray()
    while data := await reader.read(65536):
        window = carry + data
        found = window.count(_CONTENT)
        if found and first is None:
            first = loop.time()
        chunks += found
        carry = window[-(len(_CONTENT) - 1):]
        received += data[-400:] if len(data) > 400 else data
        del received[:-800]
    ended = loop.time()
    writer.close()
    usage = re.search(rb'"completion_tokens":(\d+)', bytes(received))
    return StreamResult(started - opened, (first or ended) - started, ended - started, chunks, int(usage.group(1)) if usage else 0)


async def _run(host: str, port: int, streams: int, body: dict, ramp: float = 0.0) -> tuple[list[StreamResult],
                                                                                          float]:
    payload = json.dumps(body).encode()
    request = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode() + payload
    started = time.monotonic()
    results = await asyncio.gather(*(_stream(host, port, request, ramp * i / streams) for i in range(streams)),
                                   return_exceptions=True)
    wall = time.monotonic() - started
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        print(f"{len(failures)} streams failed, e.g. {failures[0]!r}", file=sys.stderr)
    return [r for r in results if isinstance(r, StreamResult)], wall


def _start_server(args: argparse.Namespace) -> tuple[subprocess.Popen, str, int]:
    command = [sys.executable, "-m", "kkgpt", "mock-server", "--port", "0", "--mode", "long",
               "--ttft-ms", str(args.ttft_ms), "--tokens-per-second", str(args.tokens_per_second),
               "--answer-tokens", str(args.answer_tokens), "--chunk-tokens", str(args.chunk_tokens)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    first_line = server.stdout.readline()
    address = re.search(r"http://([\d.]+):(\d+)", first_line)
    if not address:
        server.kill()
        sys.exit(f"the server did not start: {first_line!r}")
    return server, address.group(1), int(address.group(2))


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--ttft-ms", type=float, default=300)
    parser.add_argument("--tokens-per-second", type=float, default=50)
    parser.add_argument("--answer-tokens", type=int, default=300)
    parser.add_argument("--chunk-tokens", type=int, default=1)
    parser.add_argument("--ramp-seconds", type=float, default=1.0,
                        help="open the streams evenly over this time, as users arrive (0: all at once)")
    parser.add_argument("--pid", type=int, help="use a server already running with the same options (this process id)")
    parser.add_argument("--port", type=int, default=8100, help="the running server's port, with --pid")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.streams * 2 + 100)), hard))

    server, host, port = _start_server(args) if args.pid is None else (None, "127.0.0.1", args.port)
    pid = server.pid if server else args.pid
    try:
        body = {"model": "bench", "stream": True, "stream_options": {"include_usage": True},
                "messages": [{"role": "user", "content": "Skriv et langt svar."}]}
        asyncio.run(_run(host, port, 10, body))  # warm up
        server_cpu = _cpu_seconds(pid)
        client_cpu = time.process_time()
        results, wall = asyncio.run(_run(host, port, args.streams, body, args.ramp_seconds))
        server_cpu = _cpu_seconds(pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)

    tps = args.tokens_per_second
    expected = args.ttft_ms / 1000 + (args.answer_tokens - args.chunk_tokens) / tps if tps else 0.0
    paces = sorted((r.completion_tokens - args.chunk_tokens) / (r.total - r.ttft)
                   for r in results if r.total > r.ttft and r.completion_tokens > args.chunk_tokens)
    ttfts = sorted(r.ttft * 1000 for r in results)
    tokens = sum(r.completion_tokens for r in results)
    complete = sum(r.completion_tokens == args.answer_tokens for r in results)
    print(f"streams {len(results)}/{args.streams} complete {complete}, {args.answer_tokens} tokens each in chunks of "
          f"{args.chunk_tokens}, configured {tps:g} tokens/s per stream after {args.ttft_ms:g} ms")
    print(f"wall {wall:.2f} s (one stream should take {expected:.2f} s, opened over {args.ramp_seconds:g} s); "
          f"aggregate {tokens / wall:,.0f} tokens/s, "
          f"{sum(r.chunks for r in results) / wall:,.0f} chunks/s")
    if ttfts:
        print(f"time to first token ms: p50 {statistics.median(ttfts):.0f}, p95 {ttfts[int(len(ttfts) * .95)]:.0f}, "
              f"max {ttfts[-1]:.0f}")
    connects = sorted(r.connect * 1000 for r in results)
    if connects:
        print(f"connect ms: p50 {statistics.median(connects):.0f}, max {connects[-1]:.0f}")
    if paces and tps:
        print(f"pace per stream tokens/s: slowest {paces[0]:.1f}, p5 {paces[int(len(paces) * .05)]:.1f}, "
              f"median {statistics.median(paces):.1f} (configured {tps:g}); "
              f"held: {statistics.median(paces) >= tps * 0.97 and paces[0] >= tps * 0.9}")
    print(f"server CPU {server_cpu:.2f} s = {server_cpu / wall:.0%} of one core; client CPU {client_cpu:.2f} s")


if __name__ == "__main__":
    main()
