"""Evidence for the PERSON rules: what a candidate's words, and the words around it, say about it.

A candidate (`name_candidates.py`) is a stretch of tokens that may be a name. `EvidenceReader` turns it
into an `Evidence` record: the name class of each word (listed first name, listed surname, surname by its
ending, name that is also a word, unlisted), whether it is typed in capitals or lower case, the cue before
it (a title, greeting, role or form label; a preposition; an institution word), where it stands (a
sentence's start, a table's column of names), and the small facts a few rules need ("Pers bror", a quoted
title, a product after its make). Reading evidence decides nothing: `name_scoring.py` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kkgpt.pii.recognizers import name_text
from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.name_candidates import Candidate, ends_a_note, in_parentheses
from kkgpt.pii.recognizers.name_text import (
    AGENT_VERBS,
    DETERMINERS,
    FINITE_VERBS,
    GREETINGS,
    INSTITUTIONS,
    NAMING_VERBS,
    PRONOUNS,
    RELATIONS,
    ROLES,
    NameDoc,
)
from kkgpt.pii.recognizers.name_words import (
    AMBIGUOUS,
    DEFINITE_FORM,
    FIRST,
    ORG_ENDING,
    SURNAME,
    UNKNOWN,
    NameWord,
)

# Prepositions before a month or weekday ("in June", "fra April").
_TIME_PREPOSITIONS = frozenset(
    {
        "in",
        "on",
        "by",
        "since",
        "until",
        "from",
        "before",
        "after",
        "during",
        "i",
        "på",
        "fra",
        "til",
        "siden",
        "før",
        "efter",
        "inden",
        "indtil",
        "om",
        "hver",
        "sidste",
        "næste",
        "last",
        "next",
        "every",
    }
)
# Column labels whose values are places, not people.
_PLACE_LABELS = frozenset(
    {
        "bydel",
        "område",
        "sted",
        "lokation",
        "location",
        "by",
        "kommune",
        "adresse",
        "vej",
        "institution",
        "enhed",
        "team",
        "afdeling",
        "arbejdssted",
        "firma",
        "virksomhed",
        "arbejdsgiver",
        "employer",
        "company",
        "unit",
        "department",
        "stue",
        "gruppe",
    }
)
#: Cue words `_cue` gives for the layout's places of people (`kkgpt.pii.layout.PeopleSpan.why`).
LAYOUT_CUES = frozenset({"header", "list", "speaker", "mention", "signature", "column", "roster"})
# Verbs before "det" that make it present someone ("var det rikke", "er det jens").
_PRESENTING_VERBS = frozenset({"er", "var", "blev", "bliver", "is", "was"})
# Words after "ring til per" that make "per" the preposition ("ring til per telefon").
_MEANS = frozenset(
    {"telefon", "tlf", "mail", "e-mail", "sms", "brev", "post", "stk", "time", "dag", "uge", "gang"}
)
# Words after a lower-case name-or-word that show the word ("lade sin søn bo hjemme").
_WORD_FOLLOWERS = frozenset({"hjemme", "alene", "sammen", "selv", "ude", "inde"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything the scoring rules look at for one candidate."""

    source: str  # the candidate's source (see `name_candidates`)
    kinds: tuple[str, ...] = ()  # name class of each name word
    capitals: bool = False  # a word typed in capitals ("MUNK")
    cue: str = ""  # "strong", "weak", "institution" or ""
    cue_word: str = ""
    sentence_start: bool = False  # opens a sentence, a line or a heading
    english: bool = False  # the text is English
    prose_cue: bool = False  # English prose with a person word before it ("send it to ...")
    quoted: bool = False  # stands alone in quotation marks ('Kongens Fald')
    after_brand: bool = False  # right after a firm or brand ("Renault Zoe", "Microsoft Teams")
    genitive_relation: bool = False  # a genitive before a relation ("Pers bror")
    reads_as_word: bool = False  # a name-or-word that reads as the word here (a place, "Hans" = his)
    layout_cue: bool = False  # the strong cue is the layout's (a header field, a list, a speaker)
    self_named: bool = False  # introduces itself: "Kim her, ...", "kim her fra hjemmeplejen"
    acting: bool = False  # a verb only people do follows ("Chidi fortalte", "Tessa ringede")
    function_word: bool = False  # a single word that is also a function word ("Alle", "Per", "Den")
    parenthesised: bool = False  # a word in capitals in a short parenthesis ("(TR, IDA)")
    other_column: bool = False  # the whole value of a column labelled with no person word ("Sagstype": Kvist)
    determiner: bool = False  # lower case after an article or possessive ("en lærke")
    indefinite: bool = False  # ... and the article is indefinite ("en lærke", not "den nye sebastian")
    ambiguous: bool = False  # lower case and also an everyday word ("per", "bjørn")
    word_like_context: bool = False  # lower case, an everyday word or followed by one that shows it ("bo hjemme")
    word_follows: bool = False  # lower case, followed by a word that shows the word ("bo hjemme", "sms 3")
    casual_name: bool = False  # a listed name-or-word in a text typed without capitals, not read as a word
    pair_words: int = 0  # lower case: words of a first name + surname pair that are everyday words
    cued_pair: bool = False  # lower case: a pair after a cue or preposition ("for sten storm")
    label_word: bool = False  # a single cue word before a colon: a form's label ("Afbud:", "Mor:")
    before_colon: bool = False  # a single word before a colon ("Dato: 14.09.2026")
    signs_note: bool = False  # alone at the end of a note after its last sentence ("... 14. ole", "... 45. Lone")
    someone_named: bool = False  # lower case, "er/var en" and the name end the clause ("det var en kirsten")
    dated: bool = False  # lower case, a month after a day's number ("den 3. maj skrev")

    @property
    def words(self) -> int:
        """Number of name words."""
        return len(self.kinds)

    @property
    def listed(self) -> bool:
        """A word is a listed first name or surname."""
        return FIRST in self.kinds or SURNAME in self.kinds

    @property
    def strong(self) -> bool:
        """A strong cue stands before the candidate."""
        return self.cue == "strong"


