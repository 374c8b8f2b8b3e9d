"""The default path: the embedded server really starts, answers, and stops (even when CI sets
DATABASE_URL for everything else), and a server left running by a killed ``spbe`` is dealt with."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import psutil
import pytest

from spbe.database import DatabaseError, start_embedded
from spbe.migrations import migrate
from spbe.settings import PROJECT_ROOT


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


def _postmaster_pid(data: Path) -> int:
    return int((data / "postmaster.pid").read_text().split()[0])


@pytest.fixture
def no_server_left(embedded_data_dir: Path) -> Iterator[None]:
    """Whatever a failing test leaves running in the data directory is killed."""
    yield
    try:
        pid = _postmaster_pid(embedded_data_dir / "postgres")
        process = psutil.Process(pid)
        for child in process.children(recursive=True):
            child.kill()
        process.kill()
    except (OSError, ValueError, psutil.Error):
        pass


async def _serve(data_dir: Path, port: int) -> tuple[asyncio.subprocess.Process, str]:
    """``spbe serve identity`` on the embedded server in ``data_dir``; returns once it serves,
    with what it logged until then."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SPBE_DATA_DIR=str(data_dir), SPBE_LOG_FORMAT="json")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "spbe", "serve", "identity", "--insecure-dev", "--port", str(port),
        cwd=PROJECT_ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 120)
    except TimeoutError:
        process.kill()
        raise
    if b"identity subgraph at" not in line:
        process.kill()
        raise AssertionError((await process.stderr.read()).decode())
    logs = b""
    with contextlib.suppress(TimeoutError):  # what it logged so far (it logs nothing more while serving)
        while chunk := await asyncio.wait_for(process.stderr.read(65536), 0.5):
            logs += chunk
    return process, logs.decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
@pytest.mark.usefixtures("no_server_left")
async def test_a_server_left_by_a_killed_spbe_is_reused_then_stopped(embedded_data_dir: Path) -> None:
    data = embedded_data_dir / "postgres"
    first, _ = await _serve(embedded_data_dir, _free_port())
    left = _postmaster_pid(data)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    assert not await _ends_within(left, seconds=1), "the server should outlive a killed spbe"

    second, logs = await _serve(embedded_data_dir, _free_port())
    try:
        assert _postmaster_pid(data) == left
        assert '"event":"db.leftover"' in logs and '"action":"reused"' in logs
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), 60) == 0
    finally:
        if second.returncode is None:
            second.kill()
            await second.wait()
    assert await _ends_within(left, seconds=30), "the last user did not stop the server it reused"


@pytest.mark.slow
@pytest.mark.usefixtures("no_server_left")
async def test_a_left_behind_server_that_does_not_answer_is_stopped(embedded_data_dir: Path) -> None:
    data = embedded_data_dir / "postgres"
    first, _ = await _serve(embedded_data_dir, _free_port())
    hung = _postmaster_pid(data)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    os.kill(hung, signal.SIGSTOP)  # left running, and no longer answering
    try:
        started = time.monotonic()
        second, logs = await _serve(embedded_data_dir, _free_port())
    except BaseException:
        os.kill(hung, signal.SIGKILL)
        raise
    try:
        assert '"event":"db.leftover"' in logs and '"action":"stopped"' in logs
        assert await _ends_within(hung, seconds=1)
        assert _postmaster_pid(data) != hung
        assert time.monotonic() - started < 60
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), 60) == 0
    finally:
        if second.returncode is None:
            second.kill()
            await second.wait()
