"""Scratch databases for benchmarks: ``spbe_bench_<service>`` on the chosen server.

Implements docs/benchmarks.md "Databases": the entries share one set of scratch databases,
created and migrated from ``sql/`` on demand, so a benchmark never touches the service
databases of a running installation. The consent registry (``spbe_bench_consent``) is made
afresh by the entry that uses it: its trail only grows, so each run starts from an empty one.
"""

from __future__ import annotations

import asyncpg

from bench.measurement import Context
from spbe.database import create_database, drop_database, with_database
from spbe.migrations import migrate
from spbe.seed import seed_population
from spbe.seed.loader import SERVICES, SeedReport

__all__ = ["fresh_consent_database", "fresh_databases", "population_size", "seeded_databases"]


async def fresh_databases(context: Context) -> dict[str, str]:
    """Drop, create and migrate the scratch database of every seeded service; return their DSNs."""
    dsns = {}
    for service in SERVICES:
        name = f"{context.prefix}{service}"
        await drop_database(context.server_url, name)
        await create_database(context.server_url, name)
        dsns[service] = with_database(context.server_url, name)
        await migrate(dsns[service], service)
    return dsns


async def fresh_consent_database(context: Context) -> str:
    """Drop, create and migrate (``sql/consent``) the scratch consent registry; return its DSN."""
    name = f"{context.prefix}consent"
    await drop_database(context.server_url, name)
    await create_database(context.server_url, name)
    dsn = with_database(context.server_url, name)
    await migrate(dsn, "consent")
    return dsn


async def population_size(context: Context) -> int:
    """Citizens in the scratch identity database (0 if it does not exist or is empty)."""
    try:
        conn = await asyncpg.connect(with_database(context.server_url, f"{context.prefix}identity"))
    except asyncpg.InvalidCatalogNameError:
        return 0
    try:
        count: int = await conn.fetchval("select count(*) from citizen")
        return count
    except asyncpg.UndefinedTableError:
        return 0
    finally:
        await conn.close()


async def seeded_databases(
    context: Context, at_least: int, seed_size: int
) -> tuple[dict[str, str], SeedReport | None]:
    """Scratch databases holding ``at_least`` citizens; if they hold fewer, seed ``seed_size``."""
    if await population_size(context) >= at_least:
        return {s: with_database(context.server_url, f"{context.prefix}{s}") for s in SERVICES}, None
    dsns = await fresh_databases(context)
    report = await seed_population(dsns, citizens=max(at_least, seed_size), seed=context.seed)
    return dsns, report
