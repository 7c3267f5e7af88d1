"""The base of KK-GPT's pattern recognizers: a recognizer is declared by its class attributes."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, ClassVar

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

if TYPE_CHECKING:
    from kkgpt.pii.layout import Cell

logger = logging.getLogger(__name__)


class DanishPatternRecognizer(PatternRecognizer):
    """A Presidio pattern recognizer built from ENTITY, PATTERNS, CONTEXT, NEGATIVE_CONTEXT and REGEX_FLAGS.

    NEGATIVE_CONTEXT words lower the score (see `context.py`); REGEX_FLAGS replaces Presidio's default flags,
    whose IGNORECASE would break patterns where capital letters carry the meaning.

    In a comma-separated table a number may touch the next field's digits ("21 40 67 93,2" or
    "260601-4204,50 37 91 24"), which the patterns read as a decimal and reject; the text is then matched
    once more with those commas (the layout's joints) read as tabs.
    """

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[Sequence[Pattern]] = ()
    CONTEXT: ClassVar[Sequence[str]] = ()
    NEGATIVE_CONTEXT: ClassVar[Sequence[str]] = ()
    REGEX_FLAGS: ClassVar[int | None] = None
    #: Pattern name -> a cheap regex that must occur in the text before that pattern is tried at all (a word
    #: the pattern cannot match without): a pattern tried at every word costs every prompt its time.
    GATES: ClassVar[Mapping[str, str]] = {}
    #: A cheap regex every match of every pattern not in GATES contains ("\\d{4}" for numbers of four digits
    #: or more), compiled as the patterns are: a text without it cannot match any of them, so they are not
    #: tried (an ordinary prompt holds no such number, and each pattern costs a scan of the whole text).
    PATTERNS_GATE: ClassVar[str | None] = None

    def __init__(self, supported_language: str = "da") -> None:
        self.negative_context = list(self.NEGATIVE_CONTEXT)
        flags = {} if self.REGEX_FLAGS is None else {"global_regex_flags": self.REGEX_FLAGS}
        super().__init__(
            supported_entity=self.ENTITY,
            # Copies: Presidio compiles patterns in place, and the class attribute is shared.
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS if p.name not in self.GATES],
            context=list(self.CONTEXT),
            supported_language=supported_language,
            **flags,
        )
        self._gated = [(re.compile(self.GATES[p.name]), _GatedPatterns(self, Pattern(p.name, p.regex, p.score)))
                       for p in self.PATTERNS if p.name in self.GATES]
        # The `regex` module and flags Presidio compiles the patterns with, so the gate reads characters as
        # they do (its Unicode tables may not be the standard library's).
        self._patterns_gate = None if self.PATTERNS_GATE is None else regex.compile(
            self.PATTERNS_GATE, self.global_regex_flags)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        ungated = self._patterns_gate is None or self._patterns_gate.search(text) is not None
        results = self._match_patterns(text, nlp_artifacts, regex_flags) if ungated else []
        gated = [result for gate, patterns in self._gated if gate.search(text) is not None
                 for result in patterns.analyze(text, entities, nlp_artifacts, regex_flags)]
        if gated:  # as if all patterns had run at once: duplicates and contained spans go
            results = EntityRecognizer.remove_duplicates(results + gated)
        layout = getattr(nlp_artifacts, "layout", None)
        # Commas read as tabs add no character a gate could need.
        if layout is None or not layout.joints or not ungated:
            return results
        # Once more with the joints as tabs (same length, so the offsets hold); only what is new counts.
        chars = list(text)
        for joint in layout.joints:
            chars[joint] = "\t"
        spans = sorted((r.start, r.end) for r in results)
        starts = [start for start, _ in spans]
        reach = list(accumulate((end for _, end in spans), max))  # the furthest end among the first k spans
        for result in self._match_patterns("".join(chars), nlp_artifacts, regex_flags):
            k = bisect_left(starts, result.end)
            if k == 0 or reach[k - 1] <= result.start:
                results.append(result)
        return results

    def _match_patterns(self, text: str, nlp_artifacts: NlpArtifacts | None,
                        regex_flags: int | None) -> list[RecognizerResult]:
        """Presidio's pattern pass (`PatternRecognizer.analyze`: validation, invalidation, explanations, no
        duplicates) over the patterns not in GATES, with each pattern's match spans kept for the analysis
        (`pattern_spans` of the NLP artifacts): a pattern two recognizers share (a run of number words, read
        as a CPR number and as a phone number) scans the text once."""
        flags = regex_flags if regex_flags else self.global_regex_flags
        spans_of = getattr(nlp_artifacts, "pattern_spans", None)
        results = []
        for pattern in self.patterns:
            if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
                pattern.compiled_with_flags = flags
                pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
            key = (pattern.regex, flags, text)
            spans = spans_of.get(key) if spans_of is not None else None
            if spans is None:
                spans = _spans(pattern, text)
                if spans_of is not None:
                    spans_of[key] = spans
            for start, end in spans:
                results += self._pattern_result(text, start, end, pattern, flags)
        return EntityRecognizer.remove_duplicates(results)

    def _pattern_result(self, text: str, start: int, end: int, pattern: Pattern,
                        flags: int) -> list[RecognizerResult]:
        """The result of one match as Presidio makes it (none when validation or invalidation rejects it)."""
        matched = text[start:end]
        if matched == "":
            return []
        validation = self.validate_result(matched)
        explanation = self.build_regex_explanation(self.name, pattern.name, pattern.regex, pattern.score,
                                                   validation, flags)
        result = RecognizerResult(entity_type=self.supported_entities[0], start=start, end=end,
                                  score=pattern.score, analysis_explanation=explanation,
                                  recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
        if validation is not None:
            result.score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
        if self.invalidate_result(matched):
            result.score = EntityRecognizer.MIN_SCORE
        explanation.score = result.score
        return [result] if result.score > EntityRecognizer.MIN_SCORE else []

    def column_values(self, text: str, nlp_artifacts: NlpArtifacts | None, label: re.Pattern[str],
                      value: re.Pattern[str], score: float) -> list[RecognizerResult]:
        """The values of a table's columns whose label matches `label` ("kontonr", "adresse") and whose
        whole text matches `value`: the header says what they are, no context word is needed."""
        layout = getattr(nlp_artifacts, "layout", None)
        return self.cell_results(
            [
                cell
                for cell in (layout.cells if layout is not None else ())
                if cell.label and not cell.header and label.search(cell.label)
                and value.fullmatch(text, cell.start, cell.end)
            ],
            score,
        )

    def cell_results(self, cells: Iterable[Cell], score: float) -> list[RecognizerResult]:
        """One result per table cell, explained by its column's label."""
        return [self.result(cell.start, cell.end, score, f"value of the column '{cell.label}'") for cell in cells]

    def result(self, start: int, end: int, score: float, why: str) -> RecognizerResult:
        """A result of this recognizer for text[start:end], with the reason it was found."""
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score, textual_explanation=why)
        metadata = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}
        return RecognizerResult(self.ENTITY, start, end, score, explanation, recognition_metadata=metadata)


