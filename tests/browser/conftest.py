"""Real-browser fixtures: KK-GPT served by uvicorn in a thread, Debian's Chromium driven by Playwright.

CDN requests are answered from the pinned npm copies in node_modules (the SRI hash is still checked by
the browser); every other request that would leave the machine is aborted and recorded.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from kkgpt.app import create_app
from kkgpt.services import build_services
from kkgpt.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _require_browser() -> None:
    missing = [what for what, ok in (("Chromium at " + CHROMIUM, Path(CHROMIUM).exists()),
                                     ("npm packages (npm ci)", (NODE_MODULES / "axe-core").is_dir())) if not ok]
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)


class LiveServer:
    """Runs an app with uvicorn on a free localhost port in a background thread."""

    def __init__(self, app) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:  # readiness, not timing: the server says when it listens
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=30)
        self._socket.close()


@dataclass
class Network:
    """What the browser tried to fetch from outside the test server."""

    cdn: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def _serve_from_node_modules(route, network: Network) -> None:
    url = route.request.url
    path = urlsplit(url).path.removeprefix("/npm/")
    package_at_version, _, file_path = path.partition("/")
    package, _, version = package_at_version.rpartition("@")
    local = NODE_MODULES / package / file_path
    pinned = json.loads((NODE_MODULES / package / "package.json").read_text())["version"]
    if not local.is_file() or version != pinned:
        network.blocked.append(url)
        route.abort()
        return
    network.cdn.append(url)
    kind = "text/css" if local.suffix == ".css" else "application/javascript"
    route.fulfill(body=local.read_bytes(), content_type=kind, headers={"Access-Control-Allow-Origin": "*"})


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Chromium per test module.

    Playwright's sync API runs an event loop in this thread while it is open; closing it after each module
    (and running browser tests last, see tests/conftest.py) keeps it away from pytest-asyncio's loops.
    """
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def network() -> Network:
    return Network()


@pytest.fixture
def browser_settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", mock_delay_seconds=0.02)


@pytest.fixture
def live_backend():
    """The model backend the live server uses (None: the settings decide)."""
    return None


@pytest.fixture
def live_library():
    """The guideline library the live server uses (None: read from the settings' folder)."""
    return None


@pytest.fixture
def live_server(browser_settings: Settings, pii, counter, live_backend, live_library) -> Iterator[LiveServer]:
    """KK-GPT on a localhost port with the real PII shield and the mock model."""

    async def build(settings: Settings):
        return await build_services(settings, shield=pii, counter=counter, backend=live_backend,
                                    library=live_library)

    with LiveServer(create_app(browser_settings, build=build)) as server:
        yield server


#: Window sizes the layout tests use: a desktop screen and a phone.
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def viewport() -> dict | None:
    """The window size of `context` (None: Playwright's default); parametrize it to test a layout."""
    return None


@pytest.fixture
def context(browser, live_server: LiveServer, network: Network, viewport: dict | None) -> Iterator:
    """A fresh browser profile whose requests never leave the machine."""
    ctx = browser.new_context(base_url=live_server.url, locale="da-DK", **({"viewport": viewport} if viewport else {}))
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    def guard(route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        elif host == "cdn.jsdelivr.net":
            _serve_from_node_modules(route, network)
        else:
            network.blocked.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    yield ctx
    ctx.close()


@pytest.fixture
def console_problems() -> list[str]:
    """Script errors and console errors the page reported (a test expecting some removes them)."""
    return []


@pytest.fixture
def page(context, console_problems: list[str]) -> Iterator:
    """A page that fails the test on any script error or CSP violation."""
    page = context.new_page()
    page.on("pageerror", lambda error: console_problems.append(f"page error: {error}"))
    page.on("console", lambda msg: console_problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" else None)
    yield page
    assert console_problems == []


#: Where the browser tests leave screenshots for people to look at (git-ignored; made when first needed).
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "test-artifacts" / "screenshots"))


def screenshot(page, name: str) -> Path:
    """Save the whole page as `<name>.png` among the test artifacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True, animations="disabled")
    return path


AXE = NODE_MODULES / "axe-core" / "axe.min.js"


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) in the page; return serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # CDP evaluation is not subject to the page's CSP
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]


def simulate_usage(settings: Settings, events: int, days: int, departments: int, seed: int) -> None:
    """Simulated use up to yesterday, written into the live server's database by an engine of the test's own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from datetime import timedelta

    from kkgpt import keys
    from kkgpt.db.engine import create_engine, create_session_factory
    from kkgpt.db.models import utcnow
    from kkgpt.usage.simulate import Plan, simulate

    async def fill() -> None:
        engine = create_engine(settings.effective_database_url)
        plan = Plan(events=events, days=days, departments=departments,
                    last_day=utcnow().date() - timedelta(days=1), seed=seed)
        try:
            await simulate(create_session_factory(engine), plan, keys.session_secret(settings))
        finally:
            await engine.dispose()

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API already runs a loop in this thread
        pool.submit(lambda: asyncio.run(fill())).result(timeout=300)
