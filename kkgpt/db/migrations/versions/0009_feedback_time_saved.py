"""Feedback's optional "how much time did it save?" choice (a fixed key such as `5_15`, never free text).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

(0008 is taken by pinned conversations; whoever merges second renumbers `revision` and `down_revision`.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("time_saved", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("time_saved")
