"""``spbe keys``: keys are shown once, stored as prefix and hash, listed without secrets,
revoked, and rotated with a grace period."""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest

from gateway.access.keys import hash_key, key_matches, parse_key
from spbe.keys import create_key, list_keys, revoke_key, rotate_key
from spbe.registry import RegistryError, parse_duration, parse_time
from tests.conftest import ServiceDsn
from tests.spbe.conftest import Cli


async def agency(conn: asyncpg.Connection, code: str = "KEMENSOS") -> None:
    await conn.execute("insert into agency (code, name) values ($1, 'Kementerian Sosial')", code)


async def usable(conn: asyncpg.Connection, text: str) -> bool:
    """What the gateway would decide for a presented key: known, matching, not revoked or expired."""
    row = await conn.fetchrow(
        "select secret_hash, revoked_at is null and (expires_at is null or expires_at > now()) as live "
        "from api_key where prefix = $1",
        parse_key(text),
    )
    return row is not None and key_matches(text, row["secret_hash"]) and row["live"]


async def test_create_prints_the_key_once_and_stores_its_hash(cli: Cli) -> None:
    assert (await cli("migrate", "consent")).status == 0
    conn = await cli.connect()
    try:
        await agency(conn)
        result = await cli(
            "keys", "create", "--agency", "KEMENSOS", "--name", "bansos app",
            "--scopes", "identity:read,health:read", "--expires", "2099-12-31",
        )  # fmt: skip
        assert result.status == 0, result.err
        (text,) = result.out.splitlines()
        prefix = parse_key(text)
        assert prefix is not None
        assert "shown this once" in result.err and text not in result.err
        row = await conn.fetchrow("select * from api_key where prefix = $1", prefix)
        assert row["secret_hash"] == hash_key(text) and key_matches(text, row["secret_hash"])
        assert row["scopes"] == ["identity:read", "health:read"] and row["name"] == "bansos app"
        assert row["expires_at"] == dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
        stored = " ".join(str(value) for value in row.values())
        assert text.split("_", 2)[2] not in stored  # the secret part is nowhere

        listing = await cli("keys", "list")
        assert listing.status == 0
        header, line = listing.out.splitlines()
        assert header.split()[:4] == ["PREFIX", "AGENCY", "NAME", "SCOPES"]
        assert line.startswith(f"{prefix}  KEMENSOS  bansos app  identity:read,health:read")
        assert line.endswith("active") and text not in listing.out
        assert (await cli("keys", "list", "--agency", "POLRI")).out == "no keys\n"
    finally:
        await conn.close()


async def test_create_refuses_unknown_agency_and_scopes(cli: Cli) -> None:
    result = await cli("keys", "create", "--agency", "NOPE", "--name", "x", "--scopes", "identity:read")
    assert result.status == 1 and result.out == ""
    error = "spbe: error: unknown agency 'NOPE' (add it with --create-agency NAME)"
    assert result.err.splitlines()[-1] == error
    result = await cli("keys", "create", "--agency", "NOPE", "--name", "x", "--scopes", "identity:write")
    assert result.status == 1
    assert result.err.strip() == (
        "spbe: error: unknown scope 'identity:write'; known: identity:read, health:read, "
        "education:read, police:read, social:read, social:outreach, civilservice:read, payments:read, "
        "statistics:read, audit:read, admin"
    )
    result = await cli(
        "keys", "create", "--agency", "BPS", "--name", "stats", "--scopes", "statistics:read",
        "--create-agency", "Badan Pusat Statistik",
    )  # fmt: skip
    assert result.status == 0, result.err
    conn = await cli.connect()
    try:
        assert await conn.fetchval("select name from agency where code = 'BPS'") == "Badan Pusat Statistik"
    finally:
        await conn.close()


