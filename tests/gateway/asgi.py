"""The gateway as an in-process ASGI app for fast HTTP tests (no server, no subgraph needed for
``{ __typename }``); helpers shared by the CORS, rate-limit and persisted-query tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx

from gateway.access.authenticate import Authenticator
from gateway.access.caller import ANONYMOUS, Caller, CallerKind
from gateway.app import GatewayApp
from gateway.http import GraphQLHttp
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from tests.gateway.executor import shop

URL = "http://gateway.test/graphql"


class KeyAuthenticator(Authenticator):
    """API keys without a registry: ``X-Api-Key: <prefix>`` is agency ``test`` with that key
    prefix and the scopes of ``scopes[prefix]``; anyone else is anonymous."""

    def __init__(self, scopes: dict[str, frozenset[str]] | None = None) -> None:
        super().__init__(store=None, tokens=None)
        self.scopes = scopes or {}

    async def __call__(self, headers: Mapping[bytes, bytes], request_id: str | None = None) -> Caller:
        key = headers.get(b"x-api-key")
        if key is None:
            return ANONYMOUS
        prefix = key.decode()
        return Caller(
            kind=CallerKind.AGENCY, agency="test", key_id=prefix, scopes=self.scopes.get(prefix, frozenset())
        )


@asynccontextmanager
async def client(
    settings: Settings, client_ip: str = "10.0.0.1", authenticator: Authenticator | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client speaking to a fresh gateway in process (with ``authenticator`` instead
    of the settings' when given)."""
    urls = ("http://127.0.0.1:9/a", "http://127.0.0.1:9/b", "http://127.0.0.1:9/c")
    app = GatewayApp(settings, Supergraph.parse(shop.supergraph_sdl(*urls)), build_plan)
    http_app = app.http
    if authenticator is not None:
        http_app = GraphQLHttp(settings, lambda: app.pipeline, authenticator)
    transport = httpx.ASGITransport(app=http_app, client=(client_ip, 1234))
    try:
        async with httpx.AsyncClient(transport=transport, timeout=10) as http:
            yield http
    finally:
        await app.shutdown()
        if http_app is not app.http:
            await http_app.aclose()
