"""DK_LICENSE_PLATE: Danish number plates, two capital letters and five digits (`AB 12 345`)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer

_AFTER = r"(?![\w])(?!\s?\d)"


class DkLicensePlateRecognizer(PatternRecognizer):
    """Plates written `AB 12 345` or `AB12345`; the unspaced form needs a context word."""

    PATTERNS = [
        Pattern("DK plate (spaced)", rf"(?<![\w])[A-ZÆØÅ]{{2}} \d{{2}} \d{{3}}{_AFTER}", 0.4),
        Pattern("DK plate (compact)", rf"(?<![\w])[A-ZÆØÅ]{{2}} ?\d{{5}}{_AFTER}", 0.3),
    ]

    CONTEXT = ["=bil", "bilen", "bilens", "bilnummer", "nummerplade", "plade", "reg.nr", "regnr",
               "registreringsnummer", "køretøj", "vogn",
               "varevogn", "lastbil", "motorcykel", "knallert", "parkering", "parkeret", "parkerings",
               "p-afgift", "kontrolafgift", "holder", "fører", "ejer", "car", "vehicle", "plate", "licence",
               "license", "parked", "parking"]

    def __init__(self, supported_language: str = "da") -> None:
        # Capital letters are the point of the pattern, so Presidio's default IGNORECASE is left out.
        super().__init__(
            supported_entity="DK_LICENSE_PLATE",
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=re.MULTILINE,
        )
