"""The default path: the embedded server really starts, answers, and stops (even when CI sets
DATABASE_URL for everything else)."""

from __future__ import annotations

import asyncio
import time
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
    assert await _ends_within(pid, seconds=10)
    assert not data.exists()


async def _ends_within(pid: int, *, seconds: float) -> bool:
    """Whether process ``pid`` is gone (or a zombie) within ``seconds``: ``pg_ctl stop`` returns
    once the server removed its pid file, a moment before the process itself has exited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        await asyncio.sleep(0.05)
    return False


def test_unusable_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises((DatabaseError, OSError)):
        start_embedded(blocker / "postgres")
