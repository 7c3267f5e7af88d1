"""Search in the employee's own conversations: titles and the text as the employee sees it, hits marked.

Messages are stored encrypted, so there is no index to ask. A search reads the employee's conversations
newest first, `BATCH` at a time, decrypts what the employee sees (titles and messages as restored, never what
the model saw) and matches it here. One request reads at most `SCAN_MAX` conversations; when it stops there,
or when it has `limit` hits, `next_before` says where the next request continues. Another employee's
conversation is never read: the store reads by the caller's user id only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kkgpt.chat.store import ConversationInfo, ConversationStore, VisibleText, page_cursor
from kkgpt.errors import InvalidInput

#: Most conversations one search request decrypts (a month of daily use fits in one or two requests).
SCAN_MAX = 100
#: Conversations read from the database at once: a hit among the newest stops the search early.
BATCH = 20
#: About how long a snippet around a hit is, in characters.
SNIPPET_CHARS = 140
#: Longest query accepted.
QUERY_MAX = 200


@dataclass(frozen=True)
class Snippet:
    """A piece of a message around its first hit; `highlights` are (start, end) offsets into `text`."""

    text: str
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchHit:
    """A conversation that matched: where in its title, and the first message that matched (if any)."""

    conversation: ConversationInfo
    title_highlights: tuple[tuple[int, int], ...]
    message_id: int | None = None
    role: str | None = None
    snippet: Snippet | None = None


@dataclass(frozen=True)
class SearchPage:
    """Hits, newest conversation first; `next_before` continues the search (None: nothing older is left)."""

    hits: list[SearchHit]
    next_before: str | None


def query_pattern(query: str) -> re.Pattern[str]:
    """The words of `query` in order, any case, any whitespace between them; `InvalidInput` if there are none."""
    words = query.split()
    if not words:
        raise InvalidInput("Skriv det, du vil søge efter.", code="empty_query")
    if len(query) > QUERY_MAX:
        raise InvalidInput(f"Søgningen er for lang: højst {QUERY_MAX} tegn.", code="query_too_long")
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def highlights(text: str, pattern: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
    """Where `pattern` matches in `text`."""
    return tuple(m.span() for m in pattern.finditer(text))


def snippet(text: str, pattern: re.Pattern[str], width: int = SNIPPET_CHARS) -> Snippet | None:
    """About `width` characters around the first hit, on one line, cut at spaces, with "…" where cut."""
    first = pattern.search(text)
    if first is None:
        return None
    start = max(0, first.start() - width // 3)
    if start > 0:  # begin at a word: after the last space before the window, if the hit leaves room
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and first.start() - space < width // 2 else start
    end = max(min(len(text), start + width), first.end())
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > 0 else end
    piece = " ".join(text[start:end].split())
    shown = ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
    return Snippet(shown, highlights(shown, pattern))


def match(conversation: ConversationInfo, texts: Sequence[VisibleText], pattern: re.Pattern[str]) -> SearchHit | None:
    """The conversation as a hit (its title and its first matching message), or None if nothing matches."""
    title = highlights(conversation.title or "", pattern)
    for message in texts:
        found = snippet(message.content, pattern)
        if found is not None:
            return SearchHit(conversation, title, message.id, message.role, found)
    return SearchHit(conversation, title) if title else None


class ConversationSearch:
    """Searches one employee's conversations at a time, a bounded number per request."""

    def __init__(self, store: ConversationStore) -> None:
        self._store = store

    async def search(self, user_id: str, query: str, *, limit: int = 20, before: str | None = None) -> SearchPage:
        """Up to `limit` hits among the employee's conversations older than `before`, reading at most `SCAN_MAX`."""
        pattern = query_pattern(query)
        hits: list[SearchHit] = []
        cursor, scanned = before, 0
        while scanned < SCAN_MAX:
            batch, following = await self._store.visible_texts(user_id, before=cursor,
                                                               limit=min(BATCH, SCAN_MAX - scanned))
            for index, (conversation, texts) in enumerate(batch):
                scanned += 1
                hit = match(conversation, texts, pattern)
                if hit is not None:
                    hits.append(hit)
                if len(hits) >= limit:
                    last = index == len(batch) - 1 and following is None
                    return SearchPage(hits, None if last else page_cursor(conversation))
            if following is None:
                return SearchPage(hits, None)
            cursor = following
        return SearchPage(hits, cursor)