class EvidenceReader:
    """Reads the evidence for candidates of one document (stateless; one per recognizer)."""

    def __init__(self, lexicon: NameLexicon) -> None:
        self.lexicon = lexicon

    def read(self, doc: NameDoc, candidate: Candidate) -> Evidence:
        """The evidence for `candidate` in `doc`."""
        if candidate.source == "capitalised":
            return self._capitalised(doc, candidate)
        if candidate.source.startswith("lowercase"):
            return self._lowercase(doc, candidate)
        return Evidence(candidate.source, english=doc.english)

    def _capitalised(self, doc: NameDoc, candidate: Candidate) -> Evidence:
        first, last = candidate.first, candidate.last
        words = [doc.candidates[k] for k in range(first, last + 1) if k in doc.candidates]
        cue, cue_word = self._cue(doc, first)
        if cue == "institution" and doc.lowered(last + 1) == "," and doc.cue_word(last + 2):
            cue, cue_word = "", ""  # "| Lene Rask, teamleder |" under "Enhed": a person with a role
        if not cue and doc.letter_header(first, last):
            cue, cue_word = "strong", "letter header"
        single = len(words) == 1
        colon = doc.lowered(last + 1) == ":" and doc.gap(last, last + 1) == ""
        return Evidence(
            source=candidate.source,
            kinds=tuple(word.kind for word in words),
            capitals=any(word.capitals for word in words),
            cue=cue,
            cue_word=cue_word,
            sentence_start=candidate.sentence_start,
            english=doc.english,
            prose_cue=not single
            and doc.english
            and doc.prose(first, last)
            and doc.lowered(first - 1) in name_text.ENGLISH_PERSON_CUES,
            quoted=not single and doc.quoted(first, last),
            after_brand=first - 1 in doc.blocked
            and first - 1 not in doc.places
            and doc.gap(first - 1, first) == " ",
            genitive_relation=single
            and words[0].name_length < len(doc.tokens[first])
            and doc.lowered(first + 1) in RELATIONS
            and doc.gap(first, first + 1) == " ",
            reads_as_word=single and words[0].kind == AMBIGUOUS and self._reads_as_word(doc, first, words[0]),
            layout_cue=cue_word in LAYOUT_CUES,
            # ... but not a preposition right before a verb only people do: "Per sørger for", never "per time"
            function_word=single and words[0].folded in self.lexicon.stop_words
            and not (words[0].folded not in PRONOUNS and doc.lowered(last + 1) in AGENT_VERBS
                     and doc.gap(last, last + 1) == " "),
            self_named=single and _introduces_itself(doc, last),
            parenthesised=single and words[0].capitals and in_parentheses(doc, first),
            other_column=_whole_value_of_other_column(doc, first, last),
            # "Lykke ringede"; "Bent har haft en rolig nat", "Storm har ondt": what only a person is or has
            acting=single and last + 1 < len(doc.tokens) and doc.gap(last, last + 1) == " "
            # "Mailen skulle ...", "Materialer kan ...": a noun, definite or plural
            and not (words[0].kind == UNKNOWN and self.lexicon.inflected_noun(words[0].folded))
            and (doc.lowered(last + 1) in AGENT_VERBS
                 or not DEFINITE_FORM.search(doc.lowered(first)) and doc.acts(first)),  # not "Resuméet må ..."
            label_word=single and colon and bool(doc.cue_word(first)),
            signs_note=single and ends_a_note(doc, first) and words[0].folded not in self.lexicon.common_words
            and _written_by_someone(doc, first),
            before_colon=single and colon,
        )

    @staticmethod
    def _cue(doc: NameDoc, i: int) -> tuple[str, str]:
        """The cue before token i; where the layout says people are named (a header field's value, an
        attendee list, a chat's speaker, a column of names) that is a strong cue itself, and a column
        labelled with an institution word ("Plejecenter", "Skole") names institutions, unless a strong cue
        of the cell's own stands right before ("Ansøger: Christian Møller", "Datter Helle")."""
        cue, word = doc.cue_before(i)
        cell = doc.layout.cell_at(doc.starts[i])
        if cue != "strong" and cell is not None and cell.label and not cell.header and _institution_label(cell.label):
            return "institution", cell.label
        if cue not in ("strong", "institution") and (why := doc.people_cue(i)):
            return "strong", why
        return cue, word

    def _reads_as_word(self, doc: NameDoc, i: int, word: NameWord) -> bool:
        """A capitalised name-or-word inside a sentence reads as the word: a place (unless it does what only
        people do), "Hans" = his, and in
        English a month, a function word or a word of a Title Case heading ("in May", "the Summer School").
        English capitalises months and languages but no common nouns, so "meet Holly" is a name."""
        lex = self.lexicon
        if doc.possessive(i):
            return True
        if word.folded in lex.place_words:
            return not doc.acts(i)  # a place does not complain or phone: "at Lund har klaget" is a person
        if word.folded in lex.proper_words and (
            doc.lowered(i - 1) in _TIME_PREPOSITIONS or doc.lowered(i - 1).rstrip(".").isdigit()
        ):
            return True  # "in June", "i April", in an English line of a Danish text too
        return doc.english and (
            word.folded in lex.proper_words or word.folded in lex.stop_words or _in_title(doc, i)
        )

    def _lowercase(self, doc: NameDoc, candidate: Candidate) -> Evidence:
        first, last = candidate.first, candidate.last
        names = candidate.lowercase
        cue, cue_word = self._cue(doc, first)
        stop = self.lexicon.stop_words
        if candidate.pair:
            head, surname = names[0], names[-1]
            return Evidence(
                source="lowercase_pair",
                cue=cue,
                cue_word=cue_word,
                english=doc.english,
                pair_words=head.ambiguous + surname.ambiguous,
                cued_pair=cue in ("strong", "weak")
                and surname.folded not in stop
                # "med min kone"; but after a role the pair is a person's ("borgeren kim lund")
                and (surname.folded not in self.lexicon.common_words
                     or cue_word in ROLES and head.folded not in PRONOUNS and surname.folded not in ROLES)
                and not (doc.lowered(last + 1)[:1].isdigit() and not _CPR_LIKE.match(doc.lowered(last + 1))),
                acting=head.folded not in stop and doc.acts(last, start=first),  # "at sten due er indlagt"
            )
        if candidate.source in ("lowercase_titled", "lowercase_unlisted_acting"):
            return Evidence(candidate.source, cue=cue, cue_word=cue_word, english=doc.english)
        if candidate.source in ("lowercase_surname", "lowercase_unlisted_pair"):
            return Evidence(
                candidate.source,
                cue=cue,
                cue_word=cue_word,
                english=doc.english,
                determiner=_after_determiner(doc, first),
            )
        name = names[0]
        following = doc.lowered(first + 1)
        # "samtale med mentor Yasin": a role before the name; "at du skrev": a pronoun. A function word that
        # is no pronoun ("per") may still be contacted or act ("ring til per", "og per sagde").
        role = bool(doc.cue_word(first)) or (name.folded in PRONOUNS or name.folded in DETERMINERS) \
            and not _hans_by_name(doc, first)
        if cue != "strong" and not role and doc.contacted(first):
            cue, cue_word = "strong", "addressed"  # "ring til per", "tal med lykke", "spørg aske"
        elif cue != "strong" and not role and doc.thanked(first):
            cue, cue_word = "strong", "thanked"  # "tak for i går svend 😊"
        elif cue != "strong" and doc.addressed_at_head(first):
            cue, cue_word = "strong", "addressed"  # "til ebbe: nøgleboksen har ny kode"
        word_follows = following in _WORD_FOLLOWERS or following in _MEANS or following[:1].isdigit()
        return Evidence(
            source="lowercase",
            cue=cue,
            cue_word=cue_word,
            english=doc.english,
            self_named=_introduces_itself(doc, first),
            determiner=_after_determiner(doc, first),
            ambiguous=name.ambiguous,
            signs_note=ends_a_note(doc, first),
            word_like_context=name.folded in self.lexicon.common_words or word_follows,
            word_follows=word_follows,
            acting=not role and doc.acts(first),
            function_word=(name.folded in stop or name.folded in DETERMINERS)
            and not _greeted(doc, first, cue_word)
            and cue_word not in NAMING_VERBS  # "han hedder hans men kaldes hasse"
            and not (cue == "strong" and bool(doc.cue_word(first - 1)) and cue_word not in GREETINGS
                     and doc.ends_clause(first)),  # "iflg. naboen per"; not "hvis det er nok."
            indefinite=_after_indefinite_article(doc, first),
            someone_named=doc.lowered(first - 1) == "en" and doc.lowered(first - 2) in ("er", "var")
            and doc.ends_clause(first),
            dated=doc.dated(first),
            casual_name=doc.casual and self._casual_name(doc, first, name.folded),
        )

    def _casual_name(self, doc: NameDoc, i: int, folded: str) -> bool:
        """Token i, typed in lower case in a text typed so, is a name people are called ("hans er ny på
        holdet", "jeg tager ravn og kaj") and not read as the word: no month ("fra maj"), no infinitive ("kan
        tage", "at bo"), no counted thing ("3 gang"), no predicate ("står tom"), no object of a preposition
        ("legede med sten"), not coordinated with a word that is no name ("sten og grus"), no street ("kim
        lund 5"), no subject the modal or "kommer" after it does not show to be a person ("storm kan komme")."""
        lex = self.lexicon
        previous, following = doc.lowered(i - 1), doc.lowered(i + 1)
        if folded not in lex.word_names or folded in lex.proper_words or previous[:1].isdigit() \
                or (folded, following) in _IDIOMS or following in name_text.MODAL_VERBS \
                or following in ("kommer", "kom") \
                or following.isalpha() and following not in name_text.PREPOSITIONS and doc.lowered(i + 2)[:1].isdigit():
            return False
        partner = doc.lowered(i + 2) if following in name_text.COORDINATORS else ""
        if partner.isalpha() and partner not in PRONOUNS and partner not in lex.first_names \
                and partner not in lex.surnames:
            return False
        # "at bo", "og storm"; but "at kim havde ret", "og sol er syg", "på stuen med ravn og sol"
        return previous not in _BEFORE_WORD_READING or previous in _CLAUSE_LINKS and following in FINITE_VERBS \
            or partner in lex.first_names


