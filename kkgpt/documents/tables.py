"""Tables on a PDF page read a row at a time, each cell whole: one line per row, its cells apart by tabs.

A table's narrow cells wrap: an address over two lines, an e-mail address or an account number broken where
the cell ends ("hodan63@icloud.co" / "m"), and a generator centres each row's one-line cells beside the
wrapped ones. pypdf reads such a table line by line across the page, so the header runs into the first row
and every value the layout broke comes out in pieces on lines of their own, where the shield cannot see the
columns. Here a table is found from where its text starts (lines whose pieces of text start at the same few
x positions, in at least three columns), its lines are grouped into rows, each cell's lines are joined again
(with a space where the cell wrapped between words, with nothing where it broke a number or an e-mail
address), and each row becomes a line of tab-separated cells, header first, as the shield reads a table.
Everything else on the page stays exactly as pypdf reads it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise

from kkgpt.documents.columns import _CHAR_EM, Part, Run, by_height, text_of

# Runs on one line closer than this many font sizes are one cell's text (a word drawn in bold, a kerned run).
_CELL_GAP_EMS = 1.0
# A column's cells start at the same x, give or take this many points, on at least this many lines; a table
# has at least this many columns (two are a form's labels and values, which read well line by line).
_ANCHOR_POINTS = 2.0
_ANCHOR_LINES = 3
_COLUMNS = 3
# A cell's text may seem to end this many font sizes past the next column's start (widths are estimated) ...
_OVERRUN_EMS = 0.5
# ... and a table's lines are at most this many font sizes apart.
_TABLE_GAP_EMS = 3.5
# Lines at most this times the table's smallest line gap apart can be one row (wrapped cells) ...
_IN_ROW = 1.3
# ... and a row's cells start, end or are centred on its line of one-line cells give or take this many font sizes.
_ALIGNED_EMS = 0.25
# A line broke a value mid-way only when it filled its cell: this share of the column's widest line.
_FILLED = 0.7
# A value broken mid-way: a piece with a digit before a digit (an account number, a phone number written
# without spaces, an id), an e-mail address ...
_MAIL = re.compile(r"@|\.(?:dk|com|net|org|se|no|de)\b")
# ... or a long word broken between two small letters a few letters from its end ("Strandboulevard" /
# "en 139"): a line of one shorter word, or one followed by a longer word ("Administrativ" / "medarbejder"),
# wrapped at a space.
_LONG_WORD = 10
_REST = 3


@dataclass(frozen=True, slots=True)
class _Fragment:
    """A cell's text on one line: runs with no column gap between them."""

    runs: tuple[Run, ...]
    text: str

    @property
    def x(self) -> float:
        return self.runs[0].x

    @property
    def end(self) -> float:
        return self.runs[-1].end

    @property
    def size(self) -> float:
        return self.runs[0].size

    @property
    def width(self) -> float:
        return _CHAR_EM * self.size * len(" ".join(self.text.split()))


@dataclass(frozen=True, slots=True)
class _Line:
    y: float
    fragments: tuple[_Fragment, ...]
    columns: tuple[int, ...] | None  # each fragment's column, or None when the line is not a table's


def read(text: str, runs: list[Run] | None) -> list[Part] | None:
    """The page as parts: pypdf's own text around each table, each table's rows as they stand, or None when
    the page holds no table. `text` is pypdf's reading of the page, which the runs' places index."""
    if not runs:
        return None
    by_line = by_height(runs)
    anchors = _anchors([(line[0].y, tuple(_Fragment((run,), run.text) for run in line)) for line in by_line])
    if len(anchors) < _COLUMNS:
        return None
    fragmented = [_fragments(line, anchors) for line in by_line]
    lines = [_Line(y, fragments, _columns(fragments, anchors)) for y, fragments in fragmented]
    parts: list[Part] = []
    position = 0
    for table in _tables(lines):
        table_runs = sorted((run for line in table for f in line.fragments for run in f.runs),
                            key=lambda run: run.order)
        # a table drawn in one go, nothing else in between, is cut out of pypdf's text whole; one drawn
        # among other text is left as pypdf reads it
        if table_runs[-1].order - table_runs[0].order + 1 != len(table_runs) or table_runs[0].start < position:
            continue
        _add_text(parts, text[position:table_runs[0].start])
        parts.append(Part("\n".join(_rows(table)), 1.0, verbatim=True))
        position = table_runs[-1].stop
    if not parts:
        return None
    _add_text(parts, text[position:])
    return parts


def _add_text(parts: list[Part], text: str) -> None:
    """Text between tables as a part of its own, a blank line after a table: the shield reads a table's rows
    down to a blank line, and the text after a table is none of them."""
    text = text.strip("\n")
    if text:
        parts.append(Part("\n" + text if parts and parts[-1].verbatim else text, 1.0))


