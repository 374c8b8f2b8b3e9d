"""The gateway in front of SPBE's own four Strawberry subgraphs over their seeded databases:
composed at start from the subgraphs' ``_service { sdl }``, every request over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.app import GatewayApp
from gateway.compose import compose_from_urls
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from spbe.seed import seed_population
from subgraphs.app import SERVICES, create_app
from tests.conftest import ServiceDsn
from tests.gateway.executor.subgraphs import serve as serve_gateway
from tests.subgraphs.harness import serve

pytestmark = pytest.mark.slow

QUERY = """
query($niks: [String!]!) {
  people: citizens(niks: $niks) {
    nik
    fullName
    village { name }
    health { immunizations { vaccine dose facility { name region { name } } } }
    education { nisn enrollments { level school { name } } }
    police { vehicles { plate kind } }
  }
}
"""


class Spbe:
    def __init__(self, gateway: str, subgraphs: dict[str, str], niks: list[str]) -> None:
        self.gateway = gateway
        self.subgraphs = subgraphs
        self.niks = niks

    async def post(self, url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=60) as client:
            response = await client.post(url, json={"query": query, "variables": variables})
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture(scope="module")
async def spbe(module_service_dsn: ServiceDsn) -> AsyncIterator[Spbe]:
    dsns = {service: await module_service_dsn(service) for service in SERVICES}
    await seed_population(dsns, citizens=40, seed=11)
    conn = await asyncpg.connect(dsns["identity"])
    try:
        niks = [row["nik"] for row in await conn.fetch("select nik from citizen order by nik limit 25")]
    finally:
        await conn.close()
    async with AsyncExitStack() as stack:
        urls = {
            s: await stack.enter_async_context(serve(create_app(s, dsns[s]))) + "/graphql" for s in SERVICES
        }
        supergraph = Supergraph.parse(await compose_from_urls(urls))
        app = GatewayApp(Settings(), supergraph, build_plan)
        stack.push_async_callback(app.transport.close)
        gateway = await stack.enter_async_context(serve_gateway(app))
        yield Spbe(gateway, urls, niks)


async def test_citizens_across_the_four_services(spbe: Spbe) -> None:
    body = await spbe.post(spbe.gateway, QUERY, {"niks": [*spbe.niks, "3171010101010000"]})
    assert "errors" not in body, body.get("errors")
    people = body["data"]["people"]
    assert [p["nik"] for p in people[:-1]] == spbe.niks
    assert people[-1] is None  # an unknown NIK
    # what the gateway merged is what each service says itself
    identity = await spbe.post(
        spbe.subgraphs["identity"],
        "query($n: [String!]!) { citizens(niks: $n) { fullName } }",
        {"n": spbe.niks},
    )
    assert [p["fullName"] for p in people[:-1]] == [c["fullName"] for c in identity["data"]["citizens"]]
    entities = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { %s } } }"
    representations = [{"__typename": "Citizen", "nik": nik} for nik in spbe.niks]
    police = await spbe.post(
        spbe.subgraphs["police"], entities % "police { vehicles { plate kind } }", {"r": representations}
    )
    assert [p["police"] for p in people[:-1]] == [e["police"] for e in police["data"]["_entities"]]
    education = await spbe.post(
        spbe.subgraphs["education"], entities % "education { nisn }", {"r": representations}
    )
    assert [p["education"]["nisn"] for p in people[:-1]] == [
        e["education"]["nisn"] for e in education["data"]["_entities"]
    ]
    facilities = [
        shot["facility"] for p in people[:-1] for shot in p["health"]["immunizations"] if shot["facility"]
    ]
    assert all(isinstance(f["region"]["name"], str) for f in facilities)


async def test_a_service_that_is_down_leaves_the_others_answering(spbe: Spbe) -> None:
    sdl_text = (await spbe.post(spbe.subgraphs["police"], "{ _service { sdl } }", {}))["data"]["_service"][
        "sdl"
    ]
    assert "PoliceRecord" in sdl_text
    urls = dict(spbe.subgraphs)
    urls["police"] = "http://127.0.0.1:9/graphql"  # discard port: nothing answers
    supergraph_sdl = await compose_from_urls(spbe.subgraphs)
    supergraph = Supergraph.parse(supergraph_sdl.replace(spbe.subgraphs["police"], urls["police"]))
    app = GatewayApp(Settings(subgraph_timeout=5), supergraph, build_plan)
    try:
        async with serve_gateway(app) as gateway:
            body = await spbe.post(
                gateway,
                "query($n: [String!]!) { citizens(niks: $n) { nik police { vehicles { plate } } } }",
                {"n": spbe.niks[:3]},
            )
    finally:
        await app.transport.close()
    # Citizen.police is nullable (guarded fields are): the citizens stay, only `police` is null,
    # and one error per citizen says why, on the path of the object the entity fetch would have
    # filled (docs/gateway.md, "Execution")
    assert body["data"] == {"citizens": [{"nik": nik, "police": None} for nik in spbe.niks[:3]]}
    assert {e["extensions"]["code"] for e in body["errors"]} == {"SUBGRAPH_UNAVAILABLE"}
    assert sorted(e["path"] for e in body["errors"]) == [["citizens", 0], ["citizens", 1], ["citizens", 2]]
