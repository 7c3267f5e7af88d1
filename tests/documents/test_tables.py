"""Tables on a PDF page are read a row at a time, header first, each row one line of tab-separated cells with
every cell whole: lines wrapped in a cell joined with a space, a number or an e-mail address the cell broke
mid-way joined with nothing; the rest of the page reads as before."""

from __future__ import annotations

import time

import pytest

from kkgpt.documents.formats import read_document
from kkgpt.documents.limits import Limits
from tests.documents import samples
from tests.documents.test_columns import _as_today

LIMITS = Limits(max_bytes=5_000_000, max_pages=50, max_chars=400_000, max_unpacked_bytes=50_000_000)
# Where each column starts, as a generator lays out narrow cells (10 pt Helvetica, 12 pt between a cell's lines).
COLUMNS = (40, 130, 200, 280, 420, 505)
HEADER = ("Navn", "CPR", "Telefon", "Adresse", "E-mail", "Konto")
# Each cell as the generator wrapped it: a name at its hyphen, an address between words, an e-mail address and
# an account number where the cell ran out, a phone number and a foreign account number between their groups.
PEOPLE = [
    (["Jens Hansen"], ["010170-1234"], ["27 19 38 46"], ["Elmegade 5, 2200", "København N"],
     ["jens.hansen@gm", "ail.com"], ["2191-69719816", "70"]),
    (["Karin Bach-", "Bjørnholm"], ["120384-5678"], ["0045 40 63", "51 76"], ["Borgbjergsvej 112, 3. tv."],
     ["k.bjoernholm@", "gmail.com"], ["SE72 5000 0000", "0059 6020", "0292"]),
    (["Ali Hassan"], ["230591-4321"], ["+452972739", "0"], ["Nørrebrogade 75B, 2200", "København N"],
     ["ali@hassan.dk"], ["4180-3745"]),
]
ROWS = [
    "Jens Hansen\t010170-1234\t27 19 38 46\tElmegade 5, 2200 København N\tjens.hansen@gmail.com\t2191-6971981670",
    ("Karin Bach-Bjørnholm\t120384-5678\t0045 40 63 51 76\tBorgbjergsvej 112, 3. tv.\tk.bjoernholm@gmail.com"
     "\tSE72 5000 0000 0059 6020 0292"),
    "Ali Hassan\t230591-4321\t+4529727390\tNørrebrogade 75B, 2200 København N\tali@hassan.dk\t4180-3745",
]
ABOVE = ["Borgerservice har modtaget nedenstående oplysninger om ansøgerne til ledsagerordningen, og de",
         "bliver gennemgået af sagsbehandleren inden for fire uger, hvorefter ansøgerne får svar."]
BELOW = ["Oplysningerne er indhentet med samtykke fra ansøgerne og bliver slettet, når sagen er afsluttet,",
         "senest et år efter afgørelsen."]


def _text(data: bytes) -> str:
    return read_document("tabel.pdf", data, LIMITS)[1].text


def _table(people: list, *, header: bool = True, top: float = 760) -> list[tuple[float, float, str]]:
    """The runs of a table drawn as a generator draws it: each row as tall as its tallest cell, every cell's
    lines centred on the row's middle, rows drawn one after another."""
    runs: list[tuple[float, float, str]] = []
    y = top
    if header:
        runs += [(x, y, text) for x, text in zip(COLUMNS, HEADER, strict=True)]
        y -= 24
    for row in people:
        tallest = max(len(cell) for cell in row)
        middle = y - 6 * (tallest - 1)
        for x, cell in zip(COLUMNS, row, strict=True):
            first = middle + 6 * (len(cell) - 1)
            runs += [(x, first - 12 * index, line) for index, line in enumerate(cell)]
        y -= 12 * tallest + 10
    return runs


def _prose(lines: list[str], top: float) -> list[tuple[float, float, str]]:
    return [(40, top - 12 * index, line) for index, line in enumerate(lines)]


def test_a_table_of_narrow_cells_is_read_a_row_at_a_time_under_its_header() -> None:
    data = samples.positioned_pdf(_table(PEOPLE))
    # what pypdf reads: the rows run into each other, and the values the cells broke stay broken
    today = _as_today(data)
    assert "jens.hansen@gmail.com" not in today and "2191-6971981670" not in today and "+4529727390" not in today
    assert _text(data).split("\n") == ["\t".join(HEADER), *ROWS]


def test_a_table_without_a_header_row_is_read_a_row_at_a_time() -> None:
    data = samples.positioned_pdf(_table(PEOPLE, header=False))
    assert _text(data).split("\n") == ROWS