#: Words after which a name-or-word reads as the word: a modal or "at" before an infinitive ("kan tage",
#: "at bo"), "du" asked to do it ("kan du tage"), a copula before a predicate ("står tom", "er storm").
_BEFORE_WORD_READING = name_text.MODAL_VERBS | (name_text.PREPOSITIONS - {"til", "for", "hos"}) | {
    "at", "du", "jeg", "vi", "ikke", "er", "var", "står", "blev", "bliver", "og", "alle", "pga", "mod", "gennem"}
#: Words that open a clause whose subject a finite verb after the name shows ("at svend får aktindsigt").
_CLAUSE_LINKS = frozenset({"at", "og", "om"})

#: A name-or-word and the word after it that make a phrase of the word ("lykke til").
_IDIOMS = frozenset({("lykke", "til"), ("sol", "skinner"), ("storm", "i"),  # "storm i nat"
                     ("bo", "i"), ("bo", "på"), ("bo", "hos"), ("bo", "sammen"), ("bo", "alene")})

#: Words of a writer about themself: a note signed with a name says "ring til mig", "jeg kommer".
_FIRST_PERSON = frozenset({"jeg", "mig", "min", "mit", "mine", "vi", "os", "vores"})
#: How many tokens before a note's signature are read for them.
_SIGNED_NOTE_LOOK_BACK = 12


