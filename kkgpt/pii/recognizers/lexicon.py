"""Name lists and stop-lists for the PERSON recognizer, read once from `kkgpt/pii/data` at build time.

Every list is a plain text file, one entry per line, `#` starting a comment. Look-ups are on lower-cased
words, and every entry is also stored without diacritics, so "Yilmaz" finds "Yılmaz" and "Kovacevic" finds
"Kovačević". Organisations, places and eponyms (firms and brands named after people: "Georg Jensen") may be
several words; they are indexed by their first word.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from spacy.lang.da.stop_words import STOP_WORDS as _DA_STOP_WORDS
from spacy.lang.en.stop_words import STOP_WORDS as _EN_STOP_WORDS

#: Files in the data directory, by the lexicon field they fill.
LIST_FILES: Mapping[str, str] = MappingProxyType({
    "first_names": "first_names.txt",
    "surnames": "surnames.txt",
    "ambiguous": "ambiguous_names.txt",
    "word_names": "word_names.txt",
    "common_words": "common_words.txt",
    "proper_words": "proper_words.txt",
    "organisations": "organisations.txt",
    "places": "places.txt",
    "eponyms": "eponyms.txt",
    "word_surnames": "word_surnames.txt",
})

_WORD_SEPARATORS = str.maketrans({".": " ", "-": " ", "&": " ", "'": " ", "’": " "})


def default_data_dir() -> Path:
    """The packaged data directory, `kkgpt/pii/data`."""
    return Path(str(resources.files("kkgpt.pii").joinpath("data")))


def read_list(path: Path) -> list[str]:
    """Entries of one list file: stripped, NFC-normalised, without blank lines and `#` comments."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(unicodedata.normalize("NFC", entry))
    return entries


def fold(word: str) -> str:
    """Lower-case `word` and drop diacritics that Danish does not spell with (keeps æ, ø, å)."""
    lowered = word.lower()
    if lowered.isascii():
        return lowered
    return _fold_accents(lowered)


@lru_cache(maxsize=1 << 16)
def _fold_accents(lowered: str) -> str:
    out = []
    for ch in lowered:
        if ch in "æøå":
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)) or ch)
    return "".join(out).replace("ı", "i").replace("đ", "d").replace("ł", "l")


def phrase_words(entry: str) -> tuple[str, ...]:
    """An organisation or place entry as folded words ("Børne- og Ungdomsforvaltningen" -> 3 words)."""
    return tuple(fold(part) for part in entry.translate(_WORD_SEPARATORS).split())


def _word_set(entries: Iterable[str]) -> frozenset[str]:
    words: set[str] = set()
    for entry in entries:
        words.add(entry.lower())
        words.add(fold(entry))
    return frozenset(words)


def _with_aa_spellings(names: frozenset[str], common: frozenset[str]) -> frozenset[str]:
    """The names and their other spelling of Danish å: "aa" before 1948 and in many families' names since
    ("Kaare" and "Kåre", "Aase" and "Åse", "Vestergaard" and "Vestergård"), unless that spelling is a word."""
    other = {name.replace("aa", "å") for name in names if "aa" in name} \
        | {name.replace("å", "aa") for name in names if "å" in name}
    return names | frozenset(other - common)


