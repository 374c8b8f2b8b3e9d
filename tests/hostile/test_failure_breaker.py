"""A subgraph that hangs (issue 9, item 12): a real HTTP server that accepts the request and
never answers. The first requests cost at most the subgraph's own timeout; then its circuit
opens and requests answer in milliseconds without calling it; after a while exactly one probe
goes through, and once the subgraph is back it is used again. Every step is time-bound."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from gateway.settings import Settings
from tests.hostile.faults import Mode, Running, gateway

TIMEOUT = 1.5  # the reviews subgraph's own timeout
OPEN_FOR = 0.8  # how long its circuit stays open
FAST = TIMEOUT / 2  # an answer that did not wait for the subgraph (milliseconds on a quiet machine)
SLACK = 2.0  # what a loaded shared machine may add to an answer that waited for the timeout
QUERY = "{ topProducts(first: %d) { name reviews { body } } }"
SETTINGS = Settings(
    subgraph_timeouts=(("reviews", TIMEOUT),),
    breaker_failures=2,
    breaker_open_seconds=OPEN_FOR,
    dedup_inbound=False,
    dedup_outbound=False,
)


@pytest.fixture
async def shop() -> AsyncIterator[Running]:
    async with gateway(SETTINGS) as running:
        yield running


async def _timed(running: Running, first: int = 1) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = await running.query(QUERY % first)
    assert response.status_code == 200
    return time.perf_counter() - started, response.json()


def _reason(body: dict[str, Any]) -> str:
    """The one reason of the answer's errors (one per product); the products still come back."""
    errors = body["errors"]
    assert {e["extensions"]["code"] for e in errors} == {"SUBGRAPH_UNAVAILABLE"}
    assert {e["extensions"]["serviceName"] for e in errors} == {"reviews"}
    assert [p["reviews"] for p in body["data"]["topProducts"]] == [None] * len(errors)
    [reason] = {e["extensions"]["reason"] for e in errors}
    return str(reason)


async def _metric(client: httpx.AsyncClient, base: str, name: str, **labels: str) -> float:
    text = (await client.get(f"{base}/metrics")).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


async def test_a_hanging_subgraph_costs_its_timeout_then_milliseconds_until_a_probe(shop: Running) -> None:
    reviews = shop.subgraphs["reviews"]
    reviews.mode = Mode.HANG
    async with asyncio.timeout(30):
        for _ in range(2):  # the run of failures that opens the circuit
            elapsed, body = await _timed(shop)
            assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + SLACK
            assert _reason(body) == "TIMED_OUT"
        opened = time.monotonic()
        reached = reviews.received
        for _ in range(5):
            elapsed, body = await _timed(shop)
            assert elapsed < FAST
            assert _reason(body) == "CIRCUIT_OPEN"
        assert reviews.received == reached  # not called while open
        assert await _metric(shop.client, shop.base, "spbe_gateway_subgraph_circuit_trips_total",
                             subgraph="reviews") == 1
        assert await _metric(shop.client, shop.base, "spbe_gateway_subgraph_circuit_state",
                             subgraph="reviews", state="open") == 1
        ready = await shop.client.get(f"{shop.base}/readyz")
        assert ready.status_code == 503
        assert ready.json()["notReady"]["subgraphs"]["reviews"].startswith("circuit open")

        await asyncio.sleep(max(0.0, opened + OPEN_FOR - time.monotonic()) + 0.05)
        # half-open, still hanging: one probe (costs the timeout), the others are refused at once
        answers = await asyncio.gather(*(_timed(shop, first) for first in (1, 2, 3, 4)))
        assert reviews.received == reached + 1
        reasons = sorted((_reason(body), elapsed) for elapsed, body in answers)
        assert [reason for reason, _e in reasons] == ["CIRCUIT_OPEN"] * 3 + ["TIMED_OUT"]
        assert all(elapsed < FAST for _r, elapsed in reasons[:3])
        assert TIMEOUT * 0.9 <= reasons[3][1] < TIMEOUT + SLACK
        assert await _metric(shop.client, shop.base, "spbe_gateway_subgraph_circuit_trips_total",
                             subgraph="reviews") == 2
        reopened = time.monotonic()

        reviews.mode = Mode.UP  # it comes back: the next probe closes the circuit
        elapsed, body = await _timed(shop)
        assert _reason(body) == "CIRCUIT_OPEN" and elapsed < FAST
        await asyncio.sleep(max(0.0, reopened + OPEN_FOR - time.monotonic()) + 0.05)
        for _ in range(2):
            elapsed, body = await _timed(shop)
            assert body == {"data": {"topProducts": [{"name": "Batik", "reviews": [
                {"body": "Bagus"}, {"body": "Mantap"}]}]}}
            assert elapsed < TIMEOUT
        assert reviews.received == reached + 3
        assert await _metric(shop.client, shop.base, "spbe_gateway_subgraph_circuit_state",
                             subgraph="reviews", state="closed") == 1
        assert (await shop.client.get(f"{shop.base}/readyz")).status_code == 200


async def test_without_a_breaker_every_request_waits_for_the_timeout() -> None:
    """The control: with ``breaker_failures=0`` the subgraph is called every time."""
    from dataclasses import replace

    async with gateway(replace(SETTINGS, breaker_failures=0)) as running, asyncio.timeout(20):
        running.subgraphs["reviews"].mode = Mode.HANG
        for _ in range(3):
            elapsed, body = await _timed(running)
            assert elapsed >= TIMEOUT * 0.9 and _reason(body) == "TIMED_OUT"
        assert running.subgraphs["reviews"].received == 3  # two would have opened a breaker
