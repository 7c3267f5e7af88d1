"""Guideline acceptances, feedback, tips and the anonymised usage log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kkgpt.db.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guideline_acceptances",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("accepted_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_key", "version", name="uq_acceptance_user_version"),
    )
    op.create_index("ix_guideline_acceptances_user_key", "guideline_acceptances", ["user_key"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("message_id", sa.Integer(), sa.ForeignKey("messages.id", ondelete="SET NULL"), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.String(400), nullable=False),
        sa.Column("comment_enc", sa.Text(), nullable=True),
        sa.Column("task_category", sa.String(64), nullable=True),
        sa.Column("department", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_key", "message_id", name="uq_feedback_user_message"),
    )
    op.create_table(
        "tips",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("text_enc", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_tips_status", "tips", ["status"])
    op.create_table(
        "usage_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("hour", UTCDateTime(), nullable=False),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("department", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("task_category", sa.String(64), nullable=True),
        sa.Column("model", sa.String(100), nullable=True),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("pii_types", sa.String(400), nullable=False),
        sa.Column("special_categories", sa.String(400), nullable=False),
    )
    op.create_index("ix_usage_events_hour", "usage_events", ["hour"])


def downgrade() -> None:
    op.drop_table("usage_events")
    op.drop_table("tips")
    op.drop_table("feedback")
    op.drop_table("guideline_acceptances")
