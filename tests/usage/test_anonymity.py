"""k-anonymity by construction: generated populations are attacked by differencing across days, weeks, months.

Every figure any request could show is collected (days, ISO weeks and months over the same data), and an
attacker adds and subtracts them (exact linear algebra, `tests/usage/span.py`): no set of figures they
can compute may cover between 1 and k-1 employees.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kkgpt.usage.anonymity import (
    Cell,
    MonthPublication,
    UserIndex,
    bucket_table,
    merge_small,
    publications,
)
from kkgpt.usage.crosstab import SEP, crosstab
from kkgpt.usage.periods import buckets, month_of
from tests.usage.span import Span

FIRST, THROUGH = date(2026, 9, 1), date(2026, 11, 4)  # two whole months and part of a third
DAYS = [FIRST + timedelta(days=i) for i in range((THROUGH - FIRST).days + 1)]
USERS = UserIndex()


WIDTH = 4  # like a group's sums: answers, masked answers, minutes saved, one reason chip


def population(seed: int, sizes: list[int]) -> dict[date, dict[str, Cell]]:
    """Groups of the given sizes; each employee has their own habits (some daily, some now and then).

    Besides the answers, each cell sums measures that only a few of its employees contribute to (masked
    answers, minutes saved, a rarely chosen reason): they must be released over the same rows or not at all."""
    rng = random.Random(seed)
    cells: dict[date, dict[str, Cell]] = {}
    for g, size in enumerate(sizes):
        group = f"g{g}"
        habits = {f"{group}-u{i}": rng.choice([0.02, 0.1, 0.3, 0.7]) for i in range(size)}
        for day in DAYS:
            weekend = 0.1 if day.weekday() >= 5 else 1.0
            users = [u for u, p in habits.items() if rng.random() < p * weekend]
            if users:
                few = [u for u in users if rng.random() < 0.2]
                sums = (float(3 * len(users)), float(len(few)), float(sum(rng.choice([0, 2, 10, 30, 60]) for _ in few)),
                        float(rng.random() < 0.1))
                cells.setdefault(day, {})[group] = Cell(USERS.mask(users), sums)
    return cells


def released(cells: dict[date, dict[str, Cell]], k: int) -> list[tuple[set[tuple[date, str]], Cell, str]]:
    """Every figure any request may show: (atoms it sums over, the shown cell, the row's label)."""
    months = {m for g in ("day", "week", "month") for b in buckets(FIRST, THROUGH, g, through=THROUGH)
              for m in b.months}
    width = len(next((c.sums for day in cells.values() for c in day.values()), (0.0,)))
    pubs = publications(cells, months, THROUGH, k=k, width=width)
    groups = sorted({g for day in cells.values() for g in day})
    shown = []
    for granularity in ("day", "week", "month"):
        for bucket in buckets(FIRST, THROUGH, granularity, through=THROUGH):
            table = bucket_table(pubs, bucket, width)
            if table is None:
                continue
            labels = {label for label, _ in table.rows}
            for label, cell in table.rows:
                shown.append(({(d, label) for d in bucket.days}, cell, label))
            if table.other is not None:
                shown.append(({(d, g) for d in bucket.days for g in groups if g not in labels}, table.other, "other"))
            shown.append(({(d, g) for d in bucket.days for g in groups}, table.total, "total"))
    return shown


def users_of(cells: dict[date, dict[str, Cell]], atoms) -> int:
    """How many employees the atoms cover together."""
    mask = 0
    for d, g in atoms:
        if d in cells and g in cells[d]:
            mask |= cells[d][g].users
    return mask.bit_count()


def candidates(groups: list[str]):
    """Sets an attacker would try to isolate: a group or everyone over any run of 1-7 days, or a month."""
    for start in range(len(DAYS)):
        for length in range(1, 8):
            run = DAYS[start:start + length]
            if len(run) < length:
                break
            for g in groups:
                yield {(d, g) for d in run}
            yield {(d, g) for d in run for g in groups}
    for month in sorted({month_of(d) for d in DAYS}):
        for g in groups:
            yield {(d, g) for d in DAYS if month_of(d) == month}


def sums_of(cells: dict[date, dict[str, Cell]], atoms) -> list[float]:
    """Each measure summed over the atoms, straight from the population."""
    width = len(next(c.sums for day in cells.values() for c in day.values()))
    return [sum(cells[d][g].sums[i] for d, g in atoms if d in cells and g in cells[d]) for i in range(width)]


def attack(cells: dict[date, dict[str, Cell]], k: int) -> None:
    """Every shown figure covers k; every measure of it is a sum over exactly the atoms the attacker
    assumes (so the attack below, on sets of atoms, attacks every measure); nothing small is recoverable."""
    figures = released(cells, k)
    for atoms, cell, label in figures:
        assert users_of(cells, atoms) >= k, f"a shown {label} figure covers fewer than {k} employees"
        assert list(cell.sums) == pytest.approx(sums_of(cells, atoms)), f"a {label} measure sums other rows"
    span = Span()
    for atoms, _table, _label in figures:
        span.add(atoms)
    groups = sorted({g for day in cells.values() for g in day})
    for target in candidates(groups):
        covered = users_of(cells, target)
        if 0 < covered < k:
            assert not span.determines(target), f"{sorted(target)} ({covered} employees) is recoverable"


@hsettings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), k=st.integers(2, 6),
       sizes=st.lists(st.integers(1, 30), min_size=1, max_size=6))
