"""Alembic environment: migrations run on a connection handed over by `kkgpt.db.migrate`."""

from __future__ import annotations

from alembic import context

from kkgpt.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `kkgpt db upgrade` (kkgpt.db.migrate), which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
