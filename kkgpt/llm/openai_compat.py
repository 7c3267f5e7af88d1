"""Backends for any OpenAI-compatible server and for Azure OpenAI, through the official openai SDK."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any

import httpx
import openai

from kkgpt.errors import ModelError, ModelRateLimited, ModelRefused, ModelTimeout, ModelUnavailable
from kkgpt.llm.base import ChatMessage
from kkgpt.settings import Settings
from kkgpt.transport import TRANSPORT_ERRORS

logger = logging.getLogger(__name__)

# The SDK sends through httpx or, from openai 3.x, httpx2; a broken stream surfaces as either's error.
_TRANSPORT_ERRORS = TRANSPORT_ERRORS

# Reasoning models take max_completion_tokens; many OpenAI-compatible servers only know max_tokens.
_COMPLETION_TOKENS_MODELS = ("o1", "o3", "o4", "gpt-5")

TokenProvider = Callable[[], Awaitable[str]]


def _translate(exc: Exception) -> ModelError:
    """Map an SDK or transport exception to KK-GPT's error tree (the caller chains it)."""
    if isinstance(exc, openai.RateLimitError):
        return ModelRateLimited(detail=str(exc))
    if isinstance(exc, openai.APITimeoutError):
        return ModelTimeout(detail=str(exc))
    if isinstance(exc, (openai.APIConnectionError, *_TRANSPORT_ERRORS)):
        return ModelUnavailable(detail=type(exc).__name__)
    if isinstance(exc, json.JSONDecodeError):
        return ModelUnavailable(detail="a streamed chunk was not valid JSON")
    if isinstance(exc, openai.APIStatusError):
        body = exc.body if isinstance(exc.body, dict) else {}
        code = str(body.get("code") or (body.get("error") or {}).get("code") or "")
        if exc.status_code == 400 and "content_filter" in code:
            return ModelRefused(detail=code)
        if exc.status_code >= 500:
            return ModelUnavailable(detail=f"HTTP {exc.status_code}")
        return ModelError(detail=f"HTTP {exc.status_code}")
    return ModelError(detail=type(exc).__name__)


async def _contents(stream: AsyncIterator[bytes]) -> AsyncIterator[str]:
    """The content deltas of a server-sent event stream of chat completion chunks, read from raw bytes.

    Lines are split and parsed here, not by the HTTP client's text decoders and line iterators: a
    realistic answer arrives as hundreds of small chunks, and each layer costs CPU for every one of them.
    """
    pending = b""
    async for piece in stream:
        lines = (pending + piece).split(b"\n")
        pending = lines.pop()  # an unfinished line waits for the next piece
        for content in _line_contents(lines):
            if content is None:
                return
            yield content
    for content in _line_contents([pending] if pending else []):  # a last line without its newline
        if content is None:
            return
        yield content


def _line_contents(lines: list[bytes]) -> Iterator[str | None]:
    """The contents in complete lines of the stream; None at `[DONE]`."""
    for line in lines:
        if not line.startswith(b"data:"):
            continue  # blank separators, comments, "event:" lines
        data = line[5:].strip()
        if data == b"[DONE]":
            yield None
            return
        content, finish = _delta(data)
        if content:
            yield content
        if finish == "content_filter":
            raise ModelRefused(detail="finish_reason=content_filter")


def _delta(data: bytes | str) -> tuple[str | None, str | None]:
    """The content and finish reason of one streamed chunk (`data:` payload), or a `ModelError`."""
    try:
        chunk = json.loads(data)
    except ValueError as exc:
        raise ModelUnavailable(detail="the model sent a chunk that is not JSON") from exc
    if not isinstance(chunk, dict):
        raise ModelUnavailable(detail="the model sent a chunk that is not an object")
    if chunk.get("error"):
        error = chunk["error"] if isinstance(chunk["error"], dict) else {}
        code = str(error.get("code") or "")
        if "content_filter" in code:
            raise ModelRefused(detail=code)
        raise ModelUnavailable(detail=f"error in stream: {code or 'unknown'}")
    choices = chunk.get("choices")
    if not choices or not isinstance(choices, list) or not isinstance(choices[0], dict):
        return None, None
    choice = choices[0]
    delta = choice.get("delta")
    content = delta.get("content") if isinstance(delta, dict) else None
    return (content if isinstance(content, str) else None), choice.get("finish_reason")


