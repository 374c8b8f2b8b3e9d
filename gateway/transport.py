"""The gateway's HTTP client to subgraphs.

Subgraph requests are GraphQL-over-HTTP POSTs (https://graphql.github.io/graphql-over-http/draft/
#sec-POST) sent over pooled keep-alive connections. ``aiohttp`` was measured against ``httpx``
(``python -m bench gateway --transport``; see docs/gateway.md) and is the default: on the bench
query's many small subgraph calls it costs about half the CPU per request.

Identical requests in flight at the same time (same URL, same body bytes and the same caller,
see :meth:`gateway.access.caller.Caller.share_key`) are sent once and their answer bytes shared
(outbound de-duplication); each caller parses its own copy, so no two executions ever share
mutable response data. Mutations are never shared.

With a :class:`~gateway.access.seal.Sealer` every request is signed for its caller (sealed
subgraphs, docs/access.md); without one an identified caller still travels, unsigned, in
``X-SPBE-Caller`` (development set-ups), and anonymous requests are plain GraphQL-over-HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Protocol

import aiohttp
import httpx

from gateway.access.caller import Caller, CallerKind
from gateway.access.seal import CALLER_HEADER, Sealer, encode_caller

__all__ = ["AiohttpTransport", "HttpxTransport", "SubgraphUnavailable", "Transport"]

_HEADERS = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json, application/json",
}


class SubgraphUnavailable(Exception):
    """The subgraph could not be reached, timed out, or did not answer with GraphQL JSON."""


class Transport(Protocol):
    """Sends one GraphQL request body to a subgraph and returns the response body."""

    async def post(
        self,
        url: str,
        body: bytes,
        *,
        shareable: bool = True,
        caller: Caller | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        """``headers`` are extra request headers (the trace context, docs/tracing.md); they are
        not part of the de-duplication key: a shared request carries its first sender's."""
        ...

    async def close(self) -> None: ...


class _Deduplicator:
    """Shares the answer of identical in-flight requests (outbound de-duplication)."""

    def __init__(self) -> None:
        self._in_flight: dict[tuple[object, ...], asyncio.Future[bytes]] = {}
        self.sent = 0

    async def run(
        self,
        url: str,
        body: bytes,
        caller: Caller | None,
        send: _Send,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        key = (url, body, caller.share_key() if caller is not None else None)
        waiting = self._in_flight.get(key)
        if waiting is not None:
            return await asyncio.shield(waiting)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            self.sent += 1
            result = await send(url, body, caller, headers)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # mark retrieved: nobody else may be waiting
            raise
        else:
            future.set_result(result)
            return result
        finally:
            del self._in_flight[key]


class _Send(Protocol):
    async def __call__(
        self, url: str, body: bytes, caller: Caller | None, headers: Mapping[str, str] | None
    ) -> bytes: ...


def _headers(
    sealer: Sealer | None, caller: Caller | None, body: bytes, extra: Mapping[str, str] | None = None
) -> dict[str, str] | None:
    """The caller headers of one request: signed with a sealer, else the bare caller (if any);
    and the ``extra`` headers."""
    if sealer is not None:
        found: dict[str, str] | None = sealer.headers(caller or _GATEWAY, body)
    elif caller is None or caller.kind is CallerKind.ANONYMOUS:
        found = None  # nothing to tell: other projects' subgraphs see a plain request
    else:
        found = {CALLER_HEADER: encode_caller(caller)}
    if extra:
        return {**extra, **found} if found else dict(extra)
    return found


class AiohttpTransport:
    """Pooled keep-alive subgraph client on ``aiohttp``."""

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        connections: int = 128,
        dedup: bool = True,
        sealer: Sealer | None = None,
    ) -> None:
        self._sealer = sealer
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None
        self._dedup = _Deduplicator() if dedup else None
        self.calls = 0

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=self._connections, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(
            connector=connector, timeout=self._timeout, headers=_HEADERS, skip_auto_headers=("User-Agent",)
        )
        return self._session

    async def _send(
        self, url: str, body: bytes, caller: Caller | None, headers: Mapping[str, str] | None = None
    ) -> bytes:
        session = self._session or self._open()
        self.calls += 1
        sent = _headers(self._sealer, caller, body, headers)
        try:
            async with session.post(url, data=body, headers=sent) as response:
                payload = await response.read()
                if response.status >= 500 and not payload.startswith(b"{"):
                    raise SubgraphUnavailable(f"HTTP {response.status}")
                return payload
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise SubgraphUnavailable(_describe(error)) from error

    async def post(
        self,
        url: str,
        body: bytes,
        *,
        shareable: bool = True,
        caller: Caller | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        if self._dedup is not None and shareable:
            return await self._dedup.run(url, body, caller, self._send, headers)
        return await self._send(url, body, caller, headers)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class HttpxTransport:
    """The same client on ``httpx`` (kept for the transport measurement)."""

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        connections: int = 128,
        dedup: bool = True,
        sealer: Sealer | None = None,
    ) -> None:
        self._sealer = sealer
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=connections)
        self._client = httpx.AsyncClient(timeout=timeout, limits=limits, headers=_HEADERS)
        self._dedup = _Deduplicator() if dedup else None
        self.calls = 0

    async def _send(
        self, url: str, body: bytes, caller: Caller | None, headers: Mapping[str, str] | None = None
    ) -> bytes:
        self.calls += 1
        try:
            sent = _headers(self._sealer, caller, body, headers)
            response = await self._client.post(url, content=body, headers=sent)
        except httpx.HTTPError as error:
            raise SubgraphUnavailable(_describe(error)) from error
        payload = response.content
        if response.status_code >= 500 and not payload.startswith(b"{"):
            raise SubgraphUnavailable(f"HTTP {response.status_code}")
        return payload

    async def post(
        self,
        url: str,
        body: bytes,
        *,
        shareable: bool = True,
        caller: Caller | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        if self._dedup is not None and shareable:
            return await self._dedup.run(url, body, caller, self._send, headers)
        return await self._send(url, body, caller, headers)

    async def close(self) -> None:
        await self._client.aclose()


_GATEWAY = Caller(kind=CallerKind.GATEWAY)


def _describe(error: BaseException) -> str:
    """What went wrong, for the client's ``SUBGRAPH_UNAVAILABLE`` message: the kind of failure
    only, never the subgraph's internal address (which the libraries' messages carry)."""
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        return "timed out"
    if isinstance(error, aiohttp.ClientConnectorError | httpx.ConnectError | ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, aiohttp.ServerDisconnectedError | httpx.RemoteProtocolError):
        return "connection closed"
    return type(error).__name__
