"""DK_ADDRESS: Danish street addresses, `Vesterbrogade 12B, 2. th., 1620 København V`."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer

_U = "[A-ZÆØÅÄÖÜÉ]"
_L = "[a-zæøåäöüéèáíóúñçšžćčđ]"

#: Endings that make one capitalised word a street name (definite forms included).
STREET_SUFFIXES: tuple[str, ...] = (
    "vej", "vejen", "gade", "gaden", "allé", "alle", "plads", "pladsen", "stræde", "strædet", "boulevard",
    "boulevarden", "torv", "torvet", "brygge", "bryggen", "vænge", "vænget", "vang", "vangen", "stien",
    "kaj", "kajen", "dige", "diget", "løkke", "løkken", "passage", "passagen", "promenade", "promenaden",
    "toften", "tofte", "engen", "parken", "haven", "bakken", "gården", "kvarteret", "tværvej", "brogade",
)

#: Street words written as a separate capitalised word after a name: `Peter Bangs Vej`.
STREET_WORDS: tuple[str, ...] = (
    "Vej", "Gade", "Allé", "Alle", "Plads", "Stræde", "Boulevard", "Torv", "Brygge", "Vænge", "Have",
    "Park", "Bakke", "Kanal", "Kaj", "Sti", "Passage", "Promenade", "Vang", "Bro", "Tværvej", "Kvarter",
)

# Words that often open a street name in front of a suffixed word: `Gammel Kongevej`, `Amager Strandvej`.
_PREFIXES = (
    "Gammel", "Gl.", "Ny", "Nye", "Store", "St.", "Lille", "Nørre", "Søndre", "Sønder", "Vester", "Øster",
    "Nordre", "Sankt", "Skt.", "Kongens", "Dronning", "Dronningens", "Prins", "Prinsesse", "Kong", "Hellig",
    "Indre", "Ydre", "Gamle", "Øvre", "Nedre", "Amager", "Valby", "Vesterbro", "Østerbro", "Nørrebro",
    "Frederiksberg", "Vanløse", "Brønshøj", "Husum", "Bispebjerg", "Utterslev", "Emdrup", "Sundby",
)

_NUMBER = rf"\d{{1,3}}(?:[A-H]|\s[A-H](?!{_L}))?(?:-\d{{1,3}})?(?!\d|[.,]\d)"
_NOT_A_QUANTITY = r"(?!\s?(?:år|årig|kr|%|procent|timer|dage|uger|måneder|mio|mia|stk|personer|gange|km|m\b))"
_FLOOR_PART = r"(?:(?:st|kl|kld)(?!\w)\.?|stuen|\d{1,2}\.?\s?sal(?!\w)|\d{1,2}\.)"
_DOOR = r"(?:(?:th|tv|mf)(?!\w)\.?|\d{1,3}(?!\d))"
_FLOOR = rf"(?:,?\s?{_FLOOR_PART}(?:,?\s?{_DOOR})?|,?\s(?:th|tv|mf)(?!\w)\.?)"
_DIRECTION = r"(?:\s(?:NV|SV|NØ|SØ|K|V|N|S|C|Ø)(?!\w))"
_TWO_WORD_TOWNS = r"(?:(?:Kgs\.|Kongens|Høje|Brøndby|Vallensbæk)\s)"
_POSTCODE = rf"(?:,?\s(?:DK-)?\d{{4}}\s{_TWO_WORD_TOWNS}?{_U}{_L}+(?:-{_U}{_L}+)?{_DIRECTION}?)"
_TAIL = rf"{_NUMBER}{_NOT_A_QUANTITY}{_FLOOR}?{_POSTCODE}?"
_CAPWORD = rf"(?:{_U}{_L}+s?|(?:{_U}\.){{1,3}}|{_U}{_L}{{0,3}}\.)"
_STREET_SUFFIX = "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))
_PREFIX = "|".join(re.escape(word) for word in _PREFIXES)
_STREET_WORD = "|".join(STREET_WORDS)


class DkAddressRecognizer(PatternRecognizer):
    """Street + house number (+ letter) + optional floor/door + optional postcode and district."""

    PATTERNS = [
        Pattern(
            "DK address (street ending)",
            rf"(?<!\w)(?:(?:{_PREFIX})\s)?{_U}{_L}*(?:{_STREET_SUFFIX})\s{_TAIL}",
            0.75,
        ),
        Pattern(
            "DK address (street word)",
            rf"(?<!\w)(?:{_CAPWORD}\s){{1,3}}(?:{_STREET_WORD})\s{_TAIL}",
            0.7,
        ),
        Pattern(
            "DK address (with postcode)",
            rf"(?<!\w){_CAPWORD}(?:\s{_CAPWORD}){{0,2}}\s{_NUMBER}{_FLOOR}?{_POSTCODE}",
            0.8,
        ),
        Pattern(
            "DK address (Ved ...)",
            rf"(?<!\w)(?:Ved|Bag|Over|Under|Uden for|Inden for)\s(?:(?:den|det|de)\s)?{_U}{_L}+\s{_TAIL}",
            0.4,
        ),
    ]

    CONTEXT = ["adresse", "adr", "bor", "bopæl", "bosat", "flyttet", "flytter", "address", "lives", "living",
               "resides", "moved"]

    def __init__(self, supported_language: str = "da") -> None:
        # Capital letters carry the meaning here, so no IGNORECASE (Presidio's default).
        super().__init__(
            supported_entity="DK_ADDRESS",
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=re.MULTILINE,
        )
