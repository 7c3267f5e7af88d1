"""Thumbs up or down on an answer, with reason chips and an optional comment scrubbed by the PII shield."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import anyio
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kkgpt.auth.users import Principal
from kkgpt.db.crypto import FieldCipher
from kkgpt.db.models import Conversation, Feedback, Message, utcnow
from kkgpt.errors import InvalidInput, NotFound

POSITIVE_REASONS = ("saved_time", "good_language", "correct", "good_structure")
NEGATIVE_REASONS = ("wrong", "not_useful", "too_long", "too_short", "wrong_tone")
COMMENT_MAX_CHARS = 1000
#: "Hvor meget tid sparede det?": the choices, and the whole minutes each stands for in the statistics
#: (a cautious value within its range). Kept as a fixed key, so it can never carry personal data.
TIME_SAVED: dict[str, int] = {"none": 0, "under_5": 2, "5_15": 10, "15_60": 30, "over_60": 60}
REASONS = POSITIVE_REASONS + NEGATIVE_REASONS


@dataclass(frozen=True)
class FeedbackView:
    """Feedback as stored (the comment already scrubbed)."""

    rating: int
    reasons: tuple[str, ...]
    comment: str | None
    time_saved: str | None = None


def check_feedback(rating: int, reasons: Sequence[str], comment: str | None,
                   time_saved: str | None = None) -> tuple[str, ...]:
    """Validate rating, reasons, comment and time saved; return the reasons de-duplicated in their canonical order."""
    if rating not in (1, -1):
        raise InvalidInput("Vælg tommel op eller tommel ned.", code="invalid_rating")
    allowed = POSITIVE_REASONS if rating == 1 else NEGATIVE_REASONS
    if unknown := sorted(set(reasons) - set(allowed)):
        raise InvalidInput("Ukendt begrundelse.", code="invalid_reason", detail=",".join(unknown))
    if comment is not None and len(comment) > COMMENT_MAX_CHARS:
        raise InvalidInput(f"Kommentaren er for lang: højst {COMMENT_MAX_CHARS} tegn.", code="comment_too_long")
    if time_saved is not None and time_saved not in TIME_SAVED:
        raise InvalidInput("Ukendt svar på, hvor meget tid det sparede.", code="invalid_time_saved")
    return tuple(r for r in allowed if r in reasons)


class FeedbackStore:
    """Stores one piece of feedback per user and answer (giving it again replaces it)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        cipher: FieldCipher,
        *,
        scrub: Callable[[str], str],
        key_for: Callable[[str], str],
        category_for: Callable[[str | None], str | None] = lambda assistant_key: None,
    ) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._scrub = scrub
        self._key_for = key_for
        self._category_for = category_for

    def _view(self, row: Feedback) -> FeedbackView:
        return FeedbackView(
            rating=row.rating,
            reasons=tuple(r for r in row.reasons.split(",") if r),
            comment=self._cipher.decrypt_optional(row.comment_enc),
            time_saved=row.time_saved,
        )

    async def give(
        self,
        user: Principal,
        message_id: int,
        *,
        rating: int,
        reasons: Sequence[str] | None = None,
        comment: str | None = None,
        time_saved: str | None = None,
    ) -> FeedbackView:
        """Record feedback on one of the user's answers; the comment passes through the PII shield first.

        With `reasons=None` only the thumb is set (the first click): reasons and comment already given are
        kept, except that reasons are cleared when the thumb turns (they belong to the other direction).
        `time_saved` (a key of `TIME_SAVED`, optional) is set with the reasons.
        """
        ordered = check_feedback(rating, reasons or (), comment, time_saved)
        comment = " ".join(comment.split()) if comment else None
        scrubbed = await anyio.to_thread.run_sync(self._scrub, comment) if comment else None
        for attempt in range(2):
            try:
                return await self._store(user, message_id, rating, None if reasons is None else ordered, scrubbed,
                                         time_saved)
            except IntegrityError:
                if attempt:  # two clicks raced to create the row; the second try updates it
                    raise
        raise AssertionError("unreachable")

    async def _store(self, user: Principal, message_id: int, rating: int, reasons: tuple[str, ...] | None,
                     comment: str | None, time_saved: str | None = None) -> FeedbackView:
        key = self._key_for(user.id)
        async with self._sessions.begin() as session:
            owned = (await session.execute(
                select(Message.id, Conversation.assistant_key)
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(Message.id == message_id, Message.role == "assistant", Conversation.user_id == user.id)
            )).first()
            if owned is None:
                raise NotFound("Svaret findes ikke.")
            # Found by the answer alone (only its owner can rate it): the key rotates between periods.
            row = await session.scalar(select(Feedback).where(Feedback.message_id == message_id))
            if row is None:
                row = Feedback(user_key=key, message_id=message_id, reasons="")
                session.add(row)
            if reasons is not None:
                row.reasons = ",".join(reasons)
                row.comment_enc = self._cipher.encrypt_optional(comment)
                row.time_saved = time_saved
            elif row.rating is not None and row.rating != rating:
                row.reasons = ""
            row.rating = rating
            row.task_category = self._category_for(owned.assistant_key)
            row.user_key, row.department, row.created_at = key, user.department, utcnow()
        return self._view(row)

    async def for_messages(self, user_id: str, message_ids: Iterable[int]) -> dict[int, FeedbackView]:
        """The user's feedback on these answers, by message id."""
        ids = list(message_ids)
        if not ids:
            return {}
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Feedback)
                .join(Message, Message.id == Feedback.message_id)
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(Conversation.user_id == user_id, Feedback.message_id.in_(ids))
            )
            return {row.message_id: self._view(row) for row in rows if row.message_id is not None}