def _fragments(line: list[Run], anchors: list[float]) -> tuple[float, tuple[_Fragment, ...]]:
    """A line's runs joined where they follow each other closely and the next does not start a column: the
    pieces of text in its cells."""
    groups: list[list[Run]] = []
    for run in line:
        if groups and run.x - groups[-1][-1].end < _CELL_GAP_EMS * run.size and not _at(anchors, run.x):
            groups[-1].append(run)
        else:
            groups.append([run])
    return max(run.y for run in line), tuple(_Fragment(tuple(g), text_of(g)) for g in groups)


def _anchors(lines: list[tuple[float, tuple[_Fragment, ...]]]) -> list[float]:
    """Where columns start: an x (give or take a little) that pieces of text start at on several lines."""
    starts = sorted((f.x, index) for index, (_, fragments) in enumerate(lines) for f in fragments)
    anchors: list[float] = []
    first, seen = None, set()
    for x, index in [*starts, (float("inf"), -1)]:
        if first is None or x - first > _ANCHOR_POINTS:
            if first is not None and len(seen) >= _ANCHOR_LINES:
                anchors.append(first)
            first, seen = x, set()
        seen.add(index)
    return anchors


def _at(anchors: list[float], x: float) -> bool:
    index = bisect_left(anchors, x - _ANCHOR_POINTS)
    return index < len(anchors) and anchors[index] - x <= _ANCHOR_POINTS


def _columns(fragments: tuple[_Fragment, ...], anchors: list[float]) -> tuple[int, ...] | None:
    """Each piece's column, or None when a piece starts between columns, runs on across the next one, or
    shares its column with another piece (prose, a heading, a line across the table)."""
    columns: list[int] = []
    for fragment in fragments:
        index = bisect_left(anchors, fragment.x - _ANCHOR_POINTS)
        if index == len(anchors) or anchors[index] - fragment.x > _ANCHOR_POINTS:
            return None
        if index + 1 < len(anchors) and fragment.end > anchors[index + 1] + _OVERRUN_EMS * fragment.size:
            return None
        if columns and index <= columns[-1]:
            return None
        columns.append(index)
    return tuple(columns)


