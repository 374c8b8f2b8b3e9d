"""One HTTP server hosting every fixture subgraph, each at ``/<suite>/<subgraph>``.

GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/): POST JSON
``{query, variables, operationName}``, JSON answer. Started once in a background thread
(uvicorn), it counts the requests each subgraph receives so cases can assert that the
gateway made no needless subgraph calls.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
import uvicorn
from graphql import GraphQLSchema, graphql
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.federation.subgraph import Subgraph, executable_schema

__all__ = ["SubgraphServer", "closed_port", "free_port"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def closed_port() -> int:
    """A port to stand for a subgraph that is gone (connections are refused)."""
    return free_port()


@dataclass
class _Mounted:
    subgraph: Subgraph
    schema: GraphQLSchema


@dataclass
class SubgraphServer:
    """Serves fixture subgraphs over real HTTP and records the calls they get."""

    host: str = "127.0.0.1"
    port: int = 0
    calls: Counter[str] = field(default_factory=Counter)
    log: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    _mounted: dict[str, _Mounted] = field(default_factory=dict)
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def mount(self, suite: str, subgraphs: Iterable[Subgraph]) -> None:
        """Make ``subgraphs`` of ``suite`` reachable (idempotent)."""
        for subgraph in subgraphs:
            path = f"{suite}/{subgraph.name}"
            if path not in self._mounted and not subgraph.down:
                self._mounted[path] = _Mounted(subgraph, executable_schema(subgraph))

    def url(self, suite: str, name: str) -> str:
        return f"http://{self.host}:{self.port}/{suite}/{name}"

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.log.clear()

    def representations(self, suite: str) -> dict[str, int]:
        """Entity representations received per subgraph of ``suite`` since the last reset."""
        prefix = f"{suite}/"
        counts: Counter[str] = Counter()
        with self._lock:
            for path, body in self.log:
                variables = body.get("variables") or {}
                reps = variables.get("representations") if isinstance(variables, dict) else None
                if path.startswith(prefix) and isinstance(reps, list):
                    counts[path[len(prefix) :]] += len(reps)
        return dict(counts)

    def snapshot(self, suite: str) -> dict[str, int]:
        """Requests received per subgraph of ``suite`` since the last reset."""
        prefix = f"{suite}/"
        with self._lock:
            return {k[len(prefix) :]: v for k, v in self.calls.items() if k.startswith(prefix)}

    async def _handle(self, request: Request) -> Response:
        path = f"{request.path_params['suite']}/{request.path_params['name']}"
        mounted = self._mounted.get(path)
        if mounted is None:
            return Response(b"unknown subgraph", status_code=404)
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return Response(b"bad json", status_code=400)
        with self._lock:
            self.calls[path] += 1
            self.log.append((path, body))
        subgraph = mounted.subgraph
        if subgraph.delay:
            await asyncio.sleep(subgraph.delay)
        if subgraph.status is not None:
            return Response(b"subgraph failure", status_code=subgraph.status)
        result = await graphql(
            mounted.schema,
            body.get("query") or "",
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
        )
        return Response(orjson.dumps(result.formatted), media_type="application/json")

    def start(self) -> None:
        """Start serving in a daemon thread and wait until the port accepts connections."""
        if self._thread is not None:
            return
        self.port = self.port or free_port()
        app = Starlette(routes=[Route("/{suite}/{name}", self._handle, methods=["POST"])])
        config = uvicorn.Config(
            app,
            host=self.host,
            port=self.port,
            log_level="warning",
            lifespan="off",
            ws="none",
            http="h11",
            access_log=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="fixture-subgraphs", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fixture subgraph server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=5)
            self._thread = None
