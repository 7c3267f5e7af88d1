"""The base of KK-GPT's pattern recognizers: a recognizer is declared by its class attributes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class DanishPatternRecognizer(PatternRecognizer):
    """A Presidio pattern recognizer built from ENTITY, PATTERNS, CONTEXT, NEGATIVE_CONTEXT and REGEX_FLAGS.

    NEGATIVE_CONTEXT words lower the score (see `context.py`); REGEX_FLAGS replaces Presidio's default flags,
    whose IGNORECASE would break patterns where capital letters carry the meaning.
    """

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[Sequence[Pattern]] = ()
    CONTEXT: ClassVar[Sequence[str]] = ()
    NEGATIVE_CONTEXT: ClassVar[Sequence[str]] = ()
    REGEX_FLAGS: ClassVar[int | None] = None

    def __init__(self, supported_language: str = "da") -> None:
        self.negative_context = list(self.NEGATIVE_CONTEXT)
        flags = {} if self.REGEX_FLAGS is None else {"global_regex_flags": self.REGEX_FLAGS}
        super().__init__(
            supported_entity=self.ENTITY,
            # Copies: Presidio compiles patterns in place, and the class attribute is shared.
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            supported_language=supported_language,
            **flags,
        )
