"""Names typed in lower case: "mette nielsen", "til per og sanne", "min kollega bjørn", "for sten storm".

Chat prompts are often typed without capitals. A listed first name in lower case is a name when it stands
alone and is no everyday word, after a cue, before a listed surname or joined by "og" to another such name;
a name that is also a word ("bjørn", "sten") needs a cue or a surname beside it; one after an article or a
possessive is the word ("en lærke", "min rose").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spacy.lang.da.stop_words import STOP_WORDS as _DA_STOP_WORDS

from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.name_propagation import Found
from kkgpt.pii.recognizers.name_text import DETERMINERS, NameDoc
from kkgpt.pii.recognizers.name_words import LowercaseName, NameWordClassifier

# Words after a lower-case name-or-word that show the word ("lade sin søn bo hjemme").
_WORD_FOLLOWERS = frozenset({"hjemme", "alene", "sammen", "selv", "ude", "inde"})
_LOWER_COORDINATORS = frozenset({"og", "and", "&", "eller", "or"})


class LowercaseNameFinder:
    """Adds lower-case names to the PERSON recognizer's found names (one pass, set look-ups)."""

    def __init__(self, lexicon: NameLexicon, words: NameWordClassifier, scores: Mapping[str, float]) -> None:
        self.lexicon = lexicon
        self._words = words
        self._scores = scores

    def find(self, doc: NameDoc, found: Found) -> None:
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
            if surname is not None and surname.surname \
                    and (name.ambiguous + surname.ambiguous < 2
                         or self._cued_word_pair(doc, i, j + 1, name, surname)):
                found[i] = (j + 1, self._scores["lowercase_pair"], "lowercase_pair")
                i = j + 2
                continue
            cue = doc.cue_before(i)[0] == "strong"
            if self._after_determiner(doc, i):
                pass  # "en lærke", "min rose": a noun
            elif not name.ambiguous:
                rule = "lowercase_cue" if cue else "lowercase_first"
                found[i] = (i, self._scores[rule], rule)
            elif cue and self._lowercase_word_is_name(doc, i, name):
                found[i] = (i, self._scores["lowercase_cue"], "lowercase_cue")  # "min kollega bjørn"
            i += 1
        self._lowercase_coordinated(doc, found, name_at)

    def _cued_word_pair(self, doc: NameDoc, i: int, last: int, name: LowercaseName,
                        surname: LowercaseName) -> bool:
        """Two name-words after a cue or preposition ("for sten storm"), neither a function word."""
        stop = self.lexicon.stop_words
        return doc.cue_before(i)[0] in ("strong", "weak") and name.folded not in stop \
            and surname.folded not in stop and not doc.lowered(last + 1)[:1].isdigit()

    @staticmethod
    def _after_determiner(doc: NameDoc, i: int) -> bool:
        """An article or possessive before the word, maybe with one adjective between ("en lille lærke")."""
        if doc.lowered(i - 1) in DETERMINERS:
            return True
        between = doc.tokens[i - 1] if i >= 1 else ""
        return doc.lowered(i - 2) in DETERMINERS and between.isalpha() and between.islower() \
            and not doc.cue_word(i - 1)

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
        score = self._scores["lowercase_coordinated"]
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
