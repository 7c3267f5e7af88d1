"""The built-in mock model streams in chunks and quotes exactly what it received."""

from __future__ import annotations

import pytest

from kkgpt.errors import ModelRateLimited, ModelRefused, ModelTimeout, ModelUnavailable
from kkgpt.llm.base import ChatMessage, ModelBackend
from kkgpt.llm.mock import MARKDOWN_SAMPLE, MockBackend, quote_reply


async def _collect(backend: MockBackend, text: str) -> list[str]:
    return [c async for c in backend.stream([ChatMessage("system", "s"), ChatMessage("user", text)], max_tokens=100)]


async def test_streams_the_received_text_in_several_chunks() -> None:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    backend = MockBackend(delay_seconds=0.02, sleep=fake_sleep)
    chunks = await _collect(backend, "Skriv til <PERSON_1> om mødet.")
    answer = "".join(chunks)
    assert "Skriv til <PERSON_1> om mødet." in answer
    assert answer == quote_reply("Skriv til <PERSON_1> om mødet.")
    assert len(chunks) > 3
    assert sleeps == [0.02] * (len(chunks) - 1)
    assert isinstance(backend, ModelBackend)


def test_quote_survives_backticks_in_the_text() -> None:
    reply = quote_reply("kode: ``` slut")
    fence = reply.split("\n")[2][:4]
    assert fence == "````"
    assert reply.endswith("````\n")


@pytest.mark.parametrize(
    ("marker", "error"),
    [("error", ModelUnavailable), ("busy", ModelRateLimited), ("timeout", ModelTimeout), ("refuse", ModelRefused)],
)
async def test_markers_simulate_failures(marker: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        await _collect(MockBackend(delay_seconds=0), f"hej [[mock:{marker}]]")


async def test_markdown_marker() -> None:
    assert "".join(await _collect(MockBackend(delay_seconds=0), "[[mock:markdown]]")) == MARKDOWN_SAMPLE
