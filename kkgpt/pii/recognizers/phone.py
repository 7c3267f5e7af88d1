"""PHONE_NUMBER: Danish numbers (with or without +45/0045) and foreign numbers written with + or 00."""

from __future__ import annotations

import phonenumbers
import regex as re
from presidio_analyzer import Pattern

from kkgpt.pii.recognizers.base import DanishPatternRecognizer

_BEFORE = r"(?<![\w+\-/.,])(?<!\d[ ])"
_AFTER = r"(?![\w\-/]|[.,]\d|\s?\d)"
_DK_PREFIX = r"(?:\+45|0045|\(\+45\))\s?"
_FIRST = "[2-9]"
# Country code, optional area code and 2-4 digit groups after + or 00 (Denmark, 45, has its own patterns).
_INTERNATIONAL = r"[1-9]\d{0,2}[ \-.]?\(?\d{1,4}\)?(?:[ \-.]?\d{2,4}){1,4}(?![\w+])"


class DkPhoneRecognizer(DanishPatternRecognizer):
    """Danish 8-digit numbers by grouping and context, and validated international numbers.

    A bare 8-digit number is as likely a case number or an amount, so it starts below the default
    threshold and needs a context word (tlf, mobil, ring...) to be reported.
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern("DK phone with +45",
                rf"{_BEFORE}{_DK_PREFIX}{_FIRST}\d(?:(?:[ -]?\d{{2}}){{3}}|\d{{2}}[ -]?\d{{4}}){_AFTER}",
                0.85),
        Pattern("DK phone 2-2-2-2", rf"{_BEFORE}{_FIRST}\d(?:[ ]\d{{2}}){{3}}{_AFTER}", 0.6),
        Pattern("DK phone 2-2-2-2 (dashes)", rf"{_BEFORE}{_FIRST}\d(?:-\d{{2}}){{3}}{_AFTER}", 0.5),
        Pattern("DK phone 4-4", rf"{_BEFORE}{_FIRST}\d{{3}} \d{{4}}{_AFTER}", 0.4),
        Pattern("DK phone unbroken", rf"{_BEFORE}{_FIRST}\d{{7}}{_AFTER}", 0.25),
        Pattern("International phone",
                rf"(?<![\w+])\+(?!45){_INTERNATIONAL}", 0.4),
        # The same written with the international call prefix 00 instead of + ("0048 601 552 903").
        Pattern("International phone (00)",
                rf"(?<![\w+\-/.,])00(?!45){_INTERNATIONAL}", 0.4),
    ]

    CONTEXT = ["tlf", "telefon", "mobil", "=mob", "ring", "opkald", "sms", "nummer", "phone", "=tel",
               "mobile", "cell", "call", "kontakt", "contact", "whatsapp", "signal"]

    #: Words that make an 8-digit number something else: a case, an amount, a company.
    NEGATIVE_CONTEXT = ["=sag", "sagsnr", "sagsnummer", "journal", "j.nr", "=jnr", "cvr", "se-nr", "p-nr",
                        "=kr", "=dkk", "kroner", "beløb", "faktura", "ordre", "order", "invoice", "kontonr",
                        "reg.nr", "=ean", "=id", "kundenr", "kundenummer", "varenr", "bilag", "løbenr", "cpr",
                        "bestilling", "booking", "forsendelse", "tracking", "kvittering", "receipt",
                        "serienr", "serienummer", "medarbejdernr", "medarbejdernummer"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """International numbers must fit their country; Danish ones must not be two years.

        With "+" a number only has to have a possible length for its country code: the plus says it is a
        phone number, and ranges the metadata does not know yet (or keeps for examples, such as UK
        07700 900xxx) still reach a person. With "00", which also opens account and case numbers, the
        number must be valid in a known range.
        """
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        international = pattern_text.startswith(("+", "00"))  # no Danish pattern starts with 00 but 0045
        if international and not pattern_text.startswith(("+45", "(+45", "0045")):
            try:
                number = phonenumbers.parse("+" + pattern_text.lstrip("+").removeprefix("00"), None)
            except phonenumbers.NumberParseException:
                return False
            if pattern_text.startswith("+"):
                reason = phonenumbers.is_possible_number_with_reason(number)
                return reason == phonenumbers.ValidationResult.IS_POSSIBLE
            return bool(phonenumbers.is_valid_number(number))
        local = digits[-8:]
        if re.fullmatch(r"(?:19|20)\d\d(?:19|20)\d\d", local) and " " in pattern_text.strip():
            return False  # "2019 2020": two years, not a 4-4 number
        return None
