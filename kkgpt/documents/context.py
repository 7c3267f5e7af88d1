"""Putting documents into the message the model reads, also when they are longer than its context window.

Documents that fit are sent whole after the question. When they do not fit, one of two documented strategies
is used, and the message says which parts the model got:

- **Summaries of parts** (map-reduce), when the employee asks for a summary or the assistant summarises: the
  documents are cut into parts that fit one model call each, every part is summarised by the model, and the
  summaries are summarised again in groups until they fit beside the question. Progress is reported per call.
- **Retrieval** otherwise: the documents are cut into small parts, ranked by BM25 against the question, and
  the best parts that fit are sent in document order.

Only shielded text is ever sent: the parts are cut from the documents' shielded text, and a summary is the
model's answer about placeholders. Each summary is cut to its token budget, so a model that ignores
`max_tokens` cannot make the summaries grow.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kkgpt.chat.prompt import PromptBuilder
from kkgpt.documents.retrieval import best_parts, split_parts
from kkgpt.documents.store import StoredDocument
from kkgpt.errors import ContextTooLong
from kkgpt.llm.base import ChatMessage, ModelBackend
from kkgpt.llm.tokens import TokenCounter

SUMMARY_PROMPT = """\
Du læser én del af et længere dokument, som er for langt til at læse på én gang. Skriv et kort, sagligt \
resumé af netop denne del på dansk: hovedindhold, beslutninger, frister, tal og de personer, der nævnes. \
Tilføj intet, der ikke står i teksten, og gæt ikke på det, der står i andre dele."""

#: The question asks for a summary of the whole: answered by summaries of parts rather than by retrieval.
SUMMARY_REQUEST = re.compile(r"opsum|resum|sammenfat|sammendrag|referat|overblik|hovedpunkt|summar|overview",
                             re.IGNORECASE)
# Parts for retrieval: small enough that the best of many fit, large enough to keep a paragraph's sense.
RETRIEVAL_PART_TOKENS = 400
# Each summary may be at most this long (or a quarter of the room for the message, if that is less).
SUMMARY_TOKENS = 600
# Headings and separators around each part.
_FRAME_TOKENS = 40
_MAX_ROUNDS = 8
_TRAILING_PLACEHOLDER = re.compile(r"<[A-Z_0-9]*$")



@dataclass(frozen=True)
class PartsDone:
    """Progress while parts of long documents are summarised: `done` of `total` model calls so far."""

    done: int
    total: int


@dataclass(frozen=True)
class DocumentMessage:
    """The message the model reads, and how the documents got into it (`strategy` is None when whole)."""

    model_text: str
    strategy: dict[str, Any] | None = None
    extra_tokens: int = 0  # tokens spent on summary calls before the answer
    calls: list[list[ChatMessage]] = field(default_factory=list, repr=False)


def _section(heading: str, body: str) -> str:
    return f"--- {heading} ---\n{body.strip()}\n--- slut ---"


def _too_long(documents: Sequence[StoredDocument]) -> str:
    return ("Dokumentet er for langt" if len(documents) == 1 else "Dokumenterne er for lange") + \
        " til at læse på én gang."


def _join(question: str, sections: Sequence[str]) -> str:
    return question.rstrip() + "\n\n" + "\n\n".join(sections)


class DocumentContext:
    """Builds the message for a question about documents; calls the model for summaries of parts."""

    def __init__(self, *, backend: ModelBackend, counter: TokenCounter, prompts: PromptBuilder,
                 placeholder_instructions: str = "") -> None:
        self._backend = backend
        self._counter = counter
        self._prompts = prompts
        self._summary_system = "\n\n".join(p for p in (SUMMARY_PROMPT, placeholder_instructions.strip()) if p)

    async def compose(self, question: str, documents: Sequence[StoredDocument], *, assistant_key: str | None,
                      summarise: bool = False) -> DocumentMessage:
        """The question followed by the documents, whole if they fit, else by the strategy that suits."""
        async for step in self.compose_steps(question, documents, assistant_key=assistant_key, summarise=summarise):
            if isinstance(step, DocumentMessage):
                return step
        raise AssertionError("compose_steps ends with the message")

    async def compose_steps(self, question: str, documents: Sequence[StoredDocument], *,
                            assistant_key: str | None, summarise: bool = False,
                            ) -> AsyncIterator[PartsDone | DocumentMessage]:
        """`compose`, reporting `PartsDone` after each summary call; the last item is the `DocumentMessage`."""
        whole = _join(question, [_section(f"Dokument: {d.model_name}", d.model_text) for d in documents])
        room = self._prompts.room_for_message(assistant_key)
        if self._counter.count(whole) <= room:
            yield DocumentMessage(whole)
            return
        budget = room - self._counter.count(question) - _FRAME_TOKENS * 2
        if budget < RETRIEVAL_PART_TOKENS // 2:
            raise ContextTooLong(detail="no room for any part of the documents")
        if summarise or SUMMARY_REQUEST.search(question):
            async for step in self._summaries(question, documents, room, budget):
                yield step
        else:
            yield self._retrieval(question, documents, budget)

    def _retrieval(self, question: str, documents: Sequence[StoredDocument], budget: int) -> DocumentMessage:
        parts = [p for i, d in enumerate(documents)
                 for p in split_parts(d.model_text, RETRIEVAL_PART_TOKENS, self._counter.count, document=i)]
        totals = {i: sum(1 for p in parts if p.document == i) for i in range(len(documents))}
        def cost(text: str) -> int:  # a part with its heading
            return self._counter.count(text) + _FRAME_TOKENS
        chosen = best_parts(question, parts, budget, cost)
        sections = [_section(f"Uddrag af dokumentet {documents[p.document].model_name}, del {p.number} af "
                             f"{totals[p.document]}", p.text) for p in chosen]
        intro = (f"{_too_long(documents)} Herunder står de dele, der passer bedst til spørgsmålet. Sig i svaret, "
                 "at det bygger på uddrag.")
        return DocumentMessage(_join(question, [intro, *sections]),
                               {"kind": "retrieval", "parts": len(parts), "used": len(chosen)})

    async def _summaries(self, question: str, documents: Sequence[StoredDocument], room: int,
                         budget: int) -> AsyncIterator[PartsDone | DocumentMessage]:
        summary_tokens = max(64, min(SUMMARY_TOKENS, room // 4, self._prompts.reply_tokens))
        system = ChatMessage("system", self._summary_system)
        part_tokens = (self._prompts.context_window - summary_tokens - self._counter.count_prompt([system])
                       - _FRAME_TOKENS * 2)
        if part_tokens < 200:
            raise ContextTooLong(detail="the model's context is too small to summarise parts")
        parts = [p for i, d in enumerate(documents)
                 for p in split_parts(d.model_text, part_tokens, self._counter.count, document=i)]
        totals = {i: sum(1 for p in parts if p.document == i) for i in range(len(documents))}
        layer = [(f"{documents[p.document].model_name}, del {p.number} af {totals[p.document]}", p.text)
                 for p in parts]
        calls: list[list[ChatMessage]] = []
        done, total = 0, len(layer)
        for _ in range(_MAX_ROUNDS):
            summaries = []
            for heading, text in layer:
                prompt = [system, ChatMessage("user", _section(f"Dokumentet {heading}", text))]
                calls.append(prompt)
                summaries.append((heading, await self._summarise(prompt, summary_tokens)))
                done += 1
                yield PartsDone(done, total)
            sections = [_section(f"Resumé af {heading}", summary) for heading, summary in summaries]
            if sum(self._counter.count(s) for s in sections) <= budget:
                intro = (f"{_too_long(documents)} Teksten blev delt i {len(parts)} dele, og hver del er opsummeret. "
                         "Herunder står resuméerne i rækkefølge. Sig i svaret, at det bygger på resuméer af dele.")
                spent = sum(self._counter.count_prompt(c) + summary_tokens for c in calls)
                yield DocumentMessage(_join(question, [intro, *sections]),
                                      {"kind": "summaries", "parts": len(parts), "calls": len(calls)},
                                      extra_tokens=spent, calls=calls)
                return
            layer = self._group(summaries, part_tokens)
            total += len(layer)
        raise ContextTooLong(detail="summaries did not shrink to fit")

    def _group(self, summaries: list[tuple[str, str]], part_tokens: int) -> list[tuple[str, str]]:
        """Consecutive summaries joined into groups that fit one summary call each."""
        groups: list[list[tuple[str, str]]] = [[]]
        used = 0
        for heading, summary in summaries:
            cost = self._counter.count(summary) + _FRAME_TOKENS
            if groups[-1] and used + cost > part_tokens:
                groups.append([])
                used = 0
            groups[-1].append((heading, summary))
            used += cost
        return [(f"{g[0][0]} til {g[-1][0]}" if len(g) > 1 else g[0][0],
                 "\n\n".join(_section(h, s) for h, s in g)) for g in groups]

    async def _summarise(self, prompt: list[ChatMessage], max_tokens: int) -> str:
        chunks = [chunk async for chunk in self._backend.stream(prompt, max_tokens=max_tokens)]
        summary = self._counter.cut("".join(chunks), max_tokens)
        return _TRAILING_PLACEHOLDER.sub("", summary).strip()


def document_parts_notice(strategy: dict[str, Any] | None) -> str:
    """The line an answer starts with when the model saw only parts of the documents ("" when it saw all)."""
    if not strategy:
        return ""
    if strategy.get("kind") == "summaries":
        return (f"*Dokumentet var for langt til at læse på én gang. Svaret bygger på resuméer af dets "
                f"{strategy['parts']} dele.*\n\n")
    return (f"*Dokumentet var for langt til at læse på én gang. Svaret bygger på {strategy['used']} af dets "
            f"{strategy['parts']} dele: dem, der passer bedst til spørgsmålet.*\n\n")


