"""The subgraph app factory: Starlette, one asyncpg pool, GraphQL at ``/graphql``, ``GET /health``.

Implements docs/subgraphs.md and docs/operations.md: one pool per process,
created in the ASGI lifespan and closed with it; nothing outlives the app. Each request gets a
:class:`~subgraphs.common.context.Context` with fresh loaders built by the service's
``make_loaders(pool)``. Answers are ``application/graphql-response+json`` when the client accepts
it, else ``application/json``, with the status codes the GraphQL-over-HTTP draft gives each
(docs/errors.md). The app protects itself (docs/subgraphs.md, "Limits";
:class:`~subgraphs.common.limits.SubgraphLimits`): a bounded body and work abandoned when the
caller goes (:class:`~subgraphs.common.intake.Intake`), PostgreSQL's ``statement_timeout`` on
every pool connection, and a bounded ``_entities`` call (:mod:`subgraphs.common.schema`).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import Any, cast

import asyncpg
import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.federation import Schema
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from gateway.access.seal import Sealer
from subgraphs.common.context import Context
from subgraphs.common.errors import REQUEST_ERROR_CODES, with_code
from subgraphs.common.intake import Intake
from subgraphs.common.limits import SubgraphLimits
from subgraphs.common.linkage import Linkage
from subgraphs.common.nik import current_regency_codes
from subgraphs.common.seal import SealedApp, caller_of

__all__ = ["ConnectionInit", "create_pool", "create_subgraph_app"]

_log = logging.getLogger("subgraphs.server")

#: Called on every new pool connection (codecs; tests use it to attach a query logger).
ConnectionInit = Callable[[asyncpg.Connection], Awaitable[None]]

JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
#: the response media type negotiated for the request being answered (set in ``__call__``)
_MEDIA: ContextVar[str] = ContextVar("spbe_subgraph_media", default=JSON)


def negotiate(accept: str | None) -> str:
    """GraphQL over HTTP draft, "Accept": ``application/graphql-response+json`` when the client
    accepts it (a ``q`` above 0), else ``application/json`` (also for ``*/*``, none, or types
    the subgraph cannot give: the draft lets a server answer ``application/json`` then)."""
    for part in (accept or "").split(","):
        media, *params = (piece.strip().lower() for piece in part.split(";"))
        if media == GRAPHQL_RESPONSE_JSON and all(_weight(p) > 0 for p in params):
            return GRAPHQL_RESPONSE_JSON
    return JSON


def _weight(param: str) -> float:
    """The weight a ``q=`` parameter gives (1 for any other parameter or a malformed one)."""
    name, _, value = param.partition("=")
    if name.strip() != "q":
        return 1.0
    try:
        return float(value)
    except ValueError:
        return 1.0


class _Connection(asyncpg.Connection):
    """A pool connection released without a reset round trip.

    The subgraphs never change session state (no ``SET``, ``LISTEN``, advisory locks or cursors
    outliving a call), so asyncpg's ``RESET ALL; UNLISTEN *; ...`` on every release is pure cost:
    one extra round trip per statement.
    """

    def get_reset_query(self) -> str:
        return ""


async def create_pool(
    dsn: str,
    *,
    init: ConnectionInit | None = None,
    min_size: int = 2,
    max_size: int = 10,
    statement_timeout: float = 0,
) -> asyncpg.Pool:
    """The service's one pool; ``init`` runs on each new connection; ``statement_timeout``
    (seconds, 0: none) is PostgreSQL's limit on each statement of its connections."""
    settings = (
        {"statement_timeout": str(max(1, round(statement_timeout * 1000)))} if statement_timeout else {}
    )
    pool = await asyncpg.create_pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        init=init,
        connection_class=_Connection,
        server_settings=settings,
    )
    assert pool is not None
    return pool


class SubgraphGraphQL(GraphQL[Context[Any], None]):
    """Strawberry's ASGI GraphQL app with a per-request context over the app's pool."""

    def __init__(
        self,
        schema: Schema,
        make_loaders: Callable[[asyncpg.Pool], Any],
        limits: SubgraphLimits,
        linkage: Linkage | None = None,
    ) -> None:
        super().__init__(schema, graphql_ide=None)
        self._make_loaders = make_loaders
        self._limits = limits
        self._linkage = linkage

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Strawberry's HTTP handling, except that a mutation sent with GET is 405 (Strawberry
        says 400; the GraphQL-over-HTTP draft, "GET", says MUST 405) and every 405 carries
        ``Allow`` (RFC 9110 §15.5.6)."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        accept = next((v for k, v in scope["headers"] if k == b"accept"), b"").decode("latin-1")
        _MEDIA.set(negotiate(accept))  # this request's task only
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            status = error.status_code
            if isinstance(error.__cause__, InvalidOperationTypeError) and scope["method"] == "GET":
                status = 405
            headers = {"allow": "GET, POST"} if status == 405 else None
            response = PlainTextResponse(error.reason, status_code=status, headers=headers)
        await response(scope, receive, send)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        for error in result.errors or ():
            with_code(error)  # a syntax error skips the schema extension that adds codes
        return await super().process_result(request, result)

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """The answer in the negotiated media type. Request errors (syntax, validation,
        variables) have no ``data`` entry, and status 400 under application/graphql-response+json
        but 200 under application/json, as the GraphQL-over-HTTP draft says ("Status Codes");
        anything that executed is 200."""
        media = _MEDIA.get()
        if isinstance(response_data, dict) and _is_request_error(response_data):
            response_data = {key: value for key, value in response_data.items() if key != "data"}  # type: ignore[assignment]
            if media == GRAPHQL_RESPONSE_JSON:
                sub_response.status_code = 400
        response = super().create_response(response_data, sub_response)
        if media != JSON:
            response.headers["content-type"] = f"{media}; charset=utf-8"
        return response

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context[Any]:
        pool: asyncpg.Pool = request.app.state.pool
        return Context(
            pool=pool,
            loaders=self._make_loaders(pool),
            caller=caller_of(request.scope),
            limits=self._limits,
            linkage=self._linkage,
        )


def _is_request_error(response: GraphQLHTTPResponse) -> bool:
    """Whether the response reports only errors that stopped the request before execution."""
    errors = cast("list[dict[str, Any]]", response.get("errors") or [])
    codes = {(error.get("extensions") or {}).get("code") for error in errors}
    return response.get("data") is None and bool(errors) and codes <= REQUEST_ERROR_CODES


#: Allocations (net of frees) between young-generation collections while serving.
_GC_THRESHOLD = (200_000, 50, 100)


@contextlib.contextmanager
def _collector_tuned() -> Iterator[None]:
    """Tune Python's cyclic garbage collector while the app serves, and restore it afterwards.

    An ``_entities`` answer for 1,000 citizens keeps some 10^5 result objects alive until it is
    sent; with the default threshold (700) the collector keeps re-walking them, measured at about a
    third of the request's time. Objects from start-up (schema, region list) are frozen out of
    collection; reference counting still frees almost everything at once.
    """
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def create_subgraph_app(
    service: str,
    dsn: str,
    schema: Schema,
    make_loaders: Callable[[asyncpg.Pool], Any],
    *,
    connection_init: ConnectionInit | None = None,
    sealer: Sealer | None = None,
    limits: SubgraphLimits | None = None,
    linkage: Linkage | None = None,
) -> Starlette:
    """A Starlette app serving ``schema`` at ``/graphql`` over a pool on ``dsn``; with a
    ``sealer`` it answers only requests the gateway signed (docs/access.md). ``limits`` default to
    :meth:`SubgraphLimits.from_env`; ``linkage`` is the statistics linkage secret
    (docs/statistics.md; none: the fields needing it answer ``LINKAGE_UNAVAILABLE``)."""
    limits = SubgraphLimits.from_env() if limits is None else limits

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await asyncio.to_thread(current_regency_codes)  # so no request waits for the region list
        app.state.pool = await create_pool(
            dsn,
            init=connection_init,
            min_size=min(2, limits.pool_size),
            max_size=limits.pool_size,
            statement_timeout=limits.statement_timeout,
        )
        try:
            with _collector_tuned():
                yield
        finally:
            await app.state.pool.close()

    async def health(request: Request) -> JSONResponse:
        try:
            async with request.app.state.pool.acquire() as conn:
                await conn.fetchval("select 1")
        except Exception as error:  # any failure means "not ready"; asyncpg raises several kinds
            _log.warning("health check of %s failed: %s", service, type(error).__name__)
            return JSONResponse({"status": "unavailable", "service": service}, status_code=503)
        return JSONResponse({"status": "ok", "service": service})

    graphql = SubgraphGraphQL(schema, make_loaders, limits, linkage)
    app = Starlette(
        routes=[Route("/health", health, methods=["GET"]), Route("/graphql", graphql)],
        lifespan=lifespan,
    )
    app.add_middleware(SealedApp, sealer=sealer, service=service, max_body_bytes=limits.max_body_bytes)
    app.add_middleware(Intake, max_body_bytes=limits.max_body_bytes, service=service)  # outermost
    return app
