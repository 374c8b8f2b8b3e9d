"""Schema migrations: ``sql/<service>/NNN_verb_object.sql`` applied in order, once.

Implements ``docs/migrations.md``:

* files are applied in version order (``NNN``), each inside its own transaction, and recorded
  in ``schema_migration`` (file name, version, sha256 of the file's bytes, time applied);
* running again applies nothing (only files not yet recorded are applied);
* a recorded file whose content has changed, or which has disappeared, is refused with a
  :class:`MigrationError` naming the file: migrations are append-only, write a new file instead;
* every transaction first takes ``pg_advisory_xact_lock`` on one key, so two processes
  migrating the same database at once apply each file exactly once.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from spbe.settings import PROJECT_ROOT

__all__ = [
    "LOCK_KEY",
    "Migration",
    "MigrationError",
    "applied_migrations",
    "discover",
    "migrate",
]

_log = logging.getLogger("spbe.migrations")

#: The advisory-lock key every migration transaction takes (a fixed, arbitrary 63-bit number).
LOCK_KEY: int = int.from_bytes(hashlib.sha256(b"spbe.migrations").digest()[:8], "big") >> 1

_FILE_NAME = re.compile(r"^(?P<version>[0-9]{3})_(?P<verb>[a-z]+)_(?P<object>[a-z0-9_]+)\.sql$")

_CREATE_TABLE = """
create table if not exists schema_migration (
    name        text primary key,
    version     integer not null unique,
    checksum    text not null,
    applied_at  timestamptz not null default now()
)
"""


class MigrationError(RuntimeError):
    """A migration cannot be applied, or the database disagrees with the migration files."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration file."""

    service: str
    version: int
    name: str  # the file name, e.g. "001_create_regions.sql"
    sql: str
    checksum: str  # sha256 of the file's bytes, hex

    @classmethod
    def from_path(cls, service: str, path: Path) -> Migration:
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"{path}: migration files are named NNN_verb_object.sql")
        data = path.read_bytes()
        return cls(
            service=service,
            version=int(match["version"]),
            name=path.name,
            sql=data.decode("utf-8"),
            checksum=hashlib.sha256(data).hexdigest(),
        )


def discover(service: str, sql_dir: Path | None = None) -> list[Migration]:
    """The migrations of ``service`` found in ``sql_dir/<service>/``, in version order."""
    directory = (sql_dir or PROJECT_ROOT / "sql") / service
    if not directory.is_dir():
        raise MigrationError(f"no migrations for service {service!r}: {directory} does not exist")
    migrations = sorted(
        (Migration.from_path(service, path) for path in directory.iterdir() if path.suffix == ".sql"),
        key=lambda m: m.version,
    )
    for before, after in itertools.pairwise(migrations):
        if before.version == after.version:
            clash = f"{before.name} and {after.name} share version {after.version:03d}"
            raise MigrationError(f"{directory}: {clash}")
    return migrations


async def applied_migrations(conn: asyncpg.Connection) -> dict[str, str]:
    """File name → checksum of every migration recorded in the database ``conn`` is on."""
    exists = await conn.fetchval("select to_regclass('schema_migration') is not null")
    if not exists:
        return {}
    rows = await conn.fetch("select name, checksum from schema_migration order by version")
    return {row["name"]: row["checksum"] for row in rows}


def _check(service: str, migrations: Sequence[Migration], applied: dict[str, str]) -> None:
    by_name = {m.name: m for m in migrations}
    for name, checksum in applied.items():
        migration = by_name.get(name)
        if migration is None:
            raise MigrationError(
                f"sql/{service}/{name} was applied to this database but no longer exists; "
                "migrations are append-only"
            )
        if migration.checksum != checksum:
            raise MigrationError(
                f"sql/{service}/{name} changed after it was applied (checksum {checksum[:12]}… in the "
                f"database, {migration.checksum[:12]}… on disk); migrations are append-only: "
                "restore the file and add a new one"
            )


async def migrate(dsn: str, service: str, *, sql_dir: Path | None = None) -> list[Migration]:
    """Apply the pending migrations of ``service`` to the database at ``dsn``; return those applied.

    Each file runs in its own transaction that first takes the advisory lock, re-reads what is
    applied and verifies every checksum, so concurrent runs serialise and never apply a file twice.
    """
    migrations = discover(service, sql_dir)
    done: list[Migration] = []
    conn = await asyncpg.connect(dsn)
    try:
        while True:
            async with conn.transaction():
                await conn.execute("select pg_advisory_xact_lock($1)", LOCK_KEY)
                await conn.execute(_CREATE_TABLE)
                applied = await applied_migrations(conn)
                _check(service, migrations, applied)
                pending = [m for m in migrations if m.name not in applied]
                if not pending:
                    break
                migration = pending[0]
                try:
                    await conn.execute(migration.sql)
                except asyncpg.PostgresError as exc:
                    raise MigrationError(f"sql/{service}/{migration.name} failed: {exc}") from exc
                await conn.execute(
                    "insert into schema_migration (name, version, checksum) values ($1, $2, $3)",
                    migration.name,
                    migration.version,
                    migration.checksum,
                )
            _log.info(
                "applied migration",
                extra={"event": "migration.applied", "service": service, "migration": migration.name},
            )
            done.append(migration)
    finally:
        await conn.close()
    return done
