"""Labelled sets made of real files: extract each file as an upload does, and mark its listed values.

A set of real documents (`.docx`, `.pdf`, `.eml`, `.xlsx`, `.csv`) is described by a manifest, one JSON
object per line: `{"file": "d001.pdf", "source": "pdf", "values": [{"type": "PERSON", "text": "Anne
Marie Tornsbjerg"}]}`, the file's path relative to the manifest. `labelled_lines` extracts every file with
KK-GPT's own extractors and finds each listed value in the extracted text wherever it occurs, also where
the extraction broke it: across a line break, hyphenated at a line's end, letter-spaced, with a soft
hyphen or a zero-width space inside. The result is a labelled set in the format `kkgpt pii eval` scores,
so the shield is measured on the artefacts real extraction makes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kkgpt.documents.formats import read_document
from kkgpt.documents.limits import Limits
from kkgpt.errors import DocumentRejected

# What extraction may put between two characters of a value: spaces and line breaks, soft hyphens,
# zero-width spaces, and a hyphen where a line was broken ("Roskilde-\nvej").
_BETWEEN = r"(?:[\s\u00ad\u200b\u200c\u200d\u2060]|-(?=[\s\u00ad]))*"


@dataclass
class DocumentSet:
    """The labelled lines of a set of files, and what could not be used."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    #: (file, value) pairs whose value is nowhere in the file's extracted text.
    not_found: list[tuple[str, str]] = field(default_factory=list)
    #: (file, reason) for files the extractors refused.
    refused: list[tuple[str, str]] = field(default_factory=list)


def value_pattern(value: str) -> re.Pattern[str]:
    """A pattern for `value` as extraction may have written it, as a whole word; an underscore bounds a word
    too ("Partshoering_0103851234.pdf"). A hyphen the writer put at a line's end ("Roskilde-\nvej") may be
    gone, as the PDF extractor joins a word split there."""
    chars: list[str] = []
    for k, ch in enumerate(value):
        if ch.isspace():
            continue
        if ch == "-" and value[k + 1:k + 2] == "\n":
            chars.append("-?")
        else:
            chars.append(re.escape(ch))
    return re.compile(rf"(?<![^\W_]){_BETWEEN.join(chars)}(?![^\W_])")


def mark(text: str, values: Iterable[Mapping[str, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Entities for every occurrence of each value in `text` (longer values first; an occurrence inside a
    longer one is not marked again), and the values that do not occur."""
    taken: list[tuple[int, int]] = []
    entities: list[dict[str, Any]] = []
    missing: list[str] = []
    for value in sorted(values, key=lambda v: len(v["text"]), reverse=True):
        found = False
        for m in value_pattern(value["text"]).finditer(text):
            found = True
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append(m.span())
            entities.append({"type": value["type"], "start": m.start(), "end": m.end(), "text": m.group()})
        if not found:
            missing.append(value["text"])
    return sorted(entities, key=lambda e: e["start"]), missing


def labelled_lines(manifest: str | Path, limits: Limits) -> DocumentSet:
    """Extract every file a manifest lists and mark its values (see the module docstring)."""
    manifest = Path(manifest)
    result = DocumentSet()
    for number, raw in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        entry = json.loads(raw)
        name = str(entry["file"])
        path = manifest.parent / name
        try:
            _, extracted = read_document(path.name, path.read_bytes(), limits)
        except DocumentRejected as exc:
            result.refused.append((name, exc.code))
            continue
        entities, missing = mark(extracted.text, entry.get("values", []))
        result.not_found += [(name, value) for value in missing]
        result.lines.append({"id": entry.get("id", f"{number:03d}:{name}"), "category": entry.get("source", ""),
                             "text": extracted.text, "entities": entities})
    return result
