"""What the mock model server answers, and which fault it acts out, for one prompt.

The vocabulary is the in-process mock's (`kkgpt.llm.mock`), so testers learn it once. A marker anywhere in
the last user message wins over the server's settings; KK-GPT's PII shield replaces only personal data, so a
marker survives it:

    answers  [[mock:echo]] quote the message    [[mock:long]] a long answer    [[mock:markdown]] list, table, code
    faults   [[mock:429]] or [[mock:busy]]      [[mock:500]] or [[mock:error]]  [[mock:refuse]] content filter
             [[mock:timeout]] never answers     [[mock:cut]] the stream stops halfway
             [[mock:malformed]] a broken chunk halfway   [[mock:split]] placeholders cut across two chunks

An answer marker and a fault marker combine (`[[mock:long]] [[mock:cut]]`). Without a marker the mode decides
the answer (echo, scripted rules, long) and `--fault` the fault, for a share `--fault-rate` of the requests.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kkgpt.llm.base import TITLE_INSTRUCTIONS
from kkgpt.llm.mock import MARKDOWN_SAMPLE, MARKER, long_answer, quote_reply, title_reply

MODES = ("echo", "scripted", "long")
FAULTS = ("429", "500", "refuse", "timeout", "cut", "malformed", "split")
_FAULT_ALIASES = {"busy": "429", "error": "500"}  # the in-process mock's names for the same failures
_ANSWER_MARKERS = ("echo", "long", "markdown")

# A KK-GPT placeholder as the model receives it: <PERSON_1>, <CPR_NUMBER_2>.
PLACEHOLDER = re.compile(r"<[A-Z]+(?:_[A-Z]+)*_[0-9]+>")
# A rough token: a word with the spaces after it (or leading spaces). The pieces join back to the text.
_TOKEN = re.compile(r"\S+\s*|\s+")


def tokens(text: str) -> list[str]:
    """`text` cut into word-sized tokens whose concatenation is `text` again."""
    return _TOKEN.findall(text)


def _content_text(content: Any) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, Mapping) and p.get("type") == "text")
    return ""


def last_user_text(messages: Sequence[Any]) -> str:
    """The last user message's text (what the model is asked), or "" when there is none."""
    for message in reversed(messages):
        if isinstance(message, Mapping) and message.get("role") == "user":
            return _content_text(message.get("content"))
    return ""


def _asks_title(messages: Sequence[Any]) -> bool:
    """True for KK-GPT's request for a conversation's title (its system message is `TITLE_INSTRUCTIONS`)."""
    first = messages[0] if messages else None
    return isinstance(first, Mapping) and first.get("role") == "system" and \
        _content_text(first.get("content")) == TITLE_INSTRUCTIONS


