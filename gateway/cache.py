"""A least-recently-used cache bounded by entries and by bytes, for parsed documents and
prepared operations.

The pipeline (docs/gateway.md, "One request's way") parses and plans each distinct document
once; this bounds how much it remembers. A parsed document keeps its source text alive (every
AST node's location points at it), and comments cost no tokens, so 1,200 distinct 1 MB queries
once held 2.2 GB: each entry is weighed (by the caller: the document's size in bytes), the
cache forgets the least recently used until it holds at most ``max_bytes``, and an entry heavier
than ``max_entry_bytes`` is not kept at all. Callers key entries on a digest of the document
(:func:`digest`), not on its text.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["LruCache", "digest"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def digest(text: str) -> bytes:
    """The SHA-256 of ``text`` (UTF-8): a small cache key standing for a whole document."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class LruCache(Generic[K, V]):
    """Maps keys to values, forgetting the least recently used beyond ``capacity`` entries or
    ``max_bytes`` of weight (0: no byte bound); entries weighing more than ``max_entry_bytes``
    (0: no such bound) are not kept."""

    __slots__ = ("_items", "bytes", "capacity", "max_bytes", "max_entry_bytes")

    def __init__(self, capacity: int = 1024, *, max_bytes: int = 0, max_entry_bytes: int = 0) -> None:
        self.capacity = capacity
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        #: the weight held now
        self.bytes = 0
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def get(self, key: K) -> V | None:
        items = self._items
        found = items.get(key)
        if found is None:
            return None
        items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V, weight: int = 0) -> V:
        """Keep ``value`` under ``key`` (unless ``weight`` is over ``max_entry_bytes``)."""
        if self.max_entry_bytes and weight > self.max_entry_bytes:
            return value
        items = self._items
        old = items.pop(key, None)
        if old is not None:
            self.bytes -= old[1]
        items[key] = (value, weight)
        self.bytes += weight
        while len(items) > self.capacity or (self.max_bytes and self.bytes > self.max_bytes):
            _, (_, dropped) = items.popitem(last=False)
            self.bytes -= dropped
        return value

    def __len__(self) -> int:
        return len(self._items)
