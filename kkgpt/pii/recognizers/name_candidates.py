"""Candidate generation for the PERSON rules: the stretches of a text that may be a name.

- capitalised runs: capitalised name candidates joined by single spaces, particles or initials ("Ruby de
  la Cruz", "Leif B. Munk"); a sentence-initial unlisted word before a listed first name is the sentence's
  verb and left out ("Indkald Mehmet"), and initials before a surname join its span ("H.C. Andersen");
- lower-case names: a listed first name, maybe with more first names and a listed surname after it
  ("anne marie larsen"); the pair falls back to the first name alone;
- handles: user names made of a listed first name and surname ("jakob.friis", "user=mlar") and the
  initials that sign a note ("/LKJ", "Mvh\\nLKJ");
- people: name-like words where the layout says people are named (`kkgpt.pii.layout`: e-mail headers,
  attendee lists, chat speakers, columns of names) that no other candidate covers: names in capitals
  ("XIOMARA QUISPE"), unlisted ones in lower case in a column of names, and staff initials ("KBM", "J.H.");
- initials that act: staff initials before what a person does in minutes ("KBM foreslog", "JH og LP
  tager den") or in parentheses after a name ("Karen Bach Madsen (KBM)").

Each is found in one pass over the tokens or with a few regex searches; nothing here decides whether a
candidate is a name (`name_evidence.py` and `name_scoring.py` do), except that handles are only reported
when their own checks pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

import regex

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_text import (
    AGENT_VERBS,
    DETERMINERS,
    INITIALS_VERBS,
    MODAL_VERBS,
    PERSON_INFINITIVES,
    TITLES,
    NameDoc,
    opens_sentence,
)
from kkgpt.pii.recognizers.name_words import (
    FIRST,
    MAX_PARTICLES,
    PARTICLES,
    SUFFIX_SURNAME,
    SURNAME,
    SURNAME_ENDING,
    UNKNOWN,
    LowercaseName,
    NameWord,
    NameWordClassifier,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """Tokens first..last that may be a name, where they came from, and how they were found."""

    source: str  # "capitalised", "lowercase", "username" or "initials"
    first: int
    last: int
    #: Where the reported span starts: before `first` when initials belong to the name ("J. Jensen").
    span_first: int = -1
    sentence_start: bool = False
    #: Lower case: the listed names of the tokens; `pair` when the last is a surname after first names.
    lowercase: tuple[LowercaseName, ...] = ()
    pair: bool = False
    #: What to try when this candidate is not a name (a lower-case pair: its first name alone).
    fallback: Candidate | None = None

    @property
    def start(self) -> int:
        """The first token of the reported span."""
        return self.first if self.span_first < 0 else self.span_first


# -- capitalised runs ---------------------------------------------------------------------------------


def capitalised_runs(doc: NameDoc, lexicon: NameLexicon) -> list[Candidate]:
    """A candidate per run of capitalised name candidates, shaped as described in the module docstring."""
    return [_shaped(doc, lexicon, first, last) for first, last in runs(doc)
            if first != last or not opens_sentence(doc, first)]


def runs(doc: NameDoc) -> list[tuple[int, int]]:
    """(first, last) token indices of runs: capitalised candidates joined by spaces, particles or initials."""
    found: list[tuple[int, int]] = []
    last = -1
    for i in sorted(doc.candidates):
        if i <= last:
            continue
        last = i
        while (following := next_in_run(doc, last)) is not None:
            last = following
        found.append((i, last))
    return found


def next_in_run(doc: NameDoc, k: int) -> int | None:
    """The next name word of the name that token k is part of ("Ruby de la Cruz", "Leif B. Munk")."""
    if k + 1 in doc.candidates and doc.gap(k, k + 1) == " ":
        return None if opens_sentence(doc, k + 1) else k + 1
    j, n = k + 1, len(doc.tokens)
    while j < n and j - k <= MAX_PARTICLES and doc.tokens[j] in PARTICLES and doc.gap(j - 1, j) == " ":
        j += 1
    if j > k + 1:
        return j if j in doc.candidates and doc.gap(j - 1, j) == " " else None
    if (
        j < n
        and doc.gap(k, j) == " "
        and (after := doc.after_initial(j)) is not None
        and after in doc.candidates
    ):
        return after
    return None


def _shaped(doc: NameDoc, lexicon: NameLexicon, first: int, last: int) -> Candidate:
    names = [k for k in range(first, last + 1) if k in doc.candidates]
    words = [doc.candidates[k] for k in names]
    start = doc.sentence_start(first)
    # A sentence-initial unknown word before a listed first name is the sentence's verb or noun
    # ("Indkald Mehmet"): leave it out. Before a surname it is the first name ("Gudmund Ravn").
    while (
        len(names) > 1
        and start
        and words[0].kind == UNKNOWN
        and any(w.kind != UNKNOWN for w in words[1:])
        and not _surname_like(words[1], lexicon)
    ):
        names, words, start = names[1:], words[1:], False
    first = names[0]
    # Initials before a surname belong to it ("J. Jensen", "H.C. Andersen"); before a first name the dot
    # more likely ends a sentence ("plan B. Mette sender den").
    span_first = first
    while (
        words[0].kind != FIRST
        and span_first >= 2
        and doc.tokens[span_first - 1] == "."
        and doc.initial(span_first - 2)
        and not doc.gap(span_first - 2, span_first - 1)
        and doc.gap(span_first - 1, span_first) == " "
    ):
        span_first -= 2
    return Candidate("capitalised", first, names[-1], span_first, start)


def _surname_like(word: NameWord, lexicon: NameLexicon) -> bool:
    """A listed surname, a surname by its ending, or a listed surname that is also a word ("Ravn")."""
    return word.kind in (SURNAME, SUFFIX_SURNAME) or word.folded in lexicon.surnames


# -- lower-case names ---------------------------------------------------------------------------------


#: The most first names a lower-case name may have before its surname ("anne marie louise larsen").
_MAX_FIRST_NAMES = 3


def lowercase_names(doc: NameDoc, words: NameWordClassifier, taken: Collection[int]) -> Iterator[Candidate]:
    """Lower-case name candidates from left to right, skipping tokens in `taken`; the caller adds the tokens
    of an accepted candidate to `taken`, so a pair's other words are not offered again."""
    tokens, n = doc.tokens, len(doc.tokens)
    memo: dict[str, LowercaseName | None] = {}

    def name_at(k: int) -> LowercaseName | None:
        if k >= n or k in taken:
            return None
        if tokens[k] not in memo:
            memo[tokens[k]] = words.lowercase_name(tokens[k])
        return memo[tokens[k]]

    stop = words.lexicon.stop_words
    for i in range(n):
        name = name_at(i)
        if (
            name is not None
            and not name.first
            and name.surname
            and not name.ambiguous
            and (len(name.folded) >= 6 or SURNAME_ENDING.search(name.folded))
        ):
            # A surname alone ("ring til nielsen"), maybe after an unlisted first name ("mete nielsen"); short
            # surnames are often words too ("bøg", "fog"), so a short one needs a surname's ending
            alone = Candidate("lowercase_surname", i, i, lowercase=(name,))
            if (
                i >= 1
                and i - 1 not in taken
                and doc.gap(i - 1, i) == " "
                and _unlisted_lower(doc, i - 1, words)
            ):
                yield Candidate("lowercase_unlisted_pair", i - 1, i, lowercase=(name,), fallback=alone)
            else:
                yield alone
            continue
        if (
            name is not None
            and not name.first
            and name.surname
            and name.ambiguous
            and name.folded not in stop  # "kan", "han", "min" are surnames too
            and name.folded not in DETERMINERS  # "kontakt med sin datter"
            and not doc.cue_word(i)
            and (doc.cue_before(i)[0] == "strong" or doc.acts(i) or doc.contacted(i))
        ):
            # A surname that is also a word, where the sentence shows a person: after a role ("hans advokat
            # lund"), acting ("når vinter skriver") or contacted ("reminder til dam")
            yield Candidate("lowercase_surname", i, i, lowercase=(name,))
            continue
        if (
            (name is None or not name.first)
            and i >= 1
            and i not in taken
            and _after_title(doc, i)
            and _no_everyday_word(doc, i, words)
            and not (doc.lowered(i - 1) == "kære" and doc.lowered(i).endswith(("er", "ere", "erne")))
        ):  # "kære naboer": a plural noun after "kære", not a name
            yield Candidate("lowercase_titled", i, i)  # "fru nyborg", "hr el-sayed", "kære nirusha"
            continue
        if name is None or not name.first:
            continue
        names = [name]
        j = i
        # "anne marie larsen"; a name has at most a few first names, so the look-ahead stays bounded
        while (
            j + 1 < n
            and j - i < _MAX_FIRST_NAMES
            and doc.gap(j, j + 1) == " "
            and (following := name_at(j + 1)) is not None
            and following.first
            and (not following.surname or _surname_follows(doc, j + 1, name_at))
        ):  # "anne marie larsen": "marie" is also a surname, but one follows it
            j += 1
            names.append(following)
        single = Candidate("lowercase", i, i, lowercase=(name,))
        if (
            j == i
            and name.surname
            and i >= 1
            and i - 1 not in taken
            and doc.gap(i - 1, i) == " "
            and _unlisted_lower(doc, i - 1, words)
            and doc.cue_before(i - 1)[0] == "strong"
        ):
            # "lejer fatuma ali": an unlisted word after a role, before a name that is also a surname
            yield Candidate("lowercase_unlisted_pair", i - 1, i, lowercase=(name,), fallback=single)
            continue
        surname = name_at(j + 1) if j + 1 < n and doc.gap(j, j + 1) == " " else None
        if surname is not None and surname.surname and surname.folded not in stop:  # not "mette kan"
            yield Candidate("lowercase", i, j + 1, lowercase=(*names, surname), pair=True, fallback=single)
        elif (last := _unlisted_surname_after(doc, j, words, taken)) is not None:
            unlisted = LowercaseName(doc.lowered(last), first=False, surname=True, ambiguous=False)
            yield Candidate("lowercase", i, last, lowercase=(*names, unlisted), pair=True, fallback=single)
        else:
            yield single


