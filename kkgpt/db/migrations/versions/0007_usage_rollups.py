"""Daily rollups of the usage log for the statistics, the kind of a failed turn's error, an index on
feedback's time, and assistant trials.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

(Another branch adds 0006; whoever merges second renumbers `down_revision`.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kkgpt.db.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "usage_rollups",
        sa.Column("dimension", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("grp", sa.String(400), nullable=False),
        sa.Column("users", sa.LargeBinary(), nullable=False),
        sa.Column("sums", sa.String(200), nullable=False),
        sa.Column("prices", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "day", "grp", name="pk_usage_rollups"),
    )
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])
    with op.batch_alter_table("usage_events") as batch:
        batch.add_column(sa.Column("error_code", sa.String(64), nullable=True))
    op.create_table(
        "assistant_trials",
        sa.Column("assistant_key", sa.String(64), primary_key=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("assistant_trials")
    with op.batch_alter_table("usage_events") as batch:
        batch.drop_column("error_code")
    op.drop_index("ix_feedback_created_at", table_name="feedback")
    op.drop_table("usage_rollups")
