"""Per-request DataLoaders over batch query functions.

Implements docs/subgraphs.md, "No N+1": resolver -> per-request DataLoader -> query function.
Each helper turns a query function that takes *all* keys at once (``where nik = any($1::text[])``)
into a batch function that answers the keys in order, so a whole ``_entities`` batch costs one
statement per table. Every loader is a :class:`Loader`: its batches, which aiodataloader runs as
tasks of their own, are cancelled with the request when its caller goes away
(:func:`subgraphs.common.intake.follow_request`; docs/subgraphs.md, "Limits").
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeAlias, TypeVar

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.intake import follow_request

__all__ = ["Fetch", "Loader", "Pool", "grouped_loader", "pair_loader", "single_loader"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: The pool every query function receives.
Pool: TypeAlias = asyncpg.Pool

#: A batch query function: pool and keys in, records out (in any order).
Fetch = Callable[[Pool, list[Any]], Awaitable[Sequence[asyncpg.Record]]]


class Loader(DataLoader[K, V]):
    """A DataLoader whose batches are abandoned with their request."""

    def __init__(self, batch_load_fn: Callable[[list[K]], Awaitable[list[V]]], **options: Any) -> None:
        async def batch(keys: list[K]) -> list[V]:
            follow_request(asyncio.current_task())
            return await batch_load_fn(keys)

        super().__init__(batch, **options)


def single_loader(
    pool: Pool, fetch: Fetch, key: str, build: Callable[[asyncpg.Record], V]
) -> DataLoader[Any, V | None]:
    """A loader answering each key with the one row whose ``key`` column equals it, or ``None``."""

    async def batch(keys: list[Any]) -> list[V | None]:
        found = {row[key]: build(row) for row in await fetch(pool, keys)}
        return [found.get(k) for k in keys]

    return Loader(batch)


def grouped_loader(
    pool: Pool, fetch: Fetch, key: str, build: Callable[[asyncpg.Record], V]
) -> DataLoader[Any, list[V]]:
    """A loader answering each key with the (possibly empty) list of rows whose ``key`` column equals it."""

    async def batch(keys: list[Any]) -> list[list[V]]:
        groups: dict[Any, list[V]] = {}
        for row in await fetch(pool, keys):
            groups.setdefault(row[key], []).append(build(row))
        return [groups.get(k, []) for k in keys]

    return Loader(batch)


def pair_loader(
    pool: Pool, fetch: Fetch, columns: tuple[str, str], build: Callable[[asyncpg.Record], V]
) -> DataLoader[tuple[str, str], V | None]:
    """A loader answering each pair of keys (e.g. holder NIK and record number) with the one row
    whose ``columns`` equal it, or ``None`` (a reference whose parts do not belong together)."""
    first, second = columns

    async def batch(keys: list[tuple[str, str]]) -> list[V | None]:
        found = {(row[first], row[second]): build(row) for row in await fetch(pool, keys)}
        return [found.get(k) for k in keys]

    return Loader(batch)