#: Particles of a lower-case surname that are no Danish words ("karen von holstein", "omar al hashimi").
_LOWERCASE_PARTICLES = frozenset({"von", "van", "al", "el", "bin", "ibn", "abu", "del", "della", "dos", "das",
                                  "ter", "ten", "zu", "vom", "zum", "zur", "bint", "ould"})


def _unlisted_surname_after(doc: NameDoc, j: int, words: NameWordClassifier,
                            taken: Collection[int]) -> int | None:
    """The last token of an unlisted lower-case surname after first name j: a word with a surname's ending
    ("mads lindskov", "hanne bjerggaard"), or any word that is no everyday word after a particle ("karen von
    holstein"); None when there is none."""
    k = j + 1
    if k >= len(doc.tokens) or k in taken or doc.gap(j, k) != " ":
        return None
    if doc.lowered(k) in _LOWERCASE_PARTICLES and doc.tokens[k].islower():
        k += 1
        if k >= len(doc.tokens) or k in taken or doc.gap(k - 1, k) != " ":
            return None
        return k if _unlisted_lower(doc, k, words) or _listed_surname(doc, k, words) else None
    token = doc.tokens[k]
    return k if len(token) >= 5 and SURNAME_ENDING.search(token) and _unlisted_lower(doc, k, words) else None


def _listed_surname(doc: NameDoc, k: int, words: NameWordClassifier) -> bool:
    """Token k is a listed lower-case surname."""
    name = words.lowercase_name(doc.tokens[k])
    return name is not None and name.surname


def _surname_follows(doc: NameDoc, k: int, name_at: Callable[[int], LowercaseName | None]) -> bool:
    """A listed lower-case surname follows token k after a space."""
    following = name_at(k + 1) if k + 1 < len(doc.tokens) and doc.gap(k, k + 1) == " " else None
    return following is not None and following.surname


def _unlisted_lower(doc: NameDoc, k: int, words: NameWordClassifier) -> bool:
    """Token k is a lower-case word that may be an unlisted (or mistyped) name: no everyday word."""
    return words.lowercase_name(doc.tokens[k]) is None and _no_everyday_word(doc, k, words)


def _no_everyday_word(doc: NameDoc, k: int, words: NameWordClassifier) -> bool:
    """Token k is a lower-case word of three or more letters (a hyphen allowed) that is no everyday word."""
    token = doc.tokens[k]
    bare = token.replace("-", "")
    return (
        bare.isalpha()
        and token.islower()
        and len(bare) >= 3
        and words.lowercase_folded(token) not in words.lexicon.common_words
    )


def _after_title(doc: NameDoc, k: int) -> bool:
    """A title or a letter's "kære" stands right before token k ("fru nyborg", "hr. el-sayed", "kære
    nirusha")."""
    j = k - 1 if doc.tokens[k - 1] != "." else k - 2
    word = doc.lowered(j)
    # a family by its surname counts as a title too: "sagen om fam skov", "fam. nyborg"
    return j >= 0 and (word in TITLES or word in ("kære", "fam")) and not doc.tokens[j].isupper()  # "HR holder"


