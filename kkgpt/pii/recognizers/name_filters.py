"""Capitalised words that the words around them show not to be a person's name.

Danish capitalises names, places, organisations and titles alike, and many places, schools and firms are
named after people. What stands next to the words tells them apart:

- a street or institution word after them: "H.C. Andersens Boulevard", "Sankt Annæ Gymnasium",
  "Katrinedals Skole" (with a house number the address recognizer takes the whole street);
- a word for "saint" before them: "Sankt Hans Torv", "Skt. Petri";
- a firm's "&": two surnames ("Bang & Olufsen") or a name with "& Søn" ("Carl Hansen & Søn");
- a known organisation or place right after an unlisted word: "Royal Copenhagen";
- the first half of a compound ("Tand- og Mundplejen"), a unit's everyday word ("Byg og Miljø"), a dose
  ("Furix 40 mg").

`NonNameFilter.apply` removes such words from a prompt's name candidates in one pass over them.
"""

from __future__ import annotations

import re

from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_text import FIRM_TAILS, PLACE_HEADS, ROLES, SAINTS, NameDoc
from kkgpt.pii.recognizers.name_words import FIRST, ORG_ENDING, PARTICLES, STREET_ENDING, SURNAME, UNKNOWN

# Company forms written after a firm's name ("ApS", "A/S", "GmbH").
_COMPANY_FORMS = frozenset({"aps", "a/s", "as", "i/s", "k/s", "p/s", "ivs", "amba", "a.m.b.a", "smba", "fmba",
                            "inc", "ltd", "gmbh", "ab", "oy", "sa", "bv", "llc", "plc", "sp", "srl", "spa"})


def _company_form(doc: NameDoc, k: int) -> bool:
    """A company form starts at token k, right after a space ("ApS", "A/S", "A / S")."""
    if k >= len(doc.tokens) or doc.gap(k - 1, k) != " ":
        return False
    if doc.lowered(k) in _COMPANY_FORMS:
        return True
    # "A/S" is three tokens
    return len(doc.tokens[k]) == 1 and doc.lowered(k + 1) == "/" \
        and doc.lowered(k) + "/" + doc.lowered(k + 2) in _COMPANY_FORMS


# A dose after a word makes it a medicine ("Furix 40 mg"), not a person.
_DOSE = re.compile(r"\s\d+(?:[.,]\d+)?\s?(?:mg|g|ml|µg|mcg|mikrogram|IE|ie|mmol|enheder)\b")


