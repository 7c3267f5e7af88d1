"""PII fixtures: one Danish analyzer per session (building it reads the name lists) and a span helper."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kkgpt.pii.analyzer import DanishAnalyzer, build_analyzer
from kkgpt.pii.recognizers.lexicon import NameLexicon


@pytest.fixture(scope="session")
def analyzer() -> DanishAnalyzer:
    """The production Danish analyzer, built once (analyze is stateless)."""
    return build_analyzer()


@pytest.fixture(scope="session")
def lexicon() -> NameLexicon:
    """The packaged name lists."""
    return NameLexicon.load()


@pytest.fixture(scope="session")
def spans(analyzer: DanishAnalyzer) -> Callable[[str, str], list[str]]:
    """spans(text, entity_type) -> the texts the analyzer marks with that type."""

    def find(text: str, entity_type: str) -> list[str]:
        return [text[d.start:d.end] for d in analyzer.analyze(text) if d.entity_type == entity_type]

    return find
