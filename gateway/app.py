"""The gateway as an ASGI application: supergraph + planner + transport + pipeline + HTTP.

``create_app(settings, supergraph)`` is what ``python -m gateway`` serves; tests serve it the
same way. The subgraph transport (one pooled client per process) is closed in the ASGI
lifespan's shutdown (DESIGN.md "One pool per process, created in the ASGI lifespan").
"""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from typing import Any, cast

from gateway.http import GraphQLHttp, Receive, Scope, Send
from gateway.limits import Limits
from gateway.pipeline import Pipeline, Planner
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from gateway.transport import AiohttpTransport, HttpxTransport, Transport

__all__ = ["GatewayApp", "app_from_env", "create_app", "default_planner", "make_transport"]


def default_planner() -> Planner:
    """``gateway.planner.build_plan``."""
    module = importlib.import_module("gateway.planner")
    return cast(Planner, module.build_plan)


def make_transport(settings: Settings, kind: str = "aiohttp") -> Transport:
    """The subgraph client the settings ask for (``aiohttp`` unless measuring ``httpx``)."""
    options: dict[str, Any] = {
        "timeout": settings.subgraph_timeout,
        "connections": settings.connections_per_subgraph,
        "dedup": settings.dedup_outbound,
    }
    return HttpxTransport(**options) if kind == "httpx" else AiohttpTransport(**options)


class GatewayApp:
    """ASGI: lifespan closes the transport; HTTP goes to :class:`gateway.http.GraphQLHttp`."""

    def __init__(
        self,
        settings: Settings,
        supergraph: Supergraph,
        planner: Planner | None = None,
        transport: Transport | None = None,
    ) -> None:
        self.settings = settings
        self.supergraph = supergraph
        self.transport = transport or make_transport(settings)
        self.pipeline = Pipeline(
            supergraph,
            planner or default_planner(),
            self.transport,
            cache_size=settings.cache_size,
            limits=Limits(settings.max_tokens, settings.max_depth, settings.max_aliases),
        )
        self.http = GraphQLHttp(settings, lambda: self.pipeline)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        else:
            await self.http(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message: MutableMapping[str, Any] = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.transport.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


def create_app(settings: Settings, supergraph: Supergraph, planner: Planner | None = None) -> GatewayApp:
    """The gateway application for one supergraph."""
    return GatewayApp(settings, supergraph, planner)


def app_from_env() -> GatewayApp:
    """Factory for ``uvicorn --factory`` (several workers): settings from ``SPBE_GATEWAY_*``."""
    settings = Settings.from_env()
    if not settings.supergraph_path:
        raise RuntimeError("SPBE_GATEWAY_SUPERGRAPH is not set")
    with open(settings.supergraph_path, encoding="utf-8") as file:
        supergraph = Supergraph.parse(file.read())
    return create_app(settings, supergraph)