def _written_by_someone(doc: NameDoc, i: int) -> bool:
    """The sentence before token i is written in the first person ("Ring til mig 28 11 90 45. Lone")."""
    return any(doc.lowered(k) in _FIRST_PERSON for k in range(max(0, i - _SIGNED_NOTE_LOOK_BACK), i))


def _greeted(doc: NameDoc, i: int, cue_word: str) -> bool:
    """A function word that is no pronoun, greeted by name ("hej per :)"), not a question after a greeting
    ("hej kan du ...", "hi will you ...")."""
    return (
        cue_word in GREETINGS
        # a greeting opening the message names someone even as "hans": "hej hans bilen står i gården"
        and (doc.lowered(i) not in PRONOUNS or _greeted_hans(doc, i, cue_word))
        and doc.lowered(i + 1) not in PRONOUNS
        and doc.lowered(i + 1) not in _MEANS
    )


#: A CPR number after a name ("borgeren kim lund 0701761453"), not a house number ("til kim lund 5").
_CPR_LIKE = re.compile(r"\d{6}(?:-?\d{4})?$")
#: Hellos, after which "hans" opening a message is a name ("hej hans"), unlike thanks ("tak hans mor ringede").
_HELLOS = frozenset({"hej", "hejsa", "hey", "hi", "hello", "halløj", "hallo", "godmorgen", "goddag", "hei"})
#: Words after a greeted "hans" that show it is said to someone, not "his": an answer or a subject.
_AFTER_VOCATIVE = frozenset({",", "!", ":", "nej", "ja", "jeg", "vi", "du", "kan", "har", "er", "skal", "vil"})


