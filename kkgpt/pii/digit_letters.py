"""Numbers typed with the letter O for a zero or l for a one: "2O 45 67 89", "O1O17O-1234", "2l 83 47 09".

On a phone keyboard or in a hurry, staff and citizens type the letter O for the digit 0 and a small L for
the digit 1; no number recognizer reads the result. `digits_for_letters` gives a view of the text with such
letters read as digits,
and the regions it changed; the view has the text's length, so its offsets are the text's own. A run counts
only when it holds at least four real digits and at most three such letters, so words ("Oslo", "oo") and
codes with one digit ("O2") are left as they are.
"""

from __future__ import annotations

import re
from array import array

from kkgpt.pii.normalise import NormalisedText

# Digits and O's, maybe grouped by single spaces or dashes, with a letter O touching a digit somewhere; not
# inside a word. Bounded: the longest number read so is 30 characters.
_RUN = re.compile(r"(?<![^\W\d_])[\dOol](?:[ \-]?[\dOol]){5,29}(?![^\W\d_])")
_LETTERS = re.compile(r"[Ool]")
# A run that counts holds a letter and a digit side by side (maybe a space or dash apart): a cheap test that
# saves the scan above, which tries every "o" and "l" of the text.
_LETTER_BY_DIGIT = re.compile(r"[Ool][ \-]?\d|\d[ \-]?[Ool]")
_DIGIT_OF = {"O": "0", "o": "0", "l": "1"}
_MIN_DIGITS = 4
_MAX_LETTERS = 3


def digits_for_letters(text: str) -> tuple[NormalisedText, list[tuple[int, int]]] | None:
    """The view of `text` with O's inside numbers read as zeros and the regions changed, or None when the
    text has no such number."""
    if "o" not in text and "O" not in text and "l" not in text or _LETTER_BY_DIGIT.search(text) is None:
        return None
    chars: list[str] | None = None
    regions: list[tuple[int, int]] = []
    for m in _RUN.finditer(text):
        run = m.group()
        letters = run.count("o") + run.count("O") + run.count("l")
        if not letters or letters > _MAX_LETTERS or sum(c.isdigit() for c in run) < _MIN_DIGITS:
            continue
        if chars is None:
            chars = list(text)
        for letter in _LETTERS.finditer(run):
            chars[m.start() + letter.start()] = _DIGIT_OF[letter.group()]
        regions.append(m.span())
    if chars is None:
        return None
    n = len(text)
    return NormalisedText("".join(chars), array("l", range(n)), array("l", range(1, n + 1))), regions
