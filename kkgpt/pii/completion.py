"""Span completion: the parts of a value next to it that its recognizer stopped short of.

Recognizers find the core of a value; the characters around it often still say who or where: the initial
after a first name ("Trine B."), a particle between two found name parts
("van der", "dela", "bin"), a hyphenated first part ("Anna-" before "Lise Grøn"), a listed surname after a
lone first name ("Mathias From"), the postcode and town after a street and number ("Rentemestervej 80, 3.th,
2400 kbh nv") and the country prefix before a phone number ("+45 (0) 2601 6759"). Each rule looks only at a
bounded window next to one detection, so completion costs time linear in the number of detections, and a
detection grows only into characters no other detection holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_text import PRONOUNS, ROLES, TITLES, sentence_opener
from kkgpt.pii.recognizers.name_words import DEFINITE_FORM, NOUN_ENDING
from kkgpt.pii.types import Detection

#: How far a rule looks beyond a detection's edge; no completion is longer.
WINDOW = 48
#: The longest name two found parts may be joined into.
MAX_NAME_CHARS = 60

_LETTER = r"[^\W\d_]"
_SPACE = r"[^\S\n]"
# ... and between a name's words: not a tab, which parts two cells of a table ("Yasmin\tKåre")
_NAME_SPACE = r"[^\S\n\t]"

# -- names -------------------------------------------------------------------------------------------

# A capital initial after a name ("Trine B.", "Hanne Ø"); "I" without a dot is the English pronoun.
_INITIAL_AFTER = re.compile(rf"{_NAME_SPACE}(?:[A-ZÆØÅÄÖÜ]\.|[A-HJ-ZÆØÅÄÖÜ](?!{_LETTER}|[.'’]\w))(?!\w)")
# A lower-case initial closing a lower-case name ("gitte s", "rasmus t,"): not a one-letter word.
_LOWER_INITIAL_AFTER = re.compile(rf"{_SPACE}[b-df-hj-np-z](?={_SPACE}*(?:[,.;:!?)\n]|$))")
# Initials before a name: a capital ("Y. Sivakumar") or two or more letters ("h.c. mikkelsen"); one lower-case
# letter is an abbreviation ("møde m. peter": med), as are "f.", "d.", "v.", "s.", "t." and "o.".
_INITIALS_BEFORE = re.compile(
    rf"(?<!{_LETTER}|[.'’])(?:(?:(?![fdvsto]\.)[^\W\d_]\.){{2,3}}|(?![FDVSTO]\.)[A-ZÆØÅ]\.){_SPACE}?$")
# Particles opening a surname before it ("van der" + "Berg", "al" + "Tamimi"); not those that are Danish words
# ("de", "der", "da", "af", "i").
_PARTICLES_BEFORE = re.compile(
    rf"(?<!{_LETTER})(?:(?:van|von)(?:{_SPACE}(?:der|den|de))?|dela|della|del|dos|das|du|bin|ibn|bint|binti|abu"
    rf"|al|el|ben|ter|ten|le|la|mac){_SPACE}$",
    re.IGNORECASE,
)
# A hyphenated first part written onto the found name ("Anna-" + "Lise Grøn").
_HYPHENATED_BEFORE = re.compile(rf"(?<!{_LETTER}|-)[A-ZÆØÅ][a-zæøåäöüéáíóú]+-$")
# A hyphenated last part ("Winkel" + "-Hansen"), also broken at a line end ("Ros" + "-\nendahl").
_HYPHENATED_AFTER = re.compile(rf"-(?:[A-ZÆØÅ][a-zæøåäöüéáíóú]+|{_SPACE}*\n{_SPACE}*[a-zæøå]{{2,}})(?!{_LETTER})")
#: Name particles, lower-cased: between a first name and a surname, or opening a surname.
PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "la", "le", "dela", "del", "della", "di", "da", "do", "dos", "das", "du",
    "bin", "ibn", "bint", "binti", "al", "el", "abu", "ben", "ter", "ten", "af", "zu", "a", "við", "í", "á",
})
_PARTICLE_WORD = "|".join(sorted(PARTICLES, key=len, reverse=True))
# The gap between two found parts of one name: spaces and particles only ("Layla" Al "Nuaimi", "Søren
# Øhlenschlæger" "Nissen"); a comma or a line break parts two people.
_PARTICLE_GAP = re.compile(rf"{_SPACE}+(?:(?:{_PARTICLE_WORD}){_SPACE}+){{0,3}}", re.IGNORECASE)
# Particles and a capitalised surname after a found first name ("Layla" + " Al Nuaimi", "Pieter" + " van Dijk").
_PARTICLES_AND_SURNAME = re.compile(
    rf"(?:{_SPACE}(?i:{_PARTICLE_WORD})){{1,3}}{_SPACE}[A-ZÆØÅ]{_LETTER}+(?:-[A-ZÆØÅ]{_LETTER}+)?(?!{_LETTER})"
)
# A name ending in a particle takes the word after it ("maricel dela" + "cruz").
_ENDS_IN_PARTICLE = re.compile(rf"(?<!{_LETTER})(?:{_PARTICLE_WORD})$", re.IGNORECASE)
_WORD_AFTER = re.compile(rf"{_SPACE}{_LETTER}{{2,}}(?:-{_LETTER}{{2,}})?(?!{_LETTER})")
# A capitalised word after a lone first name.
_LOWER_WORD_NEXT = re.compile(rf"{_SPACE}([a-zæøå]{{1,20}})(?!{_LETTER})")
_CAPITALISED_AFTER = re.compile(rf"{_NAME_SPACE}([A-ZÆØÅ][a-zæøåäöüéáíóú]{{1,20}})(?!{_LETTER}|-)")

#: Capitalised words after a first name that are no surname: greetings and thanks that follow a name
#: in a message without a comma ("Hej Mette Tak for sidst"), roles and titles.
NOT_SURNAMES = frozenset({
    "tak", "hej", "mvh", "hilsen", "venlig", "kære", "godt", "god", "ok", "okay", "ja", "nej", "thanks", "thank",
    "hi", "hello", "dear", "regards", "best", "borger", "borgeren", "mor", "far", "leder", "chef", "team",
    "afdeling", "afdelingen", "kommune", "kommunen", "center", "centret", "skole", "skolen", "jobcenter",
})

# A word in lower case after a lower-case first name.
_LOWER_AFTER = re.compile(rf"{_NAME_SPACE}([a-zæøå]{{2,20}})(?!{_LETTER}|-)")

#: The score of a name found by the value next to it.
_OWNER_SCORE = 0.5
# One or two name words right before a phone number or an e-mail address, maybe with "tlf"/"mob"/":" between.
_OWNER_BEFORE_CONTACT = re.compile(
    rf"(?<!{_LETTER})(?P<name>{_LETTER}{{2,20}}(?:{_SPACE}{_LETTER}{{2,20}})?)"
    rf"(?:{_SPACE}*[:,(]?{_SPACE}*(?i:tlf|mob|mobil|tel|ph|phone|mail|e-mail)?\.?:?)?{_SPACE}*$"
)
# A word before a role in parentheses: "bo (morfar)", "mette (min leder)", "ask (dreng 9 år)".
_NAME_BEFORE_ROLE = re.compile(
    rf"(?<!{_LETTER})(?P<name>{_LETTER}{{2,20}}){_SPACE}\((?:(?:min|mit|hans|hendes|vores|my|his|her){_SPACE})?"
    rf"(?P<role>{_LETTER}{{2,20}})(?:,?{_SPACE}[^()\n]{{1,20}})?\)"
)
# A word right before a name in parentheses: "will (".
_NICKNAME_BEFORE = re.compile(rf"(?<![{_LETTER[1:-1]}.])(?P<name>{_LETTER}{{2,20}}){_SPACE}\($")

# -- addresses and phones ------------------------------------------------------------------------------

_DIRECTION = r"(?:nv|sv|nø|sø|k|v|n|s|c|ø)"
_NOT_TOWN = r"(?:kr|kroner|dkk|eur|timer|dage|uger|stk|personer|borgere|ansatte|elever|m2|kvm)"
# The postcode and town after a street, number and floor ("2400 kbh nv", ", 211 49 Malmö"), on the same
# line or the next; a house letter may come first ("Kungsgatan 14" + " B").
_ADDRESS_TAIL = re.compile(
    rf"(?:{_SPACE}?[A-Ha-h](?!{_LETTER}))?,?{_SPACE}*(?:\n{_SPACE}*)?(?:DK-)?(?:\d{{4}}|\d{{3}}{_SPACE}\d{{2}})"
    rf"{_SPACE}+(?!{_NOT_TOWN}(?!{_LETTER}))(?P<town>{_LETTER}{{2,}})\.?(?:-{_LETTER}{{2,}})?"
    rf"(?:{_SPACE}{_DIRECTION}(?!{_LETTER}))?",
    re.IGNORECASE,
)
# A country code and a trunk "(0)" before a phone number: "+45 (0) ", "0045 ", "(+45) ".
_PHONE_PREFIX = re.compile(rf"(?<![\w+])(?:(?:\+|00)\d{{2,3}}{_SPACE}?(?:\(0\){_SPACE}?)?|\(\+?\d{{2,3}}\){_SPACE}?)$")

Rule = Callable[[str, Detection, "_Bounds"], Detection]


class _Bounds:
    """Where a detection may grow: up to its neighbours."""

    __slots__ = ("left", "right")

    def __init__(self, left: int, right: int) -> None:
        self.left = left
        self.right = right


class SpanCompleter:
    """Grows detections over the parts of their value next to them (see the module docstring)."""

    def __init__(self, lexicon: NameLexicon) -> None:
        self._lexicon = lexicon
        self._rules: dict[str, tuple[Rule, ...]] = {
            "PERSON": (self._name_before, self._name_after),
            "DK_ADDRESS": (self._address_tail,),
            "PHONE_NUMBER": (_phone_prefix,),
        }

    def complete(self, text: str, detections: Sequence[Detection]) -> list[Detection]:
        """`detections` (sorted, non-overlapping) grown over their neighbouring parts; still sorted and
        non-overlapping. Two name parts joined by particles become one name; a listed name right before a
        phone number or an e-mail address, or before a name in parentheses, is a name too."""
        detections = self._owners(text, detections)
        out: list[Detection] = []
        for k, d in enumerate(detections):
            left = out[-1].end if out else 0
            right = detections[k + 1].start if k + 1 < len(detections) else len(text)
            if out and d.entity_type == "PERSON" and out[-1].entity_type == "PERSON" \
                    and _one_name(text, out[-1], d):
                joined = out.pop()
                d = Detection("PERSON", joined.start, d.end, max(joined.score, d.score))
                left = out[-1].end if out else 0
            bounds = _Bounds(left, right)
            for rule in self._rules.get(d.entity_type, ()):
                d = rule(text, d, bounds)
            out.append(d)
        return out

    def _owners(self, text: str, detections: Sequence[Detection]) -> list[Detection]:
        """Names that a neighbouring value shows: the listed name right before a phone number or an e-mail
        address ("udlejer er kim frost 30 17 85 42", "til mig lone 26 34 91 07"), and the word right before a
        found name in parentheses ("will (william hart)", a nickname)."""
        added: list[Detection] = []
        left = 0
        # "af bo (morfar)", "mette (min leder)"; the scan tries every letter, so only a text with a parenthesis
        for m in _NAME_BEFORE_ROLE.finditer(text) if "(" in text else ():
            if self._listed_name(m.group("name")) and fold(m.group("role")) in ROLES:
                added.append(Detection("PERSON", m.start("name"), m.end("name"), _OWNER_SCORE))
        for d in detections:
            begin = max(left, d.start - WINDOW)
            if d.entity_type in ("PHONE_NUMBER", "EMAIL_ADDRESS"):
                m = _OWNER_BEFORE_CONTACT.search(text, begin, d.start)
                if m is not None:
                    start = m.start("name")
                    if not self._listed_name(m.group("name")) and " " in m.group("name"):
                        start = m.start("name") + m.group("name").rindex(" ") + 1  # "mig lone": "lone"
                    if self._listed_name(text[start:m.end("name")]):
                        added.append(Detection("PERSON", start, m.end("name"), _OWNER_SCORE))
            elif d.entity_type == "PERSON":
                m = _NICKNAME_BEFORE.search(text, begin, d.start)
                if m is not None and self._nickname(m.group("name"), text[d.start:d.start + 3]):
                    added.append(Detection("PERSON", m.start("name"), m.end("name"), _OWNER_SCORE))
            left = d.end
        if not added:
            return list(detections)
        starts = [d.start for d in detections]
        free = []
        for a in sorted(set(added), key=lambda d: d.start):
            k = bisect_right(starts, a.start)
            if (k == 0 or detections[k - 1].end <= a.start) and (k == len(detections) or a.end <= starts[k]) \
                    and (not free or free[-1].end <= a.start):
                free.append(a)
        return sorted([*detections, *free], key=lambda d: d.start)

    def _listed_name(self, words: str) -> bool:
        """Every word a listed first name or surname, none a function word, a role or a pronoun typed in lower
        case ("hun oplyste sin e-mail ...": hers, not Sin's)."""
        lexicon = self._lexicon
        return all((w in lexicon.first_names or w in lexicon.surnames) and w not in lexicon.stop_words
                   and w not in NOT_SURNAMES and w not in ROLES and not (raw.islower() and w in PRONOUNS)
                   for raw, w in ((raw, fold(raw)) for raw in words.split()))

    def _nickname(self, word: str, name_start: str) -> bool:
        """A listed name, or the short form of the name after it ("will (william", "mikki (mikkel"); no
        role, title or word such as "Samtale (Anne Holm)"."""
        folded = fold(word)
        if folded in ROLES or folded in TITLES or folded in NOT_SURNAMES:
            return False
        return folded[:3] == fold(name_start) or self._listed_name(word)

    def _name_before(self, text: str, d: Detection, bounds: _Bounds) -> Detection:
        """Initials or a hyphenated first part written before the name."""
        begin = max(bounds.left, d.start - WINDOW)
        if (m := _INITIALS_BEFORE.search(text, begin, d.start)) is not None and not self._sentence_end(text, m, d):
            return replace(d, start=m.start())
        for pattern in (_PARTICLES_BEFORE, _HYPHENATED_BEFORE):
            if (m := pattern.search(text, begin, d.start)) is not None:
                return replace(d, start=m.start())
        return d

    def _sentence_end(self, text: str, initial: re.Match[str], d: Detection) -> bool:
        """One capital and a dot before a first name end a sentence ("plan B. Mette sender den"); before a
        surname they are an initial ("Y. Sivakumar")."""
        if len(initial.group().strip()) != 2 or not initial.group()[:1].isupper():
            return False
        first_word = re.match(rf"{_LETTER}+", text[d.start:min(d.end, d.start + WINDOW)])
        if first_word is None:
            return False
        word = fold(first_word.group())
        return word in self._lexicon.first_names and word not in self._lexicon.surnames

    def _name_after(self, text: str, d: Detection, bounds: _Bounds) -> Detection:
        """An initial, a listed surname, the word after a particle, a hyphenated part. A possessive "s" stays
        outside ("Sofie" + "s forældre"), so the model reads "<PERSON_1>s forældre" and the grammar holds."""
        end = min(bounds.right, d.end + WINDOW)
        value = text[max(d.start, d.end - WINDOW):d.end]  # a bounded look at the name's end
        particle = _ENDS_IN_PARTICLE.search(value)
        if particle is not None and len(particle.group()) == 1 and particle.group().isupper():
            particle = None  # "Heðin við Á": a Faroese surname of one letter, no particle
        part = (_WORD_AFTER.match(text, d.end, end) if particle is not None else None) \
            or _PARTICLES_AND_SURNAME.match(text, d.end, end) \
            or _HYPHENATED_AFTER.match(text, d.end, end) \
            or self._surname_after(text, d, end)
        if part is not None:
            d = replace(d, end=part.end())
        if (m := _INITIAL_AFTER.match(text, d.end, end)) is not None \
                or (value.islower() and (m := _LOWER_INITIAL_AFTER.match(text, d.end, end)) is not None):
            return replace(d, end=m.end())
        return d

    def _surname_after(self, text: str, d: Detection, end: int) -> re.Match[str] | None:
        """A capitalised word after a lone listed first name, in the middle of a sentence ("Mathias From",
        "Hanne Vest", "handled by Morten Skriver"): Danish does not capitalise everyday words there, so the
        word is the surname, unless it is a function word, a month or weekday, a place, an organisation's
        first word or a role."""
        value = text[d.start:d.end]
        lexicon = self._lexicon
        if len(value) > MAX_NAME_CHARS or not value.isalpha() or fold(value) not in lexicon.first_names:
            return None
        if value.islower():
            return self._lower_surname_after(text, d, end)
        if not value[:1].isupper():
            return None
        m = _CAPITALISED_AFTER.match(text, d.end, end)
        if m is None:
            return None
        surname = fold(m.group(1))
        if surname in NOT_SURNAMES or text[m.end():m.end() + 1] == ":":  # "Hej Mette Tak", "Anna Status:"
            return None
        following = _LOWER_WORD_NEXT.match(text, m.end(), end)
        if following is not None and sentence_opener(surname, following.group(1)):
            return None  # "Hej Peter Kan du ringe": an unpunctuated new sentence

        if surname in lexicon.surnames or surname in lexicon.word_surnames:
            return m
        if len(surname) >= 10 and (NOUN_ENDING.search(surname) or DEFINITE_FORM.search(surname)):
            return None  # "Anne Sundhedsplejersken ringede": a compound noun
        if fold(value) in lexicon.ambiguous or len(surname) < 3 or surname in lexicon.stop_words \
                or surname in lexicon.proper_words or surname in lexicon.place_words \
                or surname in lexicon.organisations:
            return None
        return m

    def _lower_surname_after(self, text: str, d: Detection, end: int) -> re.Match[str] | None:
        """A listed surname typed in lower case after a lower-case first name that is no word ("louise
        vinter"): written together, they are one person's name even when the surname is also a word."""
        lexicon = self._lexicon
        if fold(text[d.start:d.end]) in lexicon.ambiguous:
            return None
        m = _LOWER_AFTER.match(text, d.end, end)
        if m is None:
            return None
        surname = m.group(1)
        if surname in lexicon.stop_words or surname in NOT_SURNAMES:
            return None
        return m if surname in lexicon.surnames or surname in lexicon.word_surnames else None

    def _address_tail(self, text: str, d: Detection, bounds: _Bounds) -> Detection:
        """The postcode and town after a street and number; a town in lower case must be a listed place
        ("2400 kbh nv", not "2024 flyttede")."""
        m = _ADDRESS_TAIL.match(text, d.end, min(bounds.right, d.end + WINDOW))
        if m is None:
            return d
        town = m.group("town")
        if not town[:1].isupper() and fold(town) not in self._lexicon.place_words:
            return d
        return replace(d, end=m.end())


def _one_name(text: str, previous: Detection, d: Detection) -> bool:
    """Two found name parts with only spaces and particles between them are one name ("Søren" Øhlenschlæger
    "Nissen"), unless the first ends in an initial's dot or the two would make more than four words or
    repeat one ("Jens Hansen Jens Hansen" is two mentions), or a tab parts them (two cells of a table)."""
    if d.end - previous.start > MAX_NAME_CHARS or _PARTICLE_GAP.fullmatch(text, previous.end, d.start) is None \
            or "\t" in text[previous.end:d.start]:
        return False
    if text[previous.end - 1] == ".":
        return False
    words = text[previous.start:d.end].lower().split()
    return len(words) <= 4 and len(set(words)) == len(words)


def _phone_prefix(text: str, d: Detection, bounds: _Bounds) -> Detection:
    """The country code before a phone number."""
    m = _PHONE_PREFIX.search(text, max(bounds.left, d.start - 12), d.start)
    return d if m is None else replace(d, start=m.start())
