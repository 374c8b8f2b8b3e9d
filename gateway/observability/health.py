"""Liveness and readiness (``GET /healthz``, ``GET /readyz``).

Alive: the process answers HTTP (``/healthz``, and ``/health`` once the supergraph is loaded); no
subgraph is asked, so liveness stays cheap and a subgraph outage never restarts the gateway.
Ready: the supergraph is loaded, the consent registry's pool is open (when the gateway has a
registry), no subgraph's circuit is open (gateway/breaker.py), and every subgraph answers
``GET /health`` within :data:`PROBE_TIMEOUT` seconds. A subgraph of another project without
``/health`` (404 or 405) counts as ready when a TCP connection to its host and port succeeds.
Which endpoint to use for what: docs/operations.md, "Observability".
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp

__all__ = ["PROBE_TIMEOUT", "Readiness", "health_url"]

PROBE_TIMEOUT = 2.0


def health_url(url: str) -> str:
    """``http://host:port/graphql`` → ``http://host:port/health``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/health", "", ""))


async def _tcp_connect(url: str, timeout: float) -> bool:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, port), timeout)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


class Readiness:
    """Answers ``/readyz``: ``(ready, details)`` where details name what is not ready."""

    def __init__(
        self,
        subgraph_urls: Callable[[], Mapping[str, str] | None],
        registry_open: Callable[[], bool | None],
        timeout: float = PROBE_TIMEOUT,
        *,
        open_circuits: Callable[[], Mapping[str, float]] = dict,
    ) -> None:
        self._subgraph_urls = subgraph_urls  # name -> URL; None while no supergraph is loaded
        self._registry_open = registry_open  # None when the gateway has no consent registry
        self._timeout = timeout
        self._open_circuits = open_circuits  # name -> seconds to its next probe

    async def probe(self, session: aiohttp.ClientSession, url: str) -> str | None:
        """``None`` when the subgraph is ready, else why not (never its address)."""
        try:
            async with session.get(health_url(url)) as response:
                status = response.status
                await response.read()
        except TimeoutError:
            return f"no answer within {self._timeout:g} s"
        except (aiohttp.ClientError, OSError):
            return "unreachable"
        if 200 <= status < 300:
            return None
        if status in (404, 405):  # not one of ours: is its port open?
            return None if await _tcp_connect(url, self._timeout) else "unreachable"
        return f"GET /health answered {status}"

    async def check(self) -> tuple[bool, dict[str, Any]]:
        problems: dict[str, Any] = {}
        urls = self._subgraph_urls()
        if urls is None:
            problems["supergraph"] = "not loaded"
        registry = self._registry_open()
        if registry is False:
            problems["consentRegistry"] = "pool not open"
        if urls:
            timeout = aiohttp.ClientTimeout(total=self._timeout)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                answers = await asyncio.gather(*(self.probe(session, url) for url in urls.values()))
            circuits = self._open_circuits()
            failing: dict[str, str] = {}
            for name, why in zip(urls, answers, strict=True):
                if name in circuits:
                    probe = f"next probe in {circuits[name]:.1f} s" if circuits[name] else "probing"
                    why = f"circuit open ({probe})" + (f"; {why}" if why else "")
                if why is not None:
                    failing[name] = why
            if failing:
                problems["subgraphs"] = failing
        if problems:
            return False, {"status": "not ready", "notReady": problems}
        return True, {"status": "ready"}
