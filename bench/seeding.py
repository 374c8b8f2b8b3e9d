"""Benchmark: seeding rate, citizens per second with all their records (docs/benchmarks.md).

For each population size, fresh scratch databases are migrated, then ``seed_population`` is
timed end to end (regions and reference data, generation, COPY into the four databases,
commit and ANALYZE).
"""

from __future__ import annotations

from bench.databases import fresh_databases
from bench.measurement import Context, Measurement
from spbe.seed import seed_population

__all__ = ["run"]


async def run(context: Context) -> list[Measurement]:
    out = []
    for citizens in context.citizens:
        dsns = await fresh_databases(context)
        report = await seed_population(dsns, citizens=citizens, seed=context.seed)
        out.append(
            Measurement(
                "seeding",
                f"{citizens:,} citizens",
                report.citizens_per_second,
                "citizens/s",
                f"{report.total_rows:,} rows in {report.seconds:.1f} s",
            )
        )
    return out
