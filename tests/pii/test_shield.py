"""The PiiShield facade: protect, preview, analyze, scrub, restore, with fakes for its collaborators."""

from __future__ import annotations

import anyio
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kkgpt.pii.entities import BUILTIN_ENTITIES
from kkgpt.pii.policy import Policy
from kkgpt.pii.restore import find_placeholder_like, restore
from kkgpt.pii.shield import LITERAL_ENTITY, SYSTEM_PROMPT_DA, PiiShield, ShieldResult
from kkgpt.pii.types import Detection
from kkgpt.pii.vault import PlaceholderVault, label_for, normalise_value
from tests.pii.fakes import FakeAnalyzer, FakeSpecialDetector, FixedAnalyzer, make_policy

_PATTERNS = {
    "PERSON": [r"\b(?:Jens Hansen|jens  hansen|Maja Lindholm|Jens Olsen|Jens|(?:Mette|Peter) Hansen|Mette|Hansen)\b"],
    "DK_CPR": [r"\b\d{6}-?\d{4}\b"],
    "PHONE_NUMBER": [r"\b\d\d \d\d \d\d \d\d\b|\b\d{8}\b"],
    "EMAIL_ADDRESS": [r"\S+@\S+\.dk"],
}


def _shield(policy: Policy | None = None, special: dict[str, list[str]] | None = None) -> PiiShield:
    return PiiShield(
        FakeAnalyzer(_PATTERNS),
        policy or make_policy({"DK_CPR": {"action": "redact"}}),
        FakeSpecialDetector(special or {"health": ["diabetes"], "criminal": ["dømt"]}),
    )


def _assert_consistent(result: ShieldResult) -> None:
    """Offsets point at the right text in both the original and what the model saw."""
    for span in result.spans:
        assert result.model_text[span.model_start : span.model_end] == span.placeholder
    # Outside the spans, the model text is the original text.
    original_rest = model_rest = ""
    pos = model_pos = 0
    for span in result.spans:
        original_rest += result.original[pos : span.start]
        model_rest += result.model_text[model_pos : span.model_start]
        pos, model_pos = span.end, span.model_end
    assert original_rest + result.original[pos:] == model_rest + result.model_text[model_pos:]


def test_protect_pseudonymises_and_records_spans() -> None:
    vault = PlaceholderVault()
    text = "Ring til Jens Hansen på 27 19 38 46 eller skriv til jens@kk.dk."
    result = _shield().protect(text, vault)
    assert result.model_text == "Ring til <PERSON_1> på <PHONE_1> eller skriv til <EMAIL_1>."
    assert [(s.entity_type, text[s.start : s.end], s.placeholder, s.action) for s in result.spans] == [
        ("PERSON", "Jens Hansen", "<PERSON_1>", "pseudonymise"),
        ("PHONE_NUMBER", "27 19 38 46", "<PHONE_1>", "pseudonymise"),
        ("EMAIL_ADDRESS", "jens@kk.dk", "<EMAIL_1>", "pseudonymise"),
    ]
    assert not result.blocked
    assert result.block_reasons == ()
    assert result.block_message() == ""
    assert vault.as_dict() == {"PERSON_1": "Jens Hansen", "PHONE_1": "27 19 38 46", "EMAIL_1": "jens@kk.dk"}
    _assert_consistent(result)


def test_the_same_person_keeps_the_placeholder_across_turns() -> None:
    shield, vault = _shield(), PlaceholderVault()
    first = shield.protect("Skriv til Jens Hansen, tlf. 27193846.", vault)
    second = shield.protect("Hvad sagde jens  hansen? Ring 27 19 38 46.", vault)
    assert first.model_text == "Skriv til <PERSON_1>, tlf. <PHONE_1>."
    assert second.model_text == "Hvad sagde <PERSON_1>? Ring <PHONE_1>."
    # "Jens" alone is Jens Hansen while he is the only Jens in the conversation ...
    third = shield.protect("Og Jens?", vault)
    assert third.model_text == "Og <PERSON_1>?"
    assert shield.restore("<PERSON_1>", vault) == "Jens Hansen"
    # ... and stays him for the rest of the conversation, also when another Jens turns up.
    fourth = shield.protect("Jens Olsen ringede. Jens Hansen skal svare, men hvad siger Jens?", vault)
    assert fourth.model_text == "<PERSON_2> ringede. <PERSON_1> skal svare, men hvad siger <PERSON_1>?"
    # In a new conversation with two Jenses, a lone "Jens" is not guessed at.
    other = shield.protect("Jens Olsen ringede. Jens Hansen skal svare, men hvad siger Jens?", PlaceholderVault())
    assert other.model_text == "<PERSON_1> ringede. <PERSON_2> skal svare, men hvad siger <PERSON_3>?"


