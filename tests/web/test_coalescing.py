"""Deltas are merged by time before they are sent: fewer events, the first one at once, nothing lost."""

from __future__ import annotations

from kkgpt.chat.service import Completed, Delta
from kkgpt.web.sse import coalesced


async def _events(*items):
    for item in items:
        yield item


async def test_deltas_closer_than_the_interval_are_merged_and_the_first_goes_at_once() -> None:
    now = [0.0]

    async def source():
        for i in range(10):
            now[0] = i * 0.01  # a chunk every 10 ms
            yield Delta(f"{i} ")
        yield Completed(message=None)  # type: ignore[arg-type]

    out = [e async for e in coalesced(source(), 0.03, clock=lambda: now[0])]
    texts = [e.text for e in out if isinstance(e, Delta)]
    assert texts[0] == "0 ", "the first piece is not held back"
    assert "".join(texts) == "".join(f"{i} " for i in range(10)), "nothing is lost or reordered"
    assert len(texts) == 4, "ten chunks 10 ms apart become four events 30 ms apart"
    assert isinstance(out[-1], Completed)


async def test_text_waiting_is_sent_before_the_final_event() -> None:
    out = [e async for e in coalesced(_events(Delta("a"), Delta("b"), Delta("c"), Completed(None)),
                                      1.0, clock=lambda: 0.0)]
    assert [type(e).__name__ for e in out] == ["Delta", "Delta", "Completed"]
    assert out[0].text + out[1].text == "abc"


async def test_slow_chunks_are_passed_on_one_by_one() -> None:
    now = [0.0]

    async def source():
        for i in range(3):
            now[0] = i * 0.5
            yield Delta(str(i))

    assert [e.text async for e in coalesced(source(), 0.03, clock=lambda: now[0])] == ["0", "1", "2"]