#: Words after "hans" that no possessive takes: a preposition, a conjunction or a relative pronoun.
_AFTER_NAME = frozenset({"på", "i", "fra", "om", "og", "eller", "der", "som", "men", ",", ".", "!", "?"})


def _hans_by_name(doc: NameDoc, i: int) -> bool:
    """ "hans" used as the name: before a finite verb ("ok hans har ikke fået sin mad", "nå men hans siger")
    or before what no possessive takes ("ring til hans på stue 4"); "his" takes a noun."""
    if doc.lowered(i) != "hans":
        return False
    if i + 1 >= len(doc.tokens):
        return True  # "... ring til hans"
    following = doc.lowered(i + 1)
    return doc.gap(i, i + 1) in (" ", "") and (following in FINITE_VERBS or following in _AFTER_NAME)


def _greeted_hans(doc: NameDoc, i: int, cue_word: str) -> bool:
    """ "hans" greeted at a message's start, before an answer, a subject or a definite noun that "his" would not
    take: "hej hans nej jeg har ikke set vibeke", "hej hans bilen står i gården"; not "hej hans mor ringede"."""
    following = doc.lowered(i + 1)
    return (
        doc.lowered(i) == "hans"
        and cue_word in _HELLOS
        and doc.line_start(i - 1)
        and (following in _AFTER_VOCATIVE or len(following) > 4 and following.endswith(("en", "et", "ne")))
    )


