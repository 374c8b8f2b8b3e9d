"""Partner agencies' API keys in the consent registry (``spbe keys``).

A key (``spbe_<prefix>_<secret>``, :mod:`gateway.access.keys`) is shown once, when it is made;
the registry keeps its prefix and the SHA-256 of the whole key only. Revoking is immediate;
rotating makes a new key with the same agency, name and scopes and lets the old one work until
a grace period ends (never longer than it would have anyway).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from gateway.access.keys import generate_key
from spbe.registry import RegistryError, format_table, format_time

__all__ = [
    "SCOPES",
    "CreatedKey",
    "KeyInfo",
    "create_key",
    "format_keys",
    "list_keys",
    "revoke_key",
    "rotate_key",
]

#: The scopes a key can carry.
SCOPES: tuple[str, ...] = (
    "identity:read",
    "health:read",
    "education:read",
    "police:read",
    "social:read",
    "social:outreach",
    "civilservice:read",
    "payments:read",
    "statistics:read",
    "audit:read",
    "admin",
)


@dataclass(frozen=True, slots=True)
class CreatedKey:
    """A key just made: ``text`` is the key itself, to be shown once and never stored."""

    id: int
    prefix: str
    text: str
    agency: str
    name: str
    scopes: tuple[str, ...]
    expires_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """What the registry knows of a key (never its secret)."""

    id: int
    prefix: str
    agency: str
    name: str
    scopes: tuple[str, ...]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    replaced_by: str | None
    last_used_at: dt.datetime | None


_SELECT = """
    select k.id, k.prefix, k.agency, k.name, k.scopes, k.created_at, k.expires_at, k.revoked_at,
           r.prefix as replaced_by, k.last_used_at
      from api_key k left join api_key r on r.id = k.replaced_by
