"""Relations between names: evidence one found name gives the words next to it.

- a first name takes the unlisted capitalised word after it as its surname ("Priya Raghunathan"), unless
  a school or street word follows (then the whole is a place named after someone);
- a name-like run joined by og/and/',' to a confidently found name is a name too ("Bo og Dorte",
  "Ayaan (7) og Zayan (4)"), and so is a lower-case name-or-word joined to a lower-case name ("til per og
  sanne");
- in a table without a header, a column most of whose values are found names holds names in its other
  values too ("Hansen;Jens;27193846" above "Quispe;Xiomara;41526374").

Further mentions of a found name are marked by `name_propagation.NamePropagator`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import pairwise

from spacy.lang.da.stop_words import STOP_WORDS as _DA_STOP_WORDS

from kkgpt.pii.layout import NOT_ROSTER_VALUES, ROSTER_STATUSES, weekday
from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.name_candidates import LOWER_ABBREVIATIONS, LOWER_INITIALS
from kkgpt.pii.recognizers.name_filters import NonNameFilter
from kkgpt.pii.recognizers.name_propagation import Found
from kkgpt.pii.recognizers.name_scoring import RELATION_SCORES
from kkgpt.pii.recognizers.name_text import COORDINATORS, DETERMINERS, QUOTES, NameDoc, opens_sentence
from kkgpt.pii.recognizers.name_words import (
    AMBIGUOUS,
    FIRST,
    SUFFIX_SURNAME,
    SURNAME,
    UNKNOWN,
    LowercaseName,
    NameWordClassifier,
)

_LOWER_COORDINATORS = frozenset({"og", "and", "&", "eller", "or"})
#: Words a surname is joined to by a hyphen when it names a person's case or family ("Hansen-sagen").
_CASE_WORDS = frozenset({"sagen", "sag", "sagerne", "familien", "familie", "familierne", "drengen", "pigen",
                         "børnene", "parret", "søskende"})
_CASE_WORD_GATE = re.compile(r"-(?:" + "|".join(sorted(_CASE_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
# A line opening with one word and a colon or a spaced dash, maybe after a bullet: the cheap test before `line_heads`.
_LINE_HEAD_GATE = re.compile(r"^[ \t>]*(?:[-*•][ \t]*)?[^\W\d_][\w'’.-]*(?::| [-–] | \([^)\n]{1,40}\):"
                             r"| \d{1,2}(?:[.:]\d\d)?-\d{1,2}(?:[.:]\d\d)?[ \t]*$| (?:fri|syg|ferie)[ \t]*$)[ \t]*\S?",
                             re.MULTILINE)
#: A shift on a roster's line after a name ("Bo 7-15", "Lærke 12.30-20"), and the words for a day without one.
_SHIFT = re.compile(r"\d{1,2}(?:[.:]\d\d)?-\d{1,2}(?:[.:]\d\d)?")
_SHIFT_WORDS = frozenset({"fri", "syg", "ferie"})
#: How far a line head's parenthesis may reach ("Christian (værelse 3):").
_MAX_ASIDE = 8
#: Letters that are words on their own: "i", "å", "a", "o"; not taken for a name's initial.
_LETTER_WORDS = frozenset({"i", "å", "a", "o", "e", "u", "y", "x"})
#: Words opening a parenthesis that explains who a nickname is ("bølle (altså william)"), and those that give
#: a nickname after a name ("michael (vores micha)").
_EXPLAINING = frozenset({"altså", "dvs", "aka", "alias", "egentlig"})
_NICKNAMING = frozenset({"vores", "kaldt", "kaldet", "aka", "alias"})
#: The fewest values under a roster's weekdays, and the most tokens a slot of it holds (two names and a comma).
_MIN_ROSTER_VALUES = 3
_MAX_ROSTER_SLOT = 5
#: The most words of a display name's first names after its comma ("Hansen, Anne Marie Louise").
_MAX_QUOTED_FIRST_NAMES = 3
#: What separates the items of a list of people on one line.
_LIST_SEPARATORS = frozenset({",", "og", "and", "&", "+", "/"})
#: Staff initials or a user id as a list's item: two to four capitals ("MW", "HBJ", "SØ") or four capitals and
#: digits ("LO6R").
_LISTED_INITIALS = re.compile(r"^(?:[A-ZÆØÅ]{2,4}|(?=[A-Z0-9]{4}$)[A-Z]{1,3}\d[A-Z0-9]{0,2})$")  # or "LO6R"
#: Capitals that name a thing or stand in for a name, not someone: "IT", "TV", "NN", "TBD".
_NOT_STAFF_INITIALS = frozenset({"IT", "HR", "TV", "PC", "EU", "USA", "PDF", "CPR", "SMS", "MRSA", "ADHD", "PPR",
                                 "SFO", "BBU", "SUF", "SOF", "KFF", "TMF", "ØKF", "BIF", "SUND", "FYI", "ASAP",
                                 "OBS", "CV", "ID"})  # beside the statuses and countries of NOT_ROSTER_VALUES


class NameRelations:
    """Applies the relations above to a document's found names (each one pass, linear)."""

    def __init__(
        self, lexicon: NameLexicon, words: NameWordClassifier, filters: NonNameFilter, confident: float
    ) -> None:
        self.lexicon = lexicon
        self._words = words
        self._filter = filters
        self._confident = confident

    def trailing_initial(self, doc: NameDoc, found: Found) -> None:
        """Take a lone letter after a found name as its surname's initial ("mette l", "noah b", "helle k"); not
        a letter that is a word ("i", "å")."""
        n = len(doc.tokens)
        for i, (last, score, rule) in list(found.items()):
            k = last + 1
            if k < n and len(doc.tokens[k]) == 1 and doc.tokens[k].isalpha() \
                    and doc.tokens[k].lower() not in _LETTER_WORDS and doc.gap(last, k) == " " \
                    and (k + 1 >= n or not doc.tokens[k + 1][:1].isalpha() or doc.gap(k, k + 1) != ""):
                if k + 1 < n and doc.tokens[k + 1] == "." and not doc.gap(k, k + 1):
                    if doc.tokens[k + 2:k + 3] and doc.tokens[k + 2][:1].isupper():
                        continue  # "Lægerne Heimdal v. Kirsten Aaberg": "v." is "ved", a name follows
                    k += 1  # "Trine B.": the initial's dot with it
                for j in range(last + 1, k + 1):
                    found.pop(j, None)
                found[i] = (k, score, rule)

    def inverted(self, doc: NameDoc, found: Found) -> None:
        """Join a surname and the first name after its comma into one name where a line or a cell opens
        with them, as registers and exports write people ("Jensen, Birthe", "hansen, birgit 20193847"):
        the comma is part of the name, not a list of two people."""
        starts = sorted(found)
        for i, j in pairwise(starts):
            if i not in found:
                continue  # joined to the surname before it
            last, score, _ = found[i]
            if (
                last == i
                and j == i + 2
                and doc.tokens[i + 1] == ","
                and doc.gap(i, i + 1) == ""
                and doc.gap(i + 1, j) == " "
                and self._surname(doc, i)
                and self._first_name(doc, j)
                and (doc.line_start(i) or self._opens_cell(doc, i) or self._quoted_pair(doc, i, j))
            ):
                j_last, j_score, _ = found.pop(j)
                found[i] = (j_last, max(score, j_score), "inverted_name")

    @staticmethod
    def _quoted_pair(doc: NameDoc, i: int, j: int) -> bool:
        """Surname i and first name j alone in double quotes: a mail header's display name
        ('Fra: "Halvorsen, Trine" <TRIHAL@kk.dk>')."""
        last = j
        while last + 1 < len(doc.tokens) and doc.tokens[last + 1] not in ('"', "“", "”") \
                and last - j < _MAX_QUOTED_FIRST_NAMES:
            last += 1
        return doc.tokens[i - 1:i] == ['"'] and doc.tokens[last + 1:last + 2] == ['"'] if i else False

    @staticmethod
    def _opens_cell(doc: NameDoc, k: int) -> bool:
        """Token k is the first word of a table's cell."""
        cell = doc.layout.cell_at(doc.starts[k])
        return cell is not None and not doc.text[cell.start:doc.starts[k]].strip()

    def _surname(self, doc: NameDoc, k: int) -> bool:
        """Found name k can be a surname: a listed one, one by its ending or an unlisted word ("Kragh"), in
        any case; not a first name, so "Anne, Birthe og Carl" stay three."""
        word = doc.candidates.get(k)
        if word is not None:
            return word.kind in (SURNAME, SUFFIX_SURNAME, UNKNOWN) or doc.tokens[k].lower() in self.lexicon.surnames
        name = self._words.lowercase_name(doc.tokens[k])
        return name is not None and name.surname

    def _first_name(self, doc: NameDoc, k: int) -> bool:
        """Token k is a listed first name, in any case."""
        word = doc.candidates.get(k)
        if word is not None:  # "Svend" is a word too, but a listed first name
            return word.kind == FIRST or word.kind == AMBIGUOUS and word.folded in self.lexicon.first_names
        name = self._words.lowercase_name(doc.tokens[k])
        return name is not None and name.first

    def extend_surnames(self, doc: NameDoc, found: Found) -> None:
        """Take an unlisted capitalised word after a found first name as its surname."""
        score = RELATION_SCORES["surname_extension"]
        n = len(doc.tokens)
        for i, (last, found_score, _) in list(found.items()):
            word, following = doc.candidates.get(last), last + 1
            if (
                word is None
                # a first name that is also a word ("Ib") once the layout or a cue has found it
                or not (word.kind == FIRST or (word.kind == AMBIGUOUS and found_score >= self._confident))
                or following >= n
                or following in doc.candidates
                or word.name_length != len(doc.tokens[last])
                or doc.gap(last, following) != " "
                or opens_sentence(doc, following)
            ):
                continue
            if following in doc.blocked:
                # A one-word town after a first name is a surname ("Jonna Lyngby", "Søren Kolding"); an
                # organisation is not ("Anne Borgerservice" is a name and a unit)
                if (
                    following in doc.places
                    and doc.tokens[following][:1].isupper()
                    and self._one_word_place(doc, following)
                ):
                    found[i] = (following, score, "surname_extension")
                continue
            if doc.tokens[following][:1].isupper() and self._filter.place_head_after(doc, following):
                # "Niels Steensens Gymnasium"; not "Ifrah Farah fra Center for Bolig"
                del found[i]  # "Niels Steensens Gymnasium": a school named after him
                doc.named_after.update(range(i, following + 2))
            elif word.kind == FIRST and self._words.surname_after_first_name(doc.tokens[following]):
                found[i] = (following, score, "surname_extension")

    @staticmethod
    def _one_word_place(doc: NameDoc, k: int) -> bool:
        """Token k is blocked as a place on its own, not as part of a longer phrase ("Kongens Lyngby")."""
        return k - 1 not in doc.blocked and k + 1 not in doc.blocked

    def coordinated(self, doc: NameDoc, found: Found, runs: Sequence[tuple[int, int]]) -> None:
        """Accept a capitalised run joined by og/and/',' to a confidently found name, also past a short
        parenthesis."""
        score = RELATION_SCORES["coordinated"]
        starts = {i for i, (_, s, _) in found.items() if s >= self._confident}
        ends = {found[i][0] for i in starts}
        covered = {k for i in starts for k in range(i, found[i][0] + 1)}
        first_of = {found[i][0]: i for i in starts}
        tokens, n = doc.tokens, len(doc.tokens)
        for first, last in runs:
            if first in covered or last in covered or doc.possessive(first):
                continue
            after = doc.after_parenthesis(last + 1)
            before = doc.before_parenthesis(first - 2)
            joins_next = after + 1 < n and after + 1 in starts and tokens[after].lower() in COORDINATORS
            joins_previous = before in ends and tokens[first - 1].lower() in COORDINATORS
            # ... unless that name is itself an item of a list ("Ayşe, Jonas, Mette W., Rami, Tessa")
            previous_first = first_of.get(before, before)
            in_a_list = previous_first >= 1 and tokens[previous_first - 1].lower() in COORDINATORS
            if (
                joins_previous
                and not joins_next
                and tokens[first - 1] == ","
                and self._unlisted(doc, first, last)
                and not (after < n and tokens[after].lower() in COORDINATORS)
                and not in_a_list
            ):
                continue  # "Camilla Winther, Byens Udvikling": a unit after a name, not a list of names
            if (joins_next or joins_previous) and not (
                doc.layout.cell_at(doc.starts[first])
                and "," in (tokens[first - 1], tokens[after] if after < n else "")
            ):
                # (a comma between a table's fields coordinates nothing: "Jonas Lauridsen,Altan,Afgjort")
                found[first] = (max(last, found[first][0]) if first in found else last, score, "coordinated")

    def initials_listed_with_names(self, doc: NameDoc, found: Found) -> None:
        """Accept staff initials that are items of one line's list with a confidently found name ("Man: HBJ,
        MLA, Ahmed", "Ali + MW: kontakte familien"): a list mixes people's names and initials, not names and
        units. Items are separated by og/and/&/+/'/' or a comma; a chain of such items is read left to right."""
        score = RELATION_SCORES["coordinated"]
        tokens, n = doc.tokens, len(doc.tokens)
        # a found name, or initials found acting: "jm og tk har weekend" once "tk" is found
        name_last = {i: last for i, (last, s, rule) in found.items()
                     if s >= self._confident or rule == "initials_acting"}
        chain_names = False
        chain_initials: list[int] = []

        def close() -> None:
            if chain_names:
                for k in chain_initials:
                    found.setdefault(k, (k, score, "initials_listed"))

        i = 0
        while i < n:
            if i in name_last:
                item_last = name_last[i]
                is_name = True
            elif (_LISTED_INITIALS.match(tokens[i]) and tokens[i] not in _NOT_STAFF_INITIALS
                  or doc.casual and LOWER_INITIALS.match(tokens[i]) and tokens[i] not in LOWER_ABBREVIATIONS) \
                    and tokens[i] not in NOT_ROSTER_VALUES \
                    and fold(tokens[i]) not in self.lexicon.organisations:
                item_last, is_name = i, False
            else:
                close()
                chain_names, chain_initials = False, []
                i += 1
                continue
            chain_names = chain_names or is_name
            if not is_name:
                chain_initials.append(i)
            following = item_last + 1
            separated = following + 1 < n and tokens[following].lower() in _LIST_SEPARATORS \
                and "\n" not in doc.gap(item_last, following) + doc.gap(following, following + 1)
            if not separated:
                ends_item = following >= n or "\n" in doc.gap(item_last, following) \
                    or tokens[following] in (":", ".", ";", ")", "!", "?")
                if not is_name and not ends_item:
                    chain_initials.pop()  # "Olena Kovalenko, DOB 3 May 1979": a field, not an item
                close()
                chain_names, chain_initials = False, []
            i = following + 1 if separated else following
        close()

    def columns(self, doc: NameDoc, found: Found, is_name_word: Callable[[int], bool]) -> None:
        """Values of a table's column at least half of whose values start with a confidently found name: their
        name-like words (`is_name_word`) are names too."""
        starts = {i for i, (_, score, _) in found.items() if score >= self._confident}
        covered = {k for i, (last, _, _) in found.items() for k in range(i, last + 1)}
        columns: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for cell in doc.layout.cells:
            if cell.header:
                continue
            first = bisect_left(doc.starts, cell.start)
            last = bisect_left(doc.starts, cell.end) - 1
            if first <= last:
                columns.setdefault((cell.table, cell.column), []).append((first, last))
        score = RELATION_SCORES["column_of_names"]
        for (table, column), values in columns.items():
            named = sum(first in starts for first, _ in values)
            if len(values) >= 3 and named * 2 < len(values) \
                    and self._surnames_beside_names(doc, values, columns.get((table, column + 1)), starts):
                for first, _ in values:  # "Lund<TAB>Hanne", "Berg<TAB>Ole": a register's surnames, words or not
                    found.setdefault(first, (first, score, "column_of_names"))
                continue
            if len(values) < 3 or named * 2 < len(values):
                continue
            for first, last in values:
                words = [k for k in range(first, last + 1) if k not in covered and is_name_word(k)]
                if words and first not in covered and words[0] == first:
                    end = words[0]
                    while end + 1 in words:
                        end += 1
                    found[first] = (end, score, "column_of_names")

    def weekday_roster(self, doc: NameDoc, found: Found) -> None:
        """A roster by weekday ("| Uge | Mandag | Tirsdag |" over "| 12 | Mette | Bo |"): when every value under
        the days is one listed first name or staff initials and one of them was found, all are names, also
        those that are words ("Bo", "Liv", "Sten"); a timetable's subjects ("Dansk", "Idræt") are no first
        names."""
        tables: dict[int, list[int]] = {}
        day_row: dict[int, bool] = {}  # per table: the current row opens with a weekday ("Man;Hanne, Lars;Nana")
        for cell in doc.layout.cells:
            if cell.header:
                continue
            if cell.column == 0:
                day_row[cell.table] = weekday(doc.text[cell.start:cell.end])
                continue
            if not (cell.label is not None and weekday(cell.label) or day_row.get(cell.table)):
                continue
            first = bisect_left(doc.starts, cell.start)
            last = bisect_left(doc.starts, cell.end) - 1
            for k in range(first, last + 1):  # "Hanne, Lars": a slot may hold two
                if doc.tokens[k].isalpha() and doc.lowered(k) not in _LOWER_COORDINATORS:
                    tables.setdefault(cell.table, []).append(k if k - first < _MAX_ROSTER_SLOT else -1)
        score = RELATION_SCORES["column_of_names"]
        for values in tables.values():
            # a lower-case word or a status fills a slot without naming anyone ("vikar", "lukket", "FRI")
            people = [k for k in values if not (doc.tokens[k].islower() or doc.tokens[k] in ROSTER_STATUSES)]
            if len(people) < _MIN_ROSTER_VALUES or -1 in values or not any(k in found for k in people) \
                    or not all(k in found or fold(doc.tokens[k]) in self.lexicon.first_names or self._initials(doc, k)
                               for k in people):
                continue
            for k in people:
                if k not in found:
                    found[k] = (k, score, "weekday_roster")

    def _surnames_beside_names(self, doc: NameDoc, values: list[tuple[int, int]],
                               beside: list[tuple[int, int]] | None, starts: set[int]) -> bool:
        """Every value of a column is one listed surname (also one that is a word: "Lund", "Berg", "Kirk") and
        the column after it is all found names: a register's surnames before their first names."""
        lex = self.lexicon
        return (
            beside is not None
            and len(beside) == len(values)
            and all(first in starts for first, _ in beside)
            and all(first == last and doc.tokens[first][:1].isupper()
                    and (fold(doc.tokens[first]) in lex.surnames or fold(doc.tokens[first]) in lex.word_surnames)
                    for first, last in values)
        )

    @staticmethod
    def _initials(doc: NameDoc, k: int) -> bool:
        """Token k is staff initials on a roster by weekday: two to four capitals that name no status or unit
        (a country's code is no one's shift: "LK" is someone)."""
        token = doc.tokens[k]
        return _LISTED_INITIALS.match(token) is not None and token not in ROSTER_STATUSES \
            and token not in _NOT_STAFF_INITIALS

    def asides(self, doc: NameDoc, found: Found) -> None:
        """A nickname explained in parentheses by a found name, or given in them after one: "glad (altså torben
        glad)", "bølle (altså william)", "michael (vores micha)"."""
        if "(" not in doc.text:
            return
        ends = {last: first for first, (last, _, _) in found.items()}
        covered = {k for i, (last, _, _) in found.items() for k in range(i, last + 1)}
        score = RELATION_SCORES["nickname"]
        for j, token in enumerate(doc.tokens):
            if token != "(":
                continue
            word = doc.lowered(j + 1)
            if word in _EXPLAINING and j + 2 in found and j >= 1 and j - 1 not in covered \
                    and self._nickname_like(doc, j - 1):
                found[j - 1] = (j - 1, score, "nickname")  # "glad (altså torben glad)"
            elif word in _NICKNAMING and j - 1 in ends and doc.tokens[j + 3:j + 4] == [")"] \
                    and j + 2 not in covered and self._nickname_like(doc, j + 2):
                found[j + 2] = (j + 2, score, "nickname")  # "michael (vores micha)"

    def _nickname_like(self, doc: NameDoc, k: int) -> bool:
        """Token k may be a nickname: a word of letters that is no function word and no definite noun ("prisen
        (altså Jens' pris)")."""
        token = doc.tokens[k].lower()
        return token.isalpha() and len(token) >= 2 and token not in self.lexicon.stop_words \
            and not self.lexicon.inflected_noun(token, ("en", "et", "ne"))

    def compound_cases(self, doc: NameDoc, found: Found) -> None:
        """A listed surname joined by a hyphen to a case or family word names the person: "Hansen-sagen",
        "Jensen-familien"."""
        if _CASE_WORD_GATE.search(doc.text) is None:
            return
        for i, token in enumerate(doc.tokens):
            if i in found or "-" not in token or not token[:1].isupper():
                continue
            head, _, tail = token.rpartition("-")
            folded = fold(head)
            if tail.lower() in _CASE_WORDS and folded in self.lexicon.surnames and folded not in self.lexicon.ambiguous:
                doc.name_lengths[i] = len(head)
                found[i] = (i, RELATION_SCORES["compound_case"], "compound_case")

    def line_heads(self, doc: NameDoc, found: Found) -> None:
        """Lines opening with one word and a colon, maybe after a bullet ("Jesper: ferieplan ...", "- PJ:
        udrulning ..."): when at least two of them, and half, open with a found name, the others' listed
        names and names-or-words are names too ("Ole: ny kaffemaskine bestilt" under "Nadia: husk kursus")."""
        if len(_LINE_HEAD_GATE.findall(doc.text)) < 3:
            return
        heads = [i for i in range(len(doc.tokens) - 1) if self._line_head(doc, i)]
        if len(heads) < 3:
            return
        named = sum(1 for i in heads if i in found and found[i][1] >= self._confident)
        # a roster of shifts ("Bo 7-15", "Sten fri") names someone on every line: one found name and the
        # others all name-like words will do
        shifts = [i for i in heads if doc.tokens[i + 1] != ":" and doc.tokens[i + 1] not in ("-", "–", "(")]
        rostered = len(shifts) >= 3 and any(i in found for i in shifts) and all(
            i in found or (word := doc.candidates.get(i)) is not None and word.kind in (FIRST, AMBIGUOUS, SURNAME)
            for i in shifts)
        if not rostered and (named < 2 or named * 2 < len(heads)):
            return
        covered = {k for i, (last, _, _) in found.items() for k in range(i, last + 1)}
        score = RELATION_SCORES["line_head"]
        for i in heads:
            word = doc.candidates.get(i)
            if i not in covered and i not in doc.blocked and word is not None \
                    and word.kind in (FIRST, AMBIGUOUS, SURNAME):
                found[i] = (i, score, "line_head")

    @staticmethod
    def _line_head(doc: NameDoc, i: int) -> bool:
        """Token i opens its line (maybe after a bullet) and a colon follows it, maybe after a parenthesis
        ("Christian (værelse 3): rolig weekend"), or a dash between spaces ("Tage – normal – Hulgårdsvej 112"),
        or a shift ("Bo 7-15", "Sten fri"), then text on the same line or the line's end."""
        following = doc.tokens[i + 1]
        shift = _SHIFT.fullmatch(following) is not None or following.lower() in _SHIFT_WORDS
        if following not in (":", "(", "-", "–") and not shift:
            return False  # the cheap test first: this runs at every token of a text with line heads
        if not (doc.line_start(i) or doc.tokens[i - 1] in ("-", "*", "•") and doc.line_start(i - 1)):
            return False
        if following == "(" and doc.gap(i, i + 1) == " ":
            close = next((k for k in range(i + 2, min(i + _MAX_ASIDE, len(doc.tokens))) if doc.tokens[k] == ")"), 0)
            return close > 0 and doc.tokens[close + 1:close + 2] == [":"] and "\n" not in doc.gap(i, close + 1)
        if shift and doc.gap(i, i + 1) == " ":
            # "Bo 7-15" alone on its line, maybe with a note in parentheses ("Storm 7-15 (elev)")
            return i + 2 >= len(doc.tokens) or doc.line_start(i + 2) or doc.tokens[i + 2] == "("
        return (
            i + 2 < len(doc.tokens)
            and (following == ":" and doc.gap(i, i + 1) == ""
                 or following in ("-", "–") and doc.gap(i, i + 1) == " " == doc.gap(i + 1, i + 2))
            and "\n" not in doc.gap(i + 1, i + 2)
        )

    def nicknames(self, doc: NameDoc, found: Found) -> None:
        """A capitalised word in quotation marks between a found first name and a capitalised word is a
        nickname, and the word after it the surname: "Oskar 'Ozzy' Lindberg", 'Henrik "Henne" Aagaard'."""
        score = RELATION_SCORES["nickname"]
        tokens, n = doc.tokens, len(doc.tokens)
        for i, (last, _, _) in list(found.items()):
            word = doc.candidates.get(last)
            q, k, close, surname = last + 1, last + 2, last + 3, last + 4
            if (
                word is None
                or word.kind != FIRST
                or surname >= n
                or tokens[q] not in QUOTES
                or tokens[close] != QUOTES[tokens[q]]
                and tokens[close] != tokens[q]
                or not (tokens[k][:1].isupper() and tokens[k].isalpha())
                or not (tokens[surname][:1].isupper() and tokens[surname].isalpha())
                or doc.gap(close, surname) != " "
            ):
                continue
            found.setdefault(k, (k, score, "nickname"))
            if surname not in found and surname in doc.candidates:
                found[surname] = (surname, score, "nickname")

    def initials_of_names(self, doc: NameDoc, found: Found) -> None:
        """Staff initials of a confidently found name stand for that person anywhere in the text: "RS" after
        "klasselærer Rune Staal", "AMQ" after "Anne-Mette Qvist", even when they spell an abbreviation (KL,
        OK, IT). Lower-case initials of three letters count too ("kbm"), unless they spell a word ("han" is
        no Hassan Abdi Nuur)."""
        initials: set[str] = set()
        for i, (last, score, _) in found.items():
            parts = [
                part
                for k in range(i, last + 1)
                if doc.tokens[k][:1].isupper() and doc.tokens[k].isalpha() or "-" in doc.tokens[k]
                for part in doc.tokens[k].split("-")
                if part[:1].isalpha()
            ]
            if score < self._confident or len(parts) < 2:
                continue
            letters = [part[0].upper() for part in parts]
            for form in ("".join(letters), letters[0] + letters[-1]):
                if 2 <= len(form) <= 4:
                    initials.add(form)
        if not initials:
            return
        covered = {k for i, (last, _, _) in found.items() for k in range(i, last + 1)}
        score = RELATION_SCORES["initials_of_name"]
        lexicon = self._words.lexicon
        for k, token in enumerate(doc.tokens):
            if k in covered or not 2 <= len(token) <= 4:
                continue
            lower = len(token) >= 3 and token.islower() and token.upper() in initials
            if lower and (token in lexicon.stop_words or token in lexicon.common_words):
                continue
            if (
                (token in initials or lower)
                and doc.lowered(k - 1) not in DETERMINERS
                and not _brand(doc.tokens[k - 1] if k else "")
            ):
                # not "wants a GP" (a doctor, not Giorgos P.), not "iPhone SE" (a model)
                found[k] = (k, score, "initials_of_name")

    @staticmethod
    def _unlisted(doc: NameDoc, first: int, last: int) -> bool:
        """Every name word of the run is an unlisted word."""
        return all(word.kind == UNKNOWN for k in range(first, last + 1) if (word := doc.candidates.get(k)))

    def lowercase_genitives(self, doc: NameDoc, found: Found) -> None:
        """A lower-case listed name in the genitive before a kin noun ("kims mor", "lykkes far"), and a listed
        surname so written after a found lower-case first name ("rose jakobsens datter"); the name is marked
        without its "s"."""
        score = RELATION_SCORES["lowercase_genitive"]
        tokens = doc.tokens
        for i in range(len(tokens)):
            token = tokens[i]
            if (
                len(token) < 3
                or not token.endswith("s")
                or not token.islower()
                or doc.lowered(i + 1) not in KIN_NOUNS
                or doc.gap(i, i + 1) != " "
                or i in found
                or (stem := self._words.lowercase_name(token[:-1])) is None
            ):
                continue
            previous = next((j for j, (last, _, _) in found.items() if last == i - 1), None)
            if stem.surname and previous is not None and doc.gap(i - 1, i) == " " and tokens[i - 1].islower():
                found[previous] = (i, max(score, found[previous][1]), found[previous][2])  # "rose jakobsens"
            elif stem.first and stem.folded not in _DA_STOP_WORDS:
                found[i] = (i, score, "lowercase_genitive")
            else:
                continue
            doc.name_lengths[i] = len(token) - 1

    def lowercase_coordinated(
        self, doc: NameDoc, found: Found, name_at: Callable[[int], LowercaseName | None]
    ) -> None:
        """A lower-case name-or-word joined by og/and to a lower-case name. Danish function words are left
        out ("rasmus og hans mor"); "per" is not one in spaCy's list."""
        score = RELATION_SCORES["lowercase_coordinated"]
        for i in _name_lists(doc, name_at):
            if i not in found:
                found[i] = (i, score, "lowercase_coordinated")
        lowercase_found = {i for i, (last, s, rule) in found.items() if rule.startswith("lowercase")}
        ends = {found[i][0] for i in lowercase_found}
        tokens = doc.tokens
        for i in range(len(tokens)):
            name = name_at(i)
            if (
                name is None
                or not (name.first or name.surname)  # "mvh sanne, pia og said"
                or not name.ambiguous
                or i in found
                or name.folded in _DA_STOP_WORDS
                or (doc.english and name.folded in self.lexicon.stop_words)
            ):
                continue
            joins_next = i + 2 in lowercase_found and tokens[i + 1] in _LOWER_COORDINATORS
            joins_previous = i - 2 in ends and tokens[i - 1] in _LOWER_COORDINATORS
            if (joins_next or joins_previous) and not doc.lowered(i + 1)[:1].isdigit():
                found[i] = (i, score, "lowercase_coordinated")


