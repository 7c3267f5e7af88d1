"""Feedback on answers: thumbs, reason chips, and a comment scrubbed before it is stored."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import select

from kkgpt.db.models import Feedback
from kkgpt.errors import InvalidInput
from kkgpt.learning.feedback import check_feedback
from tests.conftest import login

STREAM = {"Accept": "text/event-stream"}


async def _answered(client: httpx.AsyncClient, **form) -> int:
    response = await client.post("/chat/messages", data={"text": "Lav et udkast til et brev", **form}, headers=STREAM)
    cid = json.loads(response.text.split("event: conversation\ndata: ", 1)[1].split("\n", 1)[0])["id"]
    detail = (await client.get(f"/api/v1/conversations/{cid}")).json()
    return next(m["id"] for m in detail["messages"] if m["role"] == "assistant")


async def test_thumbs_then_reasons_and_a_scrubbed_comment(user_client: httpx.AsyncClient, app) -> None:
    message_id = await _answered(user_client, assistant="klart-sprog")
    rated = await user_client.post(f"/m/{message_id}/feedback", data={"rating": "1", "stage": "rate"})
    assert rated.status_code == 200
    assert "Hvad var godt?" in rated.text and 'value="saved_time"' in rated.text and 'aria-pressed="true"' in rated.text
    assert "Hvor meget tid sparede det?" in rated.text and 'type="radio"' in rated.text and "Over 1 time" in rated.text

    comment = "Svaret til Jens Hansen på jens.hansen@gmail.com sparede mig en time"
    done = await user_client.post(f"/m/{message_id}/feedback", data={
        "rating": "1", "stage": "details", "reasons": ["saved_time", "good_language"], "comment": comment,
        "time_saved": "15_60"})
    assert "Tak for din feedback" in done.text and "sparede tid" in done.text and "15-60 min" in done.text
    assert "Jens Hansen" not in done.text and "gmail" not in done.text, "the stored comment is shown scrubbed"

    async with app.state.services.sessions() as session:
        [row] = (await session.scalars(select(Feedback))).all()
    assert row.rating == 1 and row.reasons == "saved_time,good_language" and row.time_saved == "15_60"
    assert row.task_category == "citizen_communication"
    assert row.department == "Koncern IT"
    assert "Jens" not in (row.comment_enc or ""), "encrypted at rest"
    stored = app.state.services.feedback._cipher.decrypt(row.comment_enc)
    assert "Jens Hansen" not in stored and "<PERSON>" in stored and "sparede mig en time" in stored

    again = await user_client.post(f"/m/{message_id}/feedback", data={"rating": "-1", "stage": "details",
                                                                       "reasons": ["too_long"]})
    assert "for lang" in again.text
    refused = await user_client.post(f"/m/{message_id}/feedback", data={"rating": "1", "stage": "details",
                                                                         "time_saved": "en hel dag med Jens"})
    assert refused.status_code == 422, "time saved is a fixed choice, never free text"
    async with app.state.services.sessions() as session:
        assert len((await session.scalars(select(Feedback))).all()) == 1, "giving feedback again replaces it"

    page = (await user_client.get("/chat")).text
    assert "Tak for din feedback" not in page  # the new-chat page has no answers
    conversation_page = await user_client.get(f"/c/{(await user_client.get('/api/v1/conversations')).json()['conversations'][0]['id']}")
    assert 'aria-pressed="true"' in conversation_page.text


async def test_feedback_only_on_your_own_answers(client: httpx.AsyncClient) -> None:
    await login(client, "Ejer")
    message_id = await _answered(client)
    await client.post("/logout")
    await login(client, "Fremmed")
    response = await client.post(f"/m/{message_id}/feedback", data={"rating": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("rating", "reasons", "comment", "code"),
    [(0, [], None, "invalid_rating"), (1, ["wrong"], None, "invalid_reason"), (-1, ["saved_time"], None,
                                                                              "invalid_reason"),
     (1, [], "x" * 1001, "comment_too_long")],
)
def test_feedback_is_validated(rating: int, reasons: list[str], comment: str | None, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_feedback(rating, reasons, comment)
    assert caught.value.code == code


def test_reasons_are_kept_in_their_canonical_order() -> None:
    assert check_feedback(-1, ["too_long", "wrong", "wrong"], None) == ("wrong", "too_long")


async def test_clicking_the_thumb_again_keeps_what_was_written(user_client: httpx.AsyncClient, app) -> None:
    message_id = await _answered(user_client)
    await user_client.post(f"/m/{message_id}/feedback", data={"rating": "1", "stage": "details",
                                                              "reasons": ["saved_time"], "comment": "Godt svar"})
    again = await user_client.post(f"/m/{message_id}/feedback", data={"rating": "1", "stage": "rate"})
    assert "sparede tid" in again.text or 'value="saved_time" checked' in again.text
    assert "Godt svar" in again.text
    turned = await user_client.post(f"/m/{message_id}/feedback", data={"rating": "-1", "stage": "rate"})
    assert "checked" not in turned.text, "reasons belong to one direction of the thumb"
    assert "Godt svar" in turned.text, "the comment is kept"


async def test_many_quick_clicks_never_fail(user_client: httpx.AsyncClient) -> None:
    import asyncio

    message_id = await _answered(user_client)
    responses = await asyncio.gather(*(user_client.post(f"/m/{message_id}/feedback", data={"rating": "1"})
                                       for _ in range(10)))
    assert {r.status_code for r in responses} == {200}


async def test_absurd_ids_are_a_clean_error(user_client: httpx.AsyncClient) -> None:
    response = await user_client.post("/m/99999999999999999999999/feedback", data={"rating": "1"})
    assert response.status_code == 422
