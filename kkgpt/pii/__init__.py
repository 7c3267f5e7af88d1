"""Danish PII shield: detect personal data, pseudonymise it before it leaves, restore it in answers.

Importing this package is cheap: the Danish analyzer (spaCy, Presidio) is imported only by
`build_shield`, or directly from `kkgpt.pii.analyzer`. The one-shot `restore` function stays in
`kkgpt.pii.restore` (or use `PiiShield.restore`): exported here it would shadow its own module.
"""

from kkgpt.pii.entities import (
    BUILTIN_ENTITIES,
    LITERAL_ENTITY,
    EntityKind,
    EntityRegistry,
    RecognizerResources,
)
from kkgpt.pii.policy import EntityRule, Policy, PolicyError, SpecialCategoryMode, load_policy, parse_policy
from kkgpt.pii.restore import PlaceholderLike, StreamRestorer, find_placeholder_like
from kkgpt.pii.shield import (
    SYSTEM_PROMPT_DA,
    Analyzer,
    PiiShield,
    ShieldResult,
    ShieldSpan,
    build_shield,
)
from kkgpt.pii.special_categories import (
    SPECIAL_CATEGORIES,
    CategoryMatch,
    SpecialCategoryDetector,
    SpecialCategoryFindings,
    TermListDetector,
)
from kkgpt.pii.types import Action, Detection
from kkgpt.pii.vault import LITERAL_LABEL, PlaceholderVault, VaultError, label_for, normalise_value

__all__ = [
    "BUILTIN_ENTITIES",
    "LITERAL_ENTITY",
    "LITERAL_LABEL",
    "SPECIAL_CATEGORIES",
    "SYSTEM_PROMPT_DA",
    "Action",
    "Analyzer",
    "CategoryMatch",
    "Detection",
    "EntityKind",
    "EntityRegistry",
    "EntityRule",
    "PiiShield",
    "PlaceholderLike",
    "PlaceholderVault",
    "Policy",
    "PolicyError",
    "RecognizerResources",
    "ShieldResult",
    "ShieldSpan",
    "SpecialCategoryDetector",
    "SpecialCategoryFindings",
    "SpecialCategoryMode",
    "StreamRestorer",
    "TermListDetector",
    "VaultError",
    "build_shield",
    "find_placeholder_like",
    "label_for",
    "load_policy",
    "normalise_value",
    "parse_policy",
]
