"""The PII policy: what happens to each kind of personal data, from a TOML file in the repository.

The packaged `policy.toml` is the default; `load_policy(path)` reads another file with the same layout:

    [defaults]              action = "pseudonymise" | "redact" | "block";  threshold = 0.0 .. 1.0
    [entities.<TYPE>]       action / threshold for one entity type (e.g. DK_CPR); missing keys use the
                            kind's own default (`kkgpt/pii/entities.py`), then [defaults]
    [allow_list]            terms = [...]  never masked (case- and whitespace-insensitive, whole words)
    [organisation]          domains = [...]  the organisation's own e-mail domains, whose function mailboxes
                            ("borgerservice@kk.dk") are no one's personal data; role_mailboxes = [...] short
                            function names there that look like initials ("dpo", "hr")
    [special_categories]    mode = "warn" | "block"

Unknown keys and wrong values raise `PolicyError` naming the file and the key, so a typo cannot silently
switch protection off.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args

from kkgpt.pii.entities import BUILTIN_ENTITIES, EntityRegistry
from kkgpt.pii.normalise import normalise
from kkgpt.pii.types import Action, Detection

SpecialCategoryMode = Literal["warn", "block"]

_ACTIONS: tuple[str, ...] = get_args(Action)
_MODES: tuple[str, ...] = get_args(SpecialCategoryMode)
_ENTITY_TYPE_RE = re.compile(r"[A-Z][A-Z0-9_]*")
_RULE_KEYS = {"action", "threshold"}


class PolicyError(ValueError):
    """The policy file is missing, not TOML, or has a bad key or value (the message names it)."""


@dataclass(frozen=True, slots=True)
class EntityRule:
    """What to do with one entity type, and the score a detection needs to count."""

    action: Action
    threshold: float


@dataclass(frozen=True)
class Policy:
    """A validated PII policy; immutable, so one instance can serve every request."""

    default: EntityRule
    entities: Mapping[str, EntityRule] = field(default_factory=lambda: MappingProxyType({}))
    allow_list: tuple[str, ...] = ()
    special_category_mode: SpecialCategoryMode = "warn"
    organisation_domains: tuple[str, ...] = ()
    role_mailboxes: tuple[str, ...] = ()
    _allow_re: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entities", MappingProxyType(dict(self.entities)))
        object.__setattr__(self, "_allow_re", _allow_pattern(self.allow_list))

    def rule_for(self, entity_type: str) -> EntityRule:
        """The rule for an entity type; types the file does not name get the defaults."""
        return self.entities.get(entity_type, self.default)

    @property
    def lowest_threshold(self) -> float:
        """The lowest threshold of any rule: an analyzer must return at least everything scoring this."""
        return min([self.default.threshold, *(rule.threshold for rule in self.entities.values())])

    def action_for(self, entity_type: str) -> Action:
        """The action for an entity type."""
        return self.rule_for(entity_type).action

    def allowed_spans(self, text: str) -> list[tuple[int, int]]:
        """Where allow-listed terms occur in `text` (start, end), also written with ligatures, soft hyphens or
        odd spaces ("Bernstorﬀsgade 17"): matched on the normalised text and mapped back."""
        if self._allow_re is None:
            return []
        normalised = normalise(text)
        if normalised.changed:
            return [normalised.original_span(*m.span()) for m in self._allow_re.finditer(normalised.text)]
        return [m.span() for m in self._allow_re.finditer(text)]

    def function_mailbox(self, address: str, everyday_word: Callable[[str], bool]) -> bool:
        """An address at one of the organisation's domains named for a function, not a person.

        A listed role ("dpo@kk.dk") is one; so is a name made only of everyday words of five letters or more
        ("borgerservice@kk.dk", "sygedagpenge@kk.dk"). Initials, user ids, names and name fragments stay
        personal ("kbm@kk.dk", "ab12@kk.dk", "jens.hansen@kk.dk", "lykke@kk.dk", "chrlyk@kk.dk").
        """
        local, _, domain = address.strip().lower().rpartition("@")
        if not local or not any(domain == d or domain.endswith("." + d) for d in self.organisation_domains):
            return False
        if local in self.role_mailboxes:
            return True
        parts = _MAILBOX_PARTS.split(local)
        return all(len(part) >= _FUNCTION_WORD and part.isalpha() and everyday_word(part) for part in parts)

    def apply(self, text: str, detections: list[Detection],
              everyday_word: Callable[[str], bool] = lambda _: False) -> list[Detection]:
        """Keep detections that reach their type's threshold and do not lie inside an allow-listed term or
        name one of the organisation's function mailboxes (`everyday_word` tells words from names)."""
        if not detections:
            return []  # most prompts: no allow-list scan (0.25 ms per KB)
        allowed = self.allowed_spans(text)  # sorted and disjoint: finditer's matches
        allowed_starts = [start for start, _ in allowed]

        def inside_allowed(d: Detection) -> bool:
            k = bisect_right(allowed_starts, d.start) - 1
            if k >= 0 and d.end <= allowed[k][1]:
                return True
            # An allow-listed address read with the unit's name on the line above it ("Boligsocial Indsats\n
            # Bernstorffsgade 17, 1592 København V"): the rest holds no number, so nothing of anyone's home.
            k = bisect_right(allowed_starts, d.end) - 1
            above = text[d.start:allowed[k][0]] if k >= 0 else ""
            return k >= 0 and d.entity_type == _ADDRESS and d.start <= allowed[k][0] \
                and allowed[k][1] >= d.end - 1 and "\n" in above and not any(ch.isdigit() for ch in above)

        def function_mailbox(d: Detection) -> bool:
            return d.entity_type == _EMAIL and self.function_mailbox(text[d.start:d.end], everyday_word)

        return [d for d in detections
                if d.score >= self.rule_for(d.entity_type).threshold and not inside_allowed(d)
                and not (self.organisation_domains and function_mailbox(d))
                and not (d.entity_type == _ADDRESS and institution_address(text, d.start, d.end))]