def lowercase_name_at(doc: NameDoc, words: NameWordClassifier) -> Callable[[int], LowercaseName | None]:
    """A memoised look-up of the lower-case listed name at a token index (None if there is none)."""
    memo: dict[str, LowercaseName | None] = {}
    tokens, n = doc.tokens, len(doc.tokens)

    def name_at(k: int) -> LowercaseName | None:
        if not 0 <= k < n:
            return None
        if tokens[k] not in memo:
            memo[tokens[k]] = words.lowercase_name(tokens[k])
        return memo[tokens[k]]

    return name_at


# -- handles: user names and signing initials -----------------------------------------------------------

#: Labels before a user name ("user=", "brugernavn:", "upn:").
USER_LABELS = frozenset(
    {
        "user",
        "username",
        "userid",
        "user_id",
        "uid",
        "upn",
        "login",
        "bruger",
        "brugeren",
        "brugernavn",
        "brugerid",
        "bruger-id",
        "id",
        "initialer",
        "initials",
        "samaccountname",
        "konto",
        "kontoen",
        "account",
    }
)
#: Sign-offs after which initials alone on a line sign the note ("Mvh\nLKJ").
SIGN_OFFS = frozenset({"mvh", "hilsen", "vh", "regards", "signed", "underskrevet"})

# Where a handle may be: a dot or underscore inside a word, a value after "=" or ":", a line's end. The
# searches scan the text in C; only their hits are looked at token by token.
_DOTTED = regex.compile(r"(?<=[^\W\d_])[._](?=[^\W\d_])")
_VALUE = re.compile(r"[=:][ \t]*(?=\w)")
# A user name said in a sentence: "hans brugernavn er kasbec", "username is jdoe4", "skal vist være jelpet".
_SAID_USER_NAME = re.compile(
    r"(?i)(?<!\w)(?:brugernavn(?:et)?|bruger-?id'?et|bruger-?id|brugerkonto|username|user ?id|login|initialer)"
    r"[ \t]+(?:er|var|is|was|skal(?:[ \t]+(?:vist|nok|være))*)[ \t]+(?=\w)"
)
_LINE_END = re.compile(r"\n")
_MAX_USER_NAME = 42
_USER_NAME = re.compile(rf"^\w[\w.\-]{{1,{_MAX_USER_NAME - 2}}}$")
_INITIALS = re.compile(r"^(?:[A-ZÆØÅ]{2,4}|[a-zæøå]{2,4})$")
_HANDLE_PARTS = re.compile(r"[._]")
# A staff user id: four to eight letters and digits, both ("ab7k", "RA4B", "sbn4", "bt52", "jdm41", "sahu02",
# "kk4mjn", "AB7F2", "u7H2QK", "Q9TZ", "IHL007"). It names one employee, as the e-mail address "RA4B@kk.dk"
# does; it counts only with a cue (a user label or column, a chat speaker, a name in parentheses before or
# after it), since "win10" or "mp34" have the same shape.
_USER_ID = re.compile(r"(?<![\w@.\-])(?=[A-Za-z0-9]{4,8}(?![\w@\-]|\.\w))(?=[A-Za-z]{0,5}\d)(?=\d{0,3}[A-Za-z])"
                      r"[A-Za-z0-9]{4,8}(?![\w@\-]|\.\w)")
#: Labels of the employee a note or a case is with, before a user id ("Ansvarlig: RA8K").
_STAFF_LABELS = frozenset({"ansvarlig", "sagsbehandler", "sagsbeh", "kontaktperson", "medarbejder", "init",
                           "initialer", "referent", "ref", "behandler", "udført af", "handled by", "assigned"})
#: IT words before "for"/"til" and a user id: "nulstil MFA for sbn4", "opret adgang til ab7k".
_IT_WORDS = frozenset(
    {
        "mfa",
        "password",
        "adgangskode",
        "kode",
        "koden",
        "konto",
        "kontoen",
        "login",
        "adgang",
        "licens",
        "licensen",
        "pc",
        "pc'en",
        "postkasse",
        "vpn",
        "rettigheder",
        "bruger",
        "brugeren",
        "account",
    }
)
#: Subject pronouns: "bruger" after one is the verb ("vi bruger win10"), after a possessive the noun.
_SUBJECTS = frozenset({"jeg", "du", "han", "hun", "vi", "i", "de", "man", "den", "det", "der", "som", "hvem"})
_SENTENCE_ENDS = frozenset({".", "!", "?", ")", "–", "-", '"', "”", "»", "'", "’"})


def handles(doc: NameDoc, lexicon: NameLexicon) -> list[Candidate]:
    """User names and signature initials, each checked: a listed first name (or an initial) and surname
    joined by a dot or underscore, any user name but an everyday word after a user label, and two to four
    letters ending a note after a slash or alone on the line after a sign-off."""
    text, tokens = doc.text, doc.tokens
    hits: dict[int, str] = {}
    looked_at: set[int] = set()  # a token with many dots ("a.b.c.d") is judged once, not per dot
    for match in _DOTTED.finditer(text):
        i = _token_at(doc, match.start())
        if i in looked_at:
            continue
        looked_at.add(i)
        if _listed_user_name(tokens[i], lexicon) or (doc.people_cue(i) == "speaker" and _USER_NAME.match(tokens[i])):
            hits[i] = "username"  # "jakob.friis"; any user name as a chat's speaker ("rune_h 09:16 ...")
    for match in _VALUE.finditer(text):
        i = _token_at(doc, match.end())
        if (
            i >= 2
            and doc.lowered(i - 2) in USER_LABELS
            and _USER_NAME.match(tokens[i])
            and not tokens[i].isdigit()
            and fold(tokens[i]) not in lexicon.common_words
        ):
            hits[i] = "username"
    for match in _SAID_USER_NAME.finditer(text):
        i = _token_at(doc, match.end())
        if (
            0 <= i < len(tokens)
            and doc.starts[i] == match.end()
            and _USER_NAME.match(tokens[i])
            and not tokens[i].isdigit()
            and fold(tokens[i]) not in lexicon.common_words
        ):
            hits[i] = "username"
    for end in [m.start() for m in _LINE_END.finditer(text)] + [len(text)]:
        i = bisect_left(doc.starts, end) - 1
        if i >= 1 and _signature(doc, i, lexicon):
            hits[i] = "initials"
    user_ids = list(_USER_ID.finditer(text))
    mailed = {m.group().lower() for m in user_ids if text.startswith("@", m.end())}
    for match in user_ids:
        i = _token_at(doc, match.start())
        if (
            tokens[i] == match.group()
            and not text.startswith("@", match.end())
            and (match.group().lower() in mailed or doc.people_cue(i) or _user_id_cue(doc, i)
                 or _after_a_name(doc, i) or _before_a_name(doc, i))
        ):
            hits[i] = "username"
    return [Candidate(source, i, i) for i, source in hits.items()]


