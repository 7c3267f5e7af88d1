"""The PII shield: one object the chat, the CLI and the logs use to keep personal data from leaving.

`PiiShield` is built once at start-up from an analyzer, a policy and a special-category detector, and holds
no per-conversation state: everything that belongs to a conversation is in the `PlaceholderVault` passed
in. `protect` is CPU-bound and synchronous: async code runs a long text in a worker thread
(`anyio.to_thread.run_sync`); a short one costs less on the event loop (see `ChatService`).

Placeholder-like text the employee types (`<PERSON_1>`, `PERSON_2`, `[CPR_1]`) is treated as data too: it
is replaced by a `<LITERAL_n>` placeholder whose value is exactly what was typed. The model therefore never
sees a placeholder the employee wrote, and an answer that repeats it restores to the typed text, never to
the value another placeholder stands for. Only look-alikes with a label that is or may become a label in
this conversation (the built-in labels, the policy's entity types, the vault's labels) are neutralised,
so "[bilag 2]" or "{navn_1}" in a template reach the model unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from kkgpt.pii.choices import PiiChoices
from kkgpt.pii.entities import BUILTIN_ENTITIES, LITERAL_ENTITY, EntityRegistry
from kkgpt.pii.policy import Policy, load_policy
from kkgpt.pii.restore import StreamRestorer, find_placeholder_like, restore
from kkgpt.pii.special_categories import (
    SPECIAL_CATEGORIES,
    CategoryMatch,
    SpecialCategoryDetector,
    TermListDetector,
)
from kkgpt.pii.types import Action, Detection
from kkgpt.pii.vault import PlaceholderVault, redaction_marker

logger = logging.getLogger(__name__)

#: System-prompt addendum (Danish, then English) explaining placeholders to the model.
SYSTEM_PROMPT_DA = """\
Personoplysninger i samtalen er erstattet af pladsholdere som <PERSON_1>, <CPR_1> eller <ADDRESS_2>. \
Hver pladsholder står for én bestemt oplysning, som du ikke kan se, og betyder det samme i hele samtalen. \
Gentag pladsholderne præcis som de står, med vinkelparenteser, store bogstaver og nummer, også i bøjet form \
(fx "<PERSON_1>s sag"). Gæt aldrig, hvad der står bag en pladsholder, og erstat dem ikke med navne, numre \
eller adresser, du finder på. En pladsholder uden nummer, fx <CPR>, er fjernet helt; skriv den som den står.

Personal data in this conversation has been replaced by placeholders such as <PERSON_1>, <CPR_1> or \
<ADDRESS_2>. Each stands for one specific value you cannot see and means the same throughout the \
conversation. Repeat placeholders exactly as written (angle brackets, capitals, number), never guess or \
expand what they stand for, and never replace them with invented names, numbers or addresses. A placeholder \
without a number, such as <CPR>, was removed entirely; keep it as it is."""

# When spans overlap, the stricter action wins.
_ACTION_ORDER: tuple[Action, ...] = ("pseudonymise", "redact", "block")


class Analyzer(Protocol):
    """Finds personal data: sorted, non-overlapping detections with Python string offsets."""

    def analyze(self, text: str) -> list[Detection]:
        """Return the detections in `text`."""
        ...


@dataclass(frozen=True, slots=True)
class ShieldSpan:
    """One masked span: where it was in the original, where its placeholder is in `model_text`."""

    entity_type: str
    start: int
    end: int
    model_start: int
    model_end: int
    placeholder: str
    action: Action
    score: float


@dataclass(frozen=True)
class ShieldResult:
    """What the shield did to one message; `model_text` is exactly what would be sent to the model."""

    # repr=False: a result in a log line or traceback must not carry the employee's raw text.
    original: str = field(repr=False)
    model_text: str
    spans: tuple[ShieldSpan, ...]
    blocked: bool
    block_reasons: tuple[str, ...]
    special_categories: tuple[str, ...]
    special_matches: tuple[CategoryMatch, ...] = ()

    def block_message(self, entities: EntityRegistry = BUILTIN_ENTITIES) -> str:
        """A Danish sentence telling the employee why the message was not sent ("" if it was sent)."""
        if not self.blocked:
            return ""
        names = [entities.plural(r, "da") if r in entities else SPECIAL_CATEGORIES.get(r, r)
                 for r in self.block_reasons]
        return (
            f"Beskeden blev ikke sendt, fordi den indeholder {_join_da(names)}. "
            "Fjern eller omskriv de oplysninger, og send igen."
        )


@dataclass(frozen=True, slots=True)
class _Pending:
    entity_type: str
    start: int
    end: int
    score: float
    action: Action

    def outranks(self, other: _Pending) -> bool:
        """Which of two overlapping spans decides the merged span's type and action: the stricter action."""
        return (_ACTION_ORDER.index(self.action), self.score) > (
            _ACTION_ORDER.index(other.action),
            other.score,
        )


