"""Pages laid out in columns (a newsletter, a letter with a sidebar) are read a column at a time, so a value
broken over a line in one column is whole again; forms and odd pages are read line by line as before, tables
a row at a time (tests/documents/test_tables.py)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from kkgpt.documents.formats import read_document
from kkgpt.documents.limits import Limits
from kkgpt.documents.pdf import reflow
from tests.documents import samples
from tests.documents.samples import FOOTER, HEADING, LEFT, RIGHT, newsletter

LIMITS = Limits(max_bytes=5_000_000, max_pages=50, max_chars=200_000, max_unpacked_bytes=50_000_000)


def _text(data: bytes) -> str:
    return read_document("nyhedsbrev.pdf", data, LIMITS)[1].text


def _pypdf(data: bytes) -> str:
    """pypdf's own reading of the page: line by line across it."""
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def _as_today(data: bytes) -> str:
    """The page as extraction read it before columns: pypdf's text, reflowed."""
    return reflow(_pypdf(data))


@pytest.mark.parametrize("objects", ["one", "per run"])
def test_a_two_column_page_is_read_a_column_at_a_time_with_heading_and_footer_in_place(objects: str) -> None:
    data = newsletter(objects=objects)
    # what pypdf reads: the columns interleaved, the name and the phone number each split by the other column
    assert (
        "Anne Marie Du kan kontakte os på tlf 31 84\nTornsbjerg, som bor på Borgbjergsvej 112 og har 27 90"
        in _pypdf(data)
    )
    assert _text(data).split("\n") == [
        HEADING,
        " ".join(LEFT),
        " ".join(RIGHT),
        FOOTER,
        "Side 1 af 1",
    ]


def test_the_names_and_numbers_a_column_broke_over_its_lines_are_whole() -> None:
    text = _text(newsletter())
    assert "taler Anne Marie Tornsbjerg, som bor på Borgbjergsvej 112" in text
    assert "kontakte os på tlf 31 84 27 90 eller" in text


def test_a_form_with_labels_beside_values_is_read_row_by_row() -> None:
    rows = [
        ("Navn:", samples.NAME),
        ("Adresse:", samples.ADDRESS),
        ("CPR-nr.:", samples.CPR),
        ("Telefon:", samples.TABLE_PHONE),
        ("Sagsbehandler:", samples.FOOTER_NAME),
    ]
    data = samples.positioned_pdf(
        [
            run
            for row, (label, value) in enumerate(rows)
            for run in ((40, 760 - 14 * row, label), (200, 760 - 14 * row, value))
        ]
    )
    text = _text(data)
    assert "Telefon: 27 19 38 46" in text and f"Navn: {samples.NAME}" in text
    assert text == _as_today(data)


def test_a_table_of_names_numbers_and_dates_is_read_row_by_row() -> None:
    rows = [
        ("Ulla Kjærsgaard 30640798", "230165-1301 Hold A"),
        ("Wahid Karimi 23960310", "250560-2066 Hold C"),
        ("Bohdan Kovalenko 50513967", "3110621390 Hold A"),
        ("Mursal Karimi 24 40 44 71", "180351-3375 Hold C"),
    ]
    data = samples.positioned_pdf(
        [
            run
            for row, (left, right) in enumerate(rows)
            for run in ((40, 760 - 14 * row, left), (330, 760 - 14 * row, right))
        ]
    )
    assert _text(data) == _as_today(data)


@pytest.mark.parametrize(
    "ops",
    [
        # the newsletter turned, mirrored or with sloping lines: its positions are not a page's columns
        "0 1 -1 0 {y} {x} Tm",
        "-1 0 0 -1 {x} {y} Tm",
        "-1 0 0 1 {x} {y} Tm",
        "1 0.5 0 1 {x} {y} Tm",
        # text drawn with no size, and every run at one point
        "0 0 0 0 {x} {y} Tm",
        "1 0 0 1 40 700 Tm",
    ],
)
def test_odd_pages_are_read_as_before(ops: str) -> None:
    runs = [(x, 770 - 12 * row, line) for row in range(4) for x, line in ((40, LEFT[row]), (330, RIGHT[row]))]
    data = samples.positioned_pdf(runs, matrix=ops)
    assert _text(data) == _as_today(data)


def test_a_page_drawn_a_column_at_a_time_reads_exactly_as_before() -> None:
    runs = [(40, 800, HEADING)] + [(40, 770 - 12 * row, line) for row, line in enumerate(LEFT)]
    runs += [(330, 770 - 12 * row, line) for row, line in enumerate(RIGHT)]
    data = samples.positioned_pdf(runs)
    assert _text(data) == _as_today(data)


def test_three_columns_are_read_one_after_another() -> None:
    columns = [
        [
            "Borgermødet i april handler om",
            "den nye plan for området, og alle",
            "kan komme med forslag til parken",
            "og legepladsen ved skolen.",
        ],
        [
            "Formanden Karin Bjørnholm",
            "fortæller om arbejdet, og Per Ulrik",
            "Damgaard viser tegninger af de",
            "nye stier og bænke i parken.",
        ],
        [
            "Skriv til os på valby@lokaludvalg.dk",
            "eller ring på telefon 27 19 38",
            "46 mellem klokken 9 og 12 på",
            "hverdage, så svarer vi hurtigt.",
        ],
    ]
    runs = [(30, 800, HEADING)] + [
        (x, 770 - 11 * row, column[row])
        for row in range(4)
        for x, column in zip((30, 215, 400), columns, strict=True)
    ]
    assert _text(samples.positioned_pdf(runs)).split("\n") == [HEADING, *(" ".join(c) for c in columns)]


def test_a_list_of_people_whose_cells_wrap_is_read_a_row_at_a_time_with_its_cells_whole() -> None:
    # as a word processor draws a table: each row's one-line cells centred beside its wrapped address
    people = [
        (
            "Steffen Kaspersen",
            "25860911",
            "kaspersen.steffen72@jubii.dk",
            "Sjælør Boulevard 145B, 2100",
            "Hvidovre",
        ),
        (
            "Ingeborg Kofoed-Sefi",
            "23 94 85 72",
            "ingeborg.hvidberg@hotmail.com",
            "Lundtoftegade 118B, st. th.",
            "Valby",
        ),
        (
            "Bozena Kolodziej",
            "28 16 58 75",
            "kolodziej.bozena28@protonmail.co",
            "Borgbjergsvej 112, 3. tv.",
            "København NV",
        ),
        (
            "Malik Kreutzmann",
            "2236 5103",
            "malik.kreutzmann@gmail.com",
            "Hillerødgade 88A, 1. tv.",
            "København N",
        ),
    ]
    runs = [(40, 790, "Navn"), (160, 790, "Telefon"), (250, 790, "E-mail"), (430, 790, "Adresse")]
    for row, (name, phone, mail, street, town) in enumerate(people):
        y = 770 - 30 * row
        runs += [
            (250, y, mail),
            (430, y, street),
            (40, y - 6, name),
            (160, y - 6, phone),
            (430, y - 12, town),
        ]
    data = samples.positioned_pdf(runs)
    assert _text(data).split("\n") == [
        "Navn\tTelefon\tE-mail\tAdresse",
        *(f"{name}\t{phone}\t{mail}\t{street} {town}" for name, phone, mail, street, town in people),
    ]
