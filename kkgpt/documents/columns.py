"""Pages laid out in columns, read one column at a time instead of one line across the page at a time.

pypdf puts text drawn at the same height on one line, so a page with columns side by side (a newsletter, a
form, a letter with a sidebar) comes out interleaved: "Anne Marie  Kontakt: tlf 31 84" / "Tornsbjerg ...  27 90",
and a name or phone number broken over a line has the other column's text in its middle. Here every text run
gets its position, the gutters between columns are found, and the page is returned as parts: lines across the
whole page (headings, footers) where they are, and each column's lines in order, left column first.
"""

from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from pypdf import PageObject
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject, NumberObject, StreamObject

# Operators that show text; an identity `cm` after each makes pypdf hand every run to the visitor on its own
# (it otherwise reports text only when a line, a font or the matrix changes, so two columns at one height
# would come as one run). The identity changes no position and no text.
_SHOW_TEXT = frozenset({b"Tj", b"TJ", b"'", b'"'})
_FLUSH = (
    [NumberObject(1), NumberObject(0), NumberObject(0), NumberObject(1), NumberObject(0), NumberObject(0)],
    b"cm",
)
# A run's width is estimated as this share of its font size per character (no font metrics are read).
_CHAR_EM = 0.5
# A column starts a gap of at least this many font sizes after the text before it on the same line ...
_GUTTER_EMS = 1.5
# ... at least this share of the text's width from the left edge or another column, on at least this many lines.
_COLUMN_SHARE = 0.2
_COLUMN_LINES = 3
# Text either side of a gutter must read as prose (a median line this long, and left of it filling this share
# of the column's width, running on from line to line); else the "columns" are a form's labels and values or a
# table's cells (names, dates, amounts), which belong together on their line.
_PROSE_CHARS = 15
_PROSE_FILL = 0.6
# Prose runs on: at least this share of the left column's lines end mid-sentence and the next begins in lower
# case; and it is words: a median line on either side holds at least this many (names hold two, a phone
# number, an e-mail address or an amount none).
_RUNS_ON = 0.3
_CONTINUES = re.compile(r"[\w,;-]$")
_WORD = re.compile(r"(?<!\S)[^\W\d_]{2,}[,.;:!?)]?(?!\S)")
_WORDS = 3
# A gap between lines larger than this many times the usual line spacing ends a block of columns (a footer).
_BLOCK_GAP = 3.0


@dataclass(frozen=True, slots=True)
class Part:
    """A stretch of a page's text to reflow on its own: lines across the page, or one column of a block."""

    text: str
    share: float  # of the page's text width, for the reflow's idea of a full line
    verbatim: bool = False  # a table's rows, one line each, never joined by the reflow


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text drawn at one place: where it starts, its font size, and where it stands in pypdf's text."""

    order: int
    x: float
    y: float
    size: float
    text: str
    start: int = 0  # where the run's text stands in pypdf's reading of the page (its text joined in order)
    stop: int = 0

    @property
    def end(self) -> float:
        return self.x + _CHAR_EM * self.size * len(self.text)


def read(runs: list[Run] | None) -> list[Part] | None:
    """The page's text as parts in reading order, or None when the page is not laid out in columns."""
    if not runs:
        return None
    lines = by_height(runs)
    left = min(run.x for run in runs)
    width = max(run.end for run in runs) - left
    if width <= 0:
        return None
    gutters: list[float] = []
    for gutter in _gutters(lines, left, width):
        if _columns_meet(gutters[-1] if gutters else left, gutter, lines):
            gutters.append(gutter)
    if not gutters or not _interleaved(runs, gutters):
        return None
    return _parts(lines, gutters, left, width)


def runs(page: PageObject) -> list[Run] | None:
    """Every text run with its position, or None when positions cannot be trusted (rotated text, forms)."""
    if _has_form_xobject(page):  # a form's runs come in the form's own coordinates
        return None
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return None
    operations: list[tuple[list, bytes]] = []
    # "bytes": strings stay as drawn, for pypdf to decode with the page's fonts as in a plain read
    for operation in ContentStream(contents, page.pdf, "bytes").operations:
        operations.append(operation)
        if operation[1] in _SHOW_TEXT:
            operations.append(_FLUSH)
    flushed = ContentStream(None, page.pdf)
    flushed.operations = operations
    found: list[Run] = []
    trusted = True
    offset = 0  # pypdf's text is every visited text in order, so each run knows its place in it

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        nonlocal trusted, offset
        start, offset = offset, offset + len(text)
        text = text.replace("\n", " ")
        if not text.strip():
            return
        # the run's matrix (text matrix times the page's): a and d scale, b turns the baseline (c only slants
        # the letters, as a made-up italic does)
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = abs(size) * d
        if a <= 0 or d <= 0 or abs(b) > 0.01 * a or not all(map(math.isfinite, (x, y, size))):
            trusted = False
            return
        found.append(Run(len(found), x, y, size, text, start, offset))

    original = page.get(NameObject("/Contents"))
    page[NameObject("/Contents")] = flushed
    try:
        page.extract_text(visitor_text=visit)
    finally:
        if original is None:
            del page[NameObject("/Contents")]
        else:
            page[NameObject("/Contents")] = original
    return found if trusted else None


def _has_form_xobject(page: PageObject) -> bool:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return False
    return any(
        isinstance(x := xobjects[name].get_object(), DictionaryObject) and x.get("/Subtype") == "/Form"
        for name in xobjects
    )


