"""Build any service subgraph by name (docs/subgraphs.md, docs/operations.md).

``create_app("health", "postgresql://.../spbe_health")`` gives the Starlette app; serve it with
``uvicorn``. The import is lazy so a process loads only the service it runs. Traces
(docs/tracing.md) go to the tracer provider given, else to the one the ``OTEL_*`` variables
configure (``service.name`` ``spbe-<service>`` unless ``OTEL_SERVICE_NAME`` says otherwise);
none: tracing is off and the app is not wrapped at all.
"""

from __future__ import annotations

import importlib

from opentelemetry.sdk.trace import TracerProvider
from starlette.applications import Starlette

from gateway.access.seal import Sealer
from gateway.tracing import TRACER_NAME, tracer_provider_from_env
from subgraphs.common.limits import SubgraphLimits
from subgraphs.common.linkage import Linkage
from subgraphs.common.server import ConnectionInit, create_subgraph_app
from subgraphs.common.tracing import Traced, traced_connections

__all__ = ["LINKAGE_SERVICES", "SERVICES", "create_app"]

#: The services with a subgraph here.
SERVICES: tuple[str, ...] = (
    "identity", "health", "education", "police", "social", "civilservice", "payments", "consent",
)

#: The services holding the statistics linkage secret (docs/statistics.md, "Linkage across
#: services"); the others never get it.
LINKAGE_SERVICES: frozenset[str] = frozenset({"social", "education", "health"})


def create_app(
    service: str,
    dsn: str,
    *,
    connection_init: ConnectionInit | None = None,
    sealer: Sealer | None = None,
    tracer_provider: TracerProvider | None = None,
    limits: SubgraphLimits | None = None,
    linkage: Linkage | None = None,
) -> Starlette:
    """The subgraph app of ``service`` over the database at ``dsn``; ``sealer`` seals it
    (docs/access.md): without one it answers unsigned requests too. ``limits`` default to the
    ``SPBE_SUBGRAPH_*`` variables (docs/subgraphs.md, "Limits"), ``linkage`` (the statistics linkage
    secret: docs/statistics.md) to ``SPBE_LINKAGE_SECRET``, for :data:`LINKAGE_SERVICES` only."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; expected one of {', '.join(SERVICES)}")
    if service not in LINKAGE_SERVICES:
        linkage = None
    elif linkage is None:
        linkage = Linkage.from_env()
    schema = importlib.import_module(f"subgraphs.{service}.schema").schema
    make_loaders = importlib.import_module(f"subgraphs.{service}.loaders").make_loaders
    provider = tracer_provider or tracer_provider_from_env(f"spbe-{service}")
    tracer = provider.get_tracer(TRACER_NAME) if provider is not None else None
    if tracer is not None:  # a span per SQL statement, without its parameters
        connection_init = traced_connections(tracer, connection_init)
    app = create_subgraph_app(
        service,
        dsn,
        schema,
        make_loaders,
        connection_init=connection_init,
        sealer=sealer,
        limits=limits,
        linkage=linkage,
    )
    if tracer is not None:  # outermost: the span covers the seal's refusals too
        app.add_middleware(Traced, tracer=tracer, service=service)
    return app