def test_one_person_keeps_one_placeholder_in_a_document() -> None:
    shield, vault = _shield(), PlaceholderVault()
    text = "Mette ringede i går.\n\nVedr.: Mette Hansen\nHansen ønsker et møde. Peter Hansen er hendes bror."
    result = shield.protect(text, vault)
    assert result.model_text == (
        "<PERSON_1> ringede i går.\n\nVedr.: <PERSON_1>\n<PERSON_2> ønsker et møde. <PERSON_3> er hendes bror."
    )
    assert shield.restore("Svar til <PERSON_1>", vault) == "Svar til Mette Hansen"


def test_redacted_values_never_reach_the_vault() -> None:
    shield, vault = _shield(), PlaceholderVault()
    result = shield.protect("Jens Hansen, cpr 010170-1234.", vault)
    assert result.model_text == "<PERSON_1>, cpr <CPR>."
    assert [s.action for s in result.spans] == ["pseudonymise", "redact"]
    assert "010170-1234" not in vault.to_json()
    # The model may echo the marker or invent a numbered one; neither restores anything.
    assert shield.restore("<PERSON_1> (<CPR>, <CPR_1>)", vault) == "Jens Hansen (<CPR>, <CPR_1>)"
    _assert_consistent(result)


def test_a_block_rule_stops_the_message_and_leaves_the_vault_alone() -> None:
    shield = _shield(make_policy({"DK_CPR": {"action": "block"}}))
    vault = PlaceholderVault()
    vault.placeholder_for("PERSON", "Maja Lindholm")
    before = vault.to_json()
    result = shield.protect("Jens Hansen har cpr 0101701234 og 0202802345.", vault)
    assert result.blocked
    assert result.block_reasons == ("DK_CPR",)
    assert "0101701234" not in result.model_text  # even unsent, the model text holds no blocked value
    assert result.model_text == "<PERSON_2> har cpr <CPR> og <CPR>."
    assert vault.to_json() == before
    assert "CPR-numre" in result.block_message()
    _assert_consistent(result)


def test_special_categories_warn_by_default() -> None:
    result = _shield().protect("Jens Hansen har diabetes og er dømt.", PlaceholderVault())
    assert not result.blocked
    assert result.special_categories == ("health", "criminal")
    assert [(m.category, m.start) for m in result.special_matches] == [("health", 16), ("criminal", 31)]


def test_special_categories_block_when_the_policy_says_so() -> None:
    shield = _shield(make_policy(special_mode="block"))
    vault = PlaceholderVault()
    result = shield.protect("Jens Hansen har diabetes.", vault)
    assert result.blocked
    assert result.block_reasons == ("health",)
    assert len(vault) == 0
    assert result.block_message() == (
        "Beskeden blev ikke sendt, fordi den indeholder helbredsoplysninger. "
        "Fjern eller omskriv de oplysninger, og send igen."
    )


def test_block_reasons_list_entity_types_then_categories() -> None:
    policy = make_policy({"DK_CPR": {"action": "block"}, "PERSON": {"action": "block"}}, special_mode="block")
    shield = _shield(policy)
    result = shield.protect("0101701234 Jens Hansen 0202802345 har diabetes", PlaceholderVault())
    assert result.block_reasons == ("DK_CPR", "PERSON", "health")
    assert "CPR-numre, navne og helbredsoplysninger" in result.block_message()


def test_preview_equals_protect_without_changing_the_vault() -> None:
    shield, vault = _shield(), PlaceholderVault()
    shield.protect("Maja Lindholm ringede.", vault)
    text = "Skriv til Jens Hansen og Maja Lindholm."
    before = vault.to_json()
    preview = shield.preview(text, vault)
    assert vault.to_json() == before
    assert shield.protect(text, vault) == preview
    assert preview.model_text == "Skriv til <PERSON_2> og <PERSON_1>."