class PiiShield:
    """Detects, pseudonymises and restores personal data; shared by all requests, stateless between them."""

    def __init__(
        self, analyzer: Analyzer, policy: Policy, special_categories: SpecialCategoryDetector,
        entities: EntityRegistry = BUILTIN_ENTITIES,
    ) -> None:
        self._analyzer = analyzer
        self._policy = policy
        self._special = special_categories
        self._entities = entities
        # Labels a placeholder in this deployment can have; typed look-alikes with these are neutralised.
        self._labels = entities.labels() | {entities.label_for(t) for t in policy.entities}
        # A conversation's own allow-list is the policy's plus its choices (built once per distinct list).
        self._policy_allowing = lru_cache(maxsize=256)(
            lambda extra: replace(self._policy, allow_list=(*self._policy.allow_list, *extra)))

    @property
    def policy(self) -> Policy:
        """The policy in force."""
        return self._policy

    @property
    def entities(self) -> EntityRegistry:
        """The kinds of personal data this shield knows."""
        return self._entities

    def load_vault(self, data: str | None) -> PlaceholderVault:
        """A conversation's vault from its stored JSON (None or "": a new, empty vault)."""
        return PlaceholderVault.from_json(data, self._entities)

    def analyze(self, text: str, choices: PiiChoices | None = None) -> list[Detection]:
        """Detections after the policy's thresholds and allow-list: the same pipeline the chat uses.

        With a conversation's `choices`, its allowed values are left out and its values masked by hand added.
        """
        detections = [d for d in self._analyzer.analyze(text) if 0 <= d.start < d.end <= len(text)]
        policy = self._policy_allowing(choices.allow) if choices and choices.allow else self._policy
        everyday_word = getattr(self._analyzer, "everyday_word", lambda _: False)  # fakes have no word lists
        found = policy.apply(text, sorted(detections, key=lambda d: (d.start, d.end)), everyday_word)
        if choices and choices.mask:
            found = sorted(found + choices.masked_by_hand(text), key=lambda d: (d.start, d.end))
        return found

    def special_categories(self, text: str) -> tuple[str, ...]:
        """The special categories of personal data (GDPR art. 9 and 10) `text` touches on."""
        return self._special.detect(text).categories

    def protect(self, text: str, vault: PlaceholderVault, choices: PiiChoices | None = None) -> ShieldResult:
        """Shield one message; adds its new placeholders to `vault` unless the message is blocked.

        A blocked message is not sent, so its values get no placeholders: the vault only ever holds what the
        model has actually been given a placeholder for. `choices` are the conversation's own corrections.
        """
        return self._shield(text, vault, commit=True, choices=choices)

    def preview(self, text: str, vault: PlaceholderVault, choices: PiiChoices | None = None) -> ShieldResult:
        """The result `protect` would give now, without changing `vault` (for as-you-type previews)."""
        return self._shield(text, vault, commit=False, choices=choices)

    def scrub(self, text: str) -> str:
        """One-way masking for text kept outside a conversation (feedback, tips, logs): `<PERSON>`."""
        spans = _merge(
            [_Pending(d.entity_type, d.start, d.end, d.score, "redact") for d in self.analyze(text)]
        )
        scrubbed, _ = _replace(text, spans,
                               lambda span: redaction_marker(self._entities.label_for(span.entity_type)))
        return scrubbed

    def restore(self, text: str, vault: PlaceholderVault) -> str:
        """Put this conversation's values back into a complete answer."""
        return restore(text, vault)

    def stream_restorer(self, vault: PlaceholderVault) -> StreamRestorer:
        """A restorer for one streamed answer (`feed` each chunk, then `finish`)."""
        return StreamRestorer(vault)

    def system_prompt_addendum(self) -> str:
        """Instructions for the model about placeholders, to append to the system prompt."""
        return SYSTEM_PROMPT_DA

    def _shield(self, text: str, vault: PlaceholderVault, *, commit: bool,
                choices: PiiChoices | None = None) -> ShieldResult:
        spans = self._spans(text, vault, choices)
        findings = self._special.detect(text)
        reasons = list(dict.fromkeys(s.entity_type for s in spans if s.action == "block"))
        if self._policy.special_category_mode == "block":
            reasons += findings.categories
        blocked = bool(reasons)
        target = vault if commit and not blocked else vault.copy()
        # One label's values are given their placeholders together, so that a part of a name written before
        # the whole name ("Mette ... Mette Hansen") can take the whole name's placeholder.
        by_label: dict[str, list[_Pending]] = {}
        for span in spans:
            if span.action == "pseudonymise":
                by_label.setdefault(self._entities.label_for(span.entity_type), []).append(span)
        placeholders = {
            (span.start, span.end): token
            for label, group in by_label.items()
            for span, token in zip(
                group, target.placeholders_for(label, [text[s.start : s.end] for s in group]), strict=True
            )
        }

        def placeholder(span: _Pending) -> str:
            if span.action == "pseudonymise":
                return placeholders[(span.start, span.end)]
            return redaction_marker(self._entities.label_for(span.entity_type))

        model_text, shown = _replace(text, spans, placeholder)
        logger.debug(
            "shielded a message: %d spans, blocked=%s, categories=%s",
            len(shown),
            blocked,
            ",".join(findings.categories),
        )
        return ShieldResult(
            original=text,
            model_text=model_text,
            spans=shown,
            blocked=blocked,
            block_reasons=tuple(reasons),
            special_categories=findings.categories,
            special_matches=findings.matches,
        )

    def _spans(self, text: str, vault: PlaceholderVault, choices: PiiChoices | None = None) -> list[_Pending]:
        """Detections with their policy action, plus typed placeholder look-alikes to neutralise."""
        detections = self.analyze(text, choices)
        spans = _merge(
            [
                _Pending(d.entity_type, d.start, d.end, d.score, self._policy.action_for(d.entity_type))
                for d in detections
            ]
        )
        labels = self._labels | vault.labels | {self._entities.label_for(d.entity_type) for d in detections}
        # Look-alikes are searched between the detections, one stretch at a time, because that is how the
        # model will see them: a placeholder put next to "hansenPERSON_2" turns the glued-on text into a
        # free-standing token, so each stretch's ends count as word limits.
        gaps = zip([0, *(s.end for s in spans)], [*(s.start for s in spans), len(text)], strict=True)
        literals = [
            _Pending(LITERAL_ENTITY, start + p.start, start + p.end, 1.0, "pseudonymise")
            for start, end in gaps
            for p in find_placeholder_like(text[start:end])
            if p.label in labels
        ]
        return sorted(spans + literals, key=lambda s: s.start)


