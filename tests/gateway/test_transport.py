"""The subgraph client: pooled connections, outbound de-duplication, failures as
``SubgraphUnavailable``."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

import pytest

from gateway.breaker import Breaker, BreakerPolicy, CircuitState
from gateway.transport import AiohttpTransport, Route, SubgraphUnavailable, Unavailability
from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import closed_url, serve

BODY = b'{"query":"{topProducts(first:1){name}}"}'


async def test_identical_requests_in_flight_are_sent_once() -> None:
    products = shop.products(delay=0.1)
    async with serve(products) as url:
        transport = AiohttpTransport()
        try:
            answers = await asyncio.gather(*(transport.post(url, BODY) for _ in range(4)))
            assert len(set(answers)) == 1
            assert b"Batik" in answers[0]
            assert len(products.requests) == 1
            await asyncio.gather(*(transport.post(url, BODY, shareable=False) for _ in range(2)))
            assert len(products.requests) == 3
        finally:
            await transport.close()


async def test_without_deduplication_every_request_is_sent() -> None:
    products = shop.products(delay=0.05)
    async with serve(products) as url:
        transport = AiohttpTransport(dedup=False)
        try:
            await asyncio.gather(*(transport.post(url, BODY) for _ in range(3)))
        finally:
            await transport.close()
    assert len(products.requests) == 3


async def test_refused_connections_and_timeouts_are_subgraph_unavailable() -> None:
    transport = AiohttpTransport(timeout=0.2)
    try:
        with pytest.raises(SubgraphUnavailable) as refused:
            await transport.post(closed_url(), BODY)
        assert refused.value.reason is Unavailability.UNREACHABLE
        assert "127.0.0.1" not in str(refused.value) and "127.0.0.1" in refused.value.detail
        async with serve(shop.products(delay=1.0)) as url:
            with pytest.raises(SubgraphUnavailable) as slow:
                await transport.post(url, BODY)
        assert slow.value.reason is Unavailability.TIMED_OUT
    finally:
        await transport.close()


class _HeaderRecorder:
    """A subgraph that records each request's headers and answers after ``delay`` seconds."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.headers: list[dict[bytes, bytes]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        self.headers.append(dict(scope["headers"]))
        await asyncio.sleep(self.delay)
        body = b'{"data":{"ok":true}}'
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


async def test_extra_headers_reach_the_subgraph() -> None:
    recorder = _HeaderRecorder()
    async with serve(recorder) as url:
        transport = AiohttpTransport()
        try:
            await transport.post(url, BODY, headers={"traceparent": PARENT})
            await transport.post(url, BODY, shareable=False, headers={"traceparent": PARENT})
            await transport.post(url, BODY)
        finally:
            await transport.close()
    assert [h.get(b"traceparent") for h in recorder.headers] == [PARENT.encode(), PARENT.encode(), None]


async def test_shared_requests_are_sent_once_with_the_first_senders_headers() -> None:
    """The trace context is not part of the de-duplication key (docs/tracing.md): requests of
    several traces share one upstream call, which carries the first one's ``traceparent``."""
    recorder = _HeaderRecorder(delay=0.1)
    parents = [f"00-{n:032x}-{n:016x}-01" for n in range(1, 4)]
    async with serve(recorder) as url:
        transport = AiohttpTransport()
        try:
            sent = (transport.post(url, BODY, headers={"traceparent": p}) for p in parents)
            answers = await asyncio.gather(*sent)
        finally:
            await transport.close()
    assert len(set(answers)) == 1
    assert [h.get(b"traceparent") for h in recorder.headers] == [parents[0].encode()]


def test_the_gateway_runs_on_one_http_client_library() -> None:
    """aiohttp only: serving, composing at start, readiness probes, the subgraphs and the CLI never
    load httpx (a test and bench dependency only, absent from the container image)."""
    modules = ("gateway.app", "gateway.__main__", "gateway.compose", "gateway.observability", "subgraphs.app",
               "spbe.cli", "spbe.runner")
    script = f"import sys\nfor m in {modules!r}: __import__(m)\nprint('httpx' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"


async def test_a_5xx_answer_is_relayed_but_counts_as_a_failure_of_the_subgraph() -> None:
    """A subgraph answering 500 with GraphQL JSON: the caller still gets the errors it sent, and
    two such answers in a row open a two-failure breaker (nothing is sent then)."""
    sent = 0

    async def failing(scope: Any, receive: Any, send: Any) -> None:
        nonlocal sent
        if scope["type"] != "http":
            return
        sent += 1
        await send({"type": "http.response.start", "status": 500,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"errors":[{"message":"db down"}]}'})

    breaker = Breaker(name="s", policy=BreakerPolicy(failures=2, open_for=60))
    async with serve(failing) as url:
        transport = AiohttpTransport(routes={url: Route(timeout=2, breaker=breaker)})
        try:
            for _ in range(2):
                assert b"db down" in await transport.post(url, BODY, shareable=False)
            assert breaker.state is CircuitState.OPEN
            with pytest.raises(SubgraphUnavailable) as refused:
                await transport.post(url, BODY, shareable=False)
        finally:
            await transport.close()
    assert refused.value.reason is Unavailability.CIRCUIT_OPEN
    assert sent == 2