def test_analyze_applies_thresholds_and_the_allow_list() -> None:
    analyzer = FakeAnalyzer({"PERSON": [r"Jens Hansen", r"Københavns", r"Valby"]}, score=0.4)
    policy = make_policy({"PERSON": {"threshold": 0.3}}, allow=["Københavns Kommune", "Valby"])
    shield = PiiShield(analyzer, policy, FakeSpecialDetector())
    text = "Jens Hansen fra Københavns Kommune bor i Valby."
    assert shield.analyze(text) == [Detection("PERSON", 0, 11, 0.4)]
    strict = PiiShield(analyzer, make_policy({"PERSON": {"threshold": 0.5}}), FakeSpecialDetector())
    assert strict.analyze(text) == []


def test_analyze_drops_spans_outside_the_text() -> None:
    shield = PiiShield(
        FixedAnalyzer(
            [Detection("PERSON", 0, 3, 0.9), Detection("PERSON", 2, 2, 0.9), Detection("PERSON", 5, 99, 0.9)]
        ),
        make_policy(),
        FakeSpecialDetector(),
    )
    assert shield.analyze("Bo er her") == [Detection("PERSON", 0, 3, 0.9)]


@pytest.mark.parametrize(
    ("typed", "neutralised"),
    [
        ("<PERSON_1>", True),
        ("PERSON_1", True),
        ("[cpr_1]", True),
        ("<Person-1>", True),
        ("{EMAIL_2}", True),
        ("<LITERAL_1>", True),
        ("<BANK_ACCOUNT_3>", True),
        ("[bilag 2]", False),  # not a label we use: reaches the model unchanged
        ("{navn_1}", False),
        ("COVID-19", False),
        ("<CPR>", False),  # no number: cannot restore anything
    ],
)
def test_typed_placeholder_look_alikes_are_neutralised(typed: str, neutralised: bool) -> None:
    shield, vault = _shield(), PlaceholderVault()
    shield.protect("Jens Hansen, jens@kk.dk, 12345678", vault)  # PERSON_1, EMAIL_1, PHONE_1 exist now
    text = f"Hvad betyder {typed} i dit svar?"
    result = shield.protect(text, vault)
    if neutralised:
        assert result.model_text == "Hvad betyder <LITERAL_1> i dit svar?"
        assert result.spans[0].entity_type == LITERAL_ENTITY
        assert vault.value_for("LITERAL_1") == typed
    else:
        assert result.model_text == text
    # Whatever the model does with it, the employee gets back exactly what they typed.
    assert shield.restore(result.model_text, vault) == text


def test_a_typed_look_alike_cannot_fetch_another_value() -> None:
    shield, vault = _shield(), PlaceholderVault()
    shield.protect("Maja Lindholm har tlf. 27193846.", vault)
    # The employee (or a pasted text) writes the placeholder of someone else in the conversation.
    result = shield.protect("Send det til PERSON_1 på <PHONE_1>.", vault)
    assert "PERSON_1" not in result.model_text
    assert "PHONE_1" not in result.model_text
    answer = result.model_text.replace("Send det", "Jeg har sendt det")
    assert shield.restore(answer, vault) == "Jeg har sendt det til PERSON_1 på <PHONE_1>."


def test_a_look_alike_glued_to_a_detection_is_neutralised_too() -> None:
    # "HansenPERSON_1" is one word, but once "Jens Hansen" becomes a placeholder the rest stands alone.
    text = "Hej Jens HansenPERSON_1 og 0101701234PERSON_1"
    shield = PiiShield(
        FixedAnalyzer([Detection("PERSON", 4, 15, 0.9), Detection("DK_CPR", 27, 37, 0.9)]),
        make_policy({"DK_CPR": {"action": "redact"}}),
        FakeSpecialDetector(),
    )
    vault = PlaceholderVault()
    vault.placeholder_for("PERSON", "Maja Lindholm")  # PERSON_1, from an earlier turn
    result = shield.protect(text, vault)
    assert result.model_text == "Hej <PERSON_2><LITERAL_1> og <CPR><LITERAL_1>"
    assert shield.restore(result.model_text, vault) == "Hej Jens HansenPERSON_1 og <CPR>PERSON_1"