class OpenAIChatBackend:
    """Streams chat completions from an OpenAI-compatible or Azure OpenAI endpoint."""

    def __init__(self, client: openai.AsyncOpenAI, *, model: str, temperature: float | None = None) -> None:
        self.name = model
        self._client = client
        self._model = model
        self._temperature = temperature

    def _options(self, max_tokens: int) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if self._model.startswith(_COMPLETION_TOKENS_MODELS):
            options["max_completion_tokens"] = max_tokens
        else:
            options["max_tokens"] = max_tokens
        if self._temperature is not None:
            options["temperature"] = self._temperature
        return options

    async def stream(self, messages: Sequence[ChatMessage], *, max_tokens: int) -> AsyncIterator[str]:
        """Yield content deltas; chunks without choices (Azure's prompt-filter results) are skipped.

        The SDK makes the request (authentication, retries, status errors), but its raw response is read
        here: building a pydantic object for every chunk costs more CPU than the rest of a turn, and a
        delta needs two dictionary lookups.
        """
        try:
            async with self._client.chat.completions.with_streaming_response.create(
                model=self._model,
                # The messages go in as `extra_body`, which the SDK sends as given: its request-body transform
                # walks every message against the parameter types (1-2 ms a turn, growing with the history)
                # and changes nothing in plain role/content dicts.
                messages=[],
                extra_body={"messages": [m.as_openai() for m in messages]},
                stream=True,
                **self._options(max_tokens),
            ) as response:
                async for content in _contents(response.http_response.aiter_bytes()):
                    yield content
        except (openai.OpenAIError, *_TRANSPORT_ERRORS) as exc:
            raise _translate(exc) from exc

    async def aclose(self) -> None:
        """Close the SDK client and its connection pool."""
        await self._client.close()


def _default_http_client() -> Any:
    """The SDK's aiohttp transport when aiohttp is installed (None: the SDK's own httpx2 client).

    A streamed answer arrives as hundreds of small chunks; aiohttp reads each with its C parser, where
    httpx2's pure-Python HTTP/1.1 stack (httpcore2, h11, anyio streams) costs several times the CPU.
    """
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return None
    return openai.DefaultAioHttpClient()


def build_openai_backend(settings: Settings, http_client: httpx.AsyncClient | None = None) -> OpenAIChatBackend:
    """A backend for any OpenAI-compatible server (OpenAI, vLLM, Ollama, LiteLLM...)."""
    api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    client = openai.AsyncOpenAI(
        api_key=api_key,
        base_url=settings.openai_base_url,
        timeout=settings.model_timeout_seconds,
        max_retries=settings.model_max_retries,
        http_client=http_client or _default_http_client(),  # type: ignore[arg-type]  # httpx clients too
    )
    return OpenAIChatBackend(client, model=settings.model_name, temperature=settings.model_temperature)


def _entra_token_provider() -> TokenProvider:
    """An Entra ID token provider from azure-identity (installed with the `azure` extra)."""
    try:
        from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider
    except ImportError as exc:
        raise RuntimeError("KKGPT_AZURE_USE_ENTRA_ID needs azure-identity: pip install 'kkgpt[azure]'") from exc
    return get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")


def build_azure_backend(
    settings: Settings,
    http_client: httpx.AsyncClient | None = None,
    token_provider: TokenProvider | None = None,
) -> OpenAIChatBackend:
    """A backend for an Azure OpenAI deployment, with an API key or an Entra ID token."""
    credentials: dict[str, Any]
    if settings.azure_api_key is not None and not settings.azure_use_entra_id:
        credentials = {"api_key": settings.azure_api_key.get_secret_value()}
    else:
        credentials = {"azure_ad_token_provider": token_provider or _entra_token_provider()}
    client = openai.AsyncAzureOpenAI(
        azure_endpoint=settings.azure_endpoint,
        azure_deployment=settings.azure_deployment,
        api_version=settings.azure_api_version,
        timeout=settings.model_timeout_seconds,
        max_retries=settings.model_max_retries,
        http_client=http_client or _default_http_client(),  # type: ignore[arg-type]
        **credentials,
    )
    # Azure routes by the deployment in the URL; the model name picks the token limit parameter.
    return OpenAIChatBackend(client, model=settings.model_name, temperature=settings.model_temperature)
