"""Placeholders left in stored text shown as readable labels: `<PERSON>` as "[navn]", `<CPR_2>` as "[CPR-nummer 2]".

Tips, feedback comments and conversation titles are stored scrubbed, so they may hold the shield's placeholders;
an answer keeps those the conversation cannot put a value back into (a masked CPR number, one the model made up).
Employees read them as a bracketed label named by the entity registry (`kkgpt.pii.entities`), in their language;
the model view ("Det så modellen") keeps the raw placeholders on purpose.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from kkgpt.pii.entities import LABEL_RE, EntityKind, EntityRegistry

_PLACEHOLDER = re.compile(rf"<(?P<label>{LABEL_RE.pattern})(?:_(?P<number>[0-9]{{1,6}}))?>")
_ESCAPED_PLACEHOLDER = re.compile(rf"&lt;(?P<label>{LABEL_RE.pattern})(?:_(?P<number>[0-9]{{1,6}}))?&gt;")
_SPAN = '<span class="placeholder" title="{}">{}</span>'


def placeholder_name(kind: EntityKind, language: str) -> str:
    """The kind's name as a label: "navn", "e-mailadresse", but "CPR-nummer" and "IBAN" keep their capitals."""
    name = kind.names.get(language, kind.names["da"])
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _label(match: re.Match[str], kinds: dict[str, EntityKind], language: str) -> tuple[str, str] | None:
    """("[navn 2]", "Navn") for a placeholder of a kind in the registry, None for a tag that is not ours."""
    kind = kinds.get(match["label"])
    if kind is None:
        return None
    number = f" {match['number']}" if match["number"] else ""
    return f"[{placeholder_name(kind, language)}{number}]", kind.names.get(language, kind.names["da"])


def _labels(text: str, entities: EntityRegistry, language: str):
    """(plain text, None) and (label, kind name) pieces of `text`, in order."""
    kinds = {kind.label: kind for kind in entities}
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        label = _label(match, kinds, language)
        if label is None:
            continue  # not one of ours: shown as written
        yield text[position : match.start()], None
        yield label
        position = match.end()
    yield text[position:], None


def readable(text: str, entities: EntityRegistry, language: str) -> str:
    """`text` with each placeholder replaced by its bracketed label (for attributes and plain text)."""
    return "".join(piece for piece, _ in _labels(text, entities, language))


def labelled(text: str, entities: EntityRegistry, language: str) -> Markup:
    """`text` escaped, each placeholder a styled `<span class="placeholder">[navn]</span>`."""
    html = []
    for piece, name in _labels(text, entities, language):
        if name is None:
            html.append(escape(piece))
        elif piece:
            html.append(Markup(_SPAN).format(name, piece))
    return Markup("").join(html)


def labelled_html(html: Markup, entities: EntityRegistry, language: str) -> Markup:
    """Safe HTML (a rendered answer) with each escaped placeholder made a styled label, as `labelled` does."""
    kinds = {kind.label: kind for kind in entities}

    def label(match: re.Match[str]) -> str:
        found = _label(match, kinds, language)
        return match[0] if found is None else Markup(_SPAN).format(found[1], found[0])

    return Markup(_ESCAPED_PLACEHOLDER.sub(label, str(html)))
