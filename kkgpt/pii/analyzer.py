"""The Danish PII analyzer: Presidio with our recognizers, an offline NLP engine and one overlap policy.

`build_analyzer()` is called once at start-up (it reads the name lists and compiles the patterns);
`DanishAnalyzer.analyze(text)` is then thread-safe and returns sorted, non-overlapping `Detection`s.
Danish and English prompts go through one pass in language "da": the recognizers carry English cue and
context words, which costs nothing, while a second pass would double the time.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult

from kkgpt.pii.completion import SpanCompleter
from kkgpt.pii.digit_letters import digits_for_letters
from kkgpt.pii.entities import BUILTIN_ENTITIES, EntityRegistry, RecognizerResources
from kkgpt.pii.layout import Layout, read_layout
from kkgpt.pii.letterspacing import collapse
from kkgpt.pii.nlp import LANGUAGE, DanishNlpEngine, Tokenizer, build_nlp_engine
from kkgpt.pii.normalise import NormalisedText, normalise
from kkgpt.pii.recognizers.context import DanishContextEnhancer
from kkgpt.pii.recognizers.lexicon import NameLexicon, fold
from kkgpt.pii.recognizers.model_entities import ModelEntityRecognizer
from kkgpt.pii.spacing import tighten
from kkgpt.pii.typed_columns import column_kinds
from kkgpt.pii.types import Detection
from kkgpt.pii.unwrap import unwrap
from kkgpt.pii.windows import LONGEST_VALUE, around, windows

logger = logging.getLogger(__name__)

_NAME_WORD = re.compile(r"[^\W\d_]{2,}")

#: Scores below this are not returned unless the caller asks for a lower threshold.
DEFAULT_SCORE_THRESHOLD = 0.4

_BUILTIN_PRIORITIES = BUILTIN_ENTITIES.priorities()

def resolve_overlaps(candidates: Iterable[Detection],
                     priorities: Mapping[str, int] = _BUILTIN_PRIORITIES) -> list[Detection]:
    """A sorted, non-overlapping subset of `candidates`, chosen deterministically.

    A span lying inside a longer span of any type gives way to it (a CPR-like number inside a bank account,
    a name-like street inside an address). Of two spans that only partly overlap, the higher score wins,
    then the longer span, then the kinds' `priorities` (lower first), then the earlier start. A span that
    gave way to a container which itself lost is considered again, so every dropped span overlaps a kept one.
    """
    def rank(d: Detection) -> tuple[float, int, int, int, str]:
        return (-d.score, -(d.end - d.start), priorities.get(d.entity_type, len(priorities)), d.start,
                d.entity_type)

    best_per_span: dict[tuple[int, int], Detection] = {}
    for d in _joined(candidates, _JOINED_KINDS):
        current = best_per_span.get((d.start, d.end))
        if current is None or rank(d) < rank(current):
            best_per_span[(d.start, d.end)] = d
    # One byte per character marks what chosen spans cover, so testing a span costs its length (a
    # bisect over a sorted list of chosen spans would cost a list insertion per chosen span: quadratic).
    spans = list(best_per_span.values())
    taken = bytearray(max((d.end for d in spans), default=0))
    chosen: list[Detection] = []

    def free(d: Detection) -> bool:
        return taken.find(1, d.start, d.end) < 0

    remaining = spans
    while remaining:
        for d in sorted(_outermost(remaining), key=rank):
            if free(d):
                chosen.append(d)
                taken[d.start:d.end] = b"\x01" * (d.end - d.start)
        remaining = [d for d in remaining if free(d)]
    return sorted(chosen, key=lambda d: d.start)


#: Kinds whose partly overlapping spans are one value read two ways ("Lersø Parkallé 21 2 tv" by its floor and
#: "Parkallé 21 2 tv 2100" by its street word and postcode): they are joined, so neither part is left out.
_JOINED_KINDS = frozenset({"DK_ADDRESS"})


def _joined(candidates: Iterable[Detection], kinds: frozenset[str]) -> list[Detection]:
    """The candidates with each chain of partly overlapping spans of one of `kinds` joined into one span, at the
    highest score of the chain; the chain's own spans stay too, so that a part the join's loss frees (to a CPR
    number overlapping its other end) is considered again."""
    joined: list[Detection] = []
    by_kind: dict[str, list[Detection]] = {}
    for d in candidates:
        (by_kind.setdefault(d.entity_type, []) if d.entity_type in kinds else joined).append(d)
    for spans in by_kind.values():
        spans.sort(key=lambda d: (d.start, -d.end))
        joined += spans
        current = spans[0]
        for d in spans[1:]:
            if d.end <= current.end:
                continue  # inside the current span
            if d.start < current.end:
                current = Detection(current.entity_type, current.start, d.end, max(current.score, d.score))
            else:
                joined.append(current)
                current = d
        joined.append(current)
    return joined


def _outermost(spans: Iterable[Detection]) -> list[Detection]:
    """Spans not inside another span of the collection (distinct spans assumed)."""
    outermost: list[Detection] = []
    max_end = -1
    for d in sorted(spans, key=lambda d: (d.start, -d.end)):
        if d.end > max_end:
            outermost.append(d)
            max_end = d.end
    return outermost


#: Texts longer than this are analysed in overlapping windows (`kkgpt.pii.windows`): about 20 ms of work
#: on ordinary text, so a long document costs a bounded amount per window whatever it holds.
WINDOW_CHARS = 16_000
#: Characters consecutive windows share: more than the longest value, so none is split.
WINDOW_OVERLAP = 1_000
#: A name found at this score in one window makes its other mentions in the text names too.
_CONFIDENT_NAME = 0.5
#: Second views of a text that show values its layout or extraction broke, each with whether it marks
#: joints (offsets a value must cross) rather than regions, and whether a name found there needs a part
#: found in the text itself: soft line breaks and page furniture (`unwrap`: "Anne Marie\nTornsbjerg"),
#: letter-spacing (`collapse`: "M A R I A   H O L M"), spaces before punctuation and justified lines
#: (`tighten`: "2 . sal", "Holmbladsgade  69A"), and the letter O typed for a zero (`digits_for_letters`:
#: "2O 45 67 89").
_VIEWS: tuple[tuple[Callable[[str], tuple[NormalisedText, Sequence[Any]] | None], bool, bool], ...] = (
    (unwrap, True, True),
    (collapse, False, False),
    (tighten, True, True),
    (digits_for_letters, False, False),
)
#: A second view is read only this near its regions (and out to a line's start and end up to as far again):
#: a value across a joint and the words before it that cue or label it lie there; the rest of the view is
#: the text as already read.
VIEW_MARGIN = LONGEST_VALUE
#: A view whose stretches near its regions cover more than this share of it is read whole: each stretch
#: read apart costs a pass of the engine and the view's layout read once more.
_MOST_OF_A_VIEW = 0.5
#: Below this a name is not reported (the PERSON kind's threshold).
_WEAK_NAME = BUILTIN_ENTITIES.get("PERSON").threshold or 0.4


class DanishAnalyzer:
    """Finds Danish personal data in a prompt; built once, then safe to call from many threads."""

    def __init__(self, engine: AnalyzerEngine, score_threshold: float = DEFAULT_SCORE_THRESHOLD,
                 language: str = LANGUAGE, *, window_chars: int = WINDOW_CHARS,
                 window_overlap: int = WINDOW_OVERLAP, entities: EntityRegistry = BUILTIN_ENTITIES,
                 completer: SpanCompleter | None = None, lexicon: NameLexicon | None = None) -> None:
        self._engine = engine
        self._lexicon = lexicon
        self._completer = completer
        self._priorities = entities.priorities()
        self._score_threshold = score_threshold
        self._language = language
        self._window_chars = window_chars
        self._window_overlap = window_overlap
        windows("", window_chars, window_overlap)  # refuse impossible window settings at build time

    @property
    def engine(self) -> AnalyzerEngine:
        """The Presidio engine underneath (for explanations and extensions)."""
        return self._engine

    def everyday_word(self, word: str) -> bool:
        """True when `word` is an everyday word, or two joined ("lokale" + "booking"), and no listed name;
        without name lists no word is."""
        lexicon = self._lexicon
        if lexicon is None:
            return False
        folded = fold(word)
        if folded in lexicon.first_names or folded in lexicon.surnames:
            return False
        common = lexicon.common_words
        if folded in common:
            return True
        # A compound of two everyday words of three letters or more, maybe joined by an "s" ("borgerservice",
        # "lokalebooking", "tandplejesekretariat")
        return any(
            folded[:k] in common and (folded[k:] in common or (folded[k] == "s" and folded[k + 1:] in common))
            for k in range(3, len(folded) - 2)
        )

    @property
    def score_threshold(self) -> float:
        """The default minimum score of a returned detection."""
        return self._score_threshold

    def analyze(self, text: str, score_threshold: float | None = None) -> list[Detection]:
        """Detections in `text`: sorted by position, non-overlapping, scores at or above the threshold.

        The text is read normalised (`kkgpt.pii.normalise`: NFKC, odd spaces, soft hyphens, zero-width
        characters, CRLF) and the spans are mapped back to offsets in `text`."""
        if not text or text.isspace():
            return []
        threshold = self._score_threshold if score_threshold is None else score_threshold
        normalised = normalise(text)
        found = self._analyze(normalised.text, threshold)
        for make_view, joints, names_need_support in _VIEWS:
            found = self._through(normalised.text, make_view(normalised.text), threshold, found, joints=joints,
                                  names_need_support=names_need_support)
        if not normalised.changed:
            return found
        return [Detection(d.entity_type, *normalised.original_span(d.start, d.end), d.score) for d in found]

    def _through(self, text: str, made: tuple[NormalisedText, Sequence[Any]] | None, threshold: float,
                 found: list[Detection], *, joints: bool, names_need_support: bool) -> list[Detection]:
        """`found` in `text`, with what a second view of it shows (see `_VIEWS`), or `found` when the text
        gives no such view; `joints` says the view marks offsets a value must cross, not changed regions."""
        if made is None:
            return found
        view, marks = made
        regions = [(mark, mark) for mark in marks] if joints else list(marks)
        extra = []
        for d in self._near(view.text, regions, threshold, lambda: _NamesElsewhere(text, found, view)):
            mapped = Detection(d.entity_type, *view.original_span(d.start, d.end), d.score)
            if _extends(mapped, found, names_need_support=names_need_support):
                extra.append(mapped)
        return resolve_overlaps(found + extra, self._priorities) if extra else found

    def _near(self, view: str, regions: list[tuple[int, int]], threshold: float,
              names_elsewhere: Callable[[], Callable[[int, int], frozenset[str]]]) -> list[Detection]:
        """Detections in `view` that touch its `regions` (sorted; a joint is an empty region a value must
        cross), as a reading of the whole view finds them.

        Only the stretches within `VIEW_MARGIN` of the regions are read, unless they cover most of the view;
        each knows what the whole would: the view's layout (a table's header outside the stretch) and the
        names found with confidence outside it (`names_elsewhere()(start, end)`), whose mentions are names too."""
        spans = around(view, regions, VIEW_MARGIN)
        if sum(end - start for start, end in spans) > _MOST_OF_A_VIEW * len(view):
            found = self._analyze(view, threshold)
        else:
            layout = read_layout(view)
            columns = _tabular(view)  # the columns' kinds are read where a reading of the whole reads them
            names = names_elsewhere()
            found = []
            for start, end in spans:
                for part_start, part_end in windows(view[start:end], self._window_chars, self._window_overlap):
                    part_start, part_end = start + part_start, start + part_end
                    part = view[part_start:part_end]
                    part_layout = layout.window(part_start, part_end)
                    detections = resolve_overlaps(self._run(part, threshold, names(part_start, part_end),
                                                            layout=part_layout),
                                                  self._priorities)
                    found += _shifted(self._complete(part, detections, part_layout if columns else None),
                                      part_start)
            found = resolve_overlaps(found, self._priorities)
        ends = [end for _, end in regions]
        touching = []
        for d in found:
            k = bisect_right(ends, d.start)
            if k < len(regions) and regions[k][0] < d.end:
                touching.append(d)
        return touching

    def _analyze(self, text: str, threshold: float) -> list[Detection]:
        """Detections in normalised text: one pass, or overlapping windows for a long text."""
        if not text or text.isspace():
            return []
        if len(text) <= self._window_chars:
            # a table's layout is read once, for the recognizers and for the columns' kinds after them
            layout = read_layout(text) if _tabular(text) else None
            found = resolve_overlaps(self._run(text, threshold, layout=layout), self._priorities)
            return self._complete(text, found, layout)
        spans = windows(text, self._window_chars, self._window_overlap)
        # A name one window is sure of is the same person in the others ("Per kan træffes ..." pages after
        # "mentor er Per Holm"). Each window is read knowing the names of the windows before it; a window
        # that mentions a name only a later window found is read once more, knowing them all.
        layout = read_layout(text)  # read once, so a table's header labels its rows in every window
        known: set[str] = set()
        per_window: list[list[Detection]] = []
        learned_before: list[frozenset[str]] = []
        for start, end in spans:
            learned_before.append(frozenset(known))
            detections = _shifted(self._run(text[start:end], threshold, _folded(known),
                                            layout=layout.window(start, end)), start)
            per_window.append(detections)
            known |= _confident_name_words(text, detections)
        found = [d for detections in per_window for d in detections]
        everything = _folded(known)
        for (start, end), own, before in zip(spans, per_window, learned_before, strict=True):
            later = known - before - _confident_name_words(text, own)
            if later and not later.isdisjoint(_NAME_WORD.findall(text[start:end].lower())):
                found += _shifted(self._run(text[start:end], threshold, everything, person_only=True,
                                            layout=layout.window(start, end)), start)
        return self._complete(text, resolve_overlaps(found, self._priorities), layout)

    def _complete(self, text: str, detections: list[Detection], layout: Layout | None) -> list[Detection]:
        """Detections grown over the parts of their values next to them (`kkgpt.pii.completion`), and the
        values of header-less columns given the kind of the rest of their column (`kkgpt.pii.typed_columns`)."""
        if detections and layout is not None and (extra := column_kinds(text, layout, detections)):
            detections = resolve_overlaps(detections + extra, self._priorities)
        return detections if self._completer is None else self._completer.complete(text, detections)

    def _run(self, text: str, threshold: float, known_names: frozenset[str] = frozenset(),
             *, person_only: bool = False, layout: Layout | None = None) -> list[Detection]:
        """One pass of the engine over `text`, knowing `known_names` (folded name words found elsewhere) and
        the `layout` of a longer text it is a window of; `person_only` marks only the names' mentions."""
        if not known_names and layout is None:
            results = self._engine.analyze(text=text, language=self._language, score_threshold=threshold)
            return _to_detections(results)
        nlp_engine = self._engine.nlp_engine
        if isinstance(nlp_engine, DanishNlpEngine):
            artifacts = nlp_engine.process(text, self._language, layout)
        else:
            artifacts = nlp_engine.process_text(text, self._language)
        artifacts.known_names = known_names
        artifacts.mentions_only = person_only
        results = self._engine.analyze(text=text, language=self._language, score_threshold=threshold,
                                       entities=["PERSON"] if person_only else None, nlp_artifacts=artifacts)
        return _to_detections(results)

    def explain(self, text: str) -> list[RecognizerResult]:
        """Presidio's raw results with their decision process, for debugging a miss or a false positive."""
        return self._engine.analyze(text=text, language=self._language, score_threshold=0.0,
                                    return_decision_process=True)


