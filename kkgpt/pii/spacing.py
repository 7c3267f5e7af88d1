"""Spacing a PDF's extraction leaves: spaces before punctuation ("Elmegade 5 , 2 . sal , 2200 Kbh . N") and
the doubled spaces of justified text ("Holmbladsgade  69A,  2.,  2300 København S").

Text extracted from a PDF whose characters were placed one by one often gets a space before every full
stop and comma, and a justified paragraph comes out with two or three spaces between its words. The
punctuation then no longer belongs to its word, and the patterns, which read one space between the parts
of an address or a phone number, no longer see one. `tighten` gives a view of the text with each space
before punctuation removed and each run of spaces between words read as one, with the map back to the
original and the view's offsets where spaces were taken out; the analyzer reads that view too and keeps
what it finds across those places. Letter-spaced text ("M A R I A   H O L M") is left to
`kkgpt.pii.letterspacing`: a run of spaces between two single characters is not touched.
"""

from __future__ import annotations

import re

from kkgpt.pii.normalise import NormalisedText, ViewBuilder

# One space between a letter or digit and a full stop or comma that ends a word ("2 . sal", "5 , 2").
_SPACE_BEFORE = re.compile(r"(?<=[^\W_]) (?=[.,](?:\s|$))")
# Two or three spaces between words of a justified line (a wider gap separates a form's columns), unless
# both words are single characters; the first space stays.
_JUSTIFIED = re.compile(r"(?<=\S) (?P<extra> {1,2})(?=\S)")


def tighten(text: str) -> tuple[NormalisedText, list[int]] | None:
    """The view of `text` without its spaces before punctuation and with one space between justified words,
    and the view's offsets where spaces were taken out; None when the text has none of either."""
    # The scans try every character; a text without " .", " ," or two spaces in a row (most prompts) needs neither.
    before = [m.span() for m in _SPACE_BEFORE.finditer(text)] if " ." in text or " ," in text else []
    justified = [m.span("extra") for m in _JUSTIFIED.finditer(text) if _between_words(text, m.start(), m.end())] \
        if "  " in text else []
    cuts = sorted(before + justified)
    if not cuts:
        return None
    view = ViewBuilder(text)
    joints: list[int] = []
    done = 0
    for start, end in cuts:
        if start < done:
            continue
        view.keep(done, start)
        joints.append(view.size)
        done = end
    view.keep(done, len(text))
    return view.build(), joints


def _between_words(text: str, start: int, end: int) -> bool:
    """A run of spaces around [start, end) lies between two words, not two letter-spaced characters."""
    left = start - 1
    while left >= 0 and text[left] == " ":
        left -= 1
    single_left = left >= 0 and (left == 0 or text[left - 1].isspace())
    single_right = end < len(text) and (end + 1 >= len(text) or text[end + 1].isspace())
    return not (single_left and single_right)
