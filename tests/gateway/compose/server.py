"""Real HTTP subgraphs for the fetch and command tests: two Strawberry federation schemas and
some misbehaving endpoints, served by uvicorn in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import strawberry
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from strawberry.asgi import GraphQL

__all__ = ["serve_subgraphs"]


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID
    name: str | None = None


@strawberry.type
class UsersQuery:
    @strawberry.field
    def me(self) -> User | None:
        return User(id=strawberry.ID("1"), name="Ana")


@strawberry.federation.type(keys=["id"])
class Review:
    id: strawberry.ID
    body: str | None = None


@strawberry.federation.type(name="User", keys=["id"])
class ReviewedUser:
    id: strawberry.ID

    @strawberry.field
    def reviews(self) -> list[Review]:
        return []


@strawberry.type
class ReviewsQuery:
    @strawberry.field
    def latest(self) -> list[Review]:
        return []


@strawberry.federation.type(name="User", keys=["id"])
class ClashingUser:
    id: strawberry.ID
    name: str | None = None


@strawberry.type
class ClashQuery:
    @strawberry.field
    def someone(self) -> ClashingUser | None:
        return None


USERS = strawberry.federation.Schema(query=UsersQuery, types=[User])
REVIEWS = strawberry.federation.Schema(query=ReviewsQuery, types=[ReviewedUser, Review])
CLASH = strawberry.federation.Schema(query=ClashQuery)


async def _graphql_errors(request: Request) -> Response:
    return JSONResponse({"errors": [{"message": 'Cannot query field "_service" on type "Query".'}]})


async def _guarded(request: Request) -> Response:
    if request.headers.get("x-test-token") != "let-me-in":
        return Response(b"no", status_code=401)
    sdl = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3")\ntype Query { guarded: Int }'
    return JSONResponse({"data": {"_service": {"sdl": sdl}}})


async def _server_error(request: Request) -> Response:
    return Response(b"boom", status_code=500)


async def _not_json(request: Request) -> Response:
    return Response(b"<html>hello</html>", media_type="text/html")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_subgraphs() -> Iterator[str]:
    """Serve /users, /reviews, /clash (Strawberry), /guarded (needs a header), /errors, /broken,
    /html; yields the base URL."""
    app = Starlette(
        routes=[
            Mount("/users", GraphQL(USERS)),
            Mount("/reviews", GraphQL(REVIEWS)),
            Mount("/clash", GraphQL(CLASH)),
            Route("/errors", _graphql_errors, methods=["POST"]),
            Route("/guarded", _guarded, methods=["POST"]),
            Route("/broken", _server_error, methods=["POST"]),
            Route("/html", _not_json, methods=["POST"]),
        ]
    )
    port = _free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        ws="none",
        http="h11",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="compose-test-subgraphs", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test subgraph server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
