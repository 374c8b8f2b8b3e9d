"""How a subgraph takes a request in: a bounded body, and work abandoned when the caller goes.

Implements docs/subgraphs.md, "Limits". :class:`Intake` is the outermost ASGI layer of every
subgraph app:

* a body larger than ``max_body_bytes`` (declared in ``Content-Length``, or counted as it
  arrives) is answered ``413`` ``PAYLOAD_TOO_LARGE`` without reading the rest;
* the request then runs as its own task while the connection is watched; when the caller
  disconnects before the answer is complete (the gateway gave up, a client timed out), the task is
  cancelled, with the tasks that work for it (the DataLoaders' batches, which aiodataloader runs
  as tasks of their own: they call :func:`follow_request`); that cancels the resolvers and the SQL
  statements they are waiting on (asyncpg asks PostgreSQL to cancel the statement of a cancelled
  task). Uvicorn itself would let the work run to the end and throw the answer away.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from typing import Any

import orjson

__all__ = ["BodyTooLarge", "Intake", "follow_request", "read_body"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

_log = logging.getLogger("subgraphs.intake")

#: The tasks working for the request of the current context (unset outside a request).
_FOLLOWERS: ContextVar[set[asyncio.Future[Any]] | None] = ContextVar("spbe_request_followers", default=None)


def follow_request(task: asyncio.Future[Any] | None) -> None:
    """Cancel ``task`` (a task spawned for the current request) if the request is abandoned."""
    followers = _FOLLOWERS.get()
    if followers is not None and task is not None and not task.done():
        followers.add(task)
        task.add_done_callback(followers.discard)


async def _refuse(send: Send, status: int, message: str, code: str) -> None:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    """The request body passed the limit :func:`read_body` was given."""


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None when the client went away first; raises
    :class:`BodyTooLarge` as soon as more than ``limit`` bytes arrived (nothing more is read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or ():
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class Intake:
    """ASGI middleware: bound the request body, and cancel the request's work if its caller goes."""

    def __init__(self, app: App, *, max_body_bytes: int, service: str) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await self._too_large(send)
            return
        try:
            body = await read_body(receive, self.max_body_bytes)
        except BodyTooLarge:
            await self._too_large(send)
            return
        if body is not None:
            await self._run(scope, body, receive, send)

    async def _too_large(self, send: Send) -> None:
        _log.warning("refused a request body over %d bytes to %s", self.max_body_bytes, self.service)
        await _refuse(
            send, 413, f"The request body is larger than {self.max_body_bytes} bytes.", "PAYLOAD_TOO_LARGE"
        )

    async def _run(self, scope: Scope, body: bytes, receive: Receive, send: Send) -> None:
        gone = asyncio.Event()
        answered = False
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await gone.wait()
            return {"type": "http.disconnect"}

        async def sending(message: Message) -> None:
            nonlocal answered
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                answered = True

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        followers: set[asyncio.Future[Any]] = set()

        async def serve() -> None:
            _FOLLOWERS.set(followers)  # in this task's own context, inherited by what it spawns
            await self.app(scope, replay, sending)

        work = asyncio.ensure_future(serve())
        watcher = asyncio.ensure_future(watch())
        try:
            await asyncio.wait((work, watcher), return_when=asyncio.FIRST_COMPLETED)
            if work.done() or answered:
                await work
            else:
                _log.info("the caller of %s went away; its request is abandoned", self.service)
                work.cancel()
                for follower in list(followers):
                    follower.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await work
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            if not work.done():
                work.cancel()
