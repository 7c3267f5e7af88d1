"""RecognizerCatalog: built-ins register like extensions; names are unique; every build is fresh."""

from __future__ import annotations

import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.registry import (
    BUILTIN_RECOGNIZERS,
    RecognizerCatalog,
    RecognizerResources,
    default_catalog,
)
from kkgpt.pii.types import PLACEHOLDER_LABELS


def _employee_numbers(resources: RecognizerResources) -> PatternRecognizer:
    return PatternRecognizer(supported_entity="EMPLOYEE_ID", supported_language=resources.language,
                             patterns=[Pattern("employee id", r"\bMA-\d{6}\b", 0.9)])


def test_default_catalog_holds_every_builtin_in_order() -> None:
    assert default_catalog().names() == tuple(BUILTIN_RECOGNIZERS)


def test_builtins_cover_every_placeholder_type() -> None:
    resources = RecognizerResources(lexicon=NameLexicon.from_lists())
    entities = {e for r in default_catalog().build(resources) for e in r.supported_entities}
    assert entities == set(PLACEHOLDER_LABELS)


def test_register_refuses_a_taken_name_unless_replacing() -> None:
    catalog = default_catalog()
    with pytest.raises(ValueError, match="already registered"):
        catalog.register("DK_CPR", _employee_numbers)
    catalog.register("DK_CPR", _employee_numbers, replace=True)
    assert catalog.names().count("DK_CPR") == 1


def test_extensions_are_built_alongside_builtins() -> None:
    catalog = default_catalog()
    catalog.register("EMPLOYEE_ID", _employee_numbers)
    catalog.unregister("DK_LICENSE_PLATE")
    built = catalog.build(RecognizerResources(lexicon=NameLexicon.from_lists()))
    entities = [e for r in built for e in r.supported_entities]
    assert "EMPLOYEE_ID" in entities and "DK_LICENSE_PLATE" not in entities


def test_each_build_makes_new_recognizers() -> None:
    catalog, resources = RecognizerCatalog(), RecognizerResources(lexicon=NameLexicon.from_lists())
    catalog.register("EMPLOYEE_ID", _employee_numbers)
    (first,), (second,) = catalog.build(resources), catalog.build(resources)
    assert first is not second
