"""Fixtures of the ``spbe`` command tests: run ``spbe.cli.main`` in this process, against
databases of its own (a fresh name prefix per test) and a data folder of its own."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

import spbe.cli
from spbe.database import with_database
from spbe.settings import SERVICES
from tests.conftest import TemplateDatabases

_runs = itertools.count(1)


@dataclass
class Result:
    status: int
    out: str
    err: str


@dataclass
class Cli:
    """``await cli("keys", "list")`` runs ``spbe keys list``; ``cli.data_dir`` is its data folder."""

    server_dsn: str
    prefix: str
    data_dir: Path
    capsys: pytest.CaptureFixture[str]

    async def __call__(self, *args: str) -> Result:
        self.capsys.readouterr()
        # in a worker thread: main() runs its own event loop, which cannot nest in the test's
        status = await asyncio.to_thread(self._main, list(args))
        captured = self.capsys.readouterr()
        return Result(status, captured.out, captured.err)

    @staticmethod
    def _main(argv: list[str]) -> int:
        try:
            return spbe.cli.main(argv)
        except SystemExit as exit:  # argparse: usage errors (2) and --help (0)
            return exit.code if isinstance(exit.code, int) else 1

    def dsn(self, service: str) -> str:
        return with_database(self.server_dsn, f"{self.prefix}{service}")

    async def connect(self, service: str = "consent") -> asyncpg.Connection:
        return await asyncpg.connect(self.dsn(service))


@pytest.fixture
async def cli(
    server_dsn: str,
    template_databases: TemplateDatabases,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> AsyncIterator[Cli]:
    prefix = f"spbe_test_{os.getpid()}_reg{next(_runs)}_"
    monkeypatch.setenv("DATABASE_URL", server_dsn)
    monkeypatch.setenv("SPBE_DB_PREFIX", prefix)
    monkeypatch.setenv("SPBE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SPBE_SUBGRAPH_SECRET", raising=False)
    monkeypatch.setattr(spbe.cli, "configure_logging", lambda *args: None)  # keep pytest's handlers
    yield Cli(server_dsn, prefix, tmp_path / "data", capsys)
    for service in SERVICES:
        template_databases.discard(f"{prefix}{service}")
