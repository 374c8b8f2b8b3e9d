"""Small-cell suppression of published counts (docs/statistics.md, "Suppression").

Pure functions, no I/O. A table is a mapping from a cell's key to its counts (numerator and
denominator, either may be ``None`` when a measure has only one of them). Two rules:

1. **Primary**: a cell whose numerator or denominator is below :data:`THRESHOLD` (10) is
   suppressed.
2. **Complementary**: an *equation* says that a total cell is the sum of its member cells (a row
   or column of a table and its margin). If exactly one cell of an equation (total or member) is
   suppressed, the others give it away by subtraction (or addition); so the smallest unsuppressed
   member is suppressed too (the total when no member is left). Equations are revisited until none
   changes, since a cell suppressed for one equation can leave another with exactly one.

Cells absent from the table count as published zeros (the caller knows nobody is there).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

__all__ = ["THRESHOLD", "Counts", "Equation", "is_small", "suppress"]

#: Counts below this are never published.
THRESHOLD: Final = 10

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Counts:
    """A cell's numerator and denominator (``None`` when the measure has no such count)."""

    numerator: int | None
    denominator: int | None


@dataclass(frozen=True, slots=True)
class Equation(Generic[K]):
    """``total`` is the sum of ``members`` (for the numerator and the denominator alike)."""

    total: K
    members: Sequence[K]


def is_small(counts: Counts, threshold: int = THRESHOLD) -> bool:
    """True when a present count of ``counts`` is below ``threshold``."""
    return any(value is not None and value < threshold for value in (counts.numerator, counts.denominator))


def _size(counts: Counts) -> tuple[int, int]:
    """Order of "smallest" for complementary suppression: numerator, then denominator."""
    numerator = counts.numerator if counts.numerator is not None else counts.denominator
    denominator = counts.denominator if counts.denominator is not None else counts.numerator
    return (numerator or 0, denominator or 0)


def suppress(
    table: Mapping[K, Counts], equations: Iterable[Equation[K]], threshold: int = THRESHOLD
) -> set[K]:
    """The keys of ``table`` to suppress: primary, then complementary until stable.

    Ties between equally small members are broken by the key's position in ``members``, so the
    result is deterministic for a given table and equations.
    """
    suppressed = {key for key, counts in table.items() if is_small(counts, threshold)}
    present = [
        (equation.total, [m for m in equation.members if m in table])
        for equation in equations
        if equation.total in table
    ]
    changed = True
    while changed:
        changed = False
        for total, members in present:
            hidden = [key for key in (total, *members) if key in suppressed]
            if len(hidden) != 1:
                continue
            candidates = [m for m in members if m not in suppressed]
            if candidates:
                pick = min(candidates, key=lambda m: _size(table[m]))
            elif total not in suppressed:
                pick = total
            else:  # pragma: no cover - hidden would hold more than one cell
                continue
            suppressed.add(pick)
            changed = True
    return suppressed
