"""Server-side SVG charts: the geometry of a stacked bar chart, drawn by `templates/_chart.html`.

No chart library and no script: the page works without JavaScript, prints, and every chart is followed
by a table with the same figures for screen readers. Buckets whose figures may not be shown are drawn
as an outlined gap marked "< k", never as zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The colours are the stylesheet's (--chart-1 … --chart-8, --chart-other: Okabe-Ito, told apart with the common
# colour-vision deficiencies, its orange and sky blue darkened to 3:1 on white, with a lighter eighth in the dark
# theme); a segment names its colour by class.
PALETTE_SIZE = 8
OTHER_COLOUR = "chart__fill--other"


def _colour(index: int) -> str:
    return f"chart__fill--{index % PALETTE_SIZE + 1}"
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 260, 56, 36, 12


@dataclass(frozen=True)
class Segment:
    """One coloured piece of a bar."""

    x: float
    y: float
    width: float
    height: float
    colour: str  # a class, `chart__fill--N`
    title: str


@dataclass(frozen=True)
class Chart:
    """Everything `_chart.html` needs to draw one chart."""

    id: str
    title: str
    description: str
    width: int
    height: int
    segments: list[Segment]
    gaps: list[tuple[float, float, float]]  # x, width, y of the "< k" marker
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    legend: list[tuple[str, str]]  # colour class, series name
    baseline: float
    left: int


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def stacked_bars(
    chart_id: str,
    title: str,
    description: str,
    columns: Sequence[tuple[str, list[tuple[str, float]] | None]],
    *,
    series: Sequence[str],
    other: str | None,
    number: Callable[[float], str],
) -> Chart:
    """A chart with one bar per column (bucket), stacked by series in the order given.

    `columns` holds (label, [(series, value), ...]) or (label, None) for a bucket not shown."""
    colours = {name: _colour(i) for i, name in enumerate(s for s in series if s != other)}
    if other is not None:
        colours[other] = OTHER_COLOUR
    top = _nice_ceiling(max((sum(v for _, v in parts) for _, parts in columns if parts), default=0))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / max(len(columns), 1)
    bar_w = max(step * 0.72, 1.5)
    segments, gaps, x_labels = [], [], []
    every = max(1, math.ceil(len(columns) / 14))  # at most ~14 labels on the axis
    for i, (label, parts) in enumerate(columns):
        x = LEFT + i * step + (step - bar_w) / 2
        if i % every == 0:
            x_labels.append((x + bar_w / 2, label))
        if parts is None:
            gaps.append((x, bar_w, TOP + plot_h - 14))
            continue
        y = TOP + plot_h
        for name, value in parts:
            height = plot_h * value / top
            y -= height
            segments.append(Segment(round(x, 1), round(y, 1), round(bar_w, 1), round(height, 1), colours[name],
                                    f"{label}: {name} {number(value)}"))
    ticks = [(TOP + plot_h - plot_h * f, number(top * f)) for f in (0, 0.25, 0.5, 0.75, 1)]
    legend = [(colours[name], name) for name in series if name in colours] if len(series) > 1 else []
    return Chart(chart_id, title, description, WIDTH, HEIGHT, segments, gaps, ticks, x_labels, legend,
                 TOP + plot_h, LEFT)
