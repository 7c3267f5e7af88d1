"""Parses HTML the way a browser would and lists anything that could run script or load a resource."""

from __future__ import annotations

from html.parser import HTMLParser

_DANGEROUS_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "style", "link", "meta", "form", "input",
                   "video", "audio", "source", "math", "base"}


class _Collector(HTMLParser):
    def __init__(self, allow: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.allow = allow

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DANGEROUS_TAGS and tag not in self.allow:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = value.strip().lower().split(":", 1)[0]
                if ":" in value and scheme not in ("http", "https", "mailto"):
                    self.problems.append(f"{tag}[{name}={value}]")


def active_content(html: str, *, allow: frozenset[str] = frozenset()) -> list[str]:
    """Tags and attributes in `html` that could run script or fetch something (`allow`: our own icon tags)."""
    collector = _Collector(allow)
    collector.feed(html)
    collector.close()
    return collector.problems
