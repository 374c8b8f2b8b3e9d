"""Tracing configuration from the standard ``OTEL_*`` variables (gateway/tracing.py,
docs/tracing.md): off unless an exporter is asked for, and when on, a gateway's spans reach an
OTLP/HTTP collector (a small one here, speaking the OTLP protobuf over real HTTP)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from gateway.app import GatewayApp
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from gateway.tracing import tracer_provider_from_env
from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import closed_url, serve


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"OTEL_SERVICE_NAME": "gateway"},
        {"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"},
        {"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "console"},
    ],
)
def test_tracing_is_off_unless_an_exporter_is_configured(env: dict[str, str]) -> None:
    assert tracer_provider_from_env("spbe-gateway", env) is None


def _exporters(provider: Any) -> list[Any]:
    processors = provider._active_span_processor._span_processors
    assert all(isinstance(p, BatchSpanProcessor) for p in processors)
    return [p.span_exporter for p in processors]


def test_the_exporter_and_the_service_name_come_from_the_environment() -> None:
    provider = tracer_provider_from_env("spbe-gateway", {"OTEL_TRACES_EXPORTER": "console"})
    assert provider is not None
    try:
        assert provider.resource.attributes["service.name"] == "spbe-gateway"
        assert [type(e) for e in _exporters(provider)] == [ConsoleSpanExporter]
    finally:
        provider.shutdown()
    env = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SERVICE_NAME": "gw-jakarta"}
    provider = tracer_provider_from_env("spbe-gateway", env)
    assert provider is not None
    try:
        assert provider.resource.attributes["service.name"] == "gw-jakarta"
        assert [type(e).__name__ for e in _exporters(provider)] == ["OTLPSpanExporter"]
    finally:
        provider.shutdown()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OTEL_TRACES_EXPORTER": "zipkin"}, "expected otlp, console or none"),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, "use http/protobuf"),
    ],
)
def test_an_unsupported_exporter_is_refused_at_start(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tracer_provider_from_env("spbe-gateway", env)


class _Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP trace receiver: keeps each export request it is sent."""

    received: list[tuple[str, str, bytes]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.received.append((self.path, self.headers["content-type"], body))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[tuple[str, list[tuple[str, str, bytes]]]]:
    received: list[tuple[str, str, bytes]] = []
    handler = type("Collector", (_Collector,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


async def test_a_gateway_configured_by_otel_variables_sends_its_spans_to_an_otlp_collector(
    collector: tuple[str, list[tuple[str, str, bytes]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint, received = collector
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
    monkeypatch.setenv("OTEL_SERVICE_NAME", "spbe-gateway-test")
    async with serve(shop.accounts()) as accounts, serve(shop.products()) as products, \
            serve(shop.reviews()) as reviews:
        sdl = shop.supergraph_sdl(accounts, products, reviews)
        app = GatewayApp(Settings(), Supergraph.parse(sdl), build_plan)
        assert app.tracer_provider is not None
        async with serve(app) as url, httpx.AsyncClient() as client:
            answer = await client.post(url, json={"query": "query Top { topProducts { name } }"})
            assert answer.status_code == 200
        await app.shutdown()  # sends what is still batched
    assert received and {(path, media) for path, media, _ in received} == {
        ("/v1/traces", "application/x-protobuf")
    }
    names: set[str] = set()
    services: set[str] = set()
    for _, _, body in received:
        export = ExportTraceServiceRequest.FromString(body)
        for resource_spans in export.resource_spans:
            attributes = resource_spans.resource.attributes
            services |= {a.value.string_value for a in attributes if a.key == "service.name"}
            names |= {s.name for scope in resource_spans.scope_spans for s in scope.spans}
    assert services == {"spbe-gateway-test"}
    assert {"POST /graphql", "graphql.execute", "fetch products"} <= names


async def test_an_unreachable_subgraph_is_a_failed_fetch_span() -> None:
    """The fetch span says ``unavailable`` and why in the words of SUBGRAPH_UNAVAILABLE, never the
    subgraph's address; the request still answers (partially) and its server span is not failed."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider(shutdown_on_exit=False)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    async with serve(shop.accounts()) as accounts, serve(shop.reviews()) as reviews:
        down = closed_url()
        sdl = shop.supergraph_sdl(accounts, down, reviews)
        app = GatewayApp(Settings(), Supergraph.parse(sdl), build_plan, tracer_provider=provider)
        async with serve(app) as url, httpx.AsyncClient() as client:
            answer = await client.post(url, json={"query": "query Top { topProducts { name } }"})
        await app.shutdown()
    assert answer.status_code == 200
    assert answer.json()["errors"][0]["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE"
    (fetch,) = [s for s in exporter.get_finished_spans() if s.name == "fetch products"]
    assert fetch.attributes is not None and fetch.attributes["spbe.fetch.outcome"] == "unavailable"
    assert fetch.status.status_code is StatusCode.ERROR and fetch.status.description == "UNREACHABLE"
    (server,) = [s for s in exporter.get_finished_spans() if s.name == "POST /graphql"]
    assert server.status.status_code is StatusCode.UNSET
    assert server.attributes is not None and server.attributes["spbe.outcome"] == "errors"
    provider.shutdown()
