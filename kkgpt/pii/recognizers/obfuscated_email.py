"""EMAIL_ADDRESS written to dodge scrapers: `navn (at) gmail dot com`, `navn[at]hotmail.com`,
`jens snabel-a mail punktum dk`, `anne @ kk . dk`."""

from __future__ import annotations

import regex as re
import tldextract
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.recognizers.base import DanishPatternRecognizer

_S = r"[^\S\n]"
_LOCAL = r"[A-Za-z0-9æøåÆØÅ][A-Za-z0-9æøåÆØÅ._%+\-]{0,63}"
# The words people write for "@" and ".", in brackets of any kind ("(at)", "[snabel-a]", "<dot>", "(.)").
_AT_WORDS = r"at|a|@|snabel[- ]?a"
_DOT_WORDS = r"dot|punktum|prik|\."
_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"
_BRACKETED_AT = rf"{_OPEN}{_S}?(?:{_AT_WORDS}){_S}?{_CLOSE}"
_BRACKETED_DOT = rf"{_OPEN}{_S}?(?:{_DOT_WORDS}){_S}?{_CLOSE}"
# "@" bracketed, spelled "snabel-a" or "snabel a", or with spaces on both sides ("Skriv @kk.dk" is an
# instruction); a plain "at" only with a spelled-out dot (pattern 2).
_AT = rf"(?:{_S}*{_BRACKETED_AT}{_S}*|{_S}+snabel[- ]?a{_S}+|{_S}+@{_S}+)"
_PLAIN_AT = rf"{_S}+(?:at|AT){_S}+"
# "." spelled out or bracketed ...
_SPELLED_DOT = rf"(?:{_S}*{_BRACKETED_DOT}{_S}*|{_S}+(?:dot|DOT|punktum|prik){_S}+)"
# ... or a plain dot, maybe with spaces around it.
_DOT = rf"(?:{_SPELLED_DOT}|{_S}+\.{_S}*|\.)"  # not ". " alone: that ends a sentence
_LABEL = r"[A-Za-z0-9æøå](?:[A-Za-z0-9æøå\-]{0,62}[A-Za-z0-9æøå])?"
# One spelled-out "@" or "." (what makes a match obfuscated), and what it stands for.
_TOKEN = re.compile(
    rf"(?P<at>{_BRACKETED_AT}|\bsnabel[- ]?a\b|\bat\b)|(?P<dot>{_BRACKETED_DOT}|\b(?:dot|punktum|prik)\b)",
    re.IGNORECASE,
)
_SPELLED = re.compile(rf"{_TOKEN.pattern}|\s@|@\s|\s\.|\.\s", re.IGNORECASE)


def deobfuscate(text: str) -> str:
    """The address an obfuscated one stands for: `jens (at) kk dot dk` -> `jens@kk.dk`."""
    plain = _TOKEN.sub(lambda m: "@" if m.group("at") else ".", text)
    return re.sub(r"\s+", "", plain)


# Texts without any of these hold no obfuscated address: one cheap search saves the patterns' scans.
_TRIGGER = re.compile(
    rf"{_BRACKETED_AT}|{_BRACKETED_DOT}|snabel|\s@\s|\b(?:dot|DOT|punktum|prik)\b", re.IGNORECASE
)


class ObfuscatedEmailRecognizer(DanishPatternRecognizer):
    """Addresses with "@" or "." spelled out, bracketed or spaced; the rebuilt address must end in a known
    public suffix, and at least one part must be written in such a way (plain ones are the e-mail
    recognizer's)."""

    ENTITY = "EMAIL_ADDRESS"
    # Words like "AT" and "DOT" are written in either case; the local part and labels are matched as written.
    REGEX_FLAGS = re.MULTILINE
    PATTERNS = [
        Pattern(
            "e-mail with @ written out",
            # the local part may have its dots written out too ("marie [dot] h [at] outlook [dot] dk")
            rf"(?<![\w.@]){_LOCAL}(?:{_SPELLED_DOT}{_LOCAL}){{0,3}}{_AT}{_LABEL}(?:{_DOT}{_LABEL}){{1,4}}"
            rf"(?![\w@]|\.\w)",
            0.75,
        ),
        Pattern(
            "e-mail with at and dot as words",
            rf"(?<![\w.@]){_LOCAL}{_PLAIN_AT}{_LABEL}(?:{_SPELLED_DOT}{_LABEL}){{1,4}}(?![\w@]|\.\w)",
            0.7,
        ),
    ]
    CONTEXT = ["email", "e-mail", "mail", "mailadresse", "e-mailadresse", "skriv", "kontakt", "contact"]

    def __init__(self, supported_language: str = "da") -> None:
        super().__init__(supported_language)
        self._extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """The patterns' matches, looked for only in a text that spells out an "@" or a "." somewhere."""
        if not _TRIGGER.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Spelled out somewhere, and the rebuilt address has a known public suffix; else no address."""
        if not _SPELLED.search(pattern_text):
            return False
        address = deobfuscate(pattern_text)
        local, _, domain = address.partition("@")
        if not local or not domain or "@" in domain:
            return False
        return None if self._extract(domain).suffix and self._extract(domain).domain else False
