"""Cutting a document into parts that fit a token budget, and ranking parts by BM25 against a question.

Pure functions. BM25 (Okapi, k1 = 1.5, b = 0.75) is a dozen lines over word counts, so no library is needed;
there is no embedding model offline. Words are lower-cased letters and digits; placeholders (`<PERSON_1>`)
are words too, so a question about a person finds the parts that mention the same placeholder.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"<[A-Z_]+_\d+>|[^\W_]+")
# Very common Danish and English words carry no meaning for ranking.
_STOP_WORDS = frozenset(
    ["og", "i", "at", "er", "en", "et", "den", "det", "de", "der", "som", "på", "til", "med", "for", "af", "om", "ikke", "har", "jeg", "du", "vi", "kan", "skal", "vil", "fra", "men", "eller", "hvad", "hvem", "hvor", "hvordan", "hvornår", "hvilke", "dette", "denne", "disse", "the", "a", "an", "and", "or", "of", "to", "in", "is", "are", "for", "on", "with", "what", "who", "how", "when", "which", "this", "that"])


@dataclass(frozen=True)
class Part:
    """A consecutive piece of one document: which document, its number there (from 1), and its text."""

    document: int
    number: int
    text: str


def words(text: str) -> list[str]:
    """The words BM25 compares: lower-cased, placeholders kept whole, stop words left out."""
    return [w if w.startswith("<") else w.lower() for w in _WORD.findall(text)
            if w.lower() not in _STOP_WORDS]


def split_parts(text: str, max_tokens: int, count: Callable[[str], int], *, document: int = 0) -> list[Part]:
    """`text` in consecutive parts of at most `max_tokens` tokens, cut at paragraph, line or word limits."""
    pieces: list[str] = []
    for paragraph in re.split(r"(?<=\n\n)", text):
        pieces += _fit(paragraph, max_tokens, count)
    parts: list[str] = []
    current, used = "", 0
    for piece in pieces:
        cost = count(piece)
        if current and used + cost > max_tokens:
            parts.append(current)
            current, used = "", 0
        current += piece
        used += cost
    if current.strip():
        parts.append(current)
    return [Part(document, index, part.strip()) for index, part in enumerate(parts, start=1) if part.strip()]


def _fit(piece: str, max_tokens: int, count: Callable[[str], int]) -> list[str]:
    """A piece cut at lines, then words, then characters until each bit fits."""
    if count(piece) <= max_tokens:
        return [piece]
    for pattern in (r"(?<=\n)", r"(?<= )"):
        bits = [b for b in re.split(pattern, piece) if b]
        if len(bits) > 1:
            out: list[str] = []
            for bit in bits:
                out += _fit(bit, max_tokens, count)
            return out
    half = max(1, len(piece) // 2)
    return _fit(piece[:half], max_tokens, count) + _fit(piece[half:], max_tokens, count)


def bm25_scores(query: str, texts: Sequence[str], *, k1: float = 1.5, b: float = 0.75) -> list[float]:
    """The Okapi BM25 score of each text for the query (0 for a text sharing no word with it)."""
    documents = [Counter(words(t)) for t in texts]
    if not documents:
        return []
    lengths = [sum(d.values()) for d in documents]
    average = sum(lengths) / len(lengths) or 1.0
    terms = set(words(query))
    frequency = {term: sum(1 for d in documents if term in d) for term in terms}
    n = len(documents)
    scores = []
    for counts, length in zip(documents, lengths, strict=True):
        score = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if tf:
                idf = math.log(1 + (n - frequency[term] + 0.5) / (frequency[term] + 0.5))
                score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average))
        scores.append(score)
    return scores


def best_parts(query: str, parts: Sequence[Part], budget: int, count: Callable[[str], int]) -> list[Part]:
    """The best-ranked parts that fit `budget` tokens together, back in document order.

    Ties (and a question that shares no word with the document) keep the document's order, so the
    beginning, where a document usually says what it is about, comes first.
    """
    scores = bm25_scores(query, [p.text for p in parts])
    ranked = sorted(range(len(parts)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    used = 0
    for index in ranked:
        cost = count(parts[index].text)
        if used + cost <= budget:
            chosen.append(index)
            used += cost
    return [parts[i] for i in sorted(chosen)]
