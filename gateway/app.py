"""The gateway as an ASGI application: supergraph + planner + transport + pipeline + HTTP.

``create_app(settings, supergraph)`` is what ``python -m gateway`` serves; tests serve it the
same way. The subgraph transport (one pooled client per process) and the consent registry's
pool (docs/access.md) are opened and closed in the ASGI lifespan ("one pool per process,
created in the ASGI lifespan", docs/gateway.md). Traces (docs/tracing.md) go to the tracer
provider given, else to the one the ``OTEL_*`` variables configure; none: tracing is off.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any, cast

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Tracer

from gateway.access.authenticate import Authenticator
from gateway.access.domicile import IdentityDomiciles
from gateway.access.seal import Sealer, load_secret
from gateway.access.store import AccessStore
from gateway.access.tokens import TokenVerifier
from gateway.access.wards import IdentityWards
from gateway.breaker import Breaker, BreakerPolicy, CircuitState
from gateway.demand import DemandLimits
from gateway.http import GraphQLHttp, Receive, Scope, Send
from gateway.limits import Limits
from gateway.observability import GatewayMetrics, MeteredTransport, Observed, Readiness, configure_access_log
from gateway.pipeline import Pipeline, Planner
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from gateway.tracing import TRACER_NAME, tracer_provider_from_env
from gateway.transport import AiohttpTransport, Route, Transport

__all__ = ["GatewayApp", "app_from_env", "create_app", "default_planner", "make_breakers", "make_transport"]


def default_planner() -> Planner:
    """``gateway.planner.build_plan``."""
    module = importlib.import_module("gateway.planner")
    return cast(Planner, module.build_plan)


def make_breakers(settings: Settings, names: Iterable[str], metrics: GatewayMetrics) -> dict[str, Breaker]:
    """One circuit breaker per subgraph name, reporting to ``metrics`` (none when
    ``breaker_failures`` is 0)."""
    if settings.breaker_failures <= 0:
        return {}
    policy = BreakerPolicy(failures=settings.breaker_failures, open_for=settings.breaker_open_seconds)
    breakers = {}
    for name in names:
        breakers[name] = Breaker(name=name, policy=policy, listener=metrics.circuit_changed)
        metrics.circuit_changed(name, None, breakers[name].state)
    return breakers


def make_transport(
    settings: Settings,
    subgraphs: Mapping[str, str] | None = None,
    breakers: Mapping[str, Breaker] | None = None,
) -> Transport:
    """The subgraph client the settings ask for; ``subgraphs`` (name -> URL) get their own
    timeouts (``subgraph_timeouts``) and ``breakers``."""
    own = dict(settings.subgraph_timeouts)
    routes = {
        url: Route(timeout=own.get(name, settings.subgraph_timeout), breaker=(breakers or {}).get(name))
        for name, url in (subgraphs or {}).items()
    }
    return AiohttpTransport(
        timeout=settings.subgraph_timeout,
        connections=settings.connections_per_subgraph,
        dedup=settings.dedup_outbound,
        sealer=Sealer(load_secret(settings.subgraph_secret)) if settings.subgraph_secret else None,
        routes=routes,
    )


def _coordinate(text: str) -> tuple[str, str, str]:
    """``Type.field.argument`` as a triple (ValueError otherwise)."""
    type_name, field, argument = text.split(".")
    return type_name, field, argument


def make_authenticator(
    settings: Settings, supergraph: Supergraph, transport: Transport, tracer: Tracer | None = None
) -> Authenticator:
    """Who may call, from the settings: the registry for API keys, the issuer for citizens'
    tokens, and the identity subgraph for a citizen's wards (docs/access.md, "Callers") and for
    citizens' domiciles under a regional mandate (docs/access.md, "Regional mandates")."""
    store = AccessStore(settings.access_dsn, tracer=tracer) if settings.access_dsn else None
    tokens = None
    if settings.jwt_issuer and settings.jwt_jwks:
        tokens = TokenVerifier(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            jwks=settings.jwt_jwks,
            allow_dev_issuer=settings.allow_dev_issuer,
        )
    identity = supergraph.subgraphs.get(settings.identity_subgraph)
    wards = IdentityWards(transport, identity.url) if identity is not None and tokens is not None else None
    domiciles = None
    if identity is not None and store is not None:
        domiciles = IdentityDomiciles(transport, identity.url)
    return Authenticator(store=store, tokens=tokens, wards=wards, domiciles=domiciles)


