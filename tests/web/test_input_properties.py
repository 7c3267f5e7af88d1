"""Generated input on every route, on SQLite and on PostgreSQL: odd text, ids, numbers and shapes get a 4xx.

Hypothesis drives each route (the API's, whose JSON bodies come from the OpenAPI schema, and the pages' form
posts) with path ids, query parameters, headers and bodies holding NUL, lone surrogates, very long strings,
numbers and nested JSON, logged in as an administrator. No answer may be 5xx, and the server stays healthy.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI, params
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkgpt.settings import Settings
from tests.conftest import login

settings.register_profile(
    "kkgpt-routes",
    max_examples=int(os.environ.get("ROUTE_EXAMPLES", "20")),
    deadline=None,
    database=None,
    # One running app serves every example of a test on purpose: starting one per example would take minutes.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("kkgpt-routes")

NASTY = [
    "\x00", "a\x00b", "\ud800", "x\udfffy", "\ud83d", "%00", "%ED%A0%80", "../../etc/passwd", "a" * 5000,
    "x" * 70_000, "", " ", "-1", "0", "1", "2147483648", "1e309", "NaN", "null", "[]", "ß" * 200, "ﬃ" * 100,
    "\ufeff", "<b>&amp;</b>", "=1+1", "2024-13", "1999-01", "da", "en", "published", "rejected",
    "Jens Hansen, cpr-nr. 010170-1234", "dev:admin", "0" * 32, "\r\n",
]
ODD_CHARS = st.sampled_from(["\x00", "\ud800", "\udc00", "\x7f", "\u2028", "a", "ø", " ", "\n"])
TEXTS = st.one_of(st.text(max_size=30), st.text(ODD_CHARS | st.characters(), max_size=20), st.sampled_from(NASTY))
URL_TEXTS = TEXTS.map(lambda text: text[:3000])  # clients and servers cap a URL's length (httpx at 64 KiB)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXTS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3),
    max_leaves=8,
)


@dataclass(frozen=True)
class Route:
    """One method on one path, with the names its query, form and JSON body use."""

    method: str
    path: str
    query: tuple[str, ...]
    form: tuple[str, ...]
    json: tuple[str, ...] | None


@dataclass
class Known:
    """Ids that exist, so that generated requests also reach past the "not found" check."""

    conversation_id: str = ""
    message_ids: list[int] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    by_route: defaultdict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))


def _json_properties(openapi: dict[str, Any], route: APIRoute, method: str) -> tuple[str, ...] | None:
    body = openapi["paths"].get(route.path, {}).get(method.lower(), {}).get("requestBody")
    if body is None:
        return None
    refs = re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(body))
    return tuple(sorted({name for ref in refs for name in openapi["components"]["schemas"][ref]["properties"]}))


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI keeps included routers whole
            yield from _api_routes(route.original_router.routes)


def app_routes(app: FastAPI) -> list[Route]:
    """Every route of the app; deleting ones last, so the others keep finding the seeded conversation."""
    openapi = app.openapi()
    routes = []
    for route in _api_routes(app.routes):
        for method in sorted(route.methods - {"HEAD"}):
            form = tuple(p.alias for p in route.dependant.body_params if isinstance(p.field_info, params.Form))
            routes.append(Route(method, route.path, tuple(p.alias for p in route.dependant.query_params), form,
                                _json_properties(openapi, route, method)))
    return sorted(routes, key=lambda r: (r.method == "DELETE" or r.path.endswith("/delete"), r.path, r.method))


def _quote(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _pairs(values: dict[str, Any]) -> str:
    pairs = []
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append(f"{_quote(key)}={_quote(item)}")
    return "&".join(pairs)


def _names(names: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(names) | URL_TEXTS if names else URL_TEXTS


def _fields(names: tuple[str, ...], values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Random names and shapes, or the route's own names with text values (to get past shape checks)."""
    shaped = st.fixed_dictionaries({}, optional={name: TEXTS for name in names})
    return st.dictionaries(_names(names), values, max_size=4) | shaped


def _path_value(name: str, known: Known) -> st.SearchStrategy[str]:
    if name == "conversation_id":
        hex32 = st.text("0123456789abcdef", min_size=32, max_size=32)
        return st.just(known.conversation_id) | hex32 | URL_TEXTS | st.integers().map(str)
    return st.sampled_from(known.message_ids or [1]).map(str) | st.integers().map(str) | URL_TEXTS


@dataclass(frozen=True)
class Call:
    """A generated request (the client adds its cookies when sending it)."""

    method: str
    url: str
    headers: dict[str, str]
    content: bytes = b""


