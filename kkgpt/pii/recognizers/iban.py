"""IBAN_CODE: Presidio's IBAN recognizer (MOD-97 and country formats, DK included) with Danish context."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import IbanRecognizer
from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country


class DkIbanRecognizer(IbanRecognizer):
    """IBANs such as `DK50 0040 0440 1162 43`.

    A valid MOD-97 checksum gives score 1.0. A number in the right national layout with a wrong checksum is
    kept at the pattern's score (0.5, raised by context): a mistyped account number is still personal data.
    """

    CONTEXT = ["iban", "konto", "kontonummer", "bank", "overfør", "overførsel", "udbetal", "indbetal",
               "refusion", "tilbagebetal", "account", "transfer", "payment"]

    def __init__(self, supported_language: str = "da") -> None:
        super().__init__(context=list(self.CONTEXT), supported_language=supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Checksum first; a failed checksum with a valid national layout keeps the match at a lower score."""
        result = super().validate_result(pattern_text)
        if result is False and self._has_national_layout(pattern_text):
            return None
        return result

    def _has_national_layout(self, pattern_text: str) -> bool:
        iban = EntityRecognizer.sanitize_value(pattern_text, self.replacement_pairs)
        layout = regex_per_country.get(iban[:2])
        return bool(layout and re.fullmatch(layout, iban))
