"""Shielding from async code: a short text on the event loop, a long one in a worker thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio

#: Texts up to this length are shielded on the event loop (a few milliseconds), longer ones in a thread.
INLINE_SHIELD_CHARS = 2_000

_Result = TypeVar("_Result")


async def off_loop(work: Callable[..., _Result], text: str, *args: object,
                   inline_chars: int | None = None) -> _Result:
    """`work(text, *args)`: on the event loop when `text` is short, in a worker thread when it is long.

    A thread costs more than it saves for a short text: a hand-off to the thread and back, and under load
    the thread and the event loop passing the GIL to and fro while other turns wait for both. A long text
    (up to 60 KB, up to half a second of CPU) goes to a thread so that other employees' requests are served.
    """
    limit = INLINE_SHIELD_CHARS if inline_chars is None else inline_chars
    if len(text) <= limit:
        return work(text, *args)
    return await anyio.to_thread.run_sync(work, text, *args)
