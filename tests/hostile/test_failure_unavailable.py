"""A subgraph killed under the gateway (issue 9, items 9 and 11): the client learns the subgraph's
name, that it is unavailable, and a request id; the address and the exception go to the log
with that id. Liveness stays cheap and says nothing of subgraphs; readiness names the dead one."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator

import pytest

from gateway.settings import Settings
from tests.hostile.faults import Running, captured, gateway

QUERY = "{ topProducts(first: 1) { name reviews { body } } }"
_ADDRESS = re.compile(r"\d{1,3}(\.\d{1,3}){3}|localhost|:\d{2,5}\b")
_EXCEPTION_TEXT = ("Cannot connect", "Connect call failed", "Errno", "ClientConnector", "ssl:", "refused")


@pytest.fixture(scope="module")
async def killed() -> AsyncIterator[Running]:
    """The shop behind a gateway; the reviews subgraph answered once, then was killed."""
    async with gateway(Settings(dedup_inbound=False)) as running:
        first = await running.query(QUERY)
        assert first.json() == {"data": {"topProducts": [{"name": "Batik", "reviews": [
            {"body": "Bagus"}, {"body": "Mantap"}]}]}}
        await running.kill("reviews")
        yield running


async def test_the_client_learns_the_name_and_a_request_id_the_log_the_address(killed: Running) -> None:
    reviews_url = killed.app.supergraph.subgraphs["reviews"].url
    with captured("gateway") as records:
        started = time.perf_counter()
        response = await killed.query(QUERY, request_id="support-case-42")
        elapsed = time.perf_counter() - started
    assert elapsed < 5.0  # a refused connection is answered at once (the bound allows a loaded machine)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"topProducts": [{"name": "Batik", "reviews": None}]}
    [error] = body["errors"]
    assert error["message"] == "Subgraph 'reviews' is unavailable."
    assert error["extensions"] == {
        "code": "SUBGRAPH_UNAVAILABLE",
        "serviceName": "reviews",
        "reason": "UNREACHABLE",
        "requestId": "support-case-42",
    }
    assert response.headers["x-request-id"] == "support-case-42"
    text = response.text
    assert not _ADDRESS.search(text), text
    assert not any(fragment in text for fragment in _EXCEPTION_TEXT), text
    [record] = [r for r in records if getattr(r, "request_id", None) == "support-case-42"]
    assert record.levelname == "WARNING"
    line = record.getMessage()
    assert reviews_url in line and "support-case-42" in line
    assert "Cannot connect" in line  # the exception's own text, for the operator only
    assert (record.subgraph, record.reason) == ("reviews", "UNREACHABLE")  # type: ignore[attr-defined]


async def test_liveness_stays_cheap_and_readiness_names_the_dead_subgraph(killed: Running) -> None:
    for path in ("/healthz", "/health"):  # liveness: no subgraph is asked
        alive = await killed.client.get(killed.base + path)
        assert (alive.status_code, alive.json()) == (200, {"status": "ok"}), path
    ready = await killed.client.get(f"{killed.base}/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "not ready", "notReady": {"subgraphs": {"reviews": "unreachable"}}}
    assert not _ADDRESS.search(ready.text)
