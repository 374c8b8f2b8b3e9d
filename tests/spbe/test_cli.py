"""The ``spbe`` command, run as a real process against the real server."""

from __future__ import annotations

import asyncio
import io
import itertools
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from spbe import runner
from spbe.cli import ProgressPrinter, main
from spbe.database import with_database
from spbe.settings import PROJECT_ROOT, SERVICES
from tests.conftest import ServiceDsn, TemplateDatabases

SUBCOMMANDS = ["up", "migrate", "seed", "serve", "compose", "plan", "keys", "mandates", "token", "audit"]


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


_runs = itertools.count(1)


@pytest.fixture
def prefix() -> str:
    """Database-name prefix, new for each test: the previous test's databases may still be
    being dropped in the background."""
    return f"spbe_test_{os.getpid()}_cli{next(_runs)}_"


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


def _in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``spbe ARGS`` run by :func:`spbe.cli.main` in this process, for what argparse answers
    (help, usage errors): no process start-up to pay per case; exit status, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:  # argparse ends it before logging is configured
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, err = _in_process(capsys, command, "--help")
    assert status == 0, err
    assert out.startswith(f"usage: spbe {command}")


def test_top_level_help_lists_the_subcommands() -> None:
    result = spbe("--help")  # as a real process: python -m spbe
    assert result.returncode == 0
    for command in SUBCOMMANDS:
        assert f"    {command} " in result.stdout


