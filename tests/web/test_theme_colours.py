"""The stylesheet's two themes, read from app.css: both dark blocks agree, and every pair of text and background
colours the stylesheet uses meets WCAG AA in both themes, including states axe never sees on a page
(hover, errors, the toast, the danger button's hover)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "kkgpt" / "web" / "static" / "app.css").read_text(encoding="utf-8")


def _variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", block))


def _block(opening: str) -> str:
    start = CSS.index(opening) + len(opening)
    return CSS[start:CSS.index("}", start)]


LIGHT = _variables(_block(":root {"))
DARK_BY_SYSTEM = _variables(_block('@media (prefers-color-scheme: dark) {\n  :root:not([data-theme="light"]) {'))
DARK_BY_CHOICE = _variables(_block(':root[data-theme="dark"] {'))
THEMES = {"light": LIGHT, "dark": {**LIGHT, **DARK_BY_CHOICE}}


def _luminance(colour: str) -> float:
    hex_digits = colour.strip().lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


#: (text, background) as the stylesheet pairs them; large or bold-only pairs are still held to 4.5.
TEXT_PAIRS = [
    ("ink", "white"), ("ink", "panel"), ("ink", "blue-light"), ("ink", "mark"), ("ink", "amber-light"),
    ("muted", "white"), ("muted", "panel"), ("muted", "blue-light"),
    ("blue", "white"), ("blue", "panel"), ("blue", "blue-light"), ("blue-dark", "blue-light"), ("blue-dark", "mark"),
    ("white", "blue"), ("white", "blue-dark"), ("white", "red"), ("white", "red-dark"),
    ("red", "red-light"), ("red", "white"), ("amber", "amber-light"), ("green", "green-light"), ("green", "white"),
]


def test_the_dark_theme_is_the_same_whether_the_system_or_the_employee_chose_it() -> None:
    assert DARK_BY_SYSTEM == DARK_BY_CHOICE
    assert set(DARK_BY_CHOICE) <= set(LIGHT), "a dark value for a variable the light theme lacks"
    for colours in THEMES.values():  # every variable is a colour of its own, never one pointing at another
        assert all(re.fullmatch(r"#[0-9a-f]{3}([0-9a-f]{3})?", colours[f"--{name}"]) for name in
                   {t for pair in TEXT_PAIRS for t in pair} | {"control", "line", "focus"})


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS, ids=[f"{t}-on-{b}" for t, b in TEXT_PAIRS])
def test_text_colours_meet_aa_in_both_themes(theme, text, background) -> None:
    colours = THEMES[theme]
    assert contrast(colours[f"--{text}"], colours[f"--{background}"]) >= 4.5


#: Field borders next to the page background: 3:1 for graphics (WCAG 1.4.11).
def test_field_borders_stand_out_in_both_themes() -> None:
    for colours in THEMES.values():
        assert contrast(colours["--control"], colours["--white"]) >= 3


#: Every chart bar and legend swatch stands out from the page it is drawn on, in both themes: 3:1 for graphics
#: (WCAG 1.4.11). Every chart is also followed by a table with its figures.
CHART_COLOURS = [f"chart-{n}" for n in range(1, 9)] + ["chart-other"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("bar", CHART_COLOURS)
def test_chart_colours_stand_out_from_the_page_in_both_themes(theme, bar) -> None:
    colours = THEMES[theme]
    assert contrast(colours[f"--{bar}"], colours["--white"]) >= 3


def test_every_chart_colour_the_stylesheet_draws_is_checked() -> None:
    drawn = set(re.findall(r"\.chart__fill--([\w-]+)\s*\{\s*fill:\s*var\(--(chart-[\w-]+)\)", CSS))
    assert drawn and {colour for _, colour in drawn} == set(CHART_COLOURS)
