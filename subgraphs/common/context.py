"""The per-request context every resolver receives.

Implements docs/subgraphs.md, "No N+1": the context carries the app's one pool and a fresh set
of DataLoaders made for this request only (so caches never leak between callers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import asyncpg
from strawberry.types import Info

from gateway.access.caller import ANONYMOUS, Caller
from subgraphs.common.limits import SubgraphLimits
from subgraphs.common.linkage import Linkage

__all__ = ["Context", "loaders_of"]

L = TypeVar("L")

_DEFAULT_LIMITS = SubgraphLimits()


@dataclass(slots=True)
class Context(Generic[L]):
    """The pool, this request's loaders (a service's own ``Loaders`` class), the caller the
    gateway signed for (docs/access.md, "Sealed subgraphs") and the app's limits
    (docs/subgraphs.md, "Limits") and its statistics linkage, if it has one (docs/statistics.md,
    "Linkage across services")."""

    pool: asyncpg.Pool
    loaders: L
    caller: Caller = ANONYMOUS
    limits: SubgraphLimits = _DEFAULT_LIMITS
    linkage: Linkage | None = None


def loaders_of(info: Info) -> object:
    """The loaders of the request ``info`` belongs to."""
    context: Context[object] = info.context
    return context.loaders