def _spans(pattern: Pattern, text: str) -> list[tuple[int, int]]:
    """The spans of a compiled pattern's matches in `text` (those found in time, as Presidio keeps them)."""
    spans: list[tuple[int, int]] = []
    try:
        for match in pattern.compiled_regex.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
            spans.append(match.span())
    except TimeoutError:
        logger.warning("Regex pattern '%s' timed out after %s seconds, skipping.", pattern.name,
                       REGEX_TIMEOUT_SECONDS, exc_info=True)
    return spans


class _GatedPatterns(PatternRecognizer):
    """A gated pattern of `owner`, matched as Presidio matches the owner's own (validation included), its
    results reported as the owner's."""

    def __init__(self, owner: DanishPatternRecognizer, pattern: Pattern) -> None:
        flags = {} if owner.REGEX_FLAGS is None else {"global_regex_flags": owner.REGEX_FLAGS}
        super().__init__(supported_entity=owner.ENTITY, patterns=[pattern], supported_language=owner.supported_language,
                         **flags)
        self._owner = owner

    def validate_result(self, pattern_text: str) -> bool | None:
        return self._owner.validate_result(pattern_text)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            result.recognition_metadata = {RecognizerResult.RECOGNIZER_NAME_KEY: self._owner.name,
                                           RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self._owner.id}
            if result.analysis_explanation is not None:
                result.analysis_explanation.recognizer = self._owner.name
        return results
