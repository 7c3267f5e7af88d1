"""Entities from an optional statistical NER model (spaCy, DaCy, transformers), added to the rule results."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

#: Model labels (spaCy, DaCy, Hugging Face, with or without B-/I- prefixes) -> our entity types.
DEFAULT_LABELS: Mapping[str, str] = MappingProxyType({"PER": "PERSON", "PERSON": "PERSON"})


class ModelEntityRecognizer(EntityRecognizer):
    """Turns the NLP engine's model entities (`DanishNlpArtifacts.model_entities`) into results."""

    def __init__(self, labels: Mapping[str, str] = DEFAULT_LABELS, min_score: float = 0.5,
                 supported_language: str = "da") -> None:
        self._labels = dict(labels)
        self._min_score = min_score
        super().__init__(supported_entities=sorted(set(self._labels.values())),
                         supported_language=supported_language, name="ModelEntityRecognizer")

    def load(self) -> None:
        """The model lives in the NLP engine; nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        """Map the model's entities to our types, keeping those at or above `min_score`."""
        results = []
        for entity in getattr(nlp_artifacts, "model_entities", ()) or ():
            label = entity.label.upper().removeprefix("B-").removeprefix("I-")
            entity_type = self._labels.get(label)
            if entity_type is None or entity.score < self._min_score or entity.start >= entity.end:
                continue
            explanation = AnalysisExplanation(recognizer=self.name, original_score=entity.score,
                                              textual_explanation=f"NER model label {entity.label}")
            results.append(RecognizerResult(
                entity_type, entity.start, entity.end, entity.score, explanation,
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id},
            ))
        return results
