"""What templates show: stored messages turned into view objects (masked spans split out for highlighting)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kkgpt.chat.store import StoredMessage


@dataclass(frozen=True)
class Segment:
    """A run of the employee's text; `span` is set when the shield masked it."""

    text: str
    span: dict[str, Any] | None = None
    label: str = ""


@dataclass(frozen=True)
class MessageView:
    """One message as the chat page shows it."""

    id: int
    role: str
    status: str
    content: str
    model_content: str
    error_code: str | None
    is_last: bool
    segments: list[Segment] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    based_on_parts: bool = False
    question_id: int | None = None  # an answer's question: "Redigér" on a refused answer edits it

    @property
    def masked(self) -> bool:
        """True when the model saw something other than what the employee wrote."""
        return self.role == "user" and self.model_content != self.content


def segments(message: StoredMessage, t: Callable[..., str]) -> list[Segment]:
    """Split a user message into plain and masked runs, labelled with what the model got instead."""
    text, parts, position = message.content, [], 0
    spans = sorted(message.annotations.get("spans", []), key=lambda s: s["start"])
    for span in spans:
        start, end = span["start"], span["end"]
        if start < position or end > len(text):
            continue  # defensive: never trust stored offsets to be consistent
        if start > position:
            parts.append(Segment(text[position:start]))
        sent = message.model_content[span["model_start"] : span["model_end"]]
        label = t("pii.label", kind=t(f"pii.type.{span['type']}"), sent=sent)
        parts.append(Segment(text[start:end], span, label))
        position = end
    if position < len(text):
        parts.append(Segment(text[position:]))
    return parts


def message_views(messages: Sequence[StoredMessage], t: Callable[..., str]) -> list[MessageView]:
    """View objects for a conversation; only the last answer offers "new answer"."""
    views, question = [], None
    for index, m in enumerate(messages):
        question = m.id if m.role == "user" else question
        views.append(
            MessageView(
                id=m.id,
                role=m.role,
                status=m.status,
                content=m.content,
                model_content=m.model_content,
                error_code=m.error_code,
                is_last=index == len(messages) - 1,
                segments=segments(m, t) if m.role == "user" else [],
                documents=m.annotations.get("documents", []),
                based_on_parts=bool(m.annotations.get("document_strategy")),
                question_id=question if m.role == "assistant" else None,
            )
        )
    return views
