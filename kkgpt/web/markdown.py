"""Markdown to safe HTML: markdown-it with raw HTML off, then an allow-list sanitiser (nh3).

Links in answers are not clickable: a model can be talked into writing a link whose address carries the
personal data restored into the answer (prompt injection in a pasted document), and one click would send
it away. The link text is shown with its address beside it, so nothing is hidden and nothing is sent.
"""

from __future__ import annotations

from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "span",
}
_ATTRIBUTES = {"code": {"class"}, "ol": {"start"}, "span": {"class"}}


def _link_open(renderer: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    env.setdefault("links", []).append(tokens[idx])
    return ""


def _link_close(renderer: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    opened = env["links"].pop()
    href = opened.attrGet("href") or ""
    if opened.markup == "autolink" or not href:
        return ""  # the address is already the visible text
    return f' <span class="link-address">({escape(href)})</span>'


def _image(renderer: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    image = tokens[idx]
    alt = renderer.renderInlineAsText(image.children or [], options, env)
    return f'{escape(alt)} <span class="link-address">({escape(image.attrGet("src") or "")})</span>'


class MarkdownRenderer:
    """Renders untrusted Markdown (model answers) into HTML that cannot run, load or send anything."""

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(["table", "strikethrough"])
        self._md.add_render_rule("image", _image)
        self._md.add_render_rule("link_open", _link_open)
        self._md.add_render_rule("link_close", _link_close)

    def render(self, text: str) -> Markup:
        """Sanitised HTML for `text`: formatting kept, no links, images, scripts or styles."""
        html = self._md.render(text, {})
        clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set())
        # Code blocks and tables scroll sideways when wide; keyboard users must be able to reach them.
        clean = clean.replace("<pre>", '<pre tabindex="0">').replace("<table>", '<table tabindex="0">')
        return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
