"""Exact token counting with tiktoken, offline, and trimming history to the model's context window.

The BPE files ship xz-compressed in `encodings/` and are checked against the same SHA-256 hashes
tiktoken itself checks, so counting never downloads anything.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import lzma
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import tiktoken
import tiktoken.model

from kkgpt.errors import ContextTooLong
from kkgpt.llm.base import ChatMessage

logger = logging.getLogger(__name__)

_ENCODINGS_DIR = Path(__file__).resolve().parent / "encodings"

# Copied from tiktoken_ext.openai_public (which would download the ranks); a test checks they still agree.
_O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
_CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)


@dataclass(frozen=True)
class _EncodingSpec:
    sha256: str
    pattern: str
    special_tokens: dict[str, int]


ENCODING_SPECS: dict[str, _EncodingSpec] = {
    "o200k_base": _EncodingSpec(
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        _O200K_PATTERN,
        {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
    ),
    "cl100k_base": _EncodingSpec(
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        _CL100K_PATTERN,
        {
            "<|endoftext|>": 100257,
            "<|fim_prefix|>": 100258,
            "<|fim_middle|>": 100259,
            "<|fim_suffix|>": 100260,
            "<|endofprompt|>": 100276,
        },
    ),
}

# Longest matching prefix wins. Unknown models get a conservative window; set KKGPT_MODEL_CONTEXT_WINDOW.
CONTEXT_WINDOWS: dict[str, int] = {
    "gpt-5": 400_000,
    "gpt-4.1": 1_047_576,
    "gpt-4o": 128_000,
    "gpt-4-turbo": 128_000,
    "gpt-4-32k": 32_768,
    "gpt-4": 8_192,
    "gpt-35-turbo": 16_385,
    "gpt-3.5-turbo": 16_385,
    "o1": 200_000,
    "o3": 200_000,
    "o4": 200_000,
}
DEFAULT_CONTEXT_WINDOW = 8_192

# OpenAI's accounting for chat messages: each message costs 3 tokens on top of its text,
# and every reply is primed with 3 more.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_REPLY = 3


def load_encoding(name: str) -> tiktoken.Encoding:
    """Build a tiktoken encoding from the bundled, hash-checked BPE file (no network)."""
    spec = ENCODING_SPECS[name]
    data = lzma.decompress((_ENCODINGS_DIR / f"{name}.tiktoken.xz").read_bytes())
    if hashlib.sha256(data).hexdigest() != spec.sha256:
        raise RuntimeError(f"bundled {name} does not match tiktoken's published hash")
    ranks = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    encoding = tiktoken.Encoding(name=name, pat_str=spec.pattern, mergeable_ranks=ranks,
                                 special_tokens=spec.special_tokens)
    # The Rust tokenizer built its own tables from `ranks`; tiktoken keeps the Python dict beside them only
    # for `token_byte_values()` and pickling, which KK-GPT never uses. 200,000 bytes keys and ints are
    # about 26 MB in every worker process: let them go (encode, decode and n_vocab do not read them).
    encoding._mergeable_ranks = {}
    return encoding


def encoding_name_for(model: str) -> str:
    """The encoding a model uses: o200k_base for GPT-4o and newer, cl100k_base for GPT-4 and 3.5."""
    try:
        return tiktoken.model.encoding_name_for_model(model)
    except KeyError:
        logger.warning("unknown model %r: counting tokens with o200k_base (set KKGPT_MODEL_ENCODING)", model)
        return "o200k_base"


def context_window_for(model: str) -> int:
    """The context window of a known model family, else a conservative default."""
    matches = [prefix for prefix in CONTEXT_WINDOWS if model.startswith(prefix)]
    return CONTEXT_WINDOWS[max(matches, key=len)] if matches else DEFAULT_CONTEXT_WINDOW


# A turn counts the same texts several times (the new message when it is stored, checked and sent; the
# system prompt and the history every turn). Counts are remembered by a digest of the text, never the
# text itself, up to this many; then the memory starts over.
_REMEMBERED_COUNTS = 20_000


class TokenCounter:
    """Counts tokens exactly as the configured model's tokenizer does."""

    def __init__(self, encoding: tiktoken.Encoding) -> None:
        self.encoding = encoding
        self._counts: dict[bytes, int] = {}

    def count(self, text: str) -> int:
        """Tokens in `text` (special-token lookalikes in user text count as plain text)."""
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self._counts.get(key)
        if found is None:
            found = len(self.encoding.encode(text, disallowed_special=()))
            if len(self._counts) >= _REMEMBERED_COUNTS:
                self._counts.clear()
            self._counts[key] = found
        return found

    def cut(self, text: str, max_tokens: int) -> str:
        """The longest start of `text` with at most `max_tokens` tokens."""
        tokens = self.encoding.encode(text, disallowed_special=())
        return text if len(tokens) <= max_tokens else self.encoding.decode(tokens[:max_tokens], errors="ignore")

    def count_message(self, message: ChatMessage) -> int:
        """Tokens one message costs in a chat prompt."""
        return TOKENS_PER_MESSAGE + self.count(message.content)

    def count_prompt(self, messages: Sequence[ChatMessage]) -> int:
        """Tokens a whole prompt costs, including the reply priming."""
        return TOKENS_PER_REPLY + sum(self.count_message(m) for m in messages)


def _turns(history: Sequence[ChatMessage]) -> list[list[ChatMessage]]:
    """Group history into turns that each start at a user message, so trimming never splits one."""
    turns: list[list[ChatMessage]] = []
    for message in history:
        if message.role == "user" or not turns:
            turns.append([message])
        else:
            turns[-1].append(message)
    return turns


def fit_to_window(
    system: Sequence[ChatMessage],
    history: Sequence[ChatMessage],
    latest: ChatMessage,
    *,
    counter: TokenCounter,
    context_window: int,
    reply_tokens: int,
) -> list[ChatMessage]:
    """The prompt to send: system + as many of the newest whole turns as fit + the latest message.

    The reply budget is reserved first; the oldest turns are dropped. Raises `ContextTooLong` when the
    system prompt and the latest message alone do not fit.
    """
    budget = context_window - reply_tokens
    used = TOKENS_PER_REPLY + sum(counter.count_message(m) for m in (*system, latest))
    if used > budget:
        raise ContextTooLong(detail=f"{used} prompt tokens, budget {budget}")
    kept: list[ChatMessage] = []
    for turn in reversed(_turns(history)):
        cost = sum(counter.count_message(m) for m in turn)
        if used + cost > budget:
            break
        kept[:0] = turn
        used += cost
    return [*system, *kept, latest]
