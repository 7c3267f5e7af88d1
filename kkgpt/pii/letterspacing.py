"""Letter-spaced text: "M A R I A   H O L M", "C P R : 0 1 0 1 9 0 - 1 2 3 4", read as words.

Letterheads, forms and PDF extraction space letters and digits apart; no recognizer reads a name or a number
written so. `collapse` finds runs of single characters separated by single spaces (at least four of them)
and gives a view of the text with each run written together and the wider gaps between runs (the spaces
between the spaced-out words) as one space, with the map back to the original and the view's regions that
were collapsed. The analyzer reads that view too and keeps what it finds in those regions.
"""

from __future__ import annotations

import re
from array import array

from kkgpt.pii.normalise import NormalisedText

# Four to thirty single letters, digits or signs of a number, each followed by one space, the last by no
# letter or digit ("H O L M,"); a longer run is no spaced-out value, and is left as it is.
_RUN = re.compile(r"(?<!\S)(?:[^\W_+:.\-][ ]|[+:.\-][ ](?=[^\W_])){3,29}[^\W_](?![^\W_]|[ ]\S(?!\S))")
# Between two runs on a line: the wider gap that separates the spaced-out words.
_GAP = re.compile(r"[ ]{2,4}")


def collapse(text: str) -> tuple[NormalisedText, list[tuple[int, int]]] | None:
    """The view of `text` with its letter-spaced runs written together, and the view's (start, end) of each
    collapsed stretch; None when the text has no such run."""
    runs = [m.span() for m in _RUN.finditer(text)]
    if not runs:
        return None
    pieces: list[str] = []
    starts = array("l")
    ends = array("l")
    regions: list[tuple[int, int]] = []
    done = 0
    size = 0
    for k, (start, end) in enumerate(runs):
        if done < start:  # text between runs, kept as it is
            pieces.append(text[done:start])
            starts.extend(range(done, start))
            ends.extend(range(done + 1, start + 1))
            size += start - done
        region_start = size
        previous = ""
        for i in range(start, end, 2):  # the run's characters, without the spaces between them
            kind = "digit" if text[i].isdigit() else "letter" if text[i].isalpha() else previous
            if previous and kind != previous:  # "5 2 i dag": the number ends where the letters begin
                pieces.append(" ")
                starts.append(i - 1)
                ends.append(i)
                size += 1
            previous = kind
            pieces.append(text[i])
            starts.append(i)
            ends.append(i + 1)
            size += 1
        done = end
        following = runs[k + 1][0] if k + 1 < len(runs) else -1
        if following > end and _GAP.fullmatch(text, end, following):
            pieces.append(" ")  # "M A R I A   H O L M": the gap between the spaced-out words
            starts.append(end)
            ends.append(following)
            size += 1
            done = following
        regions.append((region_start, size))
    if done < len(text):
        pieces.append(text[done:])
        starts.extend(range(done, len(text)))
        ends.extend(range(done + 1, len(text) + 1))
    return NormalisedText("".join(pieces), starts, ends), _joined(regions)


def _joined(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Regions that touch merged into one ("MARIA HOLM" is one region)."""
    merged: list[tuple[int, int]] = []
    for start, end in regions:
        if merged and merged[-1][1] >= start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
