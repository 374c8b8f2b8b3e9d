"""identity's query functions against a real database: keys in batches, ancestors, ordering."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from subgraphs.common.server import create_pool
from subgraphs.identity import queries
from tests.conftest import ServiceDsn
from tests.subgraphs.identity.rows import insert_population, insert_regions


@pytest.fixture(scope="module")
async def pool(module_service_dsn: ServiceDsn) -> AsyncIterator[asyncpg.Pool]:
    dsn = await module_service_dsn("identity")
    conn = await asyncpg.connect(dsn)
    try:
        await insert_regions(conn)
        await insert_population(conn, families=3)
    finally:
        await conn.close()
    pool = await create_pool(dsn)
    try:
        yield pool
    finally:
        await pool.close()


async def test_regions_by_parent_brings_the_parent_lineage(pool: asyncpg.Pool) -> None:
    rows = await queries.regions_by_parent(pool, "317101")
    assert [row["code"] for row in rows] == ["31", "3171", "317101", "3171011001", "3171011002"]
    assert [row["code"] for row in await queries.regions_by_parent(pool, None)] == ["31"]


async def test_regions_by_code_ignores_unknown_codes(pool: asyncpg.Pool) -> None:
    rows = await queries.regions_by_code(pool, ["3171", "9999", "31"])
    assert sorted(row["code"] for row in rows) == ["31", "3171"]


async def test_households_list_members_head_first(pool: asyncpg.Pool) -> None:
    rows = await queries.households_by_kk(pool, ["3171010101000001", "3171010101000000", "0000000000000000"])
    by_family: dict[str, list[str]] = {}
    for row in rows:
        by_family.setdefault(row["family_kk"], []).append(row["family_relation"])
    assert by_family == {
        "3171010101000000": ["HEAD", "SPOUSE", "CHILD", "CHILD"],
        "3171010101000001": ["HEAD", "SPOUSE", "CHILD", "CHILD"],
    }
    children = [row for row in rows if row["family_relation"] == "CHILD"]
    assert children[0]["birth_date"] < children[1]["birth_date"]


async def test_citizens_by_nik_returns_only_known_niks(pool: asyncpg.Pool) -> None:
    known = [row["nik"] for row in await pool.fetch("select nik from citizen order by nik limit 2")]
    rows = await queries.citizens_by_nik(pool, [*known, "3171011708459999"])
    assert sorted(row["nik"] for row in rows) == known
