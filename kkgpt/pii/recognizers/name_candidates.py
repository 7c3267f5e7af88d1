"""Candidate generation for the PERSON rules: the stretches of a text that may be a name.

- capitalised runs: capitalised name candidates joined by single spaces, particles or initials ("Ruby de
  la Cruz", "Leif B. Munk"); a sentence-initial unlisted word before a listed first name is the sentence's
  verb and left out ("Indkald Mehmet"), and initials before a surname join its span ("H.C. Andersen");
- lower-case names: a listed first name, maybe with more first names and a listed surname after it
  ("anne marie larsen"); the pair falls back to the first name alone;
- people: name-like words where the layout says people are named (`kkgpt.pii.layout`: e-mail headers,
  attendee lists, chat speakers, columns of names) that no other candidate covers: names in capitals
  ("XIOMARA QUISPE"), unlisted ones in lower case in a column of names, and staff initials ("KBM", "J.H.").

This module also holds the `Candidate` type and what the other candidate sources share: the shapes of
initials and where a token stands (`in_parentheses`, `ends_a_note`). The other sources have modules of
their own:

- handles (`name_handles.py`): user names made of a listed first name and surname ("jakob.friis",
  "user=mlar") and the initials that sign a note ("/LKJ", "Mvh\\nLKJ");
- initials that act (`name_initials.py`): staff initials before what a person does in minutes ("KBM
  foreslog", "JH og LP tager den") or in parentheses after a name ("Karen Bach Madsen (KBM)").

Each is found in one pass over the tokens or with a few regex searches; nothing here decides whether a
candidate is a name (`name_evidence.py` and `name_scoring.py` do), except that handles are only reported
when their own checks pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace

import regex
from spacy.lang.da.stop_words import STOP_WORDS as _DA_STOP_WORDS

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_text import (
    AGENT_VERBS,
    DETERMINERS,
    ROLE_HEADS,
    ROLES,
    STAFF_UNITS,
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
            and name.surname
            and doc.lowered(i + 1) in _VIETNAMESE_MIDDLE
            and doc.gap(i, i + 1) == " "
            and doc.gap(i + 1, i + 2) == " "
            and (given := name_at(i + 2)) is not None
            and given.first
        ):
            # a Vietnamese name, the surname first: "nguyen thi thuy", "pham van minh"
            middle = LowercaseName(doc.lowered(i + 1), first=True, surname=False, ambiguous=False)
            yield Candidate("lowercase", i, i + 2, lowercase=(name, middle, given), pair=True)
            continue
        if (
            name is not None
            and not name.first
            and name.surname
            and not name.ambiguous
            and (len(name.folded) >= 6 or SURNAME_ENDING.search(name.folded) or doc.contacted(i))
        ):
            # A surname alone ("ring til nielsen"), maybe after an unlisted first name ("mete nielsen"); short
            # surnames are often words too ("bøg", "fog"), so a short one needs a surname's ending or to be
            # contacted ("fordelt til juul")
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
        word_surname = name is None and tokens[i].isalpha() and tokens[i].islower() \
            and tokens[i] in words.lexicon.word_surnames
        if word_surname:
            # a surname that is a word ("vinter", "brun"), a colleague called by it: greeted or acting below,
            # not merely contacted ("ring til præst" is a priest)
            name = LowercaseName(doc.lowered(i), first=False, surname=True, ambiguous=True)
        if (
            name is not None
            and not name.first
            and name.surname
            and name.ambiguous
            and name.folded not in stop  # "kan", "han", "min" are surnames too
            and name.folded not in DETERMINERS  # "kontakt med sin datter"
            and not doc.cue_word(i)
            and ((cue := doc.cue_before(i))[0] == "strong" and not (word_surname and cue[1] == "role is")
                 or doc.acts(i) or doc.contacted(i) and not word_surname)  # "mor var glad" is glad
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
        if name is None and i not in taken and _unlisted_acting(doc, i, words):
            yield Candidate("lowercase_unlisted_acting", i, i)  # "tobbe ringede fra jobcentret"
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
        elif j + 1 < n and doc.gap(j, j + 1) == " " and _word_surname(doc, j + 1, words):
            # "at sten due er indlagt": a surname that is a word, after a first name; only a cue or what the
            # pair does makes it a name (`lowercase_pair`)
            word = LowercaseName(doc.lowered(j + 1), first=False, surname=True, ambiguous=True)
            heads = tuple(replace(head, ambiguous=True) for head in names)  # "mette ring til ..." is no pair
            yield Candidate("lowercase", i, j + 1, lowercase=(*heads, word), pair=True, fallback=single)
        elif (last := _unlisted_surname_after(doc, j, words, taken)) is not None:
            unlisted = LowercaseName(doc.lowered(last), first=False, surname=True, ambiguous=False)
            yield Candidate("lowercase", i, last, lowercase=(*names, unlisted), pair=True, fallback=single)
        elif j > i and (k := _last_name_word(names, stop)) > 0:
            # "svend aage vil ikke have besøg": first names without a surname, judged as one name (not a
            # function word after them: "anne per telefon")
            yield Candidate("lowercase", i, i + k, lowercase=tuple(names[:k + 1]), pair=True, fallback=single)
        else:
            yield single


#: Endings of Danish nouns, adjectives and verbs that no nickname has ("borgerne", "hjemmet", "plejen").
_WORD_ENDINGS = ("en", "et", "ne", "er", "ing", "hed", "else", "isk", "ede", "ig", "lig", "te", "s")


def _unlisted_acting(doc: NameDoc, i: int, words: NameWordClassifier) -> bool:
    """Token i is an unlisted lower-case word of four to nine letters, no everyday word and without a word's
    ending, that opens a message or a sentence before a verb only people do: a nickname ("tobbe ringede")."""
    token = doc.tokens[i]
    lex = words.lexicon
    return (
        doc.lowered(i + 1) in AGENT_VERBS  # first: the cheapest test, and the rarest
        and 4 <= len(token) <= 9
        and token.isalpha()
        and token.islower()
        and not token.endswith(_WORD_ENDINGS)
        and token not in lex.common_words
        and token not in lex.stop_words
        and token not in ROLES
        and not token.endswith(ROLE_HEADS)
        and doc.sentence_start(i)
        and doc.gap(i, i + 1) == " "
    )


def _last_name_word(names: list[LowercaseName], stop: Collection[str]) -> int:
    """The index of the last of a run of first names that is no function word ("anne per telefon": 0)."""
    k = len(names) - 1
    while k > 0 and names[k].folded in stop:
        k -= 1
    return k


def _word_surname(doc: NameDoc, k: int, words: NameWordClassifier) -> bool:
    """Token k is a lower-case surname that is also a word ("due", "vinter"), and no Danish function word (in a
    Danish text, an English one such as "due" may be a surname)."""
    token = doc.tokens[k]
    return token.islower() and token.isalpha() and token in words.lexicon.word_surnames \
        and token not in _DA_STOP_WORDS and (not doc.english or token not in words.lexicon.stop_words)


#: The middle names that mark a Vietnamese name written surname first ("nguyen thi thuy", "tran van nam").
_VIETNAMESE_MIDDLE = frozenset({"thi", "thị", "van", "văn", "duc", "đức", "huu", "hữu", "ngoc", "ngọc", "minh"})


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


#: Words that give a nickname next: "(kaldt kris)", "kaldenavn: mulle".
_NICKNAMING = frozenset({"kaldt", "kaldet", "kaldes", "kaldenavn", "kaldenavnet", "øgenavn", "øgenavnet"})


def _after_title(doc: NameDoc, k: int) -> bool:
    """A title or a letter's "kære" stands right before token k ("fru nyborg", "hr. el-sayed", "kære
    nirusha")."""
    j = k - 1 if doc.tokens[k - 1] != "." else k - 2
    word = doc.lowered(j)
    # a family by its surname counts as a title too: "sagen om fam skov", "fam. nyborg"
    # ... and a nickname its naming verb: "ib kristiansen (kaldt kris)"
    return j >= 0 and (word in TITLES or word in ("kære", "fam") or word in _NICKNAMING) \
        and not doc.tokens[j].isupper()  # "HR holder"


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