def _in_title(doc: NameDoc, i: int) -> bool:
    """True when a capitalised word that is no candidate stands next to token i ("the Summer School")."""
    return any(
        0 <= k < len(doc.tokens)
        and k not in doc.candidates
        and doc.tokens[k][:1].isupper()
        and doc.gap(min(i, k), max(i, k)) == " "
        for k in (i - 1, i + 1)
    )


def _whole_value_of_other_column(doc: NameDoc, first: int, last: int) -> bool:
    """Tokens first..last are the whole value of a table cell whose column is labelled, but not with a person
    word ("Sagstype": Kvist; "Status": Afventer Kulturarv)."""
    cell = doc.layout.cell_at(doc.starts[first])
    return (
        cell is not None
        and not cell.header
        and cell.label is not None
        and not doc.people_cue(first)
        and cell.start == doc.starts[first]
        and cell.end == doc.starts[last] + len(doc.tokens[last])
    )


def _institution_label(label: str) -> bool:
    """A column label naming institutions or places: "plejecenter", "skole", "afdeling", "bydel"."""
    words = label.lower().split()
    return bool(words) and any(w in INSTITUTIONS or ORG_ENDING.search(w) or w in _PLACE_LABELS for w in words)


def _introduces_itself(doc: NameDoc, i: int) -> bool:
    """Token i opens its line, a sentence, the text or a quoted message and "her" follows it, then a pause or
    "fra" ("Kim her, ...", '"Rune her fra bostedet.', "hej hej! gry her, ...")."""
    return (
        (doc.line_start(i) or doc.lowered(i - 1) in ('"', "“", "”", "„", "«", "»") and doc.line_start(i - 1)
         or doc.sentence_start(i))  # "hej hej! gry her, ..."
        and doc.lowered(i + 1) == "her"
        and doc.lowered(i + 2) in ("", ",", ".", "!", "-", "–", ":", "fra", "from")
    )


def _after_indefinite_article(doc: NameDoc, i: int) -> bool:
    """An indefinite article before the word, maybe with one adjective between ("en lærke", "en lille lærke")."""
    return doc.lowered(i - 1) in _INDEFINITE or (
        doc.lowered(i - 2) in _INDEFINITE and doc.tokens[i - 1].isalpha() and doc.tokens[i - 1].islower())


_INDEFINITE = frozenset({"en", "et", "ei", "a", "an", "nogle", "mange", "flere", "ingen", "hver", "some", "any"})


def _after_determiner(doc: NameDoc, i: int) -> bool:
    """An article or possessive before the word, maybe with one adjective between ("en lille lærke")."""
    if doc.lowered(i - 1) in DETERMINERS:
        # "var det rikke fra pppr", "er det jens": "det" after a verb presents someone, it is no article
        return not (doc.lowered(i - 1) == "det" and doc.lowered(i - 2) in _PRESENTING_VERBS)
    between = doc.tokens[i - 1] if i >= 1 else ""
    return (
        doc.lowered(i - 2) in DETERMINERS
        and between.isalpha()
        and between.islower()
        and not doc.cue_word(i - 1)
        and between not in FINITE_VERBS
        and between not in name_text.PREPOSITIONS
    )  # "det er rasmus" is no "det store hus", "sende det til ask" no "det lille ask"
