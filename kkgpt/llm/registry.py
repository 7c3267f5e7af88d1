"""Model backends by name; the built-in ones register the same way an extension would."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from kkgpt.llm.base import ModelBackend
from kkgpt.llm.mock import MockBackend
from kkgpt.llm.openai_compat import build_azure_backend, build_openai_backend
from kkgpt.settings import Settings

BackendFactory = Callable[[Settings, "httpx.AsyncClient | None"], ModelBackend]


def _build_mock(settings: Settings, _http_client: httpx.AsyncClient | None) -> ModelBackend:
    return MockBackend(delay_seconds=settings.mock_delay_seconds)


class BackendRegistry:
    """Maps `KKGPT_MODEL_BACKEND` names to factories."""

    def __init__(self) -> None:
        self._factories: dict[str, BackendFactory] = {}

    def register(self, name: str, factory: BackendFactory) -> None:
        """Make `factory` available under `name`."""
        if name in self._factories:
            raise ValueError(f"model backend {name!r} is already registered")
        self._factories[name] = factory

    def names(self) -> list[str]:
        """The registered backend names."""
        return sorted(self._factories)

    def build(self, settings: Settings, http_client: httpx.AsyncClient | None = None) -> ModelBackend:
        """The backend `settings.model_backend` names, sending through `http_client` when given."""
        try:
            factory = self._factories[settings.model_backend]
        except KeyError:
            raise ValueError(f"unknown model backend {settings.model_backend!r}; known: {self.names()}") from None
        return factory(settings, http_client)


def default_registry() -> BackendRegistry:
    """A registry holding the built-in backends: mock, openai and azure."""
    registry = BackendRegistry()
    registry.register("mock", _build_mock)
    registry.register("openai", build_openai_backend)
    registry.register("azure", lambda settings, client: build_azure_backend(settings, client))
    return registry
