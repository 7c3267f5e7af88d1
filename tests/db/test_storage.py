"""Storage: migrations, SQLite settings, encryption at rest, and owner scoping."""

from __future__ import annotations

import sqlite3

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from kkgpt.chat.store import ConversationStore, title_from
from kkgpt.db import migrate
from kkgpt.db.crypto import FieldCipher
from kkgpt.db.engine import create_engine, create_session_factory
from kkgpt.errors import NotFound


@pytest.fixture
async def engine(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'sub' / 'kkgpt.db'}")
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


async def _user(engine, user_id: str = "u1") -> str:
    async with engine.begin() as conn:
        await conn.execute(text(
            "INSERT INTO users (id, subject, display_name, department, role, created_at, last_login_at) "
            "VALUES (:id, :sub, 'Test', 'IT', 'employee', '2026-01-01', '2026-01-01')"), {"id": user_id, "sub": user_id})
    return user_id


async def test_migrations_create_the_schema_and_are_idempotent(engine) -> None:
    await migrate.upgrade(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()
    async with engine.connect() as conn:
        tables = {r[0] for r in await conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        assert {"users", "conversations", "messages", "alembic_version"} <= tables
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1


def test_cipher_round_trip_and_key_rotation() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = FieldCipher([old]).encrypt("Jens Hansen, 010170-1234")
    assert "Jens" not in token
    rotated = FieldCipher([new, old])
    assert rotated.decrypt(token) == "Jens Hansen, 010170-1234"
    with pytest.raises(ValueError, match="not configured"):
        FieldCipher([new]).decrypt(token)


async def test_text_is_encrypted_at_rest_and_deleted_with_the_conversation(engine, tmp_path) -> None:
    store = ConversationStore(create_session_factory(engine), FieldCipher([Fernet.generate_key().decode()]))
    user = await _user(engine)
    conversation = await store.create(user)
    secret = "Borgeren Gertrud Vindeløv har CPR 010170-1234"
    await store.add_message(user, conversation.id, role="user", content=secret, model_content="<PERSON_1> <CPR_1>",
                            token_count=7, vault='{"<PERSON_1>": "Gertrud Vindeløv"}',
                            annotations={"spans": []}, title=secret)
    [message] = await store.messages(user, conversation.id)
    assert message.content == secret and message.model_content == "<PERSON_1> <CPR_1>"
    assert (await store.get(user, conversation.id)).title == title_from(secret)

    await engine.dispose()  # flush the WAL so the check reads every byte
    raw = b"".join(p.read_bytes() for p in (tmp_path / "sub").iterdir())
    assert b"Gertrud" not in raw and b"010170" not in raw and b"PERSON_1" not in raw

    await store.delete(user, conversation.id)
    assert await store.list(user) == []
    db = sqlite3.connect(tmp_path / "sub" / "kkgpt.db")
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


async def test_another_users_conversation_is_not_found(engine) -> None:
    store = ConversationStore(create_session_factory(engine), FieldCipher([Fernet.generate_key().decode()]))
    owner, other = await _user(engine, "owner"), await _user(engine, "other")
    conversation = await store.create(owner)
    for call in (store.get, store.messages, store.vault, store.delete):
        with pytest.raises(NotFound):
            await call(other, conversation.id)
    with pytest.raises(NotFound):
        await store.rename(other, conversation.id, "x")
    assert [c.id for c in await store.list(owner)] == [conversation.id]
    assert await store.list(other) == []


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Kort spørgsmål", "Kort spørgsmål"),
        ("  Første linje  \nanden linje", "Første linje"),
        ("ord " * 40, ("ord " * 19).strip() + "…"),
    ],
)
def test_titles_come_from_the_first_line(text: str, title: str) -> None:
    assert title_from(text) == title
    assert len(title_from(text)) <= 80


@pytest.mark.postgres
async def test_postgres_schema_and_concurrent_upgrades(postgres_url: str) -> None:
    import asyncio

    url = postgres_url
    engine = create_engine(url)
    try:
        # Replicas starting together take turns on an advisory lock.
        engines = [create_engine(url) for _ in range(5)]
        await asyncio.gather(*(migrate.upgrade(e) for e in engines))
        for e in engines:
            await e.dispose()
        assert await migrate.current_revision(engine) == migrate.head_revision()
    finally:
        await engine.dispose()


def test_no_test_touches_a_database_it_did_not_create() -> None:
    """PostgreSQL tests use the `postgres_url` fixture's own database; none drops a schema or names `test`."""
    from pathlib import Path

    here = Path(__file__).resolve().parents[1]
    forbidden = ("DROP " + "SCHEMA", ":5432/" + "test")  # spelled apart so this file does not match itself
    offenders = [str(path.relative_to(here)) for path in here.rglob("*.py")
                 if any(word in path.read_text(encoding="utf-8") for word in forbidden)]
    assert offenders == []


@pytest.mark.postgres
async def test_the_postgres_fixture_drops_its_database_afterwards(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            name = await conn.scalar(text("SELECT current_database()"))
        assert name.startswith("kkgpt_test_") and name not in ("test", "postgres")
    finally:
        await engine.dispose()
