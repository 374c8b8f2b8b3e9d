"""What a benchmark entry receives and returns (docs/benchmarks.md, "Adding a benchmark")."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Context", "Measurement"]


@dataclass(frozen=True, slots=True)
class Measurement:
    """One row of the printed table."""

    benchmark: str  # the entry, e.g. "seeding"
    case: str  # what was measured, e.g. "100,000 citizens"
    value: float
    unit: str  # e.g. "citizens/s"
    detail: str = ""  # secondary figures, e.g. "1,264,290 rows in 16.8 s"


@dataclass(frozen=True, slots=True)
class Context:
    """Options shared by every entry."""

    server_url: str  # a PostgreSQL server URL (its maintenance database)
    citizens: tuple[int, ...]  # population sizes for the seeding entry
    seed: int
    duration: float  # seconds each throughput case runs
    batches: tuple[int, ...] = (1, 100, 1_000)  # representations per _entities request
    prefix: str = "spbe_bench_"  # scratch databases: <prefix><service>
