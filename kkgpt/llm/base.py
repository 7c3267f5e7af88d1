"""The interface every model backend implements."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message in the prompt sent to a model."""

    role: Role
    content: str

    def as_openai(self) -> dict[str, str]:
        """The dict the OpenAI chat completions API expects."""
        return {"role": self.role, "content": self.content}


@runtime_checkable
class ModelBackend(Protocol):
    """Streams a chat completion as text chunks; raises `kkgpt.errors.ModelError` subclasses."""

    name: str

    def stream(self, messages: Sequence[ChatMessage], *, max_tokens: int) -> AsyncIterator[str]:
        """Yield the answer's text as it is generated."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...
