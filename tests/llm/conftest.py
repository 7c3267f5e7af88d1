"""The mock model server on a free loopback port, served by uvicorn in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
import uvicorn

from kkgpt.llm.mock_server import MockModelServer, MockServerConfig


@contextmanager
def running_mock_server(config: MockServerConfig) -> Iterator[str]:
    """Serve `config` on 127.0.0.1 and yield its base URL (`http://127.0.0.1:PORT`)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(MockModelServer(config), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # readiness, not timing: the server says when it listens
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the mock model server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="module")
def mock_server_url() -> Iterator[str]:
    """One echo-mode server without pacing for a whole test module."""
    with running_mock_server(MockServerConfig()) as url:
        yield url


@pytest.fixture
def mock_server() -> Callable[..., AbstractContextManager[str]]:
    """`with mock_server(mode="long", ...) as url`: a server of the test's own configuration."""
    return lambda **options: running_mock_server(MockServerConfig(**options))
