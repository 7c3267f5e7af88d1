"""Placeholders left in stored text shown as readable labels: `<PERSON>` as "[navn]", `<CPR_2>` as "[CPR-nummer 2]".

Tips, feedback comments and conversation titles are stored scrubbed, so they may hold the shield's placeholders.
Employees read them as a bracketed label named by the entity registry (`kkgpt.pii.entities`), in their language;
the model view ("Det så modellen") keeps the raw placeholders on purpose.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from kkgpt.pii.entities import LABEL_RE, EntityKind, EntityRegistry

_PLACEHOLDER = re.compile(rf"<(?P<label>{LABEL_RE.pattern})(?:_(?P<number>[0-9]{{1,6}}))?>")


def placeholder_name(kind: EntityKind, language: str) -> str:
    """The kind's name as a label: "navn", "e-mailadresse", but "CPR-nummer" and "IBAN" keep their capitals."""
    name = kind.names.get(language, kind.names["da"])
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _labels(text: str, entities: EntityRegistry, language: str):
    """(plain text, None) and (label, kind name) pieces of `text`, in order."""
    kinds = {kind.label: kind for kind in entities}
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        kind = kinds.get(match["label"])
        if kind is None:
            continue  # not one of ours: shown as written
        yield text[position : match.start()], None
        number = f" {match['number']}" if match["number"] else ""
        yield f"[{placeholder_name(kind, language)}{number}]", kind.names.get(language, kind.names["da"])
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
            html.append(Markup('<span class="placeholder" title="{}">{}</span>').format(name, piece))
    return Markup("").join(html)