def test_overlapping_detections_are_masked_as_their_union() -> None:
    shield = PiiShield(
        FixedAnalyzer([Detection("PERSON", 0, 8, 0.9), Detection("DK_CPR", 5, 15, 0.8)]),
        make_policy({"DK_CPR": {"action": "redact"}}),
        FakeSpecialDetector(),
    )
    result = shield.protect("Jens 0101701234 ringede", PlaceholderVault())
    assert result.model_text == "<CPR> ringede"  # the stricter action wins for the union
    assert [(s.entity_type, s.start, s.end, s.action) for s in result.spans] == [("DK_CPR", 0, 15, "redact")]


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Ring til Jens Hansen på 27193846.", "Ring til <PERSON> på <PHONE>."),
        ("cpr 010170-1234, mail jens@kk.dk", "cpr <CPR>, mail <EMAIL>"),
        ("Intet personligt her.", "Intet personligt her."),
    ],
)
def test_scrub_is_one_way(text: str, scrubbed: str) -> None:
    shield = _shield(make_policy({"DK_CPR": {"action": "block"}}))  # scrub masks whatever the action
    assert shield.scrub(text) == scrubbed


def test_stream_restorer_from_the_shield() -> None:
    shield, vault = _shield(), PlaceholderVault()
    shield.protect("Jens Hansen", vault)
    restorer = shield.stream_restorer(vault)
    assert restorer.feed("Kære <PER") == "Kære "
    assert restorer.feed("SON_1>,") == "Jens Hansen,"
    assert restorer.finish() == ""


def test_system_prompt_explains_placeholders_in_danish_and_english() -> None:
    assert _shield().system_prompt_addendum() == SYSTEM_PROMPT_DA
    assert "<PERSON_1>" in SYSTEM_PROMPT_DA
    assert "pladsholder" in SYSTEM_PROMPT_DA
    assert "placeholder" in SYSTEM_PROMPT_DA
    assert "never guess" in SYSTEM_PROMPT_DA


def test_result_repr_does_not_carry_the_original() -> None:
    result = _shield().protect("Jens Hansen", PlaceholderVault())
    assert "Jens" not in repr(result)


def test_shield_holds_no_conversation_state() -> None:
    shield = _shield()
    a, b = PlaceholderVault(), PlaceholderVault()
    assert shield.protect("Jens Hansen", a).model_text == "<PERSON_1>"
    assert shield.protect("Maja Lindholm", b).model_text == "<PERSON_1>"
    assert shield.restore("<PERSON_1>", a) == "Jens Hansen"
    assert shield.restore("<PERSON_1>", b) == "Maja Lindholm"


async def test_protect_runs_in_worker_threads_with_one_vault_per_conversation() -> None:
    """As the chat calls it: anyio.to_thread.run_sync, many conversations at once, one shared shield."""
    shield = _shield()
    names = ["Jens Hansen", "Maja Lindholm"] * 10
    vaults = [PlaceholderVault() for _ in names]
    results: list[ShieldResult | None] = [None] * len(names)

    async def one(index: int) -> None:
        text = f"Skriv til {names[index]}."
        results[index] = await anyio.to_thread.run_sync(shield.protect, text, vaults[index])

    async with anyio.create_task_group() as group:
        for index in range(len(names)):
            group.start_soon(one, index)
    for name, vault, result in zip(names, vaults, results, strict=True):
        assert result is not None and result.model_text == "Skriv til <PERSON_1>."
        assert vault.as_dict() == {"PERSON_1": name}


# --- properties -----------------------------------------------------------------------------------------

_TYPES = ["PERSON", "DK_CPR", "PHONE_NUMBER", "EMAIL_ADDRESS", "DK_ADDRESS"]
_FRAGMENTS = [
    "Jens Hansen",
    "jens  hansen",
    "JENS HANSEN",
    "010170-1234",
    "0101701234",
    "<PERSON_1>",
    "PERSON_2",
    "[cpr_1]",
    "<LITERAL_1>",
    "<",
    ">",
    "_",
    "1",
    " ",
    "æøå",
    "İ",
    "ß",
    "\n",
    "'s",
    "{navn_1}",
    "<CPR>",
]
_pieces = st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=4), max_size=15)


@st.composite
def _text_and_detections(draw: st.DrawFn) -> tuple[str, list[Detection]]:
    pieces = draw(_pieces)
    text = "".join(pieces)
    # Span ends fall between pieces (where look-alikes start and end) as well as anywhere at all.
    between = [sum(map(len, pieces[:i])) for i in range(len(pieces) + 1)]
    cuts = sorted(set(draw(st.lists(st.sampled_from(between) | st.integers(0, len(text)), max_size=8))))
    detections = [
        Detection(draw(st.sampled_from(_TYPES)), start, end, 0.9)
        for start, end in zip(cuts[::2], cuts[1::2], strict=False)
        if end > start
    ]
    return text, detections