def _after_a_name(doc: NameDoc, i: int) -> bool:
    """Token i stands in parentheses right after a name word: "Lasse Krogh (LK07)", "/Heidi (HV23)"."""
    return i >= 2 and doc.tokens[i - 1] == "(" and (i - 2) in doc.candidates \
        and doc.tokens[i + 1:i + 2] == [")"]


def _before_a_name(doc: NameDoc, i: int) -> bool:
    """A name in parentheses follows token i: "bj4q (Bjørn Jessen, SOF)"."""
    return doc.tokens[i + 1:i + 2] == ["("] and (i + 2) in doc.candidates


def _user_id_cue(doc: NameDoc, i: int) -> bool:
    """A user label ("bruger ab7k", "brugernavn: ab7k") or an IT word and "for"/"til" ("MFA for sbn4")
    before token i."""
    j = i - 1
    while j >= 0 and doc.tokens[j] in (":", "="):
        j -= 1
    before = doc.lowered(j)
    if before in USER_LABELS:
        # "vi bruger win10": the verb; "min bruger ab7k": the noun
        return not (before == "bruger" and doc.lowered(j - 1) in _SUBJECTS)
    # "Ansvarlig: RA8K", "Ring til AS8H ved akutte sager": an employee by their user id (in capitals after a
    # call: "ring til win10 support" is no one)
    if before in _STAFF_LABELS or doc.contacted(i) and doc.tokens[i].isupper():
        return True
    return before in ("for", "til", "på", "to") and (
        doc.lowered(j - 1) in _IT_WORDS or doc.lowered(j - 2) in _IT_WORDS
    )


def _listed_user_name(token: str, lexicon: NameLexicon) -> bool:
    """ "jakob.friis", "m_larsen", "jonas.p": a listed first name (or an initial) and a listed surname (or an
    initial)."""
    if len(token) > _MAX_USER_NAME:
        return False
    parts = [fold(part) for part in _HANDLE_PARTS.split(token)]
    if not 2 <= len(parts) <= 3 or not all(part.isalpha() for part in parts):
        return False
    first, last = parts[0], parts[-1]
    if len(last) == 1 and first in lexicon.first_names and first not in lexicon.ambiguous:
        return True  # "jonas.p": a first name and the surname's initial
    if last not in lexicon.surnames or not (first in lexicon.first_names or len(first) == 1):
        return False
    return not (first in lexicon.ambiguous and last in lexicon.ambiguous)  # "per.holm" could be words


def _signature(doc: NameDoc, i: int, lexicon: NameLexicon) -> bool:
    """Token i ends its line and is initials: after a slash (" /LKJ") or, in capitals, a sign-off."""
    token = doc.tokens[i]
    folded = fold(token)
    if not _INITIALS.match(token) or folded in lexicon.common_words or folded in lexicon.organisations:
        return False
    if doc.tokens[i - 1] == "/" and not doc.gap(i - 1, i):
        # A note's end: "... i morgen. /LKJ" or "/LKJ" on its own line; not "og/eller", not "og /tmp".
        return (
            i == 1
            or "\n" in doc.gap(i - 2, i - 1)
            or (doc.gap(i - 2, i - 1) != "" and doc.tokens[i - 2] in _SENTENCE_ENDS)
        )
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


# -- people where the layout says so, and initials ---------------------------------------------------------

# "KBM", "J.H.", and "P.Aa." with the Aa that stands for Å in older names
_CAPITAL_INITIALS = regex.compile(r"^(?:\p{Lu}{2,4}|(?:(?:\p{Lu}|Aa)\.){1,3}(?:\p{Lu}|Aa)?)$")
# Initials typed in lower case are consonants ("kbm", "lkj", "tk"); those below are abbreviations.
_LOWER_INITIALS = re.compile(r"^[bcdfghjklmnpqrstvwxzæø]{2,3}$")
_LOWER_ABBREVIATIONS = frozenset(
    {
        "pt",
        "fx",
        "mv",
        "st",
        "th",
        "tv",
        "mf",
        "kl",
        "nr",
        "jf",
        "ml",
        "dl",
        "kg",
        "km",
        "cm",
        "mm",
        "hr",
        "tlf",
        "mvh",
        "vh",
        "kh",
        "bl",
        "ft",
        "ps",
        "nb",
        "cv",
        "pc",
        "sms",
        "mms",
        "dk",
        "cpr",
        "cvr",
        "bbr",
        "ssp",
        "sfo",
        "ppr",
        "tmf",
        "kff",
        "bif",
        "pdf",
        "dvs",
        "mht",
        "pga",
        "vha",
        "ift",
        "iht",
        "ifm",
        "tb",
        "gl",
        "nm",
        "pm",
        "sv",
        "fw",
        "vs",
        "kbh",
        "cph",
        "frb",
        "rgds",
        "thx",
        "lrt",
        "ttl",
        "brb",
        "btw",
        "dm",
        "pls",
        "plz",
        "kkk",
        "hhv",
        "mfl",
        "mm",
        "spm",
        "ngt",
        "nyt",
        "msg",
    }
)
_COLUMNS_OF_ANY_WORD = frozenset({"column", "speaker", "signature"})
#: Group mentions in chats ("@alle", "@channel"): no one's name.
_GROUP_MENTIONS = frozenset(
    {"alle", "all", "channel", "here", "everyone", "team", "teamet", "kanal", "kanalen", "gruppe", "gruppen"}
)


def people(
    doc: NameDoc, lexicon: NameLexicon, words: NameWordClassifier, taken: Collection[int]
) -> list[Candidate]:
    """Runs of name-like words in the layout's spans of people that are not in `taken` and that no other
    source offers: words in capitals and initials anywhere in such a span; lower-case words there when listed
    as names, or, in a column of names or a chat's speaker, any word that is no everyday word."""
    found: list[Candidate] = []
    n = len(doc.tokens)
    for span in doc.layout.people:
        i = bisect_left(doc.starts, span.start)
        run: list[int] = []
        while i < n and doc.starts[i] < span.end:
            if i not in taken and (
                person_word(doc, i, lexicon, words, any_word=span.why in _COLUMNS_OF_ANY_WORD)
                or span.why == "mention"
                and _mentioned(doc, i, span.start)
                or span.why in ("list", "column", "speaker", "roster")
                and _initials_item(doc, i, span.start, span.end)
            ):
                if run and not (
                    doc.gap(run[-1], i) in (" ", "")
                    and i == run[-1] + 1
                    or doc.tokens[i - 1] == "."
                    and i - 2 == run[-1]
                ):
                    found.append(Candidate("people", run[0], run[-1]))
                    run = []
                run.append(i)
            elif doc.tokens[i] != "." or not run:
                if run:
                    found.append(Candidate("people", run[0], run[-1]))
                run = []
            i += 1
        if run:
            found.append(Candidate("people", run[0], run[-1]))
    return found


