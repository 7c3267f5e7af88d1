"""The per-conversation placeholder vault: numbering, sameness of values, serialisation."""

from __future__ import annotations

import json

import pytest

from kkgpt.pii.vault import LITERAL_LABEL, PlaceholderVault, VaultError, label_for, normalise_value


def test_numbering_is_per_label() -> None:
    vault = PlaceholderVault()
    got = [
        vault.placeholder_for("PERSON", "Jens Hansen"),
        vault.placeholder_for("CPR", "010170-1234"),
        vault.placeholder_for("PERSON", "Maja Lindholm"),
        vault.placeholder_for("PERSON", "Jens Hansen"),
        vault.placeholder_for("CPR", "020280-2345"),
    ]
    assert got == ["<PERSON_1>", "<CPR_1>", "<PERSON_2>", "<PERSON_1>", "<CPR_2>"]
    assert len(vault) == 4


@pytest.mark.parametrize(
    ("label", "first", "second", "same"),
    [
        ("PERSON", "Jens Hansen", "jens  hansen", True),
        ("PERSON", "Jens Hansen", "JENS\nHANSEN ", True),
        ("PERSON", "Søren Ørsted", "søren ørsted", True),
        # A part of the only name it fits is that person; the possessive apostrophe is not part of a name.
        ("PERSON", "Jens Hansen", "Jens", True),
        ("PERSON", "Lars", "Lars'", True),
        ("CPR", "010170-1234", "0101701234", True),
        ("CPR", "010170-1234", "010170 1234", True),
        ("CPR", "010170-1234", "010170/1234", True),
        ("CPR", "010170-1234", "010170-1235", False),
        ("PHONE", "27 19 38 46", "27193846", True),
        ("PHONE", "+45 27 19 38 46", "27193846", True),
        ("PHONE", "0045 2719 3846", "27 19 38 46", True),
        ("PHONE", "27193846", "27193847", False),
        ("EMAIL", "Jens.Hansen@KK.dk", "jens.hansen@kk.dk", True),
        ("ADDRESS", "Vesterbrogade 12B, 2. th., 1620 Kbh V", "vesterbrogade 12b 2.th. 1620 kbh v", True),
        # Word limits stay: house number 1 on floor 2 is not house number 12.
        ("ADDRESS", "Vesterbrogade 1, 2", "Vesterbrogade 12", False),
        ("BANK_ACCOUNT", "1234-1234567890", "1234 1234567890", True),
        ("IBAN", "DK50 0040 0440 1162 43", "dk5000400440116243", True),
        ("LICENSE_PLATE", "AB 12 345", "ab12345", True),
        # Typed placeholder look-alikes come back exactly as typed.
        (LITERAL_LABEL, "<PERSON_1>", "<person_1>", False),
        (LITERAL_LABEL, "<PERSON_1>", "<PERSON_1>", True),
        # Nothing left after normalising: kept apart rather than merged with every other such value.
        ("CPR", "--", "//", False),
    ],
)
def test_the_same_value_gets_the_same_placeholder(label: str, first: str, second: str, same: bool) -> None:
    vault = PlaceholderVault()
    a = vault.placeholder_for(label, first)
    b = vault.placeholder_for(label, second)
    assert (a == b) is same
    if (label, first, second) != ("PERSON", "Jens Hansen", "Jens"):
        assert (normalise_value(label, first) == normalise_value(label, second)) is same


def test_a_placeholder_restores_to_the_form_seen_first() -> None:
    vault = PlaceholderVault()
    vault.placeholder_for("PERSON", "Jens Hansen")
    vault.placeholder_for("PERSON", "JENS HANSEN")
    assert vault.value_for("PERSON_1") == "Jens Hansen"


def test_find_never_changes_the_vault() -> None:
    vault = PlaceholderVault()
    assert vault.find("PERSON", "Jens Hansen") is None
    assert len(vault) == 0
    vault.placeholder_for("PERSON", "Jens Hansen")
    assert vault.find("PERSON", "jens hansen") == "<PERSON_1>"


def test_json_round_trip_keeps_values_and_numbering() -> None:
    vault = PlaceholderVault()
    for name in ("Jens Hansen", "Søren Ørsted"):
        vault.placeholder_for("PERSON", name)
    vault.placeholder_for("CPR", "010170-1234")
    vault.placeholder_for(LITERAL_LABEL, "<PERSON_9>")
    data = vault.to_json()
    assert "Søren Ørsted" in data  # readable UTF-8, not \u escapes

    loaded = PlaceholderVault.from_json(data)
    assert loaded.as_dict() == vault.as_dict()
    assert loaded.labels == {"PERSON", "CPR", LITERAL_LABEL}
    assert loaded.placeholder_for("PERSON", "jens hansen") == "<PERSON_1>"
    assert loaded.placeholder_for("PERSON", "Maja Lindholm") == "<PERSON_3>"
    assert loaded.placeholder_for("CPR", "0101701234") == "<CPR_1>"


@pytest.mark.parametrize("stored", [None, ""])
def test_nothing_stored_yet_is_an_empty_vault(stored: str | None) -> None:
    assert len(PlaceholderVault.from_json(stored)) == 0


