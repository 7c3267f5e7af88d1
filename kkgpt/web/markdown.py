"""Markdown to safe HTML: markdown-it with raw HTML off, then an allow-list sanitiser (nh3).

Links in answers are not clickable: a model can be talked into writing a link whose address carries the
personal data restored into the answer (prompt injection in a pasted document), and one click would send
it away. The link text is shown with its address beside it, so nothing is hidden and nothing is sent.
"""

from __future__ import annotations

import re
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


# Prose that Markdown leaves as it is: letters, digits, spaces and punctuation with no meaning in Markdown
# or HTML, on one line. It must start with a letter (a digit may start a list, a space indented code).
_PLAIN = re.compile(r"(?:[^\W_]|[ ,.;:?!'\"()%/-])+")


class MarkdownRenderer:
    """Renders untrusted Markdown (model answers) into HTML that cannot run, load or send anything."""

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(["table", "strikethrough"])
        self._md.add_render_rule("image", _image)
        self._md.add_render_rule("link_open", _link_open)
        self._md.add_render_rule("link_close", _link_close)

    def render(self, text: str) -> Markup:
        """Sanitised HTML for `text`: formatting kept, no links, images, scripts or styles.

        One paragraph of plain prose (most of a streamed answer's updates) is wrapped in `<p>` without
        the parser and the sanitiser: it comes out byte for byte as they would make it, at a fraction
        of the cost.
        """
        plain = text.rstrip()
        if plain[:1].isalpha() and _PLAIN.fullmatch(plain):
            return Markup(f"<p>{plain}</p>\n")
        return self.render_markdown(text)

    def render_markdown(self, text: str) -> Markup:
        """`render` through markdown-it and the sanitiser, whatever the text."""
        html = self._md.render(text, {})
        clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set())
        # Code blocks and tables scroll sideways when wide; keyboard users must be able to reach them.
        clean = clean.replace("<pre>", '<pre tabindex="0">').replace("<table>", '<table tabindex="0">')
        return Markup(clean)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


def _block_end(text: str, start: int) -> int:
    """Where the finished blocks of a growing text end: after its last blank line that is outside a fenced
    code block and not followed by an indented line (which may continue a list item). `start` is a
    boundary found before."""
    fenced = len(_FENCE.findall(text, 0, start)) % 2 == 1
    end = start
    position = start
    for match in re.finditer(r"\n\n+|^ {0,3}(?:`{3,}|~{3,})", text[start:], re.MULTILINE):
        if match.group(0).lstrip(" ").startswith(("`", "~")):
            fenced = not fenced
            continue
        position = start + match.end()
        if not fenced and position < len(text) and not text[position].isspace():
            end = position
    return end


class StreamingMarkdown:
    """Renders an answer while it grows: finished blocks once, then only the block being written.

    Rendering the whole answer for every update costs time that grows with its length (a 20 KB answer
    took 37 ms each time); this keeps each update to the size of the last block. The finished answer is
    rendered whole once more, so a list or quote split by a blank line comes out exactly right in the end.
    """

    def __init__(self, renderer: MarkdownRenderer) -> None:
        self._renderer = renderer
        self._done = 0
        self._done_html = ""

    def update(self, text: str) -> Markup:
        """The HTML for the text so far."""
        end = _block_end(text, self._done)
        if end > self._done:
            self._done_html += self._renderer.render(text[self._done:end])
            self._done = end
        return Markup(self._done_html) + self._renderer.render(text[self._done:])