#: Nouns a lower-case name in the genitive stands before when it is a person's ("kims mor", "lykkes far",
#: "storms sprog"): family, the people around a child or a resident, and what is theirs in a case.
KIN_NOUNS = frozenset({
    "mor", "far", "forældre", "forælder", "datter", "døtre", "søn", "sønner", "bror", "brødre", "søster",
    "søstre", "søskende", "mormor", "morfar", "farmor", "farfar", "moster", "faster", "onkel", "tante", "kone",
    "mand", "kæreste", "familie", "plejefamilie", "plejemor", "plejefar", "stedfar", "stedmor", "bedstemor",
    "bedstefar", "værge", "lærer", "pædagog", "kontaktperson", "sagsbehandler", "hjemmehjælper", "læge",
    "sprog", "medicin", "trivsel", "fravær", "handleplan", "ansøgning", "sag", "journal", "værelse",
    "lejlighed", "mother", "father", "mum", "mom", "dad", "parents", "sister", "brother", "wife", "husband",
    # a colleague's occasions and things ("elses afsked", "stens oplader")
    "afsked", "afskedsreception", "reception", "fødselsdag", "jubilæum", "bryllup", "barsel", "opsigelse",
    "oplader", "taske", "jakke", "telefon", "mobil", "cykel", "nøgler", "nøglekort", "kaffekop", "madpakke",
    "computer", "skrivebord", "plads", "vagt", "vagter", "borgere", "kalender", "mail", "bil",
})


