"""PII analysis of a long prompt runs in a worker thread: a slow one never stalls other employees' requests.
A short prompt (a few milliseconds of analysis) is shielded on the event loop, which is cheaper under load."""

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
        long_text = "Referat af mødet om budgettet. " * 100  # over INLINE_SHIELD_CHARS
        stuck = asyncio.create_task(client.post(f"/api/v1/conversations/{cid}/messages", json={"text": long_text}))
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


async def test_a_short_prompt_is_shielded_on_the_event_loop(app, client: httpx.AsyncClient) -> None:
    from kkgpt.chat.service import INLINE_SHIELD_CHARS

    await login(client)
    shield = app.state.services.shield
    threads = []
    original = shield.protect

    def watched(text, vault):
        threads.append((len(text), threading.current_thread() is threading.main_thread()))
        return original(text, vault)

    # The first answer is followed by a title, shielded too: it comes before the messages watched here.
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})).status_code == 200
    shield.protect = watched
    try:
        for text in ("Skriv til Jens Hansen", "x " * INLINE_SHIELD_CHARS):
            assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": text})).status_code == 200
    finally:
        del shield.protect
    assert threads == [(21, True), (2 * INLINE_SHIELD_CHARS, False)]


async def test_a_title_is_shielded_on_the_event_loop_too(app, client: httpx.AsyncClient) -> None:
    await login(client)
    shield = app.state.services.shield
    threads = []
    original = shield.protect

    def watched(text, vault):
        threads.append((text, threading.current_thread() is threading.main_thread()))
        return original(text, vault)

    shield.protect = watched
    try:
        cid = (await client.post("/api/v1/conversations")).json()["id"]
        sent = await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej. Skriv til Jens Hansen"})
        assert sent.status_code == 200
    finally:
        del shield.protect
    # The question, then the title the model made after the first answer: both short, neither in a thread.
    assert threads == [("Hej. Skriv til Jens Hansen", True), ("Hej", True)]
