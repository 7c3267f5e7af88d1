"""EMAIL_ADDRESS: Presidio's e-mail recognizer with Danish context and an offline domain check."""

from __future__ import annotations

import re

import tldextract
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer

# Mail headers whose addresses are message identifiers, not people's: "Message-ID: <CAF12@mail.gmail.com>".
_TECHNICAL_HEADER = re.compile(r"^[ \t>]*(?:Message-ID|In-Reply-To|References|X-[\w-]+|Thread-Index)[ \t]*:",
                               re.IGNORECASE | re.MULTILINE)


# An address with one line break inside it, next to the "@" or inside the domain; each part bounded.
_BROKEN = (
    re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}(?:\n@|@\n)[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,3}(?![\w@])"),
    re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){0,3}\.?\n[\w\-]{1,63}"
               r"(?:\.[\w\-]{1,63}){0,3}(?![\w@])"),
    # ... or a space a justified PDF line put inside the domain ("x@live .dk", "x@yahoo. dk", "x@protonma il.com")
    re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){0,3}(?:\.[ ]|[ ]\.?)[\w\-]{1,63}"
               r"(?:\.[\w\-]{1,63}){0,3}(?![\w@])"),
)
_COMMON_DOMAIN_END = re.compile(r"\.(?:dk|com|net|org|se|no|de|eu|info|nu|fi|pl|io|uk|nl|fo|gl)$")
_WHOLE = re.compile(r"[\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)+")


def _within_cell(text: str, result: RecognizerResult) -> RecognizerResult:
    """The address without what stands before a pipe in its local part: the pipe is legal there, but in a table
    typed without spaces ("|2371 0088|bente@mail.dk|") it is the border, and the cell before it is another
    value (a phone number the address would otherwise hide)."""
    border = text.rfind("|", result.start, text.find("@", result.start, result.end))
    if border >= 0:
        result.start = border + 1
    return result


class DkEmailRecognizer(EmailRecognizer):
    """E-mail addresses; the top-level domain is checked against tldextract's bundled suffix list."""

    CONTEXT = ["email", "e-mail", "mail", "mailadresse", "e-mailadresse", "skriv til", "kontakt"]

    def __init__(self, supported_language: str = "da") -> None:
        super().__init__(context=list(self.CONTEXT), supported_language=supported_language)
        # Presidio's EmailRecognizer uses tldextract's default extractor, which fetches the public suffix
        # list over the network on first use. This one reads only the snapshot bundled with tldextract
        # (no URLs, no disk cache), so no environment variable has to be set before Presidio is imported.
        self._extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        """Presidio's matching (within its table cell), addresses a narrow column broke over two lines, without
        the identifiers in a mail's technical headers."""
        results = [_within_cell(text, r) for r in super().analyze(text, entities, nlp_artifacts)]
        if "@" in text:
            results += self._broken(text, results)
        if not results or _TECHNICAL_HEADER.search(text) is None:
            return results
        technical = [(m.start(), text.find("\n", m.end())) for m in _TECHNICAL_HEADER.finditer(text)]
        return [r for r in results
                if not any(start <= r.start and (end < 0 or r.end <= end) for start, end in technical)]

    def _broken(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """Addresses a line break or a justified line's space cuts ("magnus.holm@outl" / "ook.dk", "maluisa38" /
        "@icloud.com", "x@live .dk"): the two pieces joined make an address with a known domain that is longer
        than what was found."""
        extra: list[RecognizerResult] = []
        for m in (m for pattern in _BROKEN for m in pattern.finditer(text)):
            joined = m.group().replace("\n", "").replace(" ", "")
            if "@" not in joined or not _WHOLE.fullmatch(joined) or not self.validate_result(joined):
                continue
            if " " in m.group() or "\n" in m.group():
                # a space or a line break joins only what is no address alone and ends in a common domain
                # ("x@live .dk", "x@outl\nook.dk"), never an address and the next word or line
                # ("x@webspeed.dk Reg.nr." is not at Nauru's ".nr")
                left = re.split(r"[ \n]", m.group(), maxsplit=1)[0].rstrip(".")
                if (_WHOLE.fullmatch(left) and self.validate_result(left)) \
                        or _COMMON_DOMAIN_END.search(joined) is None:
                    continue
            if any(r.start <= m.start() and m.end() <= r.end for r in found):
                continue
            extra.append(RecognizerResult(self.supported_entities[0], m.start(), m.end(), 1.0))
        return extra

    def validate_result(self, pattern_text: str) -> bool:
        """True when the address ends in a known public suffix (.dk, .com, ...)."""
        return self._extract(pattern_text).fqdn != ""