#: The fewest items of a list of lower-case listed names that shows it lists people on its own.
_MIN_LISTED_NAMES = 3


def _name_lists(doc: NameDoc, name_at: Callable[[int], LowercaseName | None]) -> list[int]:
    """Tokens of lists of three or more lower-case listed names and nothing else, joined by commas and a last
    og/and ("vagter til rose, sol, ask og kim"): words that are also names may each be a word, but a list made
    only of names lists people. Each item is one token; a list broken by any other word is no list."""
    tokens, n = doc.tokens, len(doc.tokens)
    if tokens.count(",") < _MIN_LISTED_NAMES - 2:
        return []
    memo: dict[int, bool] = {}

    def listed(k: int) -> bool:
        if k not in memo:
            memo[k] = _listed(doc, k, name_at)
        return memo[k]

    out: list[int] = []
    i = 0
    while i < n:
        if tokens[i] in (",", *_LOWER_COORDINATORS) or not listed(i):
            i += 1
            continue
        items = [i]
        k = i
        while k + 2 < n and tokens[k + 1] == "," and listed(k + 2):
            k += 2
            items.append(k)
        if (
            len(items) + 1 >= _MIN_LISTED_NAMES
            and k + 2 < n
            and tokens[k + 1] in _LOWER_COORDINATORS
            and listed(k + 2)
            and not doc.lowered(k + 3)[:1].isdigit()  # "sol, vind og regn 12"
        ):
            out.extend((*items, k + 2))
            i = k + 3
        else:
            i = k + 1
    return out


def _listed(doc: NameDoc, k: int, name_at: Callable[[int], LowercaseName | None]) -> bool:
    """Token k is a lower-case listed name that is no Danish function word ("hans", "min")."""
    name = name_at(k)
    return name is not None and name.folded not in _DA_STOP_WORDS


def _brand(token: str) -> bool:
    """A word with a capital inside ("iPhone", "eBoks", "MobilePay"): a product's name."""
    return (
        len(token) > 2
        and token[:1].isalpha()
        and any(ch.isupper() for ch in token[1:])
        and not token.isupper()
    )
