"""EMAIL_ADDRESS: Presidio's e-mail recognizer with Danish context and an offline domain check."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer


class DkEmailRecognizer(EmailRecognizer):
    """E-mail addresses; the top-level domain is checked against tldextract's bundled suffix list."""

    CONTEXT = ["email", "e-mail", "mail", "mailadresse", "e-mailadresse", "skriv til", "kontakt"]

    def __init__(self, supported_language: str = "da") -> None:
        super().__init__(context=list(self.CONTEXT), supported_language=supported_language)
        # Presidio's EmailRecognizer uses tldextract's default extractor, which fetches the public suffix
        # list over the network on first use. This one reads only the snapshot bundled with tldextract
        # (no URLs, no disk cache), so no environment variable has to be set before Presidio is imported.
        self._extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)

    def validate_result(self, pattern_text: str) -> bool:
        """True when the address ends in a known public suffix (.dk, .com, ...)."""
        return self._extract(pattern_text).fqdn != ""
