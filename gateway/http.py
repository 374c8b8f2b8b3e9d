"""GraphQL over HTTP: the gateway's ASGI front.

Implements the GraphQL-over-HTTP draft (https://graphql.github.io/graphql-over-http/draft/):
``POST`` with ``application/json`` bodies and ``GET`` with URL parameters (queries only; a
mutation over ``GET`` is ``405``), ``Accept`` negotiation between
``application/graphql-response+json`` (request errors get 4xx) and ``application/json``
(well-formed requests get 200 with ``errors``), 400 for bodies that are not a GraphQL request,
413 beyond the size limit, ``GET /health``. Browser origins on ``--cors-origin`` get CORS headers
(gateway/cors.py; preflights 204, other origins 403). Persisted queries and trusted documents:
gateway/persisted.py; rate limits: gateway/ratelimit.py. Browsers (``Accept`` preferring
``text/html``) get the explorer's page instead (gateway/explorer, ``--no-explorer``). A
debugging caller (``--debug-plans``) who sends ``Apollo-Query-Plan-Experimental: 1`` or
``X-SPBE-Debug-Plan: 1`` gets ``extensions.queryPlan``.

Every request first establishes its caller (docs/access.md, "Callers": an API key, a citizen's
token, or anonymous; a bad credential is 401), whose rights select the prepared document and
whose consent decisions the execution asks for.

Identical queries in flight (same document, operation, variables and caller, purpose included)
share one execution and one serialized body (inbound de-duplication, ``--dedup-inbound``, with
:class:`gateway.inflight.InFlight`), except operations that reach personal data: each of those
is decided and recorded on its own.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import orjson
from graphql import OperationType

from gateway.access.authenticate import Authenticator
from gateway.access.caller import Caller
from gateway.access.consent import ConsentGate
from gateway.access.rights import Rights
from gateway.admission import Admission
from gateway.cors import Cors, Header
from gateway.errors import (
    GatewayError,
    GatewayTimeoutError,
    InFlightLimitError,
    MethodNotAllowedError,
    NotAcceptableError,
    PayloadTooLargeError,
    RateLimitedError,
    RequestError,
    RequestTimeoutError,
    UnsupportedMediaError,
    graphql_error,
)
from gateway.explorer import Explorer
from gateway.explorer.me import MePage
from gateway.inflight import InFlight
from gateway.persisted import PersistedQueries
from gateway.pipeline import Pipeline, Prepared
from gateway.planner.printer import print_plan
from gateway.ratelimit import bucket_key, make_limiter
from gateway.settings import Settings

__all__ = ["GRAPHQL_RESPONSE_JSON", "JSON", "GraphQLHttp", "plan_json"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
_DEBUG_HEADERS = (b"apollo-query-plan-experimental", b"x-spbe-debug-plan")
_log = logging.getLogger("gateway.http")


def _negotiate(accept: bytes | None) -> str:
    """The response media type for an ``Accept`` header (draft §"Accept")."""
    if not accept:
        return JSON
    best: str | None = None
    for part in accept.decode("latin-1").split(","):
        media, *params = (piece.strip().lower() for piece in part.split(";"))
        if any(p.startswith("q=") and _weight(p[2:]) <= 0 for p in params):
            continue
        if media == GRAPHQL_RESPONSE_JSON:
            return GRAPHQL_RESPONSE_JSON
        if media in (JSON, "application/*", "*/*") and best is None:
            best = JSON
    if best is None:
        raise NotAcceptableError(f"Can only answer {GRAPHQL_RESPONSE_JSON} or {JSON}.")
    return best


def _weight(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 1.0


def plan_json(node: Any) -> Any:
    """A plan (frozen dataclasses) as JSON-ready data, each node tagged with its ``kind``."""
    if hasattr(node, "__dataclass_fields__"):
        out: dict[str, Any] = {"kind": type(node).__name__}
        for name in node.__dataclass_fields__:
            out[name] = plan_json(getattr(node, name))
        return out
    if isinstance(node, tuple | list):
        return [plan_json(item) for item in node]
    return node


#: What the metrics need of an answer without parsing it again: whether it has errors, and the
#: consent category of each ``CONSENT_REQUIRED`` error in it.
Summary = tuple[bool, tuple[str, ...]]
Answer = tuple[bytes, Summary]


def summarize(response: dict[str, Any]) -> Summary:
    """The :data:`Summary` of a response about to be serialized."""
    errors = response.get("errors")
    if not errors:
        return False, ()
    categories: list[str] = []
    for error in errors:
        extensions = error.get("extensions") if type(error) is dict else None
        if type(extensions) is dict and extensions.get("code") == "CONSENT_REQUIRED":
            categories.append(str(extensions.get("category") or "unknown"))
    return True, tuple(categories)


class GraphQLHttp:
    """The ASGI application serving ``/graphql`` (also ``/``) and ``/health``."""

    def __init__(
        self,
        settings: Settings,
        pipeline: Callable[[], Pipeline | None],
        authenticator: Authenticator | None = None,
    ) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._shared: InFlight[Answer] | None = InFlight() if settings.dedup_inbound else None
        self._authenticator = authenticator or Authenticator(store=None, tokens=None)
        self._cors = Cors(settings.cors_origins, settings.cors_max_age)
        self._limiter = make_limiter(settings)
        self._persisted = PersistedQueries.from_settings(settings)
        self._bucket_secret = (settings.subgraph_secret or "spbe-graph rate limits").encode()
        self._explorer = Explorer() if settings.explorer else None
        self._me = MePage() if settings.explorer else None
        self._admission = Admission(
            max_requests_per_client=settings.max_requests_per_client,
            max_variable_depth=settings.max_variable_depth,
        )

    async def aclose(self) -> None:
        """Close what the HTTP front opened (the rate limits' Redis connections)."""
        if self._limiter is not None:
            await self._limiter.close()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"]
        headers = dict(scope["headers"])
        origin = headers.get(b"origin")
        if (
            self._cors.enabled
            and scope["method"] == "OPTIONS"
            and b"access-control-request-method" in headers
        ):
            status, cors = self._cors.preflight(origin)
            await _respond_empty(send, status, cors)
            return
        if self._explorer is not None and self._explorer.handles(scope, headers):
            await self._explorer(scope, send, headers)  # GraphiQL (gateway/explorer)
            return
        if self._me is not None and self._me.handles(scope):
            await self._me(scope, send, headers)  # a citizen's own page (gateway/explorer/me.py)
            return
        extra = self._cors.response_headers(origin)
        if path == "/health":
            ready = self._pipeline() is not None
            body = b'{"status":"ok"}' if ready else b'{"status":"starting"}'
            await _respond(send, 200 if ready else 503, JSON, body, extra)
            return
        if path not in ("/graphql", "/graphql/", "/"):
            missing = {"errors": [graphql_error("Not found.", "NOT_FOUND")]}
            await _respond(send, 404, JSON, orjson.dumps(missing), extra)
            return
        media = JSON
        close = False
        client = scope.get("client")
        try:
            media = _negotiate(headers.get(b"accept"))
            with self._admission.enter(client[0] if client else None):
                status, body = await self._graphql(scope, receive, headers, extra)
        except GatewayError as error:
            scope["spbe.refused"] = True  # answered with request errors only, for the metrics
            request_id = scope.get("spbe.request_id") or "-"
            if error.status >= 500:  # the gateway's own failure: the detail to the log only
                _log.error("request %s failed: %s: %s", request_id, error.code, error.detail or error.message)
            status, body = _error_response(error, media, request_id)
            # the rest of the body is not waited for: the connection closes after the answer
            close = isinstance(error, InFlightLimitError | RequestTimeoutError)
        except Exception as error:  # never a stack trace to the caller, nor data in the log
            request_id = scope.get("spbe.request_id") or "-"
            frames = "".join(traceback.format_tb(error.__traceback__))
            _log.error("request %s failed with %s\n%s", request_id, type(error).__name__, frames)
            internal = graphql_error("Internal server error.", "INTERNAL_SERVER_ERROR", requestId=request_id)
            status, body = 500, orjson.dumps({"errors": [internal]})
        if status == 405:
            extra.append((b"allow", b"GET, POST"))
        if status == 401:
            extra.append((b"www-authenticate", b'Bearer realm="spbe-graph"'))
        if close:
            extra.append((b"connection", b"close"))
        await _respond(send, status, media, body, extra)

    async def _graphql(
        self, scope: Scope, receive: Receive, headers: dict[bytes, bytes], extra: list[Header]
    ) -> tuple[int, bytes]:
        """Status and body of one GraphQL request; response headers it needs go to ``extra``."""
        method = scope["method"]
        if method == "POST":
            params = await self._post_params(receive, headers)
        elif method == "GET":
            params = _get_params(scope)
        else:
            raise MethodNotAllowedError("Use GET for queries or POST.")
        sent_query, operation_name, variables, extensions = _request_fields(params)
        self._admission.check_json("variables", variables)
        self._admission.check_json("extensions", extensions)
        scope["spbe.operation"] = operation_name  # for the metrics and the access log
        pipeline = self._pipeline()
        if pipeline is None:
            raise GatewayError("The gateway is starting.")
        caller: Caller = await self._authenticator(headers, scope.get("spbe.request_id"))
        scope["spbe.caller"] = caller
        if self._limiter is not None:
            client = scope.get("client")
            bucket = bucket_key(caller, client[0] if client else None, self._bucket_secret)
            decision = await self._limiter.take(bucket)
            extra.extend(decision.headers())
            if not decision.allowed:
                raise RateLimitedError(
                    f"Too many requests: the limit is {decision.limit} at once, refilled "
                    f"{self.settings.rate_limit_per_minute} a minute; retry after "
                    f"{decision.retry_after} s.",
                    decision.retry_after,
                )
        longest = self.settings.max_query_bytes
        if longest and sent_query is not None and len(sent_query.encode("utf-8", "surrogatepass")) > longest:
            # the lexer reads comments character by character: a megabyte of comment is about half a
            # second of the event loop, for a document with a handful of tokens
            raise PayloadTooLargeError(f"The query is longer than {longest} bytes.")
        query, register = self._persisted.resolve(sent_query, extensions, caller)
        prepared = pipeline.prepare(query, operation_name, Rights.of(caller))
        if prepared.operation.name is not None:  # the document's own name for its operation
            scope["spbe.operation"] = prepared.operation.name.value
        scope["spbe.operation_type"] = prepared.kind.value  # for the trace (docs/tracing.md)
        if method == "GET" and prepared.kind is not OperationType.QUERY:
            raise MethodNotAllowedError("Only queries may be sent with GET; use POST.")
        if register is not None:
            self._persisted.remember(register, query)
        want_plan = self.settings.debug_plans and any(headers.get(h) for h in _DEBUG_HEADERS)
        named = prepared.operation.name.value if prepared.operation.name is not None else None
        # the trail names the operation; domiciles for a caller holding a regional mandate
        access = ConsentGate(caller, self._authenticator.store, named, self._authenticator.domiciles)

        timeout = self.settings.execution_timeout

        async def produce() -> Answer:
            try:
                if timeout > 0:
                    async with asyncio.timeout(timeout):  # no task of its own, unlike wait_for
                        response = await pipeline.run(prepared, variables, access)
                else:
                    response = await pipeline.run(prepared, variables, access)
            except TimeoutError:
                raise GatewayTimeoutError(f"The request did not finish within {timeout:g} s.") from None
            if want_plan:
                response["extensions"] = {"queryPlan": _plan_extension(prepared)}
            return orjson.dumps(response), summarize(response)

        key = None
        if self._shared is not None and prepared.kind is OperationType.QUERY and not prepared.personal:
            try:
                sent = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS) if variables else b""
            except orjson.JSONEncodeError:  # beyond orjson's depth: not shared, never a 500
                sent = None
            if sent is not None:
                key = (query, operation_name, sent, want_plan, caller.share_key())
        if self._shared is not None and key is not None:
            body, summary = await self._shared.run(key, produce)
        else:
            body, summary = await produce()
        scope["spbe.summary"] = summary  # for the metrics: no second parse of the body
        return 200, body

    async def _post_params(self, receive: Receive, headers: dict[bytes, bytes]) -> Any:
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if content_type not in (b"application/json", b"application/graphql-response+json"):
            raise UnsupportedMediaError("Send the request as application/json.")
        limit = self.settings.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLargeError(f"The request body is larger than {limit} bytes.")
        chunks: list[bytes] = []
        deadline = self.settings.body_timeout
        try:
            async with asyncio.timeout(deadline or None):
                size = 0
                while True:
                    message = await receive()
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        raise PayloadTooLargeError(f"The request body is larger than {limit} bytes.")
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            raise RequestTimeoutError(f"The request body did not arrive within {deadline:g} s.") from None
        try:
            return orjson.loads(b"".join(chunks))
        except orjson.JSONDecodeError:
            raise RequestError("The request body is not valid JSON.") from None


