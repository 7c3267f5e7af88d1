"""PERSON: names in Danish and English prompts from capitalisation, name lists, cues and surname endings.

No statistical model is available offline, so the recognizer combines what works for Danish text: nouns are
lower case, so a capitalised word inside a sentence is a name, a place or an organisation; name lists and
surname endings (-sen, -gaard, -ović...) tell names apart; stop-lists remove places, organisations and
everyday words; titles and cue words ("fru", "Kære", "borgeren", "hans mor") vouch for what follows.
Names typed in lower case are found when a listed first name stands alone or before a listed surname.

It reads the tokens Presidio's NLP engine already made (one tokenisation per prompt), keeps per-word facts
only for capitalised words and does set look-ups, so its cost is linear in the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.nlp import RegexTokenizer
from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.name_words import (
    AMBIGUOUS,
    FIRST,
    ORG_ENDING,
    PARTICLES,
    SUFFIX_SURNAME,
    SURNAME,
    UNKNOWN,
    NameWord,
    NameWordClassifier,
)

_SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "•", "*", "…", "\"", "“", "”", "„", "«", "»", "|"})
_COORDINATORS = frozenset({"og", "and", "&", ",", "eller", "or", "samt"})
_ENGLISH_MARKERS = frozenset({"the", "and", "to", "of", "is", "with", "about", "please", "her", "his", "at",
                              "from", "this", "that", "are", "was", "write", "an", "for", "my", "your"})
_DANISH_MARKERS = frozenset({"og", "i", "til", "en", "et", "er", "på", "med", "om", "af", "den", "det",
                             "som", "har", "ikke", "jeg", "der", "skal", "hun", "han", "sin", "hans",
                             "hendes", "at"})
_LANGUAGE_SAMPLE = 600  # tokens read to tell English from Danish


@dataclass(frozen=True, slots=True)
class _Doc:
    """One prompt as the recognizer sees it: tokens, their offsets and the capitalised name candidates."""

    text: str
    tokens: Sequence[str]
    starts: Sequence[int]
    candidates: Mapping[int, NameWord]

    def gap(self, i: int, j: int) -> str:
        """The text between the end of token i and the start of token j."""
        return self.text[self.starts[i] + len(self.tokens[i]):self.starts[j]]


class DanishPersonRecognizer(EntityRecognizer):
    """Finds person names with name lists, capitalisation, cue words and surname endings."""

    ENTITIES = ["PERSON"]

    #: Titles before a name; kept out of the span ("fru <PERSON_1>").
    TITLES = frozenset({"hr", "herr", "fru", "frk", "frøken", "mr", "mrs", "ms", "miss", "mister", "dr",
                        "doktor", "prof", "professor", "pastor", "sir", "madam", "dame", "lektor", "adjunkt",
                        "overlæge"})
    #: Greetings, sign-offs and naming words that vouch for the next words being a name.
    GREETINGS = frozenset({"kære", "hej", "hejsa", "hi", "hello", "dear", "mvh", "hilsen", "vh", "regards",
                           "cc", "att", "attn", "hedder", "navn", "navnet", "named", "called", "signed",
                           "underskrevet", "fra", "from", "v"})
    #: Roles and relations before a name ("borgeren Hassan", "hans mor Leila", "colleague Henrik").
    ROLES = frozenset({
        "borger", "borgeren", "klient", "klienten", "patient", "patienten", "beboer", "beboeren", "pårørende",
        "mor", "moren", "moderen", "far", "faren", "faderen", "søn", "sønnen", "datter", "datteren", "bror",
        "broren", "broderen", "søster", "søsteren", "barn", "barnet", "elev", "eleven", "medarbejder",
        "medarbejderen", "kollega", "kollegaen", "leder", "lederen", "chef", "chefen", "sagsbehandler",
        "sagsbehandleren", "socialrådgiver", "socialrådgiveren", "rådgiver", "rådgiveren", "læge", "lægen",
        "psykolog", "psykologen", "sygeplejerske", "sygeplejersken", "pædagog", "pædagogen", "lærer",
        "læreren", "kontaktperson", "kontaktpersonen", "ægtefælle", "ægtefællen", "hustru", "hustruen",
        "mand", "manden", "kone", "konen", "kæreste", "kæresten", "samlever", "nevø", "niece", "onkel",
        "tante", "fætter", "kusine", "bedstemor", "bedstefar", "mormor", "morfar", "farmor", "farfar", "ven",
        "vennen", "veninde", "veninden", "nabo", "naboen", "familien", "ansøger", "ansøgeren", "ledige",
        "praktikant", "vikar", "vikaren", "værge", "bisidder", "tolk", "tolken", "ejer", "ejeren", "lejer",
        "lejeren", "citizen", "client", "resident", "employee", "colleague", "manager", "mother", "father",
        "son", "daughter", "brother", "sister", "wife", "husband", "partner", "friend", "neighbour",
        "neighbor", "teacher", "student", "pupil", "nurse", "doctor", "caseworker", "applicant", "tenant",
        "owner", "boss",
    })
    #: Prepositions that often stand before a person; they help only an otherwise unknown word.
    WEAK_CUES = frozenset({"til", "med", "hos", "for", "to", "with", "by", "about"})
    #: Institutions whose proper names follow them ("Plejecenter Sølund"): not people.
    INSTITUTIONS = frozenset({
        "plejecenter", "plejecentret", "plejehjem", "plejehjemmet", "skole", "skolen", "børnehave",
        "børnehaven", "vuggestue", "vuggestuen", "institution", "klub", "klubben", "fritidshjem", "bosted",
        "bostedet", "hospital", "afdeling", "center", "kirke", "sogn", "gymnasium", "hotel", "restaurant",
        "café", "cafe", "firma", "firmaet", "projekt", "projektet", "program", "programmet", "system",
        "systemet", "platform", "platformen", "app", "appen",
    })

    #: Score of each rule; the analyzer's default threshold is 0.4.
    SCORES: Mapping[str, float] = MappingProxyType({
        "full_name": 0.85, "cue": 0.85, "ambiguous_pair": 0.7, "unknown_pair_cue": 0.8, "unknown_pair": 0.45,
        "unknown_pair_english": 0.3, "first": 0.75, "first_start": 0.6, "surname": 0.6, "surname_start": 0.5,
        "suffix_surname": 0.5, "suffix_surname_start": 0.35, "ambiguous": 0.5, "unknown": 0.35,
        "unknown_weak_cue": 0.45, "coordinated": 0.6, "lowercase_pair": 0.7, "lowercase_cue": 0.6,
        "lowercase_first": 0.5,
    })

    def __init__(self, lexicon: NameLexicon, supported_language: str = "da") -> None:
        self.lexicon = lexicon
        self._words = NameWordClassifier(lexicon)
        self._tokenizer = RegexTokenizer()
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
        doc = _Doc(text, tokens, starts, self._candidates(tokens))
        english = self._is_english(tokens)
        found: dict[int, tuple[int, float, str]] = {}  # first token index -> (last index, score, rule)
        for first, last in self._runs(doc):
            decision = self._judge(doc, first, last, english)
            if decision:
                found[decision[0]] = decision[1:]
        self._coordinated(doc, found)
        self._lowercase(doc, found)
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

    def _candidates(self, tokens: Sequence[str]) -> dict[int, NameWord]:
        """Capitalised tokens that may be names, outside organisation and place phrases."""
        blocked = self._words.blocked(tokens)
        memo: dict[str, NameWord | None] = {}
        candidates: dict[int, NameWord] = {}
        for i, token in enumerate(tokens):
            if token[:1].isupper() and i not in blocked:
                if token not in memo:
                    memo[token] = self._words.capitalised(token)
                if (word := memo[token]) is not None:
                    candidates[i] = word
        return candidates

    @staticmethod
    def _is_english(tokens: Sequence[str]) -> bool:
        english = danish = 0
        for token in tokens[:_LANGUAGE_SAMPLE]:
            lowered = token.lower()
            english += lowered in _ENGLISH_MARKERS
            danish += lowered in _DANISH_MARKERS
        return english > danish

    # -- runs of capitalised words ----------------------------------------------------------------------

    def _runs(self, doc: _Doc) -> list[tuple[int, int]]:
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

    def _sentence_start(self, doc: _Doc, i: int) -> bool:
        """True when token i opens a sentence, a line or a heading (where every word is capitalised)."""
        if i == 0 or "\n" in doc.gap(i - 1, i):
            return True
        previous = doc.tokens[i - 1]
        if previous == ".":
            return not self._cue_word(doc, i - 2)  # "hr. Poulsen" continues the sentence
        return previous in _SENTENCE_BREAKS

    def _cue_word(self, doc: _Doc, i: int) -> str:
        """The lower-cased token at i if it is a title, greeting or role cue, else ''."""
        if i < 0:
            return ""
        lowered = doc.tokens[i].lower()
        return lowered if lowered in self.TITLES or lowered in self.GREETINGS or lowered in self.ROLES else ""

    def _cue_before(self, doc: _Doc, i: int) -> tuple[str, str]:
        """('strong', 'weak', 'institution' or '', word) for the word before token i (skips . : ,)."""
        j = i - 1
        while j >= 0 and doc.tokens[j] in {".", ":", ","}:
            j -= 1
        if j < 0:
            return "", ""
        if word := self._cue_word(doc, j):
            return "strong", word
        lowered = doc.tokens[j].lower()
        if lowered in self.INSTITUTIONS or ORG_ENDING.search(lowered):
            return "institution", lowered
        if lowered in self.WEAK_CUES and j == i - 1:
            return "weak", lowered
        return "", ""

    def _judge(self, doc: _Doc, first: int, last: int, english: bool) -> tuple[int, int, float, str] | None:
        """Decide whether a run is a name: (first, last, score, rule) or None."""
        names = [k for k in range(first, last + 1) if k in doc.candidates]
        kinds = [doc.candidates[k].kind for k in names]
        start = self._sentence_start(doc, first)
        # A sentence-initial unknown word before a listed name is the sentence's verb or noun: drop it.
        while len(names) > 1 and start and kinds[0] == UNKNOWN and any(k != UNKNOWN for k in kinds[1:]):
            names, kinds, start = names[1:], kinds[1:], False
        first, last = names[0], names[-1]
        cue, cue_word = self._cue_before(doc, first)
        if cue == "institution":
            return None
        if len(names) > 1:
            if FIRST in kinds or SURNAME in kinds:
                rule = "full_name"
            elif SUFFIX_SURNAME in kinds or AMBIGUOUS in kinds:
                rule = "cue" if cue == "strong" else "ambiguous_pair"
            elif cue == "strong":
                rule = "unknown_pair_cue"
            else:
                # Danish capitalises only proper nouns after the first word; English titles capitalise all.
                rule = "unknown_pair_english" if english else "unknown_pair"
            return first, last, self.SCORES[rule], rule
        if cue == "strong":
            return first, last, self.SCORES["cue"], f"cue:{cue_word}"
        word = doc.candidates[first]
        place = word.folded in self.lexicon.place_words
        rule = {
            FIRST: "first_start" if start else "first",
            SURNAME: "surname_start" if start else "surname",
            SUFFIX_SURNAME: "suffix_surname_start" if start else "suffix_surname",
            AMBIGUOUS: None if start or english or place else "ambiguous",
            UNKNOWN: None if start else ("unknown_weak_cue" if cue == "weak" and not english else "unknown"),
        }[word.kind]
        if rule is None:
            return None
        return first, last, self.SCORES[rule], rule

    # -- second passes ----------------------------------------------------------------------------------

    def _coordinated(self, doc: _Doc, found: dict[int, tuple[int, float, str]]) -> None:
        """Accept a lone name-like word joined by og/and/',' to a found name ("Bo og Dorte")."""
        score = self.SCORES["coordinated"]
        starts = {i for i, (_, s, _) in found.items() if s >= score}
        ends = {found[i][0] for i in starts}
        covered = {k for i in starts for k in range(i, found[i][0] + 1)}
        tokens = doc.tokens
        for i in doc.candidates:
            if i in covered:
                continue
            joins_next = i + 2 in starts and tokens[i + 1].lower() in _COORDINATORS
            joins_previous = i - 2 in ends and tokens[i - 1].lower() in _COORDINATORS
            if joins_next or joins_previous:
                found[i] = (found[i][0] if i in found else i, score, "coordinated")

    def _lowercase(self, doc: _Doc, found: dict[int, tuple[int, float, str]]) -> None:
        """Names typed in lower case: a listed first name, alone or before a listed surname."""
        lex, words, tokens = self.lexicon, self._words, doc.tokens
        taken = {k for i, (last, _, _) in found.items() for k in range(i, last + 1)}
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            if not token.islower() or not token.isalpha() or i in taken \
                    or (folded := words.lowercase_folded(token)) not in lex.first_names:
                i += 1
                continue
            j = i
            while (j + 1 < n and doc.gap(j, j + 1) == " " and self._lower_name(tokens[j + 1], lex.first_names)
                   and not self._lower_name(tokens[j + 1], lex.surnames)):
                j += 1  # "anne marie larsen"
            if j + 1 < n and doc.gap(j, j + 1) == " " and self._lower_name(tokens[j + 1], lex.surnames):
                surname = words.lowercase_folded(tokens[j + 1])
                ambiguous = (folded in lex.ambiguous) + (surname in lex.ambiguous)
                if ambiguous < 2:
                    found[i] = (j + 1, self.SCORES["lowercase_pair"], "lowercase_pair")
                    i = j + 2
                    continue
            if folded not in lex.ambiguous and folded not in lex.common_words:
                rule = "lowercase_cue" if self._cue_before(doc, i)[0] == "strong" else "lowercase_first"
                found[i] = (i, self.SCORES[rule], rule)
            i += 1

    def _lower_name(self, token: str, names: frozenset[str]) -> bool:
        return token.islower() and token.isalpha() and self._words.lowercase_folded(token) in names

    def _result(self, doc: _Doc, first: int, last: int, score: float, rule: str) -> RecognizerResult:
        word = doc.candidates.get(last)
        end = doc.starts[last] + (word.name_length if word is not None else len(doc.tokens[last]))
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score,
                                          textual_explanation=f"PERSON by rule {rule}")
        return RecognizerResult("PERSON", doc.starts[first], end, score, explanation,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
