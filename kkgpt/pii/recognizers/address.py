"""DK_ADDRESS: Danish street addresses (`Vesterbrogade 12B, 2. th., 1620 København V`, also typed in lower
case as `jagtvej 155 st th` or in capitals as `JAGTVEJ 155, ST. TH`, with the postcode on the next line of a
letter's header, or with a village before it: `Lindevej 8, Tårup, 5370 Mesinge`) and foreign ones
(`Kastanienallee 12`, `Hauptstraße 5, 80331 München`, `Niels Finsens gøta 14, 100 Tórshavn`)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.address_columns import address_cells
from kkgpt.pii.recognizers.base import DanishPatternRecognizer

_U = "[A-ZÆØÅÄÖÜÉÁÍÓÚÝŁŚŻŹĆŃŠŽČĐŐŰ]"
_L = "[a-zæøåäöüéèáíóúñçšžćčđßłńśźżěřůőðýþ]"
# Street, number, floor and door stay on one line and in one cell (`_S`: a space, never a line break or a
# tab), so a name on the line above or in the cell before is not read as part of the street; a postcode
# may start the next line (a letter's header).
_S = r"[^\S\n\t]"
_LINE_OR_SPACE = r"(?:[^\S\n\t]*\n[^\S\n\t]*|[^\S\n\t])"
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
    r"Blvd\.?",
)

# Words that often open a street name in front of a suffixed word: `Gammel Kongevej`, `Amager Strandvej`.
_PREFIXES = (
    "Gammel", "Gl.", "Ny", "Nye", "Store", "St.", "Lille", "Nørre", "Søndre", "Sønder", "Vester", "Øster",
    "Nordre", "Sankt", "Skt.", "Kongens", "Dronning", "Dronningens", "Prins", "Prinsesse", "Kong", "Hellig",
    "Indre", "Ydre", "Gamle", "Øvre", "Nedre", "Amager", "Valby", "Vesterbro", "Østerbro", "Nørrebro",
    "Frederiksberg", "Vanløse", "Brønshøj", "Husum", "Bispebjerg", "Utterslev", "Emdrup", "Sundby",
)

_NUMBER = rf"\d{{1,3}}(?:[A-Z](?!\w)|{_S}[A-H](?!{_L}))?(?:-\d{{1,3}})?(?!\d|[.,]\d)"
_NOT_A_QUANTITY = (r"(?![^\S\n\t]?(?:år|årig|kr|%|procent|timer|dage|uger|måneder|mio|mia|stk|personer|gange"
                   r"|minutter|min|sek|km|m\b))")
# A floor is "st", "1. sal", "2." or, before a door, a bare number ("19 2 tv").
_FLOOR_PART = (r"(?:(?:st|kl|kld)(?!\w)\.?|stuen|\d{1,2}\.?[^\S\n\t]?sal(?!\w)|\d{1,2}\.?(?:th|tv|mf)(?!\w)\.?"
               r"|\d{1,2}\.|\d{1,2}(?=,?[^\S\n\t](?:th|tv|mf)(?!\w))"
               # a floor in English: "Classensgade 8, 4th floor, 2100 Copenhagen"
               r"|\d{1,2}(?:st|nd|rd|th)[^\S\n\t]floor(?!\w)"
               # a bare floor between commas before the postcode: "Nørrebrogade 9, 1, 2200 København N"
               r"|(?<=,[^\S\n\t])\d{1,2}(?=,?[^\S\t]{1,2}\d{4}[^\S\n\t])"
               # a room in a hostel or a dormitory: "værelse 14", "vær. 214"
               r"|(?:værelse|vær\.|room|lejl\.|lejlighed)[^\S\n\t]?\d{1,4}(?!\d))")
# A door: th, tv, mf, a number, or a number after "dør" ("1., dør 12")
_DOOR = r"(?:(?:th|tv|mf)(?!\w)\.?|(?:dør[^\S\n\t])?\d{1,3}(?!\d))"
_FLOOR = rf"(?:,?{_S}?{_FLOOR_PART}(?:,?{_S}?{_DOOR})?|,?{_S}(?:th|tv|mf)(?!\w)\.?)"
_DIRECTION = r"(?:[^\S\n\t](?:NV|SV|NØ|SØ|K|V|N|S|C|Ø)(?!\w))"
_TWO_WORD_TOWNS = r"(?:(?:Kgs\.|Kongens|Høje|Brøndby|Vallensbæk)[^\S\n\t])"
# A village or locality between the house number and the postcode: `Lindevej 8, Tårup, 5370 Mesinge`.
_LOCALITY = rf"(?:,{_S}{_U}{_L}+(?:{_S}{_U}{_L}+)?)"
# Four digits, or three in the Faroe Islands (`100 Tórshavn`), then the town.
# The town as written or abbreviated: "København N", "Kbh. N", "KBH V", "Cph S".
_POSTCODE = (rf"(?:{_LOCALITY}?,?{_LINE_OR_SPACE}(?:(?:DK-)?\d{{4}}|(?:FO-)?[1-9]\d\d){_S}{_TWO_WORD_TOWNS}?"
             rf"(?:(?:Kbh|Cph|Frb)\.|KBH|CPH|{_U}{_L}+(?:-{_U}{_L}+)?){_DIRECTION}?)")
# After a street's name, the postcode alone may end the line or the field, or come before a phone or a mail
# ("Lersø Parkallé 21 2 tv 2100 tlf 52 91 03 47").
_BARE_POSTCODE = (r"(?:,?[^\S\n\t][1-9]\d{3}(?=[^\S\n]*(?:\n|\Z|[;|\t,]"
                  r"|(?i:tlf|telefon|mobil|mail|e-mail|cpr)(?!\w))))")
_TAIL = rf"{_NUMBER}{_NOT_A_QUANTITY}{_FLOOR}?(?:{_POSTCODE}|{_BARE_POSTCODE})?"
_CAPWORD = rf"(?:{_U}{_L}+s?|(?:{_U}\.){{1,3}}|{_U}{_L}{{0,3}}\.)"
_STREET_SUFFIX = "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))

#: Street endings specific enough to find a street typed in lower case (not -plads: "arbejdsplads").
LOWERCASE_STREET_SUFFIXES: tuple[str, ...] = (
    "vej", "vejen", "gade", "gaden", "allé", "alle", "boulevard", "blvd", "stræde", "strædet", "torv", "brygge",
    "vænge", "vænget",
    "brogade", "tværvej", "passage", "kaj",
    # words for parks, gardens, meadows and hills name streets too ("ryparken 58 3 mf"); a number alone after
    # them is as often a quantity, so they count only with a floor, door, postcode or a word such as "bor"
    "parken", "haven", "toften", "engen", "bakken", "vangen", "løkken", "diget", "stien", "gården",
    "boulevarden", "alléen", "torvet", "pladsen", "bakke",
    "marken", "lunden", "dalen", "holmen", "mosen", "skoven", "højen",
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
    rf"(?=(?:{_LOWER}+{_S}){{1,3}}\d)"
    rf"(?:(?:(?:{'|'.join(w.lower().rstrip('.') for w in _PREFIXES)}){_S})?{_LOWER}{{2,}}(?:{_LOWER_SUFFIX})"
    rf"|(?:(?!(?:{'|'.join(_NOT_STREET_WORDS)}){_S}){_LOWER}+{_S}){{1,2}}(?:{_LOWER_SUFFIX}))"
)
_LOWER_NUMBER = r"\d{1,3}[a-hA-H]?(?!\d|[.,]\d|\w)"  # "sundholmsvej 8A" too
# The door after the floor, after a space or right after the floor's full stop ("st.th", "1.tv").
_LOWER_FLOOR = (r"(?:,?[^\S\n\t](?:st|kl|stuen|\d{1,2}\.?[^\S\n\t]?sal|\d{1,2}\.?(?:th|tv|mf)(?!\w)|\d{1,2})\.?"
                r"(?:(?:,?[^\S\n\t](?:th|tv|mf|(?:(?:dør|lejl\.?|lejlighed)[^\S\n\t])?\d{1,3}(?!\d))"
                r"|(?<=\.)(?:th|tv|mf))\.?)?(?!\w)"
                r"|,?[^\S\n\t](?:th|tv|mf)\.?(?!\w))")
_LOWER_POSTCODE = (rf"(?:,?{_LINE_OR_SPACE}\d{{4}}{_S}(?:(?:kbh|cph|frb)\.|{_LOWER}+)"
                   rf"(?:{_S}(?:nv|sv|nø|sø|k|v|n|s|c|ø)(?!\w))?"
                   # ... or the town's short form alone, without the postcode ("stengade 71 1 th kbh n")
                   rf"|,?{_S}(?:kbh|cph|frb)\.?(?:{_S}(?:nv|sv|nø|sø|k|v|n|s|c|ø)(?!\w))?)")
_LOWER_PREFIXES = "|".join(w.lower().rstrip(".") for w in _PREFIXES)
# A word of the sentence, not of a street ("hun bor bystævnet 14 ...").
_SENTENCE_WORD_NOT = rf"(?!(?:{'|'.join(_NOT_STREET_WORDS)}){_S})"
# A street word written apart from the name before it ("hothers plads 11", "sankt peders stræde 4").
_APART = rf"(?=(?:plads|vej|gade|allé|alle|torv|stræde|vænge|boulevard|park|have){_S}\d)"
_LOWER_APART_WORD = "plads|vej|gade|allé|alle|torv|stræde|vænge|boulevard|brygge|park|have|kaj"
# A postcode and a town of three or more letters, not a unit ("2400 kr").
_TOWN_POSTCODE = (rf"(?:,?{_LINE_OR_SPACE}\d{{4}}{_S}(?!(?:kr|kroner|dkk|timer|dage|stk)(?!\w))"
                  rf"(?:(?:kbh|cph|frb)\.?|{_LOWER}{{3,}})(?:{_S}(?:nv|sv|nø|sø|k|v|n|s|c|ø)(?!\w))?)")
# A lower-case street whose ending names nothing but streets ("tåsingegade", not "motorvej").
_STREET_ONLY_ENDING = re.compile(
    rf"{_LOWER}{{2,}}(?:gade|gaden|stræde|strædet|allé|alle|boulevard|boulevarden){_S}\d")
# A preposition of place right before a lower-case street ("bor på jagtvej 169", "foran bygmestervej 12",
# "ud for strandlodsvej 19"), and a street ending that names nothing but streets or a quay: not "på motorvej 16"
# (a -vej needs more than one letter before it).
# ... or a home visit's verb ("bk og gs tager tagensvej 166 sammen", "besøger ryvej 12")
_PLACE_PREPOSITION = re.compile(r"(?<![\w.])(?:på|ved|foran|overfor|over for|ud for|til|fra|mod|tager|tog|besøger"
                                r"|besøgte)[^\S\n\t]+$")
_PLACED_STREET = re.compile(
    rf"(?!motorvej)(?:{_LOWER}+[^\S\n\t]+)?{_LOWER}{{2,}}(?:vej|gade|allé|alle|boulevard|stræde|torv|vænge|kaj|passage)"
    rf"[^\S\n\t]+\d"
    rf"|{_LOWER}{{3,}}[^\S\n\t]+(?:vej|gade|allé|alle|boulevard|stræde|torv|brygge|vænge|kaj|plads|bakke)"
    rf"[^\S\n\t]+\d")
# A lower-case address that ends in a floor, a door or a postcode: `jagtvej 155 st th`.
_LOWER_COMPLETE = re.compile(rf"\d[a-h]?(?:{_LOWER_FLOOR}{_LOWER_POSTCODE}?|{_LOWER_POSTCODE})$")

#: Endings of foreign street names (German, Swedish, Norwegian, Dutch) in one word: `Kastanienallee`.
FOREIGN_STREET_SUFFIXES: tuple[str, ...] = (
    "straße", "strasse", "allee", "weg", "gasse", "platz", "damm", "ufer", "chaussee", "gatan", "vägen",
    "gränd", "torget", "veien", "vegen", "gata", "straat", "gracht", "gøta", "vegur", "brekka", "stíggur",
    # more Swedish: "Rinkebysvängen", "Tensta allé", "Hagsätrabacken", "Bredängsstigen", "Fittjaslingan"
    "svängen", "backen", "stigen", "slingan", "gången", "leden", "allén",
    # Finnish: "Hämeenkatu", "Mannerheimintie", "Aleksanterinkatu"
    "katu", "tie", "kuja", "polku", "väylä",
)
#: Faroese street words written apart and in lower case after a name (`Niels Finsens gøta 14`); matched
#: like the Danish street words.
FAROESE_STREET_WORDS: tuple[str, ...] = ("gøta", "vegur", "brekka", "stíggur", "teigur",
                                         # Norwegian and Swedish street words, written the same way
                                         # ("Thorvald Meyers gate 18", "Kongens gate 5")
                                         "gate", "gata", "vei", "veien", "gaten")
#: Foreign street words written apart, after the name: `Schönhauser Allee 80`, `Baker Street 5`.
FOREIGN_STREET_WORDS: tuple[str, ...] = (
    "Straße", "Strasse", "Str.", "Allee", "Weg", "Platz", "Gasse", "Ring", "Damm", "Ufer", "Street", "Road",
    "Avenue", "Lane", "Gatan", "Vägen",
)
# Words that open a street name abroad: `ul. Marszałkowska 10`, `Rue de Rivoli`, `Via Roma`.
_FOREIGN_PREFIX = (r"(?:ul\.|Ul\.|vul\.|Vul\.|prosp\.|Prosp\.|Rue(?:[^\S\n\t](?:de|du|des|de[^\S\n\t]la))?|Via|Viale|Calle|Avenida|Rua"
                   # Balkan and Romanian: "Ulica Ferhadija 12", "Bulevar Kralja Aleksandra 73", "Strada Lipscani 5"
                   r"|Piazza|Plac|Aleja|Ulica|Bulevar|Strada|Trg|Cesta)")
# Words of direction and size that open a Swedish or Norwegian street's name ("Södra Förstadsgatan 44",
# "Nedre Slottsgate 8").
_NORDIC_DIRECTION = (r"(?:Södra|Norra|Östra|Västra|Stora|Lilla|Gamla|Nya|Övre|Nedre|Søndre|Nordre|Østre|Vestre"
                     r"|Store|Lille|Gamle|Øvre)")
# Lower-case particles inside a street's name abroad ("Calle de Toledo", "Rua da Prata").
_PARTICLE = r"(?:de|del|de la|la|las|los|da|do|dos|das|di|della|van|von|der|den)"
# A word in Cyrillic script, capitalised or not ("Хрещатик", "Сумська", "Київ").
_CYRILLIC_WORD = r"[А-ЯЇІЄҐЁа-яїієґё][А-ЯЇІЄҐЁа-яїієґё'’\-]+"
# A Turkish word of a street or a district, with Turkish letters ("Atatürk", "Kadıköy", "İstanbul").
_TURKISH_WORD = r"[A-ZÇĞİÖŞÜ][a-zçğıöşüâî]+"
# Postcodes abroad: four or five digits (DE, FR, IT, ES, FI, TR; BE, NL, CH, AT, NO), `211 41` (SE), `00-590` (PL), `100` (FO).
_FOREIGN_POSTCODE = r"(?:(?:[A-Z]{1,2}-)?\d{4,5}|\d{3}[^\S\n\t]\d{2}|\d{2}-\d{3}|(?:FO-)?\d{3}(?!\d))"
# A town of one or two words; the second is no label of what follows ("Stockholm Telefon 070-...").
_CITY = rf"{_U}{_L}+(?:(?:{_S}|-)(?!(?:Telefon|Tlf|Tel|Mobil|Mail|E-mail|Email|Dato|Phone|Mobile|CPR)\b){_U}{_L}+)?"
_FOREIGN_NUMBER = rf"\d{{1,4}}(?:[a-zA-Z]|{_S}[A-H])?(?!\w)"
# A flat after the house number abroad: Polish "84/12" or "84 m. 12", Swedish "lgh 1204", "apt. 3".
# Finnish "3 A 12": the staircase and the flat. Up to two of these ("84/92 m. 15").
_FOREIGN_FLAT = (rf"(?:/\d{{1,4}}(?!\w)|,?{_S}(?:m\.|lok\.|lgh\.?|apt\.?|leil\.?|kv\.){_S}?\d{{1,4}}(?!\w)"
                 rf"|{_S}[A-H]{_S}\d{{1,3}}(?!\w)|(?<=\d{_S}[A-H]){_S}\d{{1,3}}(?!\w)){{0,2}}")
# A British address: the number first, the street word last, then the town or the postcode after a comma
# or a line break ("14 Wilmslow Road, Manchester M14 5RT").
_UK_STREET_WORDS = ("Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Court", "Crescent", "Gardens",
                    "Place", "Terrace", "Grove", "Square", r"Rd\.?", r"St\.?", r"Ave\.?")
_UK_POSTCODE = rf"[A-Z]{{1,2}}\d[A-Z\d]?{_S}\d[A-Z]{{2}}(?!\w)"
_PREFIX = "|".join(re.escape(word) for word in _PREFIXES)
# A word in capitals before a house number: a street typed in capitals (`HILLERØDGADE 30A`).
# A column of addresses ("Adresse", "Bopæl", "Address"): a street and a house number there is an address
# even without a street ending ("Lygten 2C, st."), with anything after the number (floor, door, town).
_ADDRESS_COLUMN = re.compile(
    r"\b(?:adr(?:esse|\.)?|bopæl|bopælsadresse|hjemadresse|privatadresse|folkeregisteradresse|address|street"
    r"|vej og nr|gade og nr)\b"
)
_COLUMN_ADDRESS = re.compile(r"[^\W\d_][^\d\n,;|]{1,50}?[^\S\n\t]\d{1,4}[^\W\d_]?(?:\b[^\n|;\t]{0,60})?")
_CAPITALS_STREET = re.compile(r"(?<![A-ZÆØÅÄÖÜÉ])[A-ZÆØÅÄÖÜÉ]{3,}[^\S\n\t]\d")
_WORD = re.compile(r"[^\W\d_]+")
_FLOOR_AND_DOOR_WORDS = frozenset({"st", "kl", "kld", "stuen", "sal", "th", "tv", "mf"})
_DISTRICT_LETTERS = frozenset({"NV", "SV", "NØ", "SØ", "DK", "FO"})
_STREET_WORD = "|".join(STREET_WORDS + FAROESE_STREET_WORDS)


class DkAddressRecognizer(DanishPatternRecognizer):
    """Street + house number (+ letter) + optional floor/door + optional postcode and district.

    A street typed in lower case needs a floor, a door or a postcode (or a context word such as "bor") to
    count; one typed in capitals is read again in ordinary case (`_in_capitals`). Street, number, floor and
    door stay on one line; the postcode may open the next. A foreign address has a one-word street with a
    foreign ending (`Kastanienallee 12`), or a street word or prefix (`Schönhauser Allee`, `ul.`, `Via`)
    followed by a foreign postcode and a city; Faroese street words (`gøta`, `vegur`) count as Danish ones.
    """

    ENTITY = "DK_ADDRESS"
    # Capital letters carry the meaning here, so not Presidio's default IGNORECASE.
    REGEX_FLAGS = re.MULTILINE
    PATTERNS = [
        Pattern(
            "DK address (street ending)",
            rf"(?<!\w)(?:(?:{_PREFIX}){_S})?{_U}{_L}*(?:{_STREET_SUFFIX}){_S}{_TAIL}",
            0.75,
        ),
        Pattern(
            "DK address (street word)",
            rf"(?<!\w)(?:{_CAPWORD}{_S}){{1,3}}(?:{_STREET_WORD}){_S}{_TAIL}",
            0.7,
        ),
        Pattern(
            "DK address (with postcode)",
            rf"(?<!\w){_CAPWORD}(?:{_S}{_CAPWORD}){{0,2}}{_S}{_NUMBER}{_FLOOR}?{_POSTCODE}",
            0.8,
        ),
        # A lower-case street and number alone may be anything ("motorvej 16"): it counts with a context
        # word ("bor"), or with a floor, door or postcode (`_score_lowercase`); a -gade, -stræde, -allé or
        # -boulevard is rarely anything but a street (`LOWERCASE_STREET_ALONE_SCORE`).
        Pattern(
            "DK address (lower case)",
            rf"(?<![\w.]){_LOWER_STREET}{_S}{_LOWER_NUMBER}{_NOT_A_QUANTITY}"
            rf"(?:{_LOWER_FLOOR}{_LOWER_POSTCODE}?|{_LOWER_POSTCODE})?",
            0.15,
        ),
        # Any street in lower case before a house number and a postcode with its town: the postcode says
        # it is an address, whatever the street's name ("bystævnet 14 st tv 2700 brønshøj").
        Pattern(
            "DK address (lower case, any street, with postcode)",
            rf"(?<![\w.])(?:(?:{_LOWER_PREFIXES}){_S})?(?:{_SENTENCE_WORD_NOT}{_LOWER}{{3,}}{_S}{_APART})?"
            rf"{_SENTENCE_WORD_NOT}{_LOWER}{{3,}}{_S}{_LOWER_NUMBER}{_NOT_A_QUANTITY}(?:{_LOWER_FLOOR})?"
            rf"{_TOWN_POSTCODE}",
            0.6,
        ),
        # A lower-case street word written apart from its name, a house number and a floor or door ("hothers
        # plads 9 1.tv", "kalvebod brygge 45 2. sal"): the floor says it is a home, not a quantity.
        Pattern(
            "DK address (lower case, street word apart, with floor)",
            rf"(?<![\w.]){_SENTENCE_WORD_NOT}{_LOWER}{{3,}}{_S}(?:{_LOWER_APART_WORD}){_S}{_LOWER_NUMBER}"
            rf"{_NOT_A_QUANTITY}{_LOWER_FLOOR}(?:{_TOWN_POSTCODE})?",
            0.5,
        ),
        # Any street in lower case before a house number, a floor and a door ("degnestavnen 19, 2. tv",
        # "ryparken 58 st mf"): a floor and a door say it is a home, whatever the street's name.
        Pattern(
            "DK address (lower case, any street, floor and door)",
            rf"(?<![\w.]){_SENTENCE_WORD_NOT}(?:{_LOWER}{{3,}}{_S}{_SENTENCE_WORD_NOT})?{_LOWER}{{4,}}{_S}"
            rf"{_LOWER_NUMBER},?{_S}"
            rf"(?:st|\d{{1,2}}\.){_S}?(?:th|tv|mf)(?!\w)\.?(?:{_TOWN_POSTCODE})?",
            0.5,
        ),
        # A form's postcode and town after their label opening a line ("Postnr. og by 2500 Valby"), the rest
        # of an address given on the line above; the label stays readable.
        Pattern(
            "DK postcode and town after their label",
            rf"(?<=^[ \t|]*(?i:postnr\.?|post nr\.?|postnummer)(?:{_S}(?:og|&){_S}by)?{_S}?:?{_S}{{1,3}})\d{{4}}{_S}"
            rf"(?:{_TWO_WORD_TOWNS})?{_U}{_L}+(?:-{_U}{_L}+)?{_DIRECTION}?(?!\w)",
            0.6,
        ),
        # A capitalised street with a house number, a floor and a door: "Ruten 14, 3. th".
        Pattern(
            "DK address (street, floor and door)",
            rf"(?<!\w){_CAPWORD}(?:{_S}{_CAPWORD}){{0,2}}{_S}{_NUMBER},?{_S}?(?:st|kl|\d{{1,2}})\.?,?{_S}?"
            rf"(?:th|tv|mf)(?!\w)\.?",
            0.6,
        ),
        Pattern(
            "Foreign address (street ending)",
            rf"(?<!\w)(?:{_NORDIC_DIRECTION}{_S})?(?={_U}\S{{2,40}}{_S}\d){_U}{_L}{{2,40}}"
            rf"(?:{'|'.join(FOREIGN_STREET_SUFFIXES)})"
            rf"{_S}{_FOREIGN_NUMBER}{_FOREIGN_FLAT}"
            rf"(?:,?{_LINE_OR_SPACE}{_FOREIGN_POSTCODE}{_S}{_CITY})?",
            0.6,
        ),
        Pattern(
            "Foreign address (street word)",
            rf"(?<!\w)(?={_U}\S{{0,40}}{_S}\S{{1,40}}{_S}(?:\S{{1,40}}{_S})?\d)(?:{_CAPWORD}{_S}){{1,2}}"
            rf"(?:{'|'.join(map(re.escape, FOREIGN_STREET_WORDS))}){_S}{_FOREIGN_NUMBER}{_FOREIGN_FLAT}"
            rf",?{_LINE_OR_SPACE}{_FOREIGN_POSTCODE}{_S}{_CITY}",
            0.6,
        ),
        Pattern(
            "Foreign address (street prefix)",
            rf"(?<!\w)(?:{_FOREIGN_PREFIX}){_S}(?:{_CAPWORD}{_S}){{0,2}}{_CAPWORD}{_S}{_FOREIGN_NUMBER}"
            rf"{_FOREIGN_FLAT},?{_LINE_OR_SPACE}{_FOREIGN_POSTCODE}{_S}{_CITY}",
            0.6,
        ),
        Pattern(
            # A strong prefix says a street is meant even without its postcode ("ul. Długa 22/5", "Calle de
            # Toledo 88", "Rua da Prata 14"); lower-case particles may join its words.
            "Foreign address (street prefix, particles)",
            rf"(?<!\w)(?:{_FOREIGN_PREFIX}){_S}(?:(?:{_CAPWORD}|{_PARTICLE}){_S}){{0,3}}{_CAPWORD}{_S}{_FOREIGN_NUMBER}"
            rf"{_FOREIGN_FLAT}(?:,?{_LINE_OR_SPACE}{_FOREIGN_POSTCODE}{_S}{_CITY})?",
            0.55,
        ),
        Pattern(
            # Ukrainian and Russian: "вул. Хрещатик 22, кв. 7, Київ 01001", "вул. Сумська 17, кв. 8, Харків"
            "Cyrillic address",
            rf"(?<!\w)(?:вул\.|вулиця|ул\.|улица|просп\.|проспект|пров\.|пл\.|бульв\.){_S}?"
            rf"(?:{_CYRILLIC_WORD}{_S}){{0,2}}{_CYRILLIC_WORD},?{_S}\d{{1,4}}[а-яА-Я]?(?:/\d{{1,4}})?"
            rf"(?:,?{_S}(?:кв\.|квартира|kv\.){_S}?\d{{1,4}})?(?:,{_S}(?:\d{{5}}{_S})?{_CYRILLIC_WORD}(?:{_S}\d{{5}})?)?",
            0.6,
        ),
        Pattern(
            # Turkish: "Atatürk Cad. No:15 D:4, Çankaya/Ankara", "Bağdat Caddesi No: 45 D: 3, 34740 Kadıköy/İstanbul"
            "Turkish address",
            rf"(?<!\w)(?:{_TURKISH_WORD}{_S}){{1,3}}(?:Cad\.|Caddesi|Sok\.|Sokak|Sokağı|Mah\.|Mahallesi|Bulvarı"
            rf"|Blv\.){_S}?(?:No|Nr)\.?{_S}?:?{_S}?\d{{1,4}}[A-Z]?(?:{_S}?(?:/|D{_S}?:|Daire{_S}?:?){_S}?\d{{1,3}})?"
            rf"(?:,?{_S}(?:\d{{5}}{_S})?{_TURKISH_WORD}(?:/{_TURKISH_WORD})?)?",
            0.6,
        ),
        Pattern(
            # French and Belgian: the number first, then the street and the postcode ("12 rue des Lilas, 69003
            # Lyon", "8 avenue Louise, 1050 Bruxelles")
            "French address (number first)",
            rf"(?<![\w.,])\d{{1,4}}(?:{_S}?(?:bis|ter))?,?{_S}(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse"
            rf"|quai|cours){_S}(?:(?:de{_S}la|de|des|du|la|le|d'|l')(?:{_S}|(?<=')))?(?:{_CAPWORD}{_S}?){{1,3}},?{_LINE_OR_SPACE}\d{{4,5}}{_S}{_CITY}",
            0.6,
        ),
        Pattern(
            "UK address (number first)",
            rf"(?<![\w.,])(?:(?:Flat|Apartment|Apt\.?){_S}\d{{1,4}}[A-Za-z]?,?{_S})?"
            rf"\d{{1,4}}[A-Za-z]?{_S}(?:{_CAPWORD}{_S}){{1,3}}(?:{'|'.join(_UK_STREET_WORDS)})"
            rf"(?:,{_S}|{_S}*\n{_S}*)(?:{_CITY}(?:,?{_LINE_OR_SPACE}{_UK_POSTCODE})?|{_UK_POSTCODE})",
            0.6,
        ),
        Pattern(
            "DK address (Ved ...)",
            rf"(?<!\w)(?:Ved|Bag|Over|Under|Uden for|Inden for){_S}(?:(?:den|det|de){_S})?{_U}{_L}+{_S}"
            rf"{_TAIL}",
            0.4,
        ),
    ]

    # Every pattern not in GATES has its house number after a space and a word with a capital in it (a street,
    # its ending or word, or a capitalised word of it: "Vesterbrogade 12", "(Gl. Kongevej 3"), or a Faroese
    # street word ("gøta 5"), or, in a British address, before a space and a capital ("10 Downing Street").
    # Most prompts' numbers follow lower-case words ("telefon 20 45 67 89", "kl. 9"), so they are not tried.
    # (Written from the space, which the scan finds fast, and tested backwards from what follows it.)
    PATTERNS_GATE = (rf"{_S}(?:\d(?<=(?:{_U}\S*|{'|'.join(FAROESE_STREET_WORDS)}){_S}\d)"
                     rf"|{_U}(?<=\d[A-Za-z]?{_S}{_U}))")

    CONTEXT = ["adresse", "adr", "bor", "bo", "boede", "bopæl", "bosat", "flyttet", "flytter", "address", "lives",
               "living", "resides", "moved"]

    GATES = {
        "Foreign address (street prefix, particles)": _FOREIGN_PREFIX,
        "Cyrillic address": r"(?:вул|ул|просп|пров|пл|бульв)",
        "Turkish address": r"(?:Cad|Sok|Mah|Bulvar|Blv)",
        "DK address (lower case)": rf"(?:{_LOWER_SUFFIX}){_S}\d",
        "DK address (lower case, any street, with postcode)": rf"\d{{4}}{_S}(?:kbh|cph|frb|{_LOWER}{{3}})",
        "DK address (lower case, street word apart, with floor)": rf"{_S}(?:{_LOWER_APART_WORD}){_S}\d",
        "DK address (lower case, any street, floor and door)": r"(?:st|\d\.)[^\S\n\t]?(?:th|tv|mf)(?!\w)",
        "DK postcode and town after their label": r"(?im)^[ \t|]*(?:postnr|post nr|postnummer)",
    }

    #: Score of a street and number in a column labelled "Adresse" ("Lygten 2C, st.").
    COLUMN_SCORE = 0.6
    #: Score of a lower-case address with a floor, a door or a postcode.
    LOWERCASE_COMPLETE_SCORE = 0.5
    #: Score of a lower-case street whose ending is only a street's ("tåsingegade 17") with just a number.
    LOWERCASE_STREET_ALONE_SCORE = 0.3

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """Presidio's pattern matching, then `_score_lowercase`, the values of a column of addresses and the
        parts of addresses split over columns, then addresses typed in capitals."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            self._score_lowercase(text, result)
        results += self.column_values(text, nlp_artifacts, _ADDRESS_COLUMN, _COLUMN_ADDRESS,
                                      self.COLUMN_SCORE)
        layout = getattr(nlp_artifacts, "layout", None)
        if layout is not None and layout.cells:
            results += [self.result(start, end, self.COLUMN_SCORE, "an address split over a table's columns")
                        for start, end in address_cells(text, layout)]
        if _CAPITALS_STREET.search(text):
            results.extend(self._in_capitals(text, entities, regex_flags))
        return results

    def _in_capitals(self, text: str, entities: list[str], regex_flags: int | None) -> list[RecognizerResult]:
        """Addresses typed in capitals (`HILLERØDGADE 30A, 1. TV, 2200 KØBENHAVN N`, a form's field).

        Each line with a capitalised word before a number, and the line after it (a postcode there), is
        matched again in ordinary case (`uncapitalise`); offsets stay valid because the copy has the same
        length. Only such lines are read twice, so ordinary text costs one extra search.
        """
        found: list[RecognizerResult] = []
        done = -1
        for match in _CAPITALS_STREET.finditer(text):
            begin = text.rfind("\n", 0, match.start()) + 1
            if begin < done:
                continue
            end = text.find("\n", match.end())
            end = len(text) if end < 0 else text.find("\n", end + 1)
            end = len(text) if end < 0 else end
            done = end
            snippet = uncapitalise(text[begin:end])
            if len(snippet) != end - begin:
                continue
            for result in super().analyze(snippet, entities, None, regex_flags):
                result.start += begin
                result.end += begin
                found.append(result)
        return found

    def _score_lowercase(self, text: str, result: RecognizerResult) -> None:
        """Raise a lower-case address that ends in a floor, door or postcode or stands after a preposition of
        place ("ud for strandlodsvej 19"), or a street whose ending is only a street's."""
        explanation = result.analysis_explanation
        if explanation is None or explanation.pattern_name != "DK address (lower case)":
            return
        placed = _PLACE_PREPOSITION.search(text, max(0, result.start - 12), result.start) is not None \
            and _PLACED_STREET.match(text, result.start, result.end) is not None
        if placed or _LOWER_COMPLETE.search(text, result.start, result.end):
            result.score = max(result.score, self.LOWERCASE_COMPLETE_SCORE)
        elif _STREET_ONLY_ENDING.search(text, result.start, result.end):  # "valby langgade 52" too
            result.score = max(result.score, self.LOWERCASE_STREET_ALONE_SCORE)
        explanation.set_improved_score(result.score)


def uncapitalise(text: str) -> str:
    """`text` with words in capitals written as in running text, same length (`KØBENHAVN N` ->
    `København N`, `1. TV` -> `1. tv`); floors and doors in lower case, one- and two-letter districts kept."""
    return _WORD.sub(_uncapitalise_word, text)


def _uncapitalise_word(match: re.Match[str]) -> str:
    word = match.group()
    if len(word) < 2 or not word.isupper():
        return word
    lowered = word.lower()
    if lowered in _FLOOR_AND_DOOR_WORDS:
        return lowered
    if word in _DISTRICT_LETTERS:
        return word
    return word[0] + lowered[1:]