def test_no_differencing_across_days_weeks_and_months_isolates_fewer_than_k(seed: int, k: int,
                                                                           sizes: list[int]) -> None:
    attack(population(seed, sizes), k)


@pytest.mark.parametrize("seed", range(6))
def test_realistic_departments_with_tiny_ones(seed: int) -> None:
    attack(population(seed, [40, 25, 12, 7, 3, 2, 1]), 5)


def test_a_seven_person_department_stays_visible_for_the_month() -> None:
    """The trial that started this: a 7-user department vanished because the rest were small."""
    users = {"Stor": USERS.mask(f"s{i}" for i in range(40)), "Syv": USERS.mask(f"y{i}" for i in range(7)),
             "Lille1": USERS.mask(["a", "b"]), "Lille2": USERS.mask(["c"]), "Lille3": USERS.mask(["d", "e"])}
    named, merged = merge_small(users, 5)
    assert named == ["Stor", "Syv"] and merged == ["Lille1", "Lille2", "Lille3"]


@pytest.mark.parametrize(
    ("sizes", "named", "merged"),
    [
        ({"A": 10, "B": 7}, ["A", "B"], []),
        ({"A": 10, "B": 3, "C": 2}, ["A"], ["B", "C"]),          # two small groups make a large enough "other"
        ({"A": 10, "B": 6, "C": 2}, ["A"], ["B", "C"]),          # one small group: the smallest that suffices joins
        ({"A": 10, "B": 7, "C": 3}, ["A"], ["B", "C"]),
        ({"A": 10, "B": 2, "C": 1, "D": 1}, [], ["A", "B", "C", "D"]),  # even the largest joins if it must
    ],
)
def test_merge_rule(sizes: dict[str, int], named: list[str], merged: list[str]) -> None:
    users = {g: USERS.mask(f"{g}{i}" for i in range(n)) for g, n in sizes.items()}
    assert merge_small(users, 5) == (named, merged)


def test_a_day_with_too_few_employees_is_hidden_with_company() -> None:
    """A quiet Sunday is hidden, and so is the next smallest day, so that the month minus the shown days is
    never the Sunday alone."""
    cells: dict[date, dict[str, Cell]] = {}
    for day in DAYS:
        if month_of(day) != date(2026, 9, 1):
            continue
        n = 2 if day == date(2026, 9, 6) else (6 if day.weekday() < 5 else 0)
        if n:
            cells[day] = {"A": Cell(USERS.mask(f"{day}-{i}" for i in range(n)), (float(n),))}
    pub = MonthPublication.build(date(2026, 9, 1), THROUGH, cells, k=5, width=1)
    assert date(2026, 9, 6) in pub.hidden
    assert users_of(cells, {(d, "A") for d in pub.hidden if d in cells}) >= 5
    assert pub.month() is not None and pub.day(date(2026, 9, 7)) is not None


def two_dimensions(seed: int, departments: list[int], tasks: int) -> dict[tuple[date, str, str], int]:
    """Atoms (day, department, task) -> employees (bit mask): each employee in one department, doing tasks."""
    rng = random.Random(seed)
    atoms: dict[tuple[date, str, str], int] = {}
    for d, size in enumerate(departments):
        for i in range(size):
            user = USERS.mask([f"d{d}-{seed}-{i}"])
            rate = rng.choice([0.05, 0.2, 0.5])
            favourite = rng.randrange(tasks)
            for day in DAYS:
                if rng.random() < rate * (0.1 if day.weekday() >= 5 else 1):
                    task = favourite if rng.random() < 0.7 else rng.randrange(tasks)
                    key = (day, f"dep{d}", f"task{task}")
                    atoms[key] = atoms.get(key, 0) | user
    return atoms


