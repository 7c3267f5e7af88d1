"""Two breakdowns of one month side by side (task type × department), k-anonymous against both.

A cross table refines both breakdowns, so it cannot be one more dimension: a task type's month minus its
named departments would leave whatever is left, however small. It is built from the two month
publications instead (`kkgpt.usage.anonymity`), months only:

1. Its rows and columns are the groups those publications release for the month, "Øvrige" included
   (so a row or column total is a figure that is already shown, of at least k employees).
2. A cell is named if it covers k employees. Within every row and every column, the cells not named
   together must cover k employees or none; if not, the smallest named cell of that line stops being
   named. What is not named of a row is shown as that row's "øvrige afdelinger" (it is the row total
   minus named cells anyway).
3. That is not enough on its own: row totals minus column totals can isolate a single cell that is not
   named (the rest of row 1 minus the rest of column 2, when column 2's rest lies in row 1). So the
   table is audited as an attacker would: every cell not named, whether used or not (nobody outside
   knows which are empty), is an unknown; the rests of rows and columns are known sums. While some
   cell of 1..k-1 employees is determined by them (exact linear algebra, `_Span`), the smallest named
   cell of its row or column (else the smallest named cell) stops being named. Rules 2 and 3 are
   repeated until nothing changes; with nothing named, only the two breakdowns' totals remain.

No day or week of a cross table is ever shown, so day figures of either breakdown meet it only in
the month totals. The attack tests (`tests/usage/test_anonymity.py`) difference it against both
breakdowns at every granularity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kkgpt.usage.anonymity import Cell, MonthPublication, combine

#: Separates the two groups in a pair's key ("summarising" + SEP + "Socialforvaltningen").
SEP = "\x1e"
#: The row or column that stands for a breakdown's "Øvrige".
OTHER: str | None = None

Key = tuple[str | None, str | None]


@dataclass(frozen=True)
class Crosstab:
    """What may be shown of one month's cross table: named cells, and per row the rest of its columns."""

    named: dict[Key, Cell]
    rest: dict[str | None, Cell]
    row_members: dict[str | None, list[str]]
    column_members: dict[str | None, list[str]]

    def row(self, group: str | None) -> list[tuple[str | None, Cell]]:
        """A row's named cells, largest first (column None: the columns' "Øvrige")."""
        cells = [(c, cell) for (r, c), cell in self.named.items() if r == group]
        return sorted(cells, key=lambda item: (-item[1].employees, item[0] or ""))


def _members(publication: MonthPublication) -> tuple[dict[str, str | None], dict[str | None, list[str]]]:
    line = {g: g for g in publication.named} | {g: OTHER for g in publication.merged}
    members: dict[str | None, list[str]] = {g: [g] for g in publication.named}
    if publication.merged:
        members[OTHER] = list(publication.merged)
    return line, members


def crosstab(rows: MonthPublication, columns: MonthPublication, pairs: Mapping[date, Mapping[str, Cell]], *,
             k: int, width: int) -> Crosstab | None:
    """The month's cross table of `pairs` (keys `row SEP column`), or None if either month is not shown."""
    if rows.month() is None or columns.month() is None:
        return None
    row_of, row_members = _members(rows)
    column_of, column_members = _members(columns)
    grid: dict[Key, list[Cell]] = defaultdict(list)
    for day in rows.days:
        for key, cell in pairs.get(day, {}).items():
            r, _, c = key.partition(SEP)
            grid[(row_of.get(r, OTHER), column_of.get(c, OTHER))].append(cell)
    cells = {key: combine(found, width) for key, found in grid.items()}
    named = {key for key, cell in cells.items() if cell.employees >= k}
    changed = True
    while changed:
        changed = _lines(cells, named, k) or _audit(cells, named, list(row_members), list(column_members), k)
    rest_of: dict[str | None, list[Cell]] = defaultdict(list)
    for key, cell in cells.items():
        if key not in named:
            rest_of[key[0]].append(cell)
    return Crosstab({key: cells[key] for key in named}, {r: combine(c, width) for r, c in rest_of.items()},
                    row_members, column_members)


def _smallest(cells: Mapping[Key, Cell], keys: list[Key]) -> Key:
    return min(keys, key=lambda key: (cells[key].employees, repr(key)))


def _lines(cells: Mapping[Key, Cell], named: set[Key], k: int) -> bool:
    """Rule 2 for every row and column once; True if a cell stopped being named."""
    changed = False
    for axis in (0, 1):
        lines: dict[str | None, list[Key]] = defaultdict(list)
        for key in cells:
            lines[key[axis]].append(key)
        for keys in lines.values():
            rest = 0
            for key in keys:
                if key not in named:
                    rest |= cells[key].users
            shown = [key for key in keys if key in named]
            if 0 < rest.bit_count() < k and shown:
                named.discard(_smallest(cells, shown))
                changed = True
    return changed


def _audit(cells: Mapping[Key, Cell], named: set[Key], rows: list, columns: list, k: int) -> bool:
    """Rule 3 once: True if a small cell was determined and a named cell beside it stopped being named."""
    unknown = [(r, c) for r in rows for c in columns if (r, c) not in named]
    span = _Span()
    for r in rows:
        span.add([key for key in unknown if key[0] == r])
    for c in columns:
        span.add([key for key in unknown if key[1] == c])
    for key in sorted(unknown, key=repr):
        cell = cells.get(key)
        if cell is not None and 0 < cell.employees < k and span.determines([key]):
            # A named cell beside it, else any: with none named, only the two breakdowns' totals remain.
            beside = [other for other in named if other[0] == key[0] or other[1] == key[1]] or list(named)
            if beside:
                named.discard(_smallest(cells, beside))
                return True
    return False


_P = (1 << 61) - 1


class _Span:
    """The span of indicator vectors of sets of cells over a large prime field, in reduced echelon form."""

    def __init__(self) -> None:
        self._basis: dict[Key, dict[Key, int]] = {}

    def _reduce(self, vector: dict[Key, int]) -> dict[Key, int]:
        for pivot, row in self._basis.items():
            factor = vector.get(pivot, 0)
            if factor:
                for key, value in row.items():
                    vector[key] = (vector.get(key, 0) - factor * value) % _P
                    if not vector[key]:
                        del vector[key]
        return vector

    def add(self, keys: list[Key]) -> None:
        """Add the indicator vector of a set of cells."""
        vector = self._reduce(dict.fromkeys(keys, 1))
        if not vector:
            return
        pivot = min(vector, key=repr)
        inverse = pow(vector[pivot], _P - 2, _P)
        vector = {key: value * inverse % _P for key, value in vector.items()}
        for row in self._basis.values():
            factor = row.get(pivot, 0)
            if factor:
                for key, value in vector.items():
                    row[key] = (row.get(key, 0) - factor * value) % _P
                    if not row[key]:
                        del row[key]
        self._basis[pivot] = vector

    def determines(self, keys: list[Key]) -> bool:
        """True when the sum over `keys` follows from the sums added."""
        return not self._reduce(dict.fromkeys(keys, 1))
