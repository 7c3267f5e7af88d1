"""Usage statistics for administrators: the dashboard, CSV and JSON, all cut from the same anonymised figures."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from kkgpt.errors import InvalidInput
from kkgpt.usage.anonymity import Cell, Table
from kkgpt.usage.dimensions import DIMENSIONS, DimensionName
from kkgpt.usage.periods import Granularity, next_month
from kkgpt.usage.statistics import Figures, UsageStatistics
from kkgpt.web.deps import CurrentAdmin, ServicesDep, TemplatesDep
from kkgpt.web.formats import format_decimal, format_percent, format_period
from kkgpt.web.i18n import request_translator
from kkgpt.web.stats_panels import PANELS, group_label, panel

router = APIRouter()
MAX_BUCKETS = 400


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else date.fromisoformat("")
    except ValueError as exc:
        raise InvalidInput(f"{name} skal være en dato som ÅÅÅÅ-MM-DD.", code="invalid_date") from exc


def resolve(statistics: UsageStatistics, month: str | None, first: str | None, last: str | None,
            granularity: Granularity | None) -> tuple[date, date, Granularity]:
    """The days and granularity asked for. Only whole past days: `to` after yesterday means yesterday.

    With `month` (YYYY-MM, the monthly view kept from before) the month must be over; without anything,
    the last month that is over."""
    through = statistics.through()
    if month is not None or (first is None and last is None):
        try:
            start = date.fromisoformat(f"{month}-01") if month else (through + timedelta(days=1)).replace(day=1)
        except ValueError as exc:
            raise InvalidInput("Måneden skal skrives som ÅÅÅÅ-MM.", code="invalid_month") from exc
        if month is None:
            start = (start - timedelta(days=1)).replace(day=1)
        end = next_month(start) - timedelta(days=1)
        chosen = granularity or "month"
        if chosen == "month" and end > through:
            raise InvalidInput("Statistikken for en måned vises først, når måneden er slut.", code="month_not_closed")
        return start, end, chosen
    end = min(_day(last, "to") or through, through)
    start = _day(first, "from") or end - timedelta(days=27)
    if start > end:
        raise InvalidInput("Perioden skal starte før den slutter, og senest i går.", code="invalid_range")
    chosen = granularity or "day"
    if (end - start).days + 1 > MAX_BUCKETS * {"day": 1, "week": 7, "month": 31}[chosen]:
        raise InvalidInput("Perioden er for lang til den valgte opdeling.", code="range_too_long")
    return start, end, chosen


class StatsRow(BaseModel):
    """One shown figure: a group (null: the merged "other" groups) in one period, covering ≥ min_users."""

    period: str
    start: date
    end: date
    group: str | None
    merged_groups: int = Field(description="How many groups this row merges (1 for a named group).")
    users: int
    share_of_users: float | None = Field(
        default=None, description="This row's employees as a share of the period's (null for the total).")
    turns: int | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost_dkk: float | None = None
    masked_turns: int | None = Field(default=None, description="Answers to messages where something was masked.")
    ratings: int | None = None
    time_answers: int | None = Field(default=None, description="Ratings that said how much time was saved.")
    minutes_saved: int | None = Field(default=None, description="The minutes those answers stand for (estimated).")
    reasons: dict[str, int] | None = Field(default=None, description="Ratings that chose each reason chip.")
    refusals: int | None = None
    blocked: int | None = None
    acceptances: int | None = None


class StatsPeriod(BaseModel):
    """One calendar bucket; `total` is null when its figures may not be shown."""

    period: str
    start: date
    end: date
    shown: bool
    total: StatsRow | None
    acceptance_rate: float | None = Field(
        default=None, description="With by=accepted_guidelines: the share of the period's active employees who "
        "chatted under the current guidelines (so accepted them); null where that group is not shown.")


class StatsOut(BaseModel):
    """Anonymised usage in fixed calendar buckets; every row covers at least `min_users` employees."""

    dimension: str
    granularity: str
    from_: date = Field(alias="from")
    to: date
    through: date = Field(description="The last day that may be shown (yesterday).")
    department: str | None
    min_users: int
    metrics: list[str]
    periods: list[StatsPeriod]
    rows: list[StatsRow]
    period: str | None = Field(default=None, description="The month asked for with `month`, if any.")
    total: StatsRow | None = Field(default=None, description="The total of the only period, if there is one.")


def _row(bucket, group: str | None, cell: Cell, merged: int, metrics: tuple[str, ...],
         total: Cell | None = None) -> StatsRow:
    values: dict[str, Any] = {}
    for name, value in zip(metrics, cell.sums, strict=True):
        if name.startswith("reason_"):
            values.setdefault("reasons", {})[name.removeprefix("reason_")] = int(value)
        else:
            values[name] = round(value, 4) if name == "cost_dkk" else int(value)
    share = round(cell.employees / total.employees, 4) if total is not None and total.employees else None
    return StatsRow(period=bucket.label, start=bucket.first, end=bucket.last, group=group, merged_groups=merged,
                    users=cell.employees, share_of_users=share, **values)


def acceptance_rate(figures: Figures, table: Table | None, current: str | None) -> float | None:
    """The share of a period's active employees who chatted under the `current` guidelines (so accepted
    them): a ratio of two shown figures of the same breakdown, or None where the group is not shown."""
    if figures.dimension.name != "accepted_guidelines" or table is None or not current:
        return None
    cell = dict(table.rows).get(current)
    return cell.employees / table.total.employees if cell is not None and table.total.employees else None


def out(figures: Figures, month: str | None = None, guidelines: str | None = None) -> StatsOut:
    """The figures as the API's JSON (`guidelines`: the current version, for the acceptance rate)."""
    metrics = figures.dimension.metrics
    periods, rows = [], []
    for p in figures.periods:
        table: Table | None = p.table
        total = _row(p.bucket, None, table.total, 0, metrics) if table else None
        rate = acceptance_rate(figures, table, guidelines)
        periods.append(StatsPeriod(period=p.bucket.label, start=p.bucket.first, end=p.bucket.last,
                                   shown=table is not None, total=total,
                                   acceptance_rate=round(rate, 4) if rate is not None else None))
        if table is None:
            continue
        if figures.dimension.name != "none":
            rows += [_row(p.bucket, g, c, 1, metrics, table.total) for g, c in table.rows]
            if table.other is not None:
                rows.append(_row(p.bucket, None, table.other, table.other_groups, metrics, table.total))
    single = periods[0].total if len(periods) == 1 else None
    return StatsOut.model_validate({
        "dimension": figures.dimension.name, "granularity": figures.granularity, "from": figures.first,
        "to": figures.last, "through": figures.through, "department": figures.department,
        "min_users": figures.min_users, "metrics": list(metrics), "periods": periods, "rows": rows,
        "period": month, "total": single,
    })


