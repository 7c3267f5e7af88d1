"""PERSON: names in Danish and English prompts from capitalisation, name lists, cues and surname endings.

No statistical model is available offline, so the recognizer combines what works for Danish text: nouns are
lower case, so a capitalised word inside a sentence is a name, a place or an organisation; name lists and
surname endings (-sen, -gaard, -ović...) tell names apart; stop-lists remove places, organisations and
everyday words; titles and cue words ("fru", "Kære", "borgeren", "hans mor") vouch for what follows.

The work is split in small, separately tested stages:

1. words (`name_words`): what kind of name, if any, each capitalised word can be; organisation, place and
   firm phrases are blocked, and words their neighbours show not to be names are dropped (`name_filters`);
2. candidates: runs of capitalised words, lower-case names and people where the layout names them
   (`name_candidates`), user names and signing initials (`name_handles`), staff initials that act
   (`name_initials`);
3. evidence (`name_evidence`): the name classes of a candidate's words, the cue before it, its position;
4. scoring (`name_scoring`): an ordered table of rules from evidence to a score;
5. relations (`name_relations`, `name_propagation`): a surname after a found first name, names coordinated
   with found ones, and further mentions of a found name ("Per kan træffes..." after "mentor er Per").

It reads the tokens Presidio's NLP engine already made (one tokenisation per prompt), keeps per-word facts
only for capitalised words and does set look-ups, so its cost is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.entities import RecognizerResources
from kkgpt.pii.layout import Layout, read_layout
from kkgpt.pii.nlp import RegexTokenizer
from kkgpt.pii.recognizers import name_text
from kkgpt.pii.recognizers.file_names import file_name_people
from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.name_candidates import (
    Candidate,
    capitalised_runs,
    lowercase_name_at,
    lowercase_names,
    people,
    person_word,
)
from kkgpt.pii.recognizers.name_evidence import EvidenceReader
from kkgpt.pii.recognizers.name_filters import NonNameFilter
from kkgpt.pii.recognizers.name_handles import handles
from kkgpt.pii.recognizers.name_initials import acting_initials
from kkgpt.pii.recognizers.name_propagation import Found, NamePropagator
from kkgpt.pii.recognizers.name_relations import NameRelations
from kkgpt.pii.recognizers.name_scoring import RELATION_SCORES, decide
from kkgpt.pii.recognizers.name_text import NameDoc
from kkgpt.pii.recognizers.name_words import AMBIGUOUS, SURNAME, UNKNOWN, NameWord, NameWordClassifier


class DanishPersonRecognizer(EntityRecognizer):
    """Finds person names with name lists, capitalisation, cue words, surname endings and propagation."""

    ENTITIES = ["PERSON"]

    #: Cue vocabularies (see `name_text`), exposed here for explanations and extensions.
    TITLES = name_text.TITLES
    GREETINGS = name_text.GREETINGS
    ROLES = name_text.ROLES
    WEAK_CUES = name_text.WEAK_CUES
    INSTITUTIONS = name_text.INSTITUTIONS

    #: A found name at or above this score vouches for a coordinated word and for its other mentions.
    CONFIDENT = 0.5

    def __init__(self, lexicon: NameLexicon, supported_language: str = "da") -> None:
        self.lexicon = lexicon
        self._words = NameWordClassifier(lexicon)
        self._tokenizer = RegexTokenizer()
        self._filter = NonNameFilter(lexicon)
        self._evidence = EvidenceReader(lexicon)
        self._relations = NameRelations(lexicon, self._words, self._filter, self.CONFIDENT)
        self._propagator = NamePropagator(lexicon, min_score=self.CONFIDENT,
                                          score=RELATION_SCORES["propagated"])
        super().__init__(supported_entities=list(self.ENTITIES), supported_language=supported_language,
                         name="DanishPersonRecognizer")

    @classmethod
    def from_resources(cls, resources: RecognizerResources) -> DanishPersonRecognizer:
        """The recognizer over the analyzer's shared name lexicon (how `kkgpt.pii.entities` builds it)."""
        return cls(resources.lexicon, supported_language=resources.language)

    def load(self) -> None:
        """The lexicon is injected; nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        """Return PERSON results for `text`."""
        tokens, starts = self._tokens(text, nlp_artifacts)
        if not tokens:
            return []
        layout = getattr(nlp_artifacts, "layout", None)
        doc = self._document(text, tokens, starts, getattr(nlp_artifacts, "known_names", frozenset()),
                             layout if layout is not None else read_layout(text))
        found: Found = {}  # first token index -> (last index, score, rule)
        if getattr(nlp_artifacts, "mentions_only", False):
            # A window read again for names found later in a long text: only their mentions are new.
            self._propagator.propagate(doc, found)
            return self._results(doc, found)
        capitalised = capitalised_runs(doc, self.lexicon)
        for candidate in capitalised:
            self._judge(doc, candidate, found)
        self._relations.extend_surnames(doc, found)
        # Where the layout says people are named, whole runs first ("linnea brask" in a column of names)
        self._judge_all(doc, found, people(doc, self.lexicon, self._words, _covered(found)))
        self._lowercase(doc, found)
        self._relations.coordinated(doc, found, [(c.first, c.last) for c in capitalised])
        covered = _covered(found)
        self._judge_all(doc, found, [c for c in handles(doc, self.lexicon) if c.first not in doc.blocked
                                     and c.first not in covered])
        ends = {last for last, _, _ in found.values()}
        self._judge_all(doc, found, acting_initials(doc, self.lexicon, ends))
        self._relations.initials_of_names(doc, found)
        self._relations.initials_listed_with_names(doc, found)
        self._relations.nicknames(doc, found)
        self._relations.line_heads(doc, found)
        self._relations.compound_cases(doc, found)
        self._relations.asides(doc, found)
        if doc.layout.cells:
            self._relations.weekday_roster(doc, found)
        if doc.layout.cells:
            self._relations.columns(doc, found, lambda k: person_word(doc, k, self.lexicon, self._words,
                                                                       any_word=True, capitalised=True))
        self._propagator.propagate(doc, found)
        self._relations.trailing_initial(doc, found)
        self._relations.inverted(doc, found)
        return self._results(doc, found) + self._file_name_results(text)

    def _file_name_results(self, text: str) -> list[RecognizerResult]:
        """Names inside attachments' file names ("CPR_0810607847_Babić.pdf"), which no token shows."""
        if "." not in text:
            return []
        return [self._span_result(start, end, _FILE_NAME_SCORE, "file_name")
                for start, end in file_name_people(text, self.lexicon)]

    def document(self, text: str) -> NameDoc:
        """The document the stages share for `text` (for explanations and tests)."""
        return self._document(text, *self._tokenizer(text), frozenset(), read_layout(text))

    def _document(self, text: str, tokens: Sequence[str], starts: Sequence[int],
                  known_names: frozenset[str], layout: Layout) -> NameDoc:
        """The document the stages share: name candidates outside organisation and place phrases, with the
        words their neighbours show not to be names already dropped."""
        blocked_set, places = self._blocked(text, tokens, starts)
        blocked = frozenset(blocked_set)
        candidates = self._candidates(tokens, blocked)
        doc = NameDoc(text, tokens, starts, candidates, blocked, self._is_english(tokens),
                      known_names=known_names, layout=layout, places=places)
        if not doc.english:
            doc = replace(doc, casual=_typed_casually(doc))
        self._filter.apply(doc)
        if doc.english:
            self._count_sentence_words(doc)
        return doc

    def _judge_all(self, doc: NameDoc, found: Found, candidates: list[Candidate]) -> None:
        """Judge candidates in order, each only if no name found so far covers its first token."""
        covered = _covered(found)
        for candidate in candidates:
            if candidate.first in covered:
                continue
            if (accepted := self._judge(doc, candidate, found)) is not None:
                covered.update(range(accepted.start, accepted.last + 1))

    def _judge(self, doc: NameDoc, candidate: Candidate, found: Found) -> Candidate | None:
        """Score a candidate (or else its fallback); add the one that is a name to `found` and return it."""
        decision = decide(self._evidence.read(doc, candidate))
        if decision is None:
            return None if candidate.fallback is None else self._judge(doc, candidate.fallback, found)
        rule, score = decision
        found[candidate.start] = (candidate.last, score, rule)
        return candidate

    def _lowercase(self, doc: NameDoc, found: Found) -> None:
        """Names typed in lower case, then lower-case names-or-words coordinated with them."""
        before = _covered(found)
        taken = set(before)
        for candidate in lowercase_names(doc, self._words, taken):
            if (accepted := self._judge(doc, candidate, found)) is not None:
                taken.update(range(accepted.start, accepted.last + 1))
        name_at = lowercase_name_at(doc, self._words)
        self._relations.lowercase_coordinated(doc, found, lambda k: None if k in before else name_at(k))
        self._relations.lowercase_genitives(doc, found)

    def _results(self, doc: NameDoc, found: Found) -> list[RecognizerResult]:
        return [self._result(doc, first, last, score, rule)
                for first, (last, score, rule) in sorted(found.items())]

    # -- tokens ---------------------------------------------------------------------------------------

    def _tokens(self, text: str, artifacts: NlpArtifacts | None) -> tuple[Sequence[str], Sequence[int]]:
        """Tokens and offsets from the shared NLP artifacts, or from our own tokenizer."""
        if artifacts is not None and artifacts.tokens is not None and len(artifacts.tokens_indices):
            tokens = artifacts.tokens
            if isinstance(tokens, list) and isinstance(tokens[0], str):
                return tokens, artifacts.tokens_indices
            return [t.text for t in tokens], artifacts.tokens_indices  # a spaCy Doc
        return self._tokenizer(text)

    def _blocked(self, text: str, tokens: Sequence[str],
                 starts: Sequence[int]) -> tuple[set[int], frozenset[int]]:
        """Tokens of organisations and places, and of firms named after people unless a person cue or a
        preposition other than "fra" stands before them ("designklassikere: Georg Jensen" is the firm,
        "Kære Georg Jensen" and "brev til Georg Jensen" a man of that name); and which of them are places."""
        phrases, eponyms, places = self._words.phrases(tokens)
        blocked = {k for span in phrases for k in span}
        if eponyms:
            probe = NameDoc(text, tokens, starts, {})
            for span in eponyms:
                cue, word = probe.cue_before(span[0])
                if not (cue == "strong" or (cue == "weak" and word not in name_text.HEADER_CUES)):
                    blocked.update(span)  # "en lampe fra Louis Poulsen": the firm
        return blocked, frozenset(places)

    def _candidates(self, tokens: Sequence[str], blocked: frozenset[int]) -> dict[int, NameWord]:
        """Capitalised tokens that may be names, outside organisation and place phrases."""
        memo: dict[str, NameWord | None] = {}
        candidates: dict[int, NameWord] = {}
        for i, token in enumerate(tokens):
            if (token[:1].isupper() or _PARTICLE_NAME.match(token)) and i not in blocked \
                    and token.lower() not in name_text.ROLES:
                if token not in memo:
                    memo[token] = self._words.capitalised(token)
                if (word := memo[token]) is not None:
                    candidates[i] = word
                elif len(token) == 1 and i >= 1 and tokens[i - 1] in _FAROESE_PARTICLES:
                    # a Faroese surname of one letter, a place: "Heðin við Á", "Sunnuva í Dali"'s neighbour
                    candidates[i] = NameWord(SURNAME, token.lower(), 1, capitals=False)
        return candidates

    def _count_sentence_words(self, doc: NameDoc) -> None:
        """Fill `doc.sentence_counts`: lower-case and capitalised content words of each token's sentence.

        Listed first names and surnames and a sentence's first word are not counted (one pass, linear).
        """
        stop, counts = self.lexicon.stop_words, doc.sentence_counts
        begin, lower, upper = 0, 0, 0
        for i, token in enumerate(doc.tokens):
            if i > begin and doc.sentence_start(i):
                counts.extend([(lower, upper)] * (i - begin))
                begin, lower, upper = i, 0, 0
            if i == begin or len(token) < 3 or not token.isalpha() or token.lower() in stop:
                continue
            if token[0].islower():
                lower += 1
            elif (word := doc.candidates.get(i)) is None or word.kind in (UNKNOWN, AMBIGUOUS):
                upper += 1
        counts.extend([(lower, upper)] * (len(doc.tokens) - begin))

    @staticmethod
    def _is_english(tokens: Sequence[str]) -> bool:
        english = danish = 0
        for token in tokens[:name_text.LANGUAGE_SAMPLE]:
            lowered = token.lower()
            english += lowered in name_text.ENGLISH_MARKERS
            danish += lowered in name_text.DANISH_MARKERS
        return english > danish

    def _result(self, doc: NameDoc, first: int, last: int, score: float, rule: str) -> RecognizerResult:
        word = doc.candidates.get(last)
        length = doc.name_lengths.get(last) \
            or (word.name_length if word is not None else len(doc.tokens[last]))
        return self._span_result(doc.starts[first], doc.starts[last] + length, score, rule)

    def _span_result(self, start: int, end: int, score: float, rule: str) -> RecognizerResult:
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score,
                                          textual_explanation=f"PERSON by rule {rule}")
        return RecognizerResult("PERSON", start, end, score, explanation,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})


#: Score of a name inside a file name: below a cued name's, above the PERSON threshold.
_FILE_NAME_SCORE = 0.6

# A surname written with a lower-case particle and a hyphen: "al-Hassan", "el-Sayed", "ben-Ali".
_PARTICLE_NAME = re.compile(r"^(?:al|el|ben|bin|abu|ibn|ait|aït|da|de|di|van|von)-[A-ZÆØÅ]"
                            r"[a-zæøåäöüéèáíóúñçšžćčđßłńśźżğşı]+$")


#: Faroese particles before a surname that names a place ("við Á", "í Dali", "á Rógvu").
_FAROESE_PARTICLES = frozenset({"á", "í", "við", "av", "úr", "undir"})


def _covered(found: Found) -> set[int]:
    """Token indices inside the names found so far."""
    return {k for i, (last, _, _) in found.items() for k in range(i, last + 1)}


def _typed_casually(doc: NameDoc) -> bool:
    """More of the text's sentences open with a lower-case word than with a capitalised one."""
    lower = upper = 0
    for i, token in enumerate(doc.tokens):
        if token[:1].isalpha() and doc.sentence_start(i):
            if token[:1].islower():
                lower += 1
            elif not token.isupper() or len(token) == 1:
                upper += 1
    return lower > upper
