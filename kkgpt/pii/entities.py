"""The kinds of personal data the shield knows, each declared once in an `EntityKind`.

A kind names everything the layers need: the recognizers that find it (built by the analyzer), the label
of its placeholders (`<CPR_1>`), its default action and threshold (the policy file may override them),
its priority when two kinds claim the same characters, how two written forms count as the same value in a
conversation's vault, the labels of labelled sets that mean it (evaluation), and its name in Danish and
English (the UI, the CLI, block messages). The analyzer, policy, shield, vault, evaluation, CLI and web
pages read them from an `EntityRegistry`; adding a kind is one `EntityKind` in one registry.

Recognizers are named by import path ("package.module:Class"), so reading the registry imports neither
Presidio nor spaCy; the analyzer builds them, each class through `from_resources` if it has one.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from kkgpt.pii.types import Action

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

    from kkgpt.pii.recognizers.lexicon import NameLexicon

#: How two written forms of a value count as the same in a vault (case and runs of spaces never count):
#: "text" as written; "alnum" letters and digits only (`010170-1234` = `0101701234`); "phone" like alnum
#: without Denmark's +45/0045; "words" punctuation as spaces (`12B, 2. th.` = `12B 2.th`); "name" like
#: words, and a part of a name ("Mette", "M. Hansen") is the one whole name in the conversation it fits;
#: "exact" byte for byte (typed placeholder look-alikes must come back exactly as typed).
Matching = Literal["text", "alnum", "phone", "words", "name", "exact"]

_NAME_RE = re.compile(r"[A-Z][A-Z0-9_]*")
#: A placeholder label is up to four parts of up to 20 capital letters joined by "_" (PERSON,
#: BANK_ACCOUNT); the vault and the restorer's grammar are built from these bounds.
LABEL_PART_MAX = 20
LABEL_PARTS_MAX = 4
_LABEL_PART = rf"[A-Z]{{1,{LABEL_PART_MAX}}}"
LABEL_RE = re.compile(rf"{_LABEL_PART}(?:_{_LABEL_PART}){{0,{LABEL_PARTS_MAX - 1}}}")
_LANGUAGES = ("da", "en")


@dataclass(frozen=True)
class RecognizerResources:
    """What a recognizer may be built from: the name lexicon and the analysis language."""

    lexicon: NameLexicon
    language: str = "da"


#: A recognizer by import path ("kkgpt.pii.recognizers.cpr:DkCprRecognizer") or a factory function.
RecognizerSpec = str | Callable[[RecognizerResources], "EntityRecognizer"]


@dataclass(frozen=True)
class EntityKind:
    """One kind of personal data, with everything every layer needs to know about it."""

    #: The analyzer's entity type ("DK_CPR").
    name: str
    #: The label of its placeholders: `<CPR_1>`, or `<CPR>` when redacted.
    label: str
    #: Its name per language, as a heading ("CPR-nummer", "CPR number").
    names: Mapping[str, str]
    #: Its name in the plural, lower case, for sentences ("CPR-numre", "CPR numbers").
    plurals: Mapping[str, str]
    #: Recognizers that find it; none when another kind's recognizer or the shield itself reports it.
    recognizers: tuple[RecognizerSpec, ...] = ()
    #: Default action; None takes the policy file's default. The policy file may set another.
    action: Action | None = None
    #: Default threshold; None takes the policy file's default.
    threshold: float | None = None
    #: When two kinds claim the same characters with the same score and length, the lower number wins.
    priority: int = 100
    #: How two written forms count as one value in a conversation's vault.
    matching: Matching = "text"
    #: Labels of labelled sets (`kkgpt pii eval`) that stand for this kind ("CPR").
    eval_types: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _NAME_RE.fullmatch(self.name):
            raise ValueError(f"entity kind {self.name!r}: names are written in capitals, e.g. DK_CPR")
        if not LABEL_RE.fullmatch(self.label):
            raise ValueError(f"entity kind {self.name}: label {self.label!r} must be capitals and '_'")
        for languages in (self.names, self.plurals):
            if any(not languages.get(language) for language in _LANGUAGES):
                raise ValueError(f"entity kind {self.name}: names and plurals are needed in da and en")
        object.__setattr__(self, "names", MappingProxyType(dict(self.names)))
        object.__setattr__(self, "plurals", MappingProxyType(dict(self.plurals)))
        object.__setattr__(self, "recognizers", tuple(self.recognizers))
        object.__setattr__(self, "eval_types", tuple(self.eval_types))


@dataclass(frozen=True)
class EntityRegistry:
    """An immutable, ordered set of entity kinds; `with_kind` and `without` give new registries."""

    kinds: tuple[EntityKind, ...]
    _by_name: Mapping[str, EntityKind] = field(init=False, repr=False, compare=False)
    _by_label: Mapping[str, EntityKind] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, EntityKind] = {}
        by_label: dict[str, EntityKind] = {}
        for kind in self.kinds:
            if kind.name in by_name:
                raise ValueError(f"entity kind {kind.name} is declared twice")
            if kind.label in by_label:
                raise ValueError(f"entity kinds {by_label[kind.label].name} and {kind.name} share a label")
            by_name[kind.name] = kind
            by_label[kind.label] = kind
        object.__setattr__(self, "_by_name", MappingProxyType(by_name))
        object.__setattr__(self, "_by_label", MappingProxyType(by_label))

    def __iter__(self) -> Iterator[EntityKind]:
        return iter(self.kinds)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __len__(self) -> int:
        return len(self.kinds)

    def get(self, name: str) -> EntityKind | None:
        """The kind with this entity type, or None."""
        return self._by_name.get(name)

    def names(self) -> tuple[str, ...]:
        """Entity types in declaration order."""
        return tuple(kind.name for kind in self.kinds)

    def with_kind(self, kind: EntityKind, *, replace: bool = False) -> EntityRegistry:
        """A registry with `kind` added (or, with `replace=True`, put in place of the kind of that name)."""
        if kind.name in self._by_name and not replace:
            raise ValueError(f"entity kind {kind.name} is already declared; pass replace=True")
        kinds = [kind if k.name == kind.name else k for k in self.kinds]
        return EntityRegistry(tuple(kinds) if kind.name in self._by_name else (*self.kinds, kind))

    def without(self, name: str) -> EntityRegistry:
        """A registry without the kind `name`."""
        if name not in self._by_name:
            raise KeyError(name)
        return EntityRegistry(tuple(kind for kind in self.kinds if kind.name != name))

    # -- what the layers ask ----------------------------------------------------------------------------

    def label_for(self, entity_type: str) -> str:
        """The placeholder label for an entity type; an undeclared type gets its cleaned-up name."""
        kind = self._by_name.get(entity_type)
        if kind is not None:
            return kind.label
        parts = [p for p in re.split(r"[^A-Z]+", entity_type.upper()) if p]
        return "_".join(p[:LABEL_PART_MAX] for p in parts[:LABEL_PARTS_MAX]) or "PII"

    def labels(self) -> frozenset[str]:
        """Every declared placeholder label."""
        return frozenset(self._by_label)

    def matching(self, label: str) -> Matching:
        """How values of a placeholder label are compared (undeclared labels: as text)."""
        kind = self._by_label.get(label)
        return kind.matching if kind is not None else "text"

    def name(self, entity_type: str, language: str) -> str:
        """The kind's name in `language` (Danish if that language is missing), or the type itself."""
        kind = self._by_name.get(entity_type)
        return kind.names.get(language, kind.names["da"]) if kind is not None else entity_type

    def plural(self, entity_type: str, language: str) -> str:
        """The kind's plural for sentences in `language`, or the type itself."""
        kind = self._by_name.get(entity_type)
        return kind.plurals.get(language, kind.plurals["da"]) if kind is not None else entity_type

    def priorities(self) -> Mapping[str, int]:
        """Entity type -> priority (lower wins a tie between overlapping detections)."""
        return MappingProxyType({kind.name: kind.priority for kind in self.kinds})

    def eval_types(self) -> Mapping[str, frozenset[str]]:
        """Label of a labelled set ("CPR") -> the entity types that mean it."""
        table: dict[str, set[str]] = {}
        for kind in self.kinds:
            for label in kind.eval_types:
                table.setdefault(label, set()).add(kind.name)
        return MappingProxyType({label: frozenset(types) for label, types in table.items()})

    def build_recognizers(self, resources: RecognizerResources) -> list[EntityRecognizer]:
        """One new recognizer per spec of every kind, in declaration order."""
        return [build_recognizer(spec, resources) for kind in self.kinds for spec in kind.recognizers]