Params = dict[str, Any]


async def _figures(services, month, first, last, granularity, by, department) -> tuple[Figures, Params]:
    start, end, chosen = resolve(services.statistics, month, first, last, granularity)
    department = department or None  # the form sends "" for all departments
    if department is not None and by not in ("none", "department"):
        raise InvalidInput("Med et filter på afdeling kan tallene ikke opdeles yderligere: opdelingen kunne "
                           "trækkes fra kommunens samlede tal.", code="department_breakdown")
    figures = await services.statistics.figures(by, start, end, chosen, department=department)
    return figures, {"from": start.isoformat(), "to": end.isoformat(), "granularity": chosen, "by": by,
                     "department": department or ""}


MonthQ = Annotated[str | None, Query(max_length=7, description="YYYY-MM: one month (must be over).")]
FromQ = Annotated[str | None, Query(alias="from", max_length=10, description="First day, YYYY-MM-DD.")]
ToQ = Annotated[str | None, Query(max_length=10, description="Last day, YYYY-MM-DD (at most yesterday).")]
DeptQ = Annotated[str | None, Query(max_length=200, description="Only this department (with by=none).")]


@router.get("/api/v1/admin/stats", response_model=StatsOut, response_model_by_alias=True, tags=["administration"])
async def stats_api(admin: CurrentAdmin, services: ServicesDep, month: MonthQ = None, from_: FromQ = None,
                    to: ToQ = None, granularity: Granularity | None = None, by: DimensionName = "department",
                    department: DeptQ = None) -> StatsOut:
    """Usage in fixed calendar buckets (`day`, `week`, `month`) over complete days; every figure ≥ k employees.

    Without parameters: the last month that is over. `month=YYYY-MM` gives one month; `from`/`to` any range
    of whole days up to yesterday (buckets that overlap it and are over)."""
    figures, _ = await _figures(services, month, from_, to, granularity, by, department)
    return out(figures, month, services.library.guidelines.version)


