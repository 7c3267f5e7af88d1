"""Reads `guidelines/`: the guideline points (da/en), their content-derived version, and task assistants.

The files are treated as untrusted input: front matter is parsed with `yaml.safe_load` and checked, and
bodies are rendered later through the same sanitising Markdown renderer as model answers.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger(__name__)

LANGUAGES = ("da", "en")
TASK_CATEGORIES = (
    "citizen_communication",
    "summarising",
    "translation",
    "text_improvement",
    "ideas_structure",
    "rules_explanation",
)
_POINT_FILE = re.compile(r"^(\d{2})-([a-z0-9-]+)\.md$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class GuidelineError(ValueError):
    """A guideline or assistant file is malformed; the message names the file."""


@dataclass(frozen=True)
class GuidelinePoint:
    """One numbered rule, in one language."""

    number: int
    key: str
    title: str
    short: str
    body: str
    applies_to: tuple[str, ...]


@dataclass(frozen=True)
class GuidelineSet:
    """All points in both languages, with the version staff accept."""

    version: str
    intro_title: Mapping[str, str]
    intro: Mapping[str, str]
    points: Mapping[str, tuple[GuidelinePoint, ...]]
    #: The day the newest guideline file was changed: what employees see instead of the version hash.
    updated: date | None = None

    def in_language(self, language: str) -> tuple[GuidelinePoint, ...]:
        """The points in `language` (Danish when it is not available)."""
        return self.points.get(language) or self.points["da"]

    def point_for(self, trigger: str, language: str = "da") -> GuidelinePoint | None:
        """The point a PII type or special category points to, if any."""
        return next((p for p in self.in_language(language) if trigger in p.applies_to), None)


#: The values an assistant's `documents:` front matter may have (absent: None).
DOCUMENT_MODES = (None, "expected", "summarise")


@dataclass(frozen=True)
class Assistant:
    """A ready start for a task: shown when a conversation begins, adds its system prompt."""

    key: str
    name: str
    name_en: str
    description: str
    description_en: str
    category: str
    starter: str
    starter_en: str
    system_prompt: str
    # What the assistant does with documents (front matter `documents:`): None (a file is welcome but not
    # needed), "expected" (the page opens the file picker), "summarise" (expected, and a document longer
    # than the model's context is summarised part by part rather than searched).
    documents: str | None = None

    def name_in(self, language: str) -> str:
        """The name in `language`."""
        return self.name_en if language == "en" else self.name

    def description_in(self, language: str) -> str:
        """The description in `language`."""
        return self.description_en if language == "en" else self.description

    def starter_in(self, language: str) -> str:
        """The starter text in `language`."""
        return self.starter_en if language == "en" else self.starter


def split_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """The YAML front matter (a mapping) and the Markdown body of a file."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    match = re.match(r"^---\n(.*?)\n---\n?(.*)$", text, re.DOTALL)
    if not match:
        raise GuidelineError(f"{path}: missing front matter between --- lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise GuidelineError(f"{path}: front matter is not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise GuidelineError(f"{path}: front matter must be a mapping")
    return meta, match.group(2).strip()


def _text(meta: Mapping[str, Any], field: str, path: Path, *, limit: int = 2000) -> str:
    value = meta.get(field)
    if not isinstance(value, str) or not value.strip():
        raise GuidelineError(f"{path}: '{field}' must be a non-empty string")
    if len(value) > limit:
        raise GuidelineError(f"{path}: '{field}' is longer than {limit} characters")
    return value.strip()


def _point(path: Path) -> GuidelinePoint:
    match = _POINT_FILE.match(path.name)
    assert match is not None
    meta, body = split_front_matter(path)
    key = _text(meta, "key", path, limit=64)
    if key != match.group(2):
        raise GuidelineError(f"{path}: key '{key}' does not match the file name")
    applies_to = meta.get("applies_to") or []
    if not isinstance(applies_to, list) or not all(isinstance(t, str) for t in applies_to):
        raise GuidelineError(f"{path}: 'applies_to' must be a list of strings")
    if not body:
        raise GuidelineError(f"{path}: the body is empty")
    return GuidelinePoint(
        number=int(match.group(1)),
        key=key,
        title=_text(meta, "title", path, limit=200),
        short=_text(meta, "short", path, limit=300),
        body=body,
        applies_to=tuple(applies_to),
    )


def content_version(paths: list[Path], root: Path) -> str:
    """A short hash of the files' names and bytes: any edit gives a new version."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def last_changed(paths: list[Path]) -> date | None:
    """The (UTC) day the newest of the files was last changed."""
    newest = max((p.stat().st_mtime for p in paths), default=None)
    return None if newest is None else datetime.fromtimestamp(newest, UTC).date()


def _guideline_files(root: Path) -> list[Path]:
    return [p for language in LANGUAGES for p in (root / language).glob("*.md")]


def load_guidelines(root: Path) -> GuidelineSet:
    """Read and check every guideline point; Danish and English must have the same points."""
    points: dict[str, tuple[GuidelinePoint, ...]] = {}
    intro_title: dict[str, str] = {}
    intro: dict[str, str] = {}
    for language in LANGUAGES:
        folder = root / language
        files = sorted(p for p in folder.glob("*.md") if _POINT_FILE.match(p.name))
        if not files:
            raise GuidelineError(f"{folder}: no guideline files (NN-key.md)")
        points[language] = tuple(_point(p) for p in files)
        meta, body = split_front_matter(folder / "_intro.md")
        intro_title[language] = _text(meta, "title", folder / "_intro.md", limit=200)
        intro[language] = body
    shape = {language: [(p.number, p.key) for p in pts] for language, pts in points.items()}
    if shape["da"] != shape["en"]:
        raise GuidelineError(f"{root}: Danish and English guideline files differ: {shape}")
    return GuidelineSet(
        version=content_version(_guideline_files(root), root),
        intro_title=intro_title,
        intro=intro,
        points=points,
        updated=last_changed(_guideline_files(root)),
    )


def _assistant(path: Path) -> Assistant:
    meta, body = split_front_matter(path)
    key = _text(meta, "key", path, limit=64)
    if key != path.stem or not _KEY.match(key):
        raise GuidelineError(f"{path}: key '{key}' must equal the file name and use a-z, 0-9 and -")
    category = _text(meta, "category", path, limit=64)
    if category not in TASK_CATEGORIES:
        raise GuidelineError(f"{path}: category '{category}' is not one of {', '.join(TASK_CATEGORIES)}")
    if not body:
        raise GuidelineError(f"{path}: the system prompt (body) is empty")
    documents = meta.get("documents")
    if documents not in DOCUMENT_MODES:
        raise GuidelineError(f"{path}: documents '{documents}' is not one of expected, summarise")
    return Assistant(
        key=key,
        name=_text(meta, "name", path, limit=120),
        name_en=_text(meta, "name_en", path, limit=120),
        description=_text(meta, "description", path, limit=300),
        description_en=_text(meta, "description_en", path, limit=300),
        category=category,
        starter=str(meta.get("starter") or ""),
        starter_en=str(meta.get("starter_en") or ""),
        system_prompt=body,
        documents=documents,
    )


def load_assistants(root: Path) -> dict[str, Assistant]:
    """Every task assistant in `root/assistants`; a malformed file is skipped with a warning."""
    assistants: dict[str, Assistant] = {}
    for path in sorted((root / "assistants").glob("*.md")):
        try:
            assistant = _assistant(path)
        except GuidelineError as exc:
            logger.warning("task assistant skipped: %s", exc)
            continue
        assistants[assistant.key] = assistant
    return assistants


class GuidelineLibrary:
    """The current guidelines and assistants, re-read when their files change (checked every few seconds)."""

    def __init__(self, root: Path, *, check_interval: float = 5.0, clock=time.monotonic) -> None:
        self.root = root
        self._interval = check_interval
        self._clock = clock
        self._stamp: tuple = ()
        self._checked = float("-inf")
        self._guidelines = load_guidelines(root)
        self._assistants = load_assistants(root)
        self._stamp = self._file_stamp()

    def _file_stamp(self) -> tuple:
        paths = sorted([*_guideline_files(self.root), *(self.root / "assistants").glob("*.md")])
        return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)

    def _refresh(self) -> None:
        now = self._clock()
        if now - self._checked < self._interval:
            return
        self._checked = now
        stamp = self._file_stamp()
        if stamp == self._stamp:
            return
        try:
            guidelines = load_guidelines(self.root)
        except GuidelineError as exc:
            logger.error("guidelines changed but are invalid, keeping version %s: %s", self._guidelines.version, exc)
            return
        self._guidelines, self._assistants, self._stamp = guidelines, load_assistants(self.root), stamp
        logger.info("guidelines reloaded: version %s, %d assistants", guidelines.version, len(self._assistants))

    @property
    def guidelines(self) -> GuidelineSet:
        """The current guideline set."""
        self._refresh()
        return self._guidelines

    @property
    def assistants(self) -> dict[str, Assistant]:
        """The current task assistants by key."""
        self._refresh()
        return self._assistants
