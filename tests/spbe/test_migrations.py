"""spbe.migrations against the real server: order, checksums, idempotence, refusal, locking."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from spbe.database import create_database, drop_database, with_database
from spbe.migrations import LOCK_KEY, MigrationError, applied_migrations, discover, migrate
from spbe.settings import PROJECT_ROOT

_numbers = itertools.count(1)


@pytest.fixture
async def empty_dsn(server_dsn: str) -> AsyncIterator[str]:
    name = f"spbe_test_{os.getpid()}_migrations_{next(_numbers)}"
    await drop_database(server_dsn, name)
    await create_database(server_dsn, name)
    try:
        yield with_database(server_dsn, name)
    finally:
        await drop_database(server_dsn, name)


@pytest.fixture
def sql_dir(tmp_path: Path) -> Path:
    demo = tmp_path / "demo"
    demo.mkdir()
    (demo / "001_create_animals.sql").write_text("create table animal (id int primary key, name text);\n")
    (demo / "002_add_animal_legs.sql").write_text("alter table animal add column legs int;\n")
    return tmp_path


async def _fetch(dsn: str, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


def test_discover_orders_by_version_and_hashes_bytes(sql_dir: Path) -> None:
    (sql_dir / "demo" / "010_create_plants.sql").write_text("create table plant (id int);")
    found = discover("demo", sql_dir)
    assert [m.version for m in found] == [1, 2, 10]
    data = (sql_dir / "demo" / "002_add_animal_legs.sql").read_bytes()
    assert found[1].checksum == hashlib.sha256(data).hexdigest()


def test_discover_refuses_badly_named_files(sql_dir: Path) -> None:
    (sql_dir / "demo" / "3_fix.sql").write_text("select 1;")
    with pytest.raises(MigrationError, match=r"3_fix\.sql"):
        discover("demo", sql_dir)


def test_discover_refuses_duplicate_versions(sql_dir: Path) -> None:
    (sql_dir / "demo" / "002_create_plants.sql").write_text("create table plant (id int);")
    with pytest.raises(MigrationError, match="share version 002"):
        discover("demo", sql_dir)


def test_discover_refuses_unknown_service(sql_dir: Path) -> None:
    with pytest.raises(MigrationError, match="no migrations for service 'nothing'"):
        discover("nothing", sql_dir)


async def test_applies_every_project_service_in_order(empty_dsn: str) -> None:
    applied = await migrate(empty_dsn, "identity", sql_dir=PROJECT_ROOT / "sql")
    assert [m.name for m in applied] == [
        "001_create_regions.sql", "002_create_citizens.sql", "003_create_digital_ids.sql",
    ]  # fmt: skip
    rows = await _fetch(empty_dsn, "select name, version, checksum from schema_migration order by version")
    assert [(r["name"], r["version"], r["checksum"]) for r in rows] == [
        (m.name, m.version, m.checksum) for m in applied
    ]
    tables = await _fetch(empty_dsn, "select tablename from pg_tables where schemaname = 'public'")
    assert {"region", "family", "citizen"} <= {r["tablename"] for r in tables}


async def test_running_twice_changes_nothing(empty_dsn: str, sql_dir: Path) -> None:
    assert len(await migrate(empty_dsn, "demo", sql_dir=sql_dir)) == 2
    before = await _fetch(empty_dsn, "select name, checksum, applied_at from schema_migration")
    assert await migrate(empty_dsn, "demo", sql_dir=sql_dir) == []
    assert await _fetch(empty_dsn, "select name, checksum, applied_at from schema_migration") == before


async def test_new_files_are_applied_later(empty_dsn: str, sql_dir: Path) -> None:
    await migrate(empty_dsn, "demo", sql_dir=sql_dir)
    (sql_dir / "demo" / "003_create_plants.sql").write_text("create table plant (id int);")
    applied = await migrate(empty_dsn, "demo", sql_dir=sql_dir)
    assert [m.name for m in applied] == ["003_create_plants.sql"]


async def test_changed_file_is_refused_by_name(empty_dsn: str, sql_dir: Path) -> None:
    await migrate(empty_dsn, "demo", sql_dir=sql_dir)
    changed = sql_dir / "demo" / "001_create_animals.sql"
    changed.write_text("create table animal (id bigint primary key, name text);\n")
    (sql_dir / "demo" / "003_create_plants.sql").write_text("create table plant (id int);")
    with pytest.raises(
        MigrationError, match=r"sql/demo/001_create_animals\.sql changed after it was applied"
    ):
        await migrate(empty_dsn, "demo", sql_dir=sql_dir)
    rows = await _fetch(empty_dsn, "select name from schema_migration")
    assert "003_create_plants.sql" not in {r["name"] for r in rows}


async def test_removed_file_is_refused_by_name(empty_dsn: str, sql_dir: Path) -> None:
    await migrate(empty_dsn, "demo", sql_dir=sql_dir)
    (sql_dir / "demo" / "002_add_animal_legs.sql").unlink()
    with pytest.raises(MigrationError, match=r"002_add_animal_legs\.sql was applied .* no longer exists"):
        await migrate(empty_dsn, "demo", sql_dir=sql_dir)


async def test_failing_file_is_rolled_back_alone(empty_dsn: str, sql_dir: Path) -> None:
    (sql_dir / "demo" / "003_create_plants.sql").write_text(
        "create table plant (id int);\ninsert into nowhere values (1);\n"
    )
    with pytest.raises(MigrationError, match=r"sql/demo/003_create_plants\.sql failed"):
        await migrate(empty_dsn, "demo", sql_dir=sql_dir)
    conn = await asyncpg.connect(empty_dsn)
    try:
        assert set(await applied_migrations(conn)) == {"001_create_animals.sql", "002_add_animal_legs.sql"}
        assert await conn.fetchval("select to_regclass('plant')") is None
    finally:
        await conn.close()


async def test_waits_for_the_advisory_lock(empty_dsn: str, sql_dir: Path) -> None:
    holder = await asyncpg.connect(empty_dsn)
    try:
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute("select pg_advisory_xact_lock($1)", LOCK_KEY)
        task = asyncio.ensure_future(migrate(empty_dsn, "demo", sql_dir=sql_dir))
        await asyncio.sleep(0.5)
        assert not task.done()
        await transaction.rollback()
        assert len(await asyncio.wait_for(task, 10)) == 2
    finally:
        await holder.close()


async def test_concurrent_runs_apply_each_file_once(empty_dsn: str, tmp_path: Path) -> None:
    shutil.copytree(PROJECT_ROOT / "sql" / "health", tmp_path / "health")
    runs = await asyncio.gather(*(migrate(empty_dsn, "health", sql_dir=tmp_path) for _ in range(4)))
    names = sorted(m.name for run in runs for m in run)
    assert names == ["001_create_facilities.sql", "002_create_health_records.sql"]
