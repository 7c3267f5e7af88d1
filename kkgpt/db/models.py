"""ORM tables. Columns ending in `_enc` hold Fernet ciphertext, never readable text."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random, unguessable identifier (32 hex characters)."""
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored as UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base for KK-GPT's tables."""


class User(Base):
    """An employee, keyed by the subject their login gives them."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subject: Mapped[str] = mapped_column(String(255), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16), default="employee")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.role == "admin"


class Conversation(Base):
    """One chat; its title and placeholder mapping are encrypted."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_user_updated", "user_id", "updated_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title_enc: Mapped[str | None] = mapped_column(Text, default=None)
    assistant_key: Mapped[str | None] = mapped_column(String(64), default=None)
    vault_enc: Mapped[str | None] = mapped_column(Text, default=None)
    vault_version: Mapped[int] = mapped_column(Integer, default=0)
    # The employee's corrections to the shield in this conversation (kkgpt.pii.choices), encrypted.
    pii_choices_enc: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the employee pinned it to the top of their list (None: not pinned).
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Message(Base):
    """One turn. `content_enc` is what the employee sees, `model_content_enc` what the model saw or wrote."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="complete")
    content_enc: Mapped[str] = mapped_column(Text)
    model_content_enc: Mapped[str] = mapped_column(Text)
    annotations_enc: Mapped[str | None] = mapped_column(Text, default=None)
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    token_count: Mapped[int] = mapped_column(Integer, default=0)
    model: Mapped[str | None] = mapped_column(String(100), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Document(Base):
    """A file uploaded into a conversation: its extracted text and the shielded text the model may see.

    Both texts, the file name and the summary of what was masked are encrypted; the original file is kept
    (encrypted) only when `KKGPT_DOCUMENT_KEEP_ORIGINALS` is on.
    """

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_conversation", "conversation_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    name_enc: Mapped[str] = mapped_column(Text)
    model_name_enc: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(100))
    format: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer, default=None)
    characters: Mapped[int] = mapped_column(Integer)
    tokens: Mapped[int] = mapped_column(Integer)
    text_enc: Mapped[str] = mapped_column(Text)
    model_text_enc: Mapped[str] = mapped_column(Text)
    masked_enc: Mapped[str] = mapped_column(Text)
    original_enc: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ConversationLock(Base):
    """The lease of the turn answering in a conversation: one row per busy conversation, taken over once expired."""

    __tablename__ = "conversation_locks"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class GuidelineAcceptance(Base):
    """Who (pseudonymous usage key) accepted which guideline version, and when."""

    __tablename__ = "guideline_acceptances"
    __table_args__ = (UniqueConstraint("user_key", "version", name="uq_acceptance_user_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Feedback(Base):
    """A thumbs up or down on an answer, with reason chips and a scrubbed (and encrypted) comment."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("user_key", "message_id", name="uq_feedback_user_message"),
                      Index("ix_feedback_created_at", "created_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"), default=None)
    rating: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[str] = mapped_column(String(400), default="")
    time_saved: Mapped[str | None] = mapped_column(String(16), default=None)  # a key of TIME_SAVED, never text
    comment_enc: Mapped[str | None] = mapped_column(Text, default=None)
    task_category: Mapped[str | None] = mapped_column(String(64), default=None)
    department: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Tip(Base):
    """A colleague's tip, scrubbed before it was stored; no author is kept."""

    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text_enc: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class UsageEvent(Base):
    """One chat turn, counted without its text: who (pseudonymous key), department, task, sizes, signals."""

    __tablename__ = "usage_events"
    __table_args__ = (Index("ix_usage_events_hour", "hour"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hour: Mapped[datetime] = mapped_column(UTCDateTime())
    user_key: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(32))
    task_category: Mapped[str | None] = mapped_column(String(64), default=None)
    model: Mapped[str | None] = mapped_column(String(100), default=None)
    status: Mapped[str | None] = mapped_column(String(16), default=None)
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    pii_types: Mapped[str] = mapped_column(String(400), default="")
    special_categories: Mapped[str] = mapped_column(String(400), default="")
    # Documents sent with the turn: how many, their formats and a size bucket; never names or text.
    documents: Mapped[int] = mapped_column(Integer, default=0)
    document_types: Mapped[str] = mapped_column(String(200), default="")
    document_size: Mapped[str] = mapped_column(String(16), default="")
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    # The guideline version in force when the turn was answered: chatting requires having accepted it.
    guidelines: Mapped[str] = mapped_column(String(64), default="")


class UsageRollup(Base):
    """One group of one statistics dimension on one past day: who (8-byte digests of the usage keys) and sums.

    Derived from `usage_events` for days that are over (and so no longer change); `grp` "\x1f" marks a day
    as rolled up even when it had no events. `prices` fingerprints the token prices the cost was summed at."""

    __tablename__ = "usage_rollups"
    __table_args__ = (PrimaryKeyConstraint("dimension", "day", "grp", name="pk_usage_rollups"),)

    dimension: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date())
    grp: Mapped[str] = mapped_column(String(400))
    users: Mapped[bytes] = mapped_column(LargeBinary())
    sums: Mapped[str] = mapped_column(String(200))
    prices: Mapped[str] = mapped_column(String(16))


class AssistantTrial(Base):
    """A task assistant being tried out (a use scenario under test), from one day to another."""

    __tablename__ = "assistant_trials"

    assistant_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    starts_on: Mapped[date] = mapped_column(Date())
    ends_on: Mapped[date] = mapped_column(Date())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LoginSession(Base):
    """A browser's login, kept server-side so that it can be ended; the cookie holds the token, this its hash."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiToken(Base):
    """A personal API token: only its hash is stored, and a short prefix to recognise it by."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuotaCounter(Base):
    """How much of one limit was used in one window (a minute, a day, a month), shared by every replica."""

    __tablename__ = "quota_counters"
    __table_args__ = (PrimaryKeyConstraint("name", "window_start", name="pk_quota_counters"),)

    name: Mapped[str] = mapped_column(String(300))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    used: Mapped[int] = mapped_column(BigInteger, default=0)
