"""Test helpers for subgraphs: a real uvicorn server on a free port, and a statement counter.

The counter is a connection ``init`` hook that attaches asyncpg's query logger to every pool
connection, so it counts what really reaches PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import uvicorn
from starlette.applications import Starlette

from subgraphs.app import create_app

__all__ = [
    "StatementLog",
    "Subgraph",
    "graphql",
    "make_nik",
    "running_subgraph",
    "sample_niks",
    "serve",
    "server_log",
]

#: Loggers of the client side of a test, whose records are not the server's logs.
_CLIENT_LOGGERS = ("httpx", "httpcore")


class StatementLog:
    """Every SQL statement the pool's connections ran, in order."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    async def init(self, conn: asyncpg.Connection) -> None:
        conn.add_query_logger(self._record)

    def _record(self, record: Any) -> None:
        self.statements.append(" ".join(record.query.split()))

    def clear(self) -> None:
        self.statements.clear()

    def tables(self) -> list[str]:
        """The first table each statement reads (``from x``), for readable assertions."""
        found = []
        for statement in self.statements:
            words = statement.split()
            found.append(words[words.index("from") + 1] if "from" in words else statement)
        return found


@contextlib.asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on a free local port; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False))
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]  # the test owns signals
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    """POST a GraphQL request to ``/graphql``; return the status and the decoded body."""
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    return response.status_code, response.json()


def server_log(records: list[logging.LogRecord]) -> str:
    """The messages the server side logged (client libraries' records left out)."""
    return "\n".join(r.getMessage() for r in records if not r.name.startswith(_CLIENT_LOGGERS))


def make_nik(birth: datetime.date, female: bool, serial: int, district: str = "317101") -> str:
    """A NIK as Dukcapil writes it: district, DDMMYY (day + 40 for women), serial."""
    day = birth.day + (40 if female else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def sample_niks(count: int) -> list[str]:
    """``count`` distinct, valid NIKs (Jagakarsa, Jakarta Selatan), alternately male and female."""
    return [
        make_nik(datetime.date(1970 + n % 50, 1 + n % 12, 1 + n % 28), n % 2 == 1, n + 1)
        for n in range(count)
    ]


@dataclass(frozen=True)
class Subgraph:
    """A service subgraph under test: its HTTP client, its statement log, the citizens it holds."""

    client: httpx.AsyncClient
    log: StatementLog
    niks: list[str]


@contextlib.asynccontextmanager
async def running_subgraph(
    service: str, dsn: str, fill: Callable[[asyncpg.Connection], Awaitable[list[str]]]
) -> AsyncIterator[Subgraph]:
    """Fill the database at ``dsn`` with ``fill`` (which returns the NIKs it wrote), then serve
    the ``service`` subgraph over it, counting every statement its pool runs."""
    conn = await asyncpg.connect(dsn)
    try:
        niks = await fill(conn)
    finally:
        await conn.close()
    log = StatementLog()
    app = create_app(service, dsn, connection_init=log.init)
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        yield Subgraph(client, log, niks)
