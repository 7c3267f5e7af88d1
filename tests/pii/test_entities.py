"""Entity kinds: one declaration per kind, read by the analyzer, policy, shield, vault and evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from kkgpt.pii import PiiShield, build_shield
from kkgpt.pii.entities import (
    BUILTIN_ENTITIES,
    LITERAL_ENTITY,
    EntityKind,
    EntityRegistry,
    RecognizerResources,
)
from kkgpt.pii.evaluation import score
from kkgpt.pii.policy import parse_policy
from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.vault import PlaceholderVault, normalise_value


def staff_numbers(resources: RecognizerResources) -> PatternRecognizer:
    """A toy recognizer: municipal staff numbers such as MA-123456."""
    return PatternRecognizer(
        supported_entity="KK_STAFF_NUMBER",
        supported_language=resources.language,
        patterns=[Pattern("staff number", r"\bMA[- ]?\d{6}\b", 0.9)],
    )


#: A toy kind, declared in one place, as an extension would declare one.
STAFF_NUMBER = EntityKind(
    name="KK_STAFF_NUMBER",
    label="STAFF_NUMBER",
    names={"da": "Medarbejdernummer", "en": "Staff number"},
    plurals={"da": "medarbejdernumre", "en": "staff numbers"},
    recognizers=(staff_numbers,),
    matching="alnum",
    eval_types=("STAFF",),
)


@pytest.fixture(scope="module")
def staff_shield() -> PiiShield:
    """The production shield with the toy kind added."""
    return build_shield(entities=BUILTIN_ENTITIES.with_kind(STAFF_NUMBER))


def test_every_builtin_recognizer_reports_only_its_own_kind() -> None:
    resources = RecognizerResources(lexicon=NameLexicon.from_lists())
    for kind in BUILTIN_ENTITIES:
        built = EntityRegistry((kind,)).build_recognizers(resources)
        assert {e for recognizer in built for e in recognizer.supported_entities} <= {kind.name}, kind.name
    assert {e for r in BUILTIN_ENTITIES.build_recognizers(resources) for e in r.supported_entities} == set(
        BUILTIN_ENTITIES.names()
    ) - {LITERAL_ENTITY}


def test_each_build_makes_new_recognizers() -> None:
    resources = RecognizerResources(lexicon=NameLexicon.from_lists())
    first, second = (EntityRegistry((STAFF_NUMBER,)).build_recognizers(resources) for _ in range(2))
    assert first[0] is not second[0]


def test_a_kind_is_declared_once_with_a_label_of_its_own() -> None:
    with pytest.raises(ValueError, match="already declared"):
        BUILTIN_ENTITIES.with_kind(BUILTIN_ENTITIES.get("DK_CPR"))
    twin = EntityKind("OTHER_CPR", "CPR", {"da": "x", "en": "x"}, {"da": "x", "en": "x"})
    with pytest.raises(ValueError, match="share a label"):
        BUILTIN_ENTITIES.with_kind(twin)
    replaced = BUILTIN_ENTITIES.with_kind(
        EntityKind("DK_CPR", "CPR", {"da": "Personnummer", "en": "CPR"}, {"da": "personnumre", "en": "CPRs"}),
        replace=True,
    )
    assert replaced.name("DK_CPR", "da") == "Personnummer" and len(replaced) == len(BUILTIN_ENTITIES)
    assert "DK_LICENSE_PLATE" not in BUILTIN_ENTITIES.without("DK_LICENSE_PLATE")


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"name": "dk_cpr"}, "capitals"),
        ({"label": "Cpr-nr"}, "label"),
        ({"names": {"da": "CPR-nummer"}}, "da and en"),
    ],
)
def test_a_kind_refuses_malformed_declarations(values: dict, problem: str) -> None:
    fields = {
        "name": "X_ID",
        "label": "X_ID",
        "names": {"da": "x", "en": "x"},
        "plurals": {"da": "x", "en": "x"},
    }
    with pytest.raises(ValueError, match=problem):
        EntityKind(**{**fields, **values})


def test_undeclared_types_get_a_cleaned_up_label() -> None:
    assert BUILTIN_ENTITIES.label_for("DK_CPR") == "CPR"
    assert BUILTIN_ENTITIES.label_for("dk-cvr nummer") == "DK_CVR_NUMMER"
    assert BUILTIN_ENTITIES.name("SOMETHING_ELSE", "da") == "SOMETHING_ELSE"


def test_evaluation_labels_come_from_the_kinds() -> None:
    assert BUILTIN_ENTITIES.eval_types()["BANK"] == {"DK_BANK_ACCOUNT", "IBAN_CODE"}
    assert BUILTIN_ENTITIES.eval_types()["ID"] == {"NATIONAL_ID"}


def test_a_kind_gives_the_policy_its_defaults_and_the_file_overrides_them() -> None:
    registry = BUILTIN_ENTITIES.with_kind(STAFF_NUMBER)
    policy = parse_policy({"defaults": {"threshold": 0.3}}, entities=registry)
    assert policy.action_for("DK_CPR") == "redact"  # the kind's own default
    assert policy.action_for("KK_STAFF_NUMBER") == "pseudonymise"
    assert policy.rule_for("KK_STAFF_NUMBER").threshold == 0.3  # the file's default
    assert policy.rule_for("PERSON").threshold == 0.4  # the kind's own threshold
    policy = parse_policy({"entities": {"KK_STAFF_NUMBER": {"action": "block"}}}, entities=registry)
    assert policy.action_for("KK_STAFF_NUMBER") == "block"


# -- the toy kind flows through every layer ----------------------------------------------------------------


def test_the_toy_kind_is_found_and_pseudonymised(staff_shield: PiiShield) -> None:
    vault = staff_shield.load_vault(None)
    result = staff_shield.protect("Jens Hansen har medarbejdernummer MA-123456.", vault)
    assert result.model_text == "<PERSON_1> har medarbejdernummer <STAFF_NUMBER_1>."
    assert staff_shield.restore("Nummeret er <STAFF_NUMBER_1>.", vault) == "Nummeret er MA-123456."
    # The vault compares staff numbers as the kind says: letters and digits only.
    again = staff_shield.protect("Og ma 123456 igen", vault)
    assert again.model_text == "Og <STAFF_NUMBER_1> igen"


def test_the_toy_kind_survives_a_stored_vault(staff_shield: PiiShield) -> None:
    vault = staff_shield.load_vault(None)
    staff_shield.protect("MA-654321", vault)
    stored = staff_shield.load_vault(vault.to_json())
    assert stored.find("STAFF_NUMBER", "ma654321") == "<STAFF_NUMBER_1>"
    assert PlaceholderVault.from_json(vault.to_json()).find("STAFF_NUMBER", "ma654321") is None
    assert normalise_value("STAFF_NUMBER", "MA-65 4321", staff_shield.entities) == "ma654321"


def test_the_toy_kind_blocks_with_its_own_name(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[entities.KK_STAFF_NUMBER]\naction = "block"\n', encoding="utf-8")
    shield = build_shield(policy_path=policy, entities=BUILTIN_ENTITIES.with_kind(STAFF_NUMBER))
    result = shield.protect("Send MA-123456 videre", shield.load_vault(None))
    assert result.blocked and "medarbejdernumre" in result.block_message(shield.entities)


def test_the_toy_kind_is_scored_by_its_evaluation_label(staff_shield: PiiShield) -> None:
    lines = [
        {
            "id": "s1",
            "category": "hr",
            "text": "Medarbejder MA-123456 er flyttet.",
            "entities": [{"type": "STAFF", "start": 12, "end": 21, "text": "MA-123456"}],
        }
    ]
    report = score(lines, staff_shield.analyze, staff_shield.entities)
    assert report["recall"] == 1.0 and report["type_agreement"] == 1.0
