"""PERSON: names in Danish and English prompts from capitalisation, name lists, cues and surname endings.

No statistical model is available offline, so the recognizer combines what works for Danish text: nouns are
lower case, so a capitalised word inside a sentence is a name, a place or an organisation; name lists and
surname endings (-sen, -gaard, -ović...) tell names apart; stop-lists remove places, organisations and
everyday words; titles and cue words ("fru", "Kære", "borgeren", "hans mor") vouch for what follows.
Names typed in lower case are found when a listed first name stands alone, after a cue, beside another name
or before a listed surname ("jens-ole pedersen"). A first name takes the unlisted capitalised word after it
as its surname. Once a name is found with good confidence, its other mentions in the same text are marked
too (`NamePropagator`): "Per kan træffes..." after "mentor er Per", "Milans mor" after "Milan Jovanović".

It reads the tokens Presidio's NLP engine already made (one tokenisation per prompt), keeps per-word facts
only for capitalised words and does set look-ups, so its cost is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.da.stop_words import STOP_WORDS as _DA_STOP_WORDS

from kkgpt.pii.nlp import RegexTokenizer
from kkgpt.pii.recognizers import name_text
from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_propagation import Found, NamePropagator
from kkgpt.pii.recognizers.name_text import COORDINATORS, NameDoc
from kkgpt.pii.recognizers.name_words import (
    AMBIGUOUS,
    FIRST,
    PARTICLES,
    SUFFIX_SURNAME,
    SURNAME,
    UNKNOWN,
    LowercaseName,
    NameWord,
    NameWordClassifier,
)

# A dose after a word makes it a medicine ("Furix 40 mg"), not a person.
_DOSE = re.compile(r"\s\d+(?:[.,]\d+)?\s?(?:mg|g|ml|µg|mcg|mikrogram|IE|ie|mmol|enheder)\b")
# Words after a lower-case name-or-word that show the word ("lade sin søn bo hjemme").
_WORD_FOLLOWERS = frozenset({"hjemme", "alene", "sammen", "selv", "ude", "inde"})
_LOWER_COORDINATORS = frozenset({"og", "and", "&", "eller", "or"})


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
        "lowercase_coordinated": 0.5, "propagated": 0.55,
    })
    #: A found name at or above this score vouches for a coordinated word and for its other mentions.
    CONFIDENT = 0.5

    def __init__(self, lexicon: NameLexicon, supported_language: str = "da") -> None:
        self.lexicon = lexicon
        self._words = NameWordClassifier(lexicon)
        self._tokenizer = RegexTokenizer()
        self._propagator = NamePropagator(lexicon, min_score=self.CONFIDENT, score=self.SCORES["propagated"])
        super().__init__(supported_entities=list(self.ENTITIES), supported_language=supported_language,
                         name="DanishPersonRecognizer")

    def load(self) -> None:
        """The lexicon is injected; nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        """Return PERSON results for `text`."""
        tokens, starts = self._tokens(text, nlp_artifacts)
        if not tokens:
            return []
        blocked = frozenset(self._words.blocked(tokens))
        candidates = self._candidates(tokens, blocked)
        doc = NameDoc(text, tokens, starts, candidates, blocked, self._is_english(tokens))
        self._drop_non_names(doc)
        if doc.english:
            self._count_sentence_words(doc)
        found: Found = {}  # first token index -> (last index, score, rule)
        for first, last in self._runs(doc):
            decision = self._judge(doc, first, last)
            if decision:
                found[decision[0]] = decision[1:]
        self._extend_surnames(doc, found)
        self._lowercase(doc, found)
        self._coordinated(doc, found)
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

    def _drop_non_names(self, doc: NameDoc) -> None:
        """Remove candidates that the next words show to be something else.

        The first half of a compound ("Børne- og Ungdomspsykiatrisk Center"); an unknown word joined to a
        capitalised everyday word ("Byg og Miljø": a unit); an unknown word before a dose ("Furix 40 mg").
        """
        tokens, candidates, common = doc.tokens, doc.candidates, self.lexicon.common_words
        n = len(tokens)
        for i, word in list(candidates.items()):
            if i + 2 < n and tokens[i + 1] == "-" and not doc.gap(i, i + 1) \
                    and doc.gap(i + 1, i + 2).isspace():
                del candidates[i]
            elif word.kind != UNKNOWN:
                continue
            elif i + 2 < n and tokens[i + 1].lower() in ("og", "&") and tokens[i + 2][:1].isupper() \
                    and i + 2 not in candidates and fold(tokens[i + 2]) in common \
                    and tokens[i + 2].lower() not in self.ROLES:
                del candidates[i]
            elif _DOSE.match(doc.text, doc.starts[i] + len(tokens[i])):
                del candidates[i]

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
        """(first, last) token indices of candidate runs separated by single spaces (particles allowed)."""
        runs: list[tuple[int, int]] = []
        last = -1
        for i in sorted(doc.candidates):
            if i <= last:
                continue
            last = i
            while True:
                if last + 1 in doc.candidates and doc.gap(last, last + 1) == " ":
                    last += 1
                elif last + 2 in doc.candidates and doc.tokens[last + 1] in PARTICLES \
                        and doc.gap(last, last + 1) == " " and doc.gap(last + 1, last + 2) == " ":
                    last += 2
                else:
                    break
            runs.append((i, last))
        return runs

    def _judge(self, doc: NameDoc, first: int, last: int) -> tuple[int, int, float, str] | None:
        """Decide whether a run is a name: (first, last, score, rule) or None."""
        names = [k for k in range(first, last + 1) if k in doc.candidates]
        kinds = [doc.candidates[k].kind for k in names]
        start = doc.sentence_start(first)
        # A sentence-initial unknown word before a listed name is the sentence's verb or noun: drop it.
        while len(names) > 1 and start and kinds[0] == UNKNOWN and any(k != UNKNOWN for k in kinds[1:]):
            names, kinds, start = names[1:], kinds[1:], False
        first, last = names[0], names[-1]
        cue, cue_word = doc.cue_before(first)
        if cue == "institution":
            return None
        if len(names) > 1:
            if FIRST in kinds or SURNAME in kinds:
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
        word = doc.candidates[first]
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
            if self._words.surname_after_first_name(doc.tokens[following]):
                found[i] = (following, score, "surname_extension")

    def _coordinated(self, doc: NameDoc, found: Found) -> None:
        """Accept a lone name-like word joined by og/and/',' to a found name ("Bo og Dorte")."""
        score = self.SCORES["coordinated"]
        starts = {i for i, (_, s, _) in found.items() if s >= self.CONFIDENT}
        ends = {found[i][0] for i in starts}
        covered = {k for i in starts for k in range(i, found[i][0] + 1)}
        tokens = doc.tokens
        for i in doc.candidates:
            if i in covered or doc.possessive(i):
                continue
            joins_next = i + 2 in starts and tokens[i + 1].lower() in COORDINATORS
            joins_previous = i - 2 in ends and tokens[i - 1].lower() in COORDINATORS
            if joins_next or joins_previous:
                found[i] = (found[i][0] if i in found else i, score, "coordinated")

    def _lowercase(self, doc: NameDoc, found: Found) -> None:
        """Names typed in lower case: a listed first name, alone, after a cue or before a listed surname."""
        tokens, n = doc.tokens, len(doc.tokens)
        taken = {k for i, (last, _, _) in found.items() for k in range(i, last + 1)}
        memo: dict[str, LowercaseName | None] = {}

        def name_at(k: int) -> LowercaseName | None:
            if k >= n or k in taken:
                return None
            if tokens[k] not in memo:
                memo[tokens[k]] = self._words.lowercase_name(tokens[k])
            return memo[tokens[k]]

        i = 0
        while i < n:
            name = name_at(i)
            if name is None or not name.first:
                i += 1
                continue
            j = i
            while j + 1 < n and doc.gap(j, j + 1) == " " and (following := name_at(j + 1)) is not None \
                    and following.first and not following.surname:
                j += 1  # "anne marie larsen"
            surname = name_at(j + 1) if j + 1 < n and doc.gap(j, j + 1) == " " else None
            if surname is not None and surname.surname and name.ambiguous + surname.ambiguous < 2:
                found[i] = (j + 1, self.SCORES["lowercase_pair"], "lowercase_pair")
                i = j + 2
                continue
            cue = doc.cue_before(i)[0] == "strong"
            if not name.ambiguous:
                rule = "lowercase_cue" if cue else "lowercase_first"
                found[i] = (i, self.SCORES[rule], rule)
            elif cue and self._lowercase_word_is_name(doc, i, name):
                found[i] = (i, self.SCORES["lowercase_cue"], "lowercase_cue")  # "min kollega bjørn"
            i += 1
        self._lowercase_coordinated(doc, found, name_at)

    def _lowercase_word_is_name(self, doc: NameDoc, i: int, name: LowercaseName) -> bool:
        """A lower-case name that is also a noun, after a cue: not a function word, no "bo hjemme"."""
        following = doc.lowered(i + 1)
        return name.folded not in self.lexicon.common_words and following not in _WORD_FOLLOWERS \
            and not following[:1].isdigit()

    def _lowercase_coordinated(self, doc: NameDoc, found: Found,
                               name_at: Callable[[int], LowercaseName | None]) -> None:
        """A lower-case name-or-word joined by og/and to a lower-case name ("til per og sanne").

        Danish function words are left out ("rasmus og hans mor"); "per" is not one in spaCy's list.
        """
        score = self.SCORES["lowercase_coordinated"]
        lowercase_found = {i for i, (last, s, rule) in found.items() if rule.startswith("lowercase")}
        ends = {found[i][0] for i in lowercase_found}
        tokens = doc.tokens
        for i in range(len(tokens)):
            name = name_at(i)
            if name is None or not name.first or not name.ambiguous or i in found \
                    or name.folded in _DA_STOP_WORDS \
                    or (doc.english and name.folded in self.lexicon.stop_words):
                continue  # "rasmus og hans mor", "anne og du": pronouns, not names
            joins_next = i + 2 in lowercase_found and tokens[i + 1] in _LOWER_COORDINATORS
            joins_previous = i - 2 in ends and tokens[i - 1] in _LOWER_COORDINATORS
            if (joins_next or joins_previous) and not doc.lowered(i + 1)[:1].isdigit():
                found[i] = (i, score, "lowercase_coordinated")

    def _result(self, doc: NameDoc, first: int, last: int, score: float, rule: str) -> RecognizerResult:
        word = doc.candidates.get(last)
        length = doc.name_lengths.get(last) \
            or (word.name_length if word is not None else len(doc.tokens[last]))
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score,
                                          textual_explanation=f"PERSON by rule {rule}")
        return RecognizerResult("PERSON", doc.starts[first], doc.starts[last] + length, score, explanation,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
