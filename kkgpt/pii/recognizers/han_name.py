"""PERSON: names written in Chinese characters ("李浩然", "王秀英") in Danish and English prompts.

In a Danish or English prompt a short run of Han characters standing on its own is almost always a name
copied from a passport, a form or a family's message: two to four characters (a one-character surname and
a one- or two-character given name, or a two-character surname). Chinese sentences run longer without
spaces, so they are left alone.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from kkgpt.pii.recognizers.base import DanishPatternRecognizer


class HanNameRecognizer(DanishPatternRecognizer):
    """Two to four Han characters standing alone: a name in Chinese characters."""

    ENTITY = "PERSON"
    REGEX_FLAGS = re.MULTILINE
    PATTERNS = [Pattern("Han characters", r"(?<![\p{Han}\w])\p{Han}{2,4}(?![\p{Han}\w])", 0.6)]
