"""Loader helpers: one batch call per tick, answers in key order, gaps as None or []."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from subgraphs.common.loader import grouped_loader, single_loader


class FakeTable:
    """A fetch function over fixed rows that records each batch it is asked for."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.batches: list[list[Any]] = []

    async def fetch(self, pool: Any, keys: list[Any]) -> Sequence[Any]:
        self.batches.append(list(keys))
        return [row for row in self.rows if row["k"] in keys]


async def test_single_loader_batches_and_orders() -> None:
    table = FakeTable([{"k": "b", "v": 2}, {"k": "a", "v": 1}])
    loader = single_loader(None, table.fetch, "k", lambda row: row["v"])
    results = await asyncio.gather(loader.load("a"), loader.load("zz"), loader.load("b"), loader.load("a"))
    assert results == [1, None, 2, 1]
    assert table.batches == [["a", "zz", "b"]]


async def test_grouped_loader_keeps_row_order_within_a_key() -> None:
    table = FakeTable([{"k": "a", "v": 1}, {"k": "b", "v": 9}, {"k": "a", "v": 2}])
    loader = grouped_loader(None, table.fetch, "k", lambda row: row["v"])
    assert await loader.load_many(["a", "c", "b"]) == [[1, 2], [], [9]]
    assert table.batches == [["a", "c", "b"]]