def _cells_by(atoms: dict[tuple[date, str, str], int], axis: int) -> dict[date, dict[str, Cell]]:
    cells: dict[date, dict[str, Cell]] = {}
    for (day, *groups), users in atoms.items():
        group = groups[axis]
        old = cells.setdefault(day, {}).get(group)
        mask = users | (old.users if old else 0)
        cells[day][group] = Cell(mask, (float(mask.bit_count()),))
    return cells


def _both_breakdowns(atoms: dict[tuple[date, str, str], int], names: tuple[list[str], list[str]], k: int) -> Span:
    """The span of everything the department and the task breakdowns show, at every granularity."""
    span = Span()
    for axis in (0, 1):
        for atoms_of, _cell, label in released(_cells_by(atoms, axis), k):
            full = set()
            for day, group in atoms_of:
                for other in names[1 - axis]:
                    full.add((day, group, other) if axis == 0 else (day, other, group))
            if label != "total":
                assert _covered(atoms, full) >= k
            span.add(full)
    return span


def _attack_pairs(atoms: dict[tuple[date, str, str], int], names: tuple[list[str], list[str]], k: int,
                  span: Span) -> None:
    """No department × task type over a run of days or a month that covers 1..k-1 employees is determined."""
    runs = [DAYS[start:start + length] for start in range(len(DAYS)) for length in (1, 2, 3, 7)]
    runs += [[d for d in DAYS if month_of(d) == m] for m in sorted({month_of(d) for d in DAYS})]
    for run in runs:
        for dep in names[0]:
            for task in names[1]:
                target = {(d, dep, task) for d in run}
                if 0 < _covered(atoms, target) < k:
                    assert not span.determines(target), f"{dep} × {task} on {run[0]}+{len(run)} is recoverable"


@hsettings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**32), k=st.integers(3, 5),
       departments=st.lists(st.integers(1, 20), min_size=2, max_size=4), tasks=st.integers(2, 3))
def test_no_differencing_across_two_dimensions_isolates_fewer_than_k(seed: int, k: int, departments: list[int],
                                                                    tasks: int) -> None:
    """The department and the task breakdowns of the same turns, every granularity: nothing small recoverable.

    (The department filter shows a department's rows of the department breakdown, so it is covered.)"""
    atoms = two_dimensions(seed, departments, tasks)
    names = ([f"dep{d}" for d in range(len(departments))], [f"task{t}" for t in range(tasks)])
    _attack_pairs(atoms, names, k, _both_breakdowns(atoms, names, k))


def _with_crosstabs(atoms: dict[tuple[date, str, str], int], names: tuple[list[str], list[str]], k: int,
                    span: Span) -> int:
    """Add every month's task × department table to the span (checking each shown cell); how many were named."""
    months = sorted({month_of(d) for d in DAYS})
    departments, tasks = (publications(_cells_by(atoms, axis), months, THROUGH, k=k, width=1) for axis in (0, 1))
    pairs: dict[date, dict[str, Cell]] = {}
    for (day, dep, task), users in atoms.items():
        pairs.setdefault(day, {})[task + SEP + dep] = Cell(users, (float(users.bit_count()),))
    named = 0
    for month in months:
        table = crosstab(tasks[month], departments[month], pairs, k=k, width=1)
        if table is None:
            continue
        days = [d for d in DAYS if month_of(d) == month]
        shown_of_row: dict = {}
        for (row, column), cell in table.named.items():
            full = {(d, dep, task) for d in days for dep in table.column_members[column]
                    for task in table.row_members[row]}
            assert cell.employees == _covered(atoms, full) >= k
            shown_of_row.setdefault(row, set()).update(full)
            span.add(full)
            named += 1
        for row, cell in table.rest.items():
            full = {(d, dep, task) for d in days for dep in names[0] for task in table.row_members[row]}
            full -= shown_of_row.get(row, set())
            assert cell.employees == _covered(atoms, full) >= k
            span.add(full)
    return named


@hsettings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32), k=st.integers(3, 5),
       departments=st.lists(st.integers(1, 25), min_size=2, max_size=5), tasks=st.integers(2, 4))
