"""The dashboard's panels: a chart and a data table per question, built from anonymised `Figures`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kkgpt.usage.anonymity import Cell
from kkgpt.usage.statistics import Figures
from kkgpt.web.charts import Chart, stacked_bars
from kkgpt.web.formats import format_decimal, format_number, format_percent, format_period

#: The panels below the chosen breakdown, in order: who uses it, what for, and the shield's signals.
PANELS = ("task_category", "model", "entity_type", "special_category", "feedback", "time_saved", "blocked",
          "status", "refusal", "accepted_guidelines", "guidelines")


def group_label(dimension: str, group: str, t: Callable[..., str]) -> str:
    """A group's name for people: task types, kinds of data and outcomes translated."""
    if dimension in ("task_category", "blocked_task", "time_saved"):
        return t("task." + group) if group else t("stats.none.task_category")
    if dimension in ("entity_type", "blocked"):
        if not group:
            return t("stats.none.entity_type")
        names = [t("pii.type." + g) if not g.islower() else t("special." + g) for g in group.split(",")]
        return " + ".join(names)
    if dimension == "special_category":
        return " + ".join(t("special." + g) for g in group.split(",")) if group else t("stats.none.special")
    if dimension == "feedback":
        task, _, rating = group.rpartition(":")
        return f"{group_label('task_category', task, t)} – {t('feedback.' + rating)}"
    if dimension == "status" and group not in ("complete", "error", "stopped"):
        return t("stats.status.error_kind", kind=t(f"stats.error.{group}"))
    if dimension in ("status", "refusal"):
        return t(f"stats.{dimension}.{group}")
    if dimension == "model":
        return group or t("stats.none.model")
    if dimension == "department":
        return group or t("stats.none.department")
    if dimension in ("guidelines", "accepted_guidelines"):
        return t("stats.guidelines_version", version=group[:12]) if group else t("stats.none.guidelines")
    return t("stats.total")


@dataclass(frozen=True)
class PanelRow:
    """One bucket in a panel's table: a value per series (None: not shown in that bucket)."""

    period: str
    shown: bool
    values: list[str | None]
    total: str | None
    employees: str | None
    share: str | None = None  # the highlighted group's share of the period's employees (`panel(share_of=)`)


@dataclass(frozen=True)
class DetailRow:
    """One group in one bucket, with every figure (the main breakdown's table)."""

    period: str
    label: str
    employees: str
    figures: list[str]
    is_other: bool
    is_total: bool


@dataclass(frozen=True)
class Panel:
    """A chart with its data table."""

    id: str
    title: str
    dimension: str
    chart: Chart
    series: list[str]
    rows: list[PanelRow]
    details: list[DetailRow]
    metrics: tuple[str, ...]
    empty: bool
    share_title: str | None = None


def _value(cell: Cell, metric: int) -> float:
    return cell.employees if metric < 0 else cell.sums[metric]


def panel(pid: str, figures: Figures, t: Callable[..., str], lang: str, *, metric: int = 0,
          title: str | None = None, share_of: tuple[str, str] | None = None) -> Panel:
    """A panel for one dimension: a stacked bar per bucket and its table (metric -1: employees).

    `share_of` (group, column title) adds a column: that group's employees as a share of the period's,
    where the group is shown on its own (the acceptance rate: the current guidelines' group)."""
    dim = figures.dimension.name
    k = figures.min_users
    other = t("stats.other")
    number = (lambda v: format_decimal(v, lang)) if figures.dimension.metrics[metric:metric + 1] == ("cost_dkk",) \
        else (lambda v: format_number(v, lang))
    order: dict[str, float] = {}
    for p in figures.periods:
        if p.table is not None:
            for group, cell in p.table.rows:
                order[group] = order.get(group, 0) + _value(cell, metric)
    groups = sorted(order, key=lambda g: -order[g]) if dim != "none" else []
    labels = {g: group_label(dim, g, t) for g in groups}
    has_other = any(p.table is not None and p.table.other is not None for p in figures.periods) and dim != "none"
    series = [labels[g] for g in groups] + ([other] if has_other else [])
    columns, rows, details = [], [], []
    for p in figures.periods:
        name = format_period(p.bucket, lang)
        short = format_period(p.bucket, lang, short=True)
        table = p.table
        if table is None:
            columns.append((short, None))
            rows.append(PanelRow(name, False, [None] * len(series), None, None))
            continue
        if dim == "none":
            parts = [(t("stats.total"), _value(table.total, metric))]
        else:
            cells = dict(table.rows)
            parts = [(labels[g], _value(cells[g], metric)) for g in groups if g in cells]
            if table.other is not None:
                parts.append((other, _value(table.other, metric)))
        columns.append((short, parts))
        shown = dict(parts)
        highlighted = dict(table.rows).get(share_of[0]) if share_of else None
        share = format_percent(highlighted.employees, table.total.employees, lang) if highlighted else None
        rows.append(PanelRow(name, True, [number(shown[s]) if s in shown else None for s in series],
                             number(_value(table.total, metric)), format_number(table.total.employees, lang),
                             share))
        entries = [(labels.get(g, g), c, False) for g, c in table.rows] if dim != "none" else []
        if table.other is not None and dim != "none":
            entries.append((t("stats.other_n", count=table.other_groups), table.other, True))
        for label, cell, is_other in [*entries, (t("stats.total"), table.total, False)]:
            details.append(DetailRow(name, label, format_number(cell.employees, lang),
                                     [format_decimal(v, lang) if m == "cost_dkk" else format_number(v, lang)
                                      for m, v in zip(figures.dimension.metrics, cell.sums, strict=True)],
                                     is_other, label == t("stats.total") and cell is table.total))
    heading = title or t(f"stats.panel.{dim}")
    chart = stacked_bars(f"chart-{pid}", heading, t("stats.chart_desc", k=k), columns,
                         series=series or [t("stats.total")], other=other if has_other else None, number=number)
    return Panel(pid, heading, dim, chart, series or [t("stats.total")], rows, details,
                 figures.dimension.metrics, empty=not any(r.shown for r in rows),
                 share_title=share_of[1] if share_of else None)