def _alone_as_speaker(doc: NameDoc, i: int) -> bool:
    """Token i is a chat's speaker on its own ("ms: lunch?"), not a word of a longer speaker ("Fra mor:")."""
    span = doc.layout.people_at(doc.starts[i])
    return span is not None and span.why == "speaker" and span.start == doc.starts[i] \
        and span.end == doc.starts[i] + len(doc.tokens[i])


def _mentioned(doc: NameDoc, i: int, start: int) -> bool:
    """Token i is the handle right after a chat's "@" ("@ro kan du tjekke"), and no group mention."""
    return doc.starts[i] == start and doc.tokens[i].isalpha() and doc.lowered(i) not in _GROUP_MENTIONS


def person_word(
    doc: NameDoc,
    i: int,
    lexicon: NameLexicon,
    words: NameWordClassifier,
    *,
    any_word: bool,
    capitalised: bool = False,
) -> bool:
    """Token i may be (part of) a person's name where people are named: in capitals or initials; in lower
    case when listed, or with `any_word` when no everyday word; capitalised only when `capitalised` (other
    capitalised words are the capitalised candidates' business)."""
    token = doc.tokens[i]
    bare = token.replace(".", "").replace("-", "").replace("'", "").replace("’", "")
    if not bare.isalpha() or i in doc.blocked:
        return False
    if i in doc.candidates:
        return capitalised
    if token.islower() and 2 <= len(bare) <= 4 and _alone_as_speaker(doc, i):
        return True  # "ms: lunch?" / "jk: 5 min": staff taking turns in a chat, whatever the letters spell
    folded = fold(token)
    if (
        token.islower()
        and (name := words.lowercase_name(token)) is not None
        and name.first
        and (following := words.lowercase_name(doc.lowered(i + 1))) is not None
        and following.surname
        and doc.gap(i, i + 1) == " "
    ):
        return True  # "per holm": a first name that is also a word, before a surname
    if (
        folded in lexicon.common_words
        or folded in lexicon.organisations
        or folded in lexicon.place_words
        or doc.cue_word(i)
    ):
        return False
    if _CAPITAL_INITIALS.match(token) or (len(bare) > 1 and bare.isupper()):
        return not in_parentheses(doc, i)  # "KBM", "J.H.", "XIOMARA"; "(BBU)", "(TR, IDA)" are units
    if token.islower() and not in_parentheses(doc, i):  # "Anders (booking)": a note, not a name
        if _LOWER_INITIALS.match(token) and token not in _LOWER_ABBREVIATIONS:
            return True  # "Udtrukket af: cbn"
        return words.lowercase_name(token) is not None or (
            any_word
            and len(bare) > 2
            and not _DEFINITE_NOUN.search(token)
            and words.surname_after_first_name(token.title())
        )
    return False


# An unlisted lower-case word with a Danish definite ending is a noun ("via forlaget", "til kontoret").
_DEFINITE_NOUN = re.compile(r"..(?:et|erne|ene|ets|ernes)$")


def in_parentheses(doc: NameDoc, i: int) -> bool:
    """Token i stands in a short parenthesis: "(BBU)", "(TR, IDA)", "(booking)"."""
    j = i - 1
    while j >= 0 and i - j <= 4 and doc.tokens[j] not in ("(", ")"):
        j -= 1
    k = i + 1
    while k < len(doc.tokens) and k - i <= 4 and doc.tokens[k] not in ("(", ")"):
        k += 1
    return j >= 0 and doc.tokens[j] == "(" and k < len(doc.tokens) and doc.tokens[k] == ")"


#: Words before initials that make them someone: "spørg UH", "sagen lå hos TBR", "bare initialer PED".
_INITIALS_CUES = frozenset(
    {
        "spørg",
        "spurgt",
        "kontakt",
        "kontakte",
        "ring",
        "skriv",
        "send",
        "tal",
        "hos",
        "til",
        "med",
        "fra",
        "initialer",
        "initials",
        "ask",
        "contact",
        "call",
        "email",
        "v",
        "af",
        "by",  # "reset done by ANJ"
        "afventer",  # "Gunnar Boysen – afventer RTO": who it waits for
    }
)
#: Units and things written in capitals that are paired like people ("IT og HR", "PPR og SFO").
_PAIRED_UNITS = frozenset({"it", "hr", "ppr", "sfo", "bbu", "suf", "sof", "kff", "tmf", "økf", "bif", "pc", "tv",
                           "eu", "dk", "kl", "ok", "nb", "ps", "cpr", "sms", "adhd", "ptsd", "ocd", "kol"})
#: Tasks of an action list, in the infinitive, after initials and a colon ("- CBJ: opdatere telefonlisten")
#: or "to" ("ANJ to follow up"): someone is to do them.
_TASKS = frozenset({
    "opdatere", "kontakte", "booke", "sende", "ringe", "skrive", "indkalde", "undersøge", "tjekke", "følge",
    "lave", "bestille", "aftale", "informere", "koordinere", "udarbejde", "afklare", "sørge", "finde", "tage",
    "give", "hente", "holde", "planlægge", "rykke", "svare", "orientere", "melde", "oprette", "søge",
    "forberede", "arrangere", "invitere", "spørge", "afholde", "gennemgå", "udsende", "videresende",
    "update", "contact", "book", "send", "call", "write", "check", "follow", "prepare", "arrange", "invite",
    "ask", "order", "fix", "review", "draft", "share", "schedule", "chase",
    # ... and as an action list writes them, in the imperative ("- PLN: opsæt testmiljø")
    "opsæt", "opdater", "kontakt", "indkald", "undersøg", "tjek", "lav", "bestil", "afklar", "udarbejd",
    "migrér", "migrer", "følg", "koordiner", "planlæg", "forbered", "ring", "skriv", "husk", "hent", "giv",
    "find", "mail", "sms", "afhold", "inviter", "orienter",
})


