"""Subgraphs that fail the way real ones do, and a gateway in front of them, all over real HTTP:
for the partial-failure tests (tests/hostile/test_failure_*.py).

* :class:`Switchable` wraps a fixture subgraph: ``up`` it answers, ``hang`` it accepts the
  request and never answers (until the test ends), ``down`` its server is stopped (the port
  refuses connections);
* :func:`gateway` serves the shop supergraph (accounts, products, reviews) through the real
  :class:`gateway.app.GatewayApp` on a free port.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from gateway.app import GatewayApp
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import FixtureSubgraph, serve

__all__ = ["Mode", "Running", "Switchable", "captured", "gateway"]


class Mode(enum.Enum):
    UP = "up"
    HANG = "hang"


class Switchable:
    """ASGI: the wrapped subgraph, or a subgraph that never answers while ``mode`` is HANG.
    ``received`` counts the GraphQL requests that reached it, answered or not."""

    def __init__(self, app: FixtureSubgraph) -> None:
        self.app = app
        self.mode = Mode.UP
        self.received = 0
        self.released = asyncio.Event()  # set at teardown: hung requests end, servers stop

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        if scope["path"] == "/health":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})
            return
        self.received += 1
        if self.mode is Mode.HANG:
            await self.released.wait()
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


@dataclass
class Running:
    base: str
    client: httpx.AsyncClient
    app: GatewayApp
    subgraphs: dict[str, Switchable]
    stops: dict[str, asyncio.Event] = field(default_factory=dict)

    async def query(self, query: str, request_id: str = "faults-1") -> httpx.Response:
        return await self.client.post(
            f"{self.base}/graphql", json={"query": query}, headers={"x-request-id": request_id}
        )

    async def kill(self, name: str) -> None:
        """Stop that subgraph's server: its port now refuses connections."""
        self.stops[name].set()
        while self.stops[name].is_set():
            await asyncio.sleep(0.01)


@asynccontextmanager
async def _served_until(app: Any, stop: asyncio.Event, url: asyncio.Future[str]) -> AsyncIterator[None]:
    async def run() -> None:
        async with serve(app) as served:
            url.set_result(served)
            await stop.wait()
        stop.clear()  # stopped

    task = asyncio.create_task(run())
    try:
        await asyncio.shield(url)
        yield
    finally:
        stop.set()
        await task


@asynccontextmanager
async def gateway(settings: Settings | None = None) -> AsyncIterator[Running]:
    """The shop's three subgraphs (each :class:`Switchable`) behind a served gateway."""
    subgraphs = {
        "accounts": Switchable(shop.accounts()),
        "products": Switchable(shop.products()),
        "reviews": Switchable(shop.reviews()),
    }
    loop = asyncio.get_running_loop()
    async with AsyncExitStack() as stack:
        stops: dict[str, asyncio.Event] = {}
        urls: list[str] = []
        for name, subgraph in subgraphs.items():
            stops[name] = asyncio.Event()
            url: asyncio.Future[str] = loop.create_future()
            await stack.enter_async_context(_served_until(subgraph, stops[name], url))
            stack.callback(subgraph.released.set)  # runs first: hung requests end
            urls.append(url.result())
        app = GatewayApp(settings or Settings(), Supergraph.parse(shop.supergraph_sdl(*urls)), build_plan)
        stack.push_async_callback(app.shutdown)
        served = await stack.enter_async_context(serve(app))
        client = await stack.enter_async_context(httpx.AsyncClient(timeout=10))
        yield Running(served.removesuffix("/graphql"), client, app, subgraphs, stops)


@contextmanager
def captured(logger: str) -> Iterator[list[logging.LogRecord]]:
    """The records ``logger`` emits at WARNING and above while the block runs."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    log = logging.getLogger(logger)
    log.addHandler(handler)
    try:
        yield records
    finally:
        log.removeHandler(handler)
