"""Fixture subgraphs for executor, HTTP and integration tests, served over real HTTP.

A fixture subgraph is a graphql-core schema from SDL with plain resolvers and an ``_entities``
field (https://www.apollographql.com/docs/federation/subgraph-spec/) that maps each
representation through a per-type function. Each records the requests it receives, can be
slowed down, and is served by uvicorn on a free port in the test's own event loop.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import orjson
import uvicorn
from graphql import GraphQLSchema, GraphQLUnionType, build_schema, graphql

__all__ = ["FixtureSubgraph", "closed_url", "serve"]

_ENTITY_SDL = """
scalar _Any
extend type Query { _entities(representations: [_Any!]!): [_Entity]! }
"""

Resolver = Callable[..., Any]


class FixtureSubgraph:
    """One subgraph: SDL, root resolvers (``{"Query.me": fn}``) and entity resolvers by type;
    ``published``: the federation SDL it answers ``_service { sdl }`` with."""

    def __init__(
        self,
        sdl: str,
        resolvers: Mapping[str, Resolver] | None = None,
        entities: Mapping[str, Callable[[dict[str, Any]], Any]] | None = None,
        delay: float = 0.0,
        published: str | None = None,
    ) -> None:
        self.entities = dict(entities or {})
        full = sdl
        if self.entities:
            full += f"\nunion _Entity = {' | '.join(self.entities)}\n{_ENTITY_SDL}"
        if published is not None:
            full += "\ntype _Service { sdl: String! }\nextend type Query { _service: _Service! }\n"
        self.schema: GraphQLSchema = build_schema(full)
        if published is not None:
            self.schema.query_type.fields["_service"].resolve = lambda *_: {"sdl": published}  # type: ignore[union-attr]
        for coordinate, resolver in (resolvers or {}).items():
            type_name, field_name = coordinate.split(".")
            self.schema.get_type(type_name).fields[field_name].resolve = resolver  # type: ignore[union-attr]
        if self.entities:
            self.schema.query_type.fields["_entities"].resolve = self._resolve_entities  # type: ignore[union-attr]
            union = self.schema.get_type("_Entity")
            assert isinstance(union, GraphQLUnionType)
            union.resolve_type = lambda value, *_: value["__typename"]
        self.delay = delay
        self.requests: list[dict[str, Any]] = []

    def _resolve_entities(self, _root: Any, _info: Any, representations: list[dict[str, Any]]) -> list[Any]:
        out = []
        for representation in representations:
            found = self.entities[representation["__typename"]](representation)
            out.append(None if found is None else {"__typename": representation["__typename"], **found})
        return out

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        request = orjson.loads(body)
        self.requests.append(request)
        if self.delay:
            await asyncio.sleep(self.delay)
        result = await graphql(
            self.schema, request["query"], variable_values=request.get("variables"),
            operation_name=request.get("operationName"),
        )
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
        out = orjson.dumps(payload)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(out)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": out})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def closed_url() -> str:
    """A URL where nothing listens (a subgraph that is down)."""
    return f"http://127.0.0.1:{_free_port()}/graphql"


@asynccontextmanager
async def serve(app: Any) -> AsyncIterator[str]:
    """Serve an ASGI app over real HTTP on a free port; yields its ``/graphql`` URL."""
    port = _free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none",
        http="h11", loop="asyncio",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        await task
