"""The gateway's HTTP client to subgraphs.

Subgraph requests are GraphQL-over-HTTP POSTs (https://graphql.github.io/graphql-over-http/draft/
#sec-POST) sent over pooled keep-alive connections. ``aiohttp`` was measured against ``httpx``
(``python -m bench gateway --transport``; see docs/gateway.md) and is the default: on the bench
query's many small subgraph calls it costs about half the CPU per request.

Identical requests in flight at the same time (same URL and same body bytes) are sent once and
their answer bytes shared (outbound de-duplication); each caller parses its own copy, so no two
executions ever share mutable response data. Mutations are never shared.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

import aiohttp
import httpx

__all__ = ["AiohttpTransport", "HttpxTransport", "SubgraphUnavailable", "Transport"]

_HEADERS = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json, application/json",
}


class SubgraphUnavailable(Exception):
    """The subgraph could not be reached, timed out, or did not answer with GraphQL JSON."""


class Transport(Protocol):
    """Sends one GraphQL request body to a subgraph and returns the response body."""

    async def post(self, url: str, body: bytes, *, shareable: bool = True) -> bytes: ...

    async def close(self) -> None: ...


class _Deduplicator:
    """Shares the answer of identical in-flight requests (outbound de-duplication)."""

    def __init__(self) -> None:
        self._in_flight: dict[tuple[str, bytes], asyncio.Future[bytes]] = {}
        self.sent = 0

    async def run(self, url: str, body: bytes, send: _Send) -> bytes:
        key = (url, body)
        waiting = self._in_flight.get(key)
        if waiting is not None:
            return await asyncio.shield(waiting)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            self.sent += 1
            result = await send(url, body)
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
    async def __call__(self, url: str, body: bytes) -> bytes: ...


class AiohttpTransport:
    """Pooled keep-alive subgraph client on ``aiohttp``."""

    def __init__(self, *, timeout: float = 30.0, connections: int = 128, dedup: bool = True) -> None:
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

    async def _send(self, url: str, body: bytes) -> bytes:
        session = self._session or self._open()
        self.calls += 1
        try:
            async with session.post(url, data=body) as response:
                payload = await response.read()
                if response.status >= 500 and not payload.startswith(b"{"):
                    raise SubgraphUnavailable(f"HTTP {response.status}")
                return payload
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise SubgraphUnavailable(_describe(error)) from error

    async def post(self, url: str, body: bytes, *, shareable: bool = True) -> bytes:
        if self._dedup is not None and shareable:
            return await self._dedup.run(url, body, self._send)
        return await self._send(url, body)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class HttpxTransport:
    """The same client on ``httpx`` (kept for the transport measurement)."""

    def __init__(self, *, timeout: float = 30.0, connections: int = 128, dedup: bool = True) -> None:
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=connections)
        self._client = httpx.AsyncClient(timeout=timeout, limits=limits, headers=_HEADERS)
        self._dedup = _Deduplicator() if dedup else None
        self.calls = 0

    async def _send(self, url: str, body: bytes) -> bytes:
        self.calls += 1
        try:
            response = await self._client.post(url, content=body)
        except httpx.HTTPError as error:
            raise SubgraphUnavailable(_describe(error)) from error
        payload = response.content
        if response.status_code >= 500 and not payload.startswith(b"{"):
            raise SubgraphUnavailable(f"HTTP {response.status_code}")
        return payload

    async def post(self, url: str, body: bytes, *, shareable: bool = True) -> bytes:
        if self._dedup is not None and shareable:
            return await self._dedup.run(url, body, self._send)
        return await self._send(url, body)

    async def close(self) -> None:
        await self._client.aclose()


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        return "timed out"
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:200]