def prompt_tokens(messages: Sequence[Any]) -> int:
    """A rough prompt size as OpenAI counts it: about four characters a token, three more per message."""
    texts = [_content_text(m.get("content")) for m in messages if isinstance(m, Mapping)]
    return 3 + sum(3 + len(text) // 4 for text in texts)


@dataclass(frozen=True, slots=True)
class ScriptRule:
    """When the last user message matches `when`, answer `answer` and/or act out `fault`."""

    when: re.Pattern[str]
    answer: str | None = None
    fault: str | None = None


def parse_script(data: Any, source: str = "script") -> tuple[ScriptRule, ...]:
    """Rules from parsed YAML: a list of `{when: REGEX, answer: TEXT, fault: NAME}`; says what is wrong."""
    if not isinstance(data, list) or not data:
        raise ValueError(f"{source}: expected a list of rules like `- when: barsel` / `  answer: ...`")
    rules = []
    for number, item in enumerate(data, start=1):
        where = f"{source}, rule {number}"
        if not isinstance(item, dict) or not isinstance(item.get("when"), str):
            raise ValueError(f"{where}: needs `when:` with a regular expression")  # noqa: TRY004 - reported like the rest
        unknown = set(item) - {"when", "answer", "fault"}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)} (known: when, answer, fault)")
        answer, fault = item.get("answer"), item.get("fault")
        fault = None if fault is None else _FAULT_ALIASES.get(str(fault), str(fault))
        if answer is None and fault is None:
            raise ValueError(f"{where}: needs `answer:` or `fault:`")
        if answer is not None and not isinstance(answer, str):
            raise ValueError(f"{where}: `answer:` must be text")
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"{where}: unknown fault {fault!r} (known: {', '.join(FAULTS)})")
        try:
            pattern = re.compile(item["when"], re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{where}: `when:` is not a valid regular expression: {exc}") from exc
        rules.append(ScriptRule(pattern, answer, fault))
    return tuple(rules)


def load_script(path: Path) -> tuple[ScriptRule, ...]:
    """Rules from a YAML file (see `parse_script`)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    return parse_script(data, str(path))


@dataclass(frozen=True, slots=True)
class Reply:
    """What to send back: the answer as tokens, and the fault to act out (None: answer normally)."""

    tokens: list[str]
    fault: str | None = None


def _long_tokens(count: int) -> list[str]:
    """Exactly `count` tokens of the in-process mock's long answer, with as many paragraphs as it takes."""
    paragraph = len(tokens(long_answer(1)))
    words = tokens(long_answer(count // paragraph + 1))[:count]
    if words:
        words[-1] = words[-1].rstrip() or words[-1]
    return words


class Answerer:
    """Picks the answer and the fault for a prompt: markers first, then the script, the mode and `fault`."""

    def __init__(
        self,
        *,
        mode: str = "echo",
        script: Sequence[ScriptRule] = (),
        answer_tokens: int = 1000,
        fault: str | None = None,
        fault_rate: float = 1.0,
        rng: random.Random | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r} (known: {', '.join(MODES)})")
        if mode == "scripted" and not script:
            raise ValueError("the scripted mode needs a script (--script FILE.yaml)")
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r} (known: {', '.join(FAULTS)})")
        self.mode = mode
        self._script = tuple(script)
        self._long = _long_tokens(answer_tokens)
        self._markdown = tokens(MARKDOWN_SAMPLE)
        self._fault = fault
        self._fault_rate = fault_rate
        self._random = rng or random.Random()

    def _answer(self, kind: str, received: str) -> list[str]:
        if kind == "long":
            return self._long
        if kind == "markdown":
            return self._markdown
        return tokens(quote_reply(received))

    def reply(self, messages: Sequence[Any]) -> Reply:
        """The answer and fault for a request's `messages`."""
        received = last_user_text(messages)
        if _asks_title(messages):  # KK-GPT names a conversation: a title, as the in-process mock writes it
            fault = self._fault if self._fault is not None and self._random.random() < self._fault_rate else None
            return Reply(tokens(title_reply(received)), fault)
        answer_kind = fault = None
        for marker in MARKER.findall(received):
            marker = _FAULT_ALIASES.get(marker, marker)
            if answer_kind is None and marker in _ANSWER_MARKERS:
                answer_kind = marker
            elif fault is None and marker in FAULTS:
                fault = marker
        answer: list[str] | None = None
        if answer_kind is None and self.mode == "scripted":
            rule = next((r for r in self._script if r.when.search(received)), None)
            if rule is not None:
                answer = tokens(rule.answer) if rule.answer is not None else None
                fault = fault or rule.fault
        if answer is None:
            answer = self._answer(answer_kind or ("long" if self.mode == "long" else "echo"), received)
        if fault is None and self._fault is not None and self._random.random() < self._fault_rate:
            fault = self._fault
        if fault == "split":
            # Make sure there is a placeholder to cut: greet the first one the prompt holds.
            found = PLACEHOLDER.search(received)
            answer = [f"Kære {found.group() if found else '<PERSON_1>'},\n\n", *answer]
        return Reply(answer, fault)


def chunks(answer: Sequence[str], chunk_tokens: int, *, split_placeholders: bool = False) -> list[tuple[str, int]]:
    """The answer in chunks of `chunk_tokens` tokens, each with its token count.

    With `split_placeholders`, a chunk holding a placeholder is cut in the middle of it (one more chunk
    each time), so a client must put `<PER` and `SON_1>` together again.
    """
    grouped = [("".join(answer[i : i + chunk_tokens]), len(answer[i : i + chunk_tokens]))
               for i in range(0, len(answer), chunk_tokens)]
    if not split_placeholders:
        return grouped
    result: list[tuple[str, int]] = []
    for text, count in grouped:
        start = 0
        for found in PLACEHOLDER.finditer(text):
            middle = (found.start() + found.end()) // 2
            result.append((text[start:middle], 0))
            start = middle
        result.append((text[start:], count))
    return result
