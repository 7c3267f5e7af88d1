"""Token counting is exact and offline; history is trimmed to the context window by whole turns."""

from __future__ import annotations

import pytest
import tiktoken_ext.openai_public as openai_public

from kkgpt.errors import ContextTooLong
from kkgpt.llm.base import ChatMessage
from kkgpt.llm.tokens import (
    ENCODING_SPECS,
    TokenCounter,
    context_window_for,
    encoding_name_for,
    fit_to_window,
    load_encoding,
)


@pytest.mark.parametrize(
    ("encoding", "text", "ids"),
    [
        ("o200k_base", "hello world", [24912, 2375]),
        ("cl100k_base", "hello world", [15339, 1917]),
        ("cl100k_base", "tiktoken is great!", [83, 1609, 5963, 374, 2294, 0]),
    ],
)
def test_bundled_encodings_match_openai_token_ids(encoding: str, text: str, ids: list[int]) -> None:
    assert load_encoding(encoding).encode(text) == ids


@pytest.mark.parametrize("name", sorted(ENCODING_SPECS))
def test_patterns_and_special_tokens_agree_with_tiktoken(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # tiktoken's own constructor would download the ranks; give it an empty table to read the rest.
    monkeypatch.setattr(openai_public, "load_tiktoken_bpe", lambda *a, **k: {})
    reference = getattr(openai_public, name)()
    assert ENCODING_SPECS[name].pattern == reference["pat_str"]
    assert ENCODING_SPECS[name].special_tokens == reference["special_tokens"]


@pytest.mark.parametrize(
    ("model", "encoding"),
    [("gpt-4o-mini", "o200k_base"), ("gpt-4.1", "o200k_base"), ("gpt-5", "o200k_base"), ("o3-mini", "o200k_base"),
     ("gpt-4", "cl100k_base"), ("gpt-35-turbo", "cl100k_base"), ("llama3.1:8b", "o200k_base")],
)
def test_encoding_follows_the_model_family(model: str, encoding: str) -> None:
    assert encoding_name_for(model) == encoding


@pytest.mark.parametrize(
    ("model", "window"),
    [("gpt-4o-mini", 128_000), ("gpt-4o", 128_000), ("gpt-4", 8_192), ("gpt-4-turbo", 128_000),
     ("gpt-4.1-mini", 1_047_576), ("unknown-model", 8_192)],
)
def test_context_windows(model: str, window: int) -> None:
    assert context_window_for(model) == window


def test_counting_danish_text_and_special_token_lookalikes(counter: TokenCounter) -> None:
    assert counter.count("") == 0
    assert counter.count("Skriv et brev til borgeren.") == len(counter.encoding.encode("Skriv et brev til borgeren."))
    # A user typing a special token must not crash counting or be treated as special.
    assert counter.count("<|endoftext|>") > 1
    assert counter.count_message(ChatMessage("user", "hej")) == 3 + counter.count("hej")


def _history(turns: int) -> list[ChatMessage]:
    messages = []
    for n in range(turns):
        messages += [ChatMessage("user", f"spørgsmål {n} " + "ord " * 50), ChatMessage("assistant", f"svar {n} " + "ord " * 50)]
    return messages


def test_everything_fits_in_a_large_window(counter: TokenCounter) -> None:
    system = [ChatMessage("system", "Du er KK-GPT.")]
    history = _history(3)
    latest = ChatMessage("user", "næste")
    prompt = fit_to_window(system, history, latest, counter=counter, context_window=100_000, reply_tokens=1000)
    assert prompt == [*system, *history, latest]


def test_oldest_whole_turns_are_dropped_first(counter: TokenCounter) -> None:
    system = [ChatMessage("system", "Du er KK-GPT.")]
    history = _history(10)
    latest = ChatMessage("user", "næste")
    window = 600
    prompt = fit_to_window(system, history, latest, counter=counter, context_window=window, reply_tokens=200)
    assert prompt[0] == system[0] and prompt[-1] == latest
    kept = prompt[1:-1]
    assert kept == history[len(history) - len(kept):], "a suffix of the history is kept"
    assert len(kept) % 2 == 0 and kept[0].role == "user", "turns are never split"
    assert 0 < len(kept) < len(history)
    assert counter.count_prompt(prompt) <= window - 200
    one_more = history[len(history) - len(kept) - 2:]
    assert counter.count_prompt([*system, *one_more, latest]) > window - 200, "no room was wasted"


def test_a_message_larger_than_the_window_is_refused(counter: TokenCounter) -> None:
    with pytest.raises(ContextTooLong):
        fit_to_window([ChatMessage("system", "x")], [], ChatMessage("user", "ord " * 5000),
                      counter=counter, context_window=2048, reply_tokens=512)


@pytest.mark.parametrize("name", sorted(ENCODING_SPECS))
def test_a_loaded_encoding_still_encodes_decodes_and_cuts_danish_text(name: str) -> None:
    # The encoding gives up tiktoken's Python copy of its ranks (memory); everything the counter uses still works.
    encoding = load_encoding(name)
    text = "Kære Søren Ærø, vi har modtaget din ansøgning om boligstøtte. 🙂 <|endoftext|>"
    ids = encoding.encode(text, disallowed_special=())
    assert encoding.decode(ids) == text
    assert encoding.n_vocab == max(ENCODING_SPECS[name].special_tokens.values()) + 1
    counter = TokenCounter(encoding)
    assert counter.count(text) == len(ids)
    assert counter.cut(text, 5) == encoding.decode(ids[:5], errors="ignore")
    assert counter.cut(text, len(ids)) == text
