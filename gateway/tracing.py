"""OpenTelemetry traces for the gateway and the subgraphs (docs/tracing.md).

Off by default, and then free: :func:`tracer_provider_from_env` returns ``None`` unless the
standard ``OTEL_*`` variables ask for an exporter, and every traced component holds a tracer of
``None`` and skips its spans with one ``is None`` test. Unlike the OpenTelemetry SDK's own
default (``otlp``), an unset ``OTEL_TRACES_EXPORTER`` means no traces unless an OTLP endpoint is
set: a gateway nobody collects traces from should not try to send them.

Context travels as W3C Trace Context (https://www.w3.org/TR/trace-context/): ``traceparent`` and
``tracestate`` only. Baggage is neither read from clients nor sent to subgraphs, so nothing a
client writes in a header reaches a subgraph. Span attributes never carry query text, variables,
NIKs, API keys or tokens: only bounded names (operation label, subgraph, category), counts and
outcomes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from contextlib import AbstractContextManager
from typing import Any

from opentelemetry.context import Context
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

__all__ = [
    "TRACER_NAME",
    "extract_context",
    "inject_context",
    "mark_failed",
    "span",
    "tracer_provider_from_env",
]

#: the instrumentation scope of every span the project makes
TRACER_NAME = "spbe-graph"

_PROPAGATOR = TraceContextTextMapPropagator()
_OFF = contextlib.nullcontext()
_TRUE = {"1", "true", "yes", "on"}


def _exporter(name: str, env: Mapping[str, str]) -> SpanExporter:
    """The span exporter ``OTEL_TRACES_EXPORTER`` names (``otlp`` or ``console``)."""
    if name == "console":
        return ConsoleSpanExporter()
    if name != "otlp":
        raise ValueError(f"OTEL_TRACES_EXPORTER={name!r}: expected otlp, console or none")
    protocol = env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or env.get("OTEL_EXPORTER_OTLP_PROTOCOL")
    if protocol not in (None, "", "http/protobuf"):
        raise ValueError(f"OTLP protocol {protocol!r} is not supported: use http/protobuf")
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError:  # the optional extra is not installed
        raise RuntimeError(
            "OTEL_TRACES_EXPORTER=otlp needs the OTLP exporter: pip install 'spbe-graph[otlp]'"
        ) from None
    return OTLPSpanExporter()  # endpoint, headers, timeout and compression from OTEL_EXPORTER_OTLP_*


def tracer_provider_from_env(
    service_name: str, env: Mapping[str, str] | None = None
) -> TracerProvider | None:
    """A tracer provider exporting in batches as the ``OTEL_*`` variables say, or ``None`` (off).

    On when ``OTEL_TRACES_EXPORTER`` names ``otlp`` or ``console``, or when it is unset and
    ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``..._TRACES_ENDPOINT``) is; off when it is ``none`` or
    ``OTEL_SDK_DISABLED`` is true. ``service.name`` is ``OTEL_SERVICE_NAME`` if set, else
    ``service_name``; ``OTEL_RESOURCE_ATTRIBUTES`` and the sampler variables (``OTEL_TRACES_SAMPLER``)
    apply as the SDK reads them."""
    env = os.environ if env is None else env
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() in _TRUE:
        return None
    names = [n.strip().lower() for n in env.get("OTEL_TRACES_EXPORTER", "").split(",") if n.strip()]
    if not names:
        endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        names = ["otlp"] if endpoint else []
    names = [n for n in names if n != "none"]
    if not names:
        return None
    exporters = [_exporter(name, env) for name in dict.fromkeys(names)]
    resource = Resource.create({SERVICE_NAME: env.get("OTEL_SERVICE_NAME") or service_name})
    provider = TracerProvider(resource=resource)
    for exporter in exporters:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def span(
    tracer: Tracer | None,
    name: str,
    kind: SpanKind = SpanKind.INTERNAL,
    attributes: Mapping[str, Any] | None = None,
) -> AbstractContextManager[Span | None]:
    """A child span of the current one made current for the block, or nothing when ``tracer`` is
    ``None`` (tracing off)."""
    if tracer is None:
        return _OFF
    return _span(tracer, name, kind, attributes)


@contextlib.contextmanager
def _span(
    tracer: Tracer, name: str, kind: SpanKind, attributes: Mapping[str, Any] | None
) -> Iterator[Span]:
    """An exception marks the span as failed with its error code or class name only (as
    ``error.type``): never its message, which may quote the query or a variable."""
    with tracer.start_as_current_span(
        name, kind=kind, attributes=attributes, record_exception=False, set_status_on_exception=False
    ) as current:
        try:
            yield current
        except BaseException as error:
            mark_failed(current, error)
            raise


def mark_failed(current: Span, error: BaseException) -> None:
    """``current`` failed with ``error``: status ERROR and ``error.type``, the error's ``code``
    (gateway/errors.py) or else its class name; never its message."""
    code = getattr(error, "code", None)
    kind = code if isinstance(code, str) else type(error).__name__
    current.set_attribute("error.type", kind)
    current.set_status(Status(StatusCode.ERROR, kind))


def extract_context(headers: Iterable[tuple[bytes, bytes]]) -> Context:
    """The W3C trace context of an incoming request's ASGI headers (``traceparent``,
    ``tracestate``); an empty context when it has none or a malformed one."""
    carrier: dict[str, str] = {}
    for key, value in headers:
        if key in (b"traceparent", b"tracestate"):
            carrier[key.decode("latin-1")] = value.decode("latin-1")
    return _PROPAGATOR.extract(carrier)


def inject_context(carrier: MutableMapping[str, str]) -> MutableMapping[str, str]:
    """``carrier`` with the current span's ``traceparent`` (and ``tracestate``) added."""
    _PROPAGATOR.inject(carrier)
    return carrier
