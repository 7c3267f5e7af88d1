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
        """Presidio's matching, without the identifiers in a mail's technical headers."""
        results = super().analyze(text, entities, nlp_artifacts)
        if not results or _TECHNICAL_HEADER.search(text) is None:
            return results
        technical = [(m.start(), text.find("\n", m.end())) for m in _TECHNICAL_HEADER.finditer(text)]
        return [r for r in results
                if not any(start <= r.start and (end < 0 or r.end <= end) for start, end in technical)]

    def validate_result(self, pattern_text: str) -> bool:
        """True when the address ends in a known public suffix (.dk, .com, ...)."""
        return self._extract(pattern_text).fqdn != ""
