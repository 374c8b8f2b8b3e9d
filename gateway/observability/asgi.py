"""The observability front of the gateway's ASGI application.

:class:`Observed` wraps the GraphQL HTTP application: it answers ``GET /metrics``,
``GET /healthz`` and ``GET /readyz`` itself, gives every request an id (a valid incoming
``X-Request-Id`` is kept, else a new one; the caller's ``request_id`` is the same, see
gateway/access/authenticate.py) returned as ``X-Request-Id``, and for every other request counts,
times and logs it. The GraphQL application leaves the operation name, the caller and whether it
refused the request in the scope (``spbe.operation``, ``spbe.caller``, ``spbe.refused``); whether
an executed request had errors, and its consent denials, are read from the answer.

With a tracer (docs/tracing.md) every such request is a server span, the child of the client's
``traceparent`` when it sends one, named ``POST /graphql``: method, route, status, the bounded
operation label and type, the outcome, the caller's kind and agency, the request id.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import orjson
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer

from gateway.access.caller import Caller, new_request_id
from gateway.http import JSON, Message, Receive, Scope, Send
from gateway.observability.access_log import log_request
from gateway.observability.health import Readiness
from gateway.observability.metrics import CONTENT_TYPE_LATEST, GatewayMetrics, operation_label
from gateway.tracing import extract_context, mark_failed

__all__ = ["GRAPHQL_PATHS", "Observed", "outcome_of"]

GRAPHQL_PATHS = frozenset({"/graphql", "/graphql/", "/"})
_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,64}$")  # as gateway/access/authenticate.py accepts
ASGIApp = Callable[[Scope, Receive, Send], Any]


def outcome_of(status: int, body: bytes, refused: bool = False) -> tuple[str, list[Any]]:
    """``refused`` (a 4xx, or answered with request errors only: the GraphQL application marks
    those ``spbe.refused``), ``errors`` (executed, with errors; or a 5xx) or ``ok``; and the
    answer's errors (the body is parsed only when it mentions errors)."""
    if refused or 400 <= status < 500:
        return "refused", []
    if b'"errors"' not in body:
        return ("ok" if status < 400 else "errors"), []
    try:
        answer = orjson.loads(body)
    except orjson.JSONDecodeError:
        return "errors", []
    errors = answer.get("errors") if type(answer) is dict else None
    if type(errors) is not list or not errors:
        return ("ok" if status < 400 else "errors"), []
    return "errors", errors


def _denied_categories(errors: list[Any]) -> list[str]:
    found: list[str] = []
    for error in errors:
        extensions = error.get("extensions") if type(error) is dict else None
        if type(extensions) is dict and extensions.get("code") == "CONSENT_REQUIRED":
            found.append(str(extensions.get("category") or "unknown"))
    return found


