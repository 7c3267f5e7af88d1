"""Restoring placeholders in model output, in one go and while streaming."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkgpt.pii.restore import StreamRestorer, find_placeholder_like, restore
from kkgpt.pii.vault import LITERAL_LABEL, PlaceholderVault


def _vault() -> PlaceholderVault:
    vault = PlaceholderVault()
    vault.placeholder_for("PERSON", "Jens Hansen")  # PERSON_1
    vault.placeholder_for("PERSON", "Fatima Al-Hassan")  # PERSON_2
    vault.placeholder_for("BANK_ACCOUNT", "1234-1234567890")  # BANK_ACCOUNT_1
    vault.placeholder_for(LITERAL_LABEL, "<PERSON_2>")  # LITERAL_1: the employee typed this
    return vault


@pytest.mark.parametrize(
    ("model_text", "expected"),
    [
        ("Kære <PERSON_1>,", "Kære Jens Hansen,"),
        ("<PERSON_1>'s case", "Jens Hansen's case"),
        ("<PERSON_1>s sag", "Jens Hansens sag"),
        ("PERSON_1 ringede", "Jens Hansen ringede"),
        ("(PERSON_1)", "(Jens Hansen)"),
        ("**PERSON_2**", "**Fatima Al-Hassan**"),
        ("<Person_1>", "Jens Hansen"),
        ("<person_1>", "Jens Hansen"),
        ("< PERSON_1 >", "Jens Hansen"),
        ("[PERSON_1]", "Jens Hansen"),
        ("{PERSON_1}", "Jens Hansen"),
        ("<PERSON-1>", "Jens Hansen"),
        ("<PERSON 1>", "Jens Hansen"),
        ("<BANK_ACCOUNT_1>", "1234-1234567890"),
        ("<bank-account-1>", "1234-1234567890"),
        ("BANK_ACCOUNT_1.", "1234-1234567890."),
        ("<PERSON_1><PERSON_2>", "Jens HansenFatima Al-Hassan"),
        ("<<PERSON_1>>", "<Jens Hansen>"),
        # A half-closed bracket: the bare token inside still restores (the stray bracket stays).
        ("<PERSON_1]", "<Jens Hansen]"),
        ("<PERSON_1 er her", "<Jens Hansen er her"),
    ],
)
def test_restore_tolerates_what_models_write(model_text: str, expected: str) -> None:
    assert restore(model_text, _vault()) == expected


@pytest.mark.parametrize(
    "model_text",
    [
        "<PERSON_7>",  # invented by the model: not in this vault
        "PERSON_3",
        "<PERSON_01>",  # not the token we issued
        "person_1",  # bare form must be in capitals
        "Person_1",
        "PERSON_1x",  # glued to a word
        "xPERSON_1",
        "PERSON_12",
        "<CPR>",  # a redaction marker has no number and no value
        "<PERSON__1>",
    ],
)
def test_restore_leaves_anything_not_in_the_vault(model_text: str) -> None:
    assert restore(model_text, _vault()) == model_text


def test_a_placeholder_from_another_conversation_restores_nothing() -> None:
    other = PlaceholderVault()
    assert restore("Hej <PERSON_1> og <BANK_ACCOUNT_1>", other) == "Hej <PERSON_1> og <BANK_ACCOUNT_1>"


def test_restoring_is_a_single_pass() -> None:
    # LITERAL_1's value looks like a placeholder; it must come back as typed, not be restored again.
    assert restore("Du skrev <LITERAL_1>.", _vault()) == "Du skrev <PERSON_2>."


@pytest.mark.parametrize(
    ("chunks", "emitted"),
    [
        (["Hej <PER", "SON_1> og"], ["Hej ", "Jens Hansen og"]),
        (["Hej PERSON_", "1", " farvel"], ["Hej ", "", "Jens Hansen farvel"]),
        (["<", "P", "ERSON", "_1", ">"], ["", "", "", "", "Jens Hansen"]),
        (["a <b> c"], ["a <b> c"]),  # an HTML-like tag is settled at once
        (["a [bilag"], ["a "]),  # could still be a bracketed placeholder
        (["a [bilag 2] b"], ["a [bilag 2] b"]),
        (["ingen store bogstaver her."], ["ingen store bogstaver her."]),
        (["Tak, KL"], ["Tak, "]),  # a capital word at the end could become KL_1
        (["Tak, KL", "."], ["Tak, ", "KL."]),
        (["x PERSON_1", "2 y"], ["x ", "PERSON_12 y"]),
        (["<PERSON_1 ", ">"], ["", "Jens Hansen"]),
        # Two spaces cannot be a bracketed placeholder: settled at once, and the bare token inside restores.
        (["<PERSON_1  ", ">"], ["<Jens Hansen  ", ">"]),
    ],
)
def test_stream_holds_back_only_a_possible_placeholder(chunks: list[str], emitted: list[str]) -> None:
    restorer = StreamRestorer(_vault())
    assert [restorer.feed(c) for c in chunks] == emitted


def test_stream_finish_flushes_the_held_tail() -> None:
    restorer = StreamRestorer(_vault())
    assert restorer.feed("Mvh PERSON_1") == "Mvh "
    assert restorer.finish() == "Jens Hansen"
    assert restorer.finish() == ""


def test_stream_finish_flushes_an_unfinished_placeholder_unchanged() -> None:
    restorer = StreamRestorer(_vault())
    assert restorer.feed("Mvh <PERSON_") == "Mvh "
    assert restorer.finish() == "<PERSON_"


def test_stream_refuses_chunks_after_finish() -> None:
    restorer = StreamRestorer(_vault())
    restorer.finish()
    with pytest.raises(RuntimeError):
        restorer.feed("x")


def test_find_placeholder_like_names_the_token() -> None:
    found = find_placeholder_like("a <person-1> b [BANK ACCOUNT 2] c CPR_3")
    assert [(f.token, f.label) for f in found] == [
        ("PERSON_1", "PERSON"),
        ("BANK_ACCOUNT_2", "BANK_ACCOUNT"),
        ("CPR_3", "CPR"),
    ]


# Pieces that exercise the grammar's edges: brackets, separators, digits, capitals, unicode.
_FRAGMENTS = [
    "<PERSON_1>",
    "<PERSON_2>",
    "PERSON_1",
    "PERSON_2",
    "<LITERAL_1>",
    "[BANK_ACCOUNT_1]",
    "<Person-1>",
    "< PERSON_1 >",
    "{PERSON_2}",
    "<",
    ">",
    "[",
    "]",
    "{",
    "}",
    "_",
    "-",
    " ",
    "  ",
    "1",
    "2",
    "0",
    "PERSON",
    "BANK",
    "ACCOUNT",
    "person",
    "x",
    "Å",
    "æøå",
    "ß",
    "İ",
    "\n",
    "'s",
    "KL",
    "Jens",
]
_pieces = st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=3), max_size=25)


@settings(max_examples=300)
@given(data=st.data(), pieces=_pieces)
def test_streaming_over_any_chunking_equals_one_shot_restore(data: st.DataObject, pieces: list[str]) -> None:
    text = "".join(pieces)
    # Cut between pieces (where placeholders start and end) as well as anywhere at all.
    between = [sum(map(len, pieces[:i])) for i in range(len(pieces) + 1)]
    cuts = sorted(data.draw(st.lists(st.sampled_from(between) | st.integers(0, len(text)), max_size=10)))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    vault = _vault()
    restorer = StreamRestorer(vault)
    streamed = "".join(restorer.feed(c) for c in chunks) + restorer.finish()
    assert streamed == restore(text, vault)


@given(text=st.text(alphabet=st.characters(exclude_characters="<[{", exclude_categories=["Lu"])))
def test_text_that_cannot_start_a_placeholder_is_never_held(text: str) -> None:
    # The bare form starts with a capital A-Z and the bracketed forms with a bracket; nothing else waits.
    restorer = StreamRestorer(_vault())
    assert restorer.feed(text) == text
