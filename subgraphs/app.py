"""Build any service subgraph by name (docs/subgraphs.md, docs/operations.md).

``create_app("health", "postgresql://.../spbe_health")`` gives the Starlette app; serve it with
``uvicorn``. The import is lazy so a process loads only the service it runs.
"""

from __future__ import annotations

import importlib

from starlette.applications import Starlette

from gateway.access.seal import Sealer
from subgraphs.common.server import ConnectionInit

__all__ = ["SERVICES", "create_app"]

#: The services with a subgraph here.
SERVICES: tuple[str, ...] = ("identity", "health", "education", "police", "social", "civilservice", "consent")


def create_app(
    service: str, dsn: str, *, connection_init: ConnectionInit | None = None, sealer: Sealer | None = None
) -> Starlette:
    """The subgraph app of ``service`` over the database at ``dsn``; ``sealer`` seals it
    (docs/access.md): without one it answers unsigned requests too."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; expected one of {', '.join(SERVICES)}")
    module = importlib.import_module(f"subgraphs.{service}.app")
    app: Starlette = module.create_app(dsn, connection_init=connection_init, sealer=sealer)
    return app
