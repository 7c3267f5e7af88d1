"""A column without a header is of the kind most of its values are found to be.

An export without a header row ("TCX 570,SE,Gustav Lindgren,600524-9528,...") gives no label to say what a
column holds, and a value whose own check fails, or whose shape alone says too little, is then missed while
the values above and below it in the same column are found: a mistyped Swedish personnummer among valid
ones, a Polish plate among plates, a CPR number typed without its dash. When at least two thirds of a
column's values, and three or more, are found whole as one kind of identifying number, the column's other
values that have the shape of such a value (four digits or more; two for a plate) are that kind too. Names are left to the name
recognizer's own column rule, which knows the words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kkgpt.pii.layout import Layout
from kkgpt.pii.types import Detection

#: Kinds a column of values can be inferred to hold: numbers and codes, and street addresses (a street's
#: name and a house number), not words.
COLUMN_KINDS = frozenset({"NATIONAL_ID", "DK_CPR", "DK_LICENSE_PLATE", "PHONE_NUMBER", "DK_BANK_ACCOUNT",
                          "DK_ADDRESS"})
#: The fewest values found whole, and the share of the column's values, before the column has a kind.
MIN_FOUND = 3
MIN_SHARE = 2 / 3
#: Score of a value given its column's kind.
SCORE = 0.5
# A value that could be an identifying number or a plate: letters, digits and separators, with a digit.
_NUMBER_LIKE = re.compile(r"(?=[^\n]*\d)[A-Za-z0-9][A-Za-z0-9 +\-./]{2,24}")
# A value that could be a street address: words, then a house number, maybe a floor and a door ("Ruten 239A").
_STREET_LIKE = re.compile(r"[^\W\d_][^\W\d_ .'-]*(?:[ .'-]{1,2}[^\W\d_]+){0,4}[ ]\d{1,4}[A-Za-z]?(?:[ ,.][\w .,]{0,20})?")
# A postcode and its town in the column after the street's ("2700 Brønshøj", "2300 København S").
_POSTCODE_TOWN = re.compile(r"(?:DK-?)?\d{4}[ ]+[^\W\d_][\w .'-]{1,30}")


def column_kinds(text: str, layout: Layout, found: Sequence[Detection]) -> list[Detection]:
    """Values of header-less columns given the kind most of their values were found to be (see above)."""
    columns: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for cell in layout.cells:
        if not cell.header and cell.label is None and cell.end > cell.start:
            columns.setdefault((cell.table, cell.column), []).append((cell.start, cell.end))
    if not columns:
        return []
    whole: dict[tuple[int, int], str] = {}
    for d in found:
        if d.entity_type in COLUMN_KINDS:
            whole[(d.start, d.end)] = d.entity_type
    covered = bytearray(len(text))  # what any detection covers: testing a cell costs its length
    for d in found:
        covered[d.start:d.end] = b"\x01" * (d.end - d.start)
    extra: list[Detection] = []
    for (table, column), cells in columns.items():
        kinds = [_kind_of(text, start, end, whole) for start, end in cells]
        counted = {kind: kinds.count(kind) for kind in set(kinds) if kind is not None}
        if not counted:
            continue
        kind, count = max(counted.items(), key=lambda item: item[1])
        if count < MIN_FOUND or count < MIN_SHARE * len(cells):
            continue
        for (start, end), own in zip(cells, kinds, strict=True):
            value_start, value_end = _stripped(text, start, end)
            if own is None and covered.find(1, value_start, value_end) < 0 and _shaped(text, value_start, value_end, kind):
                extra.append(Detection(kind, value_start, value_end, SCORE))
        if kind == "DK_ADDRESS":
            extra += _towns(text, columns.get((table, column + 1), []), covered)
    return extra


def _shaped(text: str, start: int, end: int, kind: str) -> bool:
    """The value has the shape of a value of the kind: a street and a house number for an address, else
    letters and digits with enough digits (two for a plate, four for a number)."""
    if kind == "DK_ADDRESS":
        return _STREET_LIKE.fullmatch(text, start, end) is not None
    digits = sum(ch.isdigit() for ch in text[start:end])
    return _NUMBER_LIKE.fullmatch(text, start, end) is not None and digits >= (2 if kind == "DK_LICENSE_PLATE" else 4)


def _towns(text: str, cells: list[tuple[int, int]], covered: bytearray) -> list[Detection]:
    """The postcodes and towns of the column after a column of street addresses, when most of its values are
    such ("Ruten 239A;2700 Brønshøj"): together they point at a home."""
    values = [_stripped(text, start, end) for start, end in cells]
    towns = [(start, end) for start, end in values if _POSTCODE_TOWN.fullmatch(text, start, end)]
    if len(towns) < MIN_FOUND or len(towns) < MIN_SHARE * len(cells):
        return []
    return [Detection("DK_ADDRESS", start, end, SCORE) for start, end in towns if covered.find(1, start, end) < 0]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The cell without spaces and quotes around its value."""
    while start < end and text[start] in " \t\"'":
        start += 1
    while end > start and text[end - 1] in " \t\"'":
        end -= 1
    return start, end


def _kind_of(text: str, start: int, end: int, whole: dict[tuple[int, int], str]) -> str | None:
    """The kind of the detection that covers the cell's value whole, if any."""
    return whole.get(_stripped(text, start, end))

