"""CREDIT_CARD: Presidio's card recognizer (Luhn checksum) with Danish context words."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import CreditCardRecognizer


class DkCreditCardRecognizer(CreditCardRecognizer):
    """Payment card numbers (Visa/Dankort, Mastercard, ...); a failed Luhn check drops the match."""

    CONTEXT = ["kort", "kortnummer", "kortnr", "betalingskort", "kreditkort", "dankort", "visa", "mastercard",
               "maestro", "amex", "credit", "card", "debit"]

    def __init__(self, supported_language: str = "da") -> None:
        super().__init__(context=list(self.CONTEXT), supported_language=supported_language)