def test_task_by_department_tables_give_nothing_away(seed: int, k: int, departments: list[int], tasks: int) -> None:
    """The scenario report's comparison across departments, differenced against both breakdowns at every
    granularity (and against each other month's table): nothing small recoverable."""
    atoms = two_dimensions(seed, departments, tasks)
    names = ([f"dep{d}" for d in range(len(departments))], [f"task{t}" for t in range(tasks)])
    span = _both_breakdowns(atoms, names, k)
    _with_crosstabs(atoms, names, k, span)
    _attack_pairs(atoms, names, k, span)


@pytest.mark.parametrize("seed", range(3))
def test_task_by_department_tables_of_realistic_departments(seed: int) -> None:
    """Large and tiny departments: the large ones are compared, the tiny ones are not recoverable."""
    atoms = two_dimensions(seed, [40, 25, 12, 7, 3, 2, 1], 3)
    names = ([f"dep{d}" for d in range(7)], [f"task{t}" for t in range(3)])
    span = _both_breakdowns(atoms, names, 5)
    assert _with_crosstabs(atoms, names, 5, span) > 0, "something is compared"
    _attack_pairs(atoms, names, 5, span)


def _covered(atoms: dict[tuple[date, str, str], int], target) -> int:
    mask = 0
    for atom in target:
        mask |= atoms.get(atom, 0)
    return mask.bit_count()


def ratings_and_time(seed: int, departments: list[int], tasks: int) -> tuple[dict, dict]:
    """Atoms of ratings (day, department, "task:up"/"task:down") and of time answers (day, department, task).

    Every employee who says how much time an answer saved also rated it, but only some raters answer
    (and a keen few answer often): the time figures are about a smaller, different set of employees."""
    rng = random.Random(seed)
    rated: dict[tuple[date, str, str], int] = {}
    timed: dict[tuple[date, str, str], int] = {}
    for d, size in enumerate(departments):
        for i in range(size):
            user = USERS.mask([f"r{d}-{seed}-{i}"])
            rate, answers = rng.choice([0.05, 0.2, 0.5]), rng.choice([0.0, 0.0, 0.3, 0.9])
            for day in DAYS:
                if rng.random() < rate * (0.1 if day.weekday() >= 5 else 1):
                    task = f"task{rng.randrange(tasks)}"
                    key = (day, f"dep{d}", f"{task}:{'up' if rng.random() < 0.75 else 'down'}")
                    rated[key] = rated.get(key, 0) | user
                    if rng.random() < answers:
                        timed[(day, f"dep{d}", task)] = timed.get((day, f"dep{d}", task), 0) | user
    return rated, timed


@hsettings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**32), k=st.integers(3, 5),
       departments=st.lists(st.integers(1, 25), min_size=2, max_size=4), tasks=st.integers(2, 3))
def test_thumbs_and_time_saved_by_department_give_nothing_away(seed: int, k: int, departments: list[int],
                                                              tasks: int) -> None:
    """The scenario report's thumbs-up share and time saved, across departments and periods: the ratings
    and the time answers each released by task type (with thumbs), by department and as monthly cross
    tables, attacked at every granularity. No set of time answers of 1..k-1 employees is recoverable (so
    no mean of minutes stands for fewer than k people), nor any set of ratings."""
    rated, timed = ratings_and_time(seed, departments, tasks)
    deps = [f"dep{d}" for d in range(len(departments))]
    for atoms, rows in ((rated, [f"task{t}:{r}" for t in range(tasks) for r in ("up", "down")]),
                        (timed, [f"task{t}" for t in range(tasks)])):
        span = _both_breakdowns(atoms, (deps, rows), k)
        _with_crosstabs(atoms, (deps, rows), k, span)
        _attack_pairs(atoms, (deps, rows), k, span)


def test_time_answers_of_a_keen_few_are_never_a_figure() -> None:
    """Many raters, few who answer how much time was saved: wherever a time figure is shown, it covers k
    employees who answered (however many answers the few gave)."""
    _rated, timed = ratings_and_time(11, [40, 30, 8, 3], 3)
    for atoms_of, cell, label in released(_cells_by(timed, 1), 5):
        if label != "total":
            full = {(d, dep, task) for d, task in atoms_of for dep in ("dep0", "dep1", "dep2", "dep3")}
            assert cell.employees == _covered(timed, full) >= 5
    assert _with_crosstabs(timed, (["dep0", "dep1", "dep2", "dep3"], ["task0", "task1", "task2"]), 5, Span()) > 0
