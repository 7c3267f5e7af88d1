"""Addresses split over a table's columns: the street, number and floor are masked as one home, with the
postcode and town written beside them, as in a letter's address block; a postcode and a town without a
street are a district, and a street alone in a column is a place."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Spans = Callable[[str, str], list[str]]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # a semicolon export from a case system: street, number, floor, postcode and town apart
        (("navn;gade;nr;etage;postnr;by\nAnne Holm;Elmegade;5;3. tv;2200;København N\n"
         "Bo Ask;Ryparken;58;st;2100;Kbh Ø\n"),
         ["Elmegade;5;3. tv;2200;København N", "Ryparken;58;st;2100;Kbh Ø"]),
        # a Markdown table with a house number with a letter
        (("| Navn | Vej | Husnr. | Postnr. | By |\n|---|---|---|---|---|\n"
         "| Karim Ali | Tåsingegade | 12B | 2100 | København Ø |\n"),
         ["Tåsingegade | 12B | 2100 | København Ø"]),
        # tab-separated, in English, the number in the street cell
        ("Name\tAddress\tCity\nEva Bak\tRosenvængets Allé 7\tKøbenhavn Ø\n",
         ["Rosenvængets Allé 7\tKøbenhavn Ø"]),
        # an export whose separators have no space after them: a comma and a space stay inside the field
        (("navn,adresse,postnr,by\nDilan Aslan,Tomsgårdsvej 31, 2. th,2400,København NV\n"
          "Henning Vinter,Peter Bangs Vej 66,2300,København S\n"),
         ["Tomsgårdsvej 31, 2. th,2400,København NV", "Peter Bangs Vej 66,2300,København S"]),
        # the floor and the door in columns of their own
        (("Fornavn,Efternavn,Vej og nr.,Etage,Side/dør,Postnr.,By\nMalalai,Ahmadzai,Jagtvej 53B,3,tv,2100,København Ø\n"
          "Senad,Jovanović,Jernbane Allé 35,1,,2720,Vanløse\n"),
         ["Jagtvej 53B,3,tv,2100,København Ø", "Jernbane Allé 35,1", "2720,Vanløse"]),
        # streets without house numbers are places (a list of roadworks), not anyone's address
        ("vej,postnr,by,antal\nJagtvej,2200,København N,4\nAmagerbrogade,2300,Kbh S,7\n", []),
    ],
)
def test_an_address_split_over_columns_is_masked_as_one_home(spans: Spans, table: str,
                                                                 expected: list[str]) -> None:
    assert spans(table, "DK_ADDRESS") == expected


def test_a_tab_ends_a_street_so_the_name_before_it_stays_a_name(spans: Spans) -> None:
    table = "Navn\tAdresse\tTelefon\nAnne Holm\tElmegade 5, 3. tv\t52174830\n"
    assert spans(table, "DK_ADDRESS") == ["Elmegade 5, 3. tv"]
    assert spans(table, "PERSON") == ["Anne Holm"]
