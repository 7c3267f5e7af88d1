"""Server-sent events over a response that notices when the browser goes away (the "stop" button)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from typing import Any

import anyio
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from kkgpt.chat.service import ChatEvent, Delta

# Deltas closer together than this are sent as one: a model's 40 chunks a second become about 20 events,
# a fast local model's 1,000 become 20 too, and the first piece still goes out at once.
COALESCE_SECONDS = 0.05


async def coalesced(events: AsyncIterator[ChatEvent], interval: float = COALESCE_SECONDS,
                    clock: Callable[[], float] = time.monotonic) -> AsyncIterator[ChatEvent]:
    """The chat events with `Delta`s merged: one is passed on when `interval` has passed since the last;
    text waiting when another event (or the end) comes is passed on first."""
    pending: list[str] = []
    sent_at = -interval
    async with aclosing(events) as source:  # type: ignore[type-var]
        async for event in source:
            if isinstance(event, Delta):
                pending.append(event.text)
                if clock() - sent_at < interval:
                    continue
            if pending:
                yield Delta("".join(pending))
                pending.clear()
                sent_at = clock()
            if not isinstance(event, Delta):
                yield event
    if pending:
        yield Delta("".join(pending))


def sse_event(event: str, data: Any) -> str:
    """One event in the text/event-stream format; data is JSON, so it never contains a raw newline."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class EventStreamResponse(StreamingResponse):
    """Streams events and, when the client disconnects, cancels the producer and closes it.

    Closing the generator runs its `finally` blocks, which is where a chat turn stores a partial answer.
    Starlette only watches for disconnects on older ASGI servers, so this response always does.
    """

    media_type = "text/event-stream"

    def __init__(self, content: AsyncIterator[str], headers: dict[str, str] | None = None) -> None:
        base = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        super().__init__(content, headers={**base, **(headers or {})})
        self._events = content

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with anyio.create_task_group() as group:

            async def stream() -> None:
                try:
                    await self.stream_response(send)
                except OSError:
                    pass  # the client went away mid-write
                finally:
                    group.cancel_scope.cancel()

            group.start_soon(stream)
            await self.listen_for_disconnect(receive)
            group.cancel_scope.cancel()
        aclose = getattr(self._events, "aclose", None)
        if aclose is not None:
            await aclose()
