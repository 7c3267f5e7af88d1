"""How the PERSON rules read a prompt: cue vocabulary, sentence starts, the cue before a word, "Hans" = his.

`NameDoc` holds one prompt's tokens and the facts the rules share about them (name candidates, positions
inside organisation phrases, the language); its methods answer positional questions in constant time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from kkgpt.pii.layout import Layout
from kkgpt.pii.recognizers.address import (
    FAROESE_STREET_WORDS,
    FOREIGN_STREET_SUFFIXES,
    FOREIGN_STREET_WORDS,
    STREET_SUFFIXES,
    STREET_WORDS,
)
from kkgpt.pii.recognizers.name_words import FIRST, ORG_ENDING, NameWord

_PARENTHESIS_TOKENS = 5  # the longest aside skipped between coordinated names ("(cpr 010170-1234)")
# A line that opens with a street and a house number ("Mimersgade 12, 3. tv.", "12 Baker Street").
_STREET_END = "|".join(sorted(STREET_SUFFIXES + FOREIGN_STREET_SUFFIXES + FAROESE_STREET_WORDS
                              + tuple(word.lower() for word in STREET_WORDS), key=len, reverse=True))
_ADDRESS_LINE = re.compile(
    rf"[ \t]*(?:[A-ZÆØÅ][^\n\d]{{0,40}}?(?i:{_STREET_END})[ \t]+\d{{1,4}}"
    r"|\d{1,4}[A-Za-z]?,?[ \t]+(?:[A-Z]\w+[ \t]+){1,3}(?:Street|Road|Avenue|Lane|Close|Drive|Way|Place"
    r"|Square|Court|Gardens|Terrace|Crescent|Grove|Row|Walk)\b)")

SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "•", "*", "…", "\"", "“", "”", "„", "«", "»", "|"})
_BULLETS = frozenset({"-", "–", "—", "+", ">"})
_OPENING_QUOTES = frozenset({"'", "‘", "’", "‚"})
_PRESENTING = frozenset({"det", "this", "it", "that", "here", "her"})
_LETTER_WORDS = frozenset({"I", "A", "O", "Å", "Ø"})
_DISTRICT_LETTERS = frozenset({"K", "V", "N", "S", "Ø", "C", "NV", "NØ", "SV", "SØ"})
_DISTRICT_TOWNS = frozenset({"københavn", "kbh", "cph", "frederiksberg", "frb", "aarhus", "århus", "odense",
                             "aalborg", "ålborg"})
COORDINATORS = frozenset({"og", "and", "&", ",", "eller", "or", "samt"})
ENGLISH_MARKERS = frozenset({"the", "and", "to", "of", "is", "with", "about", "please", "her", "his", "at",
                             "from", "this", "that", "are", "was", "write", "an", "for", "my", "your"})
DANISH_MARKERS = frozenset({"og", "i", "til", "en", "et", "er", "på", "med", "om", "af", "den", "det",
                            "som", "har", "ikke", "jeg", "der", "skal", "hun", "han", "sin", "hans",
                            "hendes", "at"})
LANGUAGE_SAMPLE = 600  # tokens read to tell English from Danish

#: Titles before a name; kept out of the span ("fru <PERSON_1>").
TITLES = frozenset({"hr", "herr", "fru", "frk", "frøken", "mr", "mrs", "ms", "miss", "mister", "dr", "doktor",
                    "prof", "professor", "pastor", "sir", "madam", "dame", "lektor", "adjunkt", "overlæge"})
#: Greetings, sign-offs and naming words that vouch for the next words being a name.
GREETINGS = frozenset({"kære", "hej", "hejsa", "hi", "hello", "dear", "mvh", "hilsen", "vh", "regards", "cc",
                       "att", "attn", "hedder", "navn", "navnet", "named", "called", "signed", "underskrevet",
                       "v", "vedr", "vedrørende", "ang", "angående", "regarding", "concerning", "godmorgen",
                       "goddag", "hey", "halløj", "tak", "kh", "knus", "hilsner", "søde", "sødeste",
                       # greetings and sign-offs staff paste from citizens' messages in other languages
                       "merhaba", "selam", "salam", "salaam", "pozdrawiam", "pozdrowienia", "cześć", "dzień",
                       "saygılarımla", "hola", "saludos", "bonjour", "cordialement", "ciao", "grüße", "gruß",
                       "hallo", "terveisin", "hei", "hälsningar", "cheers", "thx"})
#: Greetings that end a message: the next line names the writer ("Mvh\nAnne Holm").
SIGN_OFF_CUES = frozenset({"mvh", "hilsen", "hilsner", "vh", "kh", "knus", "regards", "signed",
                           "underskrevet", "v", "tak", "thanks", "cheers", "sincerely", "best", "pozdrawiam",
                           "saygılarımla", "saludos", "cordialement", "grüße", "gruß", "terveisin", "hälsningar"})
#: Sender words: a cue in an e-mail header ("Fra: Anne", "From Liam"), a mere preposition elsewhere
#: ("Rose from Facilities").
HEADER_CUES = frozenset({"fra", "from"})
#: Words before a lower-case name-word that make it a noun ("en lærke", "min bjørn").
DETERMINERS = frozenset({"en", "et", "ei", "a", "an", "the", "den", "det", "denne", "dette", "hver", "sin",
                         "sit", "min", "mit", "din", "dit", "vores", "jeres", "deres", "hendes", "nogle",
                         "mange", "flere", "ingen", "some", "any", "my", "your", "our", "their"})
#: Opening quotation marks and the marks that close them: a quoted capitalised phrase is a title.
QUOTES = {"'": "'", "\"": "\"", "“": "”", "”": "”", "„": "“", "‘": "’", "’": "’", "«": "»", "»": "«"}
#: Words for "saint": the name after them is a church, a square, a school or a holiday, not a person.
SAINTS = frozenset({"sankt", "skt", "saint", "st"})
#: Words after a name that make the phrase a street, building or institution named after someone
#: ("H.C. Andersens Boulevard", "Sankt Annæ Gymnasium", "Katrinedals Skole"); capitalised, as written.
PLACE_HEADS = frozenset(STREET_WORDS + FOREIGN_STREET_WORDS + FAROESE_STREET_WORDS) - {
    "Ring", "Damm", "Lane", "Weg", "Ufer", "Str.", "Kaj",  # also names or words: "Anne Ring", "Annes Kaj"
} | frozenset({
    "Square", "Skole", "Skolen", "Gymnasium", "Gymnasiet", "Kirke", "Kirken", "Kirkegård", "Kapel", "Sogn",
    "Hospital", "Hospitalet", "Plejecenter", "Plejehjem", "Børnehave", "Vuggestue", "Bibliotek",
    "Biblioteket", "Kollegium", "Kollegiet", "Museum", "Museet", "Fond", "Fonden", "Stiftelse", "Stiftelsen",
    "Seminarium", "Institut", "Institutet", "Instituttet", "Kloster", "Slot", "Palæ", "Kaserne", "Stadion",
    "Hallen", "Teater", "Teatret", "Efterskole", "Friskole", "Privatskole", "Realskole", "Kostskole",
    "Skolehjem", "School", "Church", "College", "Academy", "Foundation", "Library", "University", "Institute",
    "Centre", "Center", "Bridge", "Gardens",
})
#: Words after "Name &" that make it a firm ("Carl Hansen & Søn", "Jensen & Co").
FIRM_TAILS = frozenset({"søn", "sønner", "co", "company", "partnere", "partners", "sons", "datter", "døtre"})
#: Words that may end in an abbreviation dot without ending the sentence ("hr. Poulsen", "Mvh. Anne").
DOTTED_CUES = TITLES | {"mvh", "vh", "kh", "att", "attn", "cc", "v", "vedr", "ang"}
#: Verbs of naming, vouching for a name up to two filler words later ("kalder ham bare Mahmo").
NAMING_VERBS = frozenset({"hedder", "hed", "kalder", "kaldte", "kaldes", "kaldet", "kaldt", "kaldenavn",
                          "kaldenavnet", "øgenavn", "øgenavnet", "nicknamed", "nickname", "calls"})
NAMING_FILLERS = frozenset({"ham", "hende", "dem", "sig", "mig", "os", "bare", "altid", "også", "for", "kun",
                            "vist", "nok", "him", "her", "them", "me", "us", "just", "simply", "always", "is",
                            "er", "var"})
#: Roles and relations before a name ("borgeren Hassan", "hans mor Leila", "colleague Henrik").
ROLES = frozenset({
    "borger", "borgeren", "klient", "klienten", "patient", "patienten", "beboer", "beboeren", "pårørende",
    "mor", "moren", "moderen", "far", "faren", "faderen", "søn", "sønnen", "datter", "datteren", "bror",
    "broren", "broderen", "søster", "søsteren", "barn", "barnet", "elev", "eleven", "medarbejder",
    "medarbejderen", "kollega", "kollegaen", "leder", "lederen", "chef", "chefen", "sagsbehandler", "sagsbeh", "sagsbh", "sbh", "nattevagt",
    "nattevagten", "dagvagt", "aftenvagt", "vagthavende",
    "sagsbehandleren", "socialrådgiver", "socialrådgiveren", "rådgiver", "rådgiveren", "læge", "lægen",
    "psykolog", "psykologen", "sygeplejerske", "sygeplejersken", "pædagog", "pædagogen", "lærer",
    "læreren", "kontaktperson", "kontaktpersonen", "ægtefælle", "ægtefællen", "hustru", "hustruen",
    "mand", "manden", "kone", "konen", "kæreste", "kæresten", "samlever", "nevø", "niece", "onkel",
    "tante", "fætter", "kusine", "bedstemor", "bedstefar", "mormor", "morfar", "farmor", "farfar", "ven",
    "storebror", "storebroren", "lillebror", "lillebroren", "storesøster", "storesøsteren", "lillesøster",
    "lillesøsteren", "halvbror", "halvsøster", "svigermor", "svigerfar", "svigersøn", "svigerdatter",
    "plejemor", "plejefar", "stedmor", "stedfar", "moster", "faster", "morbror", "farbror", "barnebarn",
    "oldemor", "oldefar",
    "vennen", "veninde", "veninden", "nabo", "naboen", "familien", "ansøger", "ansøgeren", "ledige",
    "praktikant", "vikar", "vikaren", "værge", "bisidder", "tolk", "tolken", "ejer", "ejeren", "lejer",
    "lejeren", "citizen", "client", "resident", "employee", "colleague", "manager", "mother", "father",
    "son", "daughter", "brother", "sister", "wife", "husband", "partner", "friend", "neighbour",
    "neighbor", "teacher", "student", "pupil", "nurse", "doctor", "caseworker", "applicant", "tenant",
    "owner", "boss",
    # a child as a note names it ("ask (dreng 9 år)", "hendes pige sol")
    "dreng", "drengen", "pige", "pigen", "baby", "babyen", "boy", "girl", "mum", "mom", "dad",
    # plural roles and relations before the names they introduce ("børnene Ayaan og Zayan")
    "børnene", "drengene", "pigerne", "tvillingerne", "søskende", "forældre", "forældrene", "sønnerne",
    "døtrene",
    "eleverne", "borgerne", "beboerne", "patienterne", "klienterne", "kollegerne", "medarbejderne",
    # English job titles written as a separate word before a name ("social worker Anne")
    "worker", "officer", "adviser", "advisor", "consultant", "coordinator", "director", "therapist",
    "assistant", "supervisor", "mentor", "counsellor", "counselor", "lawyer", "solicitor", "secretary",
    # care and case work roles as written in short in minutes ("MK (sygepl.)", "RG (ergo)", "MV (ref.)")
    "sygepl", "sygeplejerske", "ergo", "fys", "fysio", "visitator", "visitatoren", "pæd", "socrådg", "sosu",
    "ref", "referent",
    # people at a home or a building
    "vicevært", "viceværten", "udlejer", "udlejeren", "gårdmand", "landlord", "caretaker", "uncle", "aunt",
    "grandmother", "grandfather", "cousin",
})
#: Last parts of Danish compound job titles ("afdelingsleder", "HR-partner", "sundhedsplejerske"): a cue
#: like the roles above, checked before institution endings ("-partner" also ends firm names).
ROLE_HEADS = ("leder", "lederen", "chef", "chefen", "partner", "partneren", "konsulent", "konsulenten",
              "medarbejder", "medarbejderen", "rådgiver", "rådgiveren", "behandler", "behandleren",
              "plejerske", "plejersken", "lærer", "læreren", "pædagog", "pædagogen", "assistent",
              "assistenten", "koordinator", "koordinatoren", "repræsentant", "repræsentanten", "terapeut",
              "terapeuten", "hjælper", "hjælperen", "mentor", "mentoren", "fuldmægtig", "fuldmægtigen",
              "direktør", "direktøren", "formand", "formanden", "læge", "lægen", "psykolog", "psykologen",
              "sekretær", "sekretæren", "advokat", "advokaten", "værge", "værgen")
#: Labels of form fields and minutes whose value is a person; a cue only when a colon follows ("Afbud:",
#: "Til stede:", "Klager:", "Present:"), since most are ordinary words elsewhere. Labels whose value is as
#: often a unit ("Kontakt:", "Modtager:", "Chair:") are left out.
FORM_LABELS = frozenset({
    "afbud", "fraværende", "deltagere", "deltager", "stede", "tilstede", "referent", "ordstyrer", "mødeleder",
    "tils", "tilst", "afb", "fravær",  # the same, abbreviated in a hurry ("Tils: bo, lærke", "afb: rose")
    "dirigent", "formand", "næstformand", "kasserer", "tilskadekomne", "skadelidte", "vidne", "vidner",
    "klager", "klageren", "anmelder", "indberetter", "underskriver", "tovholder", "initialer",
    "present", "apologies", "absent", "attendees", "participants", "witness", "author",
})
#: Relations after a capitalised genitive that make it a person's name ("Pers bror", "Lykkes mor").
RELATIONS = ROLES | {"børn", "forældre", "familie", "children", "parents", "kids", "family"}
#: Prepositions that often stand before a person; they help only an otherwise unknown word.
WEAK_CUES = frozenset({"til", "med", "hos", "for", "to", "with", "by", "about"})
#: Institutions whose proper names follow them ("Plejecenter Sølund"): not people.
INSTITUTIONS = frozenset({
    "plejecenter", "plejecentret", "plejehjem", "plejehjemmet", "skole", "skolen", "børnehave",
    "børnehaven", "vuggestue", "vuggestuen", "institution", "klub", "klubben", "fritidshjem", "bosted",
    "bostedet", "hospital", "afdeling", "center", "kirke", "sogn", "gymnasium", "hotel", "restaurant",
    "café", "cafe", "firma", "firmaet", "projekt", "projektet", "program", "programmet", "system",
    "systemet", "platform", "platformen", "app", "appen",
})
#: English words before a person in prose ("send it to Rosemary Okeke", "ask Grace").
ENGLISH_PERSON_CUES = WEAK_CUES | {"from", "ask", "call", "meet", "contact", "thank", "email", "invite",
                                   "congratulate", "congratulating", "tell", "remind", "inform", "welcome",
                                   "introduce", "cc"}
#: Possessive pronouns that are also first names: "Hans leder" is "his manager", "Hans har ringet" a man.
POSSESSIVES = frozenset({"hans"})
#: Finite verbs that follow a subject, never a possessive ("Hans har", "Per kan træffes", "Will has").
#: Words that are both noun and verb ("leder", "mener") are left out on purpose.
FINITE_VERBS = frozenset({
    "er", "var", "har", "havde", "kan", "kunne", "skal", "skulle", "vil", "ville", "må", "måtte", "bør",
    "burde", "får", "fik", "bliver", "blev", "siger", "sagde", "bor", "boede", "kommer", "kom", "går", "gik",
    "synes", "syntes", "ønsker", "ønskede", "fortæller", "fortalte", "oplyser", "oplyste", "arbejder",
    "arbejdede", "starter", "startede", "begynder", "begyndte", "deltager", "deltog", "ringer", "ringede",
    "skriver", "skrev", "mødte", "møder", "fylder", "fyldte", "ved", "vidste", "tager", "tog", "giver", "gav",
    "is", "was", "has", "had", "will", "would", "can", "could", "should", "must", "may", "said", "says",
    "lives", "works", "joined", "starts", "called", "wrote",
})
#: Verbs of what people do in minutes and notes: initials before one of them are a person ("KBM foreslog").
PERSON_VERBS = frozenset({
    "foreslog", "foreslår", "sagde", "siger", "fortalte", "fortæller", "oplyste", "oplyser", "spurgte",
    "spørger", "svarede", "svarer", "tager", "tog", "sender", "sendte", "kontakter", "kontaktede",
    "undersøger", "undersøgte", "følger", "fulgte", "orienterede", "orienterer", "efterlyste", "efterlyser",
    "præsenterede",
    "præsenterer", "gennemgik", "gennemgår", "laver", "lavede", "skriver", "skrev", "ringer", "ringede",
    "bad", "mente", "mener", "redegjorde", "noterede", "aftalte", "aftaler", "booker", "bookede", "indkalder",
    "indkaldte", "udarbejder", "udarbejdede", "sørger", "sørgede", "tjekker", "tjekkede", "holder", "holdt",
    "afholder", "afholdt", "byder", "bød", "takkede", "takker", "påtager", "melder", "meldte", "rykker",
    "rykkede", "vender", "vendte", "kommer", "kom", "deltager", "deltog", "har", "havde", "er", "var", "kan",
    "vil", "skal", "bliver", "blev", "står", "stod", "går", "gik", "syg", "sygemeldt", "fraværende",
    "henter", "hentede", "afleverer", "afleverede", "godkender", "godkendte", "besøger", "besøgte", "hjælper",
    "hjalp", "underskriver", "underskrev", "låner", "lånte", "betaler", "betalte", "glemte", "glemmer",
    "sov", "hostede", "faldt", "græd", "spiste", "drak", "legede", "råbte", "kastede", "besvimede",
    "påpegede", "påpeger", "nævnte", "nævner", "bemærkede", "bemærker", "tilføjede", "tilføjer",
    "understregede", "understreger", "anbefalede", "anbefaler", "informerede", "informerer", "fremlagde",
    "fremlægger", "konkluderede", "konkluderer", "overleverede", "overleverer", "bestiller", "bestilte",
    "koordinerer", "koordinerede", "overtager", "overtog", "ansøger", "søgte", "søger", "udfylder", "udfyldte",
    "bor", "boede", "kører", "kørte", "deler", "delte", "dækker", "dækkede",
    "indstillede", "indstiller", "sad", "sidder", "vurderede", "vurderer", "bevilgede", "bevilger",
    # "FHO forbereder sag til ...", "KMJ minder om brandøvelse", "JMH åbnede mødet"
    "forbereder", "forberedte", "minder", "mindede", "åbnede", "indledte",
    "proposed", "said", "says", "asked",
    "will", "takes", "took", "sends", "sent", "presented", "agreed",
})
#: What staff initials do in English notes and chats ("JH had the case", "J.H. closed it"): with initials only,
#: since "Office closed" and "Store has" are no people.
INITIALS_VERBS = PERSON_VERBS | {
    "has", "had", "closed", "opened", "handled", "wrote", "called", "emailed", "visited", "met", "spoke", "told",
    "reviewed", "approved", "checked", "confirmed", "replied", "answered", "suggested", "noted", "needs",
    "wants", "thinks", "knows",
}
#: Verbs only a person does (no "er", "har", "kan"): an unlisted word before one acts ("Chidi fortalte").
AGENT_VERBS = PERSON_VERBS - {
    "har", "havde", "er", "var", "kan", "vil", "skal", "bliver", "blev", "står", "stod", "går", "gik", "kommer",
    "kom", "will", "holder", "holdt", "følger", "fulgte", "tager", "tog", "vender", "vendte",
}
#: Verbs of contacting someone, alone ("spørg aske") or before "til"/"med" ("ring til per", "tal med lykke").
CONTACT_VERBS = frozenset(
    {"ring", "ringe", "ryk", "rykke", "rykker", "rykkede", "ringer", "ringede", "skriv", "skrive", "sms", "sms'e", "mail", "maile", "spørg",
     "spørge", "spurgte", "tal", "tale", "talte", "snak", "snakke", "snakkede", "hils", "hilse", "kontakt",
     "kontakte", "kontaktede", "aftal", "aftale", "aftalte", "send", "sende", "sendte", "giv", "give",
     # meeting, visiting and fetching someone ("mødte bo på gaden", "hent ask kl 15")
     "mødte", "mød", "besøgte", "besøge", "hent", "hente", "hentede",
     # helping someone ("kan nogen hjælpe kim med login")
     "hjælp", "hjælpe", "hjælper", "hjalp", "hjulpet",
     # ... in the present and perfect tenses too ("har snakket med lone", "hvad skriver jeg til rose")
     "snakker", "snakket", "taler", "talt", "skriver", "skrevet", "ringet", "mailet", "spørger", "spurgt",
     "kontakter", "besøger", "henter",
     # English, also before "with"/"w"/"to" ("spoke w grace", "talked to hope")
     "spoke", "speak", "talk", "talked", "met", "meet", "call", "called", "email", "emailed", "text", "texted",
     "ask", "asked", "tell", "told", "remind", "reminded", "contact", "contacted", "write", "wrote"}
)
#: Subject pronouns that follow the verb in a question or after an adverb ("hvad skriver jeg til rose").
_INVERTED_SUBJECTS = frozenset({"jeg", "du", "vi", "i", "han", "hun", "de", "man"})
#: Verbs that name a person only with a preposition after them: hearing from someone ("hørt fra rose",
#: "heard from sky"). Not playing with someone: "legede med sten" is as often stones.
PREPOSITION_VERBS: Mapping[str, frozenset[str]] = MappingProxyType({
    **dict.fromkeys(("hørt", "høre", "hører", "hørte"), frozenset({"fra"})),
    **dict.fromkeys(("heard", "hear", "hears"), frozenset({"from"})),
    # covering for a colleague ("kan nogen dække for rose", "vikarierer for bo")
    **dict.fromkeys(("dække", "dækker", "dækkede", "dækket", "vikariere", "vikarierer", "vikarierede"),
                    frozenset({"for"})),
    # a colleague's cases or mail handed on ("sagerne er fordelt til juul", "videresend til kaj")
    **dict.fromkeys(("fordelt", "fordeles", "fordeler", "fordelte", "overdraget", "overdrages", "videresend",
                     "videresende", "videresender", "videresendt"), frozenset({"til"})),
})
#: Verbs that ask the one spoken to, after their name: "alf er du på arbejde", "bo har du nøglen".
_ASKING_VERBS = frozenset({"er", "har", "var", "havde", "kommer", "tager", "gider", "ved", "så", "fik"})
#: Where a child or a colleague comes or not: "kom ikke i skole".
_DAY_PLACES = frozenset({"skole", "skolen", "børnehave", "børnehaven", "vuggestue", "vuggestuen", "sfo", "sfo'en",
                         "klub", "klubben", "arbejde", "praktik", "dagpleje", "institution", "institutionen"})
#: Danish month names, some of them also first names ("Maj", "April", "August").
_MONTHS = frozenset({"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                     "oktober", "november", "december"})
#: Prepositions of time before a month ("i maj", "primo juni"); not "til", as in "ring til maj".
_MONTH_PREPOSITIONS = frozenset({"i", "primo", "medio", "ultimo", "siden", "indtil", "in", "since"})
#: Thanks opening a sentence whose last word may be the one thanked, at most this many words before it.
_THANKS = frozenset({"tak", "takk", "tusind", "mange", "thanks", "thank", "thx", "tillykke", "lykke"})
_THANKS_REACH = 7
PREPOSITIONS = frozenset({"med", "til", "for", "af", "om", "på", "i", "fra", "over", "under", "ved", "hos", "efter"})
#: A letter drawn out ("heey", "hejj"): collapsed to find the greeting.
_DOUBLED = re.compile(r"([a-zæøå])\1+")
#: Verbs of speaking, whose object without "med"/"til" is a language ("taler dansk", "snakker sorani").
_SPEAKING = frozenset({"tal", "tale", "taler", "talte", "talt", "snak", "snakke", "snakker", "snakkede", "snakket",
                       "speak", "speaks", "spoke", "talk", "talks", "talked"})
#: Taking over from someone: "tage over for storm", "tager over fra bo".
_TAKING_OVER = frozenset({"tage", "tag", "tager", "tog", "taget"})
#: Nouns of contacting someone before "til"/"med" ("skriv svar til kim", "mødet med bo"), and the
#: prepositions each allows ("besøg af skov", "tid hos lund").
CONTACT_NOUNS: Mapping[str, frozenset[str]] = MappingProxyType({
    **dict.fromkeys(("svar", "svaret", "reminder", "påmindelse", "besked", "beskeden", "brev", "brevet",
                     "sms'en", "mailen", "invitation", "indkaldelse", "hilsen", "afslag", "opkald", "henvendelse",
                     # someone's number or address ("tlf nr til ole er 31-22-90-47", "nummeret på kim")
                     "nr", "nummer", "nummeret", "tlf", "telefonnummer", "telefonnummeret", "mobilnummer",
                     "mobilnummeret", "mailadresse", "mailadressen"),
                    frozenset({"til"})),
    **dict.fromkeys(("møde", "mødet", "samtale", "samtalen", "aftale", "aftalen", "snak", "telefonmøde",
                     "opfølgning", "kontakt"), frozenset({"med", "m"})),
    **dict.fromkeys(("meeting", "call", "chat", "talk"), frozenset({"with", "w"})),
    # the case about or with someone ("hvem har sagen med ole?", "sagen om kim")
    **dict.fromkeys(("sag", "sagen"), frozenset({"med", "om"})),
    "besøg": frozenset({"af", "hos"}),
    # a child's parents and family ("mor til storm", "forældre til pil")
    **dict.fromkeys(("mor", "far", "forældre", "forælder", "moster", "faster", "mormor", "farmor", "morfar",
                     "farfar", "bror", "søster", "storebror", "storesøster", "lillebror", "lillesøster",
                     "plejemor", "plejefar", "plejeforældre", "værge", "kontaktperson", "kontaktpædagog"),
                    frozenset({"til"})),
    "tid": frozenset({"hos"}),
})
#: Messages and signatures someone sends or gives, before "fra" and the sender ("mailen fra rose",
#: "underskrift fra lone").
FROM_NOUNS = frozenset({"mail", "mailen", "besked", "beskeden", "sms", "sms'en", "brev", "brevet", "underskrift",
                        "underskriften", "opkald", "opkaldet", "svar", "svaret", "hilsen", "henvendelse",
                        "henvendelsen", "klage", "klagen", "godkendelse", "samtykke", "fuldmagt", "fuldmagten"})
#: Adverbs between a verb of contacting and its person ("skriv venligt til per", "ring lige til bo").
CONTACT_ADVERBS = frozenset({"lige", "også", "igen", "venligt", "kort", "pænt", "høfligt", "hurtigt", "straks",
                             "gerne", "lige hurtigt"})
#: Participles whose "af" names who did it ("opsagt af lund", "henvist af bo").
AGENT_PARTICIPLES = frozenset({"opsagt", "henvist", "visiteret", "kontaktet", "ringet", "anbefalet", "hentet",
                               "undersøgt", "behandlet", "skrevet", "sendt", "indstillet", "anmeldt",
                               "slået", "skubbet", "sparket", "bidt", "drillet", "truet",
                               # a case or a ticket closed by someone ("afsluttet af ABE", "oprettet af kbm")
                               "afsluttet", "oprettet", "godkendt", "udført", "registreret", "journaliseret",
                               "tildelt", "lukket", "løst", "closed", "resolved", "approved", "created"})
#: A word at a clause's start acts as a person when one of these follows it, maybe after an adverb:
#: a verb only people do, or "er"/"har" with what only people are or have done ("mo er syg",
#: "sten har ringet").
PERSON_STATES = frozenset({"syg", "sygemeldt", "langtidssygemeldt", "deltidssygemeldt", "raskmeldt", "fraværende",
                           "ferie", "barsel", "orlov", "træls", "sur", "vred",
                           "ked", "urolig", "utilfreds", "forvirret", "udadreagerende", "indlagt", "hjemme",
                           # "storm er ikke på arbejde", "bo er på kursus"
                           "arbejde", "kursus"})
#: What follows "kommer"/"kom" when a person comes or not ("mark kommer ikke i dag", "bo kom hjem").
#: What only a person "har" (has): pain, a fever, lice, a day off ("storm har ondt i maven", "ask har feber").
PERSON_HAS = frozenset({"nøglen", "nøglerne", "telefonen", "vagttelefonen",  # "kim har nøglen til skabet"
                        "ondt", "feber", "lus", "hovedpine", "mavepine", "influenza", "corona", "covid", "tandpine",
                        "udslæt", "fri", "fødselsdag", "travlt",
                        # leave and duty: "rose har ferie", "bo har vagten"
                        "ferie", "barsel", "orlov", "afspadsering", "fridag", "kursus", "vagt", "vagten",
                        "nattevagt", "aftenvagt", "weekendvagt",
                        # a person's own numbers: "Kim har cpr 290567-1109", "bo har tlf 2233 4455"
                        "cpr", "cpr-nr", "cpr-nummer", "tlf", "mobil", "mobilnr", "telefonnummer", "adresse"})
#: What a person "er" (is) after coming, going or moving ("vang er kommet for sent", "ib er flyttet").
PERSON_MOVED = frozenset({"kommet", "gået", "flyttet", "faldet", "startet", "stoppet", "rejst", "udskrevet", "hentet",
                          "visiteret", "bevilget", "indskrevet", "tilmeldt", "optaget", "henvist",
                          "indlagt", "hjemsendt", "sygemeldt", "raskmeldt", "blevet"})
#: Words of degree between "er" and how a person is ("sten er rigtig sur", "mo er meget ked af det").
DEGREE_ADVERBS = frozenset({"rigtig", "meget", "helt", "lidt", "virkelig", "mega", "total", "ret", "så", "rigtigt",
                            "enormt", "vildt"})
#: Starting or leaving a job, which only people do in a clause's first place ("lone starter først d. 1.
#: marts", "bo stopper til sommer"); Danish says "mødet starter", never a bare noun.
STARTING_VERBS = frozenset({"starter", "startede", "begynder", "begyndte", "stopper", "stoppede", "fratræder",
                            "fratrådte", "tiltræder", "tiltrådte"})
PERSON_COMING = frozenset({"ikke", "hjem", "først", "sent", "senere", "idag", "imorgen", "tilbage"})
PERSON_PARTICIPLES = frozenset({"ringet", "skrevet", "sagt", "fortalt", "spurgt", "svaret", "klaget", "meldt",
                                "mailet", "sendt", "aflyst", "været", "fået", "glemt", "haft", "besøgt",
                                "hentet", "byttet", "spist", "sovet", "slået", "skubbet", "sparket", "bidt", "drillet",
                                "kradset", "grædt", "lavet", "betalt", "bestilt", "booket", "lovet", "mistet",
                                "tabt", "fundet", "ordnet", "tjekket", "købt", "bagt", "afleveret",
                                "underskrevet", "godkendt", "mødt"})
#: Infinitives of what is done by or for a person, after a modal ("rose skal ha insulin", "silje skal hentes").
PERSON_INFINITIVES = frozenset({
    "ha", "have", "hentes", "afhentes", "bringes", "følges", "få", "spise", "drikke", "sove", "bade", "vaskes",
    "ringe", "ringes", "tale", "snakke", "møde", "mødes", "besøge", "besøges", "lege", "låne", "betale",
    "flytte", "hjælpes", "tilses", "undersøges", "kontaktes", "vejes", "tisse", "tage", "huske", "sige",
    "vide", "vente", "bo",  # "ved du om bo kan bo på bispeengen 3 alene?"
    "ta",  # spoken "tage": "kan holm ta telefonen"
})
#: Covering for a colleague: "kan kbm dække vagten", "kan tk tage over".
COVERING_INFINITIVES = frozenset({"dække", "overtage", "afløse", "tage", "ta", "køre", "passe", "lukke", "åbne"})
#: What someone takes or covers that shows a person takes it ("kim tager hendes borgere", "bo tager bilen").
TAKING_VERBS = frozenset({"tager", "tog", "overtager", "overtog", "dækker", "dækkede", "passer", "passede"})
POSSESSIVE_PRONOUNS = frozenset({"hans", "hendes", "min", "mine", "mit", "din", "dine", "dit", "sin", "sine", "sit",
                                 "vores", "deres"})
#: Units of the workplace a colleague is "fra" ("kaj fra afd b", "skov fra vej og park").
STAFF_UNITS = frozenset({"afd", "afdeling", "afdelingen", "team", "teamet", "hr", "it", "løn", "lønafdelingen",
                         "økonomi", "kontoret", "sekretariatet", "hjemmeplejen", "jobcentret", "jobcenteret",
                         "borgerservice", "rådhuset", "forvaltningen", "ledelsen", "vej", "teknik", "drift",
                         "driften", "kantinen", "receptionen", "pedelkontoret", "vagten", "nattevagten",
                         "aftenvagten", "dagvagten"})
#: Words for a home in a block, before its number ("i lejl 2", "på stue 4").
DWELLING_WORDS = frozenset({"lejl", "lejlighed", "lejligheden", "nr", "stue", "værelse", "vær", "opgang", "blok"})
#: A school class: "2.b", "3a", "10.x", "0.c".
_SCHOOL_CLASS = re.compile(r"\d{1,2}\.?[a-zæøå]")
_FLAT = re.compile(r"\d{1,3}[a-z]?|\d{1,2}\.?(?:th|tv|mf)")
#: Adverbs that may stand between a subject and its verb ("sten ikke har været der").
CLAUSE_ADVERBS = frozenset({"ikke", "også", "lige", "igen", "selv", "altid", "aldrig", "nu", "jo", "vist", "vel",
                            "just", "netop", "så", "desværre", "heller"})
#: A message's interjections, which may open a clause: "jamen sol er jo sygemeldt", "nåh alf er du på arbejde".
_INTERJECTIONS = ("jamen", "nåh", "nå", "ok", "okay", "oki", "doki", "okidoki", "altså", "ja", "nej", "sry", "sorry",
                  "undskyld", "fyi")
#: Words that open a clause: a word right after them may be its subject ("at sten ikke har...").
CLAUSE_OPENERS = frozenset({"at", "og", "men", "når", "hvis", "fordi", "da", "som", "så", "mens", "før", "husk",
                            "om",  # whether: "tjek om sten har fået sin bevilling"
                            # a thought or a hope without "at": "jeg tror holm har glemt at lukke sagen"
                            "tror", "synes", "mener", "håber",
                            # reported speech: "lone siger ib ikke har betalt"
                            "siger", "sagde", "fortæller", "fortalte", "skriver", "skrev",
                            # a note's afterthought: "ps sten er syg idag"
                            "ps", "ps.", "btw", "nb", "obs",
                            # a message's interjection: "jamen sol er jo sygemeldt", "nåh alf er du på arbejde"
                            *_INTERJECTIONS,
                            "efter", ",", ":", ";", "-", "–", "(", '"', "“", "„", "»", "that", "and", "but",
                            "when", "if", "because"})
#: Pronouns: function words that can be a clause's subject or object themselves ("og han sagde", "hej du"),
#: so a name that is also one ("Han", "Min") needs more than a verb or a greeting after it.
PRONOUNS = frozenset({
    "jeg", "du", "han", "hun", "den", "det", "vi", "i", "de", "man", "mig", "dig", "ham", "hende", "os", "jer",
    "dem", "sig", "min", "mit", "mine", "din", "dit", "dine", "hans", "hendes", "sin", "sit", "sine", "vores",
    "jeres", "deres", "andre", "anden", "andet", "nogen", "noget", "ingen", "alle", "selv", "hinanden",
    "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "my", "your", "his", "its",
    "our", "their", "else", "someone", "anyone", "u", "ur", "ya",
})
#: Question words: after one, a finite verb and then its subject ("hvornår kommer ask hjem").
QUESTION_WORDS = frozenset({"hvornår", "hvor", "hvad", "hvorfor", "hvordan", "hvem", "hvis", "hvilken",
                            "hvilket", "hvilke"})
MODAL_VERBS = frozenset({"kan", "kunne", "skal", "skulle", "vil", "ville", "må", "måtte", "bør", "burde"})
#: Tokens after a possible name that show it is a name, not a function word ("Per, Anne og ...").
NAME_FOLLOWERS = frozenset({",", "(", ")", "og", "and", "&", "eller", "or", "-", "–"})
#: Words that, capitalised after a name and before lower-case text, open a new sentence: greetings, pronouns
#: and the words that open a greeting's second sentence.
SENTENCE_OPENERS = GREETINGS | PRONOUNS | {"velkommen", "undskyld", "tillykke", "håber", "glædelig", "husk"}
#: Verbs that open a question after a name when a pronoun follows ("Peter Kan du ringe"; "Peter Kan ringer" is
#: Peter Kan).
QUESTION_OPENERS = MODAL_VERBS | {"har", "er", "gider"}


def sentence_opener(word: str, following: str) -> bool:
    """Lower-cased `word`, capitalised after a name and followed by the lower-case word `following`, opens a
    sentence the writer did not punctuate ("Hej Mette Tak for sidst", "Hej Anne Vi ses")."""
    if following in NAME_FOLLOWERS:
        return False  # "Jens Tak og Lone Vi": names joined by "og"
    return word in SENTENCE_OPENERS or (word in QUESTION_OPENERS and following in PRONOUNS)


@dataclass(frozen=True, slots=True)
class NameDoc:
    """One prompt as the PERSON rules see it: tokens, offsets, name candidates, organisation positions."""

    text: str
    tokens: Sequence[str]
    starts: Sequence[int]
    candidates: dict[int, NameWord]  # the rules may drop entries
    blocked: frozenset[int] = frozenset()
    english: bool = False
    #: Characters of a token that belong to a name when not the whole token (a genitive's -s), by index.
    name_lengths: dict[int, int] = field(default_factory=dict)
    #: English only: per token, (lower-case, capitalised) content words in its sentence (`prose`).
    sentence_counts: list[tuple[int, int]] = field(default_factory=list)
    #: Tokens shown to belong to a place or firm named after someone ("Anne Holms Plads"): never a name.
    named_after: set[int] = field(default_factory=set)
    #: Folded words of names found with confidence in another window of the same text.
    known_names: frozenset[str] = frozenset()
    #: Tables and the places that hold people (e-mail headers, attendee lists, chat speakers).
    layout: Layout = field(default_factory=Layout)
    #: Folded names found typed in lower case: their other lower-case mentions are names too.
    lowercase_keys: set[str] = field(default_factory=set)
    #: Staff initials found as names ("MS"): their other mentions are names, even where they spell a word.
    initials_keys: set[str] = field(default_factory=set)
    #: Folded keys found only as initials ("HAN"): they propagate to the same initials, not to words ("Han").
    initials_only_keys: set[str] = field(default_factory=set)
    #: Blocked tokens that are places, not organisations ("Polen", "Lyngby").
    places: frozenset[int] = frozenset()
    #: Typed without capitals: more of its sentences open in lower case than with a capital.
    casual: bool = False

    def gap(self, i: int, j: int) -> str:
        """The text between the end of token i and the start of token j."""
        return self.text[self.starts[i] + len(self.tokens[i]):self.starts[j]]

    def lowered(self, i: int) -> str:
        """The lower-cased token at i, or '' outside the text."""
        return self.tokens[i].lower() if 0 <= i < len(self.tokens) else ""

    def line_start(self, i: int) -> bool:
        """True when token i is the first on its line, after any quotation marks of a reply ("> Vi har")."""
        while i > 0 and self.tokens[i - 1] == ">" and "\n" not in self.gap(i - 1, i):
            i -= 1
        return i == 0 or "\n" in self.gap(i - 1, i)

    def initial(self, i: int) -> bool:
        """True when token i is a capital initial ("B", "H.C") written before a dot or a space and a name; a
        postal district's letter after its town ("1599 København V. Du kan ...") is none."""
        token = self.tokens[i] if 0 <= i < len(self.tokens) else ""
        return bool(token) and len(token) % 2 == 1 and all(
            ch.isupper() if k % 2 == 0 else ch == "." for k, ch in enumerate(token)) and len(token) <= 5 \
            and not self.district_letter(i)

    def after_initial(self, i: int) -> int | None:
        """Index of the word after the initial at i ("B." or "B" then a space), or None."""
        if not self.initial(i):
            return None
        k = i + 1
        if k < len(self.tokens) and self.tokens[k] == "." and not self.gap(i, k):
            k += 1
        elif self.tokens[i] in _LETTER_WORDS:
            return None  # "Anne og I", "Plan A": without a dot these letters are words
        return k if k < len(self.tokens) and self.gap(k - 1, k) == " " else None

    def dotted_cue(self, i: int) -> bool:
        """Token i is a cue written with a dot ("hr.", "mvh.", "v. Mette"), not a district's "V."."""
        return self.lowered(i) in DOTTED_CUES and not (0 <= i < len(self.tokens) and self.district_letter(i))

    def district_letter(self, i: int) -> bool:
        """Token i is a postal district's letter (N, NV, K, S, Ø...) after a town with its postcode or after
        one of Copenhagen's names ("2200 København N", "Kbh. V")."""
        if self.tokens[i] not in _DISTRICT_LETTERS:
            return False
        town = i - 1
        if self.tokens[town:town + 1] == ["."]:
            town -= 1  # "Kbh. V"
        return self.lowered(town) in _DISTRICT_TOWNS or (
            town >= 1 and self.tokens[town - 1].isdigit() and len(self.tokens[town - 1]) == 4)

    def dated(self, i: int) -> bool:
        """Token i is a month after a day's number or a preposition of time: "den 3. maj", "d. 4 april", "jeg er
        i maj på ferie"."""
        k = i - 2 if i > 0 and self.tokens[i - 1] == "." else i - 1
        return self.lowered(i) in _MONTHS and k >= 0 and (
            self.tokens[k].isdigit() and len(self.tokens[k]) <= 2 or self.lowered(k) in _MONTH_PREPOSITIONS)

    def ends_clause(self, i: int) -> bool:
        """Token i ends the text, a line or a clause: "iflg. naboen per", "min bror per." - a function word
        there is no preposition or article, which would go on ("naboen per telefon")."""
        return i + 1 >= len(self.tokens) or "\n" in self.gap(i, i + 1) \
            or self.tokens[i + 1] in (".", ",", "!", "?", ";")

    def thanked(self, i: int) -> bool:
        """Token i is the one thanked or wished well, ending a sentence that opens with thanks or a wish: "tak for i
        går svend 😊", "tusind tak rose!", "lykke til med eksamen line!!"."""
        if not (self.ends_clause(i) or not self.tokens[i + 1][:1].isalnum()) or self.lowered(i - 1) in PREPOSITIONS:
            return False  # "tak for hjælpen med sten": the thing helped with
        for k in range(i - 1, max(i - _THANKS_REACH, -1), -1):
            if "\n" in self.gap(k, k + 1) or not self.tokens[k][:1].isalpha():
                return False
            if self.lowered(k) in _THANKS and self.sentence_start(k) \
                    and (self.lowered(k) != "lykke" or self.lowered(k + 1) == "til"):
                return True  # ... or wishes: "lykke til med eksamen line!!"
        return False

    def sentence_start(self, i: int) -> bool:
        """True when token i opens a sentence, a line or a heading (where every word is capitalised)."""
        if self.line_start(i):
            return True
        previous = self.tokens[i - 1]
        if previous == ".":
            # "hr. Poulsen" and "Leif B. Munk" continue the sentence
            return not self.dotted_cue(i - 2) and not self.initial(i - 2)
        if previous in _OPENING_QUOTES \
                and (i < 2 or self.gap(i - 2, i - 1) or self.tokens[i - 2] in SENTENCE_BREAKS):
            return True  # a quotation opens a sentence: "Omformuler: 'Vi har bemærket...'"
        if self.english and previous in _BULLETS:
            # An English list item opens with a verb that may be a name ("- Mark the text", "- Bill the
            # client"); a Danish one with a lower-case verb or a noun, so a name-word there is a name.
            return self.line_start(i - 1)
        return previous in SENTENCE_BREAKS

    def contacted(self, i: int) -> bool:
        """A verb of contacting someone stands right before token i, maybe with an adverb: "ring til", "tal
        med", "spørg", "ring lige til", "spørg også"."""
        if self.gap(i - 1, i) != " ":
            return False
        j = i - 1
        if self.lowered(j) in CONTACT_ADVERBS and self.gap(j - 1, j) == " ":
            j -= 1  # "spørg lige per"
        before = self.lowered(j)
        if before in CONTACT_VERBS and before not in _SPEAKING:
            return True  # "spørg aske"; but "taler sorani" is a language: one speaks "med" someone
        if self.gap(j - 1, j) != " ":
            return False
        if before in ("af", "by") and self.lowered(j - 1) in AGENT_PARTICIPLES:
            return True  # "opsagt af lund", "henvist af bo": the one who did it
        verb = j - 1
        if self.lowered(verb) in CONTACT_ADVERBS and self.gap(verb - 1, verb) == " ":
            verb -= 1  # "ring lige til per", "skriv venligt til per"
        if self.lowered(verb) in _INVERTED_SUBJECTS and self.lowered(verb - 1) in CONTACT_VERBS \
                and self.gap(verb - 1, verb) == " ":
            verb -= 1  # "hvad skriver jeg til rose": the subject after the verb in a question
        if before in ("for", "fra") and self.lowered(verb) == "over" and self.lowered(verb - 1) in _TAKING_OVER:
            return True  # "kan nogen tage over for storm"
        if before in ("melde", "meld", "meldte", "meldt") and self.lowered(i + 1) in ("syg", "rask", "fraværende"):
            return True  # "husk at melde sol syg i sd"
        if before == "hos" and self.ends_clause(i):
            return True  # "nøglen ligger hos kim", "hun bor hos sten."; not "hos sten og jord"
        if before in _TAKING_OVER and self.lowered(i + 1) == "med" and self.gap(i, i + 1) == " ":
            return True  # "kan du tage aksel med til psykolog": someone taken along
        return (before in ("til", "med", "m", "to", "with", "w") and self.lowered(verb) in CONTACT_VERBS) \
            or before in PREPOSITION_VERBS.get(self.lowered(verb), ()) \
            or before in CONTACT_NOUNS.get(self.lowered(j - 1), ()) \
            or before == "fra" and self.lowered(j - 1) in FROM_NOUNS  # "mailen fra rose", "underskrift fra lone"

    def acts(self, i: int, start: int | None = None) -> bool:
        """Token i opens a clause and acts as a person: a verb only people do follows it, maybe after an
        adverb or "fra" and a place ("kat fra jobcentret skrev"), or "er" and what only people are ("mo er
        syg"), or "har" and what only people have done ("sten ikke har ringet"). Danish puts no bare noun
        there ("stormen kom", not "storm kom"), so a word that is also a name is the name. A name of more
        words opens at `start` and ends at i ("at sten due er indlagt")."""
        if start is not None and start != i:
            return self._opens_clause(start) and self._acts_after(i, i + 1)
        if self.asked_about(i) or self.from_unit(i) or self.asked_yes_no(i) or self.with_me(i):
            return True
        if self.lowered(i + 1) == "der" and self.lowered(i + 2) in AGENT_VERBS \
                and self.gap(i, i + 1) == " " and self.gap(i + 1, i + 2) == " ":
            return True  # "det var bente ikke bent der ringede": who did it
        if not self._opens_clause(i):
            return False
        return self._acts_after(i, i + 1)

    def _opens_clause(self, i: int) -> bool:
        """Token i may be a clause's subject: it opens a sentence or follows a word that opens a clause."""
        return self.sentence_start(i) or self.lowered(i - 1) in CLAUSE_OPENERS \
            or self.lowered(i - 1) in QUESTION_WORDS and not self.english \
            or self.lowered(i - 1) in _INTERJECTIONS and self.line_start(i - 1)  # "hvor holm er", "ok per tager"

    def _acts_after(self, i: int, k: int) -> bool:
        """What follows a subject ending at token i, from token k, is what only people do or are."""
        if self.lowered(k) == "og" and self.tokens[k + 1:k + 2] and self.tokens[k + 1].isalpha() \
                and not self.tokens[k + 1].isupper() and self.lowered(k + 1) not in PRONOUNS:
            k += 2  # "sten og birk har lavet kaffe", "bo og Lykke er på kursus": two subjects
        if self.lowered(k) == "fra" and self.tokens[k + 1:k + 2] and self.tokens[k + 1].isalpha():
            k += 2  # "rose fra skolen ringede"
            if self.lowered(k) == "og" and self.tokens[k + 1:k + 2] and self.tokens[k + 1].isalpha():
                k += 2  # "skov fra vej og park siger"
        elif self.lowered(k) == "fra" and self.lowered(k + 1)[:1].isdigit() and self.lowered(k + 2) == "." \
                and self.lowered(k + 3) == "sal":
            k += 4  # "Lund fra 2. sal har klaget": a neighbour by the floor
        elif self.lowered(k) in ("i", "fra", "på") and self.lowered(k + 1) in DWELLING_WORDS \
                and self.lowered(k + 2)[:1].isdigit():
            k += 3  # "kim i lejl 2 skal ha", "ellen i lejl 4 hostede": a resident by the flat
        elif self.lowered(k) == "fra" and _FLAT.fullmatch(self.lowered(k + 1)):
            k += 2  # "bjerg fra 3b har fået"
        elif self.lowered(k) in ("i", "fra") and _SCHOOL_CLASS.fullmatch(self.lowered(k + 1)):
            k += 2  # "storm i 2.b har slået en elev": a pupil by the class
        while self.lowered(k) in CLAUSE_ADVERBS:
            k += 1
        verb = self.lowered(k)
        if verb in AGENT_VERBS and verb not in ("syg", "sygemeldt", "fraværende"):
            return True
        if k == i + 1 and verb == "du" and (self.lowered(k + 1) in MODAL_VERBS or self.lowered(k + 1) == "har") \
                and not self.english:
            return True  # "ib du skal huske at låse bilen", "Sten du har vagten": the one spoken to
        if k == i + 1 and verb in ("jeg", "vi", ",") and self.lowered(i - 1) in _INTERJECTIONS and not self.english:
            return True  # "oki doki lone jeg tager hillerødgade 14", "okay sten, så siger vi": the one answered
        if k == i + 1 and verb in QUESTION_WORDS and self.line_start(i) and not self.english:
            return True  # "gry hvad var det nu arne sagde": a question to someone by name
        if verb in ("=", ":") and self.lowered(k + 1) in PERSON_STATES and self.gap(i, k) in (" ", ""):
            return True  # "kort: jan = syg, ulla = ferie, lykke = kursus"
        if k == i + 1 and (verb in MODAL_VERBS or verb in _ASKING_VERBS) and self.lowered(k + 1) == "du" \
                and self.gap(i, k) == " " and not self.english \
                and (self.sentence_start(i) or self.lowered(i - 1) in _INTERJECTIONS):  # not "maj og juni kan du"
            return True  # "kim kan du sende opskriften", "nåh alf er du på arbejde": asked by name
        following = self.lowered(k + 1)
        if verb in ("blev", "bliver") and following in PERSON_MOVED:
            return True  # "at flora fra 2.a blev hentet af en ukendt voksen"
        if verb in TAKING_VERBS and (following in POSSESSIVE_PRONOUNS
                                     or following in ("over", "fri", "vagten", "sig", "det", "den", "dem")
                                     or len(following) > 4 and following.endswith(("en", "et"))):
            return True  # "kim tager hendes borgere", "bo tager bilen", "ib tager over"
        if verb[:1].isdigit() and following in ("år", "årig", "-årig"):
            return True  # "kaj 87 år faldet i nat": a person's age
        if verb == "(" and following.isdigit() and len(following) <= 3 and (
                self.lowered(k + 2) == ")" or self.lowered(k + 2) in ("år", "mdr") and self.lowered(k + 3) == ")"):
            return True  # "ole (78) bor alene", "om birk (4 år) er indskrevet": a person's age in parentheses
        if verb in STARTING_VERBS and following not in ("med", "at", "op", "ud", "kl", "klokken"):
            return True  # "hej team - lone starter først d. 1. marts"; not "mødet starter med", "kl"
        if verb in ("kommer", "kom") and following == "i" and self.lowered(k + 2) in _DAY_PLACES:
            return True  # "han siger at lykke ikke kom i skole"
        if verb in ("kommer", "kom") and following in PERSON_COMING:
            return True  # "mark kommer ikke idag", "bo kom først hjem kl 23"
        if verb in MODAL_VERBS:
            # "rose skal ha insulin", "birk må ikke få nødder", "silje skal hentes": a modal and what is done
            # for or by a person
            k += 1
            while self.lowered(k) in CLAUSE_ADVERBS or self.lowered(k) == "gerne":  # "per vil gerne vide"
                k += 1
            # "sten må ikke komme på matriklen": being let in or not is a person's ("storm kan komme" is not)
            # "hvornår ask skal til ppr udredning": going to an appointment
            return self.lowered(k) in PERSON_INFINITIVES or verb in ("må", "måtte") and self.lowered(k) == "komme" \
                or verb in ("skal", "skulle") and self.lowered(k) == "til" and self.lowered(k + 1)[:1].isalpha()
        if verb in ("er", "var", "is", "was"):
            while following in CLAUSE_ADVERBS or following in DEGREE_ADVERBS:  # "lund er vel udlejer"
                k += 1
                following = self.lowered(k + 1)
            return following in PERSON_STATES or following in ROLES or following in PERSON_MOVED \
                or (following == "på" and self.lowered(k + 2) in PERSON_STATES) \
                or (following == "tilbage" and self.lowered(k + 2) in ("fra", "efter")
                    and self.lowered(k + 3) in PERSON_STATES)  # "pil er tilbage fra barsel"
        while verb in ("har", "havde") and following in CLAUSE_ADVERBS:  # "storm har igen slået"
            k += 1
            following = self.lowered(k + 1)
        return verb in ("har", "havde", "has", "had") and (following in PERSON_PARTICIPLES or following in PERSON_HAS)

    def asked_yes_no(self, i: int) -> bool:
        """Token i is the subject of a yes-no question that opens with "har" or "er" ("har lone fået mail om
        ...?", "er sten kommet hjem?") or a modal ("kan holm ta telefonen?"): what follows is what only people
        have done, are or do."""
        verb = self.lowered(i - 1)
        if verb in MODAL_VERBS and not self.english and self.gap(i - 1, i) == " " \
                and (self.sentence_start(i - 1) or self.tokens[i - 2:i - 1] == [","]):
            # "kan holm ta telefonen", "kbm er syg, kan lj tage mødet", "kan vilde fra spiren få en vikar"
            k = i + 1
            if self.lowered(k) == "fra" and self.tokens[k + 1:k + 2] and self.tokens[k + 1].isalpha():
                k += 2
                while self.tokens[k:k + 1] and self.tokens[k][:1].isupper():
                    k += 1  # "fra Børnehuset Spiren"
            while self.lowered(k) in CLAUSE_ADVERBS:
                k += 1
            return self.lowered(k) in PERSON_INFINITIVES or self.lowered(k) in COVERING_INFINITIVES
        if verb not in ("har", "havde", "er", "var") or self.english or not self.sentence_start(i - 1) \
                or self.gap(i - 1, i) != " ":
            return False
        k = i + 1
        while self.lowered(k) in CLAUSE_ADVERBS:
            k += 1
        done = self.lowered(k)
        return done in PERSON_PARTICIPLES if verb in ("har", "havde") else done in PERSON_MOVED or done in PERSON_STATES

    def addressed_at_head(self, i: int) -> bool:
        """Token i is whom a message is for, at its line's head: "til ebbe: nøgleboksen har ny kode"."""
        return self.lowered(i - 1) == "til" and self.line_start(i - 1) and self.lowered(i + 1) == ":"

    def with_me(self, i: int) -> bool:
        """Token i is coordinated with the writer: "holm og jeg var ude hos gurli", "mig og sten"."""
        return (self.lowered(i + 1) in ("og", "&") and self.lowered(i + 2) in ("jeg", "mig")
                and self.gap(i, i + 1) == " " == self.gap(i + 1, i + 2)) \
            or (self.lowered(i - 1) in ("og", "&") and self.lowered(i - 2) in ("jeg", "mig")
                and self.gap(i - 2, i - 1) == " " == self.gap(i - 1, i))

    def from_unit(self, i: int) -> bool:
        """Token i is a colleague from a unit of the workplace ("kaj fra afd b", "skov fra vej og park") or a
        neighbour by the house's number ("frank fra nr 7")."""
        if self.lowered(i + 1) != "fra" or self.gap(i, i + 1) != " ":
            return False
        unit = self.lowered(i + 2)
        return unit in STAFF_UNITS or unit == "nr" and self.lowered(i + 3)[:1].isdigit()

    def asked_about(self, i: int) -> bool:
        """Token i is the subject of a Danish question: a question word, a verb that is not a modal, then the
        subject ("hvornår kommer ask hjem", "hvad sagde per"). Danish puts no bare noun there ("hvornår
        kommer stormen"), so a word that is also a name is the name."""
        verb = self.lowered(i - 1)
        return (
            not self.english
            and verb in FINITE_VERBS
            and verb not in MODAL_VERBS
            and self.lowered(i - 2) in QUESTION_WORDS
            and self.gap(i - 2, i - 1) == " "
            and self.gap(i - 1, i) == " "
        )

    def cue_word(self, i: int) -> str:
        """The lower-cased token at i if it is a title, greeting, role or form-label cue (or a sender)."""
        lowered = self.lowered(i)
        if lowered in TITLES or lowered in GREETINGS or lowered in ROLES:
            return lowered
        if _DOUBLED.search(lowered) and len(plain := _DOUBLED.sub(r"\1", lowered)) > 1 and plain in GREETINGS:
            return plain  # a greeting drawn out: "heey line", "hejj", "hejsaa"
        if lowered in FORM_LABELS and self.lowered(i + 1) == ":":
            return lowered  # "Afbud: Bjørn", "Present: Eleanor Whitfield"
        if lowered.rsplit("-", 1)[-1] in ROLE_HEADS or (len(lowered) >= 8 and lowered.endswith(ROLE_HEADS)):
            return lowered  # "HR-partner Mira", "afdelingsleder Susanne"
        if lowered in HEADER_CUES and (self.line_start(i) or self.lowered(i - 1) in GREETINGS):
            return lowered  # "Fra: Anne", "From Liam", "hilsen fra Ole"
        return ""

    def people_cue(self, i: int) -> str:
        """Why token i stands where people are named ("header", "list", "speaker", "column"...), or ''."""
        span = self.layout.people_at(self.starts[i]) if 0 <= i < len(self.tokens) else None
        return span.why if span is not None else ""

    def cue_before(self, i: int) -> tuple[str, str]:
        """('strong', 'weak', 'institution' or '', word) for the word before token i.

        Commas, colons and quotation marks are skipped ("Kære Hamid,", "Navn: Ali", 'hedder "Nova"'); a dot
        only after an abbreviated title, so a role word ending the previous sentence ("sin far. Hans
        leder...") vouches for nothing. A tab between them is a table's column break, not a cue.
        """
        j = i - 1
        while j >= 0 and (self.tokens[j] in (":", ",") or self.tokens[j] in QUOTES
                          or (self.tokens[j] == "." and self.dotted_cue(j - 1))):
            if self.tokens[j] in QUOTES and j >= 1 and self.tokens[j - 1] == ":":
                return "", ""  # "for a citizen: 'Pursuant to ...'": a quotation starts, no one is named
            j -= 1
        between = self.text[self.starts[j]:self.starts[i]] if j >= 0 else ""
        cell = self.layout.cell_at(self.starts[i])
        if cell is not None and j >= 0 and self.starts[j] < cell.start:
            return "", ""  # a table's fields are not cue and name ("Ansøger,Sagstype", "Elev<TAB>Dage")
        if j < 0 or ("\t" in between and self.tokens[j + 1] != ":"):
            return "", ""  # a table's columns ("Elev<TAB>Dage") are not cue and name; "Navn:<TAB>Ali" is
        if "\n" in between and ":" not in between and (self.lowered(j) not in SIGN_OFF_CUES
                                                         or self.district_letter(j)):
            # a line's last word names nobody on the next line ("Hej\nMin mor"), unless it signs off ("Mvh\nAnne")
            return "", ""
        if word := self.cue_word(j):
            return "strong", word
        lowered = self.tokens[j].lower()
        if self._named_by_verb(j):
            return "strong", "naming verb"
        if lowered in ("er", "is", "'s") and j == i - 1 and self.lowered(j - 1) in _PRESENTING:
            return "strong", "det er"  # "hej det er Xiomara fra hjemmeplejen", "this is Kofi"
        if lowered in ("er", "is", "var", "was") and j == i - 1 and self.lowered(j - 1) in ROLES:
            return "strong", "role is"  # "host mum is tine", "kontaktpersonen er bo"
        if (lowered in INSTITUTIONS or ORG_ENDING.search(lowered)) and j == i - 1:
            return "institution", lowered  # "Plejecenter Sølund"; not across a colon ("café: Chidi")
        if (lowered in WEAK_CUES or lowered in HEADER_CUES) and j == i - 1:
            return "weak", lowered
        return "", ""

    def _named_by_verb(self, j: int) -> bool:
        """True when a naming verb stands at j or up to two filler words before it."""
        for k in range(j, max(j - 3, -1), -1):
            lowered = self.tokens[k].lower()
            if lowered in NAMING_VERBS:
                return True
            if lowered not in NAMING_FILLERS:
                return False
        return False

    def prose(self, first: int, last: int) -> bool:
        """True when the sentence around tokens first..last reads as prose, not as a Title Case heading.

        Prose has at least one lower-case content word and no more other capitalised words than those.
        """
        if not self.sentence_counts:
            return False
        lower, upper = self.sentence_counts[first]
        return lower > 0 and lower >= upper - (last - first + 1)

    def quoted(self, first: int, last: int) -> bool:
        """True when tokens first..last stand alone inside quotation marks ('Kongens Fald')."""
        if first < 1 or last + 1 >= len(self.tokens):
            return False
        opening = self.tokens[first - 1]
        return opening in QUOTES and self.tokens[last + 1] == QUOTES[opening] \
            and not self.gap(first - 1, first) and not self.gap(last, last + 1)

    def after_parenthesis(self, k: int) -> int:
        """Index after a short parenthesis opening at k ("(7)", "(cpr 010170-1234)"), else k."""
        tokens = self.tokens
        if k < len(tokens) and tokens[k] == "(":
            for j in range(k + 1, min(k + _PARENTHESIS_TOKENS + 2, len(tokens))):
                if tokens[j] == ")":
                    return j + 1
                if tokens[j] == "(":
                    break
        return k

    def before_parenthesis(self, k: int) -> int:
        """Index before a short parenthesis closing at k ("Ayaan (7) og"), else k."""
        tokens = self.tokens
        if 0 <= k < len(tokens) and tokens[k] == ")":
            for j in range(k - 1, max(k - _PARENTHESIS_TOKENS - 2, -1), -1):
                if tokens[j] == "(":
                    return j - 1
                if tokens[j] == ")":
                    break
        return k

    def letter_header(self, first: int, last: int) -> bool:
        """Tokens first..last fill their line and the next line opens with a street and a number: a
        letter's recipient ("Tamsin Ockwell\n12 Baker Street", "Oddvar Brekke\nFensmarkgade 4, 2. th.")."""
        if not self.line_start(first):
            return False
        end = self.starts[last] + len(self.tokens[last])
        newline = self.text.find("\n", end)
        return newline >= 0 and not self.text[end:newline].strip(" \t,") \
            and _ADDRESS_LINE.match(self.text, newline + 1) is not None

    def possessive(self, i: int) -> bool:
        """True when token i is "Hans" used as "his": followed by a lower-case word that is not a verb."""
        if self.tokens[i].lower() not in POSSESSIVES or i + 1 >= len(self.tokens):
            return False
        following = self.tokens[i + 1]
        return following[:1].islower() and following.isalpha() and following not in FINITE_VERBS



def opens_sentence(doc: NameDoc, j: int) -> bool:
    """Token j opens a sentence the writer did not punctuate (see `sentence_opener`)."""
    word = doc.candidates.get(j)
    return (
        (word is None or word.kind != FIRST)  # "Hans" is a name as often as "his"
        and doc.tokens[j][:1].isupper()
        and not doc.tokens[j].isupper()
        and j + 1 < len(doc.tokens)
        and doc.tokens[j + 1][:1].islower()
        and doc.gap(j, j + 1) == " "
        and sentence_opener(doc.lowered(j), doc.lowered(j + 1))
    )
