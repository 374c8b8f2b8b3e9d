"""Read subgraph SDL over HTTP and compose from URLs.

Subgraphs publish their SDL as `{ _service { sdl } }`
(https://www.apollographql.com/docs/graphos/reference/federation/subgraph-spec#query_service).
Sealed subgraphs (docs/access.md) answer it only when the gateway signs it: pass ``sealer``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson

from gateway.access.caller import Caller, CallerKind
from gateway.access.seal import Sealer

from .compose import compose
from .errors import SdlFetchError
from .model import SubgraphSDL

__all__ = ["SERVICE_QUERY", "compose_from_urls", "fetch_sdl"]

SERVICE_QUERY = "query SubgraphIntrospectQuery { _service { sdl } }"
_BODY = orjson.dumps({"query": SERVICE_QUERY, "operationName": "SubgraphIntrospectQuery"})
_COMPOSER = Caller(kind=CallerKind.GATEWAY, request_id="compose")


async def _post(
    session: aiohttp.ClientSession,
    url: str,
    headers: Mapping[str, str] | None = None,
    sealer: Sealer | None = None,
) -> str:
    sent = {"content-type": "application/json", "accept": "application/json", **(headers or {})}
    if sealer is not None:
        sent |= sealer.headers(_COMPOSER, _BODY)
    try:
        async with session.post(url, data=_BODY, headers=sent) as response:
            status, content = response.status, await response.read()
    except TimeoutError as error:
        raise SdlFetchError(url, "no answer in time") from error
    except (aiohttp.ClientError, OSError) as error:
        raise SdlFetchError(url, f"{type(error).__name__}: {error}") from error
    if status != 200:
        raise SdlFetchError(url, f"HTTP status {status}")
    try:
        body: Any = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise SdlFetchError(url, "the answer is not JSON") from error
    if not isinstance(body, dict):
        raise SdlFetchError(url, "the answer is not a JSON object")
    if body.get("errors"):
        messages = "; ".join(str(e.get("message")) for e in body["errors"] if isinstance(e, dict))
        raise SdlFetchError(url, f"GraphQL errors: {messages}")
    data = body.get("data")
    service = data.get("_service") if isinstance(data, dict) else None
    sdl = service.get("sdl") if isinstance(service, dict) else None
    if not isinstance(sdl, str):
        raise SdlFetchError(url, "no data._service.sdl in the answer")
    return sdl


async def fetch_sdl(
    url: str,
    *,
    timeout: float = 10.0,
    headers: Mapping[str, str] | None = None,
    sealer: Sealer | None = None,
) -> str:
    """The SDL a subgraph at ``url`` publishes; raises SdlFetchError. ``headers`` are added to the
    request (for subgraphs that want credentials); ``sealer`` signs it as the gateway."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        return await _post(session, url, headers, sealer)


async def compose_from_urls(
    mapping: Mapping[str, str],
    *,
    timeout: float = 10.0,
    headers: Mapping[str, str] | None = None,
    sealer: Sealer | None = None,
) -> str:
    """Fetch every subgraph's SDL (concurrently, signed with ``sealer`` when given) and compose
    them; subgraph name -> URL."""
    names = list(mapping)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        sdls = await asyncio.gather(*(_post(session, mapping[name], headers, sealer) for name in names))
    return compose([SubgraphSDL(name, mapping[name], sdl) for name, sdl in zip(names, sdls, strict=True)])