def by_height(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped by height on the page, top line first, each line's runs left to right."""
    lines: list[list[Run]] = []
    top = 0.0
    for run in sorted(runs, key=lambda r: -r.y):
        if lines and top - run.y <= 0.5 * run.size:
            lines[-1].append(run)
        else:
            lines.append([run])
            top = run.y
    for line in lines:
        line.sort(key=lambda r: r.x)
    return lines


def _gutters(lines: list[list[Run]], left: float, width: float) -> list[float]:
    """Where columns start: an x that several lines start a run at, after a wide gap, away from other columns."""
    starts: dict[int, set[int]] = {}
    for index, line in enumerate(lines):
        for before, run in pairwise(line):
            if run.x - before.end >= _GUTTER_EMS * run.size and run.x - left >= _COLUMN_SHARE * width:
                starts.setdefault(round(run.x / 4), set()).add(index)
    gutters: list[float] = []
    for bucket in sorted(starts):
        found = starts[bucket] | starts.get(bucket - 1, set()) | starts.get(bucket + 1, set())
        near = gutters and bucket * 4 - gutters[-1] < _COLUMN_SHARE * width
        if len(found) >= _COLUMN_LINES and not near:
            # the bucket's lower edge, so the column's own starts are right of it
            gutters.append(bucket * 4 - 4)
    return gutters


def _columns_meet(start: float, gutter: float, lines: list[list[Run]]) -> bool:
    """Whether the text either side of a gutter reads as columns, not as a table's or a form's cells.

    A column of prose fills its width and runs on from line to line; a form's labels and a table's names,
    dates and amounts are short, start afresh on every row and belong with the rest of their row, so those
    pages keep being read line by line.
    """
    lefts: list[tuple[str, float]] = []
    rights: list[str] = []
    for line in lines:
        left = [r for r in line if start <= r.x < gutter]
        right = [r for r in line if r.x >= gutter]
        if left and right:
            lefts.append((text_of(left), (left[-1].end - start) / (gutter - start)))
            rights.append(text_of(right))
    if len(lefts) < _COLUMN_LINES:
        return False
    runs_on = sum(_CONTINUES.search(a) is not None and b[:1].islower() for (a, _), (b, _) in pairwise(lefts))
    return (
        statistics.median(len(text) for text, _ in lefts) >= _PROSE_CHARS
        and statistics.median(fill for _, fill in lefts) >= _PROSE_FILL
        and runs_on >= _RUNS_ON * (len(lefts) - 1)
        and statistics.median(len(text) for text in rights) >= _PROSE_CHARS
        and all(
            statistics.median(len(_WORD.findall(text)) for text in side) >= _WORDS
            for side in ([text for text, _ in lefts], rights)
        )
    )


def _interleaved(runs: list[Run], gutters: list[float]) -> bool:
    """Whether pypdf's own reading puts columns on one line: a run drawn right after another at its height,
    across a gutter. A page drawn a column at a time reads right as it is, and stays exactly as it was."""
    crossings = sum(
        abs(a.y - b.y) <= 0.5 * b.size and bisect_right(gutters, a.x) != bisect_right(gutters, b.x)
        for a, b in pairwise(runs)
    )
    return crossings >= _COLUMN_LINES


def _parts(lines: list[list[Run]], gutters: list[float], left: float, width: float) -> list[Part]:
    """The page in reading order: blocks of columns (each column whole) between lines across the page."""
    edges = [left, *gutters, left + width]
    spacing = statistics.median([a[0].y - b[0].y for a, b in pairwise(lines)] or [0.0])
    parts: list[Part] = []
    across: list[str] = []  # lines read as they stand, waiting to become a part
    block: list[list[list[Run]]] = []  # a block's lines, each split into its columns' runs

    def close() -> None:
        if sum(sum(1 for column in row if column) > 1 for row in block) < _COLUMN_LINES:
            across.extend(text_of([run for column in row for run in column]) for row in block)
        else:
            if across:
                parts.append(Part("\n".join(across), 1.0))
                across.clear()
            for index in range(len(gutters) + 1):
                text = "\n".join(text_of(row[index]) for row in block if row[index])
                if text:
                    parts.append(Part(text, (edges[index + 1] - edges[index]) / width))
        block.clear()

    for index, line in enumerate(lines):
        if index and spacing and lines[index - 1][0].y - line[0].y > _BLOCK_GAP * spacing:
            close()
        row: list[list[Run]] = [[] for _ in edges[1:]]
        for run in line:
            row[bisect_right(gutters, run.x)].append(run)
        last = max(i for i, column in enumerate(row) if column)
        if last < len(gutters) and row[last][-1].end > gutters[last] + 0.25 * (
            edges[last + 2] - gutters[last]
        ):
            close()  # a line across the columns (a heading, a footer) stays where it is
            across.append(text_of(line))
        else:
            block.append(row)
    close()
    if across:
        parts.append(Part("\n".join(across), 1.0))
    return parts


def text_of(runs: list[Run]) -> str:
    """A line's runs as text: pypdf's own spacing between runs that followed each other, else one space."""
    text = ""
    for before, run in zip([None, *runs], runs, strict=False):
        adjacent = before is not None and run.order == before.order + 1
        if text and not adjacent and not text[-1].isspace() and not run.text[0].isspace():
            text += " "
        text += run.text
    return text.strip()