def _tabular(text: str) -> bool:
    """`text` has lines and a separator a table could use: worth reading its layout before the recognizers."""
    return ("\t" in text or "," in text or ";" in text or "|" in text) and text.count("\n") >= 2


def _extends(across: Detection, found: list[Detection], *, names_need_support: bool = True) -> bool:
    """A value found across a soft break is kept when it grows at most one value found on the lines alone
    and covers it whole; a name only when it grows one ("Anne Marie" + "Tornsbjerg"), since a capitalised
    word opening the next line may start a sentence ("5. Eventuelt\nKan du ..."). Two values found on the
    lines alone stay two ("Kristine Lauritsen\nRS oplever ...")."""
    # A name part too weak to be reported alone ("Tornsbjerg" opening a line, "Flat" inside "Flat 3, 27 Mill
    # Lane") is no value of its own.
    touched = [d for d in found if d.start < across.end and across.start < d.end
               and not (d.entity_type == "PERSON" and d.score < _WEAK_NAME
                        and (across.entity_type == "PERSON" or across.start <= d.start and d.end <= across.end))]
    if any(d.start < across.start or d.end > across.end for d in touched):
        return False
    if len(touched) > 1 and not (
        across.entity_type != "PERSON"
        and all(d.entity_type == "PERSON" and d.score < across.score for d in touched)
    ):  # an address the view reads whole wins over the words of it read as names ("Borups  Allé  209")
        return False
    return not names_need_support or across.entity_type != "PERSON" \
        or bool(touched) and touched[0].entity_type == "PERSON"