def _get_params(scope: Scope) -> dict[str, Any]:
    params: dict[str, Any] = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    for name in ("variables", "extensions"):
        if name in params and params[name] != "":
            try:
                params[name] = orjson.loads(params[name])
            except orjson.JSONDecodeError:
                raise RequestError(f"The {name} parameter is not valid JSON.") from None
        else:
            params.pop(name, None)
    return params


def _request_fields(
    params: Any,
) -> tuple[str | None, str | None, dict[str, Any] | None, dict[str, Any] | None]:
    """query, operationName, variables and extensions of a GraphQL-over-HTTP request (draft
    §"Request"); the query may be missing only when ``extensions.persistedQuery`` stands for it."""
    if type(params) is not dict:
        raise RequestError("The request body must be a JSON object.")
    query = params.get("query")
    persisted = type(params.get("extensions")) is dict and "persistedQuery" in params["extensions"]
    if not (persisted and query is None) and (type(query) is not str or not query.strip()):
        raise RequestError("Must provide a query string.")
    operation_name = params.get("operationName")
    if operation_name == "":
        operation_name = None
    if operation_name is not None and type(operation_name) is not str:
        raise RequestError("operationName must be a string.")
    variables = params.get("variables")
    if variables is not None and type(variables) is not dict:
        raise RequestError("variables must be a JSON object.")
    extensions = params.get("extensions")
    if extensions is not None and type(extensions) is not dict:
        raise RequestError("extensions must be a JSON object.")
    return query, operation_name, variables, extensions


def _plan_extension(prepared: Prepared) -> dict[str, Any]:
    return {"text": print_plan(prepared.plan), "json": plan_json(prepared.plan)}


def _error_response(error: GatewayError, media: str, request_id: str = "-") -> tuple[int, bytes]:
    """Request errors: 4xx for malformed requests and for application/graphql-response+json;
    200 for GraphQL request errors answered as application/json (draft §"Status Codes").
    Server errors (5xx) carry the request id, which the log line about them has too."""
    errors = error.errors()
    if error.status >= 500:
        errors = [{**e, "extensions": {**e.get("extensions", {}), "requestId": request_id}} for e in errors]
    payload: dict[str, Any] = {"errors": errors}  # never "data": nothing was executed
    if isinstance(error, RequestError) or media == GRAPHQL_RESPONSE_JSON or error.status >= 500:
        status = error.status
    else:
        status = 200
    return status, orjson.dumps(payload)


async def _respond_empty(send: Send, status: int, headers: list[Header]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-length", b"0"), *headers]})
    await send({"type": "http.response.body", "body": b""})


async def _respond(
    send: Send, status: int, media: str, body: bytes, extra: list[Header] | None = None
) -> None:
    headers = [
        (b"content-type", media.encode() + b"; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *(extra or ()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
