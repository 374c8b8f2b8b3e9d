"""Traces across the gateway and the subgraphs (docs/tracing.md), over real HTTP between a gateway
and five sealed subgraphs on real PostgreSQL, each with its own tracer provider writing to the
SDK's in-memory exporter: one trace per request, the stages and fetches as children, every
subgraph's server span the child of the gateway's fetch span that called it, and no personal data
in any span.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_consent
from tests.integration.system import SERVICES, Response, System, start_system

pytestmark = pytest.mark.slow

PURPOSE = "BANSOS_ELIGIBILITY"
OVERVIEW = (
    "query Overview($nik: String!) { citizen(nik: $nik) { nik fullName health { bpjs { active } } } }"
)
STAGES = ["graphql.parse", "graphql.validate", "spbe.authorize", "spbe.plan", "graphql.execute", "spbe.shape"]


@dataclass
class Traced:
    system: System
    exporter: InMemorySpanExporter
    consented: str
    stranger: str
    key: str
    token: str

    async def ask(self, nik: str, **options: Any) -> tuple[Response, list[ReadableSpan]]:
        """Ask the overview of ``nik``; the answer and every span of its trace."""
        answer = await self.system.ask(OVERVIEW, {"nik": nik}, key=self.key, purpose=PURPOSE, **options)
        return answer, await self.trace_of(answer.request_id)

    async def trace_of(self, request_id: str) -> list[ReadableSpan]:
        """The spans of the trace whose gateway server span has ``request_id`` (they end just
        after the answer is sent: wait for them)."""
        for _ in range(200):
            spans = self.exporter.get_finished_spans()
            root = [s for s in spans if s.attributes and s.attributes.get("spbe.request_id") == request_id]
            if root:
                assert root[0].context is not None
                trace_id = root[0].context.trace_id
                mine = [s for s in spans if s.context is not None and s.context.trace_id == trace_id]
                subgraph_servers = [s for s in mine if s.kind is SpanKind.SERVER and s is not root[0]]
                fetches = [s for s in mine if s.name.startswith("fetch ")]
                if len(subgraph_servers) >= len(fetches):
                    return mine
            await asyncio.sleep(0.02)
        raise AssertionError(f"no complete trace for request {request_id}")


@pytest.fixture(scope="module")
async def traced(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Traced]:
    exporter = InMemorySpanExporter()
    providers: dict[str, TracerProvider] = {}
    for name in ("gateway", *SERVICES):
        provider = TracerProvider(
            resource=Resource.create({"service.name": f"spbe-{name}"}), shutdown_on_exit=False
        )
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        providers[name] = provider
    async with start_system(
        module_service_dsn, tmp_path_factory.mktemp("tracing"), citizens=40, tracer_providers=providers
    ) as system:
        adults = [
            row["nik"]
            for row in await system.db["identity"].fetch(
                "select nik from citizen where birth_date < current_date - interval '20 years'"
                " and deceased_on is null order by nik limit 2"
            )
        ]
        await add_consent(system.db["consent"], adults[0], categories=("identity", "health"))
        key = await system.key("KEMENSOS", ("identity:read", "health:read"))
        yield Traced(system, exporter, adults[0], adults[1], key, system.token(adults[0]))
    for provider in providers.values():
        provider.shutdown()


def _one(spans: list[ReadableSpan], name: str, service: str | None = None) -> ReadableSpan:
    found = [s for s in spans if s.name == name and (service is None or _service(s) == service)]
    assert len(found) == 1, (name, service, [(s.name, _service(s)) for s in spans])
    return found[0]


def _service(span: ReadableSpan) -> Any:
    return span.resource.attributes.get("service.name")


def _parent(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def _id(span: ReadableSpan) -> int:
    assert span.context is not None
    return span.context.span_id


async def test_one_trace_across_the_gateway_and_the_subgraphs(traced: Traced) -> None:
    answer, spans = await traced.ask(traced.consented)
    assert answer.status == 200 and not answer.errors, answer.body
    assert answer.data["citizen"]["health"] is not None

    server = _one(spans, "POST /graphql", "spbe-gateway")
    assert server.kind is SpanKind.SERVER and server.parent is None  # the client sent no traceparent
    assert server.attributes is not None
    assert {k: server.attributes.get(k) for k in (
        "http.request.method", "http.route", "http.response.status_code",
        "graphql.operation.name", "graphql.operation.type", "spbe.outcome", "spbe.caller.kind",
        "spbe.caller.agency",
    )} == {
        "http.request.method": "POST", "http.route": "/graphql", "http.response.status_code": 200,
        "graphql.operation.name": "Overview", "graphql.operation.type": "query", "spbe.outcome": "ok",
        "spbe.caller.kind": "AGENCY", "spbe.caller.agency": "KEMENSOS",
    }
    stages = sorted((s for s in spans if _parent(s) == _id(server)), key=lambda s: s.start_time or 0)
    assert [s.name for s in stages] == STAGES
    execute = _one(spans, "graphql.execute")

    fetches = [s for s in spans if s.name.startswith("fetch ")]
    # identity's root field, then identity's consent-guarded fields and health's, as entities
    assert sorted(s.name for s in fetches) == ["fetch health", "fetch identity", "fetch identity"]
    for fetch in fetches:
        assert fetch.kind is SpanKind.CLIENT and _parent(fetch) == _id(execute)
        assert fetch.attributes is not None and fetch.attributes["spbe.fetch.outcome"] == "ok"
    health = _one(spans, "fetch health")
    assert health.attributes is not None
    assert health.attributes["spbe.fetch.kind"] == "entities"
    assert health.attributes["spbe.fetch.representations"] == 1
    assert health.attributes["spbe.subgraph"] == "health"

    # each subgraph's server span is the child of the fetch span that called it
    for fetch in fetches:
        service = fetch.name.removeprefix("fetch ")
        called = [s for s in spans if _parent(s) == _id(fetch)]
        assert len(called) == 1
        subgraph = called[0]
        assert _service(subgraph) == f"spbe-{service}" and subgraph.name == "POST /graphql"
        assert subgraph.kind is SpanKind.SERVER
        assert subgraph.attributes is not None
        assert str(subgraph.attributes["graphql.operation.name"]).startswith(f"Overview__{service}__")
        # its SQL statements, as client spans below it, with the statement and no parameter
        statements = [s for s in spans if _parent(s) == _id(subgraph) and s.name.startswith("db ")]
        assert statements, service
        for statement in statements:
            assert statement.kind is SpanKind.CLIENT and statement.attributes is not None
            assert statement.attributes["db.system.name"] == "postgresql"
            assert "$1" in str(statement.attributes["db.query.text"])
        assert subgraph.attributes["http.response.status_code"] == 200
        assert subgraph.attributes["spbe.service"] == service
        assert subgraph.attributes["graphql.operation.type"] == "query"

    consents = [s for s in spans if s.name == "consent"]
    assert consents and all(_parent(s) == _id(execute) for s in consents)
    health_consent = next(
        s for s in consents if s.attributes and s.attributes["spbe.consent.category"] == "health"
    )
    assert health_consent.attributes is not None
    assert health_consent.attributes["spbe.consent.allowed"] == 1
    assert health_consent.attributes["spbe.consent.denied"] == 0
    trail = _one(spans, "trail record_access")
    assert _parent(trail) in {_id(s) for s in consents}
    assert trail.attributes is not None and trail.attributes["spbe.trail.rows"] == 2  # identity, health
    assert len({s.context.trace_id for s in spans if s.context is not None}) == 1


async def test_a_denial_is_counted_on_the_consent_span(traced: Traced) -> None:
    answer, spans = await traced.ask(traced.stranger)
    assert {e["extensions"]["code"] for e in answer.errors} == {"CONSENT_REQUIRED"}
    denied = [
        s for s in spans if s.name == "consent" and s.attributes and s.attributes["spbe.consent.denied"]
    ]
    assert denied
    assert denied[0].attributes is not None
    assert denied[0].attributes["spbe.consent.reasons"] == ("NO_CONSENT",)
    assert not any(s.name == "fetch health" for s in spans)  # nobody's health record was asked for


async def test_the_clients_traceparent_is_continued(traced: Traced) -> None:
    trace_id, parent_id = 0x4BF92F3577B34DA6A3CE929D0E0E4736, 0x00F067AA0BA902B7
    headers = {"traceparent": f"00-{trace_id:032x}-{parent_id:016x}-01"}
    answer, spans = await traced.ask(traced.consented, headers=headers)
    assert answer.status == 200
    server = _one(spans, "POST /graphql", "spbe-gateway")
    assert server.context is not None and server.context.trace_id == trace_id
    assert _parent(server) == parent_id
    assert len(spans) > 10


def _texts(span: ReadableSpan) -> Iterator[str]:
    yield span.name
    for value in (span.attributes or {}).values():
        yield str(value)
    for event in span.events:
        yield event.name
        yield from (str(v) for v in (event.attributes or {}).values())
    yield span.status.description or ""


async def test_no_personal_data_in_any_span(traced: Traced) -> None:
    traced.exporter.clear()
    await traced.ask(traced.consented)
    await traced.ask(traced.stranger)
    # a citizen's own token, and a document that quotes a NIK in a validation error's message
    await traced.system.ask(OVERVIEW, {"nik": traced.consented}, token=traced.token)
    bad = await traced.system.ask(f"{{ citizen(nik: {traced.stranger}) {{ nik }} }}", key=traced.key)
    assert bad.status == 400 and traced.stranger in bad.errors[0]["message"]
    await traced.trace_of(bad.request_id)
    spans = traced.exporter.get_finished_spans()
    validate = [s for s in spans if s.name == "graphql.validate" and s.status.status_code is StatusCode.ERROR]
    assert validate and validate[-1].attributes is not None
    assert validate[-1].attributes["error.type"] == "GRAPHQL_VALIDATION_FAILED"
    secrets = [
        traced.consented, traced.stranger, traced.key, traced.key.split("_", 2)[2], traced.token,
        # the client's query text and the gateway's subgraph requests (the SQL names tables)
        "fullName", "bpjs { active", "citizen(nik:", "query Overview(", "representations",
    ]
    texts = [text for span in spans for text in _texts(span)]
    assert len(spans) > 30
    for secret in secrets:
        assert not [t for t in texts if secret in t], secret
    keys = {key for span in spans for key in span.attributes or {}}
    assert not [key for key in keys if key.startswith(("graphql.document", "db.query.parameter"))]


async def test_probes_make_no_traces(traced: Traced) -> None:
    traced.exporter.clear()
    base = traced.system.gateway.removesuffix("/graphql")
    for url in (f"{base}/health", f"{base}/healthz", f"{base}/readyz", f"{base}/metrics"):
        assert (await traced.system.client.get(url)).status_code == 200, url
    answer, spans = await traced.ask(traced.consented)  # a request after them: its spans only
    assert answer.status == 200
    assert {s.context.trace_id for s in traced.exporter.get_finished_spans() if s.context} == {
        s.context.trace_id for s in spans if s.context
    }
