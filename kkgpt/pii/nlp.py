"""The offline NLP engine behind the Danish analyzer: cheap tokens and lemmas, plus an optional NER model.

Presidio needs tokens and lemmas for its context words and for the PERSON recognizer. A blank spaCy `da`
pipeline gives them without any download, but its tokenizer costs ~7 ms per 10 KB; `RegexTokenizer` gives
the same information in ~1 ms, so it is the default and spaCy (`SpacyTokenizer`, `build_blank_pipeline`)
stays available for callers that want spaCy's token rules.

A deployment that can install a real Danish model names it with `nlp_model`: a spaCy package or path
(`da_core_news_sm`, a DaCy package) or `hf:<name or path>` for a Hugging Face token-classification model.
Its entities travel in `DanishNlpArtifacts.model_entities` and are *added* to the rule recognizers' results
by `ModelEntityRecognizer`; they never replace them. Nothing here downloads anything: a model that is not
installed raises `ModelNotAvailableError`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.lang.da.stop_words import STOP_WORDS as _DA_STOP_WORDS
from spacy.lang.en.stop_words import STOP_WORDS as _EN_STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from kkgpt.pii.layout import Layout, read_layout

logger = logging.getLogger(__name__)

#: The one analysis language; the Danish recognizers carry English cue words too.
LANGUAGE = "da"

#: Name of the spaCy component that copies lower-cased text into `lemma_`.
LOWERCASE_LEMMATIZER = "kkgpt_lowercase_lemmatizer"

#: Prefix of `nlp_model` values that name a Hugging Face token-classification model.
HF_PREFIX = "hf:"

# A word keeps inner hyphens, dots and apostrophes ("cpr-nr", "H.C", "O'Connor", "040485-1004"), so
# context words match whole compounds and names keep their parts; any other character is its own token.
_TOKEN_PATTERN = re.compile(r"\w+(?:[-.'’]\w+)*|[^\w\s]")

_STOP_WORDS = frozenset(_DA_STOP_WORDS | _EN_STOP_WORDS)


class ModelNotAvailableError(RuntimeError):
    """The named NER model is not installed here (nothing is ever downloaded at run time)."""


@dataclass(frozen=True, slots=True)
class ModelEntity:
    """One entity predicted by a statistical model (label as the model names it)."""

    label: str
    start: int
    end: int
    score: float


class NerModel(Protocol):
    """A statistical NER model: text in, entities with character offsets out."""

    def __call__(self, text: str) -> list[ModelEntity]:
        """Return the entities the model finds in `text`."""
        ...


class Tokenizer(Protocol):
    """Splits text into tokens and their start offsets."""

    def __call__(self, text: str) -> tuple[list[str], list[int]]:
        """Return (tokens, start offsets) for `text`."""
        ...


class RegexTokenizer:
    """The default tokenizer: one compiled regex, about 1 ms per 10 KB."""

    def __call__(self, text: str) -> tuple[list[str], list[int]]:
        """Return (tokens, start offsets) for `text`."""
        tokens: list[str] = []
        starts: list[int] = []
        for match in _TOKEN_PATTERN.finditer(text):
            tokens.append(match.group())
            starts.append(match.start())
        return tokens, starts


class SpacyTokenizer:
    """Tokens from a spaCy pipeline (by default the blank Danish one); slower, spaCy's token rules."""

    def __init__(self, pipeline: Language | None = None) -> None:
        self._nlp = pipeline if pipeline is not None else build_blank_pipeline()

    def __call__(self, text: str) -> tuple[list[str], list[int]]:
        """Return (tokens, start offsets) for `text`, skipping whitespace tokens."""
        doc = self._nlp(text)
        pairs = [(token.text, token.idx) for token in doc if not token.is_space]
        return [text for text, _ in pairs], [start for _, start in pairs]


