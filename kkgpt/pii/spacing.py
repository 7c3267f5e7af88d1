"""Spaces before punctuation, as a PDF's extraction leaves them: "Elmegade 5 , 2 . sal , 2200 Kbh . N".

Text extracted from a PDF whose characters were placed one by one often gets a space before every full
stop and comma. The punctuation then no longer belongs to its word, and "2 . sal" or "Kbh . N" no longer
reads as a floor or a town. `tighten` gives a view of the text with each such space removed, with the map
back to the original and the view's offsets where a space was taken out; the analyzer reads that view too
and keeps what it finds across those places.
"""

from __future__ import annotations

import re
from array import array

from kkgpt.pii.normalise import NormalisedText

# One space between a letter or digit and a full stop or comma that ends a word ("2 . sal", "5 , 2").
_SPACE_BEFORE = re.compile(r"(?<=[^\W_]) (?=[.,](?:\s|$))")


def tighten(text: str) -> tuple[NormalisedText, list[int]] | None:
    """The view of `text` without its spaces before punctuation, and the view's offsets where one was taken
    out; None when the text has none."""
    cuts = [m.start() for m in _SPACE_BEFORE.finditer(text)]
    if not cuts:
        return None
    pieces: list[str] = []
    starts = array("l")
    ends = array("l")
    joints: list[int] = []
    done = 0
    for cut in cuts:
        pieces.append(text[done:cut])
        starts.extend(range(done, cut))
        ends.extend(range(done + 1, cut + 1))
        joints.append(len(starts))
        done = cut + 1
    pieces.append(text[done:])
    starts.extend(range(done, len(text)))
    ends.extend(range(done + 1, len(text) + 1))
    return NormalisedText("".join(pieces), starts, ends), joints
