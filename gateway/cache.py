"""A small least-recently-used cache for parsed documents, plans and shaping programs.

The pipeline (docs/gateway.md, "One request's way") parses and plans each distinct
document once; this bounds how many it remembers.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["LruCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """Maps keys to values, forgetting the least recently used beyond ``capacity``."""

    __slots__ = ("_items", "capacity")

    def __init__(self, capacity: int = 1024) -> None:
        self.capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        items = self._items
        value = items.get(key)
        if value is not None:
            items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        items = self._items
        items[key] = value
        items.move_to_end(key)
        if len(items) > self.capacity:
            items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)
