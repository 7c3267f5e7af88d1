"""Scoring for the PERSON rules: an ordered table from evidence to a rule name and a score.

Each source of candidates has its rules, tried in order; the first that applies decides. A rule whose
score is None says "not a name" (a word in capitals without a listed name beside it, an institution's own
name, a quoted title). The policy's PERSON threshold is 0.4: rules below it only count once stronger
evidence elsewhere in the text vouches for the same name (`name_propagation`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kkgpt.pii.recognizers.name_evidence import Evidence
from kkgpt.pii.recognizers.name_words import AMBIGUOUS, FIRST, SUFFIX_SURNAME, SURNAME, UNKNOWN


@dataclass(frozen=True, slots=True)
class Rule:
    """When `applies` holds, the candidate is a name with `score` (None: it is not a name)."""

    name: str
    score: float | None
    applies: Callable[[Evidence], bool]


def _single(kind: str, *, start: bool) -> Callable[[Evidence], bool]:
    return lambda e: e.words == 1 and e.kinds[0] == kind and e.sentence_start is start


#: Capitalised words, alone or in a run ("Anne", "Ruby de la Cruz", "LEIF B. MUNK").
CAPITALISED: tuple[Rule, ...] = (
    Rule("form_label", None, lambda e: e.label_word),  # "Afbud: Sidse", "Mor: Leila"
    # "Plejecenter Sølund"; not a listed full name after an association ("Kulturforening Viktoriia Lysenko")
    Rule(
        "institution",
        None,
        # ... nor two listed names that are no words ("mentor fra sprogskolen Abdiwali Jimcaale")
        lambda e: e.cue == "institution" and not (
            FIRST in e.kinds and (SURNAME in e.kinds or e.words > 1 and all(k == FIRST for k in e.kinds))),
    ),
    # A word in capitals ("MUNK", "STORM") counts only beside a listed name or after a cue.
    Rule("capitals_unlisted", None, lambda e: not e.strong and not e.listed and e.capitals),
    Rule("capitals_function_word", None, lambda e: e.capitals and e.function_word),  # "HVORDAN ANSØGER MAN"
    Rule("capitals_in_parentheses", None, lambda e: e.parenthesised),  # "(TR, IDA)": a union, not Ida
    Rule(
        "other_column",
        None,
        lambda e: (
            e.other_column
            and not e.strong
            and all(kind in (AMBIGUOUS, UNKNOWN) for kind in e.kinds)
            and (e.words > 1 or e.kinds[0] == AMBIGUOUS)
        ),
    ),  # "Sagstype": Kvist; "Status": Afventer Kulturarv
    Rule("quoted_title", None, lambda e: not e.strong and not e.listed and e.words > 1 and e.quoted),
    Rule("full_name", 0.85, lambda e: e.words > 1 and e.listed),
    Rule(
        "cue",
        0.85,
        lambda e: e.words > 1 and e.strong and (SUFFIX_SURNAME in e.kinds or AMBIGUOUS in e.kinds),
    ),
    Rule(
        "ambiguous_pair", 0.7, lambda e: e.words > 1 and (SUFFIX_SURNAME in e.kinds or AMBIGUOUS in e.kinds)
    ),
    Rule("unknown_pair_cue", 0.8, lambda e: e.words > 1 and e.strong),
    # Danish capitalises only proper nouns after a sentence's first word.
    Rule("unknown_pair", 0.45, lambda e: e.words > 1 and not e.english),
    Rule(
        "unknown_pair_english_prose", 0.45, lambda e: e.words > 1 and e.prose_cue
    ),  # "send it to Rosemary Okeke"
    Rule("unknown_pair_english", 0.3, lambda e: e.words > 1),  # English titles capitalise: "Key Stakeholders"
    # "Til: Alle i teamet"; but a column of first names holds short names that are also words ("An")
    Rule("layout_function_word", None, lambda e: e.layout_cue and e.function_word and e.cue_word != "column"),
    Rule("cue", 0.85, lambda e: e.strong),  # "fru Holm", "Kære Hamid"
    # "Dato: 14.09.2026", "Antal: 3": a field's label (a contact line's "Per: 2233 4455" has the layout's cue)
    Rule("field_label", None, lambda e: e.before_colon and e.kinds[0] in (AMBIGUOUS, UNKNOWN)),
    Rule("after_brand", None, lambda e: e.after_brand),  # "Renault Zoe", "Microsoft Teams"
    Rule("genitive_relation", 0.7, lambda e: e.genitive_relation),  # "Pers bror"
    Rule("first_start", 0.6, _single(FIRST, start=True)),
    Rule("first", 0.75, _single(FIRST, start=False)),
    Rule("surname_start", 0.5, _single(SURNAME, start=True)),
    Rule("surname", 0.6, _single(SURNAME, start=False)),
    Rule("suffix_surname_start", 0.35, _single(SUFFIX_SURNAME, start=True)),
    Rule("suffix_surname", 0.5, _single(SUFFIX_SURNAME, start=False)),
    Rule("self_named", 0.7, lambda e: e.self_named and not e.function_word),  # "Kim her, jeg kommer senere"
    Rule("unknown_acting", 0.5, lambda e: e.kinds[0] == UNKNOWN and e.acting),  # "Chidi fortalte"
    Rule(
        "ambiguous_acting",
        0.5,
        lambda e: e.kinds[0] == AMBIGUOUS and e.acting and not e.function_word and not e.reads_as_word,
    ),  # "Lykke ringede"
    # a name that is also a word, alone after a note's last sentence, signs it: "Ring til mig 28 11 90 45. Lone"
    Rule("signature", 0.6, lambda e: e.signs_note and e.kinds[0] == AMBIGUOUS and not e.function_word
         and not e.english and not e.capitals),
    Rule("sentence_start", None, lambda e: e.sentence_start),  # "Indkald", "Per" opening a sentence
    Rule("ambiguous_word", None, lambda e: e.kinds[0] == AMBIGUOUS and e.reads_as_word),
    Rule("ambiguous_english", 0.5, lambda e: e.kinds[0] == AMBIGUOUS and e.english),
    Rule("ambiguous", 0.5, lambda e: e.kinds[0] == AMBIGUOUS),
    Rule("unknown_weak_cue", 0.45, lambda e: e.kinds[0] == UNKNOWN and e.cue == "weak" and not e.english),
    Rule("unknown", 0.35, lambda e: e.kinds[0] == UNKNOWN),
)

#: A lower-case first name and a listed surname ("mette nielsen"); two everyday words only after a cue.
LOWERCASE_PAIR: tuple[Rule, ...] = (
    Rule("lowercase_pair", 0.7, lambda e: e.pair_words < 2 or e.cued_pair or e.acting),  # "sten due er indlagt"
)

#: A lower-case listed first name alone ("ring til mette", "min kollega bjørn").
LOWERCASE: tuple[Rule, ...] = (
    Rule("self_named", 0.7, lambda e: e.self_named),  # "kim her fra hjemmeplejen"
    Rule("dated", None, lambda e: e.dated),  # "Den 3. maj skrev ...": a month, not Maj
    # "en lærke", "min rose"; but "den nye sebastian", and a name that is no word after "er en" ending the
    # clause: "det var en kirsten", "ejer er en karsten" (someone of that name)
    Rule("after_determiner", None,
         lambda e: e.determiner and (e.ambiguous or e.indefinite and not e.someone_named)),
    Rule("lowercase_cue", 0.6, lambda e: not e.ambiguous and e.strong),
    # a name-or-word as the subject of what only people do ("rose fra skolen ringede", "mo er syg") or
    # contacted ("skriv svar til kim", "mødet med bo"): the sentence shows the person
    Rule("lowercase_acting", 0.6, lambda e: e.acting and not e.determiner),
    Rule("lowercase_addressed", 0.6, lambda e: e.cue_word == "addressed" and not e.word_follows),
    Rule("lowercase_first", 0.5, lambda e: not e.ambiguous),
    Rule("lowercase_cue", 0.6, lambda e: e.strong and not e.word_like_context),  # "min kollega bjørn"
    Rule("lowercase_signature", 0.6, lambda e: e.signs_note and not e.word_like_context),  # "... i dag. ole"
    # after a role, a title or a greeting a listed name that is also a word is the name ("hans onkel jan",
    # "vicevært ib", "hej line"), unless a word after it shows the word ("per telefon")
    Rule("lowercase_role", 0.55,
         lambda e: e.strong and e.cue_word != "addressed" and not e.word_follows and not e.function_word),
    # typed without capitals, a listed name-or-word where the word does not fit ("hans er ny på holdet")
    Rule("lowercase_casual", 0.45, lambda e: e.casual_name and not e.function_word and not e.word_follows),
)

#: A lower-case listed surname alone ("ring til nielsen", "hr jensen"): surnames are rarely words.
LOWERCASE_SURNAME: tuple[Rule, ...] = (
    Rule("after_determiner", None, lambda e: e.determiner),
    Rule("lowercase_surname_cue", 0.6, lambda e: e.cue in ("strong", "weak")),
    Rule("lowercase_surname", 0.45, lambda e: True),
)
#: An unlisted (or mistyped) lower-case word before a listed surname, after a cue ("med mete nielsen").
LOWERCASE_UNLISTED_PAIR: tuple[Rule, ...] = (
    Rule("lowercase_unlisted_pair", 0.6, lambda e: e.cue in ("strong", "weak")),
)

#: A lower-case word after a title ("fru nyborg", "hr. el-sayed"): the title says it is a name.
LOWERCASE_TITLED: tuple[Rule, ...] = (Rule("lowercase_titled", 0.7, lambda e: True),)
#: An unlisted lower-case word that is no everyday word, opening a message before what only people do
#: ("tobbe ringede fra jobcentret"): a nickname the lists lack.
LOWERCASE_UNLISTED_ACTING: tuple[Rule, ...] = (Rule("lowercase_unlisted_acting", 0.6, lambda e: True),)

#: Handles, found with their own checks: a user name ("jakob.friis") and a note's signing initials ("/LKJ").
USERNAME: tuple[Rule, ...] = (Rule("username", 0.7, lambda e: True),)
INITIALS: tuple[Rule, ...] = (Rule("initials", 0.6, lambda e: True),)

#: Name-like words where the layout says people are named: an e-mail header, an attendee list, a chat's
#: speaker, a column of names ("Til: XIOMARA QUISPE", "Deltagere: KBM, JH").
PEOPLE: tuple[Rule, ...] = (Rule("people", 0.8, lambda e: True),)
#: Staff initials that act ("KBM foreslog") or stand after a name ("Karen Bach Madsen (KBM)").
ACTING_INITIALS: tuple[Rule, ...] = (Rule("initials_acting", 0.6, lambda e: True),)

#: Rules by candidate source.
RULES: Mapping[str, tuple[Rule, ...]] = MappingProxyType(
    {
        "capitalised": CAPITALISED,
        "lowercase_pair": LOWERCASE_PAIR,
        "lowercase": LOWERCASE,
        "lowercase_surname": LOWERCASE_SURNAME,
        "lowercase_unlisted_pair": LOWERCASE_UNLISTED_PAIR,
        "lowercase_titled": LOWERCASE_TITLED,
        "lowercase_unlisted_acting": LOWERCASE_UNLISTED_ACTING,
        "username": USERNAME,
        "initials": INITIALS,
        "people": PEOPLE,
        "initials_acting": ACTING_INITIALS,
    }
)

#: Scores of rules applied between names: a surname taken after a first name, a name coordinated with a
#: found one, another mention of a found name.
RELATION_SCORES: Mapping[str, float] = MappingProxyType(
    {
        "surname_extension": 0.85,
        "coordinated": 0.6,
        "lowercase_coordinated": 0.5,
        "lowercase_genitive": 0.55,
        "propagated": 0.55,
        "column_of_names": 0.6,
        "line_head": 0.6,
        "compound_case": 0.6,
        "initials_of_name": 0.6,
        "nickname": 0.7,
    }
)


def decide(evidence: Evidence) -> tuple[str, float] | None:
    """(rule, score) of the first rule for the evidence's source that applies; None if none, or if the
    first that applies says "not a name"."""
    for rule in RULES.get(evidence.source, ()):
        if rule.applies(evidence):
            return None if rule.score is None else (rule.name, rule.score)
    return None
