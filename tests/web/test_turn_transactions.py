"""A chat turn reads once (login session and conversation together) and writes twice (the question with the
lease, the answer with the lease given back); no database connection is held while the model answers."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import event

from tests.fakes import ScriptedBackend

SSE = {"Accept": "text/event-stream"}


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


class _Transactions:
    """The statements of each transaction begun on the app's engine while recording."""

    def __init__(self, app) -> None:
        self.recording = False
        self.transactions: list[list[str]] = []
        engine = app.state.services.engine.sync_engine
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "before_cursor_execute", self._statement)

    def _begin(self, *_) -> None:
        if self.recording:
            self.transactions.append([])

    def _statement(self, _connection, _cursor, statement: str, *_) -> None:
        if self.recording:
            self.transactions[-1].append(" ".join(statement.split()))


async def _after_first_turn(client: httpx.AsyncClient) -> str:
    """A conversation with one finished turn (the first answer's title request is over too)."""
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    assert (await client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hej"})).status_code == 200
    return cid


def _assert_one_read_two_writes(transactions: list[list[str]], *, question_stored: bool) -> None:
    assert len(transactions) == 3, transactions
    read, question, answer = transactions
    assert all(s.startswith("SELECT") for s in read), read
    assert any("FROM login_sessions" in s for s in read), "the login session is read in the turn's read"
    assert any("FROM conversations" in s for s in read) and any("FROM messages" in s for s in read)
    # The daily token limit (on by default) is read there too; the first write only counts the message.
    assert any("FROM quota_counters" in s for s in read)
    assert not any(s.startswith("SELECT") for s in question), question
    assert any("INSERT INTO conversation_locks" in s for s in question)
    # A new answer to the same question takes the lease (and counts the quota) without storing a message.
    assert any("INSERT INTO messages" in s for s in question) == question_stored
    assert any("DELETE FROM conversation_locks" in s for s in answer), "the lease goes back with the answer"
    assert any("INSERT INTO messages" in s for s in answer)


@pytest.mark.parametrize(
    ("path", "kwargs"),
    [("/api/v1/conversations/{cid}/messages", {"json": {"text": "Ring til Peter Hansen på 22 33 44 55"}}),
     ("/c/{cid}/messages", {"data": {"text": "Ring til Peter Hansen på 22 33 44 55"}}),
     ("/api/v1/conversations/{cid}/regenerate", {}),
     ("/c/{cid}/regenerate", {})],
    ids=["api", "page", "api-regenerate", "page-regenerate"],
)
async def test_a_turn_is_one_read_and_two_writes(app, user_client: httpx.AsyncClient, path: str, kwargs) -> None:
    cid = await _after_first_turn(user_client)
    recorder = _Transactions(app)
    recorder.recording = True
    response = await user_client.post(path.format(cid=cid), headers=SSE, **kwargs)
    recorder.recording = False
    assert response.status_code == 200 and "event: done" in response.text, response.text
    _assert_one_read_two_writes(recorder.transactions, question_stored="regenerate" not in path)


async def test_no_connection_is_held_while_the_answer_streams(app, user_client: httpx.AsyncClient,
                                                              backend: ScriptedBackend) -> None:
    cid = await _after_first_turn(user_client)
    pool = app.state.services.engine.sync_engine.pool
    backend._answers.append(["Første ", "svar."])
    backend.gate = asyncio.Event()
    turn = asyncio.create_task(user_client.post(f"/api/v1/conversations/{cid}/messages",
                                                json={"text": "Et spørgsmål"}, headers=SSE))
    await backend.held.wait()  # the first chunk is out, the model is still writing
    assert pool.checkedout() == 0, "the turn's read transaction was closed before the answer"
    backend.gate.set()
    response = await turn
    assert "Første svar." in response.text.replace('", "', "")  # the answer arrived whole
    assert pool.checkedout() == 0


async def test_a_turn_refused_before_it_is_read_gives_its_connection_back(app, user_client: httpx.AsyncClient
                                                                          ) -> None:
    pool = app.state.services.engine.sync_engine.pool
    response = await user_client.post("/api/v1/conversations/" + "0" * 32 + "/messages", json={"text": "Hej"},
                                      headers=SSE)
    assert response.status_code == 404
    assert pool.checkedout() == 0
    empty = await user_client.post("/c/" + "0" * 32 + "/messages", data={"text": " "}, headers=SSE)
    assert empty.status_code == 422
    assert pool.checkedout() == 0
