"""The whole dev set through the chat: none of its personal data is readable in the data directory or the logs."""

from __future__ import annotations

import logging
import re

import httpx
import pytest

from tests.devset import devset_lines


def _needles(value: str) -> set[bytes]:
    """The value as written, in lower case, and (for numbers) as bare digits."""
    forms = {value, value.lower()}
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6:
        forms.add(digits)
    return {form.encode("utf-8") for form in forms if len(form) >= 3}


async def test_dev_set_leaves_no_readable_personal_data(user_client: httpx.AsyncClient, app, settings,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    lines = devset_lines()
    cid = (await user_client.post("/api/v1/conversations")).json()["id"]
    for line in lines:
        reply = await user_client.post(f"/api/v1/conversations/{cid}/messages", json={"text": line["text"]})
        assert reply.status_code == 200, reply.text
    stored = (await user_client.get(f"/api/v1/conversations/{cid}")).json()["messages"]
    assert [m["content"] for m in stored if m["role"] == "user"] == [line["text"] for line in lines]

    await app.state.services.engine.dispose()  # checkpoint the WAL so every byte is on disk
    at_rest = b"".join(p.read_bytes() for p in settings.data_dir.rglob("*") if p.is_file())
    logs = "\n".join(r.getMessage() for r in caplog.records).encode("utf-8")
    values = [e["text"] for line in lines for e in line["entities"] if e["type"] != "IGN"]
    assert len(values) > 40
    leaks = [v for v in values for needle in _needles(v) if needle in at_rest or needle in logs]
    assert leaks == []
