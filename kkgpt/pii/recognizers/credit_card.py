"""CREDIT_CARD: Presidio's card recognizer (Luhn checksum) with Danish context words, and a card number its
label or its expiry names whatever its checksum says ("Kort nr. 4571 9920 1234 5678", "betalte med kort ...
udløb 09/27": a mistyped digit is still someone's card)."""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

# Sixteen digits in groups of four (or unbroken), searched first: digits are rarer than letters.
_CARD_DIGITS = re.compile(r"(?<![\w-])\d{4}(?:[ -]?\d{4}){3}(?![\w-]|[ -]\d)")
# ... right after a card's label and "er" or a colon: "Kort nr. ", "kortnummeret ", "Dankort ", "card number is ".
_CARD_LABEL = re.compile(
    r"(?i:(?<![\w-])(?:(?:betalingskort|kreditkort|dankort|visakort|visa|mastercard)"
    r"(?:[ \t]*-?(?:nr\.?|nummer(?:et)?|number|no\.?))?"
    # a bare "kort" or "card" may be anything (short, a map, a brief); with its number's word it is the card's
    # ("Kort nr.", "kortnummeret"), and so it is what one pays with ("betalte med kort", "med sit kort")
    r"|(?:kort|card)[ \t]*-?(?:nr\.?|nummer(?:et)?|number|no\.?)"
    r"|(?:med|with)[ \t]+(?:(?:mit|sit|dit|hans|hendes|my|his|her)[ \t]+)?(?:kort(?:et)?|card))"
    r"(?:[ \t]+(?:er|is))?)[ \t]*:?[ \t]*$"
)
# ... or right before a card's expiry, month and year ("4571 2233 9081 4412 udløb 09/27"), whatever the label.
_EXPIRY_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?i:udløb(?:er|sdato)?|exp(?:iry|ires)?\.?|gyldig[ \t]+til|valid[ \t]+thru)[ \t]*:?[ \t]*"
    r"(?:0[1-9]|1[0-2])[/.-](?:20)?\d\d(?![\d/.-]\d)"
)
# ... or a table's column of cards: "Kort", "Kortnr.", "Betalingskort", "Card number".
_CARD_COLUMN = re.compile(r"(?:betalings|kredit|dan)?kort(?:nummer|-?nr\.?)?|card(?:[ _]?(?:number|no\.?))?")
#: How far before the digits a label is looked for.
_LABEL_REACH = 40


class DkCreditCardRecognizer(CreditCardRecognizer):
    """Payment card numbers (Visa/Dankort, Mastercard, ...); a failed Luhn check drops the match unless a
    card label stands right before the number or its expiry right after it."""

    CONTEXT = ["kort", "kortnummer", "kortnr", "betalingskort", "kreditkort", "dankort", "visa", "mastercard",
               "maestro", "amex", "credit", "card", "debit"]

    #: Score of sixteen digits a card label names.
    LABELLED_SCORE = 0.6

    def __init__(self, supported_language: str = "da") -> None:
        super().__init__(context=list(self.CONTEXT), supported_language=supported_language)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """Presidio's Luhn-checked matches, and numbers after a card label or before an expiry."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        layout = getattr(nlp_artifacts, "layout", None)
        for m in _CARD_DIGITS.finditer(text):
            cell = layout.cell_at(m.start()) if layout is not None and layout.cells else None
            if _CARD_LABEL.search(text, max(0, m.start() - _LABEL_REACH), m.start()) is not None:
                why = "after a card label"
            elif cell is not None and cell.label and not cell.header and _CARD_COLUMN.fullmatch(cell.label):
                why = f"value of the column '{cell.label}'"  # "Kvittering,Borger,Beløb,Kort"
            elif _EXPIRY_AFTER.match(text, m.end()) is not None:
                why = "before a card's expiry"
            else:
                continue
            explanation = AnalysisExplanation(recognizer=self.name, original_score=self.LABELLED_SCORE,
                                              textual_explanation=why)
            results.append(RecognizerResult(self.supported_entities[0], m.start(), m.end(),
                                            self.LABELLED_SCORE, explanation,
                                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                                  RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        return results