class Observed:
    """ASGI: metrics, health and readiness endpoints, request ids, the access log."""

    def __init__(
        self,
        app: ASGIApp,
        metrics: GatewayMetrics,
        readiness: Readiness,
        prepared_counts: Callable[[], tuple[int, int] | None] = lambda: None,
        access_log: bool = True,
        tracer: Tracer | None = None,
    ) -> None:
        self.app = app
        self.tracer = tracer
        self.metrics = metrics
        self.readiness = readiness
        self._prepared_counts = prepared_counts
        self._seen_hits = self._seen_misses = 0
        self.access_log = access_log
        self._labelled: dict[tuple[str, str], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if scope["method"] in ("GET", "HEAD"):
            if path == "/metrics":
                self._count_prepared()  # brought up to date when read, not on every request
                await _respond(send, 200, CONTENT_TYPE_LATEST, self.metrics.render())
                return
            if path == "/healthz":
                await _respond(send, 200, JSON, b'{"status":"ok"}')
                return
            if path == "/readyz":
                ready, details = await self.readiness.check()
                await _respond(send, 200 if ready else 503, JSON, orjson.dumps(details))
                return
        if self.tracer is None or path == "/health":  # probes make no traces
            await self._observe(scope, receive, send)
            return
        graphql = path in GRAPHQL_PATHS
        route = "/graphql" if graphql else None  # other paths may carry anything: not named
        with self.tracer.start_as_current_span(
            f"{scope['method']} {route}" if route else scope["method"],
            context=extract_context(scope.get("headers", ())),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": scope["method"], **({"http.route": route} if route else {})},
            record_exception=False,
            set_status_on_exception=False,
        ) as current:
            try:
                await self._observe(scope, receive, send, current)
            except BaseException as error:
                mark_failed(current, error)
                raise

    async def _observe(self, scope: Scope, receive: Receive, send: Send, current: Span | None = None) -> None:
        request_id = next((v for k, v in scope.get("headers", ()) if k == b"x-request-id"), None)
        if request_id is None or not _REQUEST_ID.match(request_id):
            request_id = new_request_id().encode()
        scope["spbe.request_id"] = request_id.decode()  # the id the caller and the trail carry
        graphql = scope["path"] in GRAPHQL_PATHS
        status = 500
        chunks: list[bytes] = []

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), (b"x-request-id", request_id)]}
            elif message["type"] == "http.response.body" and graphql:
                chunks.append(message.get("body", b""))
            await send(message)

        started = time.perf_counter()
        if graphql:
            self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send_observed)
        finally:
            elapsed = time.perf_counter() - started
            if graphql:
                self.metrics.in_flight.dec()
            outcome = self._record(scope, request_id.decode(), status, chunks, elapsed, graphql)
            if current is not None:
                _describe(current, scope, request_id.decode(), status, outcome, graphql)

    def _record(
        self, scope: Scope, request_id: str, status: int, body: list[bytes], elapsed: float, graphql: bool
    ) -> str:
        """Count, time and log one request; its outcome (empty for other than GraphQL)."""
        operation = operation_label(scope.get("spbe.operation"))
        outcome = ""
        if graphql:
            summary = scope.get("spbe.summary")
            if summary is not None and not scope.get("spbe.refused") and status < 400:
                # the GraphQL application summed its answer up: no need to read the body again
                outcome, categories = ("errors" if summary[0] else "ok"), summary[1]
            else:
                outcome, errors = outcome_of(status, b"".join(body), bool(scope.get("spbe.refused")))
                categories = tuple(_denied_categories(errors))
            counter, histogram = self._children(operation, outcome)
            counter.inc()
            histogram.observe(elapsed)
            for category in categories:
                self.metrics.consent_denials.labels(category).inc()
        if not self.access_log:
            return outcome
        caller = scope.get("spbe.caller")
        fields: dict[str, Any] = {
            "request_id": request_id,
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round(elapsed * 1000, 3),
        }
        if graphql:
            fields["operation"] = operation
            fields["outcome"] = outcome
            fields["caller_kind"] = caller.kind.value if isinstance(caller, Caller) else None
            fields["agency"] = caller.agency if isinstance(caller, Caller) else None
        log_request(fields)
        return outcome

    def _children(self, operation: str, outcome: str) -> tuple[Any, Any]:
        """The request counter and histogram of these labels (looked up once each)."""
        key = (operation, outcome)
        found = self._labelled.get(key)
        if found is None:
            found = self._labelled[key] = (
                self.metrics.requests.labels(operation, outcome),
                self.metrics.request_duration.labels(operation, outcome),
            )
        return found

    def _count_prepared(self) -> None:
        counts = self._prepared_counts()
        if counts is None:
            return
        hits, misses = counts
        if hits > self._seen_hits:
            self.metrics.prepared_cache.labels("hit").inc(hits - self._seen_hits)
        if misses > self._seen_misses:
            self.metrics.prepared_cache.labels("miss").inc(misses - self._seen_misses)
        self._seen_hits, self._seen_misses = hits, misses


def _describe(current: Span, scope: Scope, request_id: str, status: int, outcome: str, graphql: bool) -> None:
    """The server span's attributes once the request is answered (no query text, variables,
    NIK, key or token: the operation's bounded label, the caller's kind and agency)."""
    current.set_attribute("http.response.status_code", status)
    current.set_attribute("spbe.request_id", request_id)
    if status >= 500:
        current.set_status(Status(StatusCode.ERROR, f"HTTP {status}"))
    if not graphql:
        return
    current.set_attribute("graphql.operation.name", operation_label(scope.get("spbe.operation")))
    kind = scope.get("spbe.operation_type")
    if kind is not None:
        current.set_attribute("graphql.operation.type", kind)
    current.set_attribute("spbe.outcome", outcome)
    caller = scope.get("spbe.caller")
    if isinstance(caller, Caller):
        current.set_attribute("spbe.caller.kind", caller.kind.value)
        if caller.agency:
            current.set_attribute("spbe.caller.agency", caller.agency)


async def _respond(send: Send, status: int, media: str, body: bytes) -> None:
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