def _initials_item(doc: NameDoc, i: int, start: int, end: int) -> bool:
    """Token i is initials making up a whole item of a list of people ("Deltagere: JH, LP, MS", "Afbud: NB"),
    even when they spell an abbreviation; in parentheses ("Anne Holm (BUF)") they name a unit instead."""
    if not _CAPITAL_INITIALS.match(doc.tokens[i]):
        return False
    if i in doc.blocked and fold(doc.tokens[i]) not in _ABBREVIATIONS_OK \
            and doc.people_cue(i) not in ("column", "speaker", "list"):
        return False  # in a column or list of people ("Til stede: BB, FN") or as a speaker, any initials are someone's
    before = doc.tokens[i - 1] if i >= 1 and doc.starts[i - 1] >= start else ""
    after = doc.tokens[i + 1] if i + 1 < len(doc.tokens) and doc.starts[i + 1] < end else ""
    return before in ("", ",", ";", "og", "and", "&", "-", "•", "*") and after in (
        "",
        ",",
        ";",
        "og",
        "and",
        "&",
        "(",  # "MV (ref.)", "MK (sygepl.)": a role after the initials
    )


#: Letters written for a name not given ("NN", "XX") or a missing value ("TBD").
_NOT_INITIALS = frozenset({"NN", "XX", "XXX", "YY", "ZZ", "N.N", "TBD", "TBA", "NA", "ASAP", "OBS", "FYI"})
#: Currencies, which follow an amount ("98.112,00 DKK"); elsewhere the same letters may be someone's ("PLN").
_CURRENCIES = frozenset({"DKK", "EUR", "USD", "SEK", "NOK", "GBP", "CHF", "PLN", "ISK", "UAH"})
#: Abbreviations that are as often someone's initials as a unit or a word ("MS", "NB", "PS", "IT", "OK").
_ABBREVIATIONS_OK = frozenset(
    {"ms", "mr", "nb", "ps", "it", "ok", "hr", "kl", "ab", "bs", "pc", "ss", "tr", "kk"}
)


def acting_initials(doc: NameDoc, lexicon: NameLexicon, found_ends: Collection[int]) -> list[Candidate]:
    """Staff initials that act or are addressed: before a verb of what people do ("KBM foreslog", "JH og LP
    tager den", "U. undersøger"), after a word that addresses someone ("spørg UH", "initialer PED"),
    before a role in parentheses ("CS (min leder)"), in parentheses right after a found name ("Karen Bach
    Madsen (KBM)"); in lower case also after a role ("min kollega kbm") or ending a note ("... skole. sh")."""
    tokens, n = doc.tokens, len(doc.tokens)
    hits: list[Candidate] = []
    # lines that open with initials and a colon: a board meeting's round of the table ("- JHN: 3 nye sager",
    # "- RØ: ferie fra onsdag") names a person on each, once there are two or more
    items_by_initials = sum(1 for j in range(n) if _initials_item_line(doc, j, lexicon))
    for i, token in enumerate(tokens):
        lower = _LOWER_INITIALS.match(token) is not None and token not in _LOWER_ABBREVIATIONS
        single = (
            len(token) == 1
            and token.isupper()
            and i + 1 < n
            and tokens[i + 1] == "."
            and not doc.gap(i, i + 1)
        )  # "U. undersøger"
        # where only an employee's initials stand, even capitals that spell a word or a unit: "medarb. TAK",
        # "(ansv: BT)"
        staff = token.isupper() and 2 <= len(token) <= 4 and _staff_slot(doc, i)
        if (
            not (_CAPITAL_INITIALS.match(token) or lower or single)
            or i in doc.blocked and not staff
            or fold(token) in lexicon.common_words and not _initials_of_found_name(doc, i, found_ends)
            # capitals that spell a word, before what only people do: "MOD overtager opgaven", or where only
            # a person's initials stand: "(psykolog, HAR)", "Opfølgning: HAL senest 15.08.2024"
            and not (token.isupper() and len(token) >= 3 and (
                doc.lowered(i + 1) in AGENT_VERBS or _described_in_parentheses(doc, i, found_ends)
                or _due(doc, i)))
            and not staff
            or fold(token) in lexicon.organisations and not staff
            or token in _CURRENCIES and doc.lowered(i - 1)[-1:].isdigit()
        ):
            continue
        if lower and (doc.cue_before(i)[0] == "strong" or ends_a_note(doc, i) or doc.contacted(i)):
            hits.append(Candidate("initials_acting", i, i))  # "min kollega kbm", "... skole. sh", "ryk kbm"
            continue
        if not lower and doc.lowered(i - 1) == "ellers" and doc.lowered(i + 1) in (".", "?", "!") \
                and token not in _NOT_INITIALS:
            hits.append(Candidate("initials_acting", i, i))  # "Jens, kan du tage den? Ellers FCG."
            continue
        k = i + 1
        if k < n and tokens[k] == "." and not doc.gap(i, k):
            k += 1  # "J.H. sender"
        if (
            token in _NOT_INITIALS
            or k < n
            and tokens[k][:1].isupper()
            and doc.gap(k - 1, k) == " "
            and not lower
        ):
            continue  # "til NN"; "fra H.C. Andersens Boulevard": initials of the name that follows
        following = doc.lowered(k)
        paired = False
        if following in ("og", "and", ",", "&") and k + 1 < n and _CAPITAL_INITIALS.match(tokens[k + 1]):
            # two initials joined by "og" and ending a clause or a parenthesis: two people ("(SR og TJ)",
            # "JK og HJ skilte dem ad", "Deltog: SR og LK.")
            paired = following in ("og", "and", "&") and not lower and tokens[k + 1] not in _NOT_INITIALS \
                and fold(tokens[k + 1]) not in lexicon.organisations and fold(token) not in _PAIRED_UNITS \
                and fold(tokens[k + 1]) not in _PAIRED_UNITS \
                and doc.lowered(k + 2) in (")", ".", ",", "", "skilte", "tog", "var", "er", "har")
            following = doc.lowered(k + 2)  # "JH og LP tager den"
        in_parentheses = (
            i >= 2 and tokens[i - 1] == "(" and doc.lowered(i + 1) == ")" and not _abbreviates(doc, i)
        )  # "Byg og Miljø (BOM)", "Pernille Høj (BBU)": a unit
        # "(KBM)" after a name, or any three capitals that are no unit ("Peter Kjærgaard (NME)"); "Notat (MJK)"
        after_name = in_parentheses and (
            (_initial_of(doc, i, i - 2) or len(token) == 3 and not lower and fold(token) not in _PAIRED_UNITS)
            if i - 2 in found_ends else len(token) == 3 and not lower
        )
        addressed = (
            not lower
            and not single
            and doc.gap(i - 1, i) == " "
            and (
                doc.lowered(i - 1) in _INITIALS_CUES
                or doc.cue_word(i - 1)
                or doc.lowered(i - 1) == "er"
                and bool(doc.cue_word(i - 2))
            )
        )  # "spørg UH", "klasselærer LHJ", "sagsbeh er MLK"
        role_after = not lower and following == "(" and _role_word(doc, k + 1)
        described = not lower and not single and _described_in_parentheses(doc, i, found_ends)
        due = not lower and not single and _due(doc, i)
        # "(ansv.: TSJ)", "– ansvar: MKJ", "rådgiver: LK.", "(ansv.: HNA/ELH)"
        by_label = not lower and not single and (
            _after_staff_label(doc, i)
            # a role in the singular: not "til medarbejderne: DMI varsler storm"
            or doc.tokens[i - 1] == ":" and bool(doc.cue_word(i - 2)) and fold(token) not in _PAIRED_UNITS
            and not doc.lowered(i - 2).endswith(("erne", "ene"))
            or doc.tokens[i - 1] == "/" and _after_staff_label(doc, i - 2))
        # a legend of initials: "(JK = Jonna Kvist, RBH = Rikke Bang)"
        legend = not lower and not single and following == "=" and doc.tokens[k + 1:k + 2] != [] \
            and doc.tokens[k + 1][:1].isupper()
        # "Det er JKL tror jeg": who has the case
        named_as = not lower and not single and doc.lowered(i - 1) == "er" and doc.lowered(i - 2) == "det" \
            and fold(token) not in _PAIRED_UNITS and token not in _NOT_INITIALS
        round_of_table = items_by_initials >= 2 and _initials_item_line(doc, i, lexicon)
        abbreviated_cue = not lower and not single and doc.gap(i - 1, i) == " " and (
            doc.tokens[i - 1] == "." and doc.lowered(i - 2) in _ABBREVIATED_STAFF  # "medarb. AAM"
            or doc.tokens[i - 1] == "/" and doc.lowered(i - 2) == "v" and fold(token) not in _PAIRED_UNITS
        )  # "Velkomst v/ TBS"
        # "ASK/KP: plan for ...": both initials, whichever the loop reaches first
        slashed = not lower and not single and (
            _slashed_item(doc, i, lexicon) or doc.tokens[i - 1] == "/" and _slashed_item(doc, i - 2, lexicon))
        # "02.02 (MF) Urolig nat", "Nattevagt 23-07 OE", "Kort notat fra samtale 22/1, GF:"
        dated = not lower and not single and (_dated_note_by(doc, i) or _dated_line_by(doc, i))
        dotted_from = k > i + 1 and "." in token and following in ("fra", "from")  # "J.H. fra madordningen"
        task = not lower and (
            following == ":" and doc.lowered(k + 1) in _TASKS and _opens_item(doc, i)  # "- TR: booke lokale"
            or following == "to" and doc.lowered(k + 1) in _TASKS  # "ANJ to follow up"
            or following == "on" and doc.lowered(k + 1) in ("call", "duty")  # "KRM on call tonight"
            # a question to or about someone: "Kan TBO tage hans rute?", "skal MW hente ham?"
            or doc.lowered(i - 1) in MODAL_VERBS and (following in _TASKS or following in PERSON_INFINITIVES)
        )
        if following in INITIALS_VERBS or after_name or addressed or role_after or dotted_from or dated or task \
                or described or due or abbreviated_cue or by_label or round_of_table or named_as or legend:
            hits.append(Candidate("initials_acting", i, k - 1))  # "J.H." and "U." with their dots
        elif paired:
            hits.append(Candidate("initials_acting", i, k - 1))
            hits.append(Candidate("initials_acting", k + 1, k + 1))
        elif slashed:
            hits.append(Candidate("initials_acting", i, i))
    return hits


