"""PERSON: names in Danish and English prompts from capitalisation, name lists, cues and surname endings.

No statistical model is available offline, so the recognizer combines what works for Danish text: nouns are
lower case, so a capitalised word inside a sentence is a name, a place or an organisation; name lists and
surname endings (-sen, -gaard, -ović...) tell names apart; stop-lists remove places, organisations and
everyday words; titles and cue words ("fru", "Kære", "borgeren", "hans mor") vouch for what follows.
A name may hold particles and initials ("Ruby de la Cruz", "Leif B. Munk") and be typed in capitals in a
form ("LEIF B. MUNK"). A first name takes the unlisted capitalised word after it as its surname. Words the
neighbours show to be places, schools or firms named after people are removed first (`NonNameFilter`:
"H.C. Andersens Boulevard", "Sankt Hans Torv", "Bang & Olufsen"); names typed in lower case
(`LowercaseNameFinder`), user names and signing initials (`HandleFinder`: "jakob.friis", "/LKJ") are found
beside the capitalised ones. Once a name is found with good confidence, its other mentions in the same text
are marked too (`NamePropagator`): "Per kan træffes..." after "mentor er Per", "Milans mor" after "Milan
Jovanović".

It reads the tokens Presidio's NLP engine already made (one tokenisation per prompt), keeps per-word facts
only for capitalised words and does set look-ups, so its cost is linear in the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.entities import RecognizerResources
from kkgpt.pii.nlp import RegexTokenizer
from kkgpt.pii.recognizers import name_text
from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.name_filters import NonNameFilter
from kkgpt.pii.recognizers.name_handles import HandleFinder
from kkgpt.pii.recognizers.name_lowercase import LowercaseNameFinder
from kkgpt.pii.recognizers.name_propagation import Found, NamePropagator
from kkgpt.pii.recognizers.name_text import COORDINATORS, RELATIONS, NameDoc
from kkgpt.pii.recognizers.name_words import (
    AMBIGUOUS,
    FIRST,
    MAX_PARTICLES,
    PARTICLES,
    SUFFIX_SURNAME,
    SURNAME,
    UNKNOWN,
    NameWord,
    NameWordClassifier,
)


class DanishPersonRecognizer(EntityRecognizer):
    """Finds person names with name lists, capitalisation, cue words, surname endings and propagation."""

    ENTITIES = ["PERSON"]

    #: Cue vocabularies (see `name_text`), exposed here for explanations and extensions.
    TITLES = name_text.TITLES
    GREETINGS = name_text.GREETINGS
    ROLES = name_text.ROLES
    WEAK_CUES = name_text.WEAK_CUES
    INSTITUTIONS = name_text.INSTITUTIONS

    #: Score of each rule; the policy's PERSON threshold is 0.4.
    SCORES: Mapping[str, float] = MappingProxyType({
        "full_name": 0.85, "cue": 0.85, "ambiguous_pair": 0.7, "unknown_pair_cue": 0.8, "unknown_pair": 0.45,
        "unknown_pair_english": 0.3, "unknown_pair_english_prose": 0.45, "first": 0.75, "first_start": 0.6,
        "surname": 0.6, "surname_start": 0.5, "suffix_surname": 0.5, "suffix_surname_start": 0.35,
        "ambiguous": 0.5, "ambiguous_english": 0.5, "unknown": 0.35, "unknown_weak_cue": 0.45,
        "coordinated": 0.6, "lowercase_pair": 0.7, "lowercase_cue": 0.6, "lowercase_first": 0.5,
        "lowercase_coordinated": 0.5, "propagated": 0.55, "genitive_relation": 0.7, "username": 0.7,
        "initials": 0.6,
    })
    #: A found name at or above this score vouches for a coordinated word and for its other mentions.
    CONFIDENT = 0.5

    def __init__(self, lexicon: NameLexicon, supported_language: str = "da") -> None:
        self.lexicon = lexicon
        self._words = NameWordClassifier(lexicon)
        self._tokenizer = RegexTokenizer()
        self._propagator = NamePropagator(lexicon, min_score=self.CONFIDENT, score=self.SCORES["propagated"])
        self._filter = NonNameFilter(lexicon)
        self._lowercase = LowercaseNameFinder(lexicon, self._words, self.SCORES)
        self._handles = HandleFinder(lexicon, username_score=self.SCORES["username"],
                                     initials_score=self.SCORES["initials"])
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
        blocked = frozenset(self._blocked(text, tokens, starts))
        candidates = self._candidates(tokens, blocked)
        doc = NameDoc(text, tokens, starts, candidates, blocked, self._is_english(tokens),
                      known_names=getattr(nlp_artifacts, "known_names", frozenset()))
        self._filter.apply(doc)
        if doc.english:
            self._count_sentence_words(doc)
        found: Found = {}  # first token index -> (last index, score, rule)
        if getattr(nlp_artifacts, "mentions_only", False):
            # A window read again for names found later in a long text: only their mentions are new.
            self._propagator.propagate(doc, found)
            return [self._result(doc, first, last, score, rule)
                    for first, (last, score, rule) in sorted(found.items())]
        runs = self._runs(doc)
        for first, last in runs:
            decision = self._judge(doc, first, last)
            if decision:
                found[decision[0]] = decision[1:]
        self._extend_surnames(doc, found)
        self._lowercase.find(doc, found)
        self._coordinated(doc, found, runs)
        self._handles.find(doc, found)
        self._propagator.propagate(doc, found)
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

    def _blocked(self, text: str, tokens: Sequence[str], starts: Sequence[int]) -> set[int]:
        """Tokens of organisations and places, and of firms named after people unless a person cue or a
        preposition other than "fra" stands before them ("designklassikere: Georg Jensen" is the firm,
        "Kære Georg Jensen" and "brev til Georg Jensen" a man of that name)."""
        phrases, eponyms = self._words.phrases(tokens)
        blocked = {k for span in phrases for k in span}
        if eponyms:
            probe = NameDoc(text, tokens, starts, {})
            for span in eponyms:
                cue, word = probe.cue_before(span[0])
                if not (cue == "strong" or (cue == "weak" and word not in name_text.HEADER_CUES)):
                    blocked.update(span)  # "en lampe fra Louis Poulsen": the firm
        return blocked

    def _candidates(self, tokens: Sequence[str], blocked: frozenset[int]) -> dict[int, NameWord]:
        """Capitalised tokens that may be names, outside organisation and place phrases."""
        memo: dict[str, NameWord | None] = {}
        candidates: dict[int, NameWord] = {}
        for i, token in enumerate(tokens):
            if token[:1].isupper() and i not in blocked:
                if token not in memo:
                    memo[token] = self._words.capitalised(token)
                if (word := memo[token]) is not None:
                    candidates[i] = word
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

    # -- runs of capitalised words ----------------------------------------------------------------------

    def _runs(self, doc: NameDoc) -> list[tuple[int, int]]:
        """(first, last) token indices of candidate runs: words joined by spaces, particles or initials."""
        runs: list[tuple[int, int]] = []
        last = -1
        for i in sorted(doc.candidates):
            if i <= last:
                continue
            last = i
            while (following := self._next_in_run(doc, last)) is not None:
                last = following
            runs.append((i, last))
        return runs

    @staticmethod
    def _next_in_run(doc: NameDoc, k: int) -> int | None:
        """The next name word of the name that token k is part of ("Ruby de la Cruz", "Leif B. Munk")."""
        if k + 1 in doc.candidates and doc.gap(k, k + 1) == " ":
            return k + 1
        j, n = k + 1, len(doc.tokens)
        while j < n and j - k <= MAX_PARTICLES and doc.tokens[j] in PARTICLES and doc.gap(j - 1, j) == " ":
            j += 1
        if j > k + 1:
            return j if j in doc.candidates and doc.gap(j - 1, j) == " " else None
        if j < n and doc.gap(k, j) == " " and (after := doc.after_initial(j)) is not None \
                and after in doc.candidates:
            return after
        return None

    def _judge(self, doc: NameDoc, first: int, last: int) -> tuple[int, int, float, str] | None:
        """Decide whether a run is a name: (first, last, score, rule) or None."""
        decision = self._judge_run(doc, first, last)
        if decision is None:
            return None
        first, last, score, rule = decision
        # Initials before a surname belong to it ("J. Jensen", "H.C. Andersen"); before a first name the
        # dot more likely ends a sentence ("plan B. Mette sender den").
        word = doc.candidates.get(first)
        while word is not None and word.kind != FIRST and first >= 2 and doc.tokens[first - 1] == "." \
                and doc.initial(first - 2) and not doc.gap(first - 2, first - 1) \
                and doc.gap(first - 1, first) == " ":
            first -= 2
        return first, last, score, rule

    def _judge_run(self, doc: NameDoc, first: int, last: int) -> tuple[int, int, float, str] | None:
        names = [k for k in range(first, last + 1) if k in doc.candidates]
        words = [doc.candidates[k] for k in names]
        start = doc.sentence_start(first)
        # A sentence-initial unknown word before a listed first name is the sentence's verb or noun
        # ("Indkald Mehmet"): drop it. Before a surname it is the first name ("Gudmund Ravn").
        while len(names) > 1 and start and words[0].kind == UNKNOWN \
                and any(w.kind != UNKNOWN for w in words[1:]) and not self._surname_like(words[1]):
            names, words, start = names[1:], words[1:], False
        kinds = [w.kind for w in words]
        first, last = names[0], names[-1]
        cue, cue_word = doc.cue_before(first)
        if cue == "institution":
            return None
        if not cue and doc.letter_header(first, last):
            cue, cue_word = "strong", "letter header"
        listed = FIRST in kinds or SURNAME in kinds
        if cue != "strong" and not listed:
            if any(w.capitals for w in words):
                return None  # a word in capitals ("MUNK", "STORM") counts only beside a listed name
            if len(names) > 1 and doc.quoted(first, last):
                return None  # a title in quotes: 'Kongens Fald'
        if len(names) > 1:
            if listed:
                rule = "full_name"
            elif SUFFIX_SURNAME in kinds or AMBIGUOUS in kinds:
                rule = "cue" if cue == "strong" else "ambiguous_pair"
            elif cue == "strong":
                rule = "unknown_pair_cue"
            elif not doc.english:
                rule = "unknown_pair"  # Danish capitalises only proper nouns after the first word
            elif doc.prose(first, last) and doc.lowered(first - 1) in name_text.ENGLISH_PERSON_CUES:
                rule = "unknown_pair_english_prose"  # "send it to Rosemary Okeke and ask her to sign"
            else:
                rule = "unknown_pair_english"  # English titles capitalise every word: "Key Stakeholders"
            return first, last, self.SCORES[rule], rule
        if cue == "strong":
            return first, last, self.SCORES["cue"], f"cue:{cue_word}"
        if first - 1 in doc.blocked and doc.gap(first - 1, first) == " ":
            return None  # a model after its make or product line: "Renault Zoe", "Microsoft Teams"
        word = words[0]
        if word.name_length < len(doc.tokens[first]) and doc.lowered(first + 1) in RELATIONS \
                and doc.gap(first, first + 1) == " ":
            return first, last, self.SCORES["genitive_relation"], "genitive_relation"  # "Pers bror"
        weak = cue == "weak" and not doc.english
        rule = {
            FIRST: "first_start" if start else "first",
            SURNAME: "surname_start" if start else "surname",
            SUFFIX_SURNAME: "suffix_surname_start" if start else "suffix_surname",
            AMBIGUOUS: None if start else self._ambiguous_rule(doc, first, word),
            UNKNOWN: None if start else ("unknown_weak_cue" if weak else "unknown"),
        }[word.kind]
        if rule is None:
            return None
        return first, last, self.SCORES[rule], rule

    def _surname_like(self, word: NameWord) -> bool:
        """A listed surname, a surname by its ending, or a listed surname that is also a word ("Ravn")."""
        return word.kind in (SURNAME, SUFFIX_SURNAME) or (word.kind == AMBIGUOUS
                                                          and word.folded in self.lexicon.surnames)

    def _ambiguous_rule(self, doc: NameDoc, i: int, word: NameWord) -> str | None:
        """A capitalised name-or-word inside a sentence: a name, unless a place, "his" or an English word.

        English capitalises months and languages but no common nouns, so "meet Holly" is a name while
        "in May" is not; a function word ("Will", "Do") may still be a heading's word.
        """
        lex = self.lexicon
        if word.folded in lex.place_words or doc.possessive(i):
            return None
        if not doc.english:
            return "ambiguous"
        if word.folded in lex.proper_words or word.folded in lex.stop_words or self._in_title(doc, i):
            return None
        return "ambiguous_english"

    @staticmethod
    def _in_title(doc: NameDoc, i: int) -> bool:
        """True when a capitalised word that is no candidate stands next to token i ("the Summer School")."""
        return any(0 <= k < len(doc.tokens) and k not in doc.candidates and doc.tokens[k][:1].isupper()
                   and doc.gap(min(i, k), max(i, k)) == " " for k in (i - 1, i + 1))

    # -- second passes ----------------------------------------------------------------------------------

    def _extend_surnames(self, doc: NameDoc, found: Found) -> None:
        """Take an unlisted capitalised word after a found first name as its surname ("Priya Raghunathan")."""
        score = self.SCORES["full_name"]
        n = len(doc.tokens)
        for i, (last, _, _) in list(found.items()):
            word, following = doc.candidates.get(last), last + 1
            if word is None or word.kind != FIRST or following >= n or following in doc.candidates \
                    or following in doc.blocked or word.name_length != len(doc.tokens[last]) \
                    or doc.gap(last, following) != " ":
                continue
            if self._filter.place_head_after(doc, following):
                del found[i]  # "Niels Steensens Gymnasium": a school named after him
                doc.named_after.update(range(i, following + 2))
            elif self._words.surname_after_first_name(doc.tokens[following]):
                found[i] = (following, score, "surname_extension")

    def _coordinated(self, doc: NameDoc, found: Found, runs: Sequence[tuple[int, int]]) -> None:
        """Accept a name-like run joined by og/and/',' to a found name ("Bo og Dorte", "BO STORM OG LINE
        MUNK"), also past a short parenthesis ("Ayaan (7) og Zayan (4)")."""
        score = self.SCORES["coordinated"]
        starts = {i for i, (_, s, _) in found.items() if s >= self.CONFIDENT}
        ends = {found[i][0] for i in starts}
        covered = {k for i in starts for k in range(i, found[i][0] + 1)}
        tokens, n = doc.tokens, len(doc.tokens)
        for first, last in runs:
            if first in covered or last in covered or doc.possessive(first):
                continue
            after = doc.after_parenthesis(last + 1)
            before = doc.before_parenthesis(first - 2)
            joins_next = after + 1 < n and after + 1 in starts and tokens[after].lower() in COORDINATORS
            joins_previous = before in ends and tokens[first - 1].lower() in COORDINATORS
            if joins_next or joins_previous:
                found[first] = (max(last, found[first][0]) if first in found else last, score, "coordinated")

    def _result(self, doc: NameDoc, first: int, last: int, score: float, rule: str) -> RecognizerResult:
        word = doc.candidates.get(last)
        length = doc.name_lengths.get(last) \
            or (word.name_length if word is not None else len(doc.tokens[last]))
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score,
                                          textual_explanation=f"PERSON by rule {rule}")
        return RecognizerResult("PERSON", doc.starts[first], doc.starts[last] + length, score, explanation,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
