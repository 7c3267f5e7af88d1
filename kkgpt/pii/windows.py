"""Overlapping windows over a long text, so that analysis cost is bounded per window, never skipped.

Every recognizer is built to run in linear time, and tests fuzz them to prove it; windows are the second
line of defence. A text longer than one window is analysed window by window: whatever a recognizer does
within a window, the cost of the whole text grows with the number of windows, that is linearly. Windows
overlap by more than the longest value a recognizer reports, so every value lies wholly inside at least
one window, and windows end at a line break (or else a space) where one is near, so a value is rarely cut.
"""

from __future__ import annotations

#: The longest span of personal data a window boundary must not split (an address with its postcode on
#: the next line, a name with particles and initials, an obfuscated e-mail).
LONGEST_VALUE = 400


def windows(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    """(start, end) of windows covering `text`, each at most `size` long, consecutive ones sharing between
    `LONGEST_VALUE` and `overlap` characters.

    Any stretch of at most `LONGEST_VALUE` characters lies wholly inside one window. A text of at most
    `size` characters is one window.
    """
    if overlap <= LONGEST_VALUE or size <= 2 * overlap:
        raise ValueError("a window must be more than twice the overlap, the overlap more than LONGEST_VALUE")
    n = len(text)
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        end = start + size
        if end >= n:
            spans.append((start, n))
            return spans
        # End after a line break in the last `overlap` characters if there is one, else after a space.
        end = _cut(text, end - overlap + LONGEST_VALUE, end)
        spans.append((start, end))
        # The next window starts at least LONGEST_VALUE before this one's end, at a line's start if possible,
        # so any value crossing `end` starts inside it.
        start = _cut(text, end - overlap, end - LONGEST_VALUE)


def _cut(text: str, low: int, high: int) -> int:
    """A position in [low, high]: just after the last line break in text[low:high], else after the last
    whitespace, else `high`."""
    newline = text.rfind("\n", low, high)
    if newline >= 0:
        return newline + 1
    for k in range(high - 1, low - 1, -1):
        if text[k].isspace():
            return k + 1
    return high


def around(text: str, regions: list[tuple[int, int]], margin: int) -> list[tuple[int, int]]:
    """(start, end) of the stretches of `text` within `margin` characters of `regions` (sorted (start, end)
    pairs; an empty one marks a point), each widened to a line's start or end up to `margin` further out
    (else to a space), merged where they overlap or touch; sorted and disjoint.

    A value of at most `margin` characters that touches a region lies wholly inside one stretch, with the
    rest of its line (or `margin` characters of it) around it."""
    n = len(text)
    spans: list[tuple[int, int]] = []
    for region_start, region_end in regions:
        start = max(region_start - margin, 0)
        start = _cut(text, max(start - margin, 0), start) if start > 0 else 0
        end = min(region_end + margin, n)
        end = _line_end(text, end, min(end + margin, n))
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _line_end(text: str, low: int, high: int) -> int:
    """A position in [low, high]: just after the first line break in text[low:high], else after the first
    whitespace, else `high`."""
    newline = text.find("\n", low, high)
    if newline >= 0:
        return newline + 1
    for k in range(low, high):
        if text[k].isspace():
            return k + 1
    return high