def _set_lowercase_lemmas(doc: Doc) -> Doc:
    """Copy each token's lower-cased text into its lemma, so Presidio's context words can match."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def register_spacy_components() -> None:
    """Register the lower-casing lemmatizer with spaCy (idempotent; needed before loading a saved one)."""
    if not Language.has_factory(LOWERCASE_LEMMATIZER):
        Language.component(LOWERCASE_LEMMATIZER, func=_set_lowercase_lemmas)


def build_blank_pipeline(lang: str = LANGUAGE) -> Language:
    """A blank spaCy pipeline (no download) whose lemmas are the lower-cased tokens."""
    register_spacy_components()
    nlp = spacy.blank(lang)
    nlp.add_pipe(LOWERCASE_LEMMATIZER)
    return nlp


def load_pipeline(path: str | Path) -> Language:
    """Load a pipeline saved with `Language.to_disk`, e.g. a blank one built by `build_blank_pipeline`."""
    register_spacy_components()
    if not Path(path).exists():
        raise ModelNotAvailableError(f"no spaCy pipeline at {path}")
    return spacy.load(path)


class SpacyNerModel:
    """Entities from a spaCy pipeline: an installed package (da_core_news_sm, DaCy) or a saved path."""

    # Components that only slow a model down when all we want is its entities.
    _UNNEEDED = ("parser", "lemmatizer", "attribute_ruler", "morphologizer", "tagger", "senter")

    def __init__(self, pipeline: Language) -> None:
        self._nlp = pipeline

    @classmethod
    def load(cls, name_or_path: str) -> SpacyNerModel:
        """Load an installed spaCy model by package name or path; never downloads."""
        register_spacy_components()
        if not (spacy.util.is_package(name_or_path) or Path(name_or_path).exists()):
            raise ModelNotAvailableError(
                f"spaCy model {name_or_path!r} is not installed; install it with pip or give a path"
            )
        nlp = spacy.load(name_or_path)
        for component in cls._UNNEEDED:
            if component in nlp.pipe_names:
                nlp.disable_pipe(component)
        return cls(nlp)

    def __call__(self, text: str) -> list[ModelEntity]:
        """Return the pipeline's entities in `text`."""
        doc = self._nlp(text)
        return [ModelEntity(ent.label_, ent.start_char, ent.end_char, 0.85) for ent in doc.ents]


class TransformersNerModel:
    """Entities from a Hugging Face token-classification pipeline (any callable with its output format)."""

    def __init__(self, pipeline: Callable[[str], Sequence[dict[str, Any]]]) -> None:
        self._pipeline = pipeline

    @classmethod
    def load(cls, name_or_path: str) -> TransformersNerModel:
        """Load a model already on disk or in the local Hugging Face cache; never downloads."""
        try:
            import transformers
        except ImportError as exc:
            raise ModelNotAvailableError("the transformers package is not installed") from exc
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(name_or_path, local_files_only=True)
            model = transformers.AutoModelForTokenClassification.from_pretrained(
                name_or_path, local_files_only=True
            )
        except OSError as exc:
            message = f"Hugging Face model {name_or_path!r} is not available locally"
            raise ModelNotAvailableError(message) from exc
        pipeline = transformers.pipeline(
            "token-classification", model=model, tokenizer=tokenizer, aggregation_strategy="simple"
        )
        return cls(pipeline)

    def __call__(self, text: str) -> list[ModelEntity]:
        """Return the model's aggregated entities in `text`."""
        return [
            ModelEntity(
                str(item.get("entity_group") or item.get("entity", "")),
                int(item["start"]),
                int(item["end"]),
                float(item.get("score", 0.85)),
            )
            for item in self._pipeline(text)
        ]


def load_ner_model(nlp_model: str) -> NerModel:
    """Load the model `nlp_model` names: `hf:<name or path>` for transformers, otherwise spaCy."""
    if nlp_model.startswith(HF_PREFIX):
        return TransformersNerModel.load(nlp_model.removeprefix(HF_PREFIX))
    return SpacyNerModel.load(nlp_model)


