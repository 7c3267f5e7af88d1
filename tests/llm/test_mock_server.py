"""The mock model server, spoken to by the real openai SDK (OpenAI and Azure clients) over loopback."""

from __future__ import annotations

import asyncio
import json
import math
import time
from pathlib import Path

import httpx
import openai
import pytest

from kkgpt.llm.mock import MARKDOWN_SAMPLE, quote_reply
from kkgpt.llm.mock_answers import tokens
from kkgpt.llm.mock_server import MockModelServer, MockServerConfig

TEXT = "Skriv til <PERSON_1> om mødet på torsdag."


def _openai(url: str, **options) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=f"{url}/v1", api_key="test", max_retries=0, **options)


def _azure(url: str, **options) -> openai.AsyncAzureOpenAI:
    return openai.AsyncAzureOpenAI(azure_endpoint=url, azure_deployment="gpt4o-kk", api_version="2024-10-21",
                                   api_key="test", max_retries=0, **options)


def _messages(text: str = TEXT) -> list[dict[str, str]]:
    return [{"role": "system", "content": "Du er KK-GPT."}, {"role": "user", "content": text}]


async def _stream(client: openai.AsyncOpenAI, text: str = TEXT, **options) -> list:
    response = await client.chat.completions.create(model="gpt-4o-mini", messages=_messages(text), stream=True,
                                                    **options)
    return [chunk async for chunk in response]


def _content(chunks: list) -> list[str]:
    return [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]


async def test_openai_stream_echoes_the_last_user_message_with_usage_last(mock_server_url: str) -> None:
    async with _openai(mock_server_url) as client:
        chunks = await _stream(client, stream_options={"include_usage": True})
    assert "".join(_content(chunks)) == quote_reply(TEXT)
    assert len(_content(chunks)) == len(tokens(quote_reply(TEXT))), "one token a chunk by default"
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-2].choices[0].finish_reason == "stop"
    last = chunks[-1]
    assert last.choices == [] and last.usage is not None
    assert last.usage.completion_tokens == len(tokens(quote_reply(TEXT)))
    assert last.usage.prompt_tokens > 0
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens
    assert all(c.model == "gpt-4o-mini" and c.id == chunks[0].id for c in chunks)


async def test_openai_stream_without_usage_asked_has_none(mock_server_url: str) -> None:
    async with _openai(mock_server_url) as client:
        chunks = await _stream(client)
    assert all(c.usage is None and c.choices for c in chunks)


async def test_openai_non_streaming_answer_and_models(mock_server_url: str) -> None:
    async with _openai(mock_server_url) as client:
        completion = await client.chat.completions.create(model="gpt-4o-mini", messages=_messages())
        models = await client.models.list()
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.content == quote_reply(TEXT)
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.completion_tokens == len(tokens(quote_reply(TEXT)))
    assert [m.id for m in models.data] == ["kkgpt-mock"]


async def test_azure_stream_starts_with_prompt_filter_results(mock_server_url: str) -> None:
    async with _azure(mock_server_url) as client:
        chunks = await _stream(client, stream_options={"include_usage": True})
    first = chunks[0]
    assert first.choices == []
    assert first.model_extra["prompt_filter_results"][0]["content_filter_results"]["hate"]["filtered"] is False
    assert "".join(_content(chunks)) == quote_reply(TEXT)
    assert chunks[1].model == "gpt4o-kk", "Azure names the deployment"
    assert chunks[-1].usage.completion_tokens == len(tokens(quote_reply(TEXT)))


