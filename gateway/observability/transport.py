"""Subgraph fetch metrics without touching the executor: a :class:`Transport` wrapper.

:class:`MeteredTransport` wraps any :class:`gateway.transport.Transport` and times each ``post``
under the name of the subgraph its URL belongs to (the supergraph's ``subgraphs`` map), counting
the ones that fail (:class:`~gateway.transport.SubgraphUnavailable` or any other exception).
A URL that is no subgraph's (e.g. an identity lookup elsewhere) is labelled ``other``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from gateway.access.caller import Caller
from gateway.observability.metrics import GatewayMetrics
from gateway.transport import Transport

__all__ = ["MeteredTransport"]

OTHER_SUBGRAPH = "other"


class MeteredTransport:
    """``post`` timed per subgraph; everything else is the wrapped transport's."""

    def __init__(self, inner: Transport, metrics: GatewayMetrics, names: Mapping[str, str]) -> None:
        self.inner = inner
        self._metrics = metrics
        self._names = dict(names)  # URL -> subgraph name
        self._durations: dict[str, Any] = {}  # URL -> its histogram child, looked up once

    async def post(
        self,
        url: str,
        body: bytes,
        *,
        shareable: bool = True,
        caller: Caller | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        duration = self._durations.get(url)
        if duration is None:
            duration = self._durations[url] = self._metrics.fetch_duration.labels(self._name(url))
        started = time.perf_counter()
        try:
            return await self.inner.post(url, body, shareable=shareable, caller=caller, headers=headers)
        except Exception:
            self._metrics.fetch_errors.labels(self._name(url)).inc()
            raise
        finally:
            duration.observe(time.perf_counter() - started)

    def _name(self, url: str) -> str:
        return self._names.get(url, OTHER_SUBGRAPH)

    async def close(self) -> None:
        await self.inner.close()

    def __getattr__(self, name: str) -> object:  # ``calls`` and friends of the wrapped transport
        return getattr(self.inner, name)
