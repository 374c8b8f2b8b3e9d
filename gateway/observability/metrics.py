"""The gateway's Prometheus metrics, in a registry of their own (one per application).

Every :class:`GatewayMetrics` owns a :class:`prometheus_client.CollectorRegistry`, never the
global default one, so tests and several applications in one process do not collide. With
``PROMETHEUS_MULTIPROC_DIR`` set (several uvicorn workers), the values go to that directory
(prometheus_client's multiprocess mode) and ``/metrics`` answers the sum over all workers.
"""

from __future__ import annotations

import os
import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from gateway.breaker import CircuitState

__all__ = ["CONTENT_TYPE_LATEST", "GatewayMetrics", "operation_label"]

#: a client's operation name becomes a label only if short and plain; a run of six or more
#: digits (a NIK, a phone number) never does
_OPERATION = re.compile(r"^(?!.*\d{6})[A-Za-z0-9_]{1,64}$")
ANONYMOUS_OPERATION = "anonymous"
_REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_FETCH_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def operation_label(name: str | None) -> str:
    """The bounded ``operation`` label: the client's operation name if it is at most 64 characters
    of ``[A-Za-z0-9_]`` (and no run of 6+ digits), else ``anonymous``."""
    if name and _OPERATION.match(name):
        return name
    return ANONYMOUS_OPERATION


class GatewayMetrics:
    """The gateway's metrics; :meth:`render` is the ``/metrics`` body."""

    def __init__(self, multiprocess_dir: str | None = None) -> None:
        self.multiprocess_dir = multiprocess_dir
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.requests = Counter(
            "spbe_gateway_requests", "GraphQL requests answered, by operation name and outcome",
            ("operation", "outcome"), registry=registry,
        )
        self.request_duration = Histogram(
            "spbe_gateway_request_duration_seconds", "GraphQL request latency, by operation name and outcome",
            ("operation", "outcome"), registry=registry, buckets=_REQUEST_BUCKETS,
        )
        self.in_flight = Gauge(
            "spbe_gateway_requests_in_flight", "GraphQL requests being answered",
            registry=registry, multiprocess_mode="livesum",
        )
        self.fetch_duration = Histogram(
            "spbe_gateway_subgraph_fetch_duration_seconds", "Subgraph request latency, by subgraph",
            ("subgraph",), registry=registry, buckets=_FETCH_BUCKETS,
        )
        self.fetch_errors = Counter(
            "spbe_gateway_subgraph_fetch_errors", "Subgraph requests that failed (unreachable, timeout, "
            "not GraphQL), by subgraph", ("subgraph",), registry=registry,
        )
        self.consent_denials = Counter(
            "spbe_gateway_consent_denials", "CONSENT_REQUIRED errors answered, by data category",
            ("category",), registry=registry,
        )
        self.circuit_state = Gauge(
            "spbe_gateway_subgraph_circuit_state", "1 for the state each subgraph's circuit breaker is in "
            "(closed, open, half_open), else 0", ("subgraph", "state"), registry=registry,
            multiprocess_mode="livemax",
        )
        self.circuit_trips = Counter(
            "spbe_gateway_subgraph_circuit_trips", "Times a subgraph's circuit opened (from closed, or "
            "when its probe failed)", ("subgraph",), registry=registry,
        )
        self.prepared_cache = Counter(
            "spbe_gateway_prepared_cache", "Prepared-document cache look-ups, by result (hit or miss)",
            ("result",), registry=registry,
        )
        if multiprocess_dir is None:
            ProcessCollector(registry=registry)

    def circuit_changed(self, subgraph: str, old: CircuitState | None, new: CircuitState) -> None:
        """A breaker's listener (gateway/breaker.py); ``old`` is ``None`` for a new breaker."""
        for state in CircuitState:
            self.circuit_state.labels(subgraph, state.value).set(1 if state is new else 0)
        if new is CircuitState.OPEN:
            self.circuit_trips.labels(subgraph).inc()
        elif old is None:
            self.circuit_trips.labels(subgraph)  # the series exists from the start, at 0

    @classmethod
    def from_env(cls) -> GatewayMetrics:
        """Multiprocess mode when ``PROMETHEUS_MULTIPROC_DIR`` names a directory."""
        return cls(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None)

    def render(self) -> bytes:
        """The exposition text: this registry, or every worker's values in multiprocess mode."""
        if self.multiprocess_dir is None:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        MultiProcessCollector(merged, path=self.multiprocess_dir)
        return generate_latest(merged)