async def test_azure_non_streaming_and_api_version_required(mock_server_url: str) -> None:
    async with _azure(mock_server_url) as client:
        completion = await client.chat.completions.create(model="gpt-4o-mini", messages=_messages())
    assert completion.choices[0].message.content == quote_reply(TEXT)
    assert completion.model == "gpt4o-kk" and completion.usage.total_tokens > 0
    async with httpx.AsyncClient() as http:
        missing = await http.post(f"{mock_server_url}/openai/deployments/d/chat/completions",
                                  json={"messages": _messages()})
        wrong_method = await http.get(f"{mock_server_url}/v1/chat/completions")
        unknown = await http.post(f"{mock_server_url}/v2/anything", json={})
        not_json = await http.post(f"{mock_server_url}/v1/chat/completions", content=b"{nope")
    assert missing.status_code == 400 and "api-version" in missing.json()["error"]["message"]
    assert (wrong_method.status_code, unknown.status_code, not_json.status_code) == (405, 404, 400)


@pytest.mark.parametrize("marker", ["[[mock:429]]", "[[mock:busy]]"])
async def test_429_carries_retry_after(mock_server, marker: str) -> None:
    with mock_server(retry_after_seconds=7) as url:
        async with _openai(url) as client:
            with pytest.raises(openai.RateLimitError) as caught:
                await _stream(client, f"Hej {marker}")
    assert caught.value.status_code == 429
    assert caught.value.response.headers["retry-after"] == "7"
    assert caught.value.code == "rate_limit_exceeded"


@pytest.mark.parametrize("client", [_openai, _azure])
@pytest.mark.parametrize(("marker", "error"), [("[[mock:500]]", openai.InternalServerError),
                                               ("[[mock:error]]", openai.InternalServerError),
                                               ("[[mock:refuse]]", openai.BadRequestError)])
async def test_status_faults(mock_server_url: str, client, marker: str, error: type[Exception]) -> None:
    async with client(mock_server_url) as sdk:
        with pytest.raises(error) as caught:
            await _stream(sdk, f"Hej {marker}")
    if marker == "[[mock:refuse]]":
        assert caught.value.code == "content_filter"


async def test_timeout_never_answers(mock_server_url: str) -> None:
    async with _openai(mock_server_url, timeout=0.3) as client:
        with pytest.raises(openai.APITimeoutError):
            await _stream(client, "Hej [[mock:timeout]]")
        # The server is not stuck: the next request is answered.
        assert _content(await _stream(client, "Hej igen"))


@pytest.mark.parametrize("client", [_openai, _azure])
async def test_cut_stream_breaks_off_halfway(mock_server_url: str, client) -> None:
    received: list[str] = []
    async with client(mock_server_url) as sdk:
        response = await sdk.chat.completions.create(model="m", messages=_messages("[[mock:long]] [[mock:cut]]"),
                                                     stream=True)
        with pytest.raises(openai.APIConnectionError):
            async for chunk in response:
                if chunk.choices and chunk.choices[0].delta.content:
                    received.append(chunk.choices[0].delta.content)
        with pytest.raises(openai.APIConnectionError):
            await sdk.chat.completions.create(model="m", messages=_messages("[[mock:cut]]"))
    assert len(received) == 500, "half of the 1000-token long answer, then the connection drops"


