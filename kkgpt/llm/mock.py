"""The built-in mock model: no network, streams in chunks, and quotes exactly what it received.

Testers can steer it with a marker anywhere in their message:
`[[mock:error]]` (the model is unavailable), `[[mock:busy]]` (rate limited), `[[mock:timeout]]`,
`[[mock:refuse]]` (content filter), `[[mock:markdown]]` (an answer with a list, a table and code),
`[[mock:long]]` (a long answer, to try "stop"). The mock model server (`kkgpt mock-server`) understands
the same markers, and more. Asked for a conversation's title (`TITLE_INSTRUCTIONS`), both answer with the
question's first sentence, at most six words.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from kkgpt.errors import ModelRateLimited, ModelRefused, ModelTimeout, ModelUnavailable
from kkgpt.llm.base import TITLE_INSTRUCTIONS, ChatMessage

MARKER = re.compile(r"\[\[mock:(\w+)\]\]")
_FAILURES = {"error": ModelUnavailable, "busy": ModelRateLimited, "timeout": ModelTimeout, "refuse": ModelRefused}

MARKDOWN_SAMPLE = """Her er et eksempel med **formatering**:

1. Første punkt
2. Andet punkt

| Kolonne | Værdi |
|---|---|
| A | 1 |
| B | 2 |

```python
print("Hej fra KK-GPT")
```
"""


def quote_reply(received: str) -> str:
    """The default answer: the received text in a code fence long enough that nothing inside can end it."""
    longest = max((len(run) for run in re.findall(r"`+", received)), default=0)
    fence = "`" * max(3, longest + 1)
    # The shield puts names back into this answer like any other, so the quote is not what the model saw:
    # say so, or testers read restored names as a leak.
    return (f"Testmodellen modtog denne tekst. Navne og andre personoplysninger, som den fik som pladsholdere, "
            f"er sat ind igen her; »Det så modellen« viser præcis, hvad den fik:\n\n{fence}text\n{received}\n{fence}\n")


def long_answer(paragraphs: int = 200) -> str:
    """A long answer in numbered paragraphs, to try "Stop" and to load a stream."""
    return "".join(f"Afsnit {n}: KK-GPT skriver et langt svar, så du kan prøve at stoppe det.\n\n"
                   for n in range(1, paragraphs + 1))


def title_reply(received: str, words: int = 6) -> str:
    """A title as a model would write one: the first sentence of the question, at most `words` words."""
    text = MARKER.sub("", received).strip()
    first = re.split(r"(?<=[.?!])\s|\n", text, maxsplit=1)[0] if text else ""
    kept = first.split()[:words]
    title = " ".join(kept).rstrip(".:;,")
    return title[:1].upper() + title[1:] if title else "Ny samtale"


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


class MockBackend:
    """A real backend that needs no model: for development, demos and tests."""

    def __init__(
        self,
        *,
        delay_seconds: float = 0.03,
        chunk_chars: int = 12,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.name = "mock"
        self._delay = delay_seconds
        self._chunk_chars = chunk_chars
        self._sleep = sleep

    def _answer(self, received: str) -> str:
        for marker in MARKER.findall(received):
            if marker in _FAILURES:
                raise _FAILURES[marker]()
            if marker == "markdown":
                return MARKDOWN_SAMPLE
            if marker == "long":
                return long_answer()
        return quote_reply(received)

    async def stream(self, messages: Sequence[ChatMessage], *, max_tokens: int) -> AsyncIterator[str]:
        """Yield the answer in chunks with a small delay between them."""
        last_user = next((m.content for m in reversed(messages) if m.role == "user"), "")
        asks_title = bool(messages) and messages[0].role == "system" and messages[0].content == TITLE_INSTRUCTIONS
        answer = title_reply(last_user) if asks_title else self._answer(last_user)
        for index, chunk in enumerate(_chunks(answer, self._chunk_chars)):
            if index and self._delay:
                await self._sleep(self._delay)
            yield chunk

    async def aclose(self) -> None:
        """Nothing to release."""
