"""What the databases hold, told apart (spbe.seed.recovery, docs/seeding.md "Mixed populations")."""

from __future__ import annotations

import asyncio

import asyncpg

from spbe.seed import Population, inspect_population, is_seeded, recover, seed_population
from spbe.seed.loader import SERVICES
from tests.conftest import ServiceDsn


async def _forget_generation(dsn: str) -> None:
    """As if seeded before generations were recorded."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("drop table seed_generation")
    finally:
        await conn.close()


async def test_populations_seeded_before_generations_are_told_apart_by_their_niks(
    service_dsn: ServiceDsn,
) -> None:
    first = {service: await service_dsn(service) for service in SERVICES}
    second = {service: await service_dsn(service) for service in SERVICES}
    empty = await inspect_population(first)
    assert empty.population is Population.EMPTY and not await is_seeded(first)
    await asyncio.gather(
        seed_population(first, citizens=300, seed=1), seed_population(second, citizens=300, seed=2)
    )
    for dsn in [*first.values(), *second.values()]:
        await _forget_generation(dsn)
    same = await inspect_population(first)
    assert same.population is Population.CONSISTENT and not same.strangers
    assert await is_seeded(first)

    # the mix: identity and health from one run, education and police from another
    mixed = {**first, "education": second["education"], "police": second["police"]}
    state = await inspect_population(mixed)
    assert state.population is Population.MIXED
    assert state.strangers == ("education", "police")
    assert state.describe().endswith("education, police: records of citizens not in identity")
    recovery = await recover(mixed)  # nothing it can finish: it changes nothing
    assert not recovery.changed and recovery.state.population is Population.MIXED