class DanishNlpArtifacts(NlpArtifacts):
    """Presidio's NLP artifacts with string tokens and the optional model's entities."""

    def __init__(self, tokens: list[str], starts: list[int], model_entities: list[ModelEntity],
                 nlp_engine: NlpEngine, language: str) -> None:
        lemmas = [token.lower() for token in tokens]
        super().__init__(entities=[], tokens=tokens, tokens_indices=starts, lemmas=lemmas,
                         nlp_engine=nlp_engine, language=language, scores=[])
        self.model_entities = model_entities
        #: Folded words of names found with confidence elsewhere in a longer text (another window), so
        #: their mentions here are recognised as in one pass (`DanishAnalyzer`).
        self.known_names: frozenset[str] = frozenset()
        #: Set for a window read again: the PERSON recognizer then only marks mentions of `known_names`.
        self.mentions_only = False
        #: Tables, column labels and the places that hold people (`kkgpt.pii.layout`).
        self.layout = Layout()
        #: (pattern, flags, text) -> the spans of its matches, filled by the pattern recognizers as they go
        #: (`DanishPatternRecognizer`), so a pattern two of them share scans the text once.
        self.pattern_spans: dict[tuple[str, int, str], list[tuple[int, int]]] = {}

    @staticmethod
    def set_keywords(nlp_engine: NlpEngine, lemmas: list[str], language: str) -> list[str]:
        """Lemmas that are neither stop words nor punctuation (Presidio's rule, in one pass)."""
        return [lemma for lemma in lemmas if lemma[:1].isalnum() and lemma not in _STOP_WORDS]

    def to_json(self) -> str:
        """Serialise for Presidio's decision-process trace (tokens are plain strings here)."""
        return json.dumps({"tokens": self.tokens, "lemmas": self.lemmas,
                           "model_entities": [asdict(entity) for entity in self.model_entities]})


class DanishNlpEngine(NlpEngine):
    """Presidio NlpEngine: tokens and lower-cased lemmas from a tokenizer, entities from an optional model."""

    engine_name = "kkgpt_danish"
    is_available = True

    def __init__(self, tokenizer: Tokenizer | None = None, ner_model: NerModel | None = None,
                 language: str = LANGUAGE) -> None:
        self._tokenizer = tokenizer if tokenizer is not None else RegexTokenizer()
        self.ner_model = ner_model
        self._language = language

    def load(self) -> None:
        """Nothing to load: the tokenizer and model are built before the engine."""

    def is_loaded(self) -> bool:
        """Always loaded."""
        return True

    def process_text(self, text: str, language: str) -> DanishNlpArtifacts:
        """Tokenise `text`, read its layout and run the optional model."""
        return self.process(text, language)

    def process(self, text: str, language: str, layout: Layout | None = None) -> DanishNlpArtifacts:
        """`process_text`, with the layout given when `text` is a window of a longer text read already."""
        self._check_language(language)
        tokens, starts = self._tokenizer(text)
        entities = self.ner_model(text) if self.ner_model is not None else []
        artifacts = DanishNlpArtifacts(tokens, starts, entities, self, language)
        artifacts.layout = layout if layout is not None else read_layout(text)
        return artifacts

    def process_batch(self, texts: Iterable[str], language: str, batch_size: int = 1,
                      n_process: int = 1, **kwargs: Any) -> Iterator[tuple[str, NlpArtifacts]]:
        """Process texts one by one (tokenising is too cheap to batch)."""
        for text in texts:
            yield text, self.process_text(str(text), language)

    def is_stopword(self, word: str, language: str) -> bool:
        """Danish and English stop words (spaCy's lists, bundled with spaCy)."""
        return word.lower() in _STOP_WORDS

    def is_punct(self, word: str, language: str) -> bool:
        """True for tokens without letters or digits."""
        return not any(ch.isalnum() for ch in word)

    def get_supported_entities(self) -> list[str]:
        """Entities come through ModelEntityRecognizer, not Presidio's SpacyRecognizer."""
        return []

    def get_supported_languages(self) -> list[str]:
        """The single analysis language."""
        return [self._language]

    def _check_language(self, language: str) -> None:
        if language != self._language:
            raise ValueError(f"DanishNlpEngine analyses {self._language!r}, not {language!r}")


def build_nlp_engine(nlp_model: str | None = None, tokenizer: Tokenizer | None = None) -> DanishNlpEngine:
    """The analyzer's NLP engine; `nlp_model` optionally names an installed NER model to add."""
    ner_model = load_ner_model(nlp_model) if nlp_model else None
    if ner_model is not None:
        logger.info("PII analyzer adds entities from NER model %s", nlp_model)
    return DanishNlpEngine(tokenizer=tokenizer, ner_model=ner_model)
