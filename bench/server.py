"""A subgraph under uvicorn in its own process, counting the SQL statements it sends.

``python -m bench.server SERVICE DSN PORT`` serves ``subgraphs.app.create_app(SERVICE, DSN)``
on 127.0.0.1:PORT, plus ``GET /_bench/statements`` answering ``{"statements": n}``: how many
statements the app's pool has run so far (asyncpg's query logger on every pool connection).
Used by bench/entities.py so the client's CPU time is not the server's.
"""

from __future__ import annotations

import sys
from typing import Any

import asyncpg
import uvicorn
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from subgraphs.app import create_app

__all__ = ["StatementCounter", "counted_app", "main"]


class StatementCounter:
    """Counts statements run by every connection it is attached to."""

    def __init__(self) -> None:
        self.count = 0

    async def init(self, conn: asyncpg.Connection) -> None:
        conn.add_query_logger(self._logged)

    def _logged(self, record: Any) -> None:
        self.count += 1


def counted_app(service: str, dsn: str) -> ASGIApp:
    """The subgraph app of ``service`` with the statement count at ``/_bench/statements``."""
    counter = StatementCounter()
    app = create_app(service, dsn, connection_init=counter.init)

    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/_bench/statements":
            await JSONResponse({"statements": counter.count})(scope, receive, send)
            return
        await app(scope, receive, send)

    return serve


def main(argv: list[str]) -> None:
    service, dsn, port = argv
    uvicorn.run(
        counted_app(service, dsn),
        host="127.0.0.1",
        port=int(port),
        log_level="warning",
        access_log=False,
        lifespan="on",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
