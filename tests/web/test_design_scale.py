"""app.css keeps to its design scales: every spacing, font size and corner is one of the named steps, so a
page cannot drift into ad-hoc values (README, "Design system")."""

from __future__ import annotations

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "kkgpt" / "web" / "static" / "app.css").read_text(
    encoding="utf-8"
)
RULES = re.sub(r"/\*.*?\*/", "", CSS, flags=re.DOTALL)
ROOT = RULES[RULES.index(":root {") : RULES.index("}", RULES.index(":root {"))]


def _declarations(properties: str) -> list[tuple[str, str, str]]:
    """(selector, property, value) for each declaration of the properties outside the :root block."""
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", RULES):
        if selector.strip() == ":root":
            continue
        for prop, value in re.findall(rf"(?<![\w-])({properties}):\s*([^;]+)", body):
            found.append((selector.strip(), prop, value.strip()))
    return found


def _steps(prefix: str) -> dict[str, float]:
    return {name: float(value) for name, value in re.findall(rf"--({prefix}-[\w]+):\s*([\d.]+)rem", ROOT)}


def test_the_scales_are_declared_and_grow_step_by_step() -> None:
    for prefix in ("space", "text"):
        values = list(_steps(prefix).values())
        assert len(values) >= 6 and values == sorted(values) and len(set(values)) == len(values), prefix


def _is_spacing(value: str) -> bool:
    for number, unit in re.findall(r"(?<![\w(-])(\d*\.?\d+)(rem|px)\b", value):
        # A hairline nudge (a pill's top padding, a negative margin of 1px) is not spacing.
        if not ((unit == "rem" and float(number) <= 0.15) or (unit == "px" and float(number) <= 2)):
            return False
    return True


def test_spacing_comes_from_the_scale() -> None:
    spacing = _declarations(r"(?:padding|margin|gap|row-gap|column-gap)(?:-(?:top|bottom|left|right))?")
    assert len(spacing) > 150  # the parser saw the stylesheet
    assert [d for d in spacing if not _is_spacing(d[2])] == []


def test_font_sizes_come_from_the_type_scale() -> None:
    # em keeps a size relative to its text (inline code, placeholders); the chart's labels are sized in the
    # SVG's own units, which scale with the drawing.
    sizes = _declarations("font-size")
    assert len(sizes) > 40
    assert [
        d
        for d in sizes
        if not re.fullmatch(r"var\(--text-\w+\)|\d*\.?\d+em|inherit", d[2]) and d[0] != ".chart text"
    ] == []


def test_corners_come_from_the_radius_steps() -> None:
    corners = _declarations("border-radius")
    assert len(corners) > 30
    assert [
        d
        for d in corners
        if not all(re.fullmatch(r"var\(--radius(-\w+)?\)|0|50%", part) for part in d[2].split())
    ] == []


def test_every_scale_variable_used_is_declared() -> None:
    declared = set(re.findall(r"(--(?:space|text|radius)[\w-]*):", ROOT))
    used = set(re.findall(r"var\((--(?:space|text|radius)[\w-]*)\)", RULES))
    assert used <= declared, used - declared
