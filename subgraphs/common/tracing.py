"""A subgraph's side of tracing (docs/tracing.md): a server span per request, the child of the
gateway's fetch span whose W3C ``traceparent`` the request carries.

:class:`Traced` wraps the subgraph's ASGI app outside the seal, so refused requests are traced
too. The span is named ``POST /graphql`` and carries the HTTP method, route and status, the
service, and the operation's name (only a plain name: at most 64 characters of ``[A-Za-z0-9_]``
without a run of six digits) and type, read from the request body, which is then replayed. Never
the query text, the variables or the representations: they name citizens.

:func:`traced_connections` adds a ``db <operation>`` client span per SQL statement of the
subgraph's pool, the child of whatever span was current when it ran: the statement's text
(every statement of the project is parameterised, so the text holds no value) and never its
parameters; statements outside a traced request (a probe's) make none. The span is made after
the statement from asyncpg's query logger, so its start is the end less the elapsed time asyncpg
measured.
"""

from __future__ import annotations

import re
import time
from typing import Any

import asyncpg
import orjson
from asyncpg.connection import LoggedQuery
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer, get_current_span

from gateway.tracing import extract_context, mark_failed
from subgraphs.common.seal import App, Message, Receive, Scope, Send
from subgraphs.common.server import ConnectionInit

__all__ = ["Traced", "traced_connections"]

_ROUTES = frozenset({"/graphql"})
_NAME = re.compile(r"^(?!.*\d{6})[A-Za-z0-9_]{1,64}$")
_KIND = re.compile(r"^\s*(query|mutation|subscription)\b")
_MAX_BODY = 8 << 20


def _operation(body: bytes) -> tuple[str | None, str | None]:
    """The operation name (when plain) and type of a GraphQL-over-HTTP POST body."""
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None, None
    if type(request) is not dict:
        return None, None
    name = request.get("operationName")
    query = request.get("query")
    kind = None
    if type(query) is str:
        found = _KIND.match(query)
        kind = found.group(1) if found else ("query" if query.lstrip().startswith("{") else None)
    return (name if type(name) is str and _NAME.match(name) else None), kind


_SQL_VERB = re.compile(r"^\s*(\w+)")


def traced_connections(tracer: Tracer, init: ConnectionInit | None = None) -> ConnectionInit:
    """A pool connection initialiser that runs ``init`` and logs each statement as a span."""

    def record(query: LoggedQuery) -> None:
        if not get_current_span().is_recording():  # not within a traced request (a probe's)
            return
        ended = time.time_ns()
        verb = _SQL_VERB.match(query.query)
        operation = verb.group(1).lower() if verb else "query"
        current = tracer.start_span(
            f"db {operation}",
            kind=SpanKind.CLIENT,
            start_time=ended - int(query.elapsed * 1e9),
            attributes={
                "db.system.name": "postgresql",
                "db.operation.name": operation,
                "db.query.text": query.query,
            },
        )
        if query.exception is not None:
            mark_failed(current, query.exception)
        current.end(end_time=ended)

    async def initialise(connection: asyncpg.Connection) -> None:
        if init is not None:
            await init(connection)
        connection.add_query_logger(record)

    return initialise


class Traced:
    """ASGI middleware: one server span per HTTP request of the subgraph."""

    def __init__(self, app: App, *, tracer: Tracer, service: str) -> None:
        self.app = app
        self.tracer = tracer
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/health":  # probes make no traces
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        route = scope["path"] if scope["path"] in _ROUTES else None  # others may carry anything
        attributes: dict[str, Any] = {"http.request.method": method, "spbe.service": self.service}
        if route:
            attributes["http.route"] = route
        with self.tracer.start_as_current_span(
            f"{method} {route}" if route else method,
            context=extract_context(scope.get("headers", ())),
            kind=SpanKind.SERVER,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        ) as current:
            try:
                await self._serve(scope, receive, send, current, route == "/graphql" and method == "POST")
            except BaseException as error:
                mark_failed(current, error)
                raise

    async def _serve(self, scope: Scope, receive: Receive, send: Send, current: Span, read: bool) -> None:
        if read:
            receive = await self._describe_operation(receive, current)

        async def send_traced(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = int(message["status"])
                current.set_attribute("http.response.status_code", status)
                if status >= 500:
                    current.set_status(Status(StatusCode.ERROR, f"HTTP {status}"))
            await send(message)

        await self.app(scope, receive, send_traced)

    async def _describe_operation(self, receive: Receive, current: Span) -> Receive:
        """Read the body for the operation's name and type; a ``receive`` that replays it."""
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body") or size > _MAX_BODY:
                break
        if size <= _MAX_BODY and messages[-1]["type"] == "http.request":
            name, kind = _operation(b"".join(m.get("body", b"") for m in messages))
            if name:
                current.set_attribute("graphql.operation.name", name)
            if kind:
                current.set_attribute("graphql.operation.type", kind)

        async def replay() -> Message:
            if messages:
                return messages.pop(0)
            return await receive()

        return replay
