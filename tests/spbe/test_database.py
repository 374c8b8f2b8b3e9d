"""spbe.database: URLs, quoting, and databases created on the real server."""

from __future__ import annotations

import os

import asyncpg
import pytest

from spbe.database import (
    DatabaseError,
    DatabaseServer,
    drop_database,
    ensure_database,
    ensure_service_databases,
    open_server,
    quote_identifier,
    redact,
    with_database,
)
from spbe.settings import Settings


def test_with_database_keeps_host_user_and_options() -> None:
    assert with_database("postgresql://postgres@127.0.0.1:5432/postgres", "spbe_identity") == (
        "postgresql://postgres@127.0.0.1:5432/spbe_identity"
    )
    socket_url = "postgresql://postgres:@/postgres?host=/srv/data/postgres"
    assert (
        with_database(socket_url, "spbe_police")
        == "postgresql://postgres:@/spbe_police?host=/srv/data/postgres"
    )


def test_redact_hides_only_the_password() -> None:
    assert redact("postgresql://app:s3cret@db:5432/x") == "postgresql://app:***@db:5432/x"
    assert redact("postgresql://postgres@db/x") == "postgresql://postgres@db/x"


@pytest.mark.parametrize("name", ["", "Spbe", 'x"; drop database postgres; --', "a" * 64, "1abc"])
def test_quote_identifier_refuses_unusual_names(name: str) -> None:
    with pytest.raises(DatabaseError, match="refusing unusual database name"):
        quote_identifier(name)


def test_quote_identifier_quotes_plain_names() -> None:
    assert quote_identifier("spbe_identity") == '"spbe_identity"'


def test_open_server_uses_database_url_without_starting_anything() -> None:
    server = open_server(Settings(database_url="postgresql://postgres@127.0.0.1:5432/postgres"))
    assert not server.embedded
    assert server.dsn("spbe_health") == "postgresql://postgres@127.0.0.1:5432/spbe_health"
    server.close()  # an external server is left alone


async def test_ensure_database_creates_once(server_dsn: str) -> None:
    name = f"spbe_test_{os.getpid()}_ensure"
    await drop_database(server_dsn, name)
    try:
        assert await ensure_database(server_dsn, name) is True
        assert await ensure_database(server_dsn, name) is False
        conn = await asyncpg.connect(with_database(server_dsn, name))
        try:
            assert await conn.fetchval("select current_database()") == name
        finally:
            await conn.close()
    finally:
        await drop_database(server_dsn, name)


async def test_ensure_service_databases_names_each_service(database_server: DatabaseServer) -> None:
    prefix = f"spbe_test_{os.getpid()}_svc_"
    try:
        dsns = await ensure_service_databases(database_server, ["identity", "police"], prefix=prefix)
        assert dsns == {
            "identity": database_server.dsn(f"{prefix}identity"),
            "police": database_server.dsn(f"{prefix}police"),
        }
    finally:
        for service in ("identity", "police"):
            await drop_database(database_server.url, f"{prefix}{service}")


async def test_drop_database_ends_open_sessions(server_dsn: str) -> None:
    name = f"spbe_test_{os.getpid()}_busy"
    await ensure_database(server_dsn, name)
    conn = await asyncpg.connect(with_database(server_dsn, name))
    try:
        await drop_database(server_dsn, name)
        assert await ensure_database(server_dsn, name) is True  # it was gone, so is created again
    finally:
        await conn.close()
        await drop_database(server_dsn, name)


async def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match=r"cannot connect to PostgreSQL at postgresql://postgres:\*\*\*@"):
        await ensure_database("postgresql://postgres:pw@127.0.0.1:1/postgres", "spbe_x")
