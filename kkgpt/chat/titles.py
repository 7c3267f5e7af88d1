"""Conversation titles: the model writes a short one after the first answer, from shielded text only.

The model gets the first question and the start of its answer as it saw them (placeholders, never personal
data). Its title is restored with the conversation's placeholders and then shielded once more, as a title the
employee types is (`shown_title`), so a redacted value such as a CPR number never shows, even one a model made
up. If the model fails, is slow or writes nothing usable, the title made from the first message stays.
"""

from __future__ import annotations

import logging
import re

import anyio
from sqlalchemy.exc import SQLAlchemyError

from kkgpt.chat.offload import off_loop
from kkgpt.chat.store import ConversationInfo, ConversationStore, StoredMessage, title_from
from kkgpt.errors import ModelError, NotFound
from kkgpt.llm.base import TITLE_INSTRUCTIONS, ChatMessage, ModelBackend
from kkgpt.pii.shield import PiiShield
from kkgpt.pii.vault import PlaceholderVault

logger = logging.getLogger(__name__)

#: The title waits at most this long for the model; then the first message's title stays.
TITLE_SECONDS = 10.0
#: A title is a few words; a model that goes on is cut off.
TITLE_TOKENS = 24
#: How much of the question and of the answer the model reads to name the conversation.
QUESTION_CHARS = 2_000
ANSWER_CHARS = 600
#: Words of a title the model wrote; more is not a title.
TITLE_WORDS = 12

_DECORATION = re.compile(r"^(?:titel|title)\s*:\s*|^[#*_`\"'«»“”„]+|[*_`\"'«»“”„.:;,]+$", re.IGNORECASE)


def clean_title(raw: str) -> str:
    """The title in a model's reply: its first line, without quotes, Markdown or a final full stop."""
    line = next((line for line in raw.splitlines() if line.strip()), "")
    for _ in range(3):  # "**Titel: "X"**" takes a few rounds
        line = _DECORATION.sub("", line.strip())
    words = line.split()
    return " ".join(words) if len(words) <= TITLE_WORDS else ""


async def shown_title(shield: PiiShield, text: str) -> str:
    """`text` as a title may show it: names as written, redacted values (CPR, card numbers) left out.

    If the policy would block the text, it is scrubbed one way. A title is short: shielded on the event loop.
    """
    vault = shield.load_vault(None)
    result = await off_loop(shield.protect, text, vault)
    if result.blocked:
        return title_from(await off_loop(shield.scrub, text))
    return title_from(shield.restore(result.model_text, vault))


class TitleWriter:
    """Asks the model for a conversation's title, through the shield both ways, and stores it."""

    def __init__(self, backend: ModelBackend, shield: PiiShield, store: ConversationStore) -> None:
        self._backend = backend
        self._shield = shield
        self._store = store

    async def name(self, user_id: str, conversation: ConversationInfo, question: StoredMessage, answer: str,
                   vault: PlaceholderVault) -> ConversationInfo | None:
        """After the first answer: the model's title in place of the first message's (None: it stays), unless
        the employee renamed the conversation (its title is no longer the one made from the first message).

        `answer` is the answer as the model wrote it. Never raises for a model or database failure.
        """
        automatic = title_from(self._shield.restore(question.model_content, vault))
        if conversation.title != automatic:
            return None
        title = await self.write(question.model_content, answer, vault)
        if title is None or title == automatic:
            return None
        try:
            return await self._store.retitle(user_id, conversation.id, expected=automatic, title=title)
        except (SQLAlchemyError, NotFound) as error:  # deleted meanwhile, or the database is away: keep the old
            logger.warning("model title not stored: %s", type(error).__name__)
            return None

    def prompt(self, question: str, answer: str) -> list[ChatMessage]:
        """What the model reads: the instructions, then the shielded question and the start of the answer."""
        text = question[:QUESTION_CHARS]
        if answer.strip():
            text += "\n\n---\nSvaret begyndte sådan:\n" + answer[:ANSWER_CHARS]
        return [ChatMessage("system", TITLE_INSTRUCTIONS), ChatMessage("user", text)]

    async def write(self, question: str, answer: str, vault: PlaceholderVault) -> str | None:
        """A title for a conversation whose first `question` got `answer` (both as the model saw them), or None."""
        chunks: list[str] = []
        try:
            with anyio.fail_after(TITLE_SECONDS):
                async for chunk in self._backend.stream(self.prompt(question, answer), max_tokens=TITLE_TOKENS):
                    chunks.append(chunk)
        except ModelError as exc:
            logger.warning("no title from the model: %s", exc.code)
            return None
        except TimeoutError:
            logger.warning("no title from the model: it took over %s seconds", TITLE_SECONDS)
            return None
        title = clean_title("".join(chunks))
        if not title:
            return None
        return await shown_title(self._shield, self._shield.restore(title, vault)) or None
