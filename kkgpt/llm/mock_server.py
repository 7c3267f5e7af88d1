"""An OpenAI-compatible model server for testers and benchmarks, started by `kkgpt mock-server`.

It speaks OpenAI's paths (`POST /v1/chat/completions`, `GET /v1/models`) and Azure's
(`POST /openai/deployments/{name}/chat/completions?api-version=...`), streaming (SSE) and not, with usage in
a final chunk when `stream_options.include_usage` asks for it, and Azure's first chunk of prompt-filter
results on the Azure path. `kkgpt.llm.mock_answers` decides what to answer and which fault to act out;
this module does HTTP, pacing and the faults.

It must never be the bottleneck of a load test, so it is a raw ASGI app: no framework routing or
validation per request, each SSE chunk is bytes joined from a prefix and suffix made once per request and
the JSON-escaped text, one task per stream paced by a monotonic schedule (it sleeps until the next chunk
is due, so time spent sending does not slow the pace down), plus one idle wait per stream that notices a
client who went away. A stream that wakes up late sends every chunk already due in one write: the socket
write is the dearest step, so under overload the pace in tokens holds while the writes get fewer.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import random
import re
import socket
import time
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from kkgpt.llm.mock_answers import FAULTS, MODES, Answerer, ScriptRule, chunks, prompt_tokens

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_AZURE_PATH = re.compile(r"/openai/deployments/([^/]+)/chat/completions")
_OPENAI_PATHS = ("/v1/chat/completions", "/chat/completions")
_MODEL_PATHS = ("/v1/models", "/models", "/openai/models")
_SSE_HEADERS = [(b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache")]
_JSON_HEADERS = [(b"content-type", b"application/json")]
_SAFE = {"filtered": False, "severity": "safe"}
_CONTENT_FILTER_RESULTS = {"hate": _SAFE, "self_harm": _SAFE, "sexual": _SAFE, "violence": _SAFE}
_DONE = b"data: [DONE]\n\n"
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_HOLE = "\x00"  # stands in for the chunk text while a chunk template is made


def _dump(value: Any) -> bytes:
    return _ENCODER.encode(value).encode()


def _event(value: Any) -> bytes:
    return b"data: " + _dump(value) + b"\n\n"


_AZURE_PROMPT_FILTER = _event({
    "choices": [], "created": 0, "id": "", "model": "", "object": "",
    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": _CONTENT_FILTER_RESULTS}],
})


@dataclass(frozen=True, slots=True)
class MockServerConfig:
    """How the server answers: mode, pace and faults (the `kkgpt mock-server` options)."""

    mode: str = "echo"
    script: tuple[ScriptRule, ...] = ()
    ttft_ms: float = 0.0
    tokens_per_second: float = 0.0  # 0: as fast as the connection takes them
    answer_tokens: int = 1000
    chunk_tokens: int = 1
    fault: str | None = None
    fault_rate: float = 1.0
    retry_after_seconds: int = 1
    hold_seconds: float = 600.0  # how long the timeout fault keeps a request waiting, at most
    model: str = "kkgpt-mock"

    def __post_init__(self) -> None:
        problems = [
            f"unknown mode {self.mode!r} (known: {', '.join(MODES)})" * (self.mode not in MODES),
            f"unknown fault {self.fault!r} (known: {', '.join(FAULTS)})" * (self.fault not in (None, *FAULTS)),
            "--ttft-ms must not be negative" * (self.ttft_ms < 0),
            "--tokens-per-second must not be negative" * (self.tokens_per_second < 0),
            "--answer-tokens must be at least 1" * (self.answer_tokens < 1),
            "--chunk-tokens must be at least 1" * (self.chunk_tokens < 1),
            "--fault-rate must be between 0 and 1" * (not 0 <= self.fault_rate <= 1),
            "--retry-after must not be negative" * (self.retry_after_seconds < 0),
            "the scripted mode needs --script FILE.yaml" * (self.mode == "scripted" and not self.script),
        ]
        if any(problems):
            raise ValueError("; ".join(p for p in problems if p))


_Piece = tuple[str, bytes, int]  # a chunk's text, the text as a JSON string, its tokens


class _Disconnected(Exception):
    """The client went away before the request was read."""


def _error(status: int, message: str, kind: str, code: str) -> tuple[int, bytes]:
    return status, _dump({"error": {"message": message, "type": kind, "param": None, "code": code}})


class MockModelServer:
    """The ASGI app: OpenAI and Azure chat completions from `kkgpt.llm.mock_answers`, paced and faulty on demand."""

    def __init__(self, config: MockServerConfig, *, rng: random.Random | None = None) -> None:
        self.config = config
        self._answers = Answerer(mode=config.mode, script=config.script, answer_tokens=config.answer_tokens,
                                 fault=config.fault, fault_rate=config.fault_rate, rng=rng)
        self._ids = itertools.count(1)
        self._cache: dict[tuple[tuple[str, ...], bool], list[_Piece]] = {}
        self.streams_open = 0  # for benchmarks and tests: streams being sent right now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path, method = scope["path"], scope["method"]
        azure = _AZURE_PATH.fullmatch(path)
        try:
            if path in _MODEL_PATHS:
                if method != "GET":
                    await _respond(send, *_error(405, "Use GET.", "invalid_request_error", "method_not_allowed"))
                    return
                await _respond(send, 200, _dump({"object": "list", "data": [
                    {"id": self.config.model, "object": "model", "created": 0, "owned_by": "kkgpt-mock"}]}))
            elif path in _OPENAI_PATHS or azure:
                if method != "POST":
                    await _respond(send, *_error(405, "Use POST.", "invalid_request_error", "method_not_allowed"))
                    return
                await self._chat(scope, receive, send, azure.group(1) if azure else None)
            else:
                await _respond(send, *_error(404, f"No route {path}.", "invalid_request_error", "not_found"))
        except _Disconnected:
            return

    async def _chat(self, scope: Scope, receive: Receive, send: Send, deployment: str | None) -> None:
        started = asyncio.get_running_loop().time()
        if deployment is not None and "api-version" not in parse_qs(scope["query_string"].decode("latin-1")):
            await _respond(send, *_error(400, "The api-version query parameter is required.",
                                         "invalid_request_error", "missing_api_version"))
            return
        try:
            request = json.loads(await _read_body(receive))
            messages = request["messages"]
            if not isinstance(messages, list) or not isinstance(request, dict):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            await _respond(send, *_error(400, "The body must be JSON with a list of `messages`.",
                                         "invalid_request_error", "invalid_request"))
            return
        reply = self._answers.reply(messages)
        fault = reply.fault
        if fault == "429":
            status, body = _error(429, f"Rate limit reached. Please retry after {self.config.retry_after_seconds} "
                                  "second(s).", "rate_limit_error", "rate_limit_exceeded")
            await _respond(send, status, body, [(b"retry-after", str(self.config.retry_after_seconds).encode())])
            return
        if fault == "500":
            await _respond(send, *_error(500, "The mock server had an error (fault 500).", "server_error",
                                         "server_error"))
            return
        if fault == "refuse":
            await _respond(send, *_error(400, "The prompt was filtered (fault refuse).", "invalid_request_error",
                                         "content_filter"))
            return
        if fault == "timeout":
            await self._hold(receive, send)
            return
        answer, finish = reply.tokens, "stop"
        limit = request.get("max_completion_tokens") or request.get("max_tokens")
        if isinstance(limit, int) and 0 < limit < len(answer):
            answer, finish = answer[:limit], "length"
        pieces = self._pieces(tuple(answer), split=fault == "split")
        usage = {"prompt_tokens": prompt_tokens(messages), "completion_tokens": len(answer)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        model = deployment or str(request.get("model") or self.config.model)
        identity = {"id": f"chatcmpl-mock{next(self._ids)}", "created": int(time.time()), "model": model}
        if request.get("stream") is True:
            include_usage = bool((request.get("stream_options") or {}).get("include_usage"))
            await self._stream(receive, send, started, pieces, finish, fault, identity,
                               usage if include_usage else None, azure=deployment is not None)
        else:
            await self._complete(send, started, pieces, finish, fault, identity, usage,
                                 azure=deployment is not None)

    def _pieces(self, answer: tuple[str, ...], *, split: bool) -> list[_Piece]:
        """The answer's chunks with their JSON-escaped text; a long answer is cut and escaped only once."""
        key = (answer, split)
        pieces = self._cache.get(key)
        if pieces is None:
            pieces = [(text, _dump(text), count)
                      for text, count in chunks(answer, self.config.chunk_tokens, split_placeholders=split)]
            if len(self._cache) >= 64:
                self._cache.clear()
            self._cache[key] = pieces
        return pieces

    def _pace(self, tokens: int) -> float:
        return tokens / self.config.tokens_per_second if self.config.tokens_per_second else 0.0

    async def _stream(self, receive: Receive, send: Send, started: float, pieces: list[_Piece],
                      finish: str, fault: str | None, identity: dict[str, Any], usage: dict[str, int] | None,
                      *, azure: bool) -> None:
        """Send the answer as SSE chunks, each when it is due; a fault cuts or breaks it halfway."""
        loop = asyncio.get_running_loop()
        template = {**identity, "object": "chat.completion.chunk"}
        head, tail = _event({**template, "choices": [
            {"index": 0, "delta": {"content": _HOLE}, "finish_reason": None}]}).split(_dump(_HOLE))
        first = _event({**template, "choices": [
            {"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
        halfway = len(pieces) // 2 if fault in ("cut", "malformed") else -1
        await send({"type": "http.response.start", "status": 200, "headers": _SSE_HEADERS})
        if azure:
            await send({"type": "http.response.body", "body": _AZURE_PROMPT_FILTER, "more_body": True})
        gone = asyncio.ensure_future(_wait_for_disconnect(receive))
        self.streams_open += 1
        try:
            due = started + self.config.ttft_ms / 1000
            ready: list[bytes] = []  # chunks that are due and not written yet: one write for all of them
            for index, (text, escaped, count) in enumerate(pieces):
                if index == halfway and fault == "cut":
                    if ready:
                        await send({"type": "http.response.body", "body": b"".join(ready), "more_body": True})
                    return  # ending without the last chunk makes the server drop the connection mid-body
                if index:
                    due += self._pace(count)
                now = loop.time()
                if due > now:
                    if ready:
                        await send({"type": "http.response.body", "body": b"".join(ready), "more_body": True})
                        ready.clear()
                    await asyncio.sleep(due - now)
                    if gone.done():
                        return
                if index == 0:
                    ready.append(first)
                if index == halfway:  # fault "malformed": a chunk whose JSON breaks off
                    ready.append(head + b'"' + text[: len(text) // 2].encode() + b"\n\n")
                ready.append(head + escaped + tail)
            ready.append(_event({**template, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}))
            if usage is not None:
                ready.append(_event({**template, "choices": [], "usage": usage}))
            ready.append(_DONE)
            await send({"type": "http.response.body", "body": b"".join(ready), "more_body": False})
        finally:
            self.streams_open -= 1
            gone.cancel()

    async def _complete(self, send: Send, started: float, pieces: list[_Piece], finish: str,
                        fault: str | None, identity: dict[str, Any], usage: dict[str, int], *, azure: bool) -> None:
        """Answer in one JSON body once the whole answer would have been generated."""
        due = started + self.config.ttft_ms / 1000 + self._pace(max(0, usage["completion_tokens"] - 1))
        delay = due - asyncio.get_running_loop().time()
        if delay > 0:
            await asyncio.sleep(delay)
        choice: dict[str, Any] = {"index": 0, "finish_reason": finish, "logprobs": None, "message": {
            "role": "assistant", "content": "".join(piece[0] for piece in pieces), "refusal": None}}
        completion: dict[str, Any] = {**identity, "object": "chat.completion", "choices": [choice], "usage": usage}
        if azure:
            choice["content_filter_results"] = _CONTENT_FILTER_RESULTS
            completion["prompt_filter_results"] = [{"prompt_index": 0,
                                                    "content_filter_results": _CONTENT_FILTER_RESULTS}]
        body = _dump(completion)
        if fault in ("cut", "malformed"):
            cut = body[: len(body) // 2]
            # cut: promise the whole body and drop the connection halfway; malformed: a whole, broken body.
            length = len(body) if fault == "cut" else len(cut)
            await send({"type": "http.response.start", "status": 200,
                        "headers": [*_JSON_HEADERS, (b"content-length", str(length).encode())]})
            await send({"type": "http.response.body", "body": cut, "more_body": fault == "cut"})
            return
        await _respond(send, 200, body)

    async def _hold(self, receive: Receive, send: Send) -> None:
        """Fault "timeout": answer nothing until the client gives up (or `hold_seconds` pass: then 504)."""
        try:
            await asyncio.wait_for(_wait_for_disconnect(receive), self.config.hold_seconds)
        except TimeoutError:
            await _respond(send, *_error(504, "The mock server held the request (fault timeout).", "server_error",
                                         "timeout"))


async def _read_body(receive: Receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(parts)


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _respond(send: Send, status: int, body: bytes, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [*_JSON_HEADERS, *headers]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


class _DeliberateCut(logging.Filter):
    """Drops uvicorn's complaint about a response left unfinished: the "cut" fault does that on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "ASGI callable returned without completing response."


def describe(config: MockServerConfig, url: str) -> str:
    """The start-up lines: where the server listens and how to point KK-GPT at it."""
    pace = f"{config.tokens_per_second:g} tokens/s" if config.tokens_per_second else "no pacing"
    fault = f", fault {config.fault} ({config.fault_rate:.0%} of requests)" if config.fault else ""
    return (f"KK-GPT mock model server on {url}  (mode {config.mode}, first token after {config.ttft_ms:g} ms, "
            f"{pace}, {config.chunk_tokens} token(s) a chunk{fault})\n"
            f"  OpenAI: KKGPT_MODEL_BACKEND=openai KKGPT_OPENAI_BASE_URL={url}/v1 KKGPT_OPENAI_API_KEY=any\n"
            f"  Azure:  KKGPT_MODEL_BACKEND=azure KKGPT_AZURE_ENDPOINT={url} KKGPT_AZURE_DEPLOYMENT=any "
            "KKGPT_AZURE_API_KEY=any")


def serve(config: MockServerConfig, *, host: str, port: int, log_level: str = "warning") -> None:
    """Listen on host:port (0: a free port), print the address, and serve until interrupted."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(4096)  # before the address is printed, so a script that reads it can connect at once
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(describe(config, f"http://{shown}:{bound}"), flush=True)
    logging.getLogger("uvicorn.error").addFilter(_DeliberateCut())
    server = uvicorn.Server(uvicorn.Config(
        MockModelServer(config), log_level=log_level, access_log=False, lifespan="off",
        backlog=4096, timeout_keep_alive=30,
    ))
    server.run(sockets=[sock])