"""


def _info(row: asyncpg.Record) -> KeyInfo:
    return KeyInfo(
        id=row["id"],
        prefix=row["prefix"],
        agency=row["agency"],
        name=row["name"],
        scopes=tuple(row["scopes"]),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        revoked_at=row["revoked_at"],
        replaced_by=row["replaced_by"],
        last_used_at=row["last_used_at"],
    )


def _check_scopes(scopes: Sequence[str]) -> tuple[str, ...]:
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise RegistryError(f"unknown scope {unknown[0]!r}; known: {', '.join(SCOPES)}")
    if not scopes:
        raise RegistryError(f"give at least one scope ({', '.join(SCOPES)})")
    return tuple(dict.fromkeys(scopes))


async def _insert(
    conn: asyncpg.Connection, agency: str, name: str, scopes: tuple[str, ...], expires_at: dt.datetime | None
) -> CreatedKey:
    for _ in range(5):  # a prefix collision (1 in 36^10) gets a fresh key
        key = generate_key()
        key_id = await conn.fetchval(
            """insert into api_key (prefix, secret_hash, agency, name, scopes, expires_at)
               values ($1, $2, $3, $4, $5, $6) on conflict (prefix) do nothing returning id""",
            key.prefix, key.secret_hash, agency, name, list(scopes), expires_at,
        )  # fmt: skip
        if key_id is not None:
            return CreatedKey(key_id, key.prefix, key.text, agency, name, scopes, expires_at)
    raise RegistryError("could not find a free key prefix")  # pragma: no cover


async def create_key(
    conn: asyncpg.Connection,
    *,
    agency: str,
    name: str,
    scopes: Sequence[str],
    expires_at: dt.datetime | None = None,
    create_agency: str | None = None,
) -> CreatedKey:
    """Make a key for ``agency``; ``create_agency`` (its full name) registers an unknown agency."""
    checked = _check_scopes(scopes)
    if not name.strip():
        raise RegistryError("a key needs a name (what it is for)")
    if expires_at is not None and expires_at <= dt.datetime.now(dt.UTC):
        raise RegistryError("the expiry is in the past")
    async with conn.transaction():
        if create_agency:
            try:
                await conn.execute(
                    "insert into agency (code, name) values ($1, $2) on conflict (code) do nothing",
                    agency, create_agency,
                )  # fmt: skip
            except asyncpg.CheckViolationError:
                raise RegistryError(f"{agency!r} is not an agency code (A-Z, 0-9, _; 2-32)") from None
        elif not await conn.fetchval("select 1 from agency where code = $1", agency):
            raise RegistryError(f"unknown agency {agency!r} (add it with --create-agency NAME)")
        return await _insert(conn, agency, name.strip(), checked, expires_at)


async def list_keys(conn: asyncpg.Connection, *, agency: str | None = None) -> list[KeyInfo]:
    """Every key (of ``agency``), oldest first."""
    rows = await conn.fetch(
        _SELECT + " where $1::text is null or k.agency = $1 order by k.created_at, k.id", agency
    )
    return [_info(row) for row in rows]


async def _key(conn: asyncpg.Connection, prefix: str, *, lock: bool = False) -> KeyInfo:
    row = await conn.fetchrow(_SELECT + " where k.prefix = $1" + (" for update of k" if lock else ""), prefix)
    if row is None:
        raise RegistryError(f"no key with prefix {prefix!r}")
    return _info(row)


async def revoke_key(conn: asyncpg.Connection, prefix: str) -> KeyInfo:
    """Revoke a key now (a key already revoked stays as it was)."""
    async with conn.transaction():
        key = await _key(conn, prefix, lock=True)
        if key.revoked_at is not None:
            raise RegistryError(f"key {prefix} was revoked already, at {format_time(key.revoked_at)}")
        await conn.execute("update api_key set revoked_at = now() where id = $1", key.id)
        return await _key(conn, prefix)


async def rotate_key(
    conn: asyncpg.Connection, prefix: str, *, grace: dt.timedelta = dt.timedelta(hours=24)
) -> tuple[CreatedKey, KeyInfo]:
    """A new key like ``prefix``'s; the old one expires after ``grace`` (not later than it would
    have). Returns the new key and the old key as it is now."""
    async with conn.transaction():
        old = await _key(conn, prefix, lock=True)
        now = await conn.fetchval("select now()")
        if old.revoked_at is not None:
            raise RegistryError(f"key {prefix} is revoked; make a new one with 'spbe keys create'")
        if old.expires_at is not None and old.expires_at <= now:
            raise RegistryError(f"key {prefix} has expired; make a new one with 'spbe keys create'")
        if old.replaced_by is not None:
            raise RegistryError(f"key {prefix} was rotated already (replaced by {old.replaced_by})")
        new = await _insert(conn, old.agency, old.name, old.scopes, old.expires_at)
        ends = now + grace
        if old.expires_at is not None:
            ends = min(ends, old.expires_at)
        await conn.execute(
            "update api_key set expires_at = $2, replaced_by = $3 where id = $1", old.id, ends, new.id
        )
        return new, await _key(conn, prefix)


def format_keys(keys: Sequence[KeyInfo], *, now: dt.datetime | None = None) -> str:
    """A table of keys for the terminal (no secrets: the registry has none)."""
    if not keys:
        return "no keys"
    now = now or dt.datetime.now(dt.UTC)
    header = ("PREFIX", "AGENCY", "NAME", "SCOPES", "CREATED", "EXPIRES", "REVOKED", "LAST USED", "STATE")
    rows = [header]
    for key in keys:
        if key.revoked_at is not None:
            state = "revoked"
        elif key.expires_at is not None and key.expires_at <= now:
            state = "expired"
        elif key.replaced_by is not None:
            state = f"rotated→{key.replaced_by}"
        else:
            state = "active"
        rows.append((
            key.prefix, key.agency, key.name, ",".join(key.scopes), format_time(key.created_at),
            format_time(key.expires_at), format_time(key.revoked_at), format_time(key.last_used_at), state,
        ))  # fmt: skip
    return format_table(rows)
