"""The per-conversation mapping between personal data and the placeholders the model sees.

A `PlaceholderVault` belongs to one conversation. The chat loads it from the database at the start of a
request, lets the shield add to it, and saves it as JSON at the end; nothing is shared between
conversations, so there is no cross-conversation state to lock (unlike a process-wide mapping store).
The vault itself is not thread-safe and need not be: one request owns it at a time. (Two turns of the
same conversation running at once would each save their own copy and the last save would win, so the
chat runs one turn per conversation at a time.)

The same value gets the same placeholder in every turn. "The same" ignores differences that do not change
who or what is meant, as each kind's `matching` says (`kkgpt/pii/entities.py`): case and runs of
whitespace for all labels, and separators in numbers (`010170-1234` = `0101701234`, `27 19 38 46` =
`+45 27193846`). The placeholder restores to the form
seen first. A shorter mention ("Jens" after "Jens Hansen") gets its own placeholder: guessing that the
two are one person would, when wrong, put one citizen's full name where another was meant.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from kkgpt.pii.entities import (
    BUILTIN_ENTITIES,
    LABEL_RE,
    LITERAL_ENTITY,
    EntityRegistry,
    Matching,
)
from kkgpt.pii.normalise import normalise

#: Label for placeholder-like text the employee typed; restoring it gives back exactly what was typed.
LITERAL_LABEL = BUILTIN_ENTITIES.label_for(LITERAL_ENTITY)

NUMBER_DIGITS_MAX = 6
_TOKEN_RE = re.compile(rf"(?P<label>{LABEL_RE.pattern})_(?P<number>[1-9][0-9]{{0,{NUMBER_DIGITS_MAX - 1}}})")
_VERSION = 1


class VaultError(ValueError):
    """A serialised vault or a label is malformed."""


def label_for(entity_type: str, entities: EntityRegistry = BUILTIN_ENTITIES) -> str:
    """The placeholder label for an entity type (`DK_CPR` -> `CPR`); unknown types use a cleaned-up name."""
    return entities.label_for(entity_type)


def format_placeholder(token: str) -> str:
    """The text the model sees for a token: `PERSON_1` -> `<PERSON_1>`."""
    return f"<{token}>"


def redaction_marker(label: str) -> str:
    """The text the model sees for an irreversibly removed value: `<CPR>` (no number, never restored)."""
    return f"<{label}>"


def normalise_value(label: str, value: str, entities: EntityRegistry = BUILTIN_ENTITIES) -> str:
    """The key under which a value is looked up: equal keys mean "the same value" for this label."""
    matching = entities.matching(label)
    # Typed placeholder look-alikes must come back exactly as typed; a value with nothing left after
    # normalising (only punctuation) is kept as it is rather than merged with every other such value.
    if matching == "exact":
        return value
    return _normalised(matching, value) or value


def _normalised(matching: Matching, value: str) -> str:
    # Read as the analyzer reads it: "Kr\u00adistensen" with a soft hyphen is "Kristensen"
    text = normalise(value).text.casefold()
    if matching in ("alnum", "phone"):
        key = "".join(ch for ch in text if ch.isalnum())
        if matching == "phone" and key[:-8] in ("45", "0045"):
            key = key[-8:]  # +45 / 0045 is Denmark's country code, not part of the number
        return key
    if matching == "words":
        # Punctuation counts as a space ("12B, 2. th." = "12B 2.th"), but word limits stay, so that
        # house number and floor cannot run together ("1, 2" must not equal "12").
        return " ".join(re.findall(r"[^\W_]+", text))
    return " ".join(text.split())


class PlaceholderVault:
    """Value <-> placeholder mapping for one conversation; serialisable with `to_json`/`from_json`."""

    def __init__(self, entities: EntityRegistry = BUILTIN_ENTITIES) -> None:
        self._entities = entities  # how each label's values are compared
        self._values: dict[str, str] = {}  # token ("PERSON_1") -> value as first seen
        self._tokens: dict[tuple[str, str], str] = {}  # (label, normalised value) -> token
        self._counts: dict[str, int] = {}  # label -> highest number in use

    def __repr__(self) -> str:
        # Never show values: a vault in a log line or traceback must not leak what it protects.
        return f"<PlaceholderVault {len(self._values)} placeholders>"

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, token: object) -> bool:
        return token in self._values

    @property
    def labels(self) -> frozenset[str]:
        """Labels that have at least one placeholder in this conversation."""
        return frozenset(self._counts)

    def find(self, label: str, value: str) -> str | None:
        """The placeholder (`<PERSON_1>`) already given to this value, or None; never changes the vault."""
        token = self._tokens.get((label, normalise_value(label, value, self._entities)))
        return None if token is None else format_placeholder(token)

    def placeholder_for(self, label: str, value: str) -> str:
        """The placeholder for this value, assigning the next number for the label if it is new."""
        if not LABEL_RE.fullmatch(label):
            raise VaultError(f"invalid placeholder label {label!r}: use A-Z and '_' only")
        key = (label, normalise_value(label, value, self._entities))
        token = self._tokens.get(key)
        if token is None:
            number = self._counts.get(label, 0) + 1
            token = f"{label}_{number}"
            if not _TOKEN_RE.fullmatch(token):
                raise VaultError(f"too many placeholders for label {label!r}")
            self._counts[label] = number
            self._tokens[key] = token
            self._values[token] = value
        return format_placeholder(token)

    def value_for(self, token: str) -> str | None:
        """The original value behind a token (`PERSON_1`, without brackets), or None if it is not ours."""
        return self._values.get(token)

    def as_dict(self) -> dict[str, str]:
        """A copy of token -> value, e.g. for a "what was masked" panel shown to the conversation's owner."""
        return dict(self._values)

    def copy(self) -> PlaceholderVault:
        """An independent copy (used for previews and blocked messages, which must not change the vault)."""
        clone = PlaceholderVault(self._entities)
        clone._values = dict(self._values)
        clone._tokens = dict(self._tokens)
        clone._counts = dict(self._counts)
        return clone

    def to_json(self) -> str:
        """Serialise to a JSON string (store it encrypted: it holds the personal data it stands for)."""
        return json.dumps({"version": _VERSION, "placeholders": self._values}, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str | None, entities: EntityRegistry = BUILTIN_ENTITIES) -> PlaceholderVault:
        """Load a vault saved by `to_json`; None or "" (nothing stored yet) gives an empty vault."""
        if not data:
            return cls(entities)
        try:
            raw = json.loads(data)
        except json.JSONDecodeError as exc:
            raise VaultError(f"vault is not valid JSON: {exc.msg}") from exc
        if not isinstance(raw, dict) or raw.get("version") != _VERSION:
            raise VaultError(f"vault must be an object with version {_VERSION}")
        placeholders = raw.get("placeholders")
        if not isinstance(placeholders, Mapping):
            raise VaultError("vault 'placeholders' must be an object")
        return cls._from_mapping(placeholders, entities)

    @classmethod
    def _from_mapping(cls, placeholders: Mapping[object, object],
                      entities: EntityRegistry) -> PlaceholderVault:
        parsed: list[tuple[str, int, str, str]] = []
        for token, value in placeholders.items():
            match = _TOKEN_RE.fullmatch(token) if isinstance(token, str) else None
            if match is None or not isinstance(value, str):
                raise VaultError(f"invalid vault entry {token!r}")
            parsed.append((match["label"], int(match["number"]), token, value))
        vault = cls(entities)
        # Lower numbers first, so that if two stored values now normalise alike the older one keeps the key.
        for label, number, token, value in sorted(parsed, key=lambda p: (p[0], p[1])):
            vault._values[token] = value
            vault._tokens.setdefault((label, normalise_value(label, value, entities)), token)
            vault._counts[label] = max(vault._counts.get(label, 0), number)
        return vault
