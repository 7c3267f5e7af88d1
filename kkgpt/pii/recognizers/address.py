"""DK_ADDRESS: Danish street addresses (`Vesterbrogade 12B, 2. th., 1620 København V`, also typed in lower
case as `jagtvej 155 st th`) and foreign ones (`Kastanienallee 12`, `Hauptstraße 5, 80331 München`)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

_U = "[A-ZÆØÅÄÖÜÉ]"
_L = "[a-zæøåäöüéèáíóúñçšžćčđßłńśźżěřůő]"
_LOWER = "[a-zæøåäöüé]"

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
# A floor is "st", "1. sal", "2." or, before a door, a bare number ("19 2 tv").
_FLOOR_PART = (r"(?:(?:st|kl|kld)(?!\w)\.?|stuen|\d{1,2}\.?\s?sal(?!\w)|\d{1,2}\."
               r"|\d{1,2}(?=,?\s(?:th|tv|mf)(?!\w)))")
_DOOR = r"(?:(?:th|tv|mf)(?!\w)\.?|\d{1,3}(?!\d))"
_FLOOR = rf"(?:,?\s?{_FLOOR_PART}(?:,?\s?{_DOOR})?|,?\s(?:th|tv|mf)(?!\w)\.?)"
_DIRECTION = r"(?:\s(?:NV|SV|NØ|SØ|K|V|N|S|C|Ø)(?!\w))"
_TWO_WORD_TOWNS = r"(?:(?:Kgs\.|Kongens|Høje|Brøndby|Vallensbæk)\s)"
_POSTCODE = rf"(?:,?\s(?:DK-)?\d{{4}}\s{_TWO_WORD_TOWNS}?{_U}{_L}+(?:-{_U}{_L}+)?{_DIRECTION}?)"
_TAIL = rf"{_NUMBER}{_NOT_A_QUANTITY}{_FLOOR}?{_POSTCODE}?"
_CAPWORD = rf"(?:{_U}{_L}+s?|(?:{_U}\.){{1,3}}|{_U}{_L}{{0,3}}\.)"
_STREET_SUFFIX = "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))

#: Street endings specific enough to find a street typed in lower case (not -plads: "arbejdsplads").
LOWERCASE_STREET_SUFFIXES: tuple[str, ...] = (
    "vej", "gade", "allé", "alle", "boulevard", "stræde", "strædet", "torv", "brygge", "vænge", "vænget",
    "brogade", "tværvej", "passage", "kaj",
)
# Words before a lower-case street word that belong to the sentence, not the street ("bor på gade 3").
_NOT_STREET_WORDS = (
    "på", "til", "i", "bor", "boede", "bosat", "ved", "fra", "af", "ad", "om", "og", "er", "har", "de", "han",
    "hun", "vi", "jeg", "du", "den", "det", "en", "et", "adresse", "adressen", "flyttet", "flytter",
    "flyttede", "sin", "sit", "hendes", "deres", "on", "at", "in", "to", "the", "lives", "live", "of",
)
_LOWER_SUFFIX = "|".join(sorted(LOWERCASE_STREET_SUFFIXES, key=len, reverse=True))
# A compound street ("jagtvej", "gammel kongevej") or words before a street word ("sankt hans gade").
# The look-ahead for a number within three words fails fast on ordinary text, keeping the pattern cheap.
_LOWER_STREET = (
    rf"(?=(?:{_LOWER}+\s){{1,3}}\d)"
    rf"(?:(?:(?:{'|'.join(w.lower().rstrip('.') for w in _PREFIXES)})\s)?{_LOWER}{{2,}}(?:{_LOWER_SUFFIX})"
    rf"|(?:(?!(?:{'|'.join(_NOT_STREET_WORDS)})\s){_LOWER}+\s){{1,2}}(?:{_LOWER_SUFFIX}))"
)
_LOWER_NUMBER = r"\d{1,3}[a-h]?(?!\d|[.,]\d|\w)"
_LOWER_FLOOR = (r"(?:,?\s(?:st|kl|\d{1,2})\.?(?:,?\s(?:th|tv|mf|\d{1,3}(?!\d))\.?)?(?!\w)"
                r"|,?\s(?:th|tv|mf)\.?(?!\w))")
_LOWER_POSTCODE = rf"(?:,?\s\d{{4}}\s{_LOWER}+(?:\s(?:nv|sv|nø|sø|k|v|n|s|c|ø)(?!\w))?)"
# A lower-case address that ends in a floor, a door or a postcode: `jagtvej 155 st th`.
_LOWER_COMPLETE = re.compile(rf"\d[a-h]?(?:{_LOWER_FLOOR}{_LOWER_POSTCODE}?|{_LOWER_POSTCODE})$")

#: Endings of foreign street names (German, Swedish, Norwegian, Dutch) in one word: `Kastanienallee`.
FOREIGN_STREET_SUFFIXES: tuple[str, ...] = (
    "straße", "strasse", "allee", "weg", "gasse", "platz", "damm", "ufer", "chaussee", "gatan", "vägen",
    "gränd", "torget", "veien", "vegen", "gata", "straat", "gracht",
)
#: Foreign street words written apart, after the name: `Schönhauser Allee 80`, `Baker Street 5`.
FOREIGN_STREET_WORDS: tuple[str, ...] = (
    "Straße", "Strasse", "Str.", "Allee", "Weg", "Platz", "Gasse", "Ring", "Damm", "Ufer", "Street", "Road",
    "Avenue", "Lane", "Gatan", "Vägen",
)
# Words that open a street name abroad: `ul. Marszałkowska 10`, `Rue de Rivoli`, `Via Roma`.
_FOREIGN_PREFIX = (r"(?:ul\.|Ul\.|Rue(?:\s(?:de|du|des|de\sla))?|Via|Viale|Calle|Avenida|Rua|Piazza|Plac"
                   r"|Aleja)")
# Postcodes abroad: five digits (DE, FR, IT, ES, FI, TR...), `211 41` (SE), `00-590` (PL).
_FOREIGN_POSTCODE = r"(?:(?:[A-Z]{1,2}-)?\d{5}|\d{3}\s\d{2}|\d{2}-\d{3})"
_CITY = rf"{_U}{_L}+(?:[\s-]{_U}{_L}+)?"
_FOREIGN_NUMBER = r"\d{1,4}[a-zA-Z]?(?!\w)"
_PREFIX = "|".join(re.escape(word) for word in _PREFIXES)
_STREET_WORD = "|".join(STREET_WORDS)


class DkAddressRecognizer(PatternRecognizer):
    """Street + house number (+ letter) + optional floor/door + optional postcode and district.

    A street typed in lower case needs a floor, a door or a postcode (or a context word such as "bor") to
    count. A foreign address has a one-word street with a foreign ending (`Kastanienallee 12`), or a street
    word or prefix (`Schönhauser Allee`, `ul.`, `Via`) followed by a foreign postcode and a city.
    """

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
        # A lower-case street and number alone may be anything ("motorvej 16"): it counts with a context
        # word ("bor"), or with a floor, door or postcode (`_score_lowercase`).
        Pattern(
            "DK address (lower case)",
            rf"(?<![\w.]){_LOWER_STREET}\s{_LOWER_NUMBER}{_NOT_A_QUANTITY}"
            rf"(?:{_LOWER_FLOOR}{_LOWER_POSTCODE}?|{_LOWER_POSTCODE})?",
            0.15,
        ),
        Pattern(
            "Foreign address (street ending)",
            rf"(?<!\w)(?={_U}\S+\s\d){_U}{_L}{{2,}}(?:{'|'.join(FOREIGN_STREET_SUFFIXES)})\s{_FOREIGN_NUMBER}"
            rf"(?:,?\s{_FOREIGN_POSTCODE}\s{_CITY})?",
            0.6,
        ),
        Pattern(
            "Foreign address (street word)",
            rf"(?<!\w)(?={_U}\S*\s\S+\s(?:\S+\s)?\d)(?:{_CAPWORD}\s){{1,2}}"
            rf"(?:{'|'.join(map(re.escape, FOREIGN_STREET_WORDS))})\s{_FOREIGN_NUMBER}"
            rf",?\s{_FOREIGN_POSTCODE}\s{_CITY}",
            0.6,
        ),
        Pattern(
            "Foreign address (street prefix)",
            rf"(?<!\w)(?:{_FOREIGN_PREFIX})\s(?:{_CAPWORD}\s){{0,2}}{_CAPWORD}\s{_FOREIGN_NUMBER}"
            rf",?\s{_FOREIGN_POSTCODE}\s{_CITY}",
            0.6,
        ),
        Pattern(
            "DK address (Ved ...)",
            rf"(?<!\w)(?:Ved|Bag|Over|Under|Uden for|Inden for)\s(?:(?:den|det|de)\s)?{_U}{_L}+\s{_TAIL}",
            0.4,
        ),
    ]

    CONTEXT = ["adresse", "adr", "bor", "bopæl", "bosat", "flyttet", "flytter", "address", "lives", "living",
               "resides", "moved"]

    #: Score of a lower-case address with a floor, a door or a postcode.
    LOWERCASE_COMPLETE_SCORE = 0.5

    def __init__(self, supported_language: str = "da") -> None:
        # Capital letters carry the meaning here, so no IGNORECASE (Presidio's default).
        super().__init__(
            supported_entity="DK_ADDRESS",
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=re.MULTILINE,
        )

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """Presidio's pattern matching, then `_score_lowercase`."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            self._score_lowercase(text, result)
        return results

    def _score_lowercase(self, text: str, result: RecognizerResult) -> None:
        """Raise a lower-case address that ends in a floor, door or postcode (one regex, two scores)."""
        explanation = result.analysis_explanation
        if explanation is not None and explanation.pattern_name == "DK address (lower case)" \
                and _LOWER_COMPLETE.search(text, result.start, result.end):
            result.score = max(result.score, self.LOWERCASE_COMPLETE_SCORE)
            explanation.set_improved_score(result.score)