@st.composite
def requests_for(draw: st.DrawFn, route: Route, known: Known) -> Call:
    """A request to `route` with generated path ids, query, headers and body."""
    path = route.path
    for name in re.findall(r"{(\w+)}", route.path):
        path = path.replace("{" + name + "}", _quote(draw(_path_value(name, known))) or "x")
    query = _pairs({k: v[:3000] for k, v in draw(_fields(route.query, URL_TEXTS)).items()})
    headers = {"accept": draw(st.sampled_from(["application/json", "text/html", "text/event-stream", "*/*"]))}
    if draw(st.booleans()):
        headers["hx-request"] = "true"
    content = b""
    if route.form:
        fields = draw(_fields(route.form, TEXTS | st.lists(TEXTS, max_size=3)))
        content = _pairs(fields).encode("ascii")
        headers["content-type"] = "application/x-www-form-urlencoded"
    elif route.json is not None or draw(st.booleans()):
        body = draw(JSON | _fields(route.json or (), JSON))
        content = json.dumps(body).encode("ascii")  # lone surrogates travel as JSON escapes, as from a client
        headers["content-type"] = "application/json"
    url = f"http://testserver{path}" + (f"?{query}" if query else "")
    return Call(route.method, url, headers, content)


@dataclass
class Target:
    """A running app on its own event loop, driven one request at a time from Hypothesis' synchronous tests."""

    runner: asyncio.Runner
    client: httpx.AsyncClient
    routes: list[Route]
    known: Known

    def send(self, call: Call) -> httpx.Response:
        """Send a request, then log in again if it changed who is logged in."""
        request = self.client.build_request(call.method, call.url, headers=call.headers, content=call.content)
        response = self.runner.run(self.client.send(request))
        if request.url.path in ("/login/dev", "/language") or request.url.path.endswith(("/logout", "/everywhere")):
            self.client.cookies.clear()
            self.runner.run(login(self.client, "Fuzz Admin", admin=True))
        return response


async def _seed(client: httpx.AsyncClient, known: Known) -> None:
    await login(client, "Fuzz Admin", admin=True)
    known.conversation_id = (await client.post("/api/v1/conversations")).json()["id"]
    reply = await client.post(f"/api/v1/conversations/{known.conversation_id}/messages", json={"text": "Hej"})
    known.message_ids = [reply.json()["message_id"], reply.json()["reply_message_id"]]
    await client.post("/tips", data={"text": "Bed om punktform, så bliver referatet kortere."})


@contextmanager
def running(start_app, app_settings: Settings, backend) -> Iterator[Target]:
    """The app with its lifespan running on a loop of its own (Hypothesis' tests are synchronous)."""
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        stack = AsyncExitStack()
        app, client = runner.run(stack.enter_async_context(start_app(app_settings, backend=backend)))
        try:
            known = Known()
            runner.run(_seed(client, known))
            yield Target(runner, client, app_routes(app), known)
        finally:
            runner.run(stack.aclose())


def fuzz(target: Target, route: Route) -> None:
    """Drive one route with generated requests; none may get a 5xx, and the server stays healthy."""

    @PROFILE
    @given(request=requests_for(route, target.known))
    def check(request: Call) -> None:
        response = target.send(request)
        target.known.statuses[response.status_code] += 1
        target.known.by_route[f"{route.method} {route.path}"][response.status_code] += 1
        assert response.status_code < 500, (route, response.status_code, response.text[:300])

    check()
    assert target.send(Call("GET", "http://testserver/healthz", {})).status_code == 200


def _fuzz_every_route(target: Target) -> None:
    for route in target.routes:
        fuzz(target, route)
    counts = dict(sorted(target.known.statuses.items()))
    for name, statuses in target.known.by_route.items():
        print(name, dict(statuses))
    print(f"\n{len(target.routes)} routes, {sum(counts.values())} generated requests, statuses {counts}")
    assert all(status < 500 for status in counts)


def test_every_route_is_covered(app) -> None:
    covered = {(r.method, r.path) for r in app_routes(app)}
    schema = {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}
    assert schema <= covered
    assert {("POST", "/login/dev"), ("POST", "/c/{conversation_id}/rename"), ("POST", "/m/{message_id}/feedback"),
            ("POST", "/tips"), ("GET", "/conversations")} <= covered


def test_no_generated_input_gets_a_server_error_on_sqlite(start_app, settings, backend) -> None:
    with running(start_app, settings, backend) as target:
        _fuzz_every_route(target)


@pytest.mark.postgres
def test_no_generated_input_gets_a_server_error_on_postgresql(start_app, postgres_url, tmp_path, backend) -> None:
    app_settings = Settings(_env_file=None, data_dir=tmp_path / "pg", database_url=postgres_url,
                            mock_delay_seconds=0)
    with running(start_app, app_settings, backend) as target:
        _fuzz_every_route(target)
