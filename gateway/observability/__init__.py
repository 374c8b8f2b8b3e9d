"""Operators' view of the gateway: Prometheus metrics (``/metrics``), liveness and readiness
(``/healthz``, ``/readyz``), request ids and the structured access log (docs/operations.md,
"Observability")."""

from gateway.observability.access_log import ACCESS_LOG, configure_access_log
from gateway.observability.asgi import Observed, outcome_of
from gateway.observability.health import Readiness
from gateway.observability.metrics import GatewayMetrics, operation_label
from gateway.observability.transport import MeteredTransport

__all__ = [
    "ACCESS_LOG",
    "GatewayMetrics",
    "MeteredTransport",
    "Observed",
    "Readiness",
    "configure_access_log",
    "operation_label",
    "outcome_of",
]
