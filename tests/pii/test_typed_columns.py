"""A column without a header is of the kind most of its values are found to be (`kkgpt.pii.typed_columns`)."""

from __future__ import annotations

from kkgpt.pii.layout import read_layout
from kkgpt.pii.typed_columns import column_kinds
from kkgpt.pii.types import Detection

EXPORT = (
    "Sagsnr. 2025-36212,Andriy Shevchenko,0602491200,86124567\n"
    "27.19.00-G01-710-22,Ulla Vestergaard,1911510589,77038002\n"
    "S2025-72086,Nour Ibrahim,151038-3289,78436214\n"
    "27.13.00-G01-652-20,Maja Skov Nielsen,0412422182,91202556\n"
)


def _found(text: str, values: list[str], kind: str) -> list[Detection]:
    return [Detection(kind, text.index(v), text.index(v) + len(v), 0.6) for v in values]


def test_a_value_the_rest_of_its_column_vouches_for_is_of_the_columns_kind() -> None:
    found = _found(EXPORT, ["1911510589", "151038-3289", "0412422182"], "DK_CPR")
    extra = column_kinds(EXPORT, read_layout(EXPORT), found)
    assert [(d.entity_type, EXPORT[d.start:d.end]) for d in extra] == [("DK_CPR", "0602491200")]


def test_two_found_values_or_a_minority_give_a_column_no_kind() -> None:
    two = _found(EXPORT, ["1911510589", "151038-3289"], "DK_CPR")
    assert column_kinds(EXPORT, read_layout(EXPORT), two) == []


def test_a_header_cell_with_one_digit_is_not_a_value() -> None:
    text = "Navn,Tlf 1\nBo Lind,20291913\nEva Bak,31687520\nOmar Said,50379124\nIda Holm,21406793\n"
    found = _found(text, ["20291913", "31687520", "50379124", "21406793"], "PHONE_NUMBER")
    assert column_kinds(text, read_layout(text), found) == []


def test_the_shield_masks_a_cpr_number_a_case_number_label_had_hidden(spans) -> None:
    assert "0602491200" in spans(EXPORT, "DK_CPR")