# -- people where the layout says so, and initials ---------------------------------------------------------

# "KBM", "J.H.", and "P.Aa." with the Aa that stands for Å in older names
CAPITAL_INITIALS = regex.compile(r"^(?:\p{Lu}{2,4}|(?:(?:\p{Lu}|Aa)\.){1,3}(?:\p{Lu}|Aa)?)$")
# Initials typed in lower case are consonants ("kbm", "lkj", "tk"); those below are abbreviations.
LOWER_INITIALS = re.compile(r"^[bcdfghjklmnpqrstvwxzæø]{2,3}$")
#: Lower-case initials that may hold a vowel ("ajp", "rs, dk, hp, am"), where their neighbours show them.
LOWER_LETTERS = re.compile(r"^[a-zæøå]{2,3}$")
LOWER_ABBREVIATIONS = frozenset(
    {
        "pt",
        "br",  # "best regards"
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
            if i not in taken and not _role_before_person(doc, i) and (
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


#: Abbreviated roles of a workplace's councils: the union's and the safety representative, HR, the chair.
_ROLE_ABBREVIATIONS = frozenset({"tr", "amr", "hr", "fmd", "nfmd", "led"})


def _role_before_person(doc: NameDoc, i: int) -> bool:
    """Token i is a unit's or a role's abbreviation before the person in parentheses, in a list of who was
    there: "Tilstede: HR (MPE), TR (Lotte Sahl), AMR (Bjørn)"."""
    return doc.lowered(i) in _ROLE_ABBREVIATIONS and doc.tokens[i].isupper() and doc.tokens[i + 1:i + 2] == ["("] \
        and doc.tokens[i + 2:i + 3] != [] and doc.tokens[i + 2][:1].isupper()


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
    if CAPITAL_INITIALS.match(token) or (len(bare) > 1 and bare.isupper()):
        return not in_parentheses(doc, i)  # "KBM", "J.H.", "XIOMARA"; "(BBU)", "(TR, IDA)" are units
    if token.islower() and not in_parentheses(doc, i):  # "Anders (booking)": a note, not a name
        if LOWER_INITIALS.match(token) and token not in LOWER_ABBREVIATIONS:
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


def _initials_item(doc: NameDoc, i: int, start: int, end: int) -> bool:
    """Token i is initials making up a whole item of a list of people ("Deltagere: JH, LP, MS", "Afbud: NB"),
    even when they spell an abbreviation; in parentheses ("Anne Holm (BUF)") they name a unit instead."""
    if not CAPITAL_INITIALS.match(doc.tokens[i]) and not _lowercase_initials_list(doc, i, start, end):
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


def _lowercase_initials_list(doc: NameDoc, i: int, start: int, end: int) -> bool:
    """Token i is one of two or more items of a list of people typed as lower-case initials and nothing else
    ("Fremmødte: rs, dk, hp, am"): there even an abbreviation or a word is someone's initials, unless the list
    holds a unit or a role ("Deltagere: it, hr og løn")."""
    if not LOWER_LETTERS.match(doc.tokens[i]):
        return False
    k = bisect_left(doc.starts, start)
    items = 0
    while k < len(doc.tokens) and doc.starts[k] < end:
        token = doc.tokens[k]
        if token[:1].isalnum():
            if not LOWER_LETTERS.match(token) or token in STAFF_UNITS or token in _ROLE_ABBREVIATIONS:
                return False  # "Deltagere: it, hr og løn": units
            items += 1
        k += 1
    return items >= 2


#: Abbreviations that are as often someone's initials as a unit or a word ("MS", "NB", "PS", "IT", "OK").
_ABBREVIATIONS_OK = frozenset(
    {"ms", "mr", "nb", "ps", "it", "ok", "hr", "kl", "ab", "bs", "pc", "ss", "tr", "kk"}
)


def ends_a_note(doc: NameDoc, i: int) -> bool:
    """Token i is alone at the end of its line (or the text), after a sentence's end: a note's signature."""
    line_end = i + 1 >= len(doc.tokens) or "\n" in doc.gap(i, i + 1)
    return line_end and i >= 1 and doc.tokens[i - 1] in (".", "!", "?") and doc.gap(i - 1, i) != ""
