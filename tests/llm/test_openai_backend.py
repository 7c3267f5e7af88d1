"""The OpenAI-compatible and Azure backends, through the real openai SDK against mocked HTTP (respx)."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from kkgpt.errors import ModelError, ModelRateLimited, ModelRefused, ModelUnavailable
from kkgpt.llm.base import ChatMessage
from kkgpt.llm.openai_compat import build_azure_backend, build_openai_backend
from kkgpt.settings import Settings

PROMPT = [ChatMessage("system", "Du er KK-GPT."), ChatMessage("user", "Skriv til <PERSON_1>.")]


def _chunk(content: str | None, finish: str | None = None, *, choices: bool = True) -> str:
    body = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": {} if content is None else {"content": content},
                         "finish_reason": finish}] if choices else []}
    return f"data: {json.dumps(body)}\n\n"


def _sse(*events: str) -> httpx.Response:
    return httpx.Response(200, text="".join(events) + "data: [DONE]\n\n", headers={"content-type": "text/event-stream"})


def _openai_settings(**overrides) -> Settings:
    values = {"model_backend": "openai", "openai_base_url": "http://llm.test/v1", "openai_api_key": "sk-test-key",
              "model_name": "gpt-4o-mini", "model_max_retries": 0}
    return Settings(_env_file=None, **{**values, **overrides})


def _azure_settings(**overrides) -> Settings:
    values = {"model_backend": "azure", "azure_endpoint": "https://kk.openai.azure.com",
              "azure_deployment": "gpt4o-kk", "azure_api_key": "azure-test-key", "azure_api_version": "2024-10-21",
              "model_max_retries": 0}
    values.update(overrides)
    return Settings(_env_file=None, **values)


async def _collect(backend) -> list[str]:
    return [chunk async for chunk in backend.stream(PROMPT, max_tokens=256)]


async def test_openai_streams_an_answer_and_sends_the_prompt() -> None:
    async with respx.mock(base_url="http://llm.test/v1") as mock:
        route = mock.post("/chat/completions").mock(return_value=_sse(_chunk("Kære "), _chunk("<PERSON_1>"),
                                                                        _chunk(None, "stop")))
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        assert await _collect(backend) == ["Kære ", "<PERSON_1>"]
        await backend.aclose()
    request = route.calls.last.request
    body = json.loads(request.content)
    assert request.headers["authorization"] == "Bearer sk-test-key"
    assert body["model"] == "gpt-4o-mini" and body["stream"] is True and body["max_tokens"] == 256
    assert body["messages"] == [m.as_openai() for m in PROMPT]


async def test_reasoning_models_get_max_completion_tokens() -> None:
    async with respx.mock(base_url="http://llm.test/v1") as mock:
        route = mock.post("/chat/completions").mock(return_value=_sse(_chunk("ok")))
        backend = build_openai_backend(_openai_settings(model_name="o3-mini"), httpx.AsyncClient())
        await _collect(backend)
    body = json.loads(route.calls.last.request.content)
    assert body["max_completion_tokens"] == 256 and "max_tokens" not in body


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(429, json={"error": {"message": "Rate limit", "code": "429"}}), ModelRateLimited),
        (httpx.Response(500, json={"error": {"message": "boom"}}), ModelUnavailable),
        (httpx.Response(503, text="upstream down"), ModelUnavailable),
        (httpx.Response(401, json={"error": {"message": "bad key"}}), ModelError),
    ],
)
async def test_openai_http_errors_become_kkgpt_errors(response: httpx.Response, error: type[ModelError]) -> None:
    async with respx.mock(base_url="http://llm.test/v1") as mock:
        mock.post("/chat/completions").mock(return_value=response)
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        with pytest.raises(error) as caught:
            await _collect(backend)
    assert type(caught.value) is error
    assert caught.value.__cause__ is not None, "the SDK exception is chained"


async def test_connection_failure_is_model_unavailable() -> None:
    async with respx.mock(base_url="http://llm.test/v1") as mock:
        mock.post("/chat/completions").mock(side_effect=httpx.ConnectError("refused"))
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        with pytest.raises(ModelUnavailable):
            await _collect(backend)


async def test_content_filter_mid_stream_is_refused() -> None:
    async with respx.mock(base_url="http://llm.test/v1") as mock:
        mock.post("/chat/completions").mock(return_value=_sse(_chunk("Her er"), _chunk(None, "content_filter")))
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        with pytest.raises(ModelRefused):
            await _collect(backend)


@pytest.mark.parametrize(
    ("events", "error"),
    [
        (["data: {not json\n\n"], ModelError),
        (["data: [1, 2]\n\n"], ModelError),
        (['data: {"error": {"message": "overloaded", "code": "server_error"}}\n\n'], ModelUnavailable),
        (['data: {"error": {"code": "content_filter"}}\n\n'], ModelRefused),
    ],
)
async def test_broken_chunks_mid_stream_are_model_errors(events: list[str], error: type[ModelError]) -> None:
    async with respx.mock(base_url="http://llm.test/v1") as mock:
        mock.post("/chat/completions").mock(return_value=_sse(_chunk("Her er"), *events))
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        with pytest.raises(error):
            await _collect(backend)


async def test_the_raw_stream_tolerates_comments_events_and_odd_chunks() -> None:
    async with respx.mock(base_url="http://llm.test/v1") as mock:
        mock.post("/chat/completions").mock(return_value=_sse(
            ": keep-alive\n\n", "event: message\n", _chunk("Hej "), 'data: {"choices": [{"delta": null}]}\n\n',
            'data: {"choices": ["odd"]}\n\n', 'data: {"choices": [{"delta": {"content": 7}}]}\n\n',
            _chunk("med "), _chunk("dig"), _chunk(None, "stop")))
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        assert await _collect(backend) == ["Hej ", "med ", "dig"]


async def test_a_stream_cut_halfway_is_model_unavailable() -> None:
    class CutStream(httpx.AsyncByteStream):
        async def __aiter__(self):
            yield _chunk("Her er ").encode()
            raise httpx.ReadError("connection reset")

    async with respx.mock(base_url="http://llm.test/v1") as mock:
        mock.post("/chat/completions").mock(return_value=httpx.Response(
            200, headers={"content-type": "text/event-stream"}, stream=CutStream()))
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        seen: list[str] = []
        with pytest.raises(ModelUnavailable):
            async for chunk in backend.stream(PROMPT, max_tokens=256):
                seen.append(chunk)
        assert seen == ["Her er "]


AZURE_URL = "https://kk.openai.azure.com/openai/deployments/gpt4o-kk/chat/completions"


async def test_azure_uses_deployment_url_api_version_and_key_and_skips_empty_first_chunk() -> None:
    async with respx.mock() as mock:
        route = mock.post(AZURE_URL).mock(return_value=_sse(_chunk(None, choices=False), _chunk("Hej"), _chunk(" der")))
        backend = build_azure_backend(_azure_settings(), httpx.AsyncClient())
        assert await _collect(backend) == ["Hej", " der"]
    request = route.calls.last.request
    assert request.url.params["api-version"] == "2024-10-21"
    assert request.headers["api-key"] == "azure-test-key"


async def test_azure_with_an_entra_id_token_provider() -> None:
    async def token() -> str:
        return "entra-token"

    settings = _azure_settings(azure_api_key=None, azure_use_entra_id=True)
    async with respx.mock() as mock:
        route = mock.post(AZURE_URL).mock(return_value=_sse(_chunk("ok")))
        backend = build_azure_backend(settings, httpx.AsyncClient(), token_provider=token)
        assert await _collect(backend) == ["ok"]
    assert route.calls.last.request.headers["authorization"] == "Bearer entra-token"


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(429, json={"error": {"code": "429", "message": "Requests exceeded"}}), ModelRateLimited),
        (httpx.Response(500, json={"error": {"code": "InternalServerError", "message": "x"}}), ModelUnavailable),
        (httpx.Response(400, json={"error": {"code": "content_filter", "message": "filtered"}}), ModelRefused),
    ],
)
async def test_azure_errors(response: httpx.Response, error: type[ModelError]) -> None:
    async with respx.mock() as mock:
        mock.post(AZURE_URL).mock(return_value=response)
        backend = build_azure_backend(_azure_settings(), httpx.AsyncClient())
        with pytest.raises(error):
            await _collect(backend)


def test_settings_refuse_incomplete_backends() -> None:
    with pytest.raises(ValueError, match="KKGPT_AZURE_ENDPOINT"):
        Settings(_env_file=None, model_backend="azure", azure_deployment="d", azure_api_key="k")
    with pytest.raises(ValueError, match="KKGPT_AZURE_API_KEY"):
        Settings(_env_file=None, model_backend="azure", azure_endpoint="https://x", azure_deployment="d")
    with pytest.raises(ValueError, match="KKGPT_OPENAI_BASE_URL"):
        Settings(_env_file=None, model_backend="openai")


async def test_a_malformed_chunk_is_model_unavailable() -> None:
    broken = httpx.Response(200, text=_chunk("Hej") + 'data: {"id": "c1", "choices": [{"del\n\n',
                            headers={"content-type": "text/event-stream"})
    async with respx.mock(base_url="http://llm.test/v1") as mock:
        mock.post("/chat/completions").mock(return_value=broken)
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        received: list[str] = []
        with pytest.raises(ModelUnavailable) as caught:
            async for chunk in backend.stream(PROMPT, max_tokens=256):
                received.append(chunk)
    assert received == ["Hej"]
    assert isinstance(caught.value.__cause__, json.JSONDecodeError)


async def test_chunks_split_anywhere_and_crlf_lines_are_read_whole() -> None:
    body = (_chunk("Kære ") + _chunk("<PERSON_1>,") + _chunk(" tak")).replace("\n", "\r\n") + _chunk(None, "stop")
    body = body.rstrip("\n")  # the last line even without its newline

    class Trickle(httpx.AsyncByteStream):
        async def __aiter__(self):
            for i in range(0, len(body), 7):  # pieces that cut lines, JSON and placeholders
                yield body[i:i + 7].encode()

    async with respx.mock(base_url="http://llm.test/v1") as mock:
        mock.post("/chat/completions").mock(return_value=httpx.Response(
            200, headers={"content-type": "text/event-stream"}, stream=Trickle()))
        backend = build_openai_backend(_openai_settings(), httpx.AsyncClient())
        assert await _collect(backend) == ["Kære ", "<PERSON_1>,", " tak"]


def test_the_model_client_reads_streams_with_aiohttp_by_default() -> None:
    """aiohttp is a declared dependency: without an injected client the SDK uses its aiohttp transport."""
    import openai

    backend = build_openai_backend(_openai_settings())
    assert isinstance(backend._client._client, openai.DefaultAioHttpClient)
    azure = build_azure_backend(_azure_settings())
    assert isinstance(azure._client._client, openai.DefaultAioHttpClient)