def test_the_prose_around_a_table_reads_as_it_did() -> None:
    above, below = _prose(ABOVE, 800), _prose(BELOW, 560)
    with_table = _text(samples.positioned_pdf([*above, *_table(PEOPLE, top=760), *below]))
    assert with_table.split("\n") == [
        _text(samples.positioned_pdf(above)),
        "\t".join(HEADER),
        *ROWS,
        "",  # the shield reads a table's rows down to a blank line
        _text(samples.positioned_pdf(below)),
    ]
    assert with_table.split("\n")[0] == " ".join(ABOVE)


def test_a_cell_of_three_lines_stays_in_its_row() -> None:
    people = [
        (["Ebbe Brøndum"], ["2610"], ["Rødovre"], ["Bispebjerg", "Parkallé 180, 3.", "mf."], ["x@kk.dk"], ["AB"]),
        (["Hiba al-Khatib"], ["2400"], ["Valby"], ["Strandboulevard", "en 139, 2 th"], ["y@kk.dk"], ["CD"]),
        (["Wei Huang"], ["2300"], ["Brønshøj"], ["Tingbjerg Allé", "173, 2. th."], ["z@kk.dk"], ["EF"]),
    ]
    assert _text(samples.positioned_pdf(_table(people))).split("\n")[1:] == [
        "Ebbe Brøndum\t2610\tRødovre\tBispebjerg Parkallé 180, 3. mf.\tx@kk.dk\tAB",
        "Hiba al-Khatib\t2400\tValby\tStrandboulevarden 139, 2 th\ty@kk.dk\tCD",
        "Wei Huang\t2300\tBrønshøj\tTingbjerg Allé 173, 2. th.\tz@kk.dk\tEF",
    ]


@pytest.mark.parametrize(
    ("lines", "cell"),
    [
        (["Administrativ", "medarbejder"], "Administrativ medarbejder"),  # a long word, then a word
        (["Dronningensgad", "e 82B, 1. sal"], "Dronningensgade 82B, 1. sal"),  # a long word a letter short
        (["Nordre Frihavnsgade 61,", "5. 512"], "Nordre Frihavnsgade 61, 5. 512"),
        (["Børne- og", "Ungdomsforv."], "Børne- og Ungdomsforv."),
        (["Børne-", "og Ungdomsforv."], "Børne- og Ungdomsforv."),
        (["Sjællandsgade", "148, 4. tv."], "Sjællandsgade 148, 4. tv."),  # a word, then a number
        (["SE72 5000 0000", "0059 6020"], "SE72 5000 0000 0059 6020"),  # groups wrapped at a space
        (["+452972739", "0"], "+4529727390"),
        (["serkan.sahin@g", "mail.com"], "serkan.sahin@gmail.com"),
    ],
)
def test_a_wrapped_cell_is_joined_with_a_space_unless_its_line_broke_a_value(lines: list[str], cell: str) -> None:
    people = [(["Jens Hansen"], ["2610"], lines), (["Ali Hassan"], ["2400"], ["Valby"])]
    runs = [(x, 760, text) for x, text in ((40, "Navn"), (130, "Postnr."), (200, "Stilling"))]
    y = 736
    for row in people:
        middle = y - 6 * (max(len(cell) for cell in row) - 1)
        for x, lines_ in zip((40, 130, 200), row, strict=True):
            runs += [(x, middle + 6 * (len(lines_) - 1) - 12 * index, line) for index, line in enumerate(lines_)]
        y -= 12 * max(len(cell) for cell in row) + 10
    assert _text(samples.positioned_pdf(runs)).split("\n")[1] == f"Jens Hansen\t2610\t{cell}"


def test_a_table_of_one_line_rows_keeps_every_row_and_leaves_the_heading_above_it() -> None:
    rows = [("Ajourføre journal", "SS", "03.03.2024"), ("Bestille tolk", "JP", "06.03.2025"),
            ("Næste samtale", "MS / Thusyanthan", "01.07.2025")]
    runs = [(40, 772, "Aftaler"), (40, 758, "Opgave"), (200, 758, "Ansvarlig"), (330, 758, "Frist")]
    runs += [(x, 744 - 14 * index, text) for index, row in enumerate(rows)
             for x, text in zip((40, 200, 330), row, strict=True)]
    assert _text(samples.positioned_pdf(runs)).split("\n") == [
        "Aftaler", "Opgave\tAnsvarlig\tFrist", *("\t".join(row) for row in rows)]


def test_a_long_table_is_read_whole_and_quickly() -> None:
    people = [(["Jens Hansen"], [f"0101{index % 100:02d}-1234"], ["27 19 38 46"],
               ["Elmegade 5, 2200", "København N"], ["jens.hansen@gm", "ail.com"], ["2191-697198"])
              for index in range(400)]
    data = samples.positioned_pdf(_table(people))
    started = time.perf_counter()
    lines = _text(data).split("\n")
    elapsed = time.perf_counter() - started
    assert len(lines) == 401 and lines[400].startswith("Jens Hansen\t010199-1234\t27 19 38 46\tElmegade 5, 2200 København N")
    assert elapsed < 10
