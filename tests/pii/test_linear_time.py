"""The shield's analysis time grows at most linearly with the input, on adversarial input too.

Every family of `tests/pii/adversarial.py` (repeated punctuation, separators, one long token, repeated
names, streets and digits, mixed scripts, structured rows, placeholder look-alikes, random mixes) is
analysed at 6 KB and at 60 KB. Linear cost gives a ratio of about 10; a recognizer whose cost grows with
the square of the input gives 100. CPU time of this thread is measured, the best of a few runs, so other
processes on the machine do not count. Their caches do: on a busy machine a 60 KB run loses more to a
neighbour than a 6 KB one, so the bound grows with the ratio that ordinary prose shows in the same run
(about 10 on a quiet machine), never below `MAX_RATIO`.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest

from kkgpt.pii import PiiShield
from tests.pii.adversarial import cases

SMALL, LARGE = 6_000, 60_000
# Linear is 10x; the CPU time of the same 60 KB analysis varies by up to a third between runs on this
# machine kind (60-82 ms measured for one text), which put linear families at 12-13x now and then. 15x
# sits above that noise and below anything that grows faster than n^1.2 (15.8x); quadratic is 100x.
MAX_RATIO = 15.0
#: A 60 KB message of any kind is analysed in about a second at most (CPU time on this machine kind) ...
MAX_LARGE_SECONDS = 1.5
#: ... or, on a slow spell of the machine, in at most this many times what 60 KB of ordinary prose takes in
#: the same run: the worst families (random mixes, which the line-unwrapping view reads twice) cost about 6
#: times prose (1.47-1.60 s against 0.26 s on 5 Dec 2026, when the session's first commit measured the same).
MAX_LARGE_PROSE_FACTOR = 7.0


def _cpu_seconds(shield: PiiShield, text: str, repeat: int) -> float:
    """The best CPU time of `repeat` analyses, with the garbage collector paused while each runs: a full
    collection's cost depends on everything the test process holds, not on the text."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.thread_time()
            shield.analyze(text)
            best = min(best, time.thread_time() - start)
        finally:
            gc.enable()
    return best


@pytest.fixture
def quiet_heap() -> Iterator[None]:
    """The test process's own objects (pytest's, other tests') out of the garbage collector's full passes,
    whose cost grows with everything alive in the process, not with the text analysed."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


PROSE = ("Kære Jens Hansen. Tak for din ansøgning om boligstøtte, som vi modtog den 3. november. Vi har "
         "brug for din lønseddel og en kopi af lejekontrakten, før vi kan behandle sagen. Ring gerne på "
         "33 66 33 66, hvis du har spørgsmål. Med venlig hilsen Mette Sørensen, Borgerservice.\n")


def _prose_seconds(shield: PiiShield) -> tuple[float, float]:
    """The CPU seconds of 6 KB and of 60 KB of ordinary prose, in this run: the machine's own pace."""
    return _cpu_seconds(shield, (PROSE * 100)[:SMALL], 5), _cpu_seconds(shield, (PROSE * 1000)[:LARGE], 3)


@pytest.mark.usefixtures("quiet_heap")
def test_every_adversarial_family_costs_linear_time(pii: PiiShield) -> None:
    large = dict(cases(LARGE))
    failures = []
    slowest = 0.0
    prose_small, prose_large = _prose_seconds(pii)
    bound = MAX_RATIO * max(1.0, prose_large / prose_small / 10)
    max_large = max(MAX_LARGE_SECONDS, MAX_LARGE_PROSE_FACTOR * prose_large)
    for label, small_text in cases(SMALL):
        small = _cpu_seconds(pii, small_text, 3)
        big = _cpu_seconds(pii, large[label], 1)
        for _ in range(8):  # measure again before calling it a failure: a slow spell of the machine (CI saw
            # one 60 KB text take 189 ms where it takes 105 ms) passes, a family that grows faster never does
            if big <= bound * small and big <= max_large:
                break
            # Interleaved, so that both sizes see the machine in the same state.
            small = min(small, _cpu_seconds(pii, small_text, 2))
            big = min(big, _cpu_seconds(pii, large[label], 2))
        slowest = max(slowest, big)
        if big > bound * max(small, 1e-3) or big > max_large:
            failures.append(f"{label}: 6 KB {small * 1000:.1f} ms, 60 KB {big * 1000:.1f} ms")
    assert not failures, f"superlinear or slow analysis (bound {bound:.1f}x, {max_large:.2f} s):\n" + "\n".join(failures)
    assert slowest > 0


@pytest.mark.parametrize(
    "text",
    [
        "a." * 30_000,  # a user-name check once folded the whole token per dot
        "-".join(["Hans"] * 12_000),  # foreign street patterns looked ahead over the whole token
        "Jens.Hansen@" * 5_000,
        "A" * 60_000,  # capitals before a house number, looked for at every capital
        "Aa" * 30_000,  # a word's endings were compared with every common word
    ],
    ids=["dotted", "hyphenated names", "e-mail-like", "capitals", "one long word"],
)
def test_inputs_that_once_took_minutes_take_well_under_a_second(pii: PiiShield, text: str) -> None:
    assert _cpu_seconds(pii, text, 1) < MAX_LARGE_SECONDS
