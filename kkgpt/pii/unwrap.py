"""Soft line breaks: prose wrapped by a PDF, a mail client or a narrow column, read as one line.

Text extracted from a PDF or copied from a wrapped mail breaks lines wherever the column ended, also in the
middle of a value: "Anne Marie\\nTornsbjerg", "Borgbjergsvej\\n112, 3. tv.", "31 84\\n27 90", and a word
hyphenated at the line's end ("Roskilde-\\nvej 84"). `unwrap` finds such soft breaks and gives a view of the
text with each one read as a space (a hyphen at the end of a line and a break before a lower-case letter
as nothing), with the map back to the original; the analyzer reads that view too and keeps what it finds
across a break. A page break inside a paragraph is read the same way, over the page number and the
running header and footer that extraction put between the two pages ("Anne Marie\nSide 1 af 4\n\nTornsbjerg"). A line break is soft when it sits inside a paragraph of prose: the line before is long and
ends without a full stop or a colon, and the line after goes on with a word or a number, not a list's
bullet, a table's row, a quoted reply, a list's number, a time or a form's label.
"""

from __future__ import annotations

import re

from kkgpt.pii.normalise import NormalisedText, ViewBuilder

#: A wrapped line is at least this long; shorter lines are lists, addresses in a letter's header, verses.
MIN_WRAPPED_LINE = 25

# The line after a soft break starts with a word or a number, not a bullet, a row, a quote or a label.
# A list's number ("3. Principper") or a time ("13:00 Telefonsamtale") opens a new item instead.
_CONTINUES = re.compile(r"[ \t]*(?![-*•>|])(?![^\W\d_][\w .'-]{0,25}:)(?!\d{1,2}[.):]\s|\d{1,2}[:.]\d\d)[^\W_]")
_TABULAR = re.compile(r"[|\t]")
_FIELDS = re.compile(r"[;,]")
#: A line of four or more fields split by commas or semicolons is a table's row when its fields are this
#: short on average; prose has longer stretches between its commas.
_MAX_FIELD_WORDS = 3


# A page's furniture that extraction puts between a page's last line and the next page's first: a page
# number ("Side 2 af 4", "Page 3", "- 2 -", "2/4"), blank lines and form feeds.
_PAGE_NUMBER = re.compile(
    r"[ \t\f]*(?:(?:side|page|s\.)[ \t]*\d{1,4}(?:[ \t]*(?:af|of|/|ud af)[ \t]*\d{1,4})?"
    r"|-?[ \t]*\d{1,4}[ \t]*-?|\d{1,4}[ \t]*/[ \t]*\d{1,4})[ \t]*",
    re.IGNORECASE,
)
_PAGE_NUMBER_LINE = re.compile(rf"^{_PAGE_NUMBER.pattern}$", re.IGNORECASE | re.MULTILINE)
#: At most this many lines of furniture (page number, running header and footer, blank lines) are skipped.
MAX_FURNITURE_LINES = 6
#: A running header or footer is a line of at most this many characters that the text repeats.
MAX_RUNNING_LINE = 80


def soft_breaks(text: str) -> list[tuple[int, int]]:
    """(offset of the line break, offset where the paragraph goes on) for the line breaks in `text` that
    wrap a paragraph (see the module docstring); the paragraph goes on after the break, or after the page
    furniture (a page number, running headers and footers) that a page break put in between."""
    found: list[tuple[int, int]] = []
    running = _running_lines(text) if _PAGE_NUMBER_LINE.search(text) else None
    start = 0
    while (newline := text.find("\n", start)) >= 0:
        line = text[start:newline].rstrip(" \t")
        if len(line) >= MIN_WRAPPED_LINE and line[-1] not in ".!?:;|)]\"”" and not _tabular(line):
            resume = _after_furniture(text, newline + 1, running) if running is not None else None
            if resume is not None:
                found.append((newline, resume))
                start = resume  # the furniture's lines wrap nothing
                continue
            if _CONTINUES.match(text, newline + 1) is not None and not _page_label(text, newline + 1):
                found.append((newline, newline + 1))
        start = newline + 1
    return found


def _tabular(line: str) -> bool:
    """A table's row: split by tabs or pipes, or into four or more short fields by commas or semicolons."""
    if _TABULAR.search(line) is not None:
        return True
    fields = _FIELDS.split(line)
    return len(fields) >= 4 and len(line.split()) <= _MAX_FIELD_WORDS * len(fields)


def _page_label(text: str, start: int) -> bool:
    """The line at `start` is a page number with a word or dashes ("Side 2 af 4", "- 2 -"); a bare number
    may be the end of a value ("81 49 88\n34")."""
    line = text[start:_line_end(text, start)]
    return not line.strip().isdigit() and _PAGE_NUMBER.fullmatch(line) is not None


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _running_lines(text: str) -> frozenset[str]:
    """Short lines the text repeats: running headers and footers of its pages."""
    counts: dict[str, int] = {}
    for line in text.split("\n"):
        line = line.strip()
        if line and len(line) <= MAX_RUNNING_LINE:
            counts[line] = counts.get(line, 0) + 1
    return frozenset(line for line, count in counts.items() if count > 1)


def _after_furniture(text: str, start: int, running: frozenset[str]) -> int | None:
    """Where the text goes on after page furniture that starts at `start` and holds a page number, if the
    next line continues a paragraph; else None."""
    position = start
    page_number = False
    for _ in range(MAX_FURNITURE_LINES):
        end = _line_end(text, position)
        line = text[position:end]
        if _PAGE_NUMBER.fullmatch(line) is not None and line.strip(" \t\f"):
            page_number = True
        elif line.strip(" \t\f") and line.strip() not in running:
            break
        position = end + 1
    if not page_number or _CONTINUES.match(text, position) is None:
        return None
    return position


def unwrap(text: str) -> tuple[NormalisedText, list[int]] | None:
    """The view of `text` with its soft breaks joined, and the view's offsets of the joints; None when
    the text has none."""
    breaks = soft_breaks(text)
    if not breaks:
        return None
    view = ViewBuilder(text)
    joints: list[int] = []
    done = 0
    for newline, after in breaks:
        hyphen = newline > 0 and text[newline - 1] == "-" and text[after:after + 1].islower()
        view.keep(done, newline - 1 if hyphen else newline)
        joints.append(view.size)
        if not hyphen:  # "Roskilde-\nvej": the word goes on; otherwise the break reads as a space
            view.put(" ", newline, newline + 1)
        done = after
    view.keep(done, len(text))
    return view.build(), joints
