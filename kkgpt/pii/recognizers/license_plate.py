"""DK_LICENSE_PLATE: Danish number plates, two capital letters and five digits (`AB 12 345`)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.recognizers.base import DanishPatternRecognizer

_AFTER = r"(?![\w])(?!\s?\d)"
# A word for a vehicle or a plate right before the plate, maybe with "er", "reg." or "nr." between ("bilen er
# cx 48 219", "bil reg bk 77 031"), in any case ("Nummerplade: ab 12 345").
_VEHICLE_WORDS = (r"\b(?i:bil|bilen|bilens|biler|bilerne|nummerplade|nummerpladen|nummerplader|plade|pladen|plader"
                  r"|reg\.?nr\.?|regnr|varevogn|varevognen|lastbil|motorcykel|knallert|car|plate|plates)")
# ... and the plates listed after such a word before this one ("Nummerplader: CB 70 221, dz 49 108"): the word
# names each plate of its list.
_LISTED_PLATES = r"(?:[A-Za-zæøåÆØÅ]{2} ?\d{2} ?\d{3}(?:,|[^\S\n]+(?:og|and|eller|or))?[^\S\n]{1,3})*"
_VEHICLE_BEFORE = (rf"(?<={_VEHICLE_WORDS}"
                   rf"(?:[^\S\n]{{1,3}}(?:er|var|har|reg\.?|nr\.?|nummer|med))?:?[^\S\n]{{1,3}}{_LISTED_PLATES})")


# A column of plates ("Nummerplade", "Reg.nr.", "Påhængsvogn") and a value there: letters and digits, both,
# as any country writes them ("EX38474", "M GK 762", "KR 3KA68", "FL-ZT 89").
_PLATE_COLUMN = re.compile(r"^(?:nummerplade|nummerpladen|nr\.?plade|plade|reg\.? ?nr\.?|registreringsnummer"
                           r"|reg\.? ?nummer|påhængsvogn|trailer|køretøj|bil|license plate|licence plate|plate)$")
_COLUMN_PLATE = re.compile(r"(?=[^\n]*[A-ZÆØÅÄÖÜ])(?=[^\n]*\d)[A-ZÆØÅÄÖÜ0-9](?:[A-ZÆØÅÄÖÜ0-9]|[ \-](?=\S)){2,10}")


class DkLicensePlateRecognizer(DanishPatternRecognizer):
    """Plates written `AB 12 345` or `AB12345`; the unspaced form needs a context word, lower case a
    vehicle word right before it."""

    ENTITY = "DK_LICENSE_PLATE"
    # Capital letters carry the meaning here, so not Presidio's default IGNORECASE.
    REGEX_FLAGS = re.MULTILINE
    # Every plate but the lower-case one (gated below) has a capital, maybe a space or dash, then a digit.
    PATTERNS_GATE = r"[A-ZÆØÅÄÖÜ][ -]{0,2}\d"
    PATTERNS = [
        Pattern("DK plate (spaced)", rf"(?<![\w])[A-ZÆØÅ]{{2}} \d{{2}} \d{{3}}{_AFTER}", 0.4),
        Pattern("DK plate (compact)", rf"(?<![\w])[A-ZÆØÅ]{{2}} ?\d{{5}}{_AFTER}", 0.3),
        Pattern("DK plate (dashes)", r"(?<![\w-])[A-ZÆØÅ]{2}-\d{2}-\d{3}(?![\w-])", 0.4),
        # Trailer plates, two letters and four digits ("RA 1234"), and Polish ones with a letter last
        # ("KR 1234A"), only with a context word (a trailer, a plate).
        Pattern("DK trailer or PL plate", rf"(?<![\w])[A-ZÆØÅ]{{2}} ?\d{{4}}[A-Z]?{_AFTER}", 0.15),
        # Swedish plates ("KLM 482", "ABC 12A") look like much else: they count only with a context word.
        Pattern("SE plate", r"(?<![\w])[A-Z]{3} ?\d{2}[A-Z0-9](?![\w])", 0.15),
        # German plates: district, letters and digits ("HH-KL 4821", "B-XY 1234"), with a context word.
        Pattern("DE plate", r"(?<![\w-])[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} ?\d{1,4}[EH]?(?![\w-])", 0.2),
        # Danish trailer plates written in pairs ("LK 28 17"), German plates without the dash ("M GK 762"),
        # Polish ones ("KR 3KA68", "WPR 2950"): each only with a context word (a trailer, a car, a plate).
        Pattern("DK trailer plate (pairs)", r"(?<![\w])[A-ZÆØÅ]{2} \d{2} \d{2}(?![\w])(?![^\S\n]?\d)", 0.15),
        Pattern("DE plate (spaced)", r"(?<![\w-])[A-ZÄÖÜ]{1,3} [A-Z]{1,2} \d{1,4}[EH]?(?![\w-])", 0.15),
        Pattern("PL plate", r"(?<![\w])[A-Z]{2,3} {1,2}(?=[A-Z0-9]{4,5}(?![\w]))(?=[A-Z]{0,3}\d)[A-Z0-9]{4,5}(?![\w])",
                0.15),
        # UK plates: two letters, two digits and three letters ("GX22 CRR", "AV68 SRU"), a shape little else has.
        Pattern("UK plate", r"(?<![\w-])[A-Z]{2}\d{2} ?[A-Z]{3}(?![\w-])", 0.4),
        # Typed in lower or mixed case, only right after a word for a vehicle or a plate ("bil cv 71 408",
        # "nr. plade: bf41932", "den anden bil: Df 67 014") or in the list of plates it opens.
        Pattern("DK plate (spaced, lower case)",
                rf"{_VEHICLE_BEFORE}(?![A-ZÆØÅ]{{2}})[A-Za-zæøåÆØÅ]{{2}} ?\d{{2}} ?\d{{3}}{_AFTER}", 0.5),
    ]

    CONTEXT = ["=bil", "bilen", "bilens", "bilnummer", "nummerplade", "plade", "reg.nr", "regnr",
               "registreringsnummer", "køretøj", "vogn",
               "varevogn", "lastbil", "motorcykel", "knallert", "parkering", "parkeret", "parkerings",
               "p-afgift", "kontrolafgift", "holder", "fører", "ejer", "car", "vehicle", "plate", "licence",
               "license", "parked", "parking", "registration", "svensk", "svenske", "swedish", "tysk", "tyske",
               "german", "trailer", "trailere", "påhængsvogn", "påhængsvognen", "anhænger", "anhængeren",
               "campingvogn", "campingvognen", "polsk", "polske", "polish", "norsk", "norske", "norwegian",
               "licens", "licensen", "beboerlicens", "gæstelicens", "udenlandsk", "omregistreres",
               "indregistreret", "registrering"]

    GATES = {"DK plate (spaced, lower case)": rf"(?i){_VEHICLE_WORDS}"}

    #: Score of a value in a column or form row labelled with a plate word ("Nummerplade", "Påhængsvogn").
    COLUMN_SCORE = 0.6

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """The patterns' matches, and the values of a plate column in any country's writing."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return results + self.column_values(text, nlp_artifacts, _PLATE_COLUMN, _COLUMN_PLATE, self.COLUMN_SCORE)