async def test_malformed_chunk_halfway(mock_server_url: str) -> None:
    received: list[str] = []
    async with _openai(mock_server_url) as client:
        response = await client.chat.completions.create(model="m", messages=_messages("Hej [[mock:malformed]]"),
                                                        stream=True)
        with pytest.raises(json.JSONDecodeError):
            async for chunk in response:
                if chunk.choices and chunk.choices[0].delta.content:
                    received.append(chunk.choices[0].delta.content)
    answer = tokens(quote_reply("Hej [[mock:malformed]]"))
    assert "".join(received) == "".join(answer[: len(answer) // 2])


async def test_split_cuts_every_placeholder_across_two_chunks(mock_server_url: str) -> None:
    async with _azure(mock_server_url) as client:
        pieces = _content(await _stream(client, f"{TEXT} [[mock:split]]"))
    answer = "".join(pieces)
    assert answer == f"Kære <PERSON_1>,\n\n{quote_reply(f'{TEXT} [[mock:split]]')}"
    assert answer.count("<PERSON_1>") == 2
    assert not any("<PERSON_1>" in piece for piece in pieces)
    assert sum(piece.endswith("<PERS") for piece in pieces) == 2


async def test_long_answers_max_tokens_and_markdown(mock_server) -> None:
    with mock_server(mode="long", answer_tokens=40, chunk_tokens=3) as url:
        async with _openai(url) as client:
            chunks = await _stream(client, "Hej", stream_options={"include_usage": True})
            limited = await client.chat.completions.create(model="m", messages=_messages("Hej"), max_tokens=10)
            markdown = await client.chat.completions.create(model="m", messages=_messages("[[mock:markdown]]"))
            echoed = await client.chat.completions.create(model="m", messages=_messages("[[mock:echo]]"))
    assert chunks[-1].usage.completion_tokens == 40
    assert len(_content(chunks)) == math.ceil(40 / 3)
    assert "".join(_content(chunks)).startswith("Afsnit 1: KK-GPT skriver et langt svar")
    assert limited.choices[0].finish_reason == "length" and limited.usage.completion_tokens == 10
    assert markdown.choices[0].message.content == MARKDOWN_SAMPLE
    assert echoed.choices[0].message.content == quote_reply("[[mock:echo]]")


async def test_pace_first_token_then_tokens_per_second(mock_server) -> None:
    # Lower bounds only: the server may never be faster than its schedule (slower would be a load problem).
    with mock_server(mode="long", answer_tokens=21, ttft_ms=100, tokens_per_second=200) as url:
        async with _openai(url) as client:
            started = time.monotonic()
            response = await client.chat.completions.create(model="m", messages=_messages("Hej"), stream=True)
            arrivals = [time.monotonic() - started async for chunk in response
                        if chunk.choices and chunk.choices[0].delta.content]
    assert len(arrivals) == 21
    assert arrivals[0] >= 0.1
    assert arrivals[-1] - arrivals[0] >= 20 / 200 * 0.95
    assert arrivals[-1] >= 0.1 + 20 / 200


async def test_scripted_mode_answers_by_rule_and_echoes_the_rest(mock_server, tmp_path: Path) -> None:
    from kkgpt.llm.mock_answers import load_script

    script = tmp_path / "answers.yaml"
    script.write_text('- when: "barsel"\n  answer: "Du har ret til barselsorlov."\n'
                      '- when: "travlt"\n  fault: "429"\n', encoding="utf-8")
    with mock_server(mode="scripted", script=load_script(script)) as url:
        async with _openai(url) as client:
            scripted = _content(await _stream(client, "Hvad med BARSEL?"))
            echoed = _content(await _stream(client, "Noget andet"))
            with pytest.raises(openai.RateLimitError):
                await _stream(client, "Har du travlt?")
    assert "".join(scripted) == "Du har ret til barselsorlov."
    assert "".join(echoed) == quote_reply("Noget andet")


@pytest.mark.parametrize(("fault", "error"), [("500", openai.InternalServerError), ("429", openai.RateLimitError)])
async def test_fault_by_setting(mock_server, fault: str, error: type[Exception]) -> None:
    with mock_server(fault=fault) as url:
        async with _openai(url) as client:
            with pytest.raises(error):
                await _stream(client, "Hej")
    with mock_server(fault=fault, fault_rate=0) as url:
        async with _openai(url) as client:
            assert _content(await _stream(client, "Hej"))


async def test_a_client_that_leaves_stops_its_stream() -> None:
    app = MockModelServer(MockServerConfig(mode="long", answer_tokens=1000, tokens_per_second=1000))
    body = json.dumps({"model": "m", "stream": True, "messages": _messages()}).encode()
    incoming = iter([{"type": "http.request", "body": body, "more_body": False}])
    sent: list[dict] = []

    async def receive() -> dict:
        return next(incoming, {"type": "http.disconnect"})

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/v1/chat/completions", "method": "POST", "query_string": b""}
    await asyncio.wait_for(app(scope, receive, send), 5)
    bodies = [m for m in sent if m["type"] == "http.response.body"]
    assert 1 <= len(bodies) <= 2 and all(m["more_body"] for m in bodies)
    assert app.streams_open == 0
