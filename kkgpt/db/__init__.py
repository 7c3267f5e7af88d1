"""Storage: SQLAlchemy 2 (async) on SQLite by default or PostgreSQL, schema managed by Alembic."""
