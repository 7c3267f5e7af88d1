"""k-anonymity by construction: which figures of one month may be shown, for every granularity at once.

Input: for each day of a calendar month and each group of one dimension (a department, a task type, ...),
the set of pseudonymous employees and the sums of their figures (turns, tokens, ...). Output: a
`MonthPublication` that answers for days, week parts and the month. The decisions are made once per
month and dimension, from the month's data alone, never from the range or granularity asked for; so
every answer, whatever it asks, is cut from the same released figures.

The rules (k = `KKGPT_STATS_MIN_USERS`):

1. *Totals over time* (the same for every dimension, since they only look at totals). A day with fewer
   than k employees is hidden. Within each week part (the days a week shares with the month) the hidden
   days together must cover at least k employees or none: if not, the smallest shown day of the part is
   hidden too, and a part hidden entirely that is still too small is *dark* (weeks touching it are not
   shown). Dark parts together must again cover k or none, else the smallest other part goes dark; a
   month with fewer than k employees is dark altogether.
2. *Groups for the month*. Groups with fewer than k employees in the month merge into "Øvrige"; if that
   is still too small, the smallest group that makes it large enough joins it. The named groups and
   "Øvrige" are fixed for the whole month, so a group never appears named on one day and hidden in
   "Øvrige" on another.
3. *Groups per day are all or nothing*. A named group is shown day by day only if it has k employees on
   every day it was used that month (and none of those days is hidden); otherwise it is shown for the
   month only. On each shown day, the groups not shown that day form that day's "Øvrige", which must
   cover k employees or none; if not, the smallest group shown that day stops being shown day by day.

Why nothing can be recovered: a group shown day by day has all its days shown, so its month and week
figures are sums of shown figures. What remains is a grid: the groups not shown day by day (rows, each
released only as a month figure of ≥ k employees) against the days (columns, each released only as the
day's "Øvrige", or a part's hidden days together, each ≥ k or empty). From row and column sums of such a
grid, the only sets anyone can compute are whole rows or whole columns (the values α_row + β_column of
a 0/1 table are constant along rows or along columns), each covering at least k employees. Weeks add
nothing: a week is a week part (a week that spans two months is two buckets, since the usage key
rotates with the month), it shows the groups shown day by day, and its "Øvrige" is the part's total
minus shown figures. Dimensions share only the totals of rule 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from kkgpt.usage.periods import Bucket, month_of, next_month, week_start


@dataclass(frozen=True)
class Cell:
    """Who (pseudonymous keys) and how much (sums of the dimension's figures) for one group and period."""

    users: int  # a bit per pseudonymous employee (see `UserIndex`): unions are `|`, counts `bit_count()`
    sums: tuple[float, ...]

    @property
    def employees(self) -> int:
        """How many distinct employees the figure covers."""
        return self.users.bit_count()


def _union(masks: Iterable[int]) -> int:
    found = 0
    for mask in masks:
        found |= mask
    return found


def _count(mask: int) -> int:
    return mask.bit_count()


class UserIndex:
    """Gives each pseudonymous key a bit, so that sets of employees are ints: fast unions, exact counts."""

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}

    def mask(self, keys: Iterable[str]) -> int:
        """The set of `keys` as a bit mask."""
        bits = self._bits
        positions = [bits.setdefault(key, len(bits)) for key in keys]
        mask = bytearray((max(positions, default=-1) >> 3) + 1)
        for position in positions:
            mask[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(mask, "little")

    def __len__(self) -> int:
        return len(self._bits)


def combine(cells: Iterable[Cell], width: int) -> Cell:
    """One cell covering all of `cells`: the union of employees, the sums added up."""
    users = 0
    sums = [0.0] * width
    for cell in cells:
        users |= cell.users
        for i, value in enumerate(cell.sums):
            sums[i] += value
    return Cell(users, tuple(sums))


@dataclass(frozen=True)
class Table:
    """The figures shown for one bucket: named rows, the merged "Øvrige" row (if any) and the total."""

    rows: list[tuple[str, Cell]]
    other: Cell | None
    other_groups: int
    total: Cell


def merge_small(users: Mapping[str, int], k: int) -> tuple[list[str], list[str]]:
    """Split groups into (named, merged): every named group and the merged ones together cover ≥ k employees.

    Small groups are merged; when they are too few together, the smallest group that makes them large
    enough joins them (or, if none does alone, the smallest, and the search repeats), so large groups
    stay visible where that is safe. The merged groups are then never a single recoverable group: one
    small group alone is below k, so at least two groups are merged.
    """
    named = sorted((g for g in users if _count(users[g]) >= k), key=lambda g: (_count(users[g]), g))
    merged = [g for g in users if _count(users[g]) < k]
    bucket = _union(users[g] for g in merged)
    while merged and _count(bucket) < k and named:
        enough = [g for g in named if _count(bucket | users[g]) >= k]
        chosen = enough[0] if enough else named[0]
        named.remove(chosen)
        merged.append(chosen)
        bucket |= users[chosen]
    return sorted(named, key=lambda g: (-_count(users[g]), g)), sorted(merged)


@dataclass
class MonthPublication:
    """What may be shown of one month for one dimension (see the module docstring for the rules)."""

    first: date
    days: list[date]
    cells: dict[date, dict[str, Cell]]
    k: int
    width: int
    complete: bool
    hidden: set[date] = field(default_factory=set)
    dark_days: set[date] = field(default_factory=set)
    dark: bool = False
    named: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    daily: set[str] = field(default_factory=set)
    _tables: dict[tuple, Table] = field(default_factory=dict, repr=False)

    # --- building ---

    @classmethod
    def build(cls, first: date, through: date, cells: Mapping[date, Mapping[str, Cell]], *, k: int,
              width: int) -> MonthPublication:
        """Decide what may be shown of the month starting `first`, with data up to `through` (inclusive)."""
        end = min(next_month(first) - timedelta(days=1), through)
        days = [first + timedelta(days=i) for i in range((end - first).days + 1)]
        own = {d: dict(cells.get(d, {})) for d in days}
        publication = cls(first, days, own, k, width, complete=end == next_month(first) - timedelta(days=1))
        publication._hide_days()
        if not publication.dark:
            publication._choose_groups()
        return publication

    def _day_users(self, day: date) -> int:
        return _union(c.users for c in self.cells[day].values())

    def _users_of(self, days: Iterable[date]) -> int:
        return _union(self._day_users(d) for d in days)

    def _parts(self) -> dict[date, list[date]]:
        parts: dict[date, list[date]] = defaultdict(list)
        for day in self.days:
            parts[week_start(day)].append(day)
        return parts

    def _hide_days(self) -> None:
        k = self.k
        self.hidden = {d for d in self.days if _count(self._day_users(d)) < k}
        dark_parts: list[date] = []
        parts = self._parts()
        for monday, part in parts.items():
            while 0 < _count(self._users_of(d for d in part if d in self.hidden)) < k:
                shown = [d for d in part if d not in self.hidden]
                if not shown:
                    dark_parts.append(monday)
                    break
                self.hidden.add(min(shown, key=lambda d: (_count(self._day_users(d)), d)))
        while 0 < _count(self._users_of(d for m in dark_parts for d in parts[m])) < k:
            lit = [m for m in parts if m not in dark_parts and self._users_of(parts[m])]
            if not lit:
                break
            dark_parts.append(min(lit, key=lambda m: (_count(self._users_of(parts[m])), m)))
        self.dark_days = {d for m in dark_parts for d in parts[m]}
        self.hidden |= self.dark_days
        if 0 < _count(self._users_of(self.dark_days)) < k or 0 < _count(self._users_of(self.days)) < k:
            self.dark = True
            self.hidden = set(self.days)
            self.dark_days = set(self.days)

    def _choose_groups(self) -> None:
        k = self.k
        month_users: dict[str, int] = defaultdict(int)
        for day in self.days:
            for group, cell in self.cells[day].items():
                month_users[group] |= cell.users
        self.named, self.merged = merge_small(month_users, k)
        self.daily = {
            g for g in self.named
            if all(d not in self.hidden and self.cells[d][g].employees >= k
                   for d in self.days if g in self.cells[d])
        }
        changed = True
        while changed:
            changed = False
            for day in self.days:
                if day in self.hidden:
                    continue
                rest = _union(c.users for g, c in self.cells[day].items() if g not in self.daily)
                if 0 < _count(rest) < k:
                    shown = [g for g in self.daily if g in self.cells[day]]
                    self.daily.discard(min(shown, key=lambda g: (self.cells[day][g].employees, g)))
                    changed = True

    # --- answering ---

    @property
    def other_groups(self) -> int:
        """How many groups of the month are not shown day by day (they make up each day's "Øvrige")."""
        return len(self.named) + len(self.merged) - len(self.daily)

    def day(self, day: date) -> Table | None:
        """The figures of one day, or None if the day is hidden."""
        if self.dark or self.empty or day in self.hidden or day not in self.cells:
            return None
        return self._table([day], self.daily, self.other_groups)

    @property
    def empty(self) -> bool:
        """True when nobody used KK-GPT in the month (so far)."""
        return not any(self.cells.values())

    def part(self, days: list[date]) -> tuple[Table, set[str] | None] | None:
        """A week's days in this month: all groups shown day by day with their sums, or None if dark.

        An empty month puts no condition on which groups the week may show (None)."""
        if self.empty:
            return Table([], None, 0, combine([], self.width)), None
        if self.dark or any(d in self.dark_days for d in days):
            return None
        return self._table(days, self.daily, self.other_groups), set(self.daily)

    def month(self) -> Table | None:
        """The figures of the whole month, or None if it is dark or not over yet."""
        if self.dark or self.empty or not self.complete:
            return None
        return self._table(self.days, set(self.named), len(self.merged))

    def _table(self, days: list[date], shown: set[str], other_groups: int) -> Table:
        key = (tuple(days), frozenset(shown), other_groups)
        if (table := self._tables.get(key)) is None:
            table = self._tables[key] = self._compute_table(days, shown, other_groups)
        return table

    def _compute_table(self, days: list[date], shown: set[str], other_groups: int) -> Table:
        per_group: dict[str, list[Cell]] = defaultdict(list)
        for day in days:
            for group, cell in self.cells[day].items():
                per_group[group].append(cell)
        rows = [(g, combine(per_group[g], self.width)) for g in per_group if g in shown]
        rows.sort(key=lambda row: (-row[1].sums[0] if row[1].sums else 0, row[0]))
        rest = [c for g, cells in per_group.items() if g not in shown for c in cells]
        everything = [c for cells in per_group.values() for c in cells]
        other = combine(rest, self.width) if rest else None
        return Table(rows, other, other_groups if other else 0, combine(everything, self.width))


def publications(cells: Mapping[date, Mapping[str, Cell]], months: Iterable[date], through: date, *, k: int,
                 width: int) -> dict[date, MonthPublication]:
    """A publication for each month (first days), each from its own days only."""
    return {m: MonthPublication.build(month_of(m), through, cells, k=k, width=width) for m in months}


def bucket_table(publications: Mapping[date, MonthPublication], bucket: Bucket, width: int) -> Table | None:
    """The figures of one calendar bucket, or None where nothing may be shown."""
    if bucket.granularity == "day":
        return publications[month_of(bucket.first)].day(bucket.first)
    if bucket.granularity == "month":
        return publications[bucket.first].month()
    # A week bucket never spans two months (`kkgpt.usage.periods.bucket_of`): it is one week part.
    found = publications[month_of(bucket.first)].part(bucket.days)
    return found[0] if found is not None and found[0].total.users else None
