"""Markdown to safe HTML: markdown-it with raw HTML off, then an allow-list sanitiser (nh3)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "a",
}
_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "ol": {"start"}}


class MarkdownRenderer:
    """Renders untrusted Markdown (model answers) into HTML that cannot run anything."""

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(["table", "strikethrough"])

    def render(self, text: str) -> Markup:
        """Sanitised HTML for `text`; links get rel=noopener and only http(s)/mailto URLs survive."""
        html = self._md.render(text)
        clean = nh3.clean(
            html,
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
        # Code blocks and tables scroll sideways when wide; keyboard users must be able to reach them.
        clean = clean.replace("<pre>", '<pre tabindex="0">').replace("<table>", '<table tabindex="0">')
        return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
