"""Builds the prompt a model receives: system prompt, the history that fits, and the newest message."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kkgpt.chat.store import StoredMessage
from kkgpt.llm.base import ChatMessage
from kkgpt.llm.tokens import TOKENS_PER_MESSAGE, TOKENS_PER_REPLY, TokenCounter, fit_to_window

DEFAULT_SYSTEM_PROMPT = """\
Du er KK-GPT, Københavns Kommunes egen AI-assistent for kommunens medarbejdere.
Svar på det sprog, medarbejderen skriver på (oftest dansk). Skriv klart og konkret, og brug Markdown,
når lister, tabeller eller kode gør svaret lettere at læse.
Du har ikke adgang til internettet, kommunens systemer eller borgernes sager. Opfind aldrig fakta,
kilder, paragraffer eller tal; sig det, når du er usikker. Dine svar er udkast, som en medarbejder
vurderer; du træffer ingen afgørelser om borgere."""

# Answers that stopped early or failed are not history: the model should not continue a broken reply.
_HISTORY_STATUSES = {"complete", "stopped"}


class PromptBuilder:
    """Turns stored messages into the prompt for the model, trimmed to its context window."""

    def __init__(
        self,
        *,
        counter: TokenCounter,
        context_window: int,
        reply_tokens: int,
        system_prompt: str = DEFAULT_SYSTEM_PROMPT,
        placeholder_instructions: str = "",
        assistant_prompt: Callable[[str], str | None] = lambda key: None,
    ) -> None:
        self._counter = counter
        self.context_window = context_window
        self.reply_tokens = reply_tokens
        self._system = "\n\n".join(p for p in (system_prompt.strip(), placeholder_instructions.strip()) if p)
        self._assistant_prompt = assistant_prompt

    def system_messages(self, assistant_key: str | None) -> list[ChatMessage]:
        """The system prompt, with the chosen task assistant's instructions appended."""
        parts = [self._system]
        extra = self._assistant_prompt(assistant_key) if assistant_key else None
        if extra:
            parts.append(extra.strip())
        return [ChatMessage("system", "\n\n".join(parts))]

    def room_for_message(self, assistant_key: str | None = None) -> int:
        """Tokens the newest message may have so that the system prompt and the reply budget still fit."""
        system = sum(self._counter.count_message(m) for m in self.system_messages(assistant_key))
        return self.context_window - self.reply_tokens - TOKENS_PER_REPLY - system - TOKENS_PER_MESSAGE

    def check_fits(self, model_text: str, *, assistant_key: str | None = None) -> None:
        """Raise `ContextTooLong` when this message alone, with the system prompt, leaves no room to answer."""
        fit_to_window(self.system_messages(assistant_key), [], ChatMessage("user", model_text),
                      counter=self._counter, context_window=self.context_window, reply_tokens=self.reply_tokens)

    def build(self, messages: Sequence[StoredMessage], *, assistant_key: str | None = None) -> list[ChatMessage]:
        """The prompt answering the last message (which must be the employee's), in what the model may see."""
        *earlier, latest = messages
        history = [
            ChatMessage("user" if m.role == "user" else "assistant", m.model_content)
            for m in earlier
            if m.role == "user" or (m.status in _HISTORY_STATUSES and m.model_content)
        ]
        return fit_to_window(
            self.system_messages(assistant_key),
            history,
            ChatMessage("user", latest.model_content),
            counter=self._counter,
            context_window=self.context_window,
            reply_tokens=self.reply_tokens,
        )
