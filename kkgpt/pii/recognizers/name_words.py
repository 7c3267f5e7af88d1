"""Word-level knowledge for the PERSON recognizer: what kind of name (if any) a capitalised word can be.

`NameWordClassifier` answers with set look-ups against the `NameLexicon` plus a few spelling rules:
surname endings (-sen, -gaard, -ović...), genitive -s and apostrophes, hyphenated names, and endings of
streets, institutions and Danish common nouns that rule a word out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kkgpt.pii.recognizers.address import STREET_SUFFIXES
from kkgpt.pii.recognizers.lexicon import NameLexicon, fold

#: Name classes: listed first name, listed surname, surname by its ending, name that is also a word, unlisted.
FIRST, SURNAME, SUFFIX_SURNAME, AMBIGUOUS, UNKNOWN = "first", "surname", "suffix", "ambiguous", "unknown"
_NEVER = "never"  # internal: a word that cannot be part of a name ("CPR-nummer")

#: Lower-case words that may sit inside a name, alone or in a row ("Maricel dela Cruz", "Ahmad bin Said",
#: "Ruby de la Cruz", "Pieter van der Berg", "Jógvan í Líð"): Dutch, German, French, Spanish, Portuguese,
#: Italian, Arabic, Berber, Faroese.
PARTICLES = frozenset({"van", "von", "de", "der", "den", "la", "le", "al", "el", "bin", "ibn", "abu", "da",
                       "di", "du", "dos", "das", "del", "della", "dela", "delos", "ter", "ten", "af", "zu",
                       "bint", "ould", "los", "las", "des", "do", "vom", "zum", "zur", "dei", "degli",
                       "delle", "het", "te", "op", "ben", "ait", "aït",
                       # Faroese: "Jógvan í Líð", "Sigrid á Lakjuni", "Rói av Rana"
                       "í", "á", "av", "við", "úr"})
#: At most this many particles in a row ("van der", "de la", "von und zu" is as long as it gets).
MAX_PARTICLES = 3

SURNAME_ENDING = re.compile(
    r"(?:sen|søn|ssen|gaard|gård|strup|holm|lund|bæk|bæck|høj|skov|dal|berg|bjerg|torp|feldt|mann|"
    r"ić|ic|ović|ovic|ević|evic|ski|ska|cki|cka|wicz|czyk|enko|chuk|yuk|iuk|zadeh|oğlu|oglu|poulos|akis|"
    r"escu|sson|zai|ullah|ovna|gren|qvist|ström|strøm)$"
)
ORG_ENDING = re.compile(
    r"(?:forvaltning|forvaltningen|styrelse|styrelsen|tilsyn|tilsynet|ministerium|ministeriet|udvalg|"
    r"udvalget|rådet|center|centret|centeret|huset|hospital|hospitalet|skole|skolen|kommune|kommunen|"
    r"regionen|afdeling|afdelingen|sekretariat|sekretariatet|enheden|kontoret|institut|instituttet|"
    r"selskab|selskabet|fonden|foreningen|forening|forbund|forbundet|banken|gruppen|biblioteket|museet|"
    r"teatret|kirken|klinikken|klinik|universitet|universitetet|akademi|akademiet|gymnasium|børnehave|"
    r"vuggestue|plejehjem|plejecenter|boligselskab|netværk|netværket|service|partner|partners|aps|a/s|"
    r"tegnestue|tegnestuen|kreds|kredsen|klub|klubben|forlag|forlaget|bureau|bureauet|værksted|værkstedet)s?$"
)
STREET_ENDING = re.compile("(?:" + "|".join(STREET_SUFFIXES) + ")s?$")
# Endings of Danish common nouns and adjectives that names do not have ("Ferieplanlægning", "Klubberne").
NOUN_ENDING = re.compile(
    r"(?:ning|ningen|ninger|ningerne|else|elsen|elser|heden|heder|skab|skabet|skaber|ering|eringen|tion|"
    r"tionen|tioner|isme|ismen|itet|iteten|ighed|igheden|erne|lig|ligt|lige|isk|iske|ende)s?$"
)
# A long word in the definite form ("Sundhedsplejen", "Intranettet"); names ending -een/-ett are spared.
DEFINITE_FORM = re.compile(r"^.{5,}[^e](?:en|et)s?$")
_PART_SPLIT = re.compile(r"[-.'’]")
# An abbreviation with a Danish ending after an apostrophe: "SFO'en", "PPR'erne", "AKT's".
# Two capitals, lower case, then a capital again: an abbreviation ("AMiR"), never a name ("McLeod" opens
# with one capital, "DiCaprio" too).
# Initials that spell ø, æ or å as "Oe", "Ae" or "Aa" ("TOeS") are initials, not such an abbreviation.
_MIXED_ABBREVIATION = re.compile(r"[A-ZÆØÅ]{2,}(?!(?<=O)e|(?<=A)[ea])[a-zæøå]+[A-ZÆØÅ]")
_INFLECTED_ABBREVIATION = re.compile(r"^[A-ZÆØÅ]{2,}['’][a-zæøå]+$")
_MAX_PHRASE_TOKENS = 10  # the longest organisation or place phrase, in tokens
# Endings of pet names after a doubled consonant ("Chrisser"); the plain ones also after the name itself.
_NICKNAME_SUFFIXES = ("er", "ie", "e", "y", "i")
_PLAIN_NICKNAME_SUFFIXES = ("ie", "i")  # not -y: "Salary" is no pet form of Salar
#: No name word is longer than this (the longest surnames have about 35 letters); a longer token is never
#: judged, so one huge "word" costs its length once, not its length per position.
MAX_NAME_WORD = 48


@dataclass(frozen=True, slots=True)
class NameWord:
    """A capitalised word that may be (part of) a name."""

    kind: str          # FIRST, SURNAME, SUFFIX_SURNAME, AMBIGUOUS or UNKNOWN
    folded: str        # folded base form, genitive removed
    name_length: int   # characters that belong to the name ("Sofies" -> 5)
    capitals: bool = False  # typed in capitals ("MUNK"): counts only beside a listed name or after a cue


@dataclass(frozen=True, slots=True)
class LowercaseName:
    """A lower-case token that is a listed name."""

    folded: str
    first: bool      # a listed first name
    surname: bool    # a listed surname
    ambiguous: bool  # also an everyday word ("per", "bjørn")


class NameWordClassifier:
    """Classifies words against a `NameLexicon`; stateless, so one instance serves every thread."""

    def __init__(self, lexicon: NameLexicon) -> None:
        self.lexicon = lexicon
        self._longest_common_word = max(map(len, lexicon.common_words), default=0)
        # Pure look-ups of a word, asked for the same everyday words in every prompt: bounded caches
        # (thread-safe in CPython) make them one dict look-up after the first time.
        self.capitalised = lru_cache(maxsize=1 << 16)(self.capitalised)  # type: ignore[method-assign]
        self.lowercase_name = lru_cache(maxsize=1 << 16)(self.lowercase_name)  # type: ignore[method-assign]

    def capitalised(self, token: str) -> NameWord | None:
        """The name class of a token starting with a capital letter, or None if it cannot be a name."""
        if len(token) > MAX_NAME_WORD:
            return None
        bare = token.replace("-", "").replace("'", "").replace("’", "")
        if not bare.isalpha():
            return None
        base = token
        for suffix in ("'s", "’s", "'", "’"):
            if token.endswith(suffix) and len(token) > len(suffix) + 1:
                base = token[: -len(suffix)]
                break
        folded = fold(base)
        kind = self.kind(folded, base)
        if kind == _NEVER:
            return None
        if len(bare) > 1 and _INFLECTED_ABBREVIATION.match(token):
            return NameWord(kind, folded, len(base)) if kind in (FIRST, SURNAME) else None  # "SFO'en"
        if _MIXED_ABBREVIATION.match(bare):
            return None  # "AMiR", "TRiO": an abbreviation with a lower-case letter inside
        if len(bare) > 1 and bare.isupper():
            # A name typed in capitals ("ALI HASSAN", "LEIF B. MUNK") counts; "IT", "HR", "KL" do not. A
            # capitalised name-word ("MUNK", "STORM") is kept for the PERSON rules, which want a listed
            # name or a cue beside it.
            if kind in (FIRST, SURNAME, AMBIGUOUS, SUFFIX_SURNAME):
                return NameWord(kind, folded, len(base), capitals=True)
            return None
        # A name ending in s takes an apostrophe ("Vos'"), so "Voss" is no genitive of "Vos".
        if kind is None and base == token and token.endswith("s") and not token.endswith("ss") \
                and len(token) > 2 and folded not in self.lexicon.common_words:
            genitive = self.kind(folded[:-1], token[:-1])  # "Sofies", "Bos", "Steensens"
            if genitive in (FIRST, SURNAME, AMBIGUOUS, SUFFIX_SURNAME):
                return NameWord(genitive, folded[:-1], len(token) - 1)
        if kind is None and self._plausible_unknown(folded):
            kind = FIRST if self.nickname(folded) else UNKNOWN
        if kind is not None and "-" in token and base == token and token.endswith("s"):
            last = fold(token.rsplit("-", 1)[1][:-1])
            if last in self.lexicon.first_names or last in self.lexicon.surnames:
                return NameWord(kind, folded[:-1], len(token) - 1)  # "Schou-Hansens"
        return NameWord(kind, folded, len(base)) if kind is not None else None

    def kind(self, folded: str, base: str) -> str | None:
        """Name class of a word by the lists, a hyphenated form or a surname ending."""
        lex = self.lexicon
        if folded in lex.ambiguous:
            return AMBIGUOUS
        if folded in lex.first_names:
            return FIRST
        if folded in lex.surnames:
            return SURNAME
        if "-" in base:
            return self._hyphenated(base)
        if folded in lex.common_words:
            return None
        if len(folded) >= 5 and base[:1].isupper() and SURNAME_ENDING.search(folded) \
                and not STREET_ENDING.search(folded) and not ORG_ENDING.search(folded):
            return SUFFIX_SURNAME
        return None

    def _hyphenated(self, base: str) -> str | None:
        parts = [p for p in base.split("-") if p]
        if len(parts) < 2 or not all(p[0].isupper() or fold(p) in PARTICLES for p in parts):
            return _NEVER  # "CPR-nummer", "Blixen-inspireret"
        kinds = [self.kind(fold(p), p) for p in parts]
        if parts[0][0].isupper() and all(k == FIRST for k in kinds):
            return FIRST  # Anne-Marie
        if any(k not in (None, _NEVER) for k in kinds) or fold(parts[0]) in PARTICLES:
            return SURNAME  # Schou-Hansen, Al-Hassan
        return None

    def _plausible_unknown(self, folded: str) -> bool:
        """An unlisted capitalised word that could still be a name (not a street, institution or noun)."""
        if len(folded) < 2 or folded in self.lexicon.common_words or NOUN_ENDING.search(folded) \
                or DEFINITE_FORM.search(folded):
            return False
        return self._possible_surname(folded)

    def nickname(self, folded: str) -> bool:
        """A pet form of a listed first name: its last consonant doubled before -er/-e/-ie/-y
        ("Chrisser", "Chrissy", "Madssie"), or -ie/-i after the name itself ("Karlie").

        The name must be listed, unambiguous and at least four letters, so words like "Marker" (Mark) or
        "Perser" (Per) stay words; a plain -er is a demonym ("Israeler"), not a pet name.
        """
        lex = self.lexicon
        for suffix in _NICKNAME_SUFFIXES:
            stem = folded[: -len(suffix)]
            if not folded.endswith(suffix) or len(stem) < 5:
                continue
            doubled = stem[-1] == stem[-2] and stem[-1] not in "aeiouyæøå"
            base = stem[:-1] if doubled else stem
            if (doubled or suffix in _PLAIN_NICKNAME_SUFFIXES) and len(base) >= 4 \
                    and base in lex.first_names and base not in lex.ambiguous and base not in lex.surnames:
                return True
        return False

    def _possible_surname(self, folded: str) -> bool:
        """Not a common word, a street, an institution or a compound ending in an everyday word."""
        lex = self.lexicon
        if folded in lex.common_words or STREET_ENDING.search(folded) or ORG_ENDING.search(folded):
            return False
        # A compound ending in an everyday word of five letters or more ("Overførselssagen",
        # "Rehabiliteringsteamet") is a noun; a function word or a short word at the end says nothing
        # ("Raghunathan" ends in "than", "Brøndsted" in "sted", "Ayodele" in "dele": surnames end so too).
        # Only endings as long as the longest common word can be one: the check stays linear in the word.
        first = max(3, len(folded) - self._longest_common_word)
        shortest = 4 if len(folded) >= 12 else 5  # "Integrationsteam" ends in "team"; "Brøndsted" is a name
        return not any(folded[k:] in lex.common_words and folded[k:] not in lex.stop_words
                       for k in range(first, len(folded) - shortest + 1))

    def surname_after_first_name(self, token: str) -> bool:
        """True for a capitalised word that may be the surname after a first name ("Priya Raghunathan").

        Looser than a lone unknown word: a noun-like ending (-ning, -en) is allowed in a short word, since
        Danish does not capitalise nouns mid-sentence; a common word, a street, an institution, a place or
        a long compound noun is not.
        """
        bare = token.replace("-", "").replace("'", "").replace("’", "")
        if not 3 <= len(bare) <= MAX_NAME_WORD or not bare.isalpha() or not token[:1].isupper() \
                or bare.isupper():
            return False
        folded = fold(token)
        if len(folded) >= 10 and (NOUN_ENDING.search(folded) or DEFINITE_FORM.search(folded)) \
                and not SURNAME_ENDING.search(folded):
            return False  # a long compound noun ("Sundhedsplejersken"), not "Lauritzen", "Manning" or "Mkristensen"
        return folded not in self.lexicon.place_words and self._possible_surname(folded)

    def lowercase_name(self, token: str) -> LowercaseName | None:
        """What a lower-case token is as a listed name ("mette", "jens-ole", "holm-larsen"), or None.

        A hyphenated token is a first name when every part is one, a surname when its last part is a surname
        and the others are names; it is ambiguous only when every part is an everyday word.
        """
        if len(token) > MAX_NAME_WORD or not token.islower():
            return None
        lex = self.lexicon
        if "'" in token or "’" in token:
            return self._lowercase_apostrophe(token)
        if token.isalpha():
            folded = self.lowercase_folded(token)
            first, surname = folded in lex.first_names, folded in lex.surnames
            if not (first or surname):
                return self._lowercase_genitive(folded)
            ambiguous = folded in lex.ambiguous or folded in lex.common_words
            return LowercaseName(folded, first, surname, ambiguous)
        parts = [self.lowercase_folded(part) for part in token.split("-")]
        if len(parts) == 2 and parts[0] in PARTICLES and parts[1] in lex.surnames:
            return LowercaseName(token, first=False, surname=True, ambiguous=False)  # "el-sayed", "al-hassan"
        if len(parts) < 2 or not all(part.isalpha() for part in parts) \
                or not all(p in lex.first_names or p in lex.surnames for p in parts):
            return None
        first = all(p in lex.first_names for p in parts)
        surname = parts[-1] in lex.surnames and not first
        if not (first or surname):
            return None
        ambiguous = all(p in lex.ambiguous or p in lex.common_words for p in parts)
        return LowercaseName("-".join(parts), first, surname, ambiguous)

    def _lowercase_apostrophe(self, token: str) -> LowercaseName | None:
        """"o'brien", "d'souza" as listed; "anna's" as the name before its English genitive."""
        plain = token.replace("’", "'")
        if plain.endswith("'s") and plain[:-2].isalpha():
            name = self.lowercase_name(plain[:-2])
            return name if name is not None and not name.ambiguous else None
        folded = self.lowercase_folded(plain)
        if not folded.replace("'", "").isalpha() or folded.count("'") != 1:
            return None
        first, surname = folded in self.lexicon.first_names, folded in self.lexicon.surnames
        return LowercaseName(folded, first, surname, ambiguous=False) if first or surname else None

    def _lowercase_genitive(self, folded: str) -> LowercaseName | None:
        """"abdis sag", "mettes mor": the genitive of a listed first name that is no everyday word."""
        base = folded[:-1]
        lex = self.lexicon
        if len(folded) < 4 or not folded.endswith("s") or base not in lex.first_names \
                or base in lex.ambiguous or base in lex.common_words or folded in lex.common_words:
            return None
        return LowercaseName(base, first=True, surname=False, ambiguous=False)

    def lowercase_folded(self, token: str) -> str:
        """Folded form of a lower-case token (cheap for ASCII)."""
        return token if token.isascii() else fold(token)

    def blocked(self, tokens: Sequence[str]) -> set[int]:
        """Indices of tokens inside an organisation or place phrase ("Københavns Kommune", "Valby")."""
        return {k for span in self.phrases(tokens)[0] for k in span}

    def phrases(self, tokens: Sequence[str]) -> tuple[list[list[int]], list[list[int]], list[int]]:
        """Token indices of each organisation or place phrase, of each firm or brand named after people
        ("Georg Jensen", "Bang & Olufsen"), and of the places among the first, found in one pass; the longest
        phrase wins at each position."""
        lex = self.lexicon
        tables = (lex.organisations, lex.places, lex.eponyms)
        blocked: list[list[int]] = []
        eponyms: list[list[int]] = []
        places: list[int] = []
        can_start: dict[str, bool] = {}
        folded_parts: dict[str, list[str]] = {}
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            if not token[:1].isupper():
                i += 1
                continue
            if token not in can_start:
                head = fold(_PART_SPLIT.split(token, maxsplit=1)[0])
                # "HRS", "KLS" in capitals are initials, not "HR's", "KL's": a genitive is written "HR's"
                initials = token.isupper() and token.isalpha() and len(token) <= 4
                keys = (head, head[:-1]) if head.endswith("s") and not initials else (head,)
                can_start[token] = any(key in table for key in keys for table in tables)
            if not can_start[token]:
                i += 1
                continue
            words: list[str] = []
            owners: list[int] = []
            for j in range(i, min(n, i + _MAX_PHRASE_TOKENS)):
                if (parts := folded_parts.get(tokens[j])) is None:
                    parts = folded_parts[tokens[j]] = [fold(part) for part in _PART_SPLIT.split(tokens[j])
                                                       if part] if tokens[j][:1].isalpha() else []
                words.extend(parts)
                owners.extend([j] * len(parts))
            length, table = lex.longest_phrase(words, 0, tables)
            if length:
                (eponyms if table == 2 else blocked).append(sorted(set(owners[:length])))
                if table == 1:
                    places.extend(owners[:length])
                i = owners[length - 1] + 1
            else:
                i += 1
        return blocked, eponyms, places
