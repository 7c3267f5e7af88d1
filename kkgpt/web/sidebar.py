"""The conversation list as the sidebar shows it: pinned first, then by day (I dag, I går, Sidste 7 dage, Ældre),
and search hits with their matches marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kkgpt.chat.search import SearchHit
from kkgpt.chat.store import ConversationInfo

try:
    LOCAL = ZoneInfo("Europe/Copenhagen")
except ZoneInfoNotFoundError:  # a system without time-zone data: group by UTC days rather than fail
    LOCAL = None

#: The groups in the order they are shown; the catalogue key of each is `nav.group.<name>`.
GROUPS = ("pinned", "today", "yesterday", "week", "older")


@dataclass(frozen=True)
class Group:
    """Conversations under one heading; `heading` is False when a page continues the previous page's group."""

    name: str
    conversations: list[ConversationInfo] = field(default_factory=list)
    heading: bool = True


def local_day(when: datetime) -> date:
    """The day `when` falls on in Copenhagen."""
    return when.astimezone(LOCAL).date() if LOCAL else when.date()


def date_group(when: datetime, today: date) -> str:
    """Which dated group a conversation last active at `when` belongs to, seen on `today`."""
    days = (today - local_day(when)).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return "week" if days <= 7 else "older"


def grouped(conversations: Sequence[ConversationInfo], now: datetime, *, pinned: Sequence[ConversationInfo] = (),
            after: str | None = None) -> list[Group]:
    """The list's groups: `pinned` first, then `conversations` (newest first) by day. `after` is the group the
    previous page ended in: a page that continues it starts without repeating its heading."""
    groups = [Group("pinned", list(pinned))] if pinned else []
    today = local_day(now)
    for conversation in conversations:
        name = date_group(conversation.updated_at, today)
        if not groups or groups[-1].name != name:
            groups.append(Group(name, heading=not (not groups and name == after)))
        groups[-1].conversations.append(conversation)
    return groups


@dataclass(frozen=True)
class Part:
    """A run of text, `hit` when the search matched it."""

    text: str
    hit: bool = False


def marked(text: str, spans: Sequence[tuple[int, int]]) -> list[Part]:
    """`text` cut into runs, the search's hits (`spans`, sorted, not overlapping) marked."""
    parts, position = [], 0
    for start, end in spans:
        if start < position or end > len(text):
            continue
        if start > position:
            parts.append(Part(text[position:start]))
        parts.append(Part(text[start:end], hit=True))
        position = end
    if position < len(text):
        parts.append(Part(text[position:]))
    return parts


@dataclass(frozen=True)
class HitView:
    """A search hit as the sidebar shows it: the title and a snippet, hits marked, and where the link goes."""

    conversation: ConversationInfo
    title: list[Part]
    snippet: list[Part]
    href: str


def hit_views(hits: Sequence[SearchHit], untitled: str) -> list[HitView]:
    """View objects for search hits; a hit in a message links to that message."""
    views = []
    for hit in hits:
        c = hit.conversation
        title = marked(c.title, hit.title_highlights) if c.title else [Part(untitled)]
        snippet = marked(hit.snippet.text, hit.snippet.highlights) if hit.snippet else []
        anchor = f"#message-{hit.message_id}" if hit.message_id is not None else ""
        views.append(HitView(c, title, snippet, f"/c/{c.id}{anchor}"))
    return views
