"""A subgraph protects itself (issue 9, item 1; docs/subgraphs.md, "Limits"): a bounded request
body, a statement timeout on its pool, and work abandoned when the caller goes away. Each case is
time-bounded and checks that the subgraph still answers a normal request promptly afterwards.

A statement that cannot finish is made by holding an ``ACCESS EXCLUSIVE`` lock on ``vehicle`` from
another connection: police's ``vehicles`` statement then waits on the lock until it is cancelled.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
import pytest

from subgraphs.app import create_app
from subgraphs.common.limits import SubgraphLimits
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import serve

NIK = "3171011708450001"
VEHICLES = (
    "query ($r: [_Any!]!) { _entities(representations: $r)"
    " { ... on Citizen { police { vehicles { plate } } } } }"
)
PAYLOAD = {"query": VEHICLES, "variables": {"r": [{"__typename": "Citizen", "nik": NIK}]}}
NORMAL = {"query": "{ drivingLicenceClasses { licenceClass } }"}


@pytest.fixture(scope="module")
async def police(module_service_dsn: ServiceDsn) -> str:
    return await module_service_dsn("police")


@asynccontextmanager
async def locked_vehicles(dsn: str) -> AsyncIterator[asyncpg.Connection]:
    """An open transaction holding ``vehicle`` locked; yields a second connection to watch with."""
    holder = await asyncpg.connect(dsn)
    watcher = await asyncpg.connect(dsn)
    transaction = holder.transaction()
    await transaction.start()
    try:
        await holder.execute("lock table vehicle in access exclusive mode")
        yield watcher
    finally:
        await transaction.rollback()
        await holder.close()
        await watcher.close()


async def waiting_on_the_lock(watcher: asyncpg.Connection) -> int:
    """Statements of the subgraph's pool waiting on a lock now."""
    count: int = await watcher.fetchval(
        "select count(*) from pg_stat_activity where datname = current_database()"
        " and wait_event_type = 'Lock' and query like '%from vehicle%'"
    )
    return count


async def _normal(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await asyncio.wait_for(client.post("/graphql", json=NORMAL), 2)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_a_statement_past_the_timeout_is_cancelled(
    police: str, caplog: pytest.LogCaptureFixture
) -> None:
    limits = SubgraphLimits(statement_timeout=1.0)  # well above an unlocked statement on a loaded machine
    async with (
        serve(create_app("police", police, limits=limits)) as url,
        httpx.AsyncClient(base_url=url, timeout=5) as client,
        locked_vehicles(police),
    ):
        started = time.perf_counter()
        with caplog.at_level(logging.DEBUG):
            response = await asyncio.wait_for(client.post("/graphql", json=PAYLOAD), 5)
        elapsed = time.perf_counter() - started
        assert (await _normal(client))["data"]["drivingLicenceClasses"][0] == {"licenceClass": "A"}
    assert elapsed < 3
    body = response.json()
    assert body["data"] == {"_entities": [{"police": None}]}
    [error] = body["errors"]
    assert error["path"] == ["_entities", 0, "police", "vehicles"]
    assert error["extensions"] == {"code": "STATEMENT_TIMEOUT"}
    assert "vehicle" not in error["message"]  # no SQL
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "statement timeout at _entities.#.police.vehicles"
    ]


async def test_every_pool_connection_carries_the_statement_timeout(police: str) -> None:
    seen: list[str] = []

    async def init(conn: asyncpg.Connection) -> None:
        seen.append(await conn.fetchval("show statement_timeout"))

    limits = SubgraphLimits(statement_timeout=1.5)
    async with serve(create_app("police", police, limits=limits, connection_init=init)):
        pass
    assert seen and set(seen) == {"1500ms"}


async def test_work_is_abandoned_when_the_caller_goes(police: str, caplog: pytest.LogCaptureFixture) -> None:
    """The caller gives up after 0.3 s; the statement waiting on the lock is cancelled at once
    instead of running on (until the lock goes, or for ever) for nobody."""
    caplog.set_level(logging.INFO)
    async with (
        serve(create_app("police", police)) as url,
        httpx.AsyncClient(base_url=url, timeout=5) as client,
        locked_vehicles(police) as watcher,
    ):
        blocked = asyncio.create_task(client.post("/graphql", json=PAYLOAD, timeout=0.3))
        await asyncio.sleep(0.05)
        # while that statement waits, the subgraph answers others
        assert (await _normal(client))["data"]["drivingLicenceClasses"][0] == {"licenceClass": "A"}
        with pytest.raises(httpx.ReadTimeout):
            await blocked
        deadline = time.monotonic() + 5
        waiting = await waiting_on_the_lock(watcher)
        while waiting and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            waiting = await waiting_on_the_lock(watcher)
        assert waiting == 0
        assert (await _normal(client))["data"]["drivingLicenceClasses"][0] == {"licenceClass": "A"}
    assert "the caller of police went away; its request is abandoned" in caplog.messages


async def test_a_body_over_the_limit_is_413(police: str) -> None:
    async with (
        serve(create_app("police", police)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
    ):
        limit = SubgraphLimits().max_body_bytes
        padding = " " * (limit + 1)
        response = await asyncio.wait_for(
            client.post(
                "/graphql",
                content=b'{"query": "{ __typename }' + padding.encode() + b'"}',
                headers={"content-type": "application/json"},
            ),
            10,
        )
        assert (await _normal(client))["data"]["drivingLicenceClasses"][0] == {"licenceClass": "A"}
    assert response.status_code == 413
    assert response.json() == {
        "errors": [
            {
                "message": f"The request body is larger than {limit} bytes.",
                "extensions": {"code": "PAYLOAD_TOO_LARGE"},
            }
        ]
    }


async def test_a_declared_100_mb_body_is_refused_before_it_is_read(police: str) -> None:
    """Issue 9's reproduction sent 100 MB; the subgraph need not wait for any of it."""
    async with serve(create_app("police", police)) as url:
        host, port = url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            writer.write(
                b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                b'content-length: 104857600\r\n\r\n{"query": "'
            )
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 2)
        finally:
            writer.close()
    assert head.startswith(b"HTTP/1.1 413 ")


async def test_the_body_limit_is_a_setting(police: str) -> None:
    async with (
        serve(create_app("police", police, limits=SubgraphLimits(max_body_bytes=200))) as url,
        httpx.AsyncClient(base_url=url, timeout=5) as client,
    ):
        small = await client.post("/graphql", json=NORMAL)
        large = await client.post("/graphql", json={**NORMAL, "variables": {"pad": "x" * 200}})
    assert small.status_code == 200
    assert large.status_code == 413


def test_limits_come_from_the_environment() -> None:
    limits = SubgraphLimits.from_env(
        {
            "SPBE_SUBGRAPH_MAX_REPRESENTATIONS": "500",
            "SPBE_SUBGRAPH_MAX_BODY_BYTES": "65536",
            "SPBE_SUBGRAPH_STATEMENT_TIMEOUT": "2.5",
        }
    )
    assert limits == SubgraphLimits(max_representations=500, max_body_bytes=65536, statement_timeout=2.5)
    assert SubgraphLimits.from_env({}) == SubgraphLimits()
    with pytest.raises(ValueError, match="SPBE_SUBGRAPH_STATEMENT_TIMEOUT"):
        SubgraphLimits.from_env({"SPBE_SUBGRAPH_STATEMENT_TIMEOUT": "soon"})
