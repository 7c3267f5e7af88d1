"""The usage log records the guideline version in force with each turn (for the acceptance rate).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

Older turns keep "" (version unknown): they count as active employees without a known acceptance.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("usage_events") as batch:
        batch.add_column(sa.Column("guidelines", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("usage_events") as batch:
        batch.drop_column("guidelines")
