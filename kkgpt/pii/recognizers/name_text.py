"""How the PERSON rules read a prompt: cue vocabulary, sentence starts, the cue before a word, "Hans" = his.

`NameDoc` holds one prompt's tokens and the facts the rules share about them (name candidates, positions
inside organisation phrases, the language); its methods answer positional questions in constant time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kkgpt.pii.recognizers.name_words import ORG_ENDING, NameWord

SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "•", "*", "…", "\"", "“", "”", "„", "«", "»", "|"})
_BULLETS = frozenset({"-", "–", "—", "+", ">"})
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
                       "v"})
#: Sender words: a cue in an e-mail header ("Fra: Anne", "From Liam"), a mere preposition elsewhere
#: ("Rose from Facilities").
HEADER_CUES = frozenset({"fra", "from"})
#: Words that may end in an abbreviation dot without ending the sentence ("hr. Poulsen", "Mvh. Anne").
DOTTED_CUES = TITLES | {"mvh", "vh", "att", "attn", "cc", "v"}
#: Verbs of naming, vouching for a name up to two filler words later ("kalder ham bare Mahmo").
NAMING_VERBS = frozenset({"kalder", "kaldte", "kaldes", "kaldet", "kaldt", "kaldenavn", "kaldenavnet",
                          "øgenavn", "øgenavnet", "nicknamed", "nickname", "calls"})
NAMING_FILLERS = frozenset({"ham", "hende", "dem", "sig", "bare", "altid", "også", "for", "kun", "him",
                            "her", "them", "just", "simply", "always", "is", "er", "var"})
#: Roles and relations before a name ("borgeren Hassan", "hans mor Leila", "colleague Henrik").
ROLES = frozenset({
    "borger", "borgeren", "klient", "klienten", "patient", "patienten", "beboer", "beboeren", "pårørende",
    "mor", "moren", "moderen", "far", "faren", "faderen", "søn", "sønnen", "datter", "datteren", "bror",
    "broren", "broderen", "søster", "søsteren", "barn", "barnet", "elev", "eleven", "medarbejder",
    "medarbejderen", "kollega", "kollegaen", "leder", "lederen", "chef", "chefen", "sagsbehandler",
    "sagsbehandleren", "socialrådgiver", "socialrådgiveren", "rådgiver", "rådgiveren", "læge", "lægen",
    "psykolog", "psykologen", "sygeplejerske", "sygeplejersken", "pædagog", "pædagogen", "lærer",
    "læreren", "kontaktperson", "kontaktpersonen", "ægtefælle", "ægtefællen", "hustru", "hustruen",
    "mand", "manden", "kone", "konen", "kæreste", "kæresten", "samlever", "nevø", "niece", "onkel",
    "tante", "fætter", "kusine", "bedstemor", "bedstefar", "mormor", "morfar", "farmor", "farfar", "ven",
    "vennen", "veninde", "veninden", "nabo", "naboen", "familien", "ansøger", "ansøgeren", "ledige",
    "praktikant", "vikar", "vikaren", "værge", "bisidder", "tolk", "tolken", "ejer", "ejeren", "lejer",
    "lejeren", "citizen", "client", "resident", "employee", "colleague", "manager", "mother", "father",
    "son", "daughter", "brother", "sister", "wife", "husband", "partner", "friend", "neighbour",
    "neighbor", "teacher", "student", "pupil", "nurse", "doctor", "caseworker", "applicant", "tenant",
    "owner", "boss",
})
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
#: Tokens after a possible name that show it is a name, not a function word ("Per, Anne og ...").
NAME_FOLLOWERS = frozenset({",", "(", ")", "og", "and", "&", "eller", "or", "-", "–"})


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

    def gap(self, i: int, j: int) -> str:
        """The text between the end of token i and the start of token j."""
        return self.text[self.starts[i] + len(self.tokens[i]):self.starts[j]]

    def lowered(self, i: int) -> str:
        """The lower-cased token at i, or '' outside the text."""
        return self.tokens[i].lower() if 0 <= i < len(self.tokens) else ""

    def line_start(self, i: int) -> bool:
        """True when token i is the first on its line."""
        return i == 0 or "\n" in self.gap(i - 1, i)

    def sentence_start(self, i: int) -> bool:
        """True when token i opens a sentence, a line or a heading (where every word is capitalised)."""
        if self.line_start(i):
            return True
        previous = self.tokens[i - 1]
        if previous == ".":
            return self.lowered(i - 2) not in DOTTED_CUES  # "hr. Poulsen" continues the sentence
        if self.english and previous in _BULLETS:
            # An English list item opens with a verb that may be a name ("- Mark the text", "- Bill the
            # client"); a Danish one with a lower-case verb or a noun, so a name-word there is a name.
            return self.line_start(i - 1)
        return previous in SENTENCE_BREAKS

    def cue_word(self, i: int) -> str:
        """The lower-cased token at i if it is a title, greeting or role cue (a sender word in a header)."""
        lowered = self.lowered(i)
        if lowered in TITLES or lowered in GREETINGS or lowered in ROLES:
            return lowered
        if lowered in HEADER_CUES and (self.line_start(i) or self.lowered(i - 1) in GREETINGS):
            return lowered  # "Fra: Anne", "From Liam", "hilsen fra Ole"
        return ""

    def cue_before(self, i: int) -> tuple[str, str]:
        """('strong', 'weak', 'institution' or '', word) for the word before token i.

        Commas and colons are skipped ("Kære Hamid,", "Navn: Ali"); a dot only after an abbreviated title,
        so a role word ending the previous sentence ("sin far. Hans leder...") vouches for nothing.
        """
        j = i - 1
        while j >= 0 and (self.tokens[j] in (":", ",") or (self.tokens[j] == "." and
                                                           self.lowered(j - 1) in DOTTED_CUES)):
            j -= 1
        if j < 0:
            return "", ""
        if word := self.cue_word(j):
            return "strong", word
        lowered = self.tokens[j].lower()
        if self._named_by_verb(j):
            return "strong", "naming verb"
        if lowered in INSTITUTIONS or ORG_ENDING.search(lowered):
            return "institution", lowered
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

    def possessive(self, i: int) -> bool:
        """True when token i is "Hans" used as "his": followed by a lower-case word that is not a verb."""
        if self.tokens[i].lower() not in POSSESSIVES or i + 1 >= len(self.tokens):
            return False
        following = self.tokens[i + 1]
        return following[:1].islower() and following.isalpha() and following not in FINITE_VERBS

