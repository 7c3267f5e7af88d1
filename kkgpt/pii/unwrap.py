"""Soft line breaks: prose wrapped by a PDF, a mail client or a narrow column, read as one line.

Text extracted from a PDF or copied from a wrapped mail breaks lines wherever the column ended, also in the
middle of a value: "Anne Marie\\nTornsbjerg", "Borgbjergsvej\\n112, 3. tv.", "31 84\\n27 90", and a word
hyphenated at the line's end ("Roskilde-\\nvej 84"). `unwrap` finds such soft breaks and gives a view of the
text with each one read as a space (a hyphen at the end of a line and a break before a lower-case letter
as nothing), with the map back to the original; the analyzer reads that view too and keeps what it finds
across a break. A line break is soft when it sits inside a paragraph of prose: the line before is long and
ends without a full stop or a colon, and the line after goes on with a word or a number, not a list's
bullet, a table's row, a quoted reply, a list's number, a time or a form's label.
"""

from __future__ import annotations

import re
from array import array

from kkgpt.pii.normalise import NormalisedText

#: A wrapped line is at least this long; shorter lines are lists, addresses in a letter's header, verses.
MIN_WRAPPED_LINE = 25

# The line after a soft break starts with a word or a number, not a bullet, a row, a quote or a label.
# A list's number ("3. Principper") or a time ("13:00 Telefonsamtale") opens a new item instead.
_CONTINUES = re.compile(r"[ \t]*(?![-*•>|])(?![^\W\d_][\w .'-]{0,25}:)(?!\d{1,2}[.):]\s|\d{1,2}[:.]\d\d)[^\W_]")
_TABULAR = re.compile(r"[|\t]|[;,].*[;,].*[;,]")


def soft_breaks(text: str) -> list[int]:
    """Offsets of the line breaks in `text` that wrap a paragraph (see the module docstring)."""
    found: list[int] = []
    start = 0
    while (newline := text.find("\n", start)) >= 0:
        line = text[start:newline].rstrip(" \t")
        if (
            len(line) >= MIN_WRAPPED_LINE
            and line[-1] not in ".!?:;|)]\"”"
            and _TABULAR.search(line) is None
            and _CONTINUES.match(text, newline + 1) is not None
        ):
            found.append(newline)
        start = newline + 1
    return found


def unwrap(text: str) -> tuple[NormalisedText, list[int]] | None:
    """The view of `text` with its soft breaks joined, and the view's offsets of the joints; None when
    the text has none."""
    breaks = soft_breaks(text)
    if not breaks:
        return None
    pieces: list[str] = []
    starts = array("l")
    ends = array("l")
    joints: list[int] = []
    done = 0
    size = 0

    def keep(begin: int, end: int) -> None:
        nonlocal size
        pieces.append(text[begin:end])
        starts.extend(range(begin, end))
        ends.extend(range(begin + 1, end + 1))
        size += end - begin

    for newline in breaks:
        hyphen = newline > 0 and text[newline - 1] == "-" and text[newline + 1:newline + 2].islower()
        cut = newline - 1 if hyphen else newline
        keep(done, cut)
        joints.append(size)
        after = newline + 1
        if hyphen:
            done = after  # "Roskilde-\nvej": the word goes on
        else:
            pieces.append(" ")
            starts.append(newline)
            ends.append(newline + 1)
            size += 1
            done = after
    keep(done, len(text))
    return NormalisedText("".join(pieces), starts, ends), joints
