"""The offline NLP engine: tokens and lemmas, the blank spaCy pipeline, and plug-in NER models (offline)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kkgpt.pii.analyzer import build_analyzer
from kkgpt.pii.nlp import (
    DanishNlpEngine,
    ModelEntity,
    ModelNotAvailableError,
    RegexTokenizer,
    SpacyNerModel,
    SpacyTokenizer,
    TransformersNerModel,
    build_blank_pipeline,
    build_nlp_engine,
    load_ner_model,
    load_pipeline,
)
from kkgpt.pii.recognizers.model_entities import ModelEntityRecognizer


def test_regex_tokenizer_keeps_compounds_and_offsets() -> None:
    text = "Cpr-nr.: 010170-1234, H.C. O'Connor"
    tokens, starts = RegexTokenizer()(text)
    assert tokens == ["Cpr-nr", ".", ":", "010170-1234", ",", "H.C", ".", "O'Connor"]
    assert [text[s:s + len(t)] for t, s in zip(tokens, starts, strict=True)] == tokens


def test_blank_pipeline_sets_lowercase_lemmas() -> None:
    doc = build_blank_pipeline()("Borgerens CPR-nummer")
    assert [t.lemma_ for t in doc] == [t.lower_ for t in doc]


def test_blank_pipeline_survives_a_round_trip_to_disk(tmp_path: Path) -> None:
    build_blank_pipeline().to_disk(tmp_path / "blank_da")
    doc = load_pipeline(tmp_path / "blank_da")("Født HER")
    assert [t.lemma_ for t in doc] == ["født", "her"]


def test_spacy_tokenizer_gives_the_same_kind_of_output() -> None:
    tokens, starts = SpacyTokenizer()("Ring til Anne  Jensen.")
    assert "Anne" in tokens and " " not in tokens
    assert starts[tokens.index("Anne")] == 9


def test_engine_artifacts_have_lemmas_and_keywords() -> None:
    artifacts = DanishNlpEngine().process_text("Hun har cpr-nr. 0101701234", "da")
    assert artifacts.tokens == ["Hun", "har", "cpr-nr", ".", "0101701234"]
    assert artifacts.lemmas == ["hun", "har", "cpr-nr", ".", "0101701234"]
    assert artifacts.keywords == ["cpr-nr", "0101701234"]   # stop words and punctuation left out
    assert artifacts.model_entities == []


def test_engine_refuses_another_language() -> None:
    with pytest.raises(ValueError):
        DanishNlpEngine().process_text("Hello", "en")


def test_a_missing_model_is_an_error_not_a_download(tmp_path: Path) -> None:
    with pytest.raises(ModelNotAvailableError):
        load_ner_model("da_model_that_is_not_installed")
    with pytest.raises(ModelNotAvailableError):
        load_ner_model(f"hf:{tmp_path / 'missing'}")
    with pytest.raises(ModelNotAvailableError):
        load_pipeline(tmp_path / "missing")


@pytest.fixture
def tiny_ner_model(tmp_path: Path) -> Path:
    """A spaCy pipeline built here: blank Danish plus an entity ruler that knows one name and one place."""
    nlp = spacy.blank("da")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PER", "pattern": [{"LOWER": "zorblax"}, {"LOWER": "quux"}]},
        {"label": "LOC", "pattern": "Vesterbro"},
    ])
    path = tmp_path / "tiny_ner"
    nlp.to_disk(path)
    return path


def test_spacy_model_entities_are_loaded_by_path(tiny_ner_model: Path) -> None:
    model = SpacyNerModel.load(str(tiny_ner_model))
    assert model("ring til zorblax quux") == [ModelEntity("PER", 9, 21, 0.85)]


def test_model_entities_are_added_to_rule_results(tiny_ner_model: Path) -> None:
    text = "ring til zorblax quux og Anne Jensen fra Vesterbro om cpr 010170-1234"
    plain = build_analyzer().analyze(text)
    with_model = build_analyzer(nlp_model=str(tiny_ner_model)).analyze(text)
    found = {(d.entity_type, text[d.start:d.end]) for d in with_model}
    assert ("PERSON", "zorblax quux") in found                      # only the model knows this one
    assert {(d.entity_type, text[d.start:d.end]) for d in plain} <= found  # rules still fire
    assert not any(text[d.start:d.end] == "Vesterbro" for d in with_model)  # LOC is not masked


def test_transformers_output_is_mapped_without_transformers_installed() -> None:
    def fake_pipeline(text: str) -> list[dict]:
        return [{"entity_group": "PER", "start": 0, "end": 4, "score": 0.97},
                {"entity_group": "ORG", "start": 10, "end": 12, "score": 0.9}]

    engine = DanishNlpEngine(ner_model=TransformersNerModel(fake_pipeline))
    artifacts = engine.process_text("Lars fra KL", "da")
    assert artifacts.model_entities[0] == ModelEntity("PER", 0, 4, 0.97)
    results = ModelEntityRecognizer().analyze("Lars fra KL", ["PERSON"], artifacts)
    assert [(r.entity_type, r.start, r.end) for r in results] == [("PERSON", 0, 4)]


@pytest.mark.parametrize(("label", "score", "kept"), [("B-PER", 0.9, True), ("I-PER", 0.9, True),
                                                      ("PERSON", 0.9, True), ("PER", 0.3, False),
                                                      ("LOC", 0.99, False)])
def test_model_entity_recognizer_maps_labels_and_drops_weak_ones(label: str, score: float,
                                                                 kept: bool) -> None:
    engine = DanishNlpEngine(ner_model=lambda text: [ModelEntity(label, 0, 4, score)])
    artifacts = engine.process_text("Lars ringede", "da")
    assert bool(ModelEntityRecognizer().analyze("Lars ringede", ["PERSON"], artifacts)) is kept


def test_build_nlp_engine_without_a_model_has_none() -> None:
    assert build_nlp_engine().ner_model is None
