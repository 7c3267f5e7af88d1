"""Documents in the chat: uploaded files' text, shielded and encrypted, belonging to a conversation;
the employee's corrections to the shield per conversation;
the usage log counts documents per turn.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kkgpt.db.models import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("conversation_id", sa.String(32),
                  sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name_enc", sa.Text(), nullable=False),
        sa.Column("model_name_enc", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("characters", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        sa.Column("text_enc", sa.Text(), nullable=False),
        sa.Column("model_text_enc", sa.Text(), nullable=False),
        sa.Column("masked_enc", sa.Text(), nullable=False),
        sa.Column("original_enc", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_documents_conversation", "documents", ["conversation_id", "created_at"])
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("pii_choices_enc", sa.Text(), nullable=True))
    with op.batch_alter_table("usage_events") as batch:
        batch.add_column(sa.Column("documents", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("document_types", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("document_size", sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("usage_events") as batch:
        batch.drop_column("document_size")
        batch.drop_column("document_types")
        batch.drop_column("documents")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("pii_choices_enc")
    op.drop_index("ix_documents_conversation", table_name="documents")
    op.drop_table("documents")
