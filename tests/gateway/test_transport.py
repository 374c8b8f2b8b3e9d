"""The subgraph client: pooled connections, outbound de-duplication, failures as
``SubgraphUnavailable``."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from gateway.transport import AiohttpTransport, HttpxTransport, SubgraphUnavailable
from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import closed_url, serve

BODY = b'{"query":"{topProducts(first:1){name}}"}'


@pytest.mark.parametrize("kind", [AiohttpTransport, HttpxTransport])
async def test_identical_requests_in_flight_are_sent_once(kind: type[AiohttpTransport]) -> None:
    products = shop.products(delay=0.1)
    async with serve(products) as url:
        transport = kind()
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
        with pytest.raises(SubgraphUnavailable):
            await transport.post(closed_url(), BODY)
        async with serve(shop.products(delay=1.0)) as url:
            with pytest.raises(SubgraphUnavailable, match="timed out"):
                await transport.post(url, BODY)
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


@pytest.mark.parametrize("kind", [AiohttpTransport, HttpxTransport])
async def test_extra_headers_reach_the_subgraph(kind: type[AiohttpTransport]) -> None:
    recorder = _HeaderRecorder()
    async with serve(recorder) as url:
        transport = kind()
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