@pytest.mark.usefixtures("cleanup")
def test_migrate_applies_once_then_nothing(env: dict[str, str]) -> None:
    first = spbe("migrate", "identity", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == (
        "identity: 001_create_regions.sql, 002_create_citizens.sql, 003_create_digital_ids.sql\n"
    )
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


def test_bad_arguments_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert _in_process(capsys, "up", "--citizens", "0")[0] == 2
    assert _in_process(capsys, "serve", "tax")[0] == 2
    result = spbe("compose", "--subgraph", "identity")  # as a real process
    assert result.returncode == 2 and "NAME=URL" in result.stderr


def test_migrate_on_the_embedded_server_keeps_its_data(embedded_data_dir: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["SPBE_DATA_DIR"] = str(embedded_data_dir / "data")
    first = spbe("migrate", "education", env=environment)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "education: 001_create_schools.sql, 002_create_education_records.sql\n"
    assert (embedded_data_dir / "data" / "postgres" / "PG_VERSION").exists()
    assert not (embedded_data_dir / "data" / "postgres" / "postmaster.pid").exists()  # stopped on exit
    again = spbe("migrate", "education", env=environment)
    assert again.stdout == "education: nothing to apply\n"


async def _spbe_async(*args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "spbe", *args, cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_compose_then_plan_from_running_subgraphs(service_dsn: ServiceDsn, tmp_path: Path) -> None:
    group = runner.ServerGroup()
    urls: list[str] = []
    try:
        # social and education too: health's statistics @requires social's cohort and social's
        # ranking education's totals, so the three compose only together (docs/statistics.md)
        for service in ("identity", "health", "social", "education"):
            app = runner.subgraph_app(service, await service_dsn(service))
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            listener = await group.start(service, app, "127.0.0.1", port)
            urls.append(f"{service}={listener.url}")
        supergraph = tmp_path / "supergraph.graphql"
        subgraphs = (a for url in urls for a in ("--subgraph", url))
        arguments = ["--insecure-dev", *subgraphs, "-o", str(supergraph)]
        status, _, err = await _spbe_async("compose", *arguments)
        assert status == 0, err
    finally:
        await group.stop()
    text = supergraph.read_text()
    assert '@join__graph(name: "identity"' in text and '@join__graph(name: "health"' in text

    query = '{ citizen(nik: "3171014708900001") { age health { bpjs { cardNumber } } } }'
    status, out, err = await _spbe_async("plan", "--supergraph", str(supergraph), query)
    assert status == 0, err
    assert out.startswith("QueryPlan {")
    assert out.index('Fetch(service: "identity")') < out.index('Flatten(path: "citizen")')
    assert 'Fetch(service: "health")' in out

    status, _, err = await _spbe_async("plan", "--supergraph", str(supergraph), "{ nope }")
    assert status == 1
    assert err.strip() == "spbe: error: Cannot query field 'nope' on type 'Query'."


async def test_compose_names_an_unreachable_subgraph() -> None:
    status, _, err = await _spbe_async("compose", "--insecure-dev", "--subgraph", "x=http://127.0.0.1:1/graphql")
    assert status == 1
    assert err.startswith("spbe: error: ") and "http://127.0.0.1:1/graphql" in err and "Traceback" not in err


def test_progress_printer_writes_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = ProgressPrinter(stream, interval=3600)
    progress("citizens", 0, 3000)
    progress("citizens", 1500, 3000)  # throttled: within the interval
    progress("citizens", 3000, 3000)  # the end of a stage is always shown
    progress("analyze", 1, 4)
    assert stream.getvalue().splitlines() == [
        "citizens: 0/3000 (0%)",
        "citizens: 3000/3000 (100%)",
        "analyze: 1/4 (25%)",
    ]


@pytest.mark.usefixtures("cleanup")
def test_seed_shows_progress_and_seeds_once(env: dict[str, str]) -> None:
    first = spbe("seed", "--citizens", "5", "--seed", "4", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("seeded 5 citizens (seed 4) in ")
    assert "citizens: 5/5 (100%)" in first.stderr.splitlines()
    again = spbe("seed", "--citizens", "5", env=env)
    assert again.returncode == 0
    assert again.stdout == "the databases already hold a population; nothing done (--reset replaces it)\n"


def _sql(env: dict[str, str], service: str, sql: str) -> None:
    async def run() -> None:
        conn = await asyncpg.connect(with_database(env["DATABASE_URL"], f"{env['SPBE_DB_PREFIX']}{service}"))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.mark.usefixtures("cleanup")
def test_seed_refuses_a_mixed_state_with_status_1_and_reset_replaces_it(env: dict[str, str]) -> None:
    assert spbe("seed", "--citizens", "5", "--seed", "4", env=env).returncode == 0
    # identity's population no longer says which run wrote it: no decision to finish
    _sql(env, "identity", "delete from seed_generation")
    mixed = spbe("seed", "--citizens", "5", "--seed", "4", env=env)
    assert mixed.returncode == 1, mixed.stdout
    assert "Traceback" not in mixed.stderr
    (line,) = [line for line in mixed.stderr.splitlines() if line.startswith("spbe: error:")]
    assert line.startswith(
        "spbe: error: the databases hold different populations (identity: data without a recorded "
        "generation; health, education, police, social, civilservice, payments: generation "
    )
    assert line.endswith("(seed 4, 5 citizens)); nothing done: 'spbe seed --reset' replaces them all")
    reset = spbe("seed", "--citizens", "6", "--seed", "4", "--reset", env=env)
    assert reset.returncode == 0, reset.stderr
    assert reset.stdout.startswith("seeded 6 citizens (seed 4) in ")
    again = spbe("seed", env=env)
    assert (again.returncode, again.stdout) == (
        0,
        "the databases already hold a population; nothing done (--reset replaces it)\n",
    )


@pytest.mark.usefixtures("cleanup")
def test_seed_finishes_a_run_cut_off_after_its_decision(env: dict[str, str]) -> None:
    assert spbe("seed", "--citizens", "5", "--seed", "4", env=env).returncode == 0
    # police never committed the decided generation: it still holds an older, smaller population
    older = "update seed_generation set generation = gen_random_uuid(), citizens = 3"
    _sql(env, "police", f"truncate driving_licence, clearance_certificate, vehicle; {older}")
    finished = spbe("seed", "--citizens", "5", "--seed", "4", env=env)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == [
        finished.stdout.splitlines()[0],
        "the databases already hold a population; nothing done (--reset replaces it)",
    ]
    assert finished.stdout.startswith("finished an interrupted seeding run: police now at generation ")
    assert "(seed 4, 5 citizens)" in finished.stdout
