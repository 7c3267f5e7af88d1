"""IBAN_CODE: Presidio's IBAN recognizer (MOD-97 and country formats, DK included) with Danish context."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import IbanRecognizer
from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country


# An IBAN typed in lower case: a country code, check digits and the account, maybe grouped by four.
_LOWER_IBAN = re.compile(r"(?<![\w])[a-z]{2}\d{2}(?:[ ]?[0-9a-z]{4}){2,7}(?:[ ]?[0-9a-z]{1,3})?(?![\w])")
# A number its "IBAN" label names, in an IBAN's shape whatever its length and checksum ("IBAN: DK89 2255 0006
# 2814 4590", a digit too many): a mistyped account is someone's account all the same.
_LABELLED_IBAN = re.compile(r"(?i:(?<![\w])iban)(?:[ \t]*(?:nr\.?|no\.?|er|is))?[ \t]*:?[ \t]*"
                            r"(?P<iban>[A-Z]{2}\d{2}(?:[ ]?[0-9A-Z]{4}){2,8}(?:[ ]?[0-9A-Z]{1,3})?)(?![\w])")
#: Score of an IBAN-shaped number after its label, whatever its checksum.
_LABELLED_SCORE = 0.6


class DkIbanRecognizer(IbanRecognizer):
    """IBANs such as `DK50 0040 0440 1162 43`.

    A valid MOD-97 checksum gives score 1.0. A number in the right national layout with a wrong checksum is
    kept at the pattern's score (0.5, raised by context): a mistyped account number is still personal data.
    """

    CONTEXT = ["iban", "konto", "kontonummer", "bank", "overfør", "overførsel", "udbetal", "indbetal",
               "refusion", "tilbagebetal", "account", "transfer", "payment"]

    def __init__(self, supported_language: str = "da") -> None:
        super().__init__(context=list(self.CONTEXT), supported_language=supported_language)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        """Presidio's matching, then IBANs typed in lower case ("dk8596800012340987"): read again in capitals,
        kept only with a valid checksum, since lower-case letters and digits are common in other ids."""
        results = super().analyze(text, entities, nlp_artifacts)
        metadata = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}
        results += [RecognizerResult(self.supported_entities[0], m.start("iban"), m.end("iban"), _LABELLED_SCORE,
                                     recognition_metadata=dict(metadata))
                    for m in _LABELLED_IBAN.finditer(text)]
        spans = [m.span() for m in _LOWER_IBAN.finditer(text)]
        if not spans:
            return results
        pieces, done = [], 0
        for start, end in spans:
            pieces += [text[done:start], text[start:end].upper()]
            done = end
        upper = "".join([*pieces, text[done:]])
        starts = {start for start, _ in spans}
        results += [r for r in super().analyze(upper, entities, nlp_artifacts)
                    if r.start in starts and r.score >= 1.0]
        return results

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
