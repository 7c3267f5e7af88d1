"""Prometheus metrics of one app, served on `/metrics`; labels are codes and templates, never personal data.

Each app has its own `CollectorRegistry`, so several apps in one process (tests) do not collide. With
several worker processes, prometheus_client keeps the values in files under `PROMETHEUS_MULTIPROC_DIR`
and `/metrics` adds up every worker's files; `multiprocess_metrics` prepares that directory for
`kkgpt serve` before the workers start (prometheus_client decides at import whether to use files).

The chat service reports a turn through `Metrics.turn_started()` and the `TurnWatch` it returns.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

from kkgpt.errors import ModelError
from kkgpt.logs import current_request

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
# A client may send any method; only these become label values, the rest count as "other".
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
_HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)  # streams run long
_MODEL_TTFT_BUCKETS = (0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60)
_ADDED_TTFT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


def multiprocess_dir() -> Path | None:
    """The directory of the workers' metric files, when prometheus_client runs in multiprocess mode.

    prometheus_client reads this variable itself (not through our Settings) when it is imported; the
    collector must follow the same variable, so it is read here too.
    """
    value = os.environ.get(MULTIPROC_ENV)
    return Path(value) if value else None


@contextmanager
def multiprocess_metrics(workers: int,
                         environ: MutableMapping[str, str] | None = None) -> Iterator[Path | None]:
    """For `kkgpt serve --workers N`: with N > 1, a clean metrics directory in `PROMETHEUS_MULTIPROC_DIR`.

    Call it around starting the workers (they inherit the variable). A directory the operator set is kept
    but emptied of metric files from an earlier run; otherwise a temporary one is made and removed after.
    """
    environ = os.environ if environ is None else environ
    if workers <= 1:
        yield None
        return
    given = environ.get(MULTIPROC_ENV)
    directory = Path(given) if given else Path(tempfile.mkdtemp(prefix="kkgpt-metrics-"))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    environ[MULTIPROC_ENV] = str(directory)
    try:
        yield directory
    finally:
        if not given:
            del environ[MULTIPROC_ENV]
            shutil.rmtree(directory, ignore_errors=True)


class TurnWatch:
    """Times one answer: the model's time to first token, KK-GPT's added time, and the active-stream gauge."""

    def __init__(self, metrics: Metrics, arrived: float) -> None:
        self._metrics = metrics
        self._arrived = arrived
        self._model_ttft: float | None = None
        self._shown = False
        self._ended = False
        metrics.active_streams.inc()

    async def model_chunks(self, chunks: AsyncIterator[str]) -> AsyncIterator[str]:
        """Pass the model's chunks through, timing the first one and counting a model error by its code."""
        sent = time.perf_counter()
        try:
            async for chunk in chunks:
                if self._model_ttft is None:
                    self._model_ttft = time.perf_counter() - sent
                    self._metrics.model_ttft.observe(self._model_ttft)
                yield chunk
        except ModelError as exc:
            self._metrics.model_errors.labels(exc.code).inc()
            raise

    def delta_shown(self) -> None:
        """The employee gets text: the first time, record the time KK-GPT added to the model's."""
        if self._shown:
            return
        self._shown = True
        waited = time.perf_counter() - self._arrived
        self._metrics.added_ttft.observe(max(0.0, waited - (self._model_ttft or 0.0)))

    def ended(self) -> None:
        """The answer is over (finished, failed or stopped); safe to call more than once."""
        if not self._ended:
            self._ended = True
            self._metrics.active_streams.dec()


class Metrics:
    """The app's counters, gauges and histograms, and the text `/metrics` serves."""

    def __init__(self, *, multiprocess: Path | None = None) -> None:
        self.registry = CollectorRegistry()
        self.multiprocess = multiprocess
        r = self.registry
        self.http_requests = Counter("kkgpt_http_requests", "HTTP requests answered, by route template.",
                                     ["method", "route", "status"], registry=r)
        self.http_duration = Histogram("kkgpt_http_request_duration_seconds",
                                       "Time from a request's arrival until its response (or stream) ended.",
                                       ["method", "route", "status"], buckets=_HTTP_BUCKETS, registry=r)
        self.active_streams = Gauge("kkgpt_active_streams", "Model answers being generated right now.",
                                    multiprocess_mode="livesum", registry=r)
        self.model_ttft = Histogram("kkgpt_model_time_to_first_token_seconds",
                                    "From sending the prompt to the model until its first chunk.",
                                    buckets=_MODEL_TTFT_BUCKETS, registry=r)
        self.added_ttft = Histogram("kkgpt_added_time_to_first_token_seconds",
                                    "From the request's arrival until the employee's first text, minus the "
                                    "model's time to first token.", buckets=_ADDED_TTFT_BUCKETS, registry=r)
        self.model_errors = Counter("kkgpt_model_errors", "Model calls that failed, by error code.", ["code"],
                                    registry=r)
        self.pii_detections = Counter("kkgpt_pii_detections", "Values the PII shield found in employees' "
                                      "messages (blocked ones too), by entity type.", ["entity_type"], registry=r)
        self.blocked_messages = Counter("kkgpt_blocked_messages", "Messages the PII policy stopped, "
                                        "by reason.", ["reason"], registry=r)
        self.quota_refusals = Counter("kkgpt_quota_refusals", "Messages refused by a quota or rate limit, by "
                                      "limit.", ["limit"], registry=r)

    # --- HTTP (the web layer's middleware) ---

    def request_done(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request; `route` is the route template, never the raw path."""
        labels = (method if method in _METHODS else "other", route, str(status))
        self.http_requests.labels(*labels).inc()
        self.http_duration.labels(*labels).observe(seconds)

    # --- The chat turn (kkgpt.chat.service) ---

    def message_shielded(self, entity_types: Iterable[str], block_reasons: Iterable[str]) -> None:
        """Count what the shield found in a message, and why it was blocked (if it was)."""
        for entity_type in entity_types:
            self.pii_detections.labels(entity_type).inc()
        for reason in block_reasons:
            self.blocked_messages.labels(reason).inc()

    def quota_refused(self, limit: str) -> None:
        """Count a message refused by a limit (`QuotaExceeded.limit`, e.g. `messages`)."""
        self.quota_refusals.labels(limit or "unknown").inc()

    def turn_started(self) -> TurnWatch:
        """An answer starts; call `ended()` on the result when it is over, however it ends.

        KK-GPT's added time counts from the request's arrival (`kkgpt.logs.request_context`), else from now.
        """
        request = current_request()
        return TurnWatch(self, request.started if request else time.perf_counter())

    # --- Serving ---

    def render(self) -> bytes:
        """The Prometheus text format: this process's values, or every worker's in multiprocess mode."""
        if self.multiprocess is None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(self.multiprocess))
        return generate_latest(registry)

    def close(self) -> None:
        """At a worker's shutdown: drop its live gauges (active streams) from the shared files."""
        if self.multiprocess is not None:
            mark_process_dead(os.getpid(), str(self.multiprocess))