@pytest.mark.parametrize(
    "data",
    [
        "not json",
        "[]",
        json.dumps({"version": 2, "placeholders": {}}),
        json.dumps({"placeholders": {}}),
        json.dumps({"version": 1, "placeholders": []}),
        json.dumps({"version": 1, "placeholders": {"person_1": "x"}}),
        json.dumps({"version": 1, "placeholders": {"PERSON_0": "x"}}),
        json.dumps({"version": 1, "placeholders": {"PERSON": "x"}}),
        json.dumps({"version": 1, "placeholders": {"PERSON_1": 5}}),
    ],
)
def test_malformed_vaults_are_refused(data: str) -> None:
    with pytest.raises(VaultError):
        PlaceholderVault.from_json(data)


def test_repr_shows_no_values() -> None:
    vault = PlaceholderVault()
    vault.placeholder_for("PERSON", "Jens Hansen")
    assert "Jens" not in repr(vault)
    assert "1" in repr(vault)


def test_copy_is_independent() -> None:
    vault = PlaceholderVault()
    vault.placeholder_for("PERSON", "Jens Hansen")
    clone = vault.copy()
    clone.placeholder_for("PERSON", "Maja Lindholm")
    assert len(vault) == 1
    assert len(clone) == 2
    assert vault.placeholder_for("PERSON", "Ali Demir") == "<PERSON_2>"


def test_two_conversations_share_nothing() -> None:
    first, second = PlaceholderVault(), PlaceholderVault()
    assert first.placeholder_for("PERSON", "Jens Hansen") == "<PERSON_1>"
    assert second.placeholder_for("PERSON", "Maja Lindholm") == "<PERSON_1>"
    assert first.value_for("PERSON_1") == "Jens Hansen"
    assert second.value_for("PERSON_1") == "Maja Lindholm"


@pytest.mark.parametrize("label", ["person", "PERSON_1", "", "ÆØÅ", "A_B_C_D_E"])
def test_invalid_labels_are_refused(label: str) -> None:
    with pytest.raises(VaultError):
        PlaceholderVault().placeholder_for(label, "x")


@pytest.mark.parametrize(
    ("entity_type", "label"),
    [
        ("PERSON", "PERSON"),
        ("DK_CPR", "CPR"),
        ("PHONE_NUMBER", "PHONE"),
        ("DK_BANK_ACCOUNT", "BANK_ACCOUNT"),
        ("DK_LICENSE_PLATE", "LICENSE_PLATE"),
        ("DK_CVR", "DK_CVR"),  # not in PLACEHOLDER_LABELS: a cleaned-up name
        ("US_SSN", "US_SSN"),
        ("ISO3166 code", "ISO_CODE"),
        ("123", "PII"),
    ],
)
def test_label_for(entity_type: str, label: str) -> None:
    assert label_for(entity_type) == label


@pytest.mark.parametrize(
    ("names", "same_as_first"),
    [
        # A part of the one whole name, in any order and as an initial, is the same person.
        (["Mette Hansen", "Mette", "Hansen", "M. Hansen", "hansen mette"], [True, True, True, True]),
        # A whole name after its part: the person keeps the part's placeholder.
        (["Mette", "Mette Hansen", "Hansen"], [True, True]),
        # Two whole names fit: the part is kept apart rather than guessed.
        (["Mette Hansen", "Mette Jensen", "Mette"], [False, False]),
        # Once "Mette" has joined "Mette Hansen", another Mette is another person.
        (["Mette", "Mette Hansen", "Mette Jensen"], [True, False]),
        # An initial alone, or a different first name, is not enough.
        (["Mette Hansen", "M."], [False]),
        (["Mette Hansen", "Jens Hansen", "Hansen"], [False, False]),
        (["Anne Marie Tornsbjerg", "Anne Marie", "Tornsbjerg", "Marie"], [True, True, True]),
    ],
)
def test_a_part_of_a_name_is_the_one_person_it_fits(names: list[str], same_as_first: list[bool]) -> None:
    vault = PlaceholderVault()
    first, *rest = [vault.placeholder_for("PERSON", name) for name in names]
    assert [p == first for p in rest] == same_as_first
    assert vault.value_for(first[1:-1]) == names[0]  # the placeholder restores to the form seen first


def test_a_part_written_before_its_whole_name_in_one_text_takes_its_placeholder() -> None:
    vault = PlaceholderVault()
    tokens = vault.placeholders_for("PERSON", ["Anne Marie", "Tornsbjerg", "Jens", "Anne Marie Tornsbjerg"])
    assert tokens == ["<PERSON_1>", "<PERSON_1>", "<PERSON_2>", "<PERSON_1>"]
    assert vault.value_for("PERSON_1") == "Anne Marie Tornsbjerg"
    # Ambiguous within the text: "Mette" fits two whole names, so it gets its own placeholder.
    tokens = vault.placeholders_for("PERSON", ["Mette", "Mette Olsen", "Mette Berg"])
    assert len(set(tokens)) == 3


def test_parts_of_names_survive_saving_the_vault() -> None:
    vault = PlaceholderVault()
    vault.placeholder_for("PERSON", "Mette Hansen")
    vault.placeholder_for("PERSON", "Mette")
    loaded = PlaceholderVault.from_json(vault.to_json())
    assert loaded.find("PERSON", "mette") == "<PERSON_1>"
    # What the part joined stays decided: a new Mette is another person, in this and later turns.
    assert loaded.placeholder_for("PERSON", "Mette Jensen") == "<PERSON_2>"
    assert loaded.placeholder_for("PERSON", "Mette") == "<PERSON_1>"
    with pytest.raises(VaultError):
        PlaceholderVault.from_json('{"version": 1, "placeholders": {}, "parts": {"PERSON_9": ["x"]}}')
