"""One subgraph down takes down only what depends on it (issue 9, item 8; docs/subgraphs.md,
"Failure isolation"; docs/gateway.md promises that everything else still comes back).

The whole sealed system runs once for the module (every subgraph over seeded databases, real
HTTP). For each service, a second gateway is composed over the same subgraphs but with that
service's URL on a port nobody listens on: a real outage as the gateway sees it. The citizen
overview and a document of every service's public root fields are then asked of it, and each
answer must equal the full answer with exactly the parts that service serves turned to ``null``,
with ``SUBGRAPH_UNAVAILABLE`` errors naming the service at those paths.
"""

from __future__ import annotations

import copy
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from gateway.app import GatewayApp
from gateway.compose import SubgraphSDL, compose
from gateway.planner import build_plan
from gateway.supergraph import Supergraph
from tests.conftest import ServiceDsn
from tests.gateway.executor.subgraphs import serve as serve_gateway
from tests.integration.system import SERVICES, System, start_system
from tests.subgraphs.test_guards import service_sdl

OVERVIEW = """
query Overview($nik: String!) {
  citizen(nik: $nik) {
    nik fullName village { code name }
    health { bpjs { active } immunizations { vaccine } }
    education { enrollments { level school { name } } }
    police { drivingLicences { licenceClass status } }
    social { household { decile } }
    civilService { kind }
    payments { kind }
  }
}
"""
PUBLIC = """
query Public($region: String!) {
  regions { code name }
  drivingLicenceClasses { licenceClass }
  schools(regionCode: $region) { npsn name region { code name } }
  facilities(regionCode: $region) { code name region { code name } }
  purposes { code }
  governmentAgencies(regionCode: $region) { code }
  feeSchedule { amount }
}
"""


@dataclass
class World:
    system: System
    nik: str
    region: str
    overview: dict[str, Any]
    public: dict[str, Any]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
async def world(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    async with start_system(module_service_dsn, tmp_path_factory.mktemp("outage"), citizens=60) as system:
        # a citizen with a record in every service, and a regency with schools and facilities
        nik = await system.db["police"].fetchval("select nik from driving_licence order by nik limit 1")
        region = await system.db["education"].fetchval(
            "select left(region_code, 4) from school order by npsn limit 1"
        )
        token = system.token(nik)
        overview = await system.ask(OVERVIEW, {"nik": nik}, token=token)
        public = await system.ask(PUBLIC, {"region": region})
        assert overview.errors == [] and public.errors == []
        yield World(system=system, nik=nik, region=region, overview=overview.body, public=public.body)


@asynccontextmanager
async def gateway_without(system: System, down: str) -> AsyncIterator[str]:
    """A gateway like the system's, but with ``down``'s subgraph unreachable."""
    dead = f"http://127.0.0.1:{_closed_port()}/graphql"
    urls = {s: dead if s == down else system.subgraphs[s] for s in SERVICES}
    supergraph = Supergraph.parse(compose([SubgraphSDL(s, urls[s], service_sdl(s)) for s in SERVICES]))
    app = GatewayApp(system.app.settings, supergraph, build_plan)
    await app.startup()
    try:
        async with serve_gateway(app) as url:
            yield url
    finally:
        await app.shutdown()


async def _ask(url: str, query: str, variables: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=20) as client:
        response = await client.post(url, json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _unavailable(body: dict[str, Any]) -> dict[tuple[Any, ...], str]:
    """SUBGRAPH_UNAVAILABLE errors: path -> serviceName; any other error fails the test."""
    found = {}
    for error in body.get("errors") or []:
        assert error["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE", error
        assert "127.0.0.1" not in error["message"]
        found[tuple(error["path"])] = error["extensions"]["serviceName"]
    return found


#: What each outage nulls in the overview, and where its errors point: the root field of a root
#: fetch, the entity object of an entity fetch (docs/gateway.md, "Execution").
OVERVIEW_OUTAGES: dict[str, tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]] = {
    "identity": ([("citizen",)], [("citizen",)]),
    "health": ([("citizen", "health")], [("citizen",)]),
    "education": ([("citizen", "education")], [("citizen",)]),
    "police": ([("citizen", "police")], [("citizen",)]),
    "consent": ([], []),  # consent decisions come from the registry's database, not this subgraph
    "social": ([("citizen", "social")], [("citizen",)]),
    "civilservice": ([("citizen", "civilService")], [("citizen",)]),
    "payments": ([("citizen", "payments")], [("citizen",)]),
}


@pytest.mark.parametrize("down", SERVICES)
async def test_the_citizen_overview_survives_each_outage(world: World, down: str) -> None:
    nulls, errors = OVERVIEW_OUTAGES[down]
    expected = copy.deepcopy(world.overview["data"])
    for path in nulls:
        _set(expected, path, None)
    headers = {"authorization": f"Bearer {world.system.token(world.nik)}"}
    async with gateway_without(world.system, down) as url:
        body = await _ask(url, OVERVIEW, {"nik": world.nik}, headers)
    assert body["data"] == expected
    assert _unavailable(body) == dict.fromkeys(errors, down)


@pytest.mark.parametrize("down", SERVICES)
async def test_public_root_fields_survive_each_outage(world: World, down: str) -> None:
    full = world.public["data"]
    expected = copy.deepcopy(full)
    errors: list[tuple[Any, ...]]
    if down == "identity":
        # schools and facilities still come, their regions with the code they know and no name
        errors = [("regions",)]
        for root in ("schools", "facilities"):
            for index, _ in enumerate(full[root]):
                _set(expected, (root, index, "region", "name"), None)
                errors.append((root, index, "region"))
    else:
        served = {
            "health": "facilities",
            "education": "schools",
            "police": "drivingLicenceClasses",
            "consent": "purposes",
            "civilservice": "governmentAgencies",
            "payments": "feeSchedule",
        }
        errors = [(served[down],)] if down in served else []  # social has no public root field
    for path in errors:
        if len(path) == 1:
            _set(expected, path, None)
    async with gateway_without(world.system, down) as url:
        body = await _ask(url, PUBLIC, {"region": world.region}, {})
    assert full["schools"] and full["facilities"]
    assert body["data"] == expected
    assert _unavailable(body) == dict.fromkeys(errors, down)
