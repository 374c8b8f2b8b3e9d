"""The default path: the embedded server really starts, answers, and stops (even when CI sets
DATABASE_URL for everything else)."""

from __future__ import annotations

import os
from pathlib import Path

import asyncpg
import pytest

from spbe.database import DatabaseError, start_embedded
from spbe.migrations import migrate


async def test_embedded_server_starts_migrates_answers_and_stops(embedded_data_dir: Path) -> None:
    data = embedded_data_dir / "postgres"
    server = start_embedded(data, cleanup="delete")
    try:
        assert server.embedded
        assert (data / "PG_VERSION").exists()
        pid = int((data / "postmaster.pid").read_text().split()[0])
        applied = await migrate(server.dsn("postgres"), "police")
        assert [m.name for m in applied] == ["001_create_police_records.sql"]
        conn = await asyncpg.connect(server.url)
        try:
            assert await conn.fetchval("select count(*) from driving_licence") == 0
            assert (await conn.fetchval("show server_version")).split(".")[0].isdigit()
        finally:
            await conn.close()
    finally:
        server.close()
    assert not _running(pid)
    assert not data.exists()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_unusable_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises((DatabaseError, OSError)):
        start_embedded(blocker / "postgres")