def _phrase_index(entries: Iterable[str]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        words = phrase_words(entry)
        if words:
            index.setdefault(words[0], []).append(words)
    return MappingProxyType({
        first: tuple(sorted(set(phrases), key=len, reverse=True)) for first, phrases in index.items()
    })


@dataclass(frozen=True)
class NameLexicon:
    """Immutable word lists the PERSON recognizer consults with set look-ups."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    ambiguous: frozenset[str]
    common_words: frozenset[str]
    #: Words English capitalises that are no names (months, weekdays, languages); also in `common_words`.
    proper_words: frozenset[str]
    #: spaCy's Danish and English stop words (function words); also in `common_words`.
    stop_words: frozenset[str]
    organisations: Mapping[str, tuple[tuple[str, ...], ...]]
    places: Mapping[str, tuple[tuple[str, ...], ...]]
    place_words: frozenset[str]
    #: Firms and brands named after people ("Georg Jensen", "Bang & Olufsen"): not persons without a cue.
    eponyms: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=lambda: MappingProxyType({}))
    #: Surnames that are also everyday words ("From", "Vest"): a surname only right after a first name.
    word_surnames: frozenset[str] = frozenset()
    #: Danish names that are also everyday Danish words ("Per", "Sol", "Ravn"); also in `ambiguous`, which
    #: adds names of other traditions that spell a word ("Gang", "Dato").
    word_names: frozenset[str] = frozenset()

    @classmethod
    def from_lists(cls, *, first_names: Iterable[str] = (), surnames: Iterable[str] = (),
                   ambiguous: Iterable[str] = (), word_names: Iterable[str] = (),
                   common_words: Iterable[str] = (),
                   proper_words: Iterable[str] = (), organisations: Iterable[str] = (),
                   places: Iterable[str] = (), eponyms: Iterable[str] = (),
                   word_surnames: Iterable[str] = ()) -> NameLexicon:
        """Build a lexicon from in-memory lists (tests, extensions); stop and proper words are common too."""
        places = list(places)
        proper = _word_set(proper_words)
        stop = frozenset(_DA_STOP_WORDS | _EN_STOP_WORDS)
        common = _word_set(common_words) | proper | stop
        first = _with_aa_spellings(_word_set(first_names), common)
        sur = _with_aa_spellings(_word_set(surnames), common)
        place_words = {words[0] for words in map(phrase_words, places) if len(words) == 1}
        # A name that is also an everyday word or a place ("Per", "Sofia", "Jordan") needs more evidence.
        named_words = _word_set(word_names)
        ambiguous = _word_set(ambiguous) | named_words | ((first | sur) & (common | place_words))
        return cls(first_names=first, surnames=sur, ambiguous=frozenset(ambiguous), word_names=named_words,
                   common_words=frozenset(common), proper_words=proper, stop_words=stop,
                   organisations=_phrase_index(organisations),
                   places=_phrase_index(places), place_words=frozenset(place_words),
                   eponyms=_phrase_index(eponyms), word_surnames=_word_set(word_surnames))

    @classmethod
    def load(cls, data_dir: Path | None = None) -> NameLexicon:
        """Read every list file from `data_dir` (default: the packaged `kkgpt/pii/data`)."""
        directory = data_dir if data_dir is not None else default_data_dir()
        lists = {field: read_list(directory / filename) for field, filename in LIST_FILES.items()}
        return cls.from_lists(**lists)

    def phrase_length(self, words: Sequence[str], index: int) -> int:
        """Words covered by the longest organisation or place phrase starting at `words[index]` (0 if none).

        `words` are folded; the phrase's last word may carry a genitive -s ("Datatilsynets"). A one-word
        place that is also a name ("Lund", "Sofia") is left to the name rules.
        """
        return self.longest_phrase(words, index, (self.organisations, self.places))[0]

    def inflected_noun(self, folded: str, endings: tuple[str, ...] = ("en", "et", "er")) -> bool:
        """An everyday noun with one of `endings` (definite, plural): "mailen", "brevet", "materialer"."""
        common = self.common_words
        return len(folded) > 4 and folded.endswith(endings) and (folded[:-2] in common or folded[:-1] in common)

    def longest_phrase(self, words: Sequence[str], index: int,
                       tables: Sequence[Mapping[str, tuple[tuple[str, ...], ...]]]) -> tuple[int, int]:
        """(words covered, position in `tables`) of the longest phrase starting at `words[index]`, or (0, -1).

        The rules of `phrase_length`; an earlier table wins a tie.
        """
        best, where = 0, -1
        for position, table in enumerate(tables):
            for phrase in table.get(words[index], ()) or table.get(_strip_genitive(words[index]), ()):
                n = len(phrase)
                if n <= best or index + n > len(words):
                    continue
                if n == 1 and table is self.places and phrase[0] in self.ambiguous:
                    continue
                if all(_same_word(words[index + k], phrase[k], k == n - 1) for k in range(n)):
                    best, where = n, position
        return best, where


def _strip_genitive(word: str) -> str:
    for suffix in ("'s", "’s", "s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _same_word(word: str, expected: str, last: bool) -> bool:
    return word == expected or (last and _strip_genitive(word) == expected)
