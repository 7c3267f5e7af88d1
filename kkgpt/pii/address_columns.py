"""Addresses split over a table's columns: `Gade;Nr;Etage;Postnr;By` in an export of a case system.

No single cell holds an address there ("Elmegade", "5", "3. tv", "2200", "København N"), so no pattern
finds one; the header says what each column holds. In a row whose street column holds a street name and
whose number column (or the street cell itself) holds a house number, every part of the address is
personal data: the street, the number, the floor and door. In neighbouring columns they are one value
(one home, one placeholder, as an address written in a sentence is). The postcode and town columns stay
readable: they name a district, not a home.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kkgpt.pii.layout import Cell, Layout

#: Column labels (lower case, without a last "." or ":") by the part of an address their cells hold.
ADDRESS_PARTS: dict[str, frozenset[str]] = {
    "street": frozenset({
        "gade", "vej", "gadenavn", "vejnavn", "gade/vej", "vej/gade", "street", "street name", "adresse",
        "adresselinje", "adresselinje 1", "adresse 1", "address", "address line 1", "bopæl", "gade og nr",
        "vej og nr",
    }),
    "number": frozenset({
        "nr", "husnr", "husnummer", "hus nr", "hus-nr", "nummer", "no", "number", "house number", "house no",
        "bygning",
    }),
    "floor": frozenset({
        "etage", "sal", "side", "dør", "etage/side", "etage og side", "etage/dør", "side/dør", "dør/side",
        "side/dør nr", "lejl", "lejlighed",
        "floor", "door", "apt", "apartment", "adresselinje 2", "address line 2", "værelse",
    }),
    "postcode": frozenset({"postnr", "post nr", "postnummer", "post-nr", "zip", "postcode", "post code",
                           "postal code", "zip code"}),
    "town": frozenset({"by", "bynavn", "postdistrikt", "postby", "town", "city", "post by"}),
}

_STREET = re.compile(r"[^\W\d_][^\n;|\t]{0,60}")
_HOUSE_NUMBER = re.compile(r"\d{1,4}(?:[ ]?[A-Za-zÆØÅæøå])?(?:-\d{1,4})?")
_FLOOR = re.compile(r"[\w .,/-]{1,20}")
_POSTCODE = re.compile(r"(?:DK-?)?\d{4}|[1-9]\d\d")
_TOWN = re.compile(r"[^\W\d_][\w .'-]{0,40}")
#: The parts that point at one home. A postcode and a town in their own columns name a district of
#: thousands, and stay readable for the model to sort and count by.
_DWELLING = frozenset({"street", "number", "floor"})
_VALUE = {"street": _STREET, "number": _HOUSE_NUMBER, "floor": _FLOOR, "postcode": _POSTCODE, "town": _TOWN}


def address_cells(text: str, layout: Layout) -> Iterator[tuple[int, int]]:
    """(start, end) of the parts of an address split over `text`'s table columns that point at a home: the
    street, number and floor, as one span where they stand in neighbouring columns."""
    for row in _rows(text, layout.cells):
        parts = [(part, cell) for cell in row if (part := _part(cell)) is not None]
        street = next((cell for part, cell in parts if part == "street"), None)
        if street is None or not _fits("street", text, street):
            continue
        has_number = any(part == "number" and _fits(part, text, cell) for part, cell in parts) or any(
            ch.isdigit() for ch in text[street.start : street.end]
        )
        if not has_number or len(parts) < 2:
            continue  # a street alone in a "Vej" column is a place, not yet someone's address
        # the floor and the door may have a column each ("Etage", "Side/dør")
        yield from _joined([cell for part, cell in parts if part in _DWELLING and _fits(part, text, cell)])


def _joined(cells: list[Cell]) -> Iterator[tuple[int, int]]:
    """Spans of the cells, cells in neighbouring columns joined into one."""
    span: tuple[int, int] | None = None
    last = -2
    for cell in cells:
        if span is not None and cell.column == last + 1:
            span = (span[0], cell.end)
        else:
            if span is not None:
                yield span
            span = (cell.start, cell.end)
        last = cell.column
    if span is not None:
        yield span


def _part(cell: Cell) -> str | None:
    if cell.header or not cell.label:
        return None
    label = cell.label.rstrip(".:").replace("_", " ")
    return next((part for part, labels in ADDRESS_PARTS.items() if label in labels), None)


def _fits(part: str, text: str, cell: Cell) -> bool:
    value = text[cell.start : cell.end].strip()
    return bool(value) and _VALUE[part].fullmatch(value) is not None


def _rows(text: str, cells: tuple[Cell, ...]) -> Iterator[list[Cell]]:
    """The value cells grouped by table row (a row ends where a line break lies between two cells)."""
    row: list[Cell] = []
    for cell in cells:
        if cell.header:
            continue
        if row and (cell.table != row[-1].table or "\n" in text[row[-1].end : cell.start]):
            yield row
            row = []
        row.append(cell)
    if row:
        yield row
