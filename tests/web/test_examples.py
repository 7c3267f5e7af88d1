"""The example prompts on a new conversation: written in both languages, free of personal data, and shown
only where a conversation starts."""

from __future__ import annotations

import html

import httpx
import pytest

from kkgpt.web.examples import EXAMPLES
from tests.conftest import login


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.key for e in EXAMPLES])
def test_an_example_holds_no_personal_data_the_shield_would_mask(example, pii) -> None:
    # An example is copied as it is: it must never show an employee pasting a citizen's details.
    for language in ("da", "en"):
        text = example.text_in(language)
        assert pii.analyze(text) == [], (language, text)


def test_every_role_the_examples_promise_is_there_once_in_both_languages() -> None:
    assert [e.key for e in EXAMPLES] == ["case-worker", "carer", "teacher", "hr", "it"]
    for language in ("da", "en"):
        roles = [e.role_in(language) for e in EXAMPLES]
        assert len(set(roles)) == len(roles) and all(roles)
    assert all(e.text_da != e.text_en and 40 < len(e.text_da) <= 300 for e in EXAMPLES)


async def test_a_new_conversation_offers_the_examples_in_the_employees_language(
    user_client: httpx.AsyncClient,
) -> None:
    page = html.unescape((await user_client.get("/chat")).text)
    assert "Prøv et eksempel" in page
    for example in EXAMPLES:
        assert f'data-prompt="{example.text_da}"' in page and example.role_da in page
    await user_client.post("/language", data={"language": "en", "next": "/chat"})
    page = html.unescape((await user_client.get("/chat")).text)
    assert "Try an example" in page and f'data-prompt="{EXAMPLES[0].text_en}"' in page


async def test_the_examples_wait_until_the_guidelines_are_accepted(client: httpx.AsyncClient) -> None:
    await login(client, accept=False)
    page = (await client.get("/chat")).text
    assert "js-example" not in page  # the acceptance card comes first; the composer is locked anyway
