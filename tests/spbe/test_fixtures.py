"""The shared fixtures of tests/conftest.py hand out isolated, migrated databases."""

from __future__ import annotations

import os

import asyncpg
import pytest

from tests.conftest import ServiceDsn, TemplateDatabases, _factory


async def _tables(dsn: str) -> set[str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("select tablename from pg_tables where schemaname = 'public'")
        return {row["tablename"] for row in rows}
    finally:
        await conn.close()


async def test_service_dsn_is_migrated(service_dsn: ServiceDsn) -> None:
    dsn = await service_dsn("identity")
    assert {"region", "family", "citizen", "schema_migration"} <= await _tables(dsn)


async def test_each_call_gives_a_separate_database(service_dsn: ServiceDsn) -> None:
    first, second = await service_dsn("health"), await service_dsn("health")
    assert first != second
    conn = await asyncpg.connect(first)
    try:
        await conn.execute("insert into diagnosis (code, name) values ($1, $2)", "J06.9", "ISPA")
    finally:
        await conn.close()
    conn = await asyncpg.connect(second)
    try:
        assert await conn.fetchval("select count(*) from diagnosis") == 0
    finally:
        await conn.close()


async def _exists(server_dsn: str, name: str) -> bool:
    conn = await asyncpg.connect(server_dsn)
    try:
        return bool(await conn.fetchval("select count(*) from pg_database where datname = $1", name))
    finally:
        await conn.close()


async def test_databases_are_dropped_when_the_factory_ends(
    template_databases: TemplateDatabases, server_dsn: str
) -> None:
    factory = _factory(template_databases)
    make = await anext(factory)
    dsn = await make("police")
    name = dsn.split("?")[0].rsplit("/", 1)[1]
    assert name.startswith(f"spbe_test_{os.getpid()}_police_")
    assert await _exists(server_dsn, name)
    await factory.aclose()
    await template_databases.drop_all()  # waits for the background drops
    assert not await _exists(server_dsn, name)


#: The ``module_service_dsn`` factory each test of this module was given, in whatever order they ran.
_factories: list[ServiceDsn] = []


@pytest.fixture(scope="module")
async def school_database(module_service_dsn: ServiceDsn) -> str:
    """An education database of the module, written once (by whichever test asks first)."""
    dsn = await module_service_dsn("education")
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "insert into school (npsn, name, level, public, region_code) values ($1, $2, $3, $4, $5)",
            "20100001", "SD Negeri 1", "SD", True, "317101",
        )  # fmt: skip
    finally:
        await conn.close()
    return dsn


async def _sees_the_module_database(dsn: str, factory: ServiceDsn) -> None:
    _factories.append(factory)
    assert all(seen is factory for seen in _factories)  # one factory, so one database, per module
    conn = await asyncpg.connect(dsn)
    try:
        assert await conn.fetchval("select count(*) from school") == 1  # written once, seen by all
    finally:
        await conn.close()


# Two tests of the same shape: each holds alone and in either order (run them in reverse with
# pytest tests/spbe/test_fixtures.py::..._b tests/spbe/test_fixtures.py::..._a).
async def test_module_service_dsn_is_shared_by_the_module_a(
    school_database: str, module_service_dsn: ServiceDsn
) -> None:
    await _sees_the_module_database(school_database, module_service_dsn)


async def test_module_service_dsn_is_shared_by_the_module_b(
    school_database: str, module_service_dsn: ServiceDsn
) -> None:
    await _sees_the_module_database(school_database, module_service_dsn)
