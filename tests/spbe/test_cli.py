"""The ``spbe`` command, run as a real process against the real server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from spbe.settings import PROJECT_ROOT, SERVICES
from tests.conftest import TemplateDatabases

SUBCOMMANDS = ["up", "migrate", "seed", "serve", "compose", "plan"]


def spbe(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spbe", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=PROJECT_ROOT,
    )


@pytest.fixture
def prefix() -> str:
    return f"spbe_test_{os.getpid()}_cli_"


@pytest.fixture
def env(server_dsn: str, prefix: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    environment = dict(os.environ)
    environment.update(DATABASE_URL=server_dsn, SPBE_DB_PREFIX=prefix, SPBE_DATA_DIR=str(tmp_path / "data"))
    yield environment


@pytest.fixture
async def cleanup(template_databases: TemplateDatabases, prefix: str) -> AsyncIterator[None]:
    yield
    for service in SERVICES:
        template_databases.discard(f"{prefix}{service}")


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command: str) -> None:
    result = spbe(command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: spbe {command}")


def test_top_level_help_lists_the_subcommands() -> None:
    result = spbe("--help")
    assert result.returncode == 0
    for command in SUBCOMMANDS:
        assert f"    {command} " in result.stdout


@pytest.mark.usefixtures("cleanup")
def test_migrate_applies_once_then_nothing(env: dict[str, str]) -> None:
    first = spbe("migrate", "identity", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "identity: 001_create_regions.sql, 002_create_citizens.sql\n"
    second = spbe("migrate", "identity", env=env)
    assert second.returncode == 0
    assert second.stdout == "identity: nothing to apply\n"


@pytest.mark.usefixtures("cleanup")
def test_changed_migration_is_refused_without_a_trace(env: dict[str, str], tmp_path: Path) -> None:
    sql = tmp_path / "sql"
    shutil.copytree(PROJECT_ROOT / "sql" / "police", sql / "police")
    env["SPBE_SQL_DIR"] = str(sql)
    assert spbe("migrate", "police", env=env).returncode == 0
    changed = sql / "police" / "001_create_police_records.sql"
    changed.write_text(changed.read_text() + "\n-- edited\n")
    result = spbe("migrate", "police", env=env)
    assert result.returncode == 1
    assert (
        "spbe: error: sql/police/001_create_police_records.sql changed after it was applied" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_unknown_service_is_refused(env: dict[str, str]) -> None:
    result = spbe("migrate", "tax", env=env)
    assert result.returncode == 1
    assert "spbe: error: unknown service 'tax'" in result.stderr


def test_unreachable_database_is_one_line(env: dict[str, str]) -> None:
    env["DATABASE_URL"] = "postgresql://postgres:secret@127.0.0.1:1/postgres"
    result = spbe("migrate", env=env)
    assert result.returncode == 1
    assert (
        "spbe: error: cannot connect to PostgreSQL at postgresql://postgres:***@127.0.0.1:1/" in result.stderr
    )
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_bad_arguments_are_usage_errors() -> None:
    assert spbe("up", "--citizens", "0").returncode == 2
    assert spbe("serve", "tax").returncode == 2
    result = spbe("compose", "--subgraph", "identity")
    assert result.returncode == 2 and "NAME=URL" in result.stderr


def test_migrate_on_the_embedded_server_keeps_its_data(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["SPBE_DATA_DIR"] = str(tmp_path / "data")
    first = spbe("migrate", "education", env=environment)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "education: 001_create_schools.sql, 002_create_education_records.sql\n"
    assert (tmp_path / "data" / "postgres" / "PG_VERSION").exists()
    assert not (tmp_path / "data" / "postgres" / "postmaster.pid").exists()  # stopped on exit
    again = spbe("migrate", "education", env=environment)
    assert again.stdout == "education: nothing to apply\n"
