"""What the service databases hold, and finishing a seeding run that was cut off.

Implements docs/seeding.md "All or nothing" and "Mixed populations". :func:`inspect_population`
reads each database's generation (:mod:`spbe.seed.generation`) and says whether they are empty,
hold one population, lag behind a decided generation, or are mixed beyond repair.
:func:`recover` settles what a cut-off run left: prepared transactions of the decided generation
are committed and others rolled back (the coordinator's generation is the decision, see
:mod:`spbe.seed.commit`); databases behind a decided generation are seeded again with its
``seed`` and ``citizens``, which give the same rows (rolled forward).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import asyncpg

from spbe.seed.commit import TRANSACTION_PREFIX
from spbe.seed.generation import Generation, read_generation
from spbe.seed.loader import SERVICES, TABLES, Progress, SeedReport, filled, load_generation, seeding_lock

__all__ = [
    "SAMPLE",
    "Population",
    "Recovery",
    "SeedState",
    "inspect_population",
    "is_seeded",
    "recover",
    "resolve_prepared",
]


#: The global id :func:`spbe.seed.commit.transaction_id` gives: prefix, generation, service.
_GID = re.compile(re.escape(TRANSACTION_PREFIX) + r"[0-9a-f]{32}_[a-z][a-z0-9_]*")


class Population(enum.Enum):
    """What the seeded databases hold, together."""

    EMPTY = "empty"  # nothing in any seeded table
    CONSISTENT = "consistent"  # one population everywhere
    LAGGING = "lagging"  # the coordinator decided a generation that some databases lack: roll forward
    MIXED = "mixed"  # different populations and no decision to finish: only a reset helps


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedState:
    """Each service's generation (None: none recorded) and whether its tables hold rows."""

    population: Population
    generations: Mapping[str, Generation | None]
    filled: Mapping[str, bool]
    decided: Generation | None = None
    lagging: tuple[str, ...] = ()
    strangers: tuple[str, ...] = ()  # hold NIKs the coordinator's citizens lack (no generations to go by)

    def describe(self) -> str:
        """One line naming each service's population, e.g. ``identity, health: generation
        3f2a91c0 (seed 1, 4,000 citizens); education, police: no generation recorded``."""
        groups: dict[str, list[str]] = {}
        for service, generation in self.generations.items():
            if generation is not None:
                label = generation.describe()
            else:
                label = "data without a recorded generation" if self.filled[service] else "empty"
            groups.setdefault(label, []).append(service)
        text = "; ".join(f"{', '.join(services)}: {label}" for label, services in groups.items())
        if self.strangers:
            coordinator = next(iter(self.generations))
            text += f"; {', '.join(self.strangers)}: records of citizens not in {coordinator}"
        return text


@dataclass(slots=True, kw_only=True)
class Recovery:
    """What :func:`recover` did, and the state it left."""

    state: SeedState
    committed: list[str] = field(default_factory=list)  # prepared transactions committed
    rolled_back: list[str] = field(default_factory=list)  # prepared transactions rolled back
    rolled_forward: tuple[str, ...] = ()  # services seeded again with the decided generation
    report: SeedReport | None = None  # the roll-forward's load

    @property
    def changed(self) -> bool:
        return bool(self.committed or self.rolled_back or self.rolled_forward)


def _services(dsns: Mapping[str, str]) -> tuple[str, ...]:
    missing = [service for service in SERVICES if service not in dsns]
    if missing:
        raise ValueError(f"no database given for: {', '.join(missing)}")
    return SERVICES


async def inspect_population(dsns: Mapping[str, str]) -> SeedState:
    """Read every service's generation and whether it holds rows (after :func:`resolve_prepared`:
    a prepared transaction that emptied a table would make the probe wait)."""
    services = _services(dsns)
    generations: dict[str, Generation | None] = {}
    holding: dict[str, bool] = {}
    for service in services:
        conn = await asyncpg.connect(dsns[service])
        try:
            generations[service] = await read_generation(conn)
            holding[service] = await filled(conn, service)
        finally:
            await conn.close()
    coordinator = services[0]
    decided = generations[coordinator] if holding[coordinator] else None
    if decided is not None:
        lagging = tuple(
            s for s in services if generations[s] is None or generations[s].id != decided.id  # type: ignore[union-attr]
        )
        population = Population.LAGGING if lagging else Population.CONSISTENT
        return SeedState(
            population=population, generations=generations, filled=holding, decided=decided, lagging=lagging
        )
    if not any(holding.values()) and not any(generations.values()):
        population = Population.EMPTY
    elif all(holding.values()) and not any(generations.values()):
        # seeded before generations were recorded: the NIKs tell whether it is one population
        strangers = await _strangers(dsns, services)
        population = Population.MIXED if strangers else Population.CONSISTENT
        return SeedState(population=population, generations=generations, filled=holding, strangers=strangers)
    else:
        population = Population.MIXED
    return SeedState(population=population, generations=generations, filled=holding)


