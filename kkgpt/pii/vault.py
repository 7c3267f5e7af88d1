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
seen first.

Names are also matched by their parts, so that one person keeps one placeholder: "Mette", "Hansen" or
"M. Hansen" takes the placeholder of "Mette Hansen" (and "Mette Hansen" that of an earlier lone "Mette")
when exactly one name in the conversation, or in the text being shielded, fits. When two fit ("Mette
Hansen" and "Mette Jensen"), the part gets its own placeholder: guessing would, when wrong, put one
citizen's name where another was meant. A part that has joined a name stays with it for the rest of the
conversation, so every mention of it keeps meaning the same person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

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
    if matching in ("words", "name"):
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
        self._parts: dict[str, list[str]] = {}  # token -> other forms that joined it ("Mette" for "Mette Hansen")
        self._forms: dict[str, list[list[str]]] = {}  # name token -> the words of each form written for it
        self._by_word: dict[tuple[str, str], set[str]] = {}  # (label, word) -> name tokens with that word

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
        return self._placeholder(label, value, _Mentions())

    def placeholders_for(self, label: str, values: Sequence[str]) -> list[str]:
        """Placeholders for one text's values of a label, in the text's order.

        For names, a part written before its whole name in the same text ("Mette ringede. Mette Hansen
        ...") takes the whole name's placeholder, numbered where the person is first mentioned.
        """
        mentions = _Mentions()
        if self._entities.matching(label) == "name":
            for value in values:
                mentions.add(normalise_value(label, value, self._entities), value)
        return [self._placeholder(label, value, mentions) for value in values]

    def _placeholder(self, label: str, value: str, mentions: _Mentions) -> str:
        if not LABEL_RE.fullmatch(label):
            raise VaultError(f"invalid placeholder label {label!r}: use A-Z and '_' only")
        key = normalise_value(label, value, self._entities)
        token = self._tokens.get((label, key))
        if token is None and self._entities.matching(label) == "name":
            token = self._whole_name(label, key, mentions)
            if token is not None:
                self._remember(label, key, token)
                self._parts.setdefault(token, []).append(value)
        if token is None:
            number = self._counts.get(label, 0) + 1
            token = f"{label}_{number}"
            if not _TOKEN_RE.fullmatch(token):
                raise VaultError(f"too many placeholders for label {label!r}")
            self._counts[label] = number
            self._remember(label, key, token)
            self._values[token] = value
        return format_placeholder(token)

    def _remember(self, label: str, key: str, token: str) -> None:
        """Record that `key` is written for `token`; for names, index its words to find it by its parts."""
        if (label, key) in self._tokens:
            return
        self._tokens[(label, key)] = token
        if self._entities.matching(label) == "name":
            words = key.split()
            self._forms.setdefault(token, []).append(words)
            for word in words:
                self._by_word.setdefault((label, word), set()).add(token)

    def _whole_name(self, label: str, key: str, mentions: _Mentions) -> str | None:
        """The one person's token this name fits, as a part or as a fuller form; None if none or several."""
        words = key.split()
        candidates = set().union(*(self._by_word.get((label, word), ()) for word in words))
        owners = {
            token
            for token in candidates
            if _is_part(words, max(self._forms[token], key=len))
            or (
                all(_is_part(form, words) for form in self._forms[token])
                and not self._also_fits(label, token, key, mentions)
            )
        }
        pending = {
            whole
            for whole in mentions.with_words(words)
            if whole != key and (label, whole) not in self._tokens and _is_part(words, whole.split())
        }
        if len(owners) + len(pending) != 1:
            return None
        if owners:
            return owners.pop()
        return self._placeholder(label, mentions.value(pending.pop()), _Mentions())[1:-1]

    def _also_fits(self, label: str, token: str, key: str, mentions: _Mentions) -> bool:
        """True if a person known only by a part ("Mette") is also part of another whole name than `key`,
        known or in the same text: then a fuller name cannot tell which Mette it was."""
        fullest = max(self._forms[token], key=len)
        others = set().union(*(self._by_word.get((label, word), ()) for word in fullest)) - {token}
        if any(_is_part(fullest, form) for other in others for form in self._forms[other]):
            return True
        return any(
            whole != key and (label, whole) not in self._tokens and _is_part(fullest, whole.split())
            for whole in mentions.with_words(fullest)
        )

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
        clone._parts = {token: list(forms) for token, forms in self._parts.items()}
        clone._forms = {token: list(forms) for token, forms in self._forms.items()}
        clone._by_word = {word: set(tokens) for word, tokens in self._by_word.items()}
        return clone

    def to_json(self) -> str:
        """Serialise to a JSON string (store it encrypted: it holds the personal data it stands for)."""
        data: dict[str, object] = {"version": _VERSION, "placeholders": self._values}
        if self._parts:
            data["parts"] = self._parts
        return json.dumps(data, ensure_ascii=False)

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
        parts = raw.get("parts", {})
        if not isinstance(parts, Mapping) or not all(
            isinstance(forms, list) and all(isinstance(form, str) for form in forms) for forms in parts.values()
        ):
            raise VaultError("vault 'parts' must map tokens to lists of strings")
        return cls._from_mapping(placeholders, entities, parts)

    @classmethod
    def _from_mapping(cls, placeholders: Mapping[object, object], entities: EntityRegistry,
                      parts: Mapping[str, list[str]] | None = None) -> PlaceholderVault:
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
            vault._remember(label, normalise_value(label, value, entities), token)
            vault._counts[label] = max(vault._counts.get(label, 0), number)
        for token, forms in (parts or {}).items():
            match = _TOKEN_RE.fullmatch(token)
            if token not in vault._values or match is None:
                raise VaultError(f"vault part of unknown placeholder {token!r}")
            vault._parts[token] = list(forms)
            for form in forms:
                vault._remember(match["label"], normalise_value(match["label"], form, entities), token)
        return vault


class _Mentions:
    """The names written in one text, by word, so that a part can find its whole name in the same text."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}  # normalised name -> its first written form
        self._by_word: dict[str, set[str]] = {}

    def add(self, key: str, value: str) -> None:
        """Note a name as written (`value`) under its key."""
        if key not in self._values:
            self._values[key] = value
            for word in key.split():
                self._by_word.setdefault(word, set()).add(key)

    def with_words(self, words: list[str]) -> set[str]:
        """Keys of the names that share a word with `words`."""
        return set().union(*(self._by_word.get(word, ()) for word in words))

    def value(self, key: str) -> str:
        """The first written form of a noted name."""
        return self._values[key]


def _is_part(words: list[str], whole: list[str]) -> bool:
    """True if `words` is a way of writing `whole` in part: each word a different word of it or that word's
    initial, with at least one whole word ("hansen", "m hansen" and "hansen mette" are parts of "mette
    hansen")."""
    if len(words) > len(whole):
        return False
    left = list(whole)
    full = 0
    for word in words:
        if word in left:
            left.remove(word)
            full += 1
        elif len(word) == 1 and (initial := next((w for w in left if len(w) > 1 and w.startswith(word)), None)):
            left.remove(initial)
        else:
            return False
    return full > 0
