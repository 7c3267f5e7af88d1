"""Text formats: plain text, Markdown, CSV and HTML (the standard library's parser, scripts and styles left out)."""

from __future__ import annotations

import codecs
from html.parser import HTMLParser

from kkgpt.documents.limits import Extracted, Limits

# Elements after which the text continues on a new line.
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
           "header", "footer", "blockquote", "pre", "ul", "ol", "dt", "dd", "hr", "title"}
_CELLS = {"td", "th"}
_HIDDEN = {"script", "style", "template", "noscript", "head"}


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (older Danish files)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def looks_like_text(data: bytes) -> bool:
    """True for bytes that are text: no NUL bytes (outside UTF-16) and few control characters."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:65_536]
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls <= len(sample) // 100


def extract_text(data: bytes, limits: Limits) -> Extracted:
    """Plain text, Markdown and CSV are read as they are (the shield reads CSV and Markdown table headers)."""
    return Extracted(decode(data))


class _TextCollector(HTMLParser):
    """Collects an HTML page's visible text, a line per block element and ` | ` between table cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in _CELLS:
            self.parts.append(" | ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML document or fragment."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line.removesuffix(" |") for line in lines if line)


def extract_html(data: bytes, limits: Limits) -> Extracted:
    """An HTML page's visible text."""
    return Extracted(html_to_text(decode(data)))