# A line naming a municipal unit or institution, as a letterhead or a signature writes it above its address
# ("Tandplejen København", "Plejecenter Sølund", "Jobcenter Amager", "Biblioteket Rentemestervej").
_INSTITUTION_LINE = re.compile(
    r"(?i)[ \t]*(?:[^\W\d][\w.&'’\-]*[ \t]+){0,4}?[\w\-]*(?:skole|skolen|plejecenter|plejehjem|jobcenter|jobcentret"
    r"|bibliotek|biblioteket|hjemmepleje|hjemmeplejen|tandpleje|tandplejen|børnehave|børnehaven|vuggestue|vuggestuen"
    r"|institution|fritidshjem|fritidsklub|klubben|botilbud|bosted|sundhedshus|sundhedshuset|rådhus|borgerservice"
    r"|forvaltning|forvaltningen|ydelsesservice|center|centret|huset)(?:[ \t]+[^\W\d][\w\-]*){0,3}[ \t]*,?[ \t]*$"
)
_INSTITUTION_LINE_MAX = 80
# ... or before it on the same line, by its proper name and a comma, or in the cell before it ("på Jobcenter
# København, Kalvebod Brygge 45", "Nørrebro Bibliotek, Bragesgade 8", "Børnehuset Kastanjen;Kastanjevej 10").
_INSTITUTION_BEFORE = re.compile(
    r"(?:[A-ZÆØÅ][\w.&'’\-]*[ \t]+){0,3}(?=[A-ZÆØÅ])[\w\-]*(?i:skole|skolen|plejecenter|plejehjem|jobcenter"
    r"|bibliotek|biblioteket|hjemmepleje|hjemmeplejen|tandpleje|tandplejen|børnehave|børnehaven|vuggestue"
    r"|vuggestuen|fritidshjem|fritidshjemmet|fritidsklub|botilbud|sundhedshus|sundhedshuset|rådhus|borgerservice"
    r"|forvaltning|forvaltningen|ydelsesservice|center|centret|huset|kulturhus|medborgerhus|bydelshus|hjemmet)"
    r"(?:[ \t]+[A-ZÆØÅ][\w\-]*){0,3}(?:,[ \t]*|[ \t]*[;|\t][ \t]*)$"
)


def institution_address(text: str, start: int, end: int) -> bool:
    """An address a municipal unit's or an institution's name stands over, on the line above or as the first
    line of the address's span ("Tandplejen København\nBispebjerg Bakke 20, 2400 København NV"), or right
    before, by its name and a comma ("Jobcenter København, Kalvebod Brygge 45"): a letterhead's, a
    signature's or a meeting's place, no one's home."""
    first_break = text.find("\n", start, end)
    if first_break >= 0 and first_break - start <= _INSTITUTION_LINE_MAX \
            and _INSTITUTION_LINE.match(text, start, first_break):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        # the address does not open its line: an institution's proper name may stand right before it
        return _INSTITUTION_BEFORE.search(text, max(line_start, start - _INSTITUTION_LINE_MAX), start) is not None
    above_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    return 0 < line_start and line_start - 1 - above_start <= _INSTITUTION_LINE_MAX \
        and _INSTITUTION_LINE.match(text, above_start, line_start - 1) is not None


_EMAIL = "EMAIL_ADDRESS"
_ADDRESS = "DK_ADDRESS"
_MAILBOX_PARTS = re.compile(r"[._+\-]")
_FUNCTION_WORD = 5  # letters; shorter parts of a mailbox name may be initials