class NonNameFilter:
    """Removes name candidates that their neighbours show to be places, institutions, firms or words."""

    def __init__(self, lexicon: NameLexicon) -> None:
        self.lexicon = lexicon

    def apply(self, doc: NameDoc) -> None:
        """Delete from `doc.candidates` every candidate shown not to be a name."""
        drop: set[int] = set()
        named_after = doc.named_after  # places and firms: also kept from name propagation
        for i, word in sorted(doc.candidates.items()):
            if i in drop or i in named_after:
                continue
            if self._compound_half(doc, i) or (word.kind == UNKNOWN and self._unknown_is_no_name(doc, i)):
                drop.add(i)
            elif word.kind != FIRST and word.kind != SURNAME and self._header_word(doc, i):
                drop.add(i)  # "Medarbejder,,Man,Tir,Ons,Tor": a table's header names its columns
            elif doc.tokens[i] in PLACE_HEADS and i - 1 in doc.places and doc.gap(i - 1, i) == " ":
                drop.add(i)  # "Bavnehøj Allé": the street of a place
            elif self._saint(doc, i):
                named_after.update(self._run_forward(doc, i))
            elif self.place_head_after(doc, i) or self._before_organisation(doc, i):
                named_after.update(self._run_backward(doc, i))
                named_after.add(i + 1)  # the head word too ("Dronning Louises Bro", "Peter Bangs Gade")
            elif self._firm(doc, i):
                named_after.update(self._run_backward(doc, i))
                if doc.lowered(i + 1) == "&":
                    named_after.update(self._run_forward(doc, i + 2))
        for i in drop | named_after:
            doc.candidates.pop(i, None)

    # -- rules ------------------------------------------------------------------------------------------

    @staticmethod
    def _header_word(doc: NameDoc, i: int) -> bool:
        """Token i is a whole header cell of a table ("Man", "Dato"): a column's label, not a person; a
        header that is a listed name only ("Anne,Bo,Carl" over a shift plan) stays a name."""
        cell = doc.layout.cell_at(doc.starts[i])
        return cell is not None and cell.header and cell.end - cell.start <= len(doc.tokens[i]) + 1

    @staticmethod
    def _compound_half(doc: NameDoc, i: int) -> bool:
        """"Børne- og Ungdomspsykiatrisk Center": a word ending in a hyphen before a space."""
        tokens = doc.tokens
        return i + 2 < len(tokens) and tokens[i + 1] == "-" and not doc.gap(i, i + 1) \
            and doc.gap(i + 1, i + 2).isspace()

    def _unknown_is_no_name(self, doc: NameDoc, i: int) -> bool:
        """An unlisted word joined to a capitalised everyday word ("Byg og Miljø"), before a dose, or a number's
        abbreviation ("Hovednr.", "Kundenr.")."""
        tokens, n = doc.tokens, len(doc.tokens)
        if len(tokens[i]) > 4 and tokens[i].lower().endswith("nr"):
            return True
        if i + 2 < n and tokens[i + 1].lower() in ("og", "&") and tokens[i + 2][:1].isupper() \
                and i + 2 not in doc.candidates and fold(tokens[i + 2]) in self.lexicon.common_words \
                and tokens[i + 2].lower() not in ROLES:
            return True
        return bool(_DOSE.match(doc.text, doc.starts[i] + len(tokens[i])))

    @staticmethod
    def _before_organisation(doc: NameDoc, i: int) -> bool:
        """An unlisted word right before a known organisation or place: "Royal Copenhagen"."""
        return doc.candidates[i].kind == UNKNOWN and i + 1 in doc.blocked and doc.gap(i, i + 1) == " " \
            and doc.tokens[i + 1][:1].isupper()

    @staticmethod
    def _saint(doc: NameDoc, i: int) -> bool:
        """The word is "Sankt"/"Skt."/"Saint", or the name right after one ("Sankt Hans", "Skt. Petri")."""
        if doc.lowered(i) in SAINTS and doc.tokens[i][:1].isupper():
            return True
        k = i - 1
        if k >= 1 and doc.tokens[k] == "." and not doc.gap(k - 1, k):
            k -= 1  # "Skt. Hans", "St. Patrick"
        elif doc.lowered(k) == "st":
            return False  # "St" without a dot is no saint
        return k >= 0 and doc.lowered(k) in SAINTS and doc.tokens[k][:1].isupper() \
            and doc.gap(i - 1, i) == " "

    def place_head_after(self, doc: NameDoc, i: int) -> bool:
        """A street or institution word follows ("Andersens Boulevard", "Annæ Gymnasium", "Louises Bro").

        After a genitive the phrase is always a place ("Peter Bangs Gade"); otherwise a head word that is
        also a listed name is that name ("Sara Park", "Anne Gade").
        """
        k = i + 1
        if k >= len(doc.tokens) or doc.gap(i, k) != " ":
            return False
        word = doc.candidates.get(i)
        if doc.tokens[k] not in PLACE_HEADS:
            # "Grøndals Parkvej", "Vester Voldgade": a word before a compound street name; "Voss Tegnestue",
            # "Jensens Forlag": a name before a firm's or institution's word
            following = doc.lowered(k)
            if not (doc.tokens[i][:1].isupper() and doc.tokens[k][:1].isupper()):
                return False
            if ORG_ENDING.search(following) is not None:
                head = doc.candidates.get(k)
                return head is None or not self._listed(head.folded)
            if STREET_ENDING.search(following) is None:
                return False
            if word is not None and word.name_length < len(doc.tokens[i]):
                return True  # a genitive: always the street's name
            # "Vester Voldgade", not "Anne Hansen Jagtvej 12" (a name before an address)
            listed = word is not None and word.kind in (FIRST, SURNAME)
            return not doc.lowered(k + 1)[:1].isdigit() and not listed
        if word is not None and (word.name_length < len(doc.tokens[i])
                                 or (word.kind == UNKNOWN and doc.tokens[i].endswith("s"))):
            return True
        head = doc.candidates.get(k)
        return head is None or not self._listed(head.folded)

    def _firm(self, doc: NameDoc, i: int) -> bool:
        """"Bang & Olufsen", "Marks & Spencer" (two bare surnames), "Carl Hansen & Søn" (a firm's tail),
        "Nordic Build ApS", "Hansen Rengøring A/S" (a company form after the name)."""
        tokens, n = doc.tokens, len(doc.tokens)
        k = i + 1
        while k < n and k - i <= 3 and tokens[k][:1].isupper() and doc.gap(k - 1, k) == " " \
                and not _company_form(doc, k):
            k += 1  # "Hansen Rengøring A/S", "Nordic Build ApS"
        if _company_form(doc, k):
            return True
        if i + 1 >= n or tokens[i + 1] != "&" or doc.gap(i, i + 1) != " ":
            return False
        if doc.cue_before(self._run_backward(doc, i)[-1])[0] == "strong":
            return False  # "eleverne Hansen & Larsen": two people
        if doc.lowered(i + 2) in FIRM_TAILS:
            return True
        partner = doc.candidates.get(i + 2)
        if partner is None or doc.gap(i + 1, i + 2) != " ":
            return False
        alone = not (i - 1 in doc.candidates and doc.gap(i - 1, i) == " ") \
            and not (i + 3 in doc.candidates and doc.gap(i + 2, i + 3) == " ")
        first_names = self.lexicon.first_names
        return alone and doc.candidates[i].kind != FIRST and partner.kind != FIRST \
            and doc.candidates[i].folded not in first_names and partner.folded not in first_names

    # -- helpers ----------------------------------------------------------------------------------------

    def _listed(self, folded: str) -> bool:
        return folded in self.lexicon.first_names or folded in self.lexicon.surnames

    @staticmethod
    def _run_backward(doc: NameDoc, i: int) -> list[int]:
        """Candidate i and the name words, particles and initials before it, up to the first other word."""
        run = [i]
        k = i - 1
        while k >= 0 and doc.gap(k, k + 1) in (" ", ""):
            token = doc.tokens[k]
            if k in doc.candidates:
                run.append(k)
            elif not (token in PARTICLES or doc.initial(k) or (token == "." and doc.initial(k - 1))):
                break
            k -= 1
        return run

    @staticmethod
    def _run_forward(doc: NameDoc, i: int) -> list[int]:
        """Candidate i and the candidates joined to it by single spaces after it."""
        run = [i]
        k = i + 1
        while k in doc.candidates and doc.gap(k - 1, k) == " ":
            run.append(k)
            k += 1
        return run
