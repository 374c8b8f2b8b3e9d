"""The gateway's operator endpoints in process: ``/metrics``, ``/healthz``, ``/readyz``,
``X-Request-Id`` and the access log (gateway/observability/)."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest

from gateway.app import GatewayApp
from gateway.observability import ACCESS_LOG, GatewayMetrics, Observed, Readiness, operation_label
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from spbe.logs import JsonFormatter
from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import closed_url, serve

NIK = "3201234567890123"
API_KEY = "spbe_live_0123456789abcdefSECRETKEY"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIzMjAxMjM0NTY3ODkwMTIzIn0.c2lnbmF0dXJl"


class WithHealth:
    """A fixture subgraph that also answers ``GET /health`` (as ours do), or 404 there."""

    def __init__(self, app: Any, status: int = 200) -> None:
        self.app = app
        self.status = status

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/health":
            await send({"type": "http.response.start", "status": self.status, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})
            return
        await self.app(scope, receive, send)


@dataclass
class Served:
    url: str
    base: str
    client: httpx.AsyncClient
    app: GatewayApp


@asynccontextmanager
async def gateway(*subgraphs: Any, urls: tuple[str, ...] = ()) -> AsyncIterator[Served]:
    async with AsyncExitStack() as stack:
        found = [await stack.enter_async_context(serve(s)) for s in subgraphs]
        found += urls
        app = GatewayApp(Settings(access_log=True), Supergraph.parse(shop.supergraph_sdl(*found)), build_plan)
        stack.push_async_callback(app.transport.close)
        url = await stack.enter_async_context(serve(app))
        client = await stack.enter_async_context(httpx.AsyncClient(timeout=10))
        yield Served(url, url.removesuffix("/graphql"), client, app)


@pytest.fixture(scope="module")
async def served() -> AsyncIterator[Served]:
    subgraphs = (WithHealth(shop.accounts()), WithHealth(shop.products()), WithHealth(shop.reviews()))
    async with gateway(*subgraphs) as running:
        yield running


@pytest.fixture
def access_log() -> Iterator[io.StringIO]:
    """The access log's lines, formatted as ``python -m gateway`` writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(ACCESS_LOG)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _sample(text: str, name: str, **labels: str) -> float:
    """One sample's value from the exposition text (0 when absent)."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


def test_operation_label_is_bounded() -> None:
    assert operation_label("TopProducts") == "TopProducts"
    assert operation_label(None) == "anonymous"
    assert operation_label("x" * 65) == "anonymous"
    assert operation_label("with-dash") == "anonymous"
    assert operation_label(f"Citizen{NIK}") == "anonymous"  # never a NIK in a label


async def test_metrics_count_requests_fetches_and_the_prepared_cache(served: Served) -> None:
    query = {"query": 'query TopOne { topProducts(first: 1) { name reviews { body } } }'}
    for _ in range(2):
        assert (await served.client.post(served.url, json=query)).status_code == 200
    await served.client.post(served.url, json={"query": "{ nope }"})
    await served.client.post(served.url, json={"query": "{ product(upc: ", "operationName": "x-y"})
    response = await served.client.get(f"{served.base}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert _sample(text, "spbe_gateway_requests_total", operation="TopOne", outcome="ok") == 2
    assert _sample(text, "spbe_gateway_requests_total", operation="anonymous", outcome="refused") == 2
    assert _sample(text, "spbe_gateway_request_duration_seconds_count", operation="TopOne", outcome="ok") == 2
    assert _sample(text, "spbe_gateway_subgraph_fetch_duration_seconds_count", subgraph="products") >= 1
    assert _sample(text, "spbe_gateway_subgraph_fetch_duration_seconds_count", subgraph="reviews") >= 1
    assert _sample(text, "spbe_gateway_prepared_cache_total", result="hit") >= 1
    assert _sample(text, "spbe_gateway_prepared_cache_total", result="miss") >= 1
    assert _sample(text, "spbe_gateway_requests_in_flight") == 0
    assert "process_cpu_seconds_total" in text


async def test_each_app_has_its_own_registry() -> None:
    first, second = GatewayMetrics(), GatewayMetrics()
    first.requests.labels("A", "ok").inc()
    assert _sample(second.render().decode(), "spbe_gateway_requests_total", operation="A", outcome="ok") == 0


async def test_subgraph_errors_are_counted_by_subgraph() -> None:
    async with gateway(WithHealth(shop.accounts()), urls=(closed_url(), closed_url())) as down:
        response = await down.client.post(down.url, json={"query": '{ product(upc: "p1") { name } }'})
        assert response.json()["errors"]
        text = (await down.client.get(f"{down.base}/metrics")).text
    assert _sample(text, "spbe_gateway_subgraph_fetch_errors_total", subgraph="products") == 1
    assert _sample(text, "spbe_gateway_requests_total", operation="anonymous", outcome="errors") == 1


async def test_consent_denials_are_counted_by_category() -> None:
    denied = {"extensions": {"code": "CONSENT_REQUIRED", "category": "health"}}
    body = orjson.dumps({"data": {"citizen": None}, "errors": [denied, denied, {"message": "other"}]})

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})

    metrics = GatewayMetrics()
    observed = Observed(app, metrics, Readiness(lambda: {}, lambda: None), access_log=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=observed), base_url="http://gw") as client:
        response = await client.post("/graphql", json={"query": "{ x }"})
    assert response.headers["x-request-id"]
    text = metrics.render().decode()
    assert _sample(text, "spbe_gateway_consent_denials_total", category="health") == 2
    assert _sample(text, "spbe_gateway_requests_total", operation="anonymous", outcome="errors") == 1


async def test_healthz_and_readyz_when_every_subgraph_answers(served: Served) -> None:
    alive = await served.client.get(f"{served.base}/healthz")
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    ready = await served.client.get(f"{served.base}/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
    assert (await served.client.get(f"{served.base}/health")).status_code == 200  # kept


async def test_readyz_names_the_subgraph_that_is_down_and_accepts_foreign_subgraphs() -> None:
    foreign = WithHealth(shop.products(), status=404)  # another project's subgraph: no /health
    async with gateway(WithHealth(shop.accounts()), foreign, urls=(closed_url(),)) as partly:
        response = await partly.client.get(f"{partly.base}/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert list(body["notReady"]["subgraphs"]) == ["reviews"]


async def test_readyz_wants_the_consent_registry_open() -> None:
    readiness = Readiness(lambda: {}, lambda: False)
    assert await readiness.check() == (
        False, {"status": "not ready", "notReady": {"consentRegistry": "pool not open"}}
    )
    assert await Readiness(lambda: None, lambda: None).check() == (
        False, {"status": "not ready", "notReady": {"supergraph": "not loaded"}}
    )


async def test_access_log_line_and_request_id(served: Served, access_log: io.StringIO) -> None:
    response = await served.client.post(
        served.url, json={"query": "query TopOne { topProducts(first: 1) { name } }"},
        headers={"x-request-id": "req-42"},
    )
    assert response.headers["x-request-id"] == "req-42"
    probe = await served.client.get(f"{served.base}/healthz")
    assert "x-request-id" not in probe.headers  # probes are answered before, and not logged
    generated = await served.client.post(
        served.url, json={"query": "{ __typename }"}, headers={"x-request-id": "bad id!"}
    )
    assert len(generated.headers["x-request-id"]) == 16  # an invalid id is replaced
    line, second = (orjson.loads(x) for x in access_log.getvalue().splitlines())
    assert second["request_id"] == generated.headers["x-request-id"]
    assert line["logger"] == "gateway.access_log"
    assert line["message"] == "request"
    assert {k: line[k] for k in ("request_id", "method", "path", "status", "operation", "outcome")} == {
        "request_id": "req-42", "method": "POST", "path": "/graphql", "status": 200,
        "operation": "TopOne", "outcome": "ok",
    }
    assert line["caller_kind"] == "ANONYMOUS"
    assert line["agency"] is None
    assert isinstance(line["duration_ms"], float)


async def test_access_log_never_holds_a_nik_key_token_or_query(
    served: Served, access_log: io.StringIO
) -> None:
    nik_query = (
        f"query Citizen{NIK}($u: String!) "
        f'{{ product(upc: $u) {{ name }} n: product(upc: "{NIK}") {{ name }} }}'
    )
    requests: list[dict[str, Any]] = [
        {"json": {"query": nik_query, "variables": {"u": NIK}, "operationName": f"Citizen{NIK}"}},
        {"json": {"query": "{ me { name } }"}, "headers": {"x-api-key": API_KEY}},
        {"json": {"query": "{ me { name } }"}, "headers": {"authorization": f"Bearer {TOKEN}"}},
    ]
    for request in requests:
        await served.client.post(served.url, **request)
    await served.client.get(served.url, params={"query": f'{{ product(upc: "{NIK}") {{ name }} }}'})
    text = access_log.getvalue()
    assert len(text.splitlines()) == 4
    for secret in (NIK, API_KEY, TOKEN, "spbe_live", "product(upc", "query"):
        assert secret not in text