def _expected_restore(result: ShieldResult, vault: PlaceholderVault) -> str:
    """The original with each pseudonymised span replaced by the value its placeholder stands for."""
    out, pos = "", 0
    for span in result.spans:
        value = vault.value_for(span.placeholder.strip("<>"))
        assert value is not None
        label = label_for(span.entity_type)
        # The value may be an earlier spelling of the same thing, or for a name the whole name that this
        # part of it was taken to be (the vault then knows this spelling as that placeholder's), never
        # something else.
        surface = result.original[span.start : span.end]
        assert normalise_value(label, value) == normalise_value(label, surface) or (
            BUILTIN_ENTITIES.matching(label) == "name" and vault.find(label, surface) == span.placeholder
        )
        out += result.original[pos : span.start] + value
        pos = span.end
    return out + result.original[pos:]


def _only_one_spelling_each(results: list[ShieldResult]) -> bool:
    seen: dict[str, str] = {}
    for result in results:
        for span in result.spans:
            surface = result.original[span.start : span.end]
            if seen.setdefault(span.placeholder, surface) != surface:
                return False
    return True


@settings(max_examples=300)
@given(turns=st.lists(_text_and_detections(), min_size=1, max_size=3))
@example(turns=[("Jens HansenPERSON_1", [Detection("PERSON", 0, 11, 0.9)])])
def test_restoring_pseudonymised_text_gives_the_original(turns: list[tuple[str, list[Detection]]]) -> None:
    vault = PlaceholderVault()
    results = [
        PiiShield(FixedAnalyzer(detections), make_policy(), FakeSpecialDetector()).protect(text, vault)
        for text, detections in turns
    ]
    for result in results:
        _assert_consistent(result)
        restored = restore(result.model_text, vault)
        assert restored == _expected_restore(result, vault)
        if _only_one_spelling_each(results):
            assert restored == result.original


@settings(max_examples=300)
@given(case=_text_and_detections())
@example(case=("xPERSON_1", [Detection("PERSON", 0, 1, 0.9)]))
@example(case=("PERSON_1x", [Detection("PERSON", 8, 9, 0.9)]))
def test_only_the_shields_own_placeholders_can_restore(case: tuple[str, list[Detection]]) -> None:
    """Whatever the employee typed, every restorable token in the model text is one the shield put there."""
    text, detections = case
    vault = PlaceholderVault()
    vault.placeholder_for("PERSON", "Someone Else")  # an earlier turn's value that must not leak in
    result = PiiShield(FixedAnalyzer(detections), make_policy(), FakeSpecialDetector()).protect(text, vault)
    ours = {(s.model_start, s.model_end) for s in result.spans}
    for found in find_placeholder_like(result.model_text):
        if found.token in vault:
            assert (found.start, found.end) in ours


# --- with the real Danish analyzer ----------------------------------------------------------------------


def test_the_real_analyzer_behind_the_shield(request: pytest.FixtureRequest) -> None:
    """End to end with `build_shield()`; skipped until kkgpt.pii.analyzer exists."""
    pytest.importorskip("kkgpt.pii.analyzer")
    shield: PiiShield = request.getfixturevalue("pii")  # the session-wide shield from tests/conftest.py
    text = (
        "Skriv et brev fra Københavns Kommune til Line Rasmussen, cpr-nr. 040485-1004, "
        "e-mail line.rasmussen@example.dk, om hendes ansøgning."
    )
    vault = PlaceholderVault()
    result = shield.protect(text, vault)
    _assert_consistent(result)
    assert not result.blocked
    assert "040485-1004" not in result.model_text
    assert "line.rasmussen@example.dk" not in result.model_text
    assert "Københavns Kommune" in result.model_text  # allow-listed
    # The answer gets every pseudonymised value back; redacted ones stay markers.
    expected, pos = "", 0
    for span in result.spans:
        kept = text[span.start : span.end] if span.action == "pseudonymise" else span.placeholder
        expected += text[pos : span.start] + kept
        pos = span.end
    assert shield.restore(result.model_text, vault) == expected + text[pos:]
