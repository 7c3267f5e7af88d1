"""Jinja2 templates: pages extend `base.html`; an htmx request can get just one block of a page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from kkgpt.web.assets import CDN_ASSETS
from kkgpt.web.formats import format_date, format_decimal, format_number, format_percent, format_period
from kkgpt.web.i18n import request_entities, request_translator
from kkgpt.web.markdown import MarkdownRenderer
from kkgpt.web.placeholders import labelled, labelled_html, readable
from kkgpt.web.theme import THEME_COOKIE, THEMES, color_scheme, pick_theme


@pass_context
def _placeholders(context: Any, text: str) -> Markup:
    """Stored scrubbed text with its placeholders as styled labels in the page's language."""
    return labelled(text, request_entities(context["request"]), context["lang"])


@pass_context
def _placeholders_html(context: Any, html: Markup) -> Markup:
    """Rendered HTML (an answer) with the placeholders left in it as styled labels in the page's language."""
    return labelled_html(html, request_entities(context["request"]), context["lang"])


@pass_context
def _placeholders_text(context: Any, text: str) -> str:
    """Stored scrubbed text with its placeholders as plain labels (for attributes)."""
    return readable(text, request_entities(context["request"]), context["lang"])


class Templates:
    """Renders pages and fragments with the employee's language and the pinned CDN assets."""

    def __init__(self, directory: Path, *, asset_base_url: str | None, markdown: MarkdownRenderer) -> None:
        self.env = Environment(
            loader=FileSystemLoader(directory),
            autoescape=select_autoescape(("html",), default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["cdn"] = {asset.package: asset for asset in CDN_ASSETS}
        self.env.globals["asset_base_url"] = asset_base_url
        self.env.filters["markdown"] = markdown.render
        self.env.filters["number"] = format_number
        self.env.filters["decimal"] = format_decimal
        self.env.filters["percent"] = format_percent
        self.env.filters["period"] = format_period
        self.env.filters["date"] = format_date
        self.env.filters["placeholders"] = _placeholders
        self.env.filters["placeholders_text"] = _placeholders_text
        self.env.filters["placeholders_html"] = _placeholders_html
        self.markdown = markdown

    def context(self, request: Request, values: dict[str, Any]) -> dict[str, Any]:
        """The values every template gets: request, language, theme, `t` and the logged-in user (if any)."""
        language = getattr(request.state, "language", "da")
        theme = pick_theme(request.cookies.get(THEME_COOKIE))
        return {
            "request": request,
            "lang": language,
            "theme": theme,
            "themes": THEMES,
            "color_scheme": color_scheme(theme),
            "t": request_translator(request),
            "user": getattr(request.state, "user", None),
            **values,
        }

    def render_string(self, request: Request, name: str, /, *, block: str | None = None, **values: Any) -> str:
        """A template (or one of its blocks) as a string."""
        template = self.env.get_template(name)
        context = self.context(request, values)
        if block is None:
            return template.render(context)
        return "".join(template.blocks[block](template.new_context(context)))

    def response(
        self,
        request: Request,
        name: str,
        /,
        *,
        block: str | None = None,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
        **values: Any,
    ) -> HTMLResponse:
        """An HTML response; htmx requests asking for `block` get only that block."""
        html = self.render_string(request, name, block=block, **values)
        return HTMLResponse(html, status_code=status_code, headers=headers)