#: Labels before a colon whose value is the employee responsible ("(ansv: MJ)", "Sagsbehandler: KBM").
_STAFF_COLON_LABELS = frozenset({"ansv", "ansvar", "ansvarlig", "sagsbeh", "sagsbehandler", "kontaktperson",
                                 "tovholder", "behandler", "medarbejder", "medarb", "udført af"})


def _initials_item_line(doc: NameDoc, i: int, lexicon: NameLexicon) -> bool:
    """Capital initials open a line or a list's item before a colon ("- JHN: 3 nye henvendelser"), and
    name no unit ("- IT: nye pc'er")."""
    token = doc.tokens[i]
    return (
        doc.lowered(i + 1) == ":"
        and _CAPITAL_INITIALS.match(token) is not None
        and "." not in token
        and fold(token) not in _PAIRED_UNITS
        and fold(token) not in lexicon.organisations
        and token not in _NOT_INITIALS
        and _opens_item(doc, i)
    )


#: Words after initials and before a date that give someone a deadline ("Opfølgning: SPV senest 28.09").
_DUE_WORDS = frozenset({"senest", "inden", "deadline", "due", "by"})
#: Abbreviated staff words before initials ("medarb. AAM", "sagsbeh. KL", "ansv. TR"); not "ref.", which also
#: refers to a greeting ("ref. VH").
_ABBREVIATED_STAFF = frozenset({"medarb", "sagsbeh", "ansv", "kontaktp", "koord", "pæd"})


def _staff_slot(doc: NameDoc, i: int) -> bool:
    """Token i stands where only an employee's initials go: after an abbreviated staff word ("medarb. TAK")
    or a staff label and a colon ("ansv: MM", "ansv.: TSJ")."""
    return (
        doc.tokens[i - 1] == "." and doc.lowered(i - 2) in _ABBREVIATED_STAFF and doc.gap(i - 1, i) == " "
        or _after_staff_label(doc, i)
    )


def _after_staff_label(doc: NameDoc, i: int) -> bool:
    """A staff label and a colon stand before token i, the label maybe abbreviated: "ansv: MM", "ansv.: TSJ"."""
    if i < 2 or doc.tokens[i - 1] != ":":
        return False
    label = i - 3 if doc.tokens[i - 2] == "." else i - 2
    return doc.lowered(label) in _STAFF_COLON_LABELS


def _due(doc: NameDoc, i: int) -> bool:
    """The initials at i are given a deadline: "SPV senest 28.09.2024"."""
    return doc.lowered(i + 1) in _DUE_WORDS and doc.lowered(i + 2)[:1].isdigit()


def _described_in_parentheses(doc: NameDoc, i: int, found_ends: Collection[int]) -> bool:
    """The initials at i end a parenthesis that describes the one named before it or holds a role: "Sofie
    Pedersen (sagsbehandler, SPV)", "(boligsocial medarbejder, HKK)"."""
    if doc.tokens[i - 1] != "," or doc.lowered(i + 1) != ")":
        return False
    j = i - 2
    while j >= 0 and i - j <= 6 and doc.tokens[j] != "(":
        if not (doc.tokens[j].islower() or doc.tokens[j] == "-" or doc.cue_word(j)):
            return False  # "(tysk statsborger, id-nr. 40 ...)", "(Ørestad, BBU)": not a person's role
        j -= 1
    if j < 0 or doc.tokens[j] != "(" or j == i - 2:
        return False
    return j - 1 in found_ends or any(doc.cue_word(k) for k in range(j + 1, i - 1))