def _allow_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for all allow-listed terms: whole words, any case, any run of whitespace between words,
    with or without a comma ("Rådhuspladsen 1, 1599 København V" also as two lines of a letterhead), and
    numbers in any grouping."""
    if not terms:
        return None

    def words(term: str) -> str:
        if term.replace(" ", "").isdigit():  # a number in any grouping: "33 66 33 66", "33663366"
            return r"[ \-]{0,2}".join(term.replace(" ", ""))
        return r",?\s+".join(re.escape(word.rstrip(",")) for word in term.split())

    # Longest first, so that "Københavns Kommune" wins over "København" at the same position.
    alternatives = sorted({words(t) for t in terms}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def default_policy_path() -> Path:
    """The policy file shipped with KK-GPT."""
    return Path(str(resources.files("kkgpt.pii").joinpath("policy.toml")))


def load_policy(path: str | Path | None = None, entities: EntityRegistry = BUILTIN_ENTITIES) -> Policy:
    """Read and validate a policy file; None means the packaged default."""
    source = Path(path) if path is not None else default_policy_path()
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError(f"{source}: cannot read the policy file ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML: {exc}") from exc
    return parse_policy(data, source=str(source), entities=entities)


def parse_policy(data: Mapping[str, Any], *, source: str = "<policy>",
                 entities: EntityRegistry = BUILTIN_ENTITIES) -> Policy:
    """Validate a parsed policy document (the dict `tomllib` returns) and build a `Policy`.

    Every declared kind gets a rule: the file's, else the kind's own defaults, else the file's [defaults].
    """

    _reject_unknown(data, {"defaults", "entities", "allow_list", "organisation", "special_categories"}, "",
                    source)
    defaults = _table(data, "defaults", source)
    _reject_unknown(defaults, _RULE_KEYS, "defaults.", source)
    default = EntityRule(
        action=_action(defaults.get("action", "pseudonymise"), "defaults.action", source),
        threshold=_threshold(defaults.get("threshold", 0.0), "defaults.threshold", source),
    )

    rules: dict[str, EntityRule] = {
        kind.name: EntityRule(action=kind.action or default.action,
                              threshold=default.threshold if kind.threshold is None else kind.threshold)
        for kind in entities
    }
    for entity_type, rule in _table(data, "entities", source).items():
        key = f"entities.{entity_type}"
        if not _ENTITY_TYPE_RE.fullmatch(entity_type):
            raise _error(source, key, "entity types are written in capitals, e.g. DK_CPR")
        if not isinstance(rule, dict):
            raise _error(source, key, "must be a table with action and/or threshold")
        _reject_unknown(rule, _RULE_KEYS, key + ".", source)
        inherited = rules.get(entity_type, default)
        rules[entity_type] = EntityRule(
            action=_action(rule.get("action", inherited.action), key + ".action", source),
            threshold=_threshold(rule.get("threshold", inherited.threshold), key + ".threshold", source),
        )

    allow = _table(data, "allow_list", source)
    _reject_unknown(allow, {"terms"}, "allow_list.", source)
    terms = allow.get("terms", [])
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        raise _error(source, "allow_list.terms", "must be a list of non-empty strings")

    organisation = _table(data, "organisation", source)
    _reject_unknown(organisation, {"domains", "role_mailboxes"}, "organisation.", source)
    domains = _strings(organisation, "domains", "organisation.domains", source)
    roles = _strings(organisation, "role_mailboxes", "organisation.role_mailboxes", source)

    special = _table(data, "special_categories", source)
    _reject_unknown(special, {"mode"}, "special_categories.", source)
    mode = special.get("mode", "warn")
    if mode not in _MODES:
        raise _error(source, "special_categories.mode", f"must be one of {', '.join(_MODES)}, not {mode!r}")

    return Policy(default=default, entities=rules, allow_list=tuple(terms), special_category_mode=mode,
                  organisation_domains=tuple(d.lower().lstrip("@.") for d in domains),
                  role_mailboxes=tuple(r.lower() for r in roles))


def _strings(table: Mapping[str, Any], key: str, name: str, source: str) -> list[str]:
    values = table.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise _error(source, name, "must be a list of non-empty strings")
    return [v.strip() for v in values]


def _error(source: str, key: str, problem: str) -> PolicyError:
    return PolicyError(f"{source}: {key}: {problem}")


def _table(data: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise _error(source, key, "must be a table")
    return value


def _reject_unknown(table: Mapping[str, Any], known: set[str], prefix: str, source: str) -> None:
    for key in table:
        if key not in known:
            raise _error(source, prefix + key, f"unknown key (expected one of: {', '.join(sorted(known))})")


def _action(value: Any, key: str, source: str) -> Action:
    if value not in _ACTIONS:
        raise _error(source, key, f"must be one of {', '.join(_ACTIONS)}, not {value!r}")
    return value


def _threshold(value: Any, key: str, source: str) -> float:
    # bool is an int subclass; `threshold = true` is a mistake, not 1.0.
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise _error(source, key, f"must be a number from 0.0 to 1.0, not {value!r}")
    return float(value)
