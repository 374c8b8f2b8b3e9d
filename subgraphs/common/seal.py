"""The subgraph side of sealing: answer only requests the gateway signed (docs/access.md,
"Sealed subgraphs").

:class:`SealedApp` wraps a subgraph's ASGI app. Every request but ``GET /health`` must carry a
valid gateway signature over its body (:class:`gateway.access.seal.Sealer`); otherwise it gets
401 with a GraphQL error (``UNAUTHENTICATED``) and never reaches the schema, ``_service`` and
``_entities`` included. The verified :class:`~gateway.access.caller.Caller` is put in the ASGI
scope under ``"spbe.caller"`` for the request context. Without a sealer (``--insecure-dev``)
requests pass, and an unsigned ``X-SPBE-Caller`` header is believed as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from gateway.access.caller import ANONYMOUS, Caller
from gateway.access.seal import CALLER_HEADER, Sealer, SealError, decode_caller
from subgraphs.common.intake import BodyTooLarge, read_body

__all__ = ["CALLER_SCOPE_KEY", "SealedApp", "caller_of"]

CALLER_SCOPE_KEY = "spbe.caller"
_MAX_BODY = 8 << 20
_log = logging.getLogger("subgraphs.seal")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def caller_of(scope: Scope) -> Caller:
    """The caller the seal put in ``scope`` (anonymous when none)."""
    caller = scope.get(CALLER_SCOPE_KEY)
    return caller if isinstance(caller, Caller) else ANONYMOUS


async def _refuse(send: Send, status: int, message: str, code: str) -> None:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _unsigned_caller(headers: dict[str, str]) -> Caller:
    text = headers.get(CALLER_HEADER)
    if not text:
        return ANONYMOUS
    try:
        return decode_caller(text)
    except ValueError:
        return ANONYMOUS


class SealedApp:
    """ASGI middleware: verify the gateway's signature before the subgraph sees the request."""

    def __init__(
        self, app: App, sealer: Sealer | None, *, service: str, max_body_bytes: int = _MAX_BODY
    ) -> None:
        self.app = app
        self.sealer = sealer
        self.service = service
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["path"] == "/health" and scope["method"] == "GET"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.sealer is None:
            scope[CALLER_SCOPE_KEY] = _unsigned_caller(headers)
            await self.app(scope, receive, send)
            return
        try:
            body = await read_body(receive, self.max_body_bytes)
        except BodyTooLarge:
            await _refuse(send, 413, "The request body is too large.", "PAYLOAD_TOO_LARGE")
            return
        if body is None:
            return
        try:
            caller = self.sealer.verify(headers, body)
        except SealError as error:
            _log.warning("refused an unsigned or badly signed request to %s: %s", self.service, error)
            await _refuse(send, 401, str(error), "UNAUTHENTICATED")
            return
        scope[CALLER_SCOPE_KEY] = caller
        # who asked, never whom about: agency, key prefix, purpose and request id (no NIK)
        _log.debug(
            "request to %s from %s %s key %s purpose %s request %s",
            self.service, caller.kind.value, caller.agency or "-", caller.key_id or "-",
            caller.purpose or "-", caller.request_id or "-",
        )
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
