"""The gateway's HTTP client to subgraphs.

Subgraph requests are GraphQL-over-HTTP POSTs (https://graphql.github.io/graphql-over-http/draft/
#sec-POST) sent over pooled keep-alive connections with ``aiohttp``, the gateway's one HTTP client
library at run time: measured against ``httpx`` (``python -m bench --only gateway``, docs/gateway.md
"Speed") it costs about a tenth of the client CPU per request.

Identical requests in flight at the same time (same URL, same body bytes and the same caller,
see :meth:`gateway.access.caller.Caller.share_key`) are sent once and their answer bytes shared
(outbound de-duplication, :class:`gateway.inflight.InFlight`); each caller parses its own copy,
so no two executions ever share mutable response data. Mutations are never shared.

Each subgraph URL may have a :class:`Route`: its own timeout (``--subgraph-timeout-for``) and its
circuit breaker (gateway/breaker.py), asked before a request is really sent (so requests sharing
one call count once) and told how it went: a refused or broken connection, a timeout or a 5xx is
a failure; an open circuit answers at once with ``CIRCUIT_OPEN``.

With a :class:`~gateway.access.seal.Sealer` every request is signed for its caller (sealed
subgraphs, docs/access.md); without one an identified caller still travels, unsigned, in
``X-SPBE-Caller`` (development set-ups), and anonymous requests are plain GraphQL-over-HTTP.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import aiohttp

from gateway.access.caller import Caller, CallerKind
from gateway.access.seal import CALLER_HEADER, Sealer, encode_caller
from gateway.breaker import Breaker
from gateway.inflight import InFlight

__all__ = ["AiohttpTransport", "Route", "SubgraphUnavailable", "Transport", "Unavailability"]

_HEADERS = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json, application/json",
}


class Unavailability(enum.Enum):
    """Why a subgraph gave no answer: ``extensions.reason`` of ``SUBGRAPH_UNAVAILABLE``."""

    UNREACHABLE = "UNREACHABLE"  #: no connection, or the connection broke
    TIMED_OUT = "TIMED_OUT"  #: no answer within the subgraph's timeout
    BAD_ANSWER = "BAD_ANSWER"  #: a 5xx without JSON, or not a GraphQL response
    CIRCUIT_OPEN = "CIRCUIT_OPEN"  #: not called: it failed repeatedly just before


class SubgraphUnavailable(Exception):
    """The subgraph could not be reached, timed out, or did not answer with GraphQL JSON.

    ``str(error)`` is the reason only, fit for a client; ``detail`` (the library's message, an
    HTTP status) is for the gateway's log alone, since it may name internal addresses."""

    def __init__(self, reason: Unavailability, detail: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, kw_only=True, slots=True)
class Route:
    """How requests to one subgraph URL are sent: its timeout (seconds) and its breaker."""

    timeout: float
    breaker: Breaker | None = None


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
        timeout: float = 10.0,
        connections: int = 128,
        dedup: bool = True,
        sealer: Sealer | None = None,
        routes: Mapping[str, Route] | None = None,
    ) -> None:
        self._sealer = sealer
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        #: URL -> (its timeout, its breaker); other URLs: the default timeout, no breaker
        self._routes = {
            url: (aiohttp.ClientTimeout(total=route.timeout), route.breaker)
            for url, route in (routes or {}).items()
        }
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None
        self._shared: InFlight[bytes] | None = InFlight() if dedup else None
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
        timeout, breaker = self._routes.get(url) or (self._timeout, None)
        ticket = 0
        if breaker is not None:
            admitted = breaker.admit()
            if admitted is None:
                wait = breaker.retry_after()
                why = f"circuit open, probe in {wait:.1f} s" if wait else "circuit half-open, probe in flight"
                raise SubgraphUnavailable(Unavailability.CIRCUIT_OPEN, why)
            ticket = admitted
        try:
            status, payload = await self._exchange(url, body, caller, timeout, headers)
            if status >= 500 and not payload.startswith(b"{"):
                raise SubgraphUnavailable(Unavailability.BAD_ANSWER, f"HTTP {status}")
        except SubgraphUnavailable:
            if breaker is not None:
                breaker.failed(ticket)
            raise
        except asyncio.CancelledError:
            if breaker is not None:
                breaker.abandoned(ticket)
            raise
        if breaker is not None:
            if status >= 500:  # a GraphQL answer the client still gets, from a failing subgraph
                breaker.failed(ticket)
            else:
                breaker.succeeded(ticket)
        return payload

    async def _exchange(
        self,
        url: str,
        body: bytes,
        caller: Caller | None,
        timeout: aiohttp.ClientTimeout,
        extra: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """One POST: its status and body, or ``SubgraphUnavailable`` when there is none."""
        session = self._session or self._open()
        self.calls += 1
        try:
            headers = _headers(self._sealer, caller, body, extra)
            async with session.post(url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            late = f"no answer within {timeout.total:g} s"
            raise SubgraphUnavailable(Unavailability.TIMED_OUT, late) from error
        except (aiohttp.ClientError, OSError) as error:
            raise SubgraphUnavailable(Unavailability.UNREACHABLE, _describe(error)) from error

    async def post(
        self,
        url: str,
        body: bytes,
        *,
        shareable: bool = True,
        caller: Caller | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        if self._shared is not None and shareable:
            # extra headers (the trace context) are not part of the key: a shared call carries
            # its first sender's
            key = (url, body, caller.share_key() if caller is not None else None)
            return await self._shared.run(key, lambda: self._send(url, body, caller, headers))
        return await self._send(url, body, caller, headers)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


_GATEWAY = Caller(kind=CallerKind.GATEWAY)


def _describe(error: BaseException) -> str:
    """The library's own account of a failure, for the log (it names the address)."""
    return f"{type(error).__name__}: {error}"
