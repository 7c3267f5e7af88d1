"""Hand-written fakes for tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from kkgpt.errors import ModelError
from kkgpt.llm.base import TITLE_INSTRUCTIONS, ChatMessage


def asks_title(messages: Sequence[ChatMessage]) -> bool:
    """True for the request that names a conversation after its first answer (`kkgpt.chat.titles`)."""
    return bool(messages) and messages[0].content == TITLE_INSTRUCTIONS


class ScriptedBackend:
    """A model backend that answers with scripted chunks or errors, and records every prompt it got.

    Requests for a title are kept apart (`title_prompts`) and answered with `title`: by default nothing,
    so the title made from the first message stays and scripted answers are not used up.
    """

    def __init__(self, *answers: list[str] | ModelError, name: str = "scripted",
                 title: str | ModelError = "") -> None:
        self.name = name
        self._answers = list(answers)
        self.title = title
        self.title_prompts: list[list[ChatMessage]] = []
        self.prompts: list[list[ChatMessage]] = []
        self.max_tokens: list[int] = []
        self.gate: asyncio.Event | None = None
        self.held = asyncio.Event()  # set when a stream waits at the gate

    async def stream(self, messages: Sequence[ChatMessage], *, max_tokens: int) -> AsyncIterator[str]:
        if asks_title(messages):
            self.title_prompts.append(list(messages))
            if isinstance(self.title, ModelError):
                raise self.title
            if self.title:
                yield self.title
            return
        self.prompts.append(list(messages))
        self.max_tokens.append(max_tokens)
        answer = self._answers.pop(0) if self._answers else ["ok"]
        if isinstance(answer, ModelError):
            raise answer
        for index, chunk in enumerate(answer):
            if self.gate is not None and index == 1:
                self.held.set()
                await self.gate.wait()  # lets a test stop the turn after the first chunk
            yield chunk

    async def aclose(self) -> None:
        pass


class RecordingBackend:
    """Wraps a backend and records every prompt sent through it (to check what left KK-GPT); requests for a
    conversation's title go to `title_prompts`."""

    def __init__(self, inner) -> None:
        self.name = inner.name
        self._inner = inner
        self.prompts: list[list[ChatMessage]] = []
        self.title_prompts: list[list[ChatMessage]] = []
        self.max_tokens: list[int] = []

    def stream(self, messages: Sequence[ChatMessage], *, max_tokens: int) -> AsyncIterator[str]:
        if asks_title(messages):
            self.title_prompts.append(list(messages))
            return self._inner.stream(messages, max_tokens=max_tokens)
        self.prompts.append(list(messages))
        self.max_tokens.append(max_tokens)
        return self._inner.stream(messages, max_tokens=max_tokens)

    async def aclose(self) -> None:
        await self._inner.aclose()
