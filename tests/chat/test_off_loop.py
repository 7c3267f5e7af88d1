"""PII analysis runs in a worker thread: a slow prompt never stalls other employees' requests."""

from __future__ import annotations

import asyncio
import threading

import httpx

from tests.conftest import login


async def test_a_stuck_analysis_does_not_block_other_requests(app, client: httpx.AsyncClient) -> None:
    await login(client)
    shield = app.state.services.shield
    entered, release = threading.Event(), threading.Event()
    original = shield.protect

    def slow_protect(text, vault):
        entered.set()
        release.wait(timeout=30)  # stands in for a huge prompt; released by the test below
        return original(text, vault)

    shield.protect = slow_protect
    try:
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        stuck = asyncio.create_task(client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"}))
        await asyncio.to_thread(entered.wait, 10)
        # While the analysis is stuck, the event loop still serves everyone else.
        other = await asyncio.wait_for(client.get("/api/v1/conversations"), timeout=10)
        assert other.status_code == 200
        assert not stuck.done()
        release.set()
        reply = await asyncio.wait_for(stuck, timeout=30)
        assert reply.status_code == 200
    finally:
        release.set()
        del shield.protect
