"""Use scenarios under test: a report per task assistant, and marking an assistant as a trial."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from kkgpt.errors import InvalidInput, NotFound
from kkgpt.guidelines.loader import Assistant
from kkgpt.usage.periods import Bucket, Granularity, buckets
from kkgpt.usage.scenarios import (
    Comparison,
    DepartmentFigures,
    ScenarioMonth,
    Trial,
    department_comparison,
    scenario_figures,
    scenario_months,
    task_compared,
)
from kkgpt.web.deps import CurrentAdmin, ServicesDep, TemplatesDep
from kkgpt.web.routes.admin_stats import FromQ, ToQ, _day

router = APIRouter()
KeyPath = Annotated[str, Path(max_length=64)]


@dataclass(frozen=True)
class Scenario:
    """One assistant's report."""

    assistant: Assistant
    trial: Trial | None
    months: list[ScenarioMonth]
    tips: int
    # Each month of the range across departments: (month, rows or None where no department may be shown
    # on its own, whether the task type was shown on its own that month).
    departments: list[tuple[Bucket, list[DepartmentFigures] | None, bool]] = field(default_factory=list)


@router.get("/admin/scenarios", include_in_schema=False)
async def scenarios_page(request: Request, admin: CurrentAdmin, services: ServicesDep, templates: TemplatesDep,
                         from_: FromQ = None, to: ToQ = None, granularity: Granularity = "month") -> Response:
    """Per task assistant and bucket (month, week or day): employees, answers, shares, time saved; each
    month of the range compared across departments; trials marked."""
    through = services.statistics.through()
    # By default the last three months that are over (a scenario report compares whole months).
    last_month_end = through if (through + timedelta(days=1)).day == 1 else through.replace(day=1) - timedelta(days=1)
    last = min(_day(to, "to") or last_month_end, through)
    first = _day(from_, "from") or (last.replace(day=1) - timedelta(days=62)).replace(day=1)
    if first > last:
        raise InvalidInput("Perioden skal starte før den slutter, og senest i går.", code="invalid_range")
    trials = await services.trials.all()
    published = [tip.text.lower() for tip in await services.tips.list("published", limit=1000)]
    figures = await scenario_figures(services.statistics, first, last, granularity)
    # Departments are compared in every whole month of the range (three cross tables per month, shared by
    # every assistant); never per week or day: a department's month could be differenced against them.
    months = buckets(first, last, "month", through=through)
    tables = [await services.statistics.crosstabs([m.first for m in months], source)
              for source in ("turns", "feedback", "time_saved")]
    compared = {m.first: Comparison(*(t[m.first] for t in tables)) for m in months}
    scenarios = []
    for assistant in services.library.assistants.values():
        category = assistant.category
        departments = [(m, department_comparison(compared[m.first], category),
                        task_compared(compared[m.first], category)) for m in months]
        # A tip mentions a scenario by its name or by its short key ("klart-sprog": "klart sprog").
        names = {assistant.name.lower(), assistant.name_en.lower(), assistant.key.replace("-", " ").lower()}
        tips = sum(1 for text in published if any(name in text for name in names))
        scenarios.append(Scenario(assistant, trials.get(assistant.key), scenario_months(figures, category), tips,
                                  departments))
    return templates.response(request, "admin_scenarios.html", scenarios=scenarios, first=first, last=last,
                              through=through, k=services.statistics.min_users, granularity=granularity,
                              granularities=("day", "week", "month"))


@router.post("/admin/scenarios/{key}/trial", include_in_schema=False)
async def mark_trial(key: KeyPath, admin: CurrentAdmin, services: ServicesDep,
                     action: Annotated[Literal["save", "clear"], Form()] = "save",
                     starts_on: Annotated[str | None, Form(max_length=10)] = None,
                     ends_on: Annotated[str | None, Form(max_length=10)] = None) -> Response:
    """Mark an assistant as a trial from one day to another, or end the marking."""
    if key not in services.library.assistants:
        raise NotFound("Opgavetypen findes ikke.")
    if action == "clear":
        await services.trials.clear(key)
    else:
        start, end = _day(starts_on, "starts_on"), _day(ends_on, "ends_on")
        if start is None or end is None:
            raise InvalidInput("Angiv både start- og slutdato for forsøget.", code="invalid_trial")
        await services.trials.mark(key, start, end)
    return RedirectResponse("/admin/scenarios", status_code=303)