def _slashed_item(doc: NameDoc, i: int, lexicon: NameLexicon) -> bool:
    """Two initials joined by a slash open a line's item before a colon: "ASK/KP: plan for Linnea"."""
    tokens = doc.tokens
    if i < 0 or i + 3 >= len(tokens) or tokens[i + 1] != "/" or tokens[i + 3] != ":" or not _opens_item(doc, i):
        return False
    other = tokens[i + 2]
    return (
        _CAPITAL_INITIALS.match(other) is not None
        and not doc.gap(i, i + 1) and not doc.gap(i + 1, i + 2)
        and not {fold(tokens[i]), fold(other)} & _PAIRED_UNITS
        and fold(other) not in lexicon.organisations
        and other not in _NOT_INITIALS
    )


def _opens_item(doc: NameDoc, i: int) -> bool:
    """Token i opens a line or a list's item ("- TR: booke lokale", "• CBJ: opdatere")."""
    if i == 0 or "\n" in doc.gap(i - 1, i):
        return True
    return doc.tokens[i - 1] in ("-", "*", "•", "–") and (i == 1 or "\n" in doc.gap(i - 2, i - 1))


# A date ending the text before a note's parenthesis ("02.02 (", "21.01.2026 – Samtale med mor (") or
# inside it after the initials ("(KBA, 13.02.2026)").
_DATE_BEFORE = re.compile(r"(?<!\d)\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[^\n(]{0,60}\($")
_DATE_LOOK_BACK = 80
_DATE_INSIDE = re.compile(r"[^\n()]{0,20}\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[^\n()]{0,5}\)")


def _dated_note_by(doc: NameDoc, i: int) -> bool:
    """The initials at i stand in the parenthesis of a dated note, naming who wrote it or was there: "02.02
    (MF) Urolig nat", "21.01.2026 – Samtale med mor i hjemmet (SRA og KNI)", "Internt notat (KBA,
    13.02.2026)"."""
    j = i - 1
    while j >= max(0, i - 6) and (doc.tokens[j] in (",", "og", "and", "&") or _CAPITAL_INITIALS.match(doc.tokens[j])):
        j -= 1  # back over earlier initials of the same parenthesis ("SRA og KNI")
    if j < 0 or doc.tokens[j] != "(" or _abbreviates(doc, i):
        return False
    start = doc.starts[j]
    # a bounded look back along the line: the date is at most a short heading away
    line_start = doc.text.rfind("\n", max(0, start - _DATE_LOOK_BACK), start) + 1
    return bool(_DATE_BEFORE.search(doc.text, max(line_start, start - _DATE_LOOK_BACK), start + 1)) \
        or bool(_DATE_INSIDE.match(doc.text, doc.starts[i] + len(doc.tokens[i])))


_DATE_ON_LINE = re.compile(r"(?<![\d.])\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?(?![\d])")


def _dated_line_by(doc: NameDoc, i: int) -> bool:
    """The initials at i end a note's heading line that holds a date or a shift's hours: who wrote the note
    ("Nattevagt 23-07 OE", "Kort notat fra samtale 22/1, GF:")."""
    k = i + 1
    if doc.lowered(k) == ":" and not doc.gap(i, k):
        k += 1
    if k < len(doc.tokens) and "\n" not in doc.gap(k - 1, k):
        return False  # not the line's end
    if i == 0 or "\n" in doc.gap(i - 1, i) or doc.tokens[i - 1] != "," and doc.gap(i - 1, i) != " ":
        return False  # alone on its line, or joined to the word before
    start = doc.starts[i]
    line_start = doc.text.rfind("\n", max(0, start - _DATE_LOOK_BACK), start) + 1
    return bool(_DATE_ON_LINE.search(doc.text, max(line_start, start - _DATE_LOOK_BACK), start))


def _abbreviates(doc: NameDoc, i: int) -> bool:
    """The initials at i spell the first letters of the words before the parenthesis ("Byg og Miljø (BOM)",
    "Teknik- og Miljøudvalget (TMU)") that are no person's name: the abbreviation of a unit."""
    letters = "".join(ch for ch in doc.tokens[i] if ch.isalpha())
    k = i - 2
    words: list[int] = []
    while k >= 0 and len(words) < 2 * len(letters) + 2 and doc.tokens[k][:1].isalpha():
        words.append(k)
        k -= 1
    initials = "".join(doc.tokens[w][0] for w in reversed(words)).upper()
    names = all(w in doc.candidates for w in words[: len(letters)] if doc.tokens[w][:1].isupper())
    return len(letters) >= 2 and letters in initials and not names


def _initials_of_found_name(doc: NameDoc, i: int, found_ends: Collection[int]) -> bool:
    """Capitals in parentheses right after a found name, starting with one of its letters: "Marlene (MAL)"
    even where the letters spell a word."""
    return (
        doc.tokens[i].isupper()
        and i >= 2
        and doc.tokens[i - 1] == "("
        and doc.lowered(i + 1) == ")"
        and i - 2 in found_ends
        and _initial_of(doc, i, i - 2)
    )


def _initial_of(doc: NameDoc, i: int, name_end: int) -> bool:
    """The initials at i begin with the first letter of some word of the name ending at `name_end`:
    "Karen Bach Madsen (KBM)", not "Pernille Høj (BBU)"."""
    first = doc.tokens[i][:1]
    k = name_end
    while k >= 0 and doc.tokens[k][:1].isalpha() and name_end - k < 5:
        if doc.tokens[k][:1].upper() == first:
            return True
        k -= 1
    return False


def ends_a_note(doc: NameDoc, i: int) -> bool:
    """Token i is alone at the end of its line (or the text), after a sentence's end: a note's signature."""
    line_end = i + 1 >= len(doc.tokens) or "\n" in doc.gap(i, i + 1)
    return line_end and i >= 1 and doc.tokens[i - 1] in (".", "!", "?") and doc.gap(i - 1, i) != ""


def _role_word(doc: NameDoc, k: int) -> bool:
    """A role word at k or after a possessive ("(leder)", "(min leder)")."""
    return bool(doc.cue_word(k)) or (
        doc.lowered(k) in ("min", "mit", "vores", "our", "my") and bool(doc.cue_word(k + 1))
    )
