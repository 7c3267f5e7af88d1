"""The PII policy file: defaults, validation, thresholds and the allow-list."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkgpt.pii.entities import BUILTIN_ENTITIES
from kkgpt.pii.policy import PolicyError, default_policy_path, load_policy
from kkgpt.pii.types import Detection
from tests.pii.fakes import make_policy


def test_packaged_policy_defaults() -> None:
    policy = load_policy()
    assert policy.action_for("PERSON") == "pseudonymise"
    assert policy.action_for("DK_CPR") == "redact"
    assert policy.action_for("CREDIT_CARD") == "redact"
    assert policy.action_for("SOMETHING_NEW") == "pseudonymise"
    assert policy.special_category_mode == "warn"
    assert "Københavns Kommune" in policy.allow_list
    assert set(BUILTIN_ENTITIES.names()) <= set(policy.entities)  # every kind has a rule
    # Identifiers keep low thresholds (a miss leaks); rule-based names need 0.4 (see entities.py).
    assert policy.entities["PERSON"].threshold == 0.4
    assert all(rule.threshold <= 0.3 for kind, rule in policy.entities.items() if kind != "PERSON")


def test_a_path_overrides_the_packaged_policy(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        '[defaults]\naction = "redact"\nthreshold = 0.5\n\n'
        '[entities.PERSON]\naction = "block"\n\n'
        '[allow_list]\nterms = ["Valby"]\n\n'
        '[special_categories]\nmode = "block"\n',
        encoding="utf-8",
    )
    policy = load_policy(path)
    assert policy.action_for("PERSON") == "block"
    assert policy.rule_for("PERSON").threshold == 0.4  # the kind's own threshold
    assert policy.rule_for("DK_ADDRESS").threshold == 0.5  # inherited from [defaults]
    assert policy.action_for("DK_ADDRESS") == "redact"
    assert policy.action_for("DK_CPR") == "redact"
    assert policy.allow_list == ("Valby",)
    assert policy.special_category_mode == "block"


def test_an_empty_file_is_a_valid_all_defaults_policy(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    policy = load_policy(path)
    assert policy.action_for("DK_CPR") == "redact"  # the kind's own default
    assert policy.action_for("DK_ADDRESS") == "pseudonymise"
    assert policy.rule_for("DK_CPR").threshold == 0.0
    assert policy.special_category_mode == "warn"


@pytest.mark.parametrize(
    ("toml", "names"),
    [
        ('[defaults]\nactoin = "redact"\n', "defaults.actoin"),
        ('[defaults]\naction = "mask"\n', "defaults.action"),
        ('[entities.DK_CPR]\naction = "mask"\n', "entities.DK_CPR.action"),
        ("[entities.DK_CPR]\nthreshold = 1.5\n", "entities.DK_CPR.threshold"),
        ("[entities.DK_CPR]\nthreshold = -0.1\n", "entities.DK_CPR.threshold"),
        ("[entities.DK_CPR]\nthreshold = true\n", "entities.DK_CPR.threshold"),
        ('[entities.DK_CPR]\nthreshold = "0.5"\n', "entities.DK_CPR.threshold"),
        ('[entities.DK_CPR]\nacion = "redact"\n', "entities.DK_CPR.acion"),
        ('[entities.dk_cpr]\naction = "redact"\n', "entities.dk_cpr"),
        ('[entities]\nDK_CPR = "redact"\n', "entities.DK_CPR"),
        ("entities = 3\n", "entities"),
        ('[allow_list]\nterms = "Valby"\n', "allow_list.terms"),
        ('[allow_list]\nterms = ["Valby", ""]\n', "allow_list.terms"),
        ('[allow_list]\nterm = ["Valby"]\n', "allow_list.term"),
        ('[organisation]\ndomains = "kk.dk"\n', "organisation.domains"),
        ('[organisation]\nroles = ["dpo"]\n', "organisation.roles"),
        ('[special_categories]\nmode = "loud"\n', "special_categories.mode"),
        ('[special_categories]\nmodus = "warn"\n', "special_categories.modus"),
        ('[specials]\nmode = "warn"\n', "specials"),
        ("[defaults\n", "not valid TOML"),
    ],
)
def test_bad_files_name_the_bad_key(tmp_path: Path, toml: str, names: str) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(PolicyError, match=r"policy\.toml") as error:
        load_policy(path)
    assert names in str(error.value)


def test_a_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nope.toml")


def test_default_policy_path_is_the_packaged_file() -> None:
    assert default_policy_path().name == "policy.toml"
    assert default_policy_path().is_file()


@pytest.mark.parametrize(
    ("score", "threshold", "kept"),
    [(0.5, 0.5, True), (0.49, 0.5, False), (0.9, 0.0, True), (0.0, 0.0, True), (1.0, 1.0, True)],
)
def test_thresholds_per_type(score: float, threshold: float, kept: bool) -> None:
    policy = make_policy({"DK_CPR": {"threshold": threshold}}, threshold=0.99)
    text = "CPR 010170-1234"
    assert bool(policy.apply(text, [Detection("DK_CPR", 4, 15, score)])) is kept
    # Other types keep the default threshold.
    assert bool(policy.apply(text, [Detection("PERSON", 4, 15, score)])) is (score >= 0.99)


@pytest.mark.parametrize(
    ("text", "start", "end", "kept"),
    [
        ("Skriv til Københavns Kommune om sagen", 10, 28, False),  # the whole term
        ("Skriv til Københavns Kommune om sagen", 10, 20, False),  # a part of it
        ("Skriv til københavns  KOMMUNE om sagen", 10, 29, False),  # any case, any spacing
        ("Skriv til Københavns Kommune om sagen", 4, 28, True),  # reaches outside the term
        ("Klaus Hansen", 0, 12, True),  # "KL" is a whole-word term only
        ("KL", 0, 2, False),
        ("Valby Langgade 12, 2500 Valby", 0, 29, True),  # an address containing an allowed place
        ("Bor i Valby.", 6, 11, False),
        # a number in any grouping; an address with or without its comma, on one line or two
        ("Ring 33663366 i dag", 5, 13, False),
        ("Ring 3366-3366 i dag", 5, 14, False),
        ("Ring 33 66 33 67 i dag", 5, 16, True),
        ("Rådhuspladsen 1\n1599 København V", 0, 32, False),
        ("Rådhuspladsen 1, 2. th.", 0, 23, True),
        # written with a ligature, doubled spaces, or read with the unit's name on the line above
        ("Rådhusplad\ufb00 1", 0, 12, True),
        ("Ring 33  66  33  66 i dag", 5, 19, False),
        ("Borgerservice\nRådhuspladsen 1, 1599 København V", 0, 46, False),
        ("Lejl. 4\nRådhuspladsen 1, 1599 København V", 0, 40, True),  # a number outside the term: someone's
    ],
)
def test_allow_list(text: str, start: int, end: int, kept: bool) -> None:
    policy = make_policy(
        allow=["Københavns Kommune", "KL", "Valby", "33 66 33 66", "Rådhuspladsen 1, 1599 København V"]
    )
    detection = Detection("DK_ADDRESS" if "\n" in text else "PERSON", start, end, 0.9)
    assert (policy.apply(text, [detection]) == [detection]) is kept


def test_the_shield_leaves_the_administrations_addresses_alone(pii) -> None:
    text = "Socialforvaltningen\nBernstorﬀsgade 17, 1592 København V\nTlf. 33  66  33  66\nbor på Elmegade 5, 3. tv"
    found = [text[d.start:d.end] for d in pii.analyze(text)]
    assert found == ["Elmegade 5, 3. tv"]


@pytest.mark.parametrize(
    ("entities", "default", "lowest"),
    [({}, 0.3, 0.3), ({"DK_CPR": {"threshold": 0.1}}, 0.3, 0.1), ({"DK_CPR": {"threshold": 0.9}}, 0.3, 0.3)],
)
def test_lowest_threshold(entities: dict[str, dict[str, float]], default: float, lowest: float) -> None:
    assert make_policy(entities, threshold=default).lowest_threshold == lowest


def test_policy_is_immutable() -> None:
    policy = make_policy({"PERSON": {"action": "redact"}})
    with pytest.raises(TypeError):
        policy.entities["PERSON"] = policy.default  # type: ignore[index]


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("borgerservice@kk.dk", False),  # named for a function: a compound of everyday words
        ("sygedagpenge@kk.dk", False),
        ("parkering@tmf.kk.dk", False),  # a subdomain of the organisation's
        ("DPO@kk.dk", False),  # a listed role
        ("kbm@kk.dk", True),  # initials
        ("ab12@kk.dk", True),  # a user id
        ("jens.hansen@kk.dk", True),  # a name
        ("lykke@kk.dk", True),  # a first name that is also a word
        ("chrlyk@kk.dk", True),  # fragments of a name
        ("borgerservice@gmail.com", True),  # not the organisation's domain
        ("borgerservice@notkk.dk", True),
    ],
)
def test_the_organisations_function_mailboxes_are_not_masked(pii, address: str, masked: bool) -> None:
    text = f"Skriv til {address} i dag"
    assert [text[d.start : d.end] for d in pii.analyze(text)] == ([address] if masked else [])


def test_without_word_lists_only_listed_roles_count_as_function_mailboxes() -> None:
    policy = load_policy()
    text = "borgerservice@kk.dk og dpo@kk.dk"
    detections = [Detection("EMAIL_ADDRESS", 0, 19, 1.0), Detection("EMAIL_ADDRESS", 23, 32, 1.0)]
    assert policy.apply(text, detections) == detections[:1]
