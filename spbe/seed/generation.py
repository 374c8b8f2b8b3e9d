"""The seed generation a service database holds: which population, written by which run.

Implements docs/seeding.md "All or nothing": every seeding run has a generation (a random id,
its ``seed`` and ``citizens`` and the services it fills), and writes it into each service
database's ``seed_generation`` table *in the same transaction as that database's rows*. So a
database's generation always names the population it holds, and databases holding different
generations hold different populations. The first participant (the *coordinator*, identity)
commits first: its generation is the run's decision, which recovery finishes everywhere else.

The seeder makes the table itself (``create table if not exists``), so a service added to
``spbe.seed.loader.TABLES`` needs no migration of its own for it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

__all__ = ["TABLE", "Generation", "ensure_table", "read_generation", "write_generation"]

#: The bookkeeping table in every seeded database (one row).
TABLE = "seed_generation"

_CREATE = f"""
create table if not exists {TABLE} (
    singleton boolean primary key default true check (singleton),
    generation uuid not null,
    seed bigint not null,
    citizens integer not null check (citizens > 0),
    participants text[] not null,
    seeded_at timestamptz not null default now()
)
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Generation:
    """One seeding run's population: the same ``seed`` and ``citizens`` give the same rows."""

    id: str
    seed: int
    citizens: int
    participants: tuple[str, ...]

    @classmethod
    def new(cls, *, seed: int, citizens: int, participants: tuple[str, ...]) -> Generation:
        """A generation with a fresh random id."""
        return cls(id=uuid.uuid4().hex, seed=seed, citizens=citizens, participants=participants)

    @property
    def coordinator(self) -> str:
        """The participant whose commit decides the run (the first: identity)."""
        return self.participants[0]

    def describe(self) -> str:
        """``generation 3f2a91c0 (seed 1, 3,000 citizens)``: for messages, never personal data."""
        return f"generation {self.id[:8]} (seed {self.seed}, {self.citizens:,} citizens)"


async def ensure_table(conn: asyncpg.Connection) -> None:
    """Create the ``seed_generation`` table unless it exists (inside the caller's transaction)."""
    if await conn.fetchval("select to_regclass($1) is null", TABLE):
        await conn.execute(_CREATE)


async def write_generation(conn: asyncpg.Connection, generation: Generation) -> None:
    """Record ``generation`` as this database's, in the caller's transaction (row locks only, so
    readers of the old row are never blocked, even by a prepared transaction)."""
    await conn.execute(f"delete from {TABLE}")
    await conn.execute(
        f"insert into {TABLE} (generation, seed, citizens, participants) values ($1, $2, $3, $4)",
        uuid.UUID(generation.id),
        generation.seed,
        generation.citizens,
        list(generation.participants),
    )


async def read_generation(conn: asyncpg.Connection) -> Generation | None:
    """This database's committed generation, or None (no table yet, or never seeded by a run that
    records one)."""
    if await conn.fetchval("select to_regclass($1) is null", TABLE):
        return None
    row = await conn.fetchrow(f"select generation, seed, citizens, participants from {TABLE}")
    if row is None:
        return None
    return Generation(
        id=row["generation"].hex,
        seed=row["seed"],
        citizens=row["citizens"],
        participants=tuple(row["participants"]),
    )
