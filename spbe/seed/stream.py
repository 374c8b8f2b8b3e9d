"""The random stream every generator draws from: seeded by a string, fast for small choices.

Implements docs/seeding.md "How it loads" (each chunk has its own stream). ``random.Random``'s
``choice`` and ``randint`` draw exact integers bit by bit, which dominates the generation time
when called millions of times; here they scale one ``random()`` float instead (53 bits, so the
bias for the short sequences used is far below anything visible).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

__all__ = ["Stream", "cumulative"]

_T = TypeVar("_T")


class Stream(random.Random):
    """``random.Random`` (seeded from a string via SHA-512) with float-based small choices."""

    def choice(self, seq: SupportsLenAndGetItem[_T]) -> _T:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


def cumulative(weights: list[float] | tuple[float, ...]) -> list[float]:
    """Running sums of ``weights``, for ``bisect`` draws."""
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out