async def test_revoke(cli: Cli) -> None:
    created = await cli(
        "keys", "create", "--agency", "KEMENSOS", "--name", "x", "--scopes", "admin",
        "--create-agency", "Kementerian Sosial",
    )  # fmt: skip
    text = created.out.strip()
    prefix = parse_key(text)
    assert prefix is not None
    conn = await cli.connect()
    try:
        assert await usable(conn, text)
        result = await cli("keys", "revoke", prefix)
        assert result.status == 0 and result.out.startswith(f"revoked key {prefix} (KEMENSOS, 'x') at ")
        assert not await usable(conn, text)
        again = await cli("keys", "revoke", prefix)
        assert again.status == 1 and f"key {prefix} was revoked already" in again.err
        assert (await cli("keys", "list")).out.splitlines()[1].endswith("revoked")
        missing = await cli("keys", "revoke", "zzzzzzzzzz")
        assert missing.status == 1 and "no key with prefix 'zzzzzzzzzz'" in missing.err
    finally:
        await conn.close()


async def test_rotate_keeps_the_old_key_until_the_grace_ends(cli: Cli) -> None:
    created = await cli(
        "keys", "create", "--agency", "KEMENSOS", "--name", "bansos", "--scopes", "identity:read",
        "--create-agency", "Kementerian Sosial",
    )  # fmt: skip
    old_text = created.out.strip()
    old_prefix = parse_key(old_text)
    assert old_prefix is not None
    result = await cli("keys", "rotate", old_prefix, "--grace", "2h")
    assert result.status == 0, result.err
    new_text = result.out.strip()
    new_prefix = parse_key(new_text)
    assert new_prefix is not None and new_prefix != old_prefix
    conn = await cli.connect()
    try:
        old = await conn.fetchrow("select * from api_key where prefix = $1", old_prefix)
        new = await conn.fetchrow("select * from api_key where prefix = $1", new_prefix)
        assert old["replaced_by"] == new["id"]
        assert (new["agency"], new["name"], new["scopes"]) == (old["agency"], old["name"], old["scopes"])
        assert new["expires_at"] is None and key_matches(new_text, new["secret_hash"])
        now = await conn.fetchval("select now()")
        assert dt.timedelta(hours=1, minutes=59) < old["expires_at"] - now <= dt.timedelta(hours=2)
        assert await usable(conn, old_text) and await usable(conn, new_text)
        # once the grace is over, only the new key works
        ended = "update api_key set expires_at = now() - interval '1 second' where id = $1"
        await conn.execute(ended, old["id"])
        assert not await usable(conn, old_text) and await usable(conn, new_text)
        again = await cli("keys", "rotate", old_prefix)
        assert again.status == 1 and "has expired" in again.err
    finally:
        await conn.close()


async def test_rotate_never_extends_a_key(service_dsn: ServiceDsn) -> None:
    conn = await asyncpg.connect(await service_dsn("consent"))
    try:
        await agency(conn)
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        key = await create_key(conn, agency="KEMENSOS", name="n", scopes=["identity:read"], expires_at=soon)
        new, old = await rotate_key(conn, key.prefix, grace=dt.timedelta(days=7))
        assert old.expires_at == soon and new.expires_at == soon
        assert old.replaced_by == new.prefix
        with pytest.raises(RegistryError, match="rotated already"):
            await rotate_key(conn, key.prefix)
        await revoke_key(conn, new.prefix)
        with pytest.raises(RegistryError, match="is revoked"):
            await rotate_key(conn, new.prefix)
        assert [k.prefix for k in await list_keys(conn, agency="KEMENSOS")] == [key.prefix, new.prefix]
        with pytest.raises(RegistryError, match="in the past"):
            past = soon - dt.timedelta(days=1)
            await create_key(conn, agency="KEMENSOS", name="n", scopes=["admin"], expires_at=past)
    finally:
        await conn.close()


def test_durations_and_dates() -> None:
    assert parse_duration("24h") == dt.timedelta(hours=24)
    assert parse_duration("90") == dt.timedelta(seconds=90)
    assert parse_duration("7d") == dt.timedelta(days=7)
    with pytest.raises(RegistryError):
        parse_duration("soon")
    assert parse_time("2027-01-31") == dt.datetime(2027, 1, 31, tzinfo=dt.UTC)
    assert parse_time("2027-01-31", end=True) == dt.datetime(2027, 2, 1, tzinfo=dt.UTC)
    jakarta = dt.timezone(dt.timedelta(hours=7))
    assert parse_time("2027-01-31T12:00:00+07:00") == dt.datetime(2027, 1, 31, 12, tzinfo=jakarta)
    with pytest.raises(RegistryError):
        parse_time("next week")
