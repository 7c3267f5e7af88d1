"""Text normalisation before analysis, with a map back to the text the employee sent.

Text copied out of Word, PDF, Outlook and web pages carries characters that look like ordinary ones but are
not: non-breaking, thin and narrow spaces, soft hyphens and zero-width characters inside words, ligatures
("ﬁ", "ﬀ"), full-width digits, accents written as separate combining marks and Windows line ends. Recognizers
are written for ordinary text, so the analyzer reads the text once normalised (Unicode NFKC, those spaces as
spaces, the invisible characters removed, CRLF as LF) and maps every span found back to exact offsets in the
original, so masking, the preview and restoring work on what the employee sent. The underscores in an
attached file's name are read as spaces ("Bilag_Jens_Hansen.docx"), and an HTML line break in a Markdown
table's cell ("Ahmad Shah Wardak<br>Dronningensgade 92B") as a line end; both keep the length.

Ordinary text is detected with one C-speed check and costs nothing more; only text that needs normalising
is walked character by character (linear in its length).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

# Characters NFKC keeps that the recognizers should not see: soft hyphen, zero-width space/joiners, word
# joiner, byte order mark, carriage returns; hyphens outside ASCII, the minus sign and an en dash between two
# digits, as Word puts into numbers ("130446–5790"), become "-". An en dash elsewhere is prose ("Mon–Thu").
_REMOVED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_REPLACED = {"\r": "\n", "\u2010": "-", "\u2011": "-", "\u2212": "-"}
# A document's or picture's extension ending a file's name; the name before it is read back from there.
_EXTENSION = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|msg|eml|txt|csv|odt|rtf|jpe?g|png|heic|tiff?|zip)(?!\w)",
                        re.IGNORECASE)
#: The longest file name read back from its extension.
_LONGEST_FILE_NAME = 120
# An underscore before a word or a CPR-shaped number ("Bilag_Jens", "_0103851234"), not before a date or a
# counter ("lonfil_20250424.csv").
_NAME_PART = re.compile(r"_(?=[^\W\d_]|\d{6}-?\d{4}(?!\d))")
_SPECIAL = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\r\u2010\u2011\u2212]|\\d\u2013\\d")
_EN_DASH = "\u2013"


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """A normalised copy of a text and, for each of its characters, where it came from in the original."""

    text: str
    #: Original offset where the character at each normalised offset begins; None when the text is unchanged.
    starts: array | None = None
    #: Original offset just after the source of the character at each normalised offset.
    ends: array | None = None

    @property
    def changed(self) -> bool:
        """True when the normalised text differs from the original."""
        return self.starts is not None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalised span [start, end): every source character it covers."""
        if self.starts is None or self.ends is None or end <= start:
            return start, end
        return self.starts[start], self.ends[end - 1]


class ViewBuilder:
    """A view of a text built piece by piece, each of its characters mapped to where it came from."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pieces: list[str] = []
        self._starts = array("l")
        self._ends = array("l")

    @property
    def size(self) -> int:
        """Characters in the view so far."""
        return len(self._starts)

    def keep(self, begin: int, end: int) -> None:
        """Copy text[begin:end] into the view as it is."""
        self._pieces.append(self._text[begin:end])
        self._starts.extend(range(begin, end))
        self._ends.extend(range(begin + 1, end + 1))

    def put(self, char: str, start: int, end: int) -> None:
        """Write one character that stands for text[start:end] ("\n" read as " ")."""
        self._pieces.append(char)
        self._starts.append(start)
        self._ends.append(end)

    def build(self) -> NormalisedText:
        """The view, with its map back to the text."""
        return NormalisedText("".join(self._pieces), self._starts, self._ends)


def normalise(text: str) -> NormalisedText:
    """`text` normalised for analysis (see the module docstring), with the offset map back to `text`."""
    if unicodedata.is_normalized("NFKC", text) and _SPECIAL.search(text) is None:
        return NormalisedText(_line_breaks(_file_names(text)))
    pieces: list[str] = []
    starts = array("l")
    ends = array("l")
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        char = text[i]
        if char == "\r" and j < n and text[j] == "\n":
            j += 1  # CRLF is one line end
        else:
            while j < n and unicodedata.combining(text[j]):
                j += 1  # a base character and its combining marks normalise together ("e" + "\u0301")
        if char in _REMOVED and j == i + 1:
            i = j
            continue
        piece = _REPLACED.get(char) if j == i + 1 or char == "\r" else None
        if char == _EN_DASH and 0 < i and j < n and text[i - 1].isdigit() and text[j].isdigit():
            piece = "-"
        if piece is None:
            piece = unicodedata.normalize("NFKC", text[i:j])
        pieces.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return NormalisedText(_line_breaks(_file_names("".join(pieces))), starts, ends)


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _line_breaks(text: str) -> str:
    """`text` with each `<br>` read as spaces and a line end, of the same length: a cell's lines in a Markdown
    table are separate lines to the recognizers."""
    if "<br" not in text and "<BR" not in text:
        return text
    return _BR.sub(lambda m: " " * (len(m.group()) - 1) + "\n", text)


def _file_names(text: str) -> str:
    """`text` with the underscores of attached files' names read as spaces ("Partshoering_0103851234.pdf",
    "Bilag_Jens_Hansen.docx"), so the values in them are found; the length stays, and so do the offsets."""
    if "_" not in text:
        return text
    pieces: list[str] = []
    done = 0
    for m in _EXTENSION.finditer(text):
        start = m.start()
        limit = max(done, start - _LONGEST_FILE_NAME)
        while start > limit and (text[start - 1].isalnum() or text[start - 1] in "_-"
                                 or (text[start - 1] == " " and text[start - 2:start - 1].isalnum())):
            start -= 1  # back over the name, spaces too ("Bilag_1004644543_Gulalai Khan.pdf"), a bounded look
        if "_" in text[start:m.start()]:
            pieces += [text[done:start], _NAME_PART.sub(" ", text[start:m.start()])]
            done = m.start()
    return "".join([*pieces, text[done:]]) if pieces else text
