"""Context scoring for the Danish recognizers: words before a match raise or lower its score.

Presidio's `LemmaContextAwareEnhancer` finds a match's token by scanning all tokens from the start and tests
list membership for every context lemma, so its cost grows with text length times the number of matches
(quadratic on long prompts). This enhancer keeps its rules (`context` words, 5 keywords back, +0.35, at
least 0.4) in linear time, matches context words as *prefixes* of a token ("cpr" fits "cpr-nr", "mobil"
fits "mobilnummer", while "p-nr" does not fit "cpr-nr"; a word written "=kr" must match a whole token),
and adds negative context: a recognizer's `negative_context` words ("fakturanr", "sagsnr") lower the score by
`negative_step`, the same 0.35 a context word adds. A fixed step, not a factor, puts every pattern-only
match of 0.5 or less below the policy's 0.2 (halving left a 0.4 pattern, an unbroken CPR number after
"Ordrenummer", exactly on it) and keeps a checked one above it (a CPR number passing modulus 11, 1.0 -> 0.65;
a +45 number, 0.85 -> 0.5). When both kinds of word are near a match, the nearest one decides. A negative
word that is the first keyword before a match is its label ("Fakturanr. 0502781235", "P-nr 1012785436"):
the label says what the number is, so even one that passes a checksum is dropped. A value in a table's
column has the column's label as its nearest context (`kkgpt.pii.layout`). A number label that is none of a
recognizer's own words ("Afgiftsnr." before an eight-digit number) labels some other number too.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Sequence

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

logger = logging.getLogger(__name__)

_LABEL_WORDS = re.compile(r"\w+(?:[-.]\w+)*")
# A word that labels a number of some kind ("afgiftsnr", "medlemsnummer", "kunde-id", "sagsid"; not a
# name such as "Said") ...
_NUMBER_LABEL = re.compile(r"^\w{2,}(?:nr|nummer|numre)\.?$|^\w{2,}-id$|^\w{2,}sid$|^(?:kunde|bruger|user|elev)id$")
# ... and the words that only say "number", which stand between a label and its number ("Faktura nr.").
_NUMBER_WORDS = frozenset({"nr", "nr.", "no", "no.", "nummer", "number", "num", "#"})


def _first_prefix(lemma: str, words: Sequence[str]) -> str:
    """The first of `words` that `lemma` starts with ('=word' must equal it), or ''."""
    for word in words:
        if word.startswith("="):
            if lemma == word[1:]:
                return word
        elif lemma.startswith(word):
            return word
    return ""


class DanishContextEnhancer(ContextAwareEnhancer):
    """Linear-time context enhancer with prefix matching and negative context words."""

    def __init__(
        self,
        context_similarity_factor: float = 0.35,
        min_score_with_context_similarity: float = 0.4,
        context_prefix_count: int = 5,
        context_suffix_count: int = 0,
        negative_step: float = 0.35,
    ) -> None:
        super().__init__(
            context_similarity_factor=context_similarity_factor,
            min_score_with_context_similarity=min_score_with_context_similarity,
            context_prefix_count=context_prefix_count,
            context_suffix_count=context_suffix_count,
        )
        self.negative_step = negative_step

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Adjust each result's score by the context words around it (results are updated in place)."""
        if nlp_artifacts is None or not nlp_artifacts.tokens:
            return raw_results
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        keywords = set(nlp_artifacts.keywords)
        extra = [word.lower() for word in context or ()]
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            positive = [word.lower() for word in recognizer.context or ()]
            negative = [word.lower() for word in getattr(recognizer, "negative_context", ()) or ()]
            if not positive and not negative:
                continue
            decision = self._decide(text, nlp_artifacts, keywords, result, positive, negative, extra)
            self._apply(result, decision)
        return raw_results

    def _decide(self, text: str, artifacts: NlpArtifacts, keywords: set[str], result: RecognizerResult,
                positive: list[str], negative: list[str], extra: list[str]) -> tuple[str, str]:
        """Return ('+', '-', 'label' or '', word): the nearest context word before the match, else one after
        it; 'label' is a negative word that is the first keyword before the match (the number's label)."""
        # A value in a table's column: the column's label is its own label ("mobil", "fakturanr").
        cell = getattr(artifacts, "layout", None) and artifacts.layout.cell_at(result.start)
        if cell and cell.label and not cell.header:
            for label in _LABEL_WORDS.findall(cell.label):
                if word := _first_prefix(label, negative):
                    return "label", word
                if word := _first_prefix(label, positive):
                    return "+", word
        lemmas = artifacts.lemmas
        index = self._token_index(artifacts, result.start)
        remaining = self.context_prefix_count + 1  # the match's own token counts, as in Presidio
        i = index
        nearest = True  # no keyword seen yet between this one and the match
        same_line = True  # a negative word on an earlier line labels something else ("journalen:\n... 2281")
        while i >= 0 and remaining > 0:
            lemma = lemmas[i]
            if i < index and "\n" in text[artifacts.tokens_indices[i]:artifacts.tokens_indices[i + 1]]:
                same_line = False
            if i < index and lemma in ("!", "?"):
                same_line = False  # "(not a CPR!). Please call +45...": a label in another sentence
            if lemma in keywords:
                remaining -= 1
                # The match's own token is a negative word only when the match starts inside it
                # ("fakturanr.0101701234"); a number never negates itself.
                own_token = i == index and result.start <= artifacts.tokens_indices[i]
                if not own_token and same_line and (word := _first_prefix(lemma, negative)):
                    return ("label" if nearest else "-"), word
                if word := _first_prefix(lemma, positive):
                    return "+", word
                if negative and nearest and not own_token and same_line and _NUMBER_LABEL.search(lemma):
                    return "label", lemma  # "Afgiftsnr. 41882710": some other number's label
                nearest = nearest and (own_token or lemma in _NUMBER_WORDS)
            i -= 1
        remaining, i = self.context_suffix_count, index + 1
        while i < len(lemmas) and remaining > 0:
            if lemmas[i] in keywords:
                remaining -= 1
                if word := _first_prefix(lemmas[i], positive):
                    return "+", word
            i += 1
        for word in extra:
            if word and _first_prefix(word, positive):
                return "+", word
        return "", ""

    @staticmethod
    def _token_index(artifacts: NlpArtifacts, start: int) -> int:
        """Index of the token holding `start` (or the first token after it)."""
        starts = artifacts.tokens_indices
        i = max(bisect_right(starts, start) - 1, 0)
        if i < len(starts) - 1 and start >= starts[i] + len(artifacts.tokens[i]):
            i += 1
        return i

    def _apply(self, result: RecognizerResult, decision: tuple[str, str]) -> None:
        """Raise or lower the score and record why."""
        sign, word = decision
        if not sign:
            return
        if sign == "+":
            score = max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity)
            result.score = min(score, self.MAX_SCORE)
        elif sign == "label":
            result.score = 0.0  # the number's own label says what it is: "Fakturanr. 0502781235"
        else:
            result.score = max(result.score - self.negative_step, 0.0)
        result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        if result.analysis_explanation is not None:
            result.analysis_explanation.set_supportive_context_word(f"{sign}{word}")
            result.analysis_explanation.set_improved_score(result.score)