def build_recognizer(spec: RecognizerSpec, resources: RecognizerResources) -> EntityRecognizer:
    """Build a recognizer from its spec: call a factory, or import a class and use `from_resources` (if
    the class has it) or its constructor with the language."""
    if callable(spec):
        return spec(resources)
    module_name, _, class_name = spec.partition(":")
    cls: Any = getattr(importlib.import_module(module_name), class_name)
    factory = getattr(cls, "from_resources", None)
    return factory(resources) if factory is not None else cls(supported_language=resources.language)


def _rec(module: str, cls: str) -> str:
    return f"kkgpt.pii.recognizers.{module}:{cls}"


def _kind(name: str, label: str, da: tuple[str, str], en: tuple[str, str], **values: Any) -> EntityKind:
    return EntityKind(name, label, {"da": da[0], "en": en[0]}, {"da": da[1], "en": en[1]}, **values)


#: Entity type of placeholder-like text the employee typed (`<PERSON_1>`), neutralised by the shield.
LITERAL_ENTITY = "LITERAL"

#: The built-in kinds, in the order their recognizers run.
BUILTIN_ENTITIES = EntityRegistry(
    (
        # The CPR number is redacted: the model never needs it to do its work (a placeholder per person does
        # that), and a CPR number put back into a generated letter is the costliest slip there is.
        _kind(
            "DK_CPR",
            "CPR",
            ("CPR-nummer", "CPR-numre"),
            ("CPR number", "CPR numbers"),
            recognizers=(_rec("cpr", "DkCprRecognizer"), _rec("spoken_numbers", "SpokenCprRecognizer")),
            action="redact",
            priority=0,
            matching="alnum",
            eval_types=("CPR",),
        ),
        # Swedish, Norwegian, Finnish, Polish and Spanish identity numbers reach Copenhagen case work (and identity
        # cards, passports and UK National Insurance numbers by their label or column); like CPR numbers
        # they identify a person outright and no answer needs them back.
        _kind(
            "NATIONAL_ID",
            "NATIONAL_ID",
            ("Udenlandsk personnummer", "udenlandske personnumre"),
            ("Foreign identity number", "foreign identity numbers"),
            recognizers=(
                _rec("se_personnummer", "SwedishIdRecognizer"),
                _rec("no_fodselsnummer", "NorwegianIdRecognizer"),
                _rec("fi_henkilotunnus", "FinnishIdRecognizer"),
                _rec("pl_pesel", "PolishIdRecognizer"),
                _rec("es_nie", "SpanishIdRecognizer"),
                _rec("labelled_id", "LabelledIdRecognizer"),
            ),
            action="redact",
            priority=1,
            matching="alnum",
            eval_types=("ID",),
        ),
        _kind(
            "IBAN_CODE",
            "IBAN",
            ("IBAN-nummer", "IBAN-numre"),
            ("IBAN", "IBANs"),
            recognizers=(_rec("iban", "DkIbanRecognizer"),),
            priority=2,
            matching="alnum",
            eval_types=("BANK",),
        ),
        # A payment card number has no place in a prompt, and no answer needs it back.
        _kind(
            "CREDIT_CARD",
            "CREDIT_CARD",
            ("Betalingskort", "betalingskortnumre"),
            ("Payment card", "payment card numbers"),
            recognizers=(_rec("credit_card", "DkCreditCardRecognizer"),),
            action="redact",
            priority=3,
            matching="alnum",
            eval_types=("CARD",),
        ),
        _kind(
            "DK_BANK_ACCOUNT",
            "BANK_ACCOUNT",
            ("Kontonummer", "kontonumre"),
            ("Account number", "account numbers"),
            recognizers=(_rec("bank_account", "DkBankAccountRecognizer"),),
            priority=4,
            matching="alnum",
            eval_types=("BANK",),
        ),
        _kind(
            "EMAIL_ADDRESS",
            "EMAIL",
            ("E-mailadresse", "e-mailadresser"),
            ("E-mail address", "e-mail addresses"),
            recognizers=(
                _rec("email", "DkEmailRecognizer"),
                _rec("obfuscated_email", "ObfuscatedEmailRecognizer"),
            ),
            priority=5,
            eval_types=("EMAIL",),
        ),
        _kind(
            "PHONE_NUMBER",
            "PHONE",
            ("Telefonnummer", "telefonnumre"),
            ("Phone number", "phone numbers"),
            recognizers=(_rec("phone", "DkPhoneRecognizer"), _rec("spoken_numbers", "SpokenPhoneRecognizer")),
            priority=6,
            matching="phone",
            eval_types=("PHONE",),
        ),
        _kind(
            "DK_LICENSE_PLATE",
            "LICENSE_PLATE",
            ("Nummerplade", "nummerplader"),
            ("Licence plate", "licence plates"),
            recognizers=(_rec("license_plate", "DkLicensePlateRecognizer"),),
            priority=7,
            matching="alnum",
            eval_types=("PLATE",),
        ),
        _kind(
            "DK_ADDRESS",
            "ADDRESS",
            ("Adresse", "adresser"),
            ("Address", "addresses"),
            recognizers=(_rec("address", "DkAddressRecognizer"),),
            priority=8,
            matching="words",
            eval_types=("ADDRESS",),
        ),
        # Names are found by rules, not by a trained model; their weakest guesses (0.30-0.35: a lone
        # capitalised word, an English Title Case phrase) were mostly product names and headings on an
        # independently written blind set (benchmarks/data/blind_pii.jsonl): 0.4 removed all 10 false alarms on
        # its lines without personal data. Names found only weakly are recovered by stronger evidence elsewhere
        # in the text (cue words, the same name mentioned again), not by a lower threshold.
        _kind(
            "PERSON",
            "PERSON",
            ("Navn", "navne"),
            ("Name", "names"),
            recognizers=(_rec("person", "DanishPersonRecognizer"), _rec("han_name", "HanNameRecognizer")),
            threshold=0.4,
            priority=9,
            matching="name",
            eval_types=("PERSON",),
        ),
        # Placeholder-like text the employee typed: the shield gives it a placeholder whose value is exactly
        # what was typed, so the model never sees a placeholder the employee wrote.
        _kind(
            LITERAL_ENTITY,
            "LITERAL",
            ("Tekst, der ligner en pladsholder", "tekst, der ligner pladsholdere"),
            ("Text that looks like a placeholder", "text that looks like placeholders"),
            action="pseudonymise",
            priority=10,
            matching="exact",
        ),
    )
)
