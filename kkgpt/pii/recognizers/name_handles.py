"""Handle candidates for the PERSON rules: user names and the initials that sign a note.

User names made of a listed first name and surname ("jakob.friis", "m_larsen"), any user name after a user
label ("user=mlar", "brugernavn: kasbec") or said in a sentence ("hans brugernavn er kasbec"), staff user ids
with a cue ("Ansvarlig: RA8K"), and two to four letters signing a note ("/LKJ", "Mvh\\nLKJ"). A few regex
searches over the text find where a handle may be; unlike the other candidates (`name_candidates.py`),
handles are only reported when their own checks pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import regex

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_candidates import Candidate
from kkgpt.pii.recognizers.name_text import NameDoc

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
        elif i >= 3 and doc.cue_word(i) and doc.tokens[i - 1] == "," and _signature(doc, i - 2, lexicon):
            hits[i - 2] = "initials"  # "/MKJ, visitator": the signing initials and the writer's role
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
    slashed = doc.tokens[i - 1] == "/" and not doc.gap(i - 1, i)
    # in capitals after a slash even a word's letters sign: "/KH" ("kh" is also a sign-off)
    if not _INITIALS.match(token) or folded in lexicon.organisations \
            or folded in lexicon.common_words and not (slashed and token.isupper()):
        return False
    if slashed:
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