class _NamesElsewhere:
    """Folded words of the names found with confidence in a text, but for those of names wholly inside a
    stretch of a view of it: what a reading of the whole view knows that a reading of the stretch does not
    (a name inside the stretch is the stretch's own to find, or not, as the view reads it)."""

    def __init__(self, text: str, found: list[Detection], view: NormalisedText) -> None:
        self._view = view
        self._names = [(d.start, d.end, _folded(_confident_name_words(text, [d]))) for d in found
                       if d.entity_type == "PERSON" and d.score >= _CONFIDENT_NAME]
        self._starts = [start for start, _, _ in self._names]
        self._counts = Counter(word for _, _, words in self._names for word in words)

    def __call__(self, start: int, end: int) -> frozenset[str]:
        """The words known outside the view's stretch [start, end)."""
        start, end = self._view.original_span(start, end)
        inside = Counter(word for name_start, name_end, words in
                         self._names[bisect_left(self._starts, start):bisect_left(self._starts, end)]
                         if name_end <= end for word in words)
        return frozenset(word for word, count in self._counts.items() if count > inside[word])


def _folded(words: set[str]) -> frozenset[str]:
    return frozenset(map(fold, words))


def _confident_name_words(text: str, found: Iterable[Detection]) -> set[str]:
    """Lower-cased words of the names in `found` scoring `_CONFIDENT_NAME` or more."""
    return {word for d in found if d.entity_type == "PERSON" and d.score >= _CONFIDENT_NAME
            for word in _NAME_WORD.findall(text[d.start:d.end].lower())}


