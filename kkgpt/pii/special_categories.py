"""Spot special categories of personal data (GDPR art. 9 and 10) in a prompt, from word lists.

These are signals, not masks: the chat shows a guideline panel and counts them in usage statistics (and
blocks the message when the policy says `mode = "block"`). The word lists are data files, one per
category, in `kkgpt/pii/data/special/<category>.txt`, Danish and English terms side by side:

    diabet*          a word starting with "diabet" (diabetes, diabetiker, diabetisk)
    *misbrug*        a word containing "misbrug" (alkoholmisbrug, misbruget): Danish compounds
    *kræft           a word ending in "kræft" (brystkræft) -- "kræft*" would also hit "kræfter" (strength)
    3F               exactly this word
    børnefaglig* undersøgelse*   several words, any whitespace between them
    !fængslende      an exception: a word matching it is not flagged even if a term above matches
    # comment

Matching ignores case and only ever starts and ends at word limits. Lists lean towards words that
name a citizen's situation; words for the municipality's own organisation or for a law alone
("Socialforvaltningen", "lov om social service", "sundhedskort") are left out on purpose, so that
ordinary administrative prompts stay unflagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

#: The categories KK-GPT knows, in display order, with their Danish names for the guideline panel.
SPECIAL_CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        "health": "helbredsoplysninger",
        "ethnic_origin": "race eller etnisk oprindelse",
        "religion": "religiøs eller filosofisk overbevisning",
        "political_opinion": "politisk overbevisning",
        "union_membership": "fagforeningsmæssigt tilhørsforhold",
        "sexual_orientation": "seksuelle forhold eller seksuel orientering",
        "genetic_biometric": "genetiske eller biometriske data",
        "criminal": "strafbare forhold",
        "social_case": "sociale forhold (fx underretning, anbringelse, misbrug)",
    }
)


@dataclass(frozen=True, slots=True)
class CategoryMatch:
    """One place in the text that made a category fire."""

    category: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SpecialCategoryFindings:
    """All matches in one text; `categories` lists each flagged category once."""

    matches: tuple[CategoryMatch, ...] = ()

    @property
    def categories(self) -> tuple[str, ...]:
        """Flagged category keys, known ones in `SPECIAL_CATEGORIES` order, then any others by name."""
        found = {m.category for m in self.matches}
        order = list(SPECIAL_CATEGORIES)
        return tuple(sorted(found, key=lambda c: (order.index(c) if c in order else len(order), c)))


class SpecialCategoryDetector(Protocol):
    """Anything that can flag special categories in a text (the shield depends on this, not on word lists)."""

    def detect(self, text: str) -> SpecialCategoryFindings:
        """Return what was found in `text`."""
        ...


def _word_pattern(word: str) -> str:
    """`*misbrug*` -> a regex for one word with the wildcards as runs of word characters."""
    core = word.strip("*")
    if not core:
        raise ValueError(f"term {word!r} has no letters")
    return ("\\w*" if word.startswith("*") else "") + re.escape(core) + ("\\w*" if word.endswith("*") else "")


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any of the terms (syntax in the module docstring)."""
    alternatives = [r"\s+".join(_word_pattern(w) for w in term.split()) for term in terms]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _CategoryRules:
    terms: re.Pattern[str]
    exceptions: re.Pattern[str] | None
    # Lower-cased, the literal part of each term's first word: every match contains one of them.
    cores: tuple[str, ...] = ()


def _cores(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({term.split()[0].strip("*").lower() for term in terms if term.split()}))


class TermListDetector:
    """Flags special categories by word lists; built once, then pure and safe to share between threads."""

    def __init__(self, term_lists: Mapping[str, tuple[Iterable[str], Iterable[str]]]) -> None:
        """`term_lists` maps a category key to (terms, exceptions)."""
        rules: dict[str, _CategoryRules] = {}
        for category, (terms, exceptions) in term_lists.items():
            terms = list(terms)
            pattern = term_pattern(terms)
            if pattern is not None:
                rules[category] = _CategoryRules(pattern, term_pattern(exceptions), _cores(terms))
        self._rules = MappingProxyType(rules)

    @classmethod
    def from_directory(cls, directory: str | Path | None = None) -> TermListDetector:
        """Load `<category>.txt` word lists from a directory (default: the packaged lists)."""
        folder = Path(directory) if directory is not None else default_word_list_dir()
        files = sorted(folder.glob("*.txt"))
        if not files:
            raise FileNotFoundError(f"no word lists (*.txt) in {folder}")
        return cls({f.stem: parse_word_list(f.read_text(encoding="utf-8")) for f in files})

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories this detector has word lists for."""
        return tuple(self._rules)

    def detect(self, text: str) -> SpecialCategoryFindings:
        """Find every term of every category in `text`.

        A category none of whose words occurs in the text is skipped without its regex (a list's
        alternatives are tried one by one at every word, most of the cost on an ordinary prompt). The
        skip compares lower-cased text, which is what the regex's IGNORECASE does for Latin-1; text
        with other characters (some fold to Latin-1 letters: 'ſ', the Kelvin sign) runs every regex.
        """
        matches: list[CategoryMatch] = []
        lowered = text.lower() if not text or max(text) <= "\xff" else None
        for category, rules in self._rules.items():
            if lowered is not None and not any(core in lowered for core in rules.cores):
                continue
            for m in rules.terms.finditer(text):
                if rules.exceptions is not None and rules.exceptions.fullmatch(m.group()):
                    continue
                matches.append(CategoryMatch(category, m.start(), m.end()))
        matches.sort(key=lambda m: (m.start, m.end, m.category))
        return SpecialCategoryFindings(tuple(matches))


def parse_word_list(content: str) -> tuple[list[str], list[str]]:
    """Split a word-list file into (terms, exceptions); blank lines and `#` comments are skipped."""
    terms: list[str] = []
    exceptions: list[str] = []
    for raw in content.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("!"):
            exceptions.append(line[1:].strip())
        elif line:
            terms.append(line)
    return terms, exceptions


def default_word_list_dir() -> Path:
    """The word lists shipped with KK-GPT."""
    return Path(str(resources.files("kkgpt.pii").joinpath("data", "special")))
