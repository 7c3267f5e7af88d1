"""Name propagation: once a name is found with good confidence, its other mentions are that person too.

Case workers name a person once in full or with a cue and then by first name, surname or genitive
("mentor er Per ... Per kan træffes", "Milan Jovanović ... Milans mor"). Those later mentions often stand
where the rules alone cannot judge them: at a sentence start, in a list item, or as a name that is also a
word. One index of the found names' words and one pass over the tokens mark them, so the cost stays linear.
"""

from __future__ import annotations

from collections.abc import MutableMapping

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_text import (
    FINITE_VERBS,
    MODAL_VERBS,
    NAME_FOLLOWERS,
    PLACE_HEADS,
    TITLES,
    NameDoc,
)
from kkgpt.pii.recognizers.name_words import PARTICLES

#: First token index -> (last token index, score, rule): the PERSON recognizer's working set.
Found = MutableMapping[int, tuple[int, float, str]]

_GENITIVES = ("'s", "’s", "'", "’", "s")
# Prepositions that make a place name that is also a found name the place ("i Lund", "from Jordan").
_LOCATIVES = frozenset({"i", "fra", "til", "ved", "nær", "mod", "in", "from", "to", "at", "near"})


class NamePropagator:
    """Marks further mentions of the words of confidently found names (one pass, one index).

    A source is a name found at `min_score` or more, or a two-word name at `min_pair_score` or more.
    """

    RULE = "propagated"

    def __init__(self, lexicon: NameLexicon, min_score: float = 0.5, score: float = 0.55,
                 min_pair_score: float = 0.45) -> None:
        self.lexicon = lexicon
        self.min_score = min_score
        self.score = score
        # Two capitalised unlisted words in a row ("Xiomara Quispe") vouch for each other a little more.
        self.min_pair_score = min_pair_score

    def _source(self, first: int, last: int, score: float, rule: str) -> bool:
        """Whether a found span's words may be propagated."""
        if rule == self.RULE:
            return False
        return score >= self.min_score or (last > first and score >= self.min_pair_score)

    def propagate(self, doc: NameDoc, found: Found) -> None:
        """Add a `found` entry for every other plausible mention of a confidently found name's words."""
        keys = self._keys(doc, found)
        if not keys:
            return
        # A lone word found below `min_score` (not itself a source) is upgraded; other found words stay.
        covered = {k for i, (last, score, rule) in found.items()
                   if last > i or self._source(i, last, score, rule) for k in range(i, last + 1)}
        memo: dict[str, tuple[str, int] | None] = {}
        for i, token in enumerate(doc.tokens):
            if i in covered or i in doc.named_after or not token[:1].isalpha():
                continue
            if i in doc.blocked and token not in doc.initials_keys and not self._surname_of_mention(doc, found, i):
                continue
            if token not in memo:
                memo[token] = _match(token, keys)
            if (match := memo[token]) is None or not self._plausible(doc, i, match[0]):
                continue
            key, length = match
            if length < len(token):
                doc.name_lengths[i] = length
            found[i] = (i, self.score, self.RULE)
        self._upgrade_weak_runs(doc, found, keys)

    @staticmethod
    def _surname_of_mention(doc: NameDoc, found: Found, i: int) -> bool:
        """Token i, a place's name, follows a mention of a name right before it: "Ib Kastrup" once found
        whole, "Ib" is found again and "Kastrup" after it is his surname, not the town."""
        previous = found.get(i - 1)
        return previous is not None and previous[0] == i - 1 and doc.gap(i - 1, i) == " " \
            and doc.tokens[i][:1].isupper()

    def _upgrade_weak_runs(self, doc: NameDoc, found: Found, keys: set[str]) -> None:
        """A name of several words found weakly that holds a confidently found name's word is that name:
        "Tamsin Ockwell" at the top of a letter (an English Title Case guess, 0.3) after "Dear Ms Ockwell"."""
        for i, (last, score, rule) in list(found.items()):
            if last > i and score < self.score and not self._source(i, last, score, rule) \
                    and any(fold(doc.tokens[k]) in keys for k in range(i, last + 1) if k in doc.candidates):
                found[i] = (last, self.score, self.RULE)

    def _keys(self, doc: NameDoc, found: Found) -> set[str]:
        """Folded words of the names found confidently enough (titles and particles left out), and those
        found in other windows of the same text; those found in lower case go to `doc.lowercase_keys`."""
        keys: set[str] = set(doc.known_names)
        from_words: set[str] = set(keys)  # keys some found name spells as a word, not as initials
        for i, (last, score, rule) in found.items():
            if not self._source(i, last, score, rule):
                continue
            for k in range(i, last + 1):
                word = doc.candidates.get(k)
                key = word.folded if word is not None else fold(doc.tokens[k][:doc.name_lengths.get(k)])
                initials = len(doc.tokens[k]) <= 4 and doc.tokens[k].isupper()
                # a title's letters found as someone's initials ("Deltagere: PJ, MR") are the initials
                if len(key) >= 2 and key[:1].isalpha() and key not in PARTICLES and (key not in TITLES or initials):
                    keys.add(key)
                    if initials:
                        doc.initials_keys.add(doc.tokens[k])
                        continue
                    from_words.add(key)
                    if doc.tokens[k].islower():
                        doc.lowercase_keys.add(key)
        doc.initials_only_keys.update(keys - from_words)
        return keys

    def _plausible(self, doc: NameDoc, i: int, key: str) -> bool:
        """Whether token i, spelled like a found name's word, is that name here and not a word."""
        token, lex = doc.tokens[i], self.lexicon
        word_like = key in lex.ambiguous or key in lex.common_words
        if token in doc.initials_keys:
            return True  # the same staff initials as a found name ("Deltagere: MS ... MS foreslog")
        if key in doc.initials_only_keys:
            return False  # "HAN" found as initials says nothing about "Han vil gerne"
        if 1 < len(token) <= 4 and token.isupper():
            return False  # other initials are not a folded name's ("SD" is no "SĐ")
        if doc.dated(i):
            return False  # "i maj på ferie men maj dækker for mig": the month
        if not token[:1].isupper() or (len(token) > 1 and token.isupper()):
            # "per 1. januar", "PER": only unambiguous names propagate in these cases, and a name-word found
            # in lower case itself ("ole og birthe ... ole er dement") unless it is a function word
            return not word_like or (key in doc.lowercase_keys and key not in lex.stop_words
                                     and not doc.lowered(i + 1)[:1].isdigit()
                                     # after a modal an infinitive ("bo kan bo på ..."); not after "at",
                                     # which is also "that" ("at jan starter")
                                     and doc.lowered(i - 1) not in MODAL_VERBS)
        if doc.possessive(i) or (doc.english and key in lex.proper_words):
            return False  # "Hans leder Hans Bjerre": his manager; "April Lee ... in April"
        if key in lex.place_words and doc.lowered(i - 1) in _LOCATIVES:
            return False  # "Anne Lund bor i Lund": the town
        if i + 1 < len(doc.tokens) and doc.tokens[i + 1] in PLACE_HEADS and doc.gap(i, i + 1) == " ":
            return False  # "Anne Vang bor på Vangs Allé": the street
        if key in lex.stop_words:
            # A name that is also a function word ("Per", "Will", "May") needs the look of a subject.
            following = doc.lowered(i + 1)
            if following[:1].isdigit():
                return False
            if doc.sentence_start(i):
                return following in FINITE_VERBS or following in NAME_FOLLOWERS
        return True


def _match(token: str, keys: set[str]) -> tuple[str, int] | None:
    """(key, characters of the name) when `token` is a key or its genitive, else None."""
    folded = fold(token)
    if folded in keys:
        return folded, len(token)
    for suffix in _GENITIVES:
        if folded.endswith(suffix) and len(folded) > len(suffix) + 1 and folded[:-len(suffix)] in keys:
            return folded[:-len(suffix)], len(token) - len(suffix)
    return None