def _shifted(detections: list[Detection], offset: int) -> list[Detection]:
    return [Detection(d.entity_type, d.start + offset, d.end + offset, d.score) for d in detections]


def _to_detections(results: Iterable[RecognizerResult]) -> list[Detection]:
    return [Detection(r.entity_type, r.start, r.end, round(float(r.score), 4))
            for r in results if r.end > r.start]


def build_analyzer(
    nlp_model: str | None = None,
    extra_recognizers: Iterable[EntityRecognizer] = (),
    *,
    score_threshold: float = DEFAULT_SCORE_THRESHOLD,
    entities: EntityRegistry = BUILTIN_ENTITIES,
    lexicon: NameLexicon | None = None,
    data_dir: Path | None = None,
    tokenizer: Tokenizer | None = None,
) -> DanishAnalyzer:
    """Build the analyzer: the recognizers of every kind in `entities`, an offline NLP engine.

    `nlp_model` names an installed NER model (spaCy package or path, or `hf:<model>`) whose PERSON entities
    are added to the rule results. `extra_recognizers` must support language "da".
    """
    lexicon = lexicon if lexicon is not None else NameLexicon.load(data_dir)
    nlp_engine = build_nlp_engine(nlp_model, tokenizer)
    recognizers = entities.build_recognizers(RecognizerResources(lexicon=lexicon, language=LANGUAGE))
    if nlp_engine.ner_model is not None:
        recognizers.append(ModelEntityRecognizer(supported_language=LANGUAGE))
    for recognizer in extra_recognizers:
        if recognizer.supported_language != LANGUAGE:
            language = recognizer.supported_language
            raise ValueError(f"{recognizer.name} supports {language!r}, not {LANGUAGE!r}")
        recognizers.append(recognizer)
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE])
    engine = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE],
                            context_aware_enhancer=DanishContextEnhancer())
    logger.info("PII analyzer ready with %d recognizers", len(recognizers))
    return DanishAnalyzer(engine, score_threshold=score_threshold, entities=entities,
                          completer=SpanCompleter(lexicon), lexicon=lexicon)
