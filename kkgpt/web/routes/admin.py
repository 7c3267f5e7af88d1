"""Administration: the start page and anonymised usage statistics (page, CSV and JSON)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from kkgpt.db.models import utcnow
from kkgpt.errors import InvalidInput
from kkgpt.usage.statistics import DIMENSIONS, NONE, OTHER, GroupRow, Report, month_bounds
from kkgpt.web.deps import CurrentAdmin, ServicesDep, TemplatesDep
from kkgpt.web.i18n import request_translator

router = APIRouter()
Dimension = Literal["department", "task_category", "model"]


@router.get("/admin", include_in_schema=False)
async def admin_home(request: Request, admin: CurrentAdmin, services: ServicesDep,
                     templates: TemplatesDep) -> Response:
    """What needs an administrator's attention."""
    pending = await services.tips.list("pending")
    return templates.response(request, "admin.html", pending_count=len(pending),
                              guideline_version=services.library.guidelines.version,
                              assistant_count=len(services.library.assistants))


def _last_closed_month() -> str:
    first_of_this_month = utcnow().replace(day=1)
    return (first_of_this_month - timedelta(days=1)).strftime("%Y-%m")


def _period(month: str | None) -> str:
    """The month asked for (`YYYY-MM`), which must be over: live figures could be compared over time
    ("one more sensitive topic since 9:00") to point at whoever was working; a closed month cannot."""
    period = month or _last_closed_month()
    try:
        _, end = month_bounds(period)
    except ValueError as exc:
        raise InvalidInput("Måneden skal skrives som ÅÅÅÅ-MM.", code="invalid_month") from exc
    if end > utcnow():
        raise InvalidInput("Statistikken for en måned vises først, når måneden er slut.", code="month_not_closed")
    return period


def _csv_cell(value: object) -> object:
    """A cell a spreadsheet will not run as a formula (department names come from outside)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def row_label(row: GroupRow, dimension: str, t) -> str:
    """A row's label for people: task categories translated, merged and empty groups explained."""
    if row.label == OTHER:
        return t("stats.other", count=row.merged_groups)
    if row.label == NONE:
        return t("stats.none." + dimension)
    if dimension == "task_category":
        return t("task." + row.label)
    return row.label


@router.get("/admin/stats", include_in_schema=False)
async def stats_page(request: Request, admin: CurrentAdmin, services: ServicesDep, templates: TemplatesDep,
                     month: str | None = None, by: Dimension = "department") -> Response:
    """Monthly usage by department, task or model; every figure covers enough employees."""
    period = _period(month)
    report = await services.statistics.report(by, period)
    closed = _last_closed_month()
    months = sorted({m for m in await services.statistics.months() if m <= closed} | {period}, reverse=True)
    return templates.response(request, "admin_stats.html", report=report, months=months, dimensions=DIMENSIONS,
                              feedback=await services.statistics.feedback(period), label=row_label)


@router.get("/admin/stats.csv", include_in_schema=False)
async def stats_csv(request: Request, admin: CurrentAdmin, services: ServicesDep, month: str | None = None,
                    by: Dimension = "department") -> Response:
    """The same figures as the page, as CSV for a spreadsheet."""
    report = await services.statistics.report(by, _period(month))
    t = request_translator(request)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([t(f"stats.by.{by}"), t("stats.users"), t("stats.turns"), t("stats.errors"),
                     t("stats.input_tokens"), t("stats.output_tokens"), t("stats.with_pii"), t("stats.with_special")])
    for row in [*report.rows, *([report.total] if report.total else [])]:
        label = t("stats.total") if row is report.total else row_label(row, by, t)
        c = row.counts
        writer.writerow([_csv_cell(label), row.users, c.turns, c.errors, c.input_tokens, c.output_tokens,
                         c.with_pii, c.with_special])
    filename = f"kkgpt-brug-{report.period}-{by}.csv"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


class StatsRow(BaseModel):
    """One group; `group` is null for merged small groups ("other")."""

    group: str | None
    merged_groups: int
    users: int
    turns: int
    errors: int
    input_tokens: int
    output_tokens: int
    turns_with_pii: int
    turns_with_special_categories: int


class StatsOut(BaseModel):
    """Anonymised usage for one month; rows cover at least `min_users` employees each."""

    period: str
    dimension: str
    min_users: int
    rows: list[StatsRow]
    total: StatsRow | None


def _row(row: GroupRow) -> StatsRow:
    c = row.counts
    group = None if row.label == OTHER else ("" if row.label == NONE else row.label)
    return StatsRow(group=group, merged_groups=row.merged_groups, users=row.users, turns=c.turns, errors=c.errors,
                    input_tokens=c.input_tokens, output_tokens=c.output_tokens, turns_with_pii=c.with_pii,
                    turns_with_special_categories=c.with_special)


def _out(report: Report) -> StatsOut:
    return StatsOut(period=report.period, dimension=report.dimension, min_users=report.min_users,
                    rows=[_row(r) for r in report.rows], total=_row(report.total) if report.total else None)


@router.get("/api/v1/admin/stats", response_model=StatsOut, tags=["administration"])
async def stats_api(admin: CurrentAdmin, services: ServicesDep, month: str | None = None,
                    by: Dimension = "department") -> StatsOut:
    """Monthly usage statistics for administrators (`month` as YYYY-MM, default this month)."""
    return _out(await services.statistics.report(by, _period(month)))
