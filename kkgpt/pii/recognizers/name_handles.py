"""Names written as handles rather than words: user names and the initials that sign a note.

Case workers paste log lines and chat messages: `user=jakob.friis`, `brugernavn: mlar`, and notes signed
`/LKJ` or `Mvh\\nLKJ`. A user name made of a listed first name (or an initial) and a listed surname is a
person's name wherever it stands; any user name but an everyday word ("admin") is one after a user label.
Two to four letters after a slash that ends a note (after a sentence or alone on a line, at the line's
end), or alone on the line after a sign-off, are the writer's initials.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import MutableMapping

import regex

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_text import NameDoc

Found = MutableMapping[int, tuple[int, float, str]]

#: Labels before a user name ("user=", "brugernavn:", "upn:").
USER_LABELS = frozenset({"user", "username", "userid", "user_id", "uid", "upn", "login", "bruger",
                         "brugernavn", "brugerid", "initialer", "initials", "samaccountname"})
#: Sign-offs after which initials alone on a line sign the note ("Mvh\nLKJ").
SIGN_OFFS = frozenset({"mvh", "hilsen", "vh", "regards", "signed", "underskrevet"})

# Where a handle may be: a dot or underscore inside a word, a value after "=" or ":", a line's end. The
# searches scan the text in C; only their hits are looked at token by token.
_DOTTED = regex.compile(r"(?<=[^\W\d_])[._](?=[^\W\d_])")
_VALUE = re.compile(r"[=:][ \t]*(?=\w)")
_LINE_END = re.compile(r"\n")
_MAX_USER_NAME = 42
_USER_NAME = re.compile(rf"^\w[\w.\-]{{1,{_MAX_USER_NAME - 2}}}$")
_INITIALS = re.compile(r"^(?:[A-ZÆØÅ]{2,4}|[a-zæøå]{2,4})$")
_HANDLE_PARTS = re.compile(r"[._]")
_SENTENCE_ENDS = frozenset({".", "!", "?", ")", "–", "-", "\"", "”", "»", "'", "’"})


class HandleFinder:
    """Finds user names and signature initials in a prompt (a few regex searches, then token checks)."""

    def __init__(self, lexicon: NameLexicon, username_score: float = 0.7,
                 initials_score: float = 0.6) -> None:
        self.lexicon = lexicon
        self.username_score = username_score
        self.initials_score = initials_score

    def find(self, doc: NameDoc, found: Found) -> None:
        """Add a `found` entry for every user name and signature not already inside a found name."""
        text, tokens = doc.text, doc.tokens
        hits: dict[int, tuple[float, str]] = {}
        looked_at: set[int] = set()  # a token with many dots ("a.b.c.d") is judged once, not per dot
        for match in _DOTTED.finditer(text):
            i = _token_at(doc, match.start())
            if i in looked_at:
                continue
            looked_at.add(i)
            if self._listed_user_name(tokens[i]):
                hits[i] = (self.username_score, "username")
        for match in _VALUE.finditer(text):
            i = _token_at(doc, match.end())
            if i >= 2 and doc.lowered(i - 2) in USER_LABELS and _USER_NAME.match(tokens[i]) \
                    and not tokens[i].isdigit() and fold(tokens[i]) not in self.lexicon.common_words:
                hits[i] = (self.username_score, "username")
        for end in [m.start() for m in _LINE_END.finditer(text)] + [len(text)]:
            i = bisect_left(doc.starts, end) - 1
            if i >= 1 and self._signature(doc, i):
                hits[i] = (self.initials_score, "initials")
        if not hits:
            return
        covered = {k for i, (last, _, _) in found.items() for k in range(i, last + 1)}
        for i, (score, rule) in hits.items():
            if i not in covered and i not in doc.blocked:
                found[i] = (i, score, rule)

    def _listed_user_name(self, token: str) -> bool:
        """"jakob.friis", "m_larsen": a listed first name (or an initial) and a listed surname."""
        if len(token) > _MAX_USER_NAME:
            return False
        parts = [fold(part) for part in _HANDLE_PARTS.split(token)]
        if not 2 <= len(parts) <= 3 or not all(part.isalpha() for part in parts):
            return False
        lex = self.lexicon
        first, last = parts[0], parts[-1]
        if last not in lex.surnames or not (first in lex.first_names or len(first) == 1):
            return False
        return not (first in lex.ambiguous and last in lex.ambiguous)  # "per.holm" could be words

    def _signature(self, doc: NameDoc, i: int) -> bool:
        """Token i ends its line and is initials: after a slash (" /LKJ") or, in capitals, a sign-off."""
        token = doc.tokens[i]
        folded = fold(token)
        if not _INITIALS.match(token) or folded in self.lexicon.common_words \
                or folded in self.lexicon.organisations:
            return False
        if doc.tokens[i - 1] == "/" and not doc.gap(i - 1, i):
            # A note's end: "... i morgen. /LKJ" or "/LKJ" on its own line; not "og/eller", not "og /tmp".
            return i == 1 or "\n" in doc.gap(i - 2, i - 1) \
                or (doc.gap(i - 2, i - 1) != "" and doc.tokens[i - 2] in _SENTENCE_ENDS)
        cue, word = doc.cue_before(i)
        return token.isupper() and cue == "strong" and word in SIGN_OFFS


def _token_at(doc: NameDoc, offset: int) -> int:
    """Index of the token that holds character `offset` (or starts after it)."""
    i = bisect_right(doc.starts, offset) - 1
    if i < 0:
        return 0
    if offset >= doc.starts[i] + len(doc.tokens[i]) and i + 1 < len(doc.tokens):
        return i + 1
    return i
