"""The colour theme: follow the system setting, or light or dark as the employee chose in this browser."""

from __future__ import annotations

from typing import Literal, get_args

Theme = Literal["system", "light", "dark"]
THEMES: tuple[Theme, ...] = get_args(Theme)
#: A cookie, not localStorage: the server writes the choice into the page, so it applies before the first
#: paint without a script, and logging out (Clear-Site-Data: "storage") keeps it, as it keeps the language.
THEME_COOKIE = "kkgpt_theme"


def pick_theme(cookie: str | None) -> Theme:
    """The theme the cookie names, or following the system setting."""
    return cookie if cookie in THEMES else "system"  # type: ignore[return-value]


def color_scheme(theme: Theme) -> str:
    """The `color-scheme` a page declares: which look the browser's own controls and canvas may take."""
    return {"system": "light dark", "light": "light", "dark": "dark"}[theme]
