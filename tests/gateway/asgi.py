"""The gateway as an in-process ASGI app for fast HTTP tests (no server, no subgraph needed for
``{ __typename }``); helpers shared by the CORS, rate-limit and persisted-query tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from gateway.app import GatewayApp
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from tests.gateway.executor import shop

URL = "http://gateway.test/graphql"


@asynccontextmanager
async def client(settings: Settings, client_ip: str = "10.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client speaking to a fresh gateway in process."""
    urls = ("http://127.0.0.1:9/a", "http://127.0.0.1:9/b", "http://127.0.0.1:9/c")
    app = GatewayApp(settings, Supergraph.parse(shop.supergraph_sdl(*urls)), build_plan)
    transport = httpx.ASGITransport(app=app, client=(client_ip, 1234))
    try:
        async with httpx.AsyncClient(transport=transport, timeout=10) as http:
            yield http
    finally:
        await app.shutdown()
