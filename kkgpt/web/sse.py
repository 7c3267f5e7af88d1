"""Server-sent events over a response that notices when the browser goes away (the "stop" button)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send


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
