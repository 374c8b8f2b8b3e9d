"""The civil-service subgraph's ASGI app (docs/civilservice.md, docs/operations.md)."""

from __future__ import annotations

from starlette.applications import Starlette

from gateway.access.seal import Sealer
from subgraphs.civilservice.loaders import make_loaders
from subgraphs.civilservice.schema import schema
from subgraphs.common.limits import SubgraphLimits
from subgraphs.common.server import ConnectionInit, create_subgraph_app

__all__ = ["create_app"]


def create_app(
    dsn: str,
    *,
    connection_init: ConnectionInit | None = None,
    sealer: Sealer | None = None,
    limits: SubgraphLimits | None = None,
) -> Starlette:
    """The civilservice subgraph over the database at ``dsn``."""
    return create_subgraph_app(
        "civilservice",
        dsn,
        schema,
        make_loaders,
        connection_init=connection_init,
        sealer=sealer,
        limits=limits,
    )
