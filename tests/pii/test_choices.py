"""A conversation's own corrections to the shield: values that are not personal, and values it missed."""

from __future__ import annotations

import pytest

from kkgpt.pii.choices import PiiChoices


def test_an_allowed_value_is_left_unmasked_and_a_missed_one_is_masked(pii) -> None:
    text = "Jens Hansen talte med Bamse om projektet."
    before = pii.protect(text, pii.load_vault(None)).model_text
    assert "Jens Hansen" not in before and "Bamse" in before
    choices = PiiChoices().allowing("jens  hansen").masking("PERSON", "Bamse")
    after = pii.protect(text, pii.load_vault(None), choices).model_text
    assert after.startswith("Jens Hansen talte med <PERSON_1>") and "Bamse" not in after


def test_a_value_masked_by_hand_is_found_as_whole_words_in_any_case() -> None:
    choices = PiiChoices().masking("PERSON", "Lille Bamse")
    text = "LILLE  BAMSE kom. Lillebamsebil og lille bamse."
    found = choices.masked_by_hand(text)
    assert [text[d.start:d.end] for d in found] == ["LILLE  BAMSE", "lille bamse"]


def test_choices_round_trip_and_the_latest_choice_wins() -> None:
    choices = PiiChoices().masking("PERSON", "Grøn").allowing("grøn").allowing("Grøn")
    assert choices == PiiChoices(allow=("grøn",))
    again = choices.masking("DK_ADDRESS", "GRØN")
    assert again.allow == () and again.mask == (("DK_ADDRESS", "GRØN"),)
    assert PiiChoices.from_json(again.to_json()) == again
    assert PiiChoices.from_json(None) == PiiChoices() and not PiiChoices()


@pytest.mark.parametrize("value", ["", "   ", "x" * 201])
def test_a_choice_needs_a_value(value: str) -> None:
    with pytest.raises(ValueError):
        PiiChoices().allowing(value)
