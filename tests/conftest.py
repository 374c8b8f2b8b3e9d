"""Shared test fixtures: a real PostgreSQL server and fresh, migrated per-service databases.

Fixtures (see ``docs/testing.md``):

``database_server`` (session) -> :class:`spbe.database.DatabaseServer`
    The server under test: ``DATABASE_URL`` when set (a server URL, e.g.
    ``postgresql://postgres@127.0.0.1:5432/postgres``), otherwise the embedded server with its
    data in ``.data/postgres-test`` (started on first use, stopped when the last test process
    using it exits).

``server_dsn`` (session) -> ``str``
    ``database_server.url``: the maintenance database, for creating/dropping databases.

``service_dsn`` (function) -> ``async (service: str) -> str``
    A factory: ``dsn = await service_dsn("identity")`` gives this test its own brand-new
    database with every ``sql/identity`` migration applied, dropped (in the background, so the
    next test needn't wait for it) when the test ends.
    Call it once per service you need ("identity", "health", "education", "police", ...).

``embedded_data_dir`` (function) -> ``Path``
    An empty directory for an embedded server's data, outside pytest's ``tmp_path`` (whose
    parents pytest keeps private to root, which the server's unprivileged user could not then
    traverse); removed afterwards.

``module_service_dsn`` (module) -> ``async (service: str) -> str``
    The same, but the databases live for the whole test module (for expensive set-up such as
    seeding, or a running subgraph shared by a module's tests). Tests of the module then share
    state; don't use it when a test writes.

How: the first request for a service in a session migrates a *template* database
``spbe_test_<pid>_tpl_<service>`` once; every database handed out is a
``CREATE DATABASE ... TEMPLATE`` copy of it (milliseconds), named
``spbe_test_<pid>_<service>_<n>``. The pid keeps concurrent pytest runs on one server apart.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from spbe.database import DatabaseServer, create_database, drop_database, start_embedded
from spbe.migrations import migrate
from spbe.settings import PROJECT_ROOT

__all__ = ["ServiceDsn", "TemplateDatabases"]

#: Three test processes each run whole systems (seven subgraphs, the registry): with the default
#: pool of 10 per subgraph they could ask more than a default PostgreSQL's 100 clients. Two
#: connections per subgraph are plenty for tests (docs/subgraphs.md, "Limits").
os.environ.setdefault("SPBE_SUBGRAPH_POOL_SIZE", "2")

#: The type of the ``service_dsn`` / ``module_service_dsn`` factories.
ServiceDsn = Callable[[str], Awaitable[str]]


class TemplateDatabases:
    """One migrated template database per service, made on first use, dropped at the end."""

    def __init__(self, server: DatabaseServer) -> None:
        self.server = server
        self.prefix = f"spbe_test_{os.getpid()}"
        self._templates: dict[str, str] = {}
        self._lock = asyncio.Lock()
        self._counter = itertools.count(1)
        self._drops: set[asyncio.Task[None]] = set()

    async def template(self, service: str) -> str:
        """Name of ``service``'s migrated template database."""
        async with self._lock:
            if service not in self._templates:
                name = f"{self.prefix}_tpl_{service}"
                await drop_database(self.server.url, name)
                await create_database(self.server.url, name)
                await migrate(self.server.dsn(name), service, sql_dir=PROJECT_ROOT / "sql")
                self._templates[service] = name
            return self._templates[service]

    async def copy(self, service: str) -> str:
        """Create a fresh database copied from ``service``'s template; return its name."""
        template = await self.template(service)
        name = f"{self.prefix}_{service}_{next(self._counter)}"
        await create_database(self.server.url, name, template=template)
        return name

    def discard(self, name: str) -> None:
        """Drop database ``name`` in the background (a drop waits for a checkpoint, which can
        take seconds on a busy server); :meth:`drop_all` waits for every such drop."""
        task = asyncio.get_running_loop().create_task(drop_database(self.server.url, name))
        self._drops.add(task)

    async def drop_all(self) -> None:
        drops, self._drops = self._drops, set()
        await asyncio.gather(*drops)
        for name in self._templates.values():
            await drop_database(self.server.url, name)
        self._templates.clear()


@pytest.fixture(scope="session")
def database_server() -> Iterator[DatabaseServer]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        yield DatabaseServer(url=url)
        return
    server = start_embedded(PROJECT_ROOT / ".data" / "postgres-test", cleanup="stop")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def embedded_data_dir() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="spbe-embedded-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def server_dsn(database_server: DatabaseServer) -> str:
    return database_server.url


@pytest.fixture(scope="session")
async def template_databases(database_server: DatabaseServer) -> AsyncIterator[TemplateDatabases]:
    templates = TemplateDatabases(database_server)
    try:
        yield templates
    finally:
        await templates.drop_all()


async def _factory(templates: TemplateDatabases) -> AsyncGenerator[ServiceDsn, None]:
    created: list[str] = []

    async def make(service: str) -> str:
        name = await templates.copy(service)
        created.append(name)
        return templates.server.dsn(name)

    try:
        yield make
    finally:
        for name in created:
            templates.discard(name)


@pytest.fixture
async def service_dsn(template_databases: TemplateDatabases) -> AsyncIterator[ServiceDsn]:
    async for make in _factory(template_databases):
        yield make


@pytest.fixture(scope="module")
async def module_service_dsn(template_databases: TemplateDatabases) -> AsyncIterator[ServiceDsn]:
    async for make in _factory(template_databases):
        yield make