def _replace(
    text: str, spans: list[_Pending], placeholder: Callable[[_Pending], str]
) -> tuple[str, tuple[ShieldSpan, ...]]:
    """Replace sorted, non-overlapping spans; return the new text and where each replacement went."""
    out: list[str] = []
    shown: list[ShieldSpan] = []
    pos = model_pos = 0
    for span in spans:
        replacement = placeholder(span)
        out += [text[pos : span.start], replacement]
        model_pos += span.start - pos
        shown.append(
            ShieldSpan(
                entity_type=span.entity_type,
                start=span.start,
                end=span.end,
                model_start=model_pos,
                model_end=model_pos + len(replacement),
                placeholder=replacement,
                action=span.action,
                score=span.score,
            )
        )
        model_pos += len(replacement)
        pos = span.end
    out.append(text[pos:])
    return "".join(out), tuple(shown)


def _merge(spans: list[_Pending]) -> list[_Pending]:
    """Sort and merge overlapping spans into their union, typed by the span that outranks the others.

    The analyzer promises non-overlapping detections; should two overlap anyway, masking the union is the
    safe way out.
    """
    merged: list[_Pending] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            lead = span if span.outranks(last) else last
            end = max(last.end, span.end)
            merged[-1] = _Pending(lead.entity_type, last.start, end, lead.score, lead.action)
        else:
            merged.append(span)
    return merged


def _join_da(items: list[str]) -> str:
    """`["a", "b", "c"]` -> "a, b og c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def build_shield(policy_path: str | Path | None = None, nlp_model: str | None = None,
                 entities: EntityRegistry = BUILTIN_ENTITIES) -> PiiShield:
    """Build the production shield: the Danish analyzer, the policy file and the packaged word lists.

    The policy's thresholds are the one knob: the analyzer is asked for everything down to the lowest of
    them, so that lowering a threshold in the policy file takes effect. The analyzer is imported here, not
    at module level: it loads spaCy and Presidio, which only a running app or the CLI needs.
    """
    from kkgpt.pii.analyzer import build_analyzer

    policy = load_policy(policy_path, entities)
    analyzer = build_analyzer(nlp_model=nlp_model, score_threshold=policy.lowest_threshold, entities=entities)
    return PiiShield(analyzer, policy, TermListDetector.from_directory(), entities)
