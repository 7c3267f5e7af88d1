"""Addresses split over a table's columns: `Gade;Nr;Etage;Postnr;By` in an export of a case system.

No single cell holds an address there ("Elmegade", "5", "3. tv", "2200", "København N"), so no pattern
finds one; the header says what each column holds. In a row whose street column holds a street name and
whose number column (or the street cell itself) holds a house number, every part of the address is
personal data: the street, the number, the floor and door, and the postcode and town written with them, as
they are in a sentence or a letter's address block. In neighbouring columns they are one value (one home,
one placeholder). A form that gives the address a row and the postcode and town the next ("| Adresse |
Elmegade 5 |" over "| Postnr. og by | 2200 København N |", or over an unlabelled row) is read the same way.
A postcode or town column in a table without a street column stays readable: it names a district of
thousands, not a home.
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
        "vej og nr", "hjemadresse", "bopælsadresse", "privatadresse", "folkeregisteradresse", "home address",
        "udenlandsk adresse", "adresse i udlandet", "adresse i hjemland",
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
    "town": frozenset({"by", "bynavn", "postdistrikt", "postby", "town", "city", "post by", "postnr. og by",
                       "postnr og by", "postnummer og by", "post nr. og by", "postnr./by", "postnr/by",
                       "zip/city", "postcode and town"}),
}

_STREET = re.compile(r"[^\W\d_][^\n;|\t]{0,60}")
_HOUSE_NUMBER = re.compile(r"\d{1,4}(?:[ ]?[A-Za-zÆØÅæøå])?(?:-\d{1,4})?")
_FLOOR = re.compile(r"[\w .,/-]{1,20}")
_POSTCODE = re.compile(r"(?:DK-?)?\d{4}|[1-9]\d\d")
# A town, maybe after its postcode ("2200 København N" in a "Postnr. og by" column)
_TOWN = re.compile(r"(?:(?:(?:[A-Z]{2}-)?\d{3,5}|\d{3}[ ]\d{2}|\d{2}-\d{3})[ ]+)?[^\W\d_][\w .'-]{0,40}")
# A postcode and town at home or abroad: "2200 København N", "FO-100 Tórshavn", "412 63 Göteborg", "02-672
# Warszawa", "00530 Helsinki"
_POSTCODE_AND_TOWN = re.compile(
    r"(?:(?:[A-Z]{2}-)?\d{3,5}|\d{3}[ ]\d{2}|\d{2}-\d{3})[ ]+[^\W\d_][\w .'-]{0,40}")
#: The parts that point at one home, and what is written with them.
_DWELLING = frozenset({"street", "number", "floor"})
_WITH_DWELLING = frozenset({"postcode", "town"})
_VALUE = {"street": _STREET, "number": _HOUSE_NUMBER, "floor": _FLOOR, "postcode": _POSTCODE, "town": _TOWN}


def address_cells(text: str, layout: Layout) -> Iterator[tuple[int, int]]:
    """(start, end) of the parts of an address split over `text`'s table columns that point at a home: the
    street, number and floor, as one span where they stand in neighbouring columns."""
    home_above = False  # the row before was a form's address row with a house number
    for row in _rows(text, layout.cells):
        parts = [(part, cell) for cell in row if (part := _part(cell)) is not None]
        if home_above and len(row) <= 2 and _town_row(text, row, parts):
            # "| Postnr. og by | 2200 København N |" or "|  | 2200 København N |" under the address
            yield from ((cell.start, cell.end) for cell in row if _POSTCODE_AND_TOWN.fullmatch(_value(text, cell)))
            home_above = False
            continue
        home_above = False
        street = next((cell for part, cell in parts if part == "street"), None)
        if street is None or not _fits("street", text, street):
            continue
        has_number = any(part == "number" and _fits(part, text, cell) for part, cell in parts) or any(
            ch.isdigit() for ch in text[street.start : street.end]
        )
        if not has_number:
            continue  # a street alone in a "Vej" column is a place, not yet someone's address
        if len(parts) < 2:
            home_above = len(row) <= 2  # a form's row: its postcode and town may follow on the next
            continue  # one address cell: the patterns read it
        # the floor and the door may have a column each ("Etage", "Side/dør"); the postcode and the town too
        yield from _joined([(part, cell) for part, cell in parts
                            if (part in _DWELLING or part in _WITH_DWELLING) and _fits(part, text, cell)])


def _town_row(text: str, row: list[Cell], parts: list[tuple[str, Cell]]) -> bool:
    """A form's row that holds a postcode and town: labelled so, without a label, or continuing the address."""
    labels = {part for part, _ in parts}
    return labels <= _WITH_DWELLING | {"street"} and any(
        _POSTCODE_AND_TOWN.fullmatch(_value(text, cell)) for cell in row)


def _value(text: str, cell: Cell) -> str:
    return text[cell.start : cell.end].strip()


def _joined(parts: list[tuple[str, Cell]]) -> Iterator[tuple[int, int]]:
    """Spans of the cells, cells in neighbouring columns joined into one; a number or floor column counts only
    beside the street's or the town's ("Nr." of a numbered list, far from "Adresse", is no house number)."""
    runs: list[list[tuple[str, Cell]]] = []
    for part, cell in parts:
        if runs and cell.column == runs[-1][-1][1].column + 1:
            runs[-1].append((part, cell))
        else:
            runs.append([(part, cell)])
    for run in runs:
        if any(part not in ("number", "floor") for part, _ in run):
            yield run[0][1].start, run[-1][1].end


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