class GatewayApp:
    """ASGI: the lifespan opens and closes the registry pool and the transport; HTTP goes to
    :class:`gateway.http.GraphQLHttp`."""

    def __init__(
        self,
        settings: Settings,
        supergraph: Supergraph,
        planner: Planner | None = None,
        transport: Transport | None = None,
        tracer_provider: TracerProvider | None = None,
    ) -> None:
        self.settings = settings
        self.supergraph = supergraph
        self.metrics = GatewayMetrics.from_env()
        #: where the spans go (docs/tracing.md); None: tracing off. One made from the OTEL_*
        #: variables is the app's own, flushed and shut down with it
        self._own_provider = tracer_provider is None
        self.tracer_provider = tracer_provider or tracer_provider_from_env("spbe-gateway")
        tracer = self.tracer_provider.get_tracer(TRACER_NAME) if self.tracer_provider is not None else None
        urls = {name: info.url for name, info in supergraph.subgraphs.items()}
        #: subgraph name -> its circuit breaker (docs/gateway.md, "Subgraph timeouts and circuit breakers")
        self.breakers = make_breakers(settings, urls, self.metrics) if transport is None else {}
        self.transport: Transport = MeteredTransport(
            transport or make_transport(settings, urls, self.breakers),
            self.metrics,
            {url: name for name, url in urls.items()},
        )
        self.pipeline = Pipeline(
            supergraph,
            planner or default_planner(),
            self.transport,
            cache_size=settings.cache_size,
            limits=Limits(
                max_tokens=settings.max_tokens,
                max_depth=settings.max_depth,
                max_aliases=settings.max_aliases,
                max_root_fields=settings.max_root_fields,
                max_fields=settings.max_fields,
                introspection=settings.introspection,
            ),
            tracer=tracer,
            demand=DemandLimits(
                max_cost=settings.max_cost,
                assumed_list_size=settings.assumed_list_size,
                max_list_argument_items=settings.max_list_argument_items,
                sized_by=tuple(_coordinate(item) for item in settings.sized_by_arguments),
            ),
            cache_bytes=settings.cache_bytes,
            max_cached_document_bytes=settings.max_cached_document_bytes,
        )
        self.authenticator = make_authenticator(settings, supergraph, self.transport, tracer)
        self.http = GraphQLHttp(settings, lambda: self.pipeline, self.authenticator)
        self.observed = Observed(
            self.http,
            self.metrics,
            Readiness(self._subgraph_urls, self._registry_open, open_circuits=self._open_circuits),
            lambda: (self.pipeline.prepared_hits, self.pipeline.prepared_misses),
            access_log=settings.access_log,
            tracer=tracer,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        else:
            await self.observed(scope, receive, send)

    def _subgraph_urls(self) -> dict[str, str] | None:
        """Name → URL of every subgraph of the loaded supergraph (readiness)."""
        return {name: info.url for name, info in self.supergraph.subgraphs.items()}

    def _open_circuits(self) -> dict[str, float]:
        """Subgraphs whose circuit is open, with the seconds until their next probe (readiness)."""
        return {
            name: breaker.retry_after()
            for name, breaker in self.breakers.items()
            if breaker.state is not CircuitState.CLOSED
        }

    def _registry_open(self) -> bool | None:
        """Whether the consent registry's pool is open; ``None`` without a registry."""
        store = self.authenticator.store
        return None if store is None else getattr(store, "_pool", None) is not None

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message: MutableMapping[str, Any] = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as error:  # e.g. the registry database is unreachable
                    failed = f"{type(error).__name__}: {error}"
                    await send({"type": "lifespan.startup.failed", "message": failed})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def startup(self) -> None:
        """Open the consent registry's pool (a gateway that cannot reach it does not start)."""
        if self.authenticator.store is not None:
            await self.authenticator.store.open()

    async def shutdown(self) -> None:
        """Close the registry pool and the subgraph transport; send the spans still waiting."""
        if self.authenticator.store is not None:
            await self.authenticator.store.close()
        await self.http.aclose()
        await self.transport.close()
        if self._own_provider and self.tracer_provider is not None:
            await asyncio.to_thread(self.tracer_provider.shutdown)


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
    if settings.access_log:
        configure_access_log()
    return create_app(settings, supergraph)



