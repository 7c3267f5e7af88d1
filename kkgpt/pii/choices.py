"""The employee's own corrections to the shield in one conversation: values that are not personal, and missed ones.

A case worker knows that "Grøn" in "Grøn Omstilling" is no person, and that "Lillemor" is one. `PiiChoices`
holds both lists for a conversation (stored encrypted with it); the shield then leaves the allowed values
unmasked and masks the added ones wherever they occur, as whole words in any case, in every later message
and in the conversation's documents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from kkgpt.pii.types import Detection

#: Most corrections one conversation keeps (each list).
CHOICES_MAX = 200
VALUE_MAX_CHARS = 200


@dataclass(frozen=True)
class PiiChoices:
    """Values never to mask (`allow`) and values always to mask, with their kind (`mask`: type, value)."""

    allow: tuple[str, ...] = ()
    mask: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.allow or self.mask)

    def to_json(self) -> str:
        """The choices as stored."""
        return json.dumps({"allow": list(self.allow), "mask": [list(m) for m in self.mask]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str | None) -> PiiChoices:
        """Choices from their stored JSON (None: none yet)."""
        if not data:
            return cls()
        raw = json.loads(data)
        return cls(tuple(raw.get("allow", ())), tuple((t, v) for t, v in raw.get("mask", ())))

    def allowing(self, value: str) -> PiiChoices:
        """These choices with `value` no longer masked (and no longer masked by hand)."""
        value = _clean(value)
        key = _key(value)
        mask = tuple(m for m in self.mask if _key(m[1]) != key)
        allow = self.allow if any(_key(a) == key for a in self.allow) else (*self.allow, value)
        return PiiChoices(allow[-CHOICES_MAX:], mask)

    def masking(self, entity_type: str, value: str) -> PiiChoices:
        """These choices with `value` always masked as `entity_type` (and no longer allowed)."""
        value = _clean(value)
        key = _key(value)
        allow = tuple(a for a in self.allow if _key(a) != key)
        mask = tuple(m for m in self.mask if _key(m[1]) != key) + ((entity_type, value),)
        return PiiChoices(allow, mask[-CHOICES_MAX:])

    def masked_by_hand(self, text: str) -> list[Detection]:
        """Where the added values occur in `text`: whole words, any case, any run of whitespace inside."""
        found: list[Detection] = []
        for entity_type, value in self.mask:
            pattern = words_pattern(value)
            found += [Detection(entity_type, m.start(), m.end(), 1.0) for m in pattern.finditer(text)]
        return found


def words_pattern(value: str) -> re.Pattern[str]:
    """A value as whole words in any case, with any whitespace between its words."""
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, value.split())) + r"(?!\w)", re.IGNORECASE)


def _clean(value: str) -> str:
    value = " ".join(value.split())
    if not value or len(value) > VALUE_MAX_CHARS:
        raise ValueError("a value must have 1-200 characters")
    return value


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()