def _csv_cell(value: object) -> object:
    """A cell a spreadsheet will not run as a formula (department names come from outside)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


@router.get("/admin/stats.csv", include_in_schema=False)
async def stats_csv(request: Request, admin: CurrentAdmin, services: ServicesDep, month: MonthQ = None,
                    from_: FromQ = None, to: ToQ = None, granularity: Granularity | None = None,
                    by: DimensionName = "department", department: DeptQ = None) -> Response:
    """The same figures as the page and the API, as CSV for a (Danish) spreadsheet."""
    figures, params = await _figures(services, month, from_, to, granularity, by, department)
    t = request_translator(request)
    lang = getattr(request.state, "language", "da")
    metrics = figures.dimension.metrics
    out_ = io.StringIO()
    writer = csv.writer(out_, delimiter=";")
    writer.writerow([t("stats.period"), t(f"stats.by.{figures.dimension.name}"), t("stats.users"),
                     t("stats.merged_groups"), *(t(f"stats.metric.{m}") for m in metrics), t("stats.share_of_users")])
    for p in figures.periods:
        if p.table is None:
            writer.writerow([format_period(p.bucket, lang), t("stats.hidden_short", k=figures.min_users)])
            continue
        rows = [(group_label(figures.dimension.name, g, t), c, 1) for g, c in p.table.rows]
        if p.table.other is not None:
            rows.append((t("stats.other"), p.table.other, p.table.other_groups))
        rows.append((t("stats.total"), p.table.total, 0))
        for label, cell, merged in rows:
            values = [format_decimal(v, lang) if m == "cost_dkk" else int(v) for m, v in zip(metrics, cell.sums,
                                                                                          strict=True)]
            share = format_percent(cell.employees, p.table.total.employees, lang) if cell is not p.table.total else ""
            writer.writerow([format_period(p.bucket, lang), _csv_cell(label), cell.employees, merged, *values, share])
    name = f"kkgpt-brug-{params['from']}-{params['to']}-{params['granularity']}-{figures.dimension.name}.csv"
    return Response(out_.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/admin/stats", include_in_schema=False)
async def stats_page(request: Request, admin: CurrentAdmin, services: ServicesDep, templates: TemplatesDep,
                     month: MonthQ = None, from_: FromQ = None, to: ToQ = None,
                     granularity: Granularity | None = None, by: DimensionName = "department",
                     department: DeptQ = None) -> Response:
    """The dashboard: charts with data tables for the chosen period, granularity and department."""
    figures, params = await _figures(services, month, from_, to, granularity, by, department)
    t = request_translator(request)
    lang = getattr(request.state, "language", "da")
    first, last, chosen = figures.first, figures.last, figures.granularity
    main = panel("main", figures, t, lang)
    overall = figures if department or by == "none" else await services.statistics.figures("none", first, last, chosen)
    activity = panel("activity", overall, t, lang, metric=-1, title=t("stats.panel.activity"))
    cost = panel("cost", overall, t, lang, metric=3, title=t("stats.panel.cost"))
    extra = []
    if not department:
        current = services.library.guidelines.version
        for name in PANELS:
            if name != by:
                found = await services.statistics.figures(name, first, last, chosen)
                if name == "accepted_guidelines":  # employees, and the current version's share of them
                    extra.append(panel(name, found, t, lang, metric=-1, share_of=(
                        current, t("stats.acceptance_rate", version=current[:12]))))
                else:
                    extra.append(panel(name, found, t, lang))
    departments = await services.statistics.named("department", first, last, chosen)
    return templates.response(request, "admin_stats.html", figures=figures, params=params, main=main,
                              activity=activity, cost=cost, extra=extra, dimensions=[d for d in DIMENSIONS], departments=departments,
                              granularities=("day", "week", "month"))

