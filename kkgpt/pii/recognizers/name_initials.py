"""Initials candidates for the PERSON rules: staff initials that act or are addressed.

Staff initials before what a person does in minutes ("KBM foreslog", "JH og LP tager den", "ANJ to follow
up"), after a word that addresses someone ("spørg UH") or a staff label ("ansv.: TSJ"), in parentheses after
a name ("Karen Bach Madsen (KBM)") or in a dated note ("02.02 (MF) Urolig nat"), opening the items of a round
of the table ("- JHN: 3 nye sager"); in lower case after a role ("min kollega kbm") or ending a note ("...
skole. sh"). Initials in a list of people are the people candidates' business (`name_candidates.py`); as
there, nothing here decides whether a candidate is a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_candidates import (
    CAPITAL_INITIALS,
    LOWER_ABBREVIATIONS,
    LOWER_INITIALS,
    LOWER_LETTERS,
    Candidate,
    ends_a_note,
)
from kkgpt.pii.recognizers.name_text import (
    AGENT_PARTICIPLES,
    AGENT_VERBS,
    COVERING_INFINITIVES,
    INITIALS_VERBS,
    MODAL_VERBS,
    PERSON_INFINITIVES,
    ROLES,
    STAFF_UNITS,
    NameDoc,
)
from kkgpt.pii.recognizers.name_words import FIRST

#: Words before initials that make them someone: "spørg UH", "sagen lå hos TBR", "bare initialer PED".
_INITIALS_CUES = frozenset(
    {
        "spørg",
        "spurgt",
        "kontakt",
        "kontakte",
        "ring",
        "skriv",
        "send",
        "tal",
        "hos",
        "til",
        "med",
        "fra",
        "initialer",
        "initials",
        "ask",
        "contact",
        "call",
        "email",
        "v",
        "af",
        "by",  # "reset done by ANJ"
        "afventer",  # "Gunnar Boysen – afventer RTO": who it waits for
    }
)
#: Units and things written in capitals that are paired like people ("IT og HR", "PPR og SFO").
_PAIRED_UNITS = frozenset({"it", "hr", "ppr", "sfo", "bbu", "suf", "sof", "kff", "tmf", "økf", "bif", "pc", "tv",
                           "eu", "dk", "kl", "ok", "nb", "ps", "cpr", "sms", "adhd", "ptsd", "ocd", "kol"})
#: Tasks of an action list, in the infinitive, after initials and a colon ("- CBJ: opdatere telefonlisten")
#: or "to" ("ANJ to follow up"): someone is to do them.
_TASKS = frozenset({
    "opdatere", "kontakte", "booke", "sende", "ringe", "skrive", "indkalde", "undersøge", "tjekke", "følge",
    "lave", "bestille", "aftale", "informere", "koordinere", "udarbejde", "afklare", "sørge", "finde", "tage",
    "give", "hente", "holde", "planlægge", "rykke", "svare", "orientere", "melde", "oprette", "søge",
    "forberede", "arrangere", "invitere", "spørge", "afholde", "gennemgå", "udsende", "videresende",
    "update", "contact", "book", "send", "call", "write", "check", "follow", "prepare", "arrange", "invite",
    "ask", "order", "fix", "review", "draft", "share", "schedule", "chase",
    # ... and as an action list writes them, in the imperative ("- PLN: opsæt testmiljø")
    "opsæt", "opdater", "kontakt", "indkald", "undersøg", "tjek", "lav", "bestil", "afklar", "udarbejd",
    "migrér", "migrer", "følg", "koordiner", "planlæg", "forbered", "ring", "skriv", "husk", "hent", "giv",
    "find", "mail", "sms", "afhold", "inviter", "orienter",
})


#: Letters written for a name not given ("NN", "XX") or a missing value ("TBD").
_NOT_INITIALS = frozenset({"NN", "XX", "XXX", "YY", "ZZ", "N.N", "TBD", "TBA", "NA", "ASAP", "OBS", "FYI"})
#: Currencies, which follow an amount ("98.112,00 DKK"); elsewhere the same letters may be someone's ("PLN").
_CURRENCIES = frozenset({"DKK", "EUR", "USD", "SEK", "NOK", "GBP", "CHF", "PLN", "ISK", "UAH"})


def acting_initials(doc: NameDoc, lexicon: NameLexicon, found_ends: Collection[int]) -> list[Candidate]:
    """Staff initials that act or are addressed: before a verb of what people do ("KBM foreslog", "JH og LP
    tager den", "U. undersøger"), after a word that addresses someone ("spørg UH", "initialer PED"),
    before a role in parentheses ("CS (min leder)"), in parentheses right after a found name ("Karen Bach
    Madsen (KBM)"); in lower case also after a role ("min kollega kbm") or ending a note ("... skole. sh")."""
    tokens, n = doc.tokens, len(doc.tokens)
    hits: list[Candidate] = []
    # lines that open with initials and a colon: a board meeting's round of the table ("- JHN: 3 nye sager",
    # "- RØ: ferie fra onsdag") names a person on each, once there are two or more
    items_by_initials: list[int] = []  # counted once, when a line opening with initials is first met
    for i, token in enumerate(tokens):
        if (owner := _owner_initials(doc, i, lexicon)) is not None:
            doc.name_lengths[i] = owner
            hits.append(Candidate("initials_acting", i, i))  # "hvem har KLA's borgere", "JH's møder"
            continue
        lower = LOWER_INITIALS.match(token) is not None and token not in LOWER_ABBREVIATIONS
        single = (
            len(token) == 1
            and token.isupper()
            and i + 1 < n
            and tokens[i + 1] == "."
            and not doc.gap(i, i + 1)
        )  # "U. undersøger"
        # where only an employee's initials stand ("medarb. AAM", "(ansv.: TSJ)"), even capitals that spell a
        # word or a unit: "medarb. TAK", "(ansv: BT)"
        slot = not lower and not single and _staff_slot(doc, i)
        staff = slot and token.isupper() and 2 <= len(token) <= 4
        # capitals opening a line of minutes before what only people do, even where they spell a word: "MOR
        # fremlagde sagen"; not an organisation's ("KL mener", "DR fortalte")
        staff = staff or (
            token.isupper() and 2 <= len(token) <= 4 and token.isalpha() and doc.line_start(i)
            and doc.lowered(i + 1) in AGENT_VERBS and doc.gap(i, i + 1) == " " and fold(token) not in _PAIRED_UNITS
            and fold(token) not in lexicon.organisations)
        if (
            not (CAPITAL_INITIALS.match(token) or lower or single)
            or not staff and (
                i in doc.blocked
                or fold(token) in lexicon.common_words and not _initials_of_found_name(doc, i, found_ends)
                # capitals that spell a word, before what only people do: "MOD overtager opgaven", or where
                # only a person's initials stand: "(psykolog, HAR)", "Opfølgning: HAL senest 15.08.2024"
                and not (token.isupper() and len(token) >= 3 and (
                    doc.lowered(i + 1) in AGENT_VERBS or _described_in_parentheses(doc, i, found_ends)
                    or _due(doc, i) or _done_by(doc, i)))
                # capitals right after a role are the employee's initials: "visitator JO", "pædagog BO"
                and not (token.isupper() and len(token) <= 3 and doc.lowered(i - 1) in ROLES
                         and not doc.lowered(i - 1).endswith(("erne", "ene")) and doc.gap(i - 1, i) == " "
                         and fold(token) not in _PAIRED_UNITS)
                or fold(token) in lexicon.organisations)
            or token in _CURRENCIES and doc.lowered(i - 1)[-1:].isdigit()
        ):
            continue
        if lower and (doc.cue_before(i)[0] == "strong" or ends_a_note(doc, i) or doc.contacted(i)
                      or doc.acts(i) or doc.thanked(i) or doc.addressed_at_head(i)):
            # "min kollega kbm", "... skole. sh", "ryk kbm", "at tbj ikke har fået tillæg", "tak for i dag jh",
            # "til tbn: husk at lukke sagen"
            hits.append(Candidate("initials_acting", i, i))
            continue
        if lower and (other := _asked_to_do(doc, i, lexicon)) is not None:
            # "kan kbm eller ajp dække vagten": a question whether someone takes a task
            hits += [Candidate("initials_acting", k, k) for k in (i, other) if k >= 0]
            continue
        if not lower and doc.lowered(i - 1) == "ellers" and doc.lowered(i + 1) in (".", "?", "!") \
                and token not in _NOT_INITIALS:
            hits.append(Candidate("initials_acting", i, i))  # "Jens, kan du tage den? Ellers FCG."
            continue
        k = i + 1
        if k < n and tokens[k] == "." and not doc.gap(i, k) and (len(token) == 1 or "." in token):
            k += 1  # "J.H. sender"; not "Sagsbehandler LWJ. Beboer ...", where the dot ends a sentence
        if (
            token in _NOT_INITIALS
            or k < n
            and tokens[k][:1].isupper()
            and doc.gap(k - 1, k) == " "
            and not lower
        ):
            continue  # "til NN"; "fra H.C. Andersens Boulevard": initials of the name that follows
        following = doc.lowered(k)
        paired = False
        if following in ("og", "and", ",", "&") and k + 1 < n and CAPITAL_INITIALS.match(tokens[k + 1]):
            # two initials joined by "og" and ending a clause or a parenthesis: two people ("(SR og TJ)",
            # "JK og HJ skilte dem ad", "Deltog: SR og LK.")
            paired = following in ("og", "and", "&") and not lower and tokens[k + 1] not in _NOT_INITIALS \
                and fold(tokens[k + 1]) not in lexicon.organisations and fold(token) not in _PAIRED_UNITS \
                and fold(tokens[k + 1]) not in _PAIRED_UNITS \
                and doc.lowered(k + 2) in (")", ".", ",", "", "skilte", "tog", "var", "er", "har")
            following = doc.lowered(k + 2)  # "JH og LP tager den"
        in_parentheses = (
            i >= 2 and tokens[i - 1] == "(" and doc.lowered(i + 1) == ")" and not _abbreviates(doc, i)
        )  # "Byg og Miljø (BOM)", "Pernille Høj (BBU)": a unit
        # "(KBM)" after a name, or any three capitals that are no unit ("Peter Kjærgaard (NME)"); "Notat (MJK)"
        # ... or four capitals after a found name, a user id ("Helle Lund (PTAJ)"), unless an organisation's
        after_name = in_parentheses and (
            (_initial_of(doc, i, i - 2) or len(token) in (3, 4) and not lower and fold(token) not in _PAIRED_UNITS
             and (len(token) == 3 or fold(token) not in lexicon.organisations))
            if i - 2 in found_ends else len(token) == 3 and not lower
        )
        addressed = (
            not lower
            and not single
            and doc.gap(i - 1, i) == " "
            and (
                doc.lowered(i - 1) in _INITIALS_CUES
                or doc.cue_word(i - 1)
                or doc.lowered(i - 1) == "er"
                and bool(doc.cue_word(i - 2))
            )
        )  # "spørg UH", "klasselærer LHJ", "sagsbeh er MLK"
        role_after = not lower and following == "(" and _role_word(doc, k + 1)
        described = not lower and not single and _described_in_parentheses(doc, i, found_ends)
        due = not lower and not single and _due(doc, i)
        # "rådgiver: LK.", "(ansv.: HNA/ELH)"
        by_label = not lower and not single and (
            # a role in the singular: not "til medarbejderne: DMI varsler storm"
            doc.tokens[i - 1] == ":" and bool(doc.cue_word(i - 2)) and fold(token) not in _PAIRED_UNITS
            and not doc.lowered(i - 2).endswith(("erne", "ene"))
            or doc.tokens[i - 1] == "/" and _after_staff_label(doc, i - 2))
        # a legend of initials: "(JK = Jonna Kvist, RBH = Rikke Bang)"
        legend = not lower and not single and doc.tokens[k + 1:k + 2] != [] and doc.tokens[k + 1][:1].isupper() and (
            following == "="
            # ... or a line of a list of staff: "LSO - Lasse Sørensen"
            or following in ("-", "–") and doc.line_start(i) and _first_name(doc, k + 1))
        # "... Næste møde: 2. juni. Ref. SH": the minutes' writer, ending the line
        by_label = by_label or not lower and not single and _referent(doc, i)
        # "mit bruger id er MKR", "brugernavn: TKJ": an employee's user name is their initials
        user_name = not single and _user_name(doc, i)
        # "JOP fra IT-sikkerhed har genaktiveret", "KBM fra løn": a colleague from a unit
        from_unit = not lower and not single and following == "fra" and doc.tokens[k + 1:k + 2] != [] \
            and (doc.lowered(k + 2) in INITIALS_VERBS or doc.lowered(k + 1) in STAFF_UNITS) \
            and fold(token) not in _PAIRED_UNITS
        # "Afsluttet af ABE kl. 10.40", "oprettet af KBM": who did it
        by_agent = not lower and not single and _done_by(doc, i) and fold(token) not in _PAIRED_UNITS
        # "Det er JKL tror jeg", "det har KBM, men ...": who has the case
        # ... and "hvem er MLH?": who the initials are
        named_as = not lower and not single and (
            doc.lowered(i - 1) == "er"
            and (doc.lowered(i - 2) == "det" or doc.lowered(i - 2) == "hvem" and following == "?")
            or doc.lowered(i - 1) == "har" and doc.lowered(i - 2) == "det" and following in (",", ".", "")) \
            and fold(token) not in _PAIRED_UNITS and token not in _NOT_INITIALS
        round_of_table = _initials_item_line(doc, i, lexicon) and _count_once(
            items_by_initials, lambda: sum(1 for j in range(n) if _initials_item_line(doc, j, lexicon))) >= 2
        by_whom = not lower and not single and doc.gap(i - 1, i) == " " and doc.tokens[i - 1] == "/" \
            and doc.lowered(i - 2) == "v" and fold(token) not in _PAIRED_UNITS  # "Velkomst v/ TBS"
        # "ASK/KP: plan for ...": both initials, whichever the loop reaches first
        slashed = not lower and not single and (
            _slashed_item(doc, i, lexicon) or doc.tokens[i - 1] in _JOINERS and _slashed_item(doc, i - 2, lexicon))
        # "02.02 (MF) Urolig nat", "Nattevagt 23-07 OE", "Kort notat fra samtale 22/1, GF:"
        dated = not lower and not single and (_dated_note_by(doc, i) or _dated_line_by(doc, i))
        dotted_from = k > i + 1 and "." in token and following in ("fra", "from")  # "J.H. fra madordningen"
        task = not lower and (
            following == ":" and doc.lowered(k + 1) in _TASKS and _opens_item(doc, i)  # "- TR: booke lokale"
            or following == "to" and doc.lowered(k + 1) in _TASKS  # "ANJ to follow up"
            or following == "on" and doc.lowered(k + 1) in ("call", "duty")  # "KRM on call tonight"
            # a question to or about someone: "Kan TBO tage hans rute?", "skal MW hente ham?"
            or doc.lowered(i - 1) in MODAL_VERBS and (following in _TASKS or following in PERSON_INFINITIVES)
            # an arrow to the task or to the next on duty: "HLJ → ringe til udlejer", "Aflevering: GHT -> NS"
            or (arrow := _arrow_after(doc, k)) is not None and doc.lowered(arrow) in _TASKS
            or _handed_over(doc, i, k)
        )
        if following in INITIALS_VERBS or after_name or addressed or role_after or dotted_from or dated or task \
                or described or due or slot or by_whom or by_label or round_of_table or named_as or legend \
                or by_agent or from_unit or user_name:
            hits.append(Candidate("initials_acting", i, k - 1))  # "J.H." and "U." with their dots
        elif paired:
            hits.append(Candidate("initials_acting", i, k - 1))
            hits.append(Candidate("initials_acting", k + 1, k + 1))
        elif slashed:
            hits.append(Candidate("initials_acting", i, i))
    return hits


#: Labels of an employee's user name ("bruger id", "brugernavn", "login").
_USER_NAME_LABELS = frozenset({"brugerid", "bruger-id", "brugernavn", "username", "login", "user-id", "userid"})


def _user_name(doc: NameDoc, i: int) -> bool:
    """Token i follows a user name's label, maybe with "er" or a colon: "mit bruger id er MKR"."""
    j = i - 1
    if doc.lowered(j) in ("er", ":", "is"):
        j -= 1
    return doc.lowered(j) in _USER_NAME_LABELS or doc.lowered(j) == "id" \
        and doc.lowered(j - 1) in ("bruger", "user") \
        or doc.lowered(j) == "bruger" and j < i - 1 and doc.lowered(j - 1) in _OWNERS \
        or doc.lowered(j) == "brugeren" and j == i - 1  # "min bruger er LBJ", "brugeren EBR var ikke logget på"


#: Possessives before "bruger" that make it someone's user name ("min bruger er LBJ").
_OWNERS = frozenset({"min", "din", "hans", "hendes", "deres", "my", "his", "her"})


def _referent(doc: NameDoc, i: int) -> bool:
    """Token i ends its line after "Ref." or "Ref.:" ("2. juni. Ref. SH")."""
    j = i - 1
    while doc.tokens[j:j + 1] and doc.tokens[j] in (".", ":") and j > i - 3:
        j -= 1
    line_end = i + 1 >= len(doc.tokens) or "\n" in doc.gap(i, i + 1)
    return j < i - 1 and doc.lowered(j) == "ref" and line_end


def _first_name(doc: NameDoc, k: int) -> bool:
    """Token k is a capitalised listed first name."""
    word = doc.candidates.get(k)
    return word is not None and word.kind == FIRST


def _done_by(doc: NameDoc, i: int) -> bool:
    """Token i names who did something: "afsluttet af ABE", "oprettet af KBM", "closed by JH"."""
    return doc.lowered(i - 1) in ("af", "by") and doc.lowered(i - 2) in AGENT_PARTICIPLES


def _asked_to_do(doc: NameDoc, i: int, lexicon: NameLexicon) -> int | None:
    """When lower-case initials at i follow a question's modal verb ("kan kbm ...") and a task follows them,
    maybe after "eller"/"og" and more initials ("kan kbm eller ajp dække vagten"): the other initials' index,
    or -1 for none. None when that is not so."""
    if doc.lowered(i - 1) in _SUBORDINATORS and doc.lowered(i + 1) in MODAL_VERBS:
        # the subject of a reported task: "jens siger at akp skal have ny pc", "hvis kbm kan tage den"
        task = doc.lowered(i + 2)
        return -1 if task in _TASKS or task in PERSON_INFINITIVES or task in COVERING_INFINITIVES else None
    if doc.lowered(i - 1) not in MODAL_VERBS or not (doc.sentence_start(i - 1) or doc.tokens[i - 2:i - 1] == [","]):
        return None  # "kan kbm ...", "kbm er syg, kan lj tage mødet"
    k, other = i + 1, -1
    nxt = doc.tokens[k + 1] if k + 1 < len(doc.tokens) else ""
    if doc.lowered(k) in ("eller", "og") and LOWER_LETTERS.match(nxt) and nxt not in LOWER_ABBREVIATIONS \
            and nxt not in lexicon.stop_words and fold(nxt) not in lexicon.common_words:
        other, k = k + 1, k + 2
    task = doc.lowered(k)
    return other if task in _TASKS or task in PERSON_INFINITIVES or task in COVERING_INFINITIVES else None


#: Conjunctions opening a clause whose subject may be a colleague's initials ("siger at akp skal have").
_SUBORDINATORS = frozenset({"at", "om", "hvis", "når", "fordi", "så"})


#: What belongs to a member of staff, after initials in the genitive ("KLA's borgere", "JH's møder").
_STAFF_BELONGINGS = frozenset({
    "borgere", "borger", "møder", "møde", "sager", "sag", "opgaver", "opgave", "vagter", "vagt", "kalender",
    "telefon", "mail", "mails", "indbakke", "bil", "plads", "ferie", "elever", "klienter", "afløser",
    "stedfortræder", "kontor", "computer", "pc", "nøgler", "skrivebord", "ruter", "rute", "besøg", "cases",
    "calendar", "meetings", "clients", "team", "stue", "gruppe", "klasse", "hold",
})
_GENITIVE_INITIALS = re.compile(r"^([A-ZÆØÅ]{2,4})['’]s$")


def _owner_initials(doc: NameDoc, i: int, lexicon: NameLexicon) -> int | None:
    """The length of the initials when token i is staff initials in the genitive before what a member of
    staff has ("KLA's borgere"), else None; not an authority's or a unit's ("SKAT's afgørelse")."""
    match = _GENITIVE_INITIALS.match(doc.tokens[i])
    if match is None or doc.lowered(i + 1) not in _STAFF_BELONGINGS or doc.gap(i, i + 1) != " ":
        return None
    initials = match.group(1)
    folded = fold(initials)
    if initials in _NOT_INITIALS or folded in lexicon.organisations or folded in lexicon.common_words \
            or folded in _PAIRED_UNITS or i in doc.blocked:
        return None
    return len(initials)


#: Labels before a colon whose value is the employee responsible ("(ansv: MJ)", "Sagsbehandler: KBM").
_STAFF_COLON_LABELS = frozenset({"ansv", "ansvar", "ansvarlig", "sagsbeh", "sagsbehandler", "kontaktperson",
                                 "tovholder", "behandler", "medarbejder", "medarb", "udført af"})


def _initials_item_line(doc: NameDoc, i: int, lexicon: NameLexicon) -> bool:
    """Capital initials open a line or a list's item before a colon or a spaced dash ("- JHN: 3 nye
    henvendelser", "[ ] MOL – bestil tolk"), and name no unit ("- IT: nye pc'er")."""
    token = doc.tokens[i]
    if doc.tokens[i + 1:i + 2] in (["/"], ["+"], ["&"]):
        return _slashed_item(doc, i, lexicon)  # "NMC + OLK: lejrskole" counts as an item line too
    return (
        (doc.lowered(i + 1) == ":" or doc.tokens[i + 1:i + 2] in (["–"], ["-"]) and doc.gap(i, i + 1) == " ")
        and CAPITAL_INITIALS.match(token) is not None
        and "." not in token
        and fold(token) not in _PAIRED_UNITS
        and fold(token) not in lexicon.organisations
        and token not in _NOT_INITIALS
        and _opens_item(doc, i)
    )


#: Words after initials and before a date that give someone a deadline ("Opfølgning: SPV senest 28.09").
_DUE_WORDS = frozenset({"senest", "inden", "deadline", "due", "by"})
#: Abbreviated staff words before initials ("medarb. AAM", "sagsbeh. KL", "ansv. TR"); not "ref.", which also
#: refers to a greeting ("ref. VH").
_ABBREVIATED_STAFF = frozenset({"medarb", "sagsbeh", "ansv", "kontaktp", "koord", "pæd"})


def _staff_slot(doc: NameDoc, i: int) -> bool:
    """Token i stands where only an employee's initials go: after an abbreviated staff word ("medarb. TAK")
    or a staff label and a colon ("ansv: MM", "ansv.: TSJ")."""
    return (
        doc.tokens[i - 1] == "." and doc.lowered(i - 2) in _ABBREVIATED_STAFF and doc.gap(i - 1, i) == " "
        or _after_staff_label(doc, i)
    )


def _after_staff_label(doc: NameDoc, i: int) -> bool:
    """A staff label and a colon stand before token i, the label maybe abbreviated: "ansv: MM", "ansv.: TSJ"."""
    if i < 2 or doc.tokens[i - 1] != ":":
        return False
    label = i - 3 if doc.tokens[i - 2] == "." else i - 2
    return doc.lowered(label) in _STAFF_COLON_LABELS


def _due(doc: NameDoc, i: int) -> bool:
    """The initials at i are given a deadline: "SPV senest 28.09.2024"."""
    return doc.lowered(i + 1) in _DUE_WORDS and doc.lowered(i + 2)[:1].isdigit()


def _described_in_parentheses(doc: NameDoc, i: int, found_ends: Collection[int]) -> bool:
    """The initials at i end a parenthesis that describes the one named before it or holds a role: "Sofie
    Pedersen (sagsbehandler, SPV)", "(boligsocial medarbejder, HKK)"."""
    if doc.tokens[i - 1] != "," or doc.lowered(i + 1) != ")":
        return False
    j = i - 2
    while j >= 0 and i - j <= 6 and doc.tokens[j] != "(":
        if not (doc.tokens[j].islower() or doc.tokens[j] == "-" or doc.cue_word(j)):
            return False  # "(tysk statsborger, id-nr. 40 ...)", "(Ørestad, BBU)": not a person's role
        j -= 1
    if j < 0 or doc.tokens[j] != "(" or j == i - 2:
        return False
    return j - 1 in found_ends or any(doc.cue_word(k) for k in range(j + 1, i - 1))


#: What joins two initials opening an item: "ASK/KP:", "NMC + OLK:", "AJ & RoS:".
_JOINERS = frozenset({"/", "+", "&"})


def _slashed_item(doc: NameDoc, i: int, lexicon: NameLexicon) -> bool:
    """Two initials joined by a slash or a plus open a line's item before a colon: "ASK/KP: plan for Linnea",
    "NMC + OLK: lejrskole"."""
    tokens = doc.tokens
    if i < 0 or i + 3 >= len(tokens) or tokens[i + 1] not in _JOINERS or tokens[i + 3] not in (":", "–", "-") \
            or not _opens_item(doc, i):
        return False
    other = tokens[i + 2]
    return (
        CAPITAL_INITIALS.match(other) is not None
        and (tokens[i + 1] != "/" or not doc.gap(i, i + 1) and not doc.gap(i + 1, i + 2))  # "NMC + OLK:" spaced
        and not {fold(tokens[i]), fold(other)} & _PAIRED_UNITS
        and fold(other) not in lexicon.organisations
        and other not in _NOT_INITIALS
    )


def _count_once(memo: list[int], count: Callable[[], int]) -> int:
    """`count()`, computed on the first call only and kept in `memo`."""
    if not memo:
        memo.append(count())
    return memo[0]


def _arrow_after(doc: NameDoc, k: int) -> int | None:
    """The index after an arrow ("→", "->", "=>") that starts at token k, or None."""
    if doc.tokens[k:k + 1] in (["→"], ["⇒"]):
        return k + 1
    if doc.tokens[k:k + 2] in (["-", ">"], ["=", ">"]) and not doc.gap(k, k + 1):
        return k + 2
    return None


def _handed_over(doc: NameDoc, i: int, k: int) -> bool:
    """Initials hand a shift over to initials with an arrow between them: "GHT -> NS" (both are someone)."""
    after = _arrow_after(doc, k)
    if after is not None and after < len(doc.tokens) and CAPITAL_INITIALS.match(doc.tokens[after]):
        return fold(doc.tokens[after]) not in _PAIRED_UNITS and fold(doc.tokens[i]) not in _PAIRED_UNITS
    j = i - 1  # the one the shift is handed to
    while j >= 0 and doc.tokens[j] in ("→", "⇒", ">", "-", "="):
        j -= 1
    return j < i - 1 and j >= 0 and _arrow_after(doc, j + 1) == i and CAPITAL_INITIALS.match(doc.tokens[j]) is not None \
        and fold(doc.tokens[j]) not in _PAIRED_UNITS and fold(doc.tokens[i]) not in _PAIRED_UNITS


#: Marks that open a list's item: bullets, dashes, checkboxes and ticks ("✔ AJ: 3 nye sager").
_ITEM_MARKS = frozenset({"-", "*", "•", "–", "☐", "☑", "☒", "✔", "✓", "✅", "▪", "→"})


def _opens_item(doc: NameDoc, i: int) -> bool:
    """Token i opens a line or a list's item ("- TR: booke lokale", "• CBJ: opdatere", "[ ] MOL – bestil",
    "[x] TBN – skrevet")."""
    if i == 0 or "\n" in doc.gap(i - 1, i):
        return True
    if doc.tokens[i - 1] == "]":
        box = i - 2 if doc.tokens[i - 2] == "[" else i - 3
        return box >= 0 and doc.tokens[box] == "[" and doc.lowered(box + 1) in ("]", "x", "v", "✓") \
            and (box == 0 or "\n" in doc.gap(box - 1, box))
    return doc.tokens[i - 1] in _ITEM_MARKS and (i == 1 or "\n" in doc.gap(i - 2, i - 1))


# A date ending the text before a note's parenthesis ("02.02 (", "21.01.2026 – Samtale med mor (") or
# inside it after the initials ("(KBA, 13.02.2026)").
_DATE_BEFORE = re.compile(r"(?<!\d)\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[^\n(]{0,60}\($")
_DATE_LOOK_BACK = 80
_DATE_INSIDE = re.compile(r"[^\n()]{0,20}\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[^\n()]{0,5}\)")


def _dated_note_by(doc: NameDoc, i: int) -> bool:
    """The initials at i stand in the parenthesis of a dated note, naming who wrote it or was there: "02.02
    (MF) Urolig nat", "21.01.2026 – Samtale med mor i hjemmet (SRA og KNI)", "Internt notat (KBA,
    13.02.2026)"."""
    j = i - 1
    while j >= max(0, i - 6) and (doc.tokens[j] in (",", "og", "and", "&") or CAPITAL_INITIALS.match(doc.tokens[j])):
        j -= 1  # back over earlier initials of the same parenthesis ("SRA og KNI")
    if j < 0 or doc.tokens[j] != "(" or _abbreviates(doc, i):
        return False
    start = doc.starts[j]
    # a bounded look back along the line: the date is at most a short heading away
    line_start = doc.text.rfind("\n", max(0, start - _DATE_LOOK_BACK), start) + 1
    return bool(_DATE_BEFORE.search(doc.text, max(line_start, start - _DATE_LOOK_BACK), start + 1)) \
        or bool(_DATE_INSIDE.match(doc.text, doc.starts[i] + len(doc.tokens[i])))


_DATE_ON_LINE = re.compile(r"(?<![\d.])\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?(?![\d])")


def _dated_line_by(doc: NameDoc, i: int) -> bool:
    """The initials at i end a note's heading line that holds a date or a shift's hours: who wrote the note
    ("Nattevagt 23-07 OE", "Kort notat fra samtale 22/1, GF:")."""
    k = i + 1
    if doc.lowered(k) == ":" and not doc.gap(i, k):
        k += 1
    if k < len(doc.tokens) and "\n" not in doc.gap(k - 1, k):
        return False  # not the line's end
    if i == 0 or "\n" in doc.gap(i - 1, i) or doc.tokens[i - 1] != "," and doc.gap(i - 1, i) != " ":
        return False  # alone on its line, or joined to the word before
    start = doc.starts[i]
    line_start = doc.text.rfind("\n", max(0, start - _DATE_LOOK_BACK), start) + 1
    return bool(_DATE_ON_LINE.search(doc.text, max(line_start, start - _DATE_LOOK_BACK), start))


def _abbreviates(doc: NameDoc, i: int) -> bool:
    """The initials at i spell the first letters of the words before the parenthesis ("Byg og Miljø (BOM)",
    "Teknik- og Miljøudvalget (TMU)") that are no person's name: the abbreviation of a unit."""
    letters = "".join(ch for ch in doc.tokens[i] if ch.isalpha())
    k = i - 2
    words: list[int] = []
    while k >= 0 and len(words) < 2 * len(letters) + 2 and doc.tokens[k][:1].isalpha():
        words.append(k)
        k -= 1
    initials = "".join(doc.tokens[w][0] for w in reversed(words)).upper()
    names = all(w in doc.candidates for w in words[: len(letters)] if doc.tokens[w][:1].isupper())
    return len(letters) >= 2 and letters in initials and not names


def _initials_of_found_name(doc: NameDoc, i: int, found_ends: Collection[int]) -> bool:
    """Capitals in parentheses right after a found name, starting with one of its letters: "Marlene (MAL)"
    even where the letters spell a word."""
    return (
        doc.tokens[i].isupper()
        and i >= 2
        and doc.tokens[i - 1] == "("
        and doc.lowered(i + 1) == ")"
        and i - 2 in found_ends
        and _initial_of(doc, i, i - 2)
    )


def _initial_of(doc: NameDoc, i: int, name_end: int) -> bool:
    """The initials at i begin with the first letter of some word of the name ending at `name_end`:
    "Karen Bach Madsen (KBM)", not "Pernille Høj (BBU)"."""
    first = doc.tokens[i][:1]
    k = name_end
    while k >= 0 and doc.tokens[k][:1].isalpha() and name_end - k < 5:
        if doc.tokens[k][:1].upper() == first:
            return True
        k -= 1
    return False


def _role_word(doc: NameDoc, k: int) -> bool:
    """A role word at k or after a possessive ("(leder)", "(min leder)")."""
    return bool(doc.cue_word(k)) or (
        doc.lowered(k) in ("min", "mit", "vores", "our", "my") and bool(doc.cue_word(k + 1))
    )