#: How many NIKs of each table are checked against the coordinator's citizens.
SAMPLE = 200


async def _strangers(dsns: Mapping[str, str], services: tuple[str, ...]) -> tuple[str, ...]:
    """The services whose records name NIKs that the coordinator's citizen table lacks (a sample
    of :data:`SAMPLE` per table: two populations share next to no NIK)."""
    coordinator, *others = services
    citizens = next(table for table, columns in TABLES[coordinator] if "nik" in columns)
    found: list[str] = []
    conn = await asyncpg.connect(dsns[coordinator])
    try:
        for service in others:
            niks: set[str] = set()
            other = await asyncpg.connect(dsns[service])
            try:
                for table, columns in TABLES[service]:
                    if "nik" in columns:
                        query = f"select distinct nik from {table} where nik is not null limit $1"
                        rows = await other.fetch(query, SAMPLE)
                        niks.update(row["nik"] for row in rows)
            finally:
                await other.close()
            query = f"select count(*) from {citizens} where nik = any($1::text[])"
            known = await conn.fetchval(query, list(niks))
            if known < len(niks):
                found.append(service)
    finally:
        await conn.close()
    return tuple(found)


async def is_seeded(dsns: Mapping[str, str]) -> bool:
    """True when the databases hold one population (:attr:`Population.CONSISTENT`)."""
    return (await inspect_population(dsns)).population is Population.CONSISTENT


async def resolve_prepared(dsns: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Commit the prepared transactions that a seeding run left for the decided generation (the
    coordinator's), roll back the others; return the services of each. The caller holds the
    seeding lock, so no run is between its vote and its decision now."""
    services = _services(dsns)
    conn = await asyncpg.connect(dsns[services[0]])
    try:
        decided = await read_generation(conn)
    finally:
        await conn.close()
    committed: list[str] = []
    rolled_back: list[str] = []
    for service in services:
        conn = await asyncpg.connect(dsns[service])
        try:
            gids = await conn.fetch(
                "select gid from pg_prepared_xacts where database = current_database() and gid like $1",
                TRANSACTION_PREFIX.replace("_", r"\_") + "%",
            )
            for row in gids:
                gid: str = row["gid"]
                if not _GID.fullmatch(gid):
                    continue  # not one a seeding run makes (and not safe to quote): left alone
                generation_id = gid.removeprefix(TRANSACTION_PREFIX).split("_", 1)[0]
                if decided is not None and generation_id == decided.id:
                    await conn.execute(f"commit prepared '{gid}'")
                    committed.append(service)
                else:
                    await conn.execute(f"rollback prepared '{gid}'")
                    rolled_back.append(service)
        finally:
            await conn.close()
    return committed, rolled_back


async def recover(
    dsns: Mapping[str, str],
    *,
    progress: Progress | None = None,
    connection_class: type[asyncpg.Connection] = asyncpg.Connection,
) -> Recovery:
    """Settle prepared transactions, then roll lagging databases forward to the decided
    generation; return what was done and the resulting state (which may still be
    :attr:`Population.MIXED`: then only ``spbe seed --reset`` helps)."""
    services = _services(dsns)
    async with seeding_lock(dsns[services[0]]):
        committed, rolled_back = await resolve_prepared(dsns)
        state = await inspect_population(dsns)
        if state.population is not Population.LAGGING or state.decided is None:
            return Recovery(state=state, committed=committed, rolled_back=rolled_back)
        report = await load_generation(
            dsns,
            state.decided,
            services=state.lagging,
            progress=progress,
            reset=True,
            connection_class=connection_class,
        )
        return Recovery(
            state=await inspect_population(dsns),
            committed=committed,
            rolled_back=rolled_back,
            rolled_forward=state.lagging,
            report=report,
        )