def _tables(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of lines that read as a table: lines with cells in two columns or more, and the lines of
    wrapped cells between and next to them, close together; each with two such lines and three columns."""
    tables: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        close = current and current[-1].y - line.y <= _TABLE_GAP_EMS * line.fragments[0].size
        if line.columns is not None and close:
            current.append(line)
            continue
        tables.append(current)
        current = [line] if line.columns is not None else []
    tables.append(current)
    return [table for lines in tables if (table := _trimmed(lines))]


def _trimmed(lines: list[_Line]) -> list[_Line]:
    """The lines without the one-cell lines at either end that stand off from the table: further than a
    wrapped cell's line, or next to a row with a cell in every column at least as far as its rows stand apart
    (a heading over the header row, a greeting under the last row); empty when too little is left."""
    multi = [index for index, line in enumerate(lines) if not _single(line)]
    if len(multi) < 2:
        return []
    smallest = min(a.y - b.y for a, b in pairwise(lines))
    used = {column for line in lines for column in line.columns or ()}
    spacing = sorted(lines[a].y - lines[b].y for a, b in pairwise(multi))[(len(multi) - 1) // 2]

    def off(edge: _Line, single: _Line) -> bool:
        gap = abs(edge.y - single.y)
        return gap > _IN_ROW * smallest or (set(edge.columns or ()) == used and gap >= 0.95 * spacing)

    start, stop = multi[0], multi[-1] + 1
    if start and not off(lines[start], lines[start - 1]):
        start = 0
    if stop < len(lines) and not off(lines[stop - 1], lines[stop]):
        stop = len(lines)
    lines = lines[start:stop]
    used = {column for line in lines for column in line.columns or ()}
    return lines if len(used) >= _COLUMNS else []


def _single(line: _Line) -> bool:
    return len(line.fragments) < 2


def _rows(table: list[_Line]) -> list[str]:
    """The table's rows as lines of tab-separated cells."""
    used = sorted({column for line in table for column in line.columns or ()})
    widest = {column: 0.0 for column in used}
    for line in table:
        for column, fragment in zip(line.columns or (), line.fragments, strict=True):
            widest[column] = max(widest[column], fragment.width)
    out: list[str] = []
    for row in _grouped(table):
        cells: dict[int, list[_Fragment]] = {column: [] for column in used}
        for line in row:
            for column, fragment in zip(line.columns or (), line.fragments, strict=True):
                cells[column].append(fragment)
        out.append("\t".join(_cell(cells[column], widest[column]) for column in used))
    return out


def _grouped(table: list[_Line]) -> list[list[_Line]]:
    """The table's lines grouped into rows by the gaps between lines, or around the lines that hold one-line
    cells when that leaves fewer rows of a lone cell (a cell of three lines or more, centred on its row, stands
    as far from its row's middle line as from the next row's)."""
    rows = _by_gaps(table)
    lone = sum(len(row) == 1 and _single(row[0]) for row in rows)
    keys = _one_line_cells(table)
    if lone and len(keys) >= 2:
        around = _around(table, keys)
        if (sum(len(row) == 1 and _single(row[0]) for row in around) < lone
                and all(_aligned(row, table[key]) for row, key in zip(around, keys, strict=True))):
            return around
    return rows


def _aligned(row: list[_Line], key: _Line) -> bool:
    """Whether every cell of a row starts, ends or is centred on the row's line of one-line cells, as a
    generator aligns them; rows put together from several rows' lines are not."""
    tolerance = _ALIGNED_EMS * key.fragments[0].size
    heights: dict[int, list[float]] = {}
    for line in row:
        for column in line.columns or ():
            heights.setdefault(column, []).append(line.y)
    return all(
        min(abs(ys[0] - key.y), abs(ys[-1] - key.y), abs((ys[0] + ys[-1]) / 2 - key.y)) <= tolerance
        for ys in heights.values()
    )


def _around(table: list[_Line], keys: list[int]) -> list[list[_Line]]:
    """Rows around the lines that hold one-line cells (a row's one-line cells stand on one line, its wrapped
    cells' lines above it, below it or both): a line between two of them goes with the row above or below,
    split where the gap is widest (a wrapped cell's lines stand closest), the nearer row on a tie."""
    row_of = [0] * len(table)
    for index in range(keys[-1], len(table)):
        row_of[index] = len(keys) - 1
    for row, (above, below) in enumerate(pairwise(keys)):
        middle = (table[above].y + table[below].y) / 2
        split = max(
            range(above + 1, below + 1),
            key=lambda k: (table[k - 1].y - table[k].y, -abs((table[k - 1].y + table[k].y) / 2 - middle)),
        )
        for index in range(above, below):
            row_of[index] = row if index < split else row + 1
    rows: list[list[_Line]] = [[] for _ in keys]
    for index, line in enumerate(table):
        rows[row_of[index]].append(line)
    return rows


def _by_gaps(table: list[_Line]) -> list[list[_Line]]:
    """Rows where lines stand further apart than the table's closest lines (a row's one-line cells centred
    between its wrapped cells' lines, or a wrapped cell's lines under its row's first line), a line joining
    the row above when its cells are in other columns, or in fewer or more. Lines as close as the closest with
    cells in the same columns are rows of one line each, and then so is every line."""
    smallest = min(a.y - b.y for a, b in pairwise(table))
    one_line_rows = any(
        a.y - b.y <= _IN_ROW * smallest and a.columns == b.columns and len(a.fragments) >= 2
        for a, b in pairwise(table)
    )
    rows: list[list[_Line]] = []
    for above, line in zip([None, *table], table, strict=False):
        if above is not None and not one_line_rows and _same_row(above, line, smallest):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _same_row(above: _Line, below: _Line, smallest: float) -> bool:
    if above.y - below.y > _IN_ROW * smallest:
        return False
    a, b = set(above.columns or ()), set(below.columns or ())
    return not a & b or a < b or b < a


def _one_line_cells(table: list[_Line]) -> list[int]:
    """The lines with a cell whose column has no text as close above or below it as a wrapped cell's lines
    stand (the closest two lines of any column); none when no column has closer lines than others."""
    last: dict[int, int] = {}  # column -> the line of its latest cell
    closest = float("inf")
    neighbours: list[tuple[int, int, int]] = []  # a column's consecutive cells' lines: above, below, column
    for index, line in enumerate(table):
        for column in line.columns or ():
            if column in last:
                neighbours.append((last[column], index, column))
                closest = min(closest, table[last[column]].y - line.y)
            last[column] = index
    near: set[tuple[int, int]] = set()  # (line, column) with text of its column close by
    for above, below, column in neighbours:
        if table[above].y - table[below].y <= _IN_ROW * closest:
            near.update(((above, column), (below, column)))
    if not near:
        return []
    return [index for index, line in enumerate(table) if any((index, c) not in near for c in line.columns or ())]


def _cell(fragments: list[_Fragment], widest: float) -> str:
    """A cell's lines joined: with nothing where a line broke a value mid-way, else with a space."""
    text = ""
    for before, fragment in zip([None, *fragments], fragments, strict=False):
        piece = fragment.text.replace("\t", " ")
        if before is not None:
            text += "" if _broken(before, piece, widest) else " "
        text += piece
    return text


def _broken(line: _Fragment, following: str, widest: float) -> bool:
    """Whether a cell's line broke a value mid-way: a hyphenated word or name at the hyphen, or one long
    token (a number, an e-mail address) that filled the cell; a line with a space in it wrapped at a space."""
    text = line.text
    last, first = text[-1:], following[:1]
    if last == "-" and text[-2:-1].isalnum() and first.isalnum():
        return following.split(" ", 1)[0] not in {"og", "eller"}  # "Børne- og Ungdomsforvaltningen"
    if " " in text or not first or line.width < _FILLED * widest or last in ",;:":
        return False
    token = text + following.split(" ", 1)[0]
    return (
        (first.isdigit() and (last.isalnum() or last in "+-/.") and any(ch.isdigit() for ch in text))
        or _MAIL.search(token) is not None
        or (last.islower() and first.islower() and len(text) >= _LONG_WORD and len(token) - len(text) <= _REST)
    )
