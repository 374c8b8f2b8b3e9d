"""The gateway in front of SPBE's own subgraphs over their seeded databases, sealed, every
request over real HTTP, asked by an agency that holds every citizen's consent (access control has
its own tests in test_access.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest

from gateway.access.caller import Caller, CallerKind
from gateway.access.seal import Sealer
from gateway.app import GatewayApp
from gateway.planner import build_plan
from gateway.supergraph import Supergraph
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_consent
from tests.gateway.executor.subgraphs import serve as serve_gateway
from tests.integration.system import SECRET, System, start_system

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
CATEGORIES = ("identity", "health", "education", "police")
PURPOSE = "BANSOS_ELIGIBILITY"


class Spbe:
    def __init__(self, system: System, niks: list[str], key: str) -> None:
        self.system = system
        self.gateway = system.gateway
        self.subgraphs = system.subgraphs
        self.niks = niks
        self.key = key
        self._sealer = Sealer(bytes.fromhex(SECRET))

    async def post(self, url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Through the gateway as the consented agency, or straight to a subgraph signed as the
        gateway would sign it."""
        body = httpx.Request("POST", url, json={"query": query, "variables": variables}).content
        headers = {"content-type": "application/json"}
        if url == self.gateway:
            headers |= {"x-api-key": self.key, "x-purpose": PURPOSE}
        else:
            caller = Caller(kind=CallerKind.AGENCY, agency="KEMENSOS", purpose=PURPOSE, request_id="t")
            headers |= self._sealer.headers(caller, body)
        async with httpx.AsyncClient(timeout=60) as client:
            response = await client.post(url, content=body, headers=headers)
        assert response.status_code == 200
        answer: dict[str, Any] = response.json()
        return answer


@pytest.fixture(scope="module")
async def spbe(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Spbe]:
    async with start_system(
        module_service_dsn, tmp_path_factory.mktemp("spbe"), citizens=40, seed=11
    ) as system:
        rows = await system.db["identity"].fetch("select nik from citizen order by nik limit 25")
        niks = [row["nik"] for row in rows]
        for nik in niks:
            await add_consent(system.db["consent"], nik, categories=CATEGORIES)
        yield Spbe(system, niks, await system.key("KEMENSOS", [f"{c}:read" for c in CATEGORIES]))


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
    running = spbe.system.app
    down = "http://127.0.0.1:9/graphql"  # discard port: nothing answers
    supergraph = Supergraph.parse(running.supergraph.sdl.replace(spbe.subgraphs["police"], down))
    app = GatewayApp(replace(running.settings, subgraph_timeout=5), supergraph, build_plan)
    await app.startup()
    try:
        async with serve_gateway(app) as gateway:
            spbe.gateway = gateway
            body = await spbe.post(
                gateway,
                "query($n: [String!]!) { citizens(niks: $n) { nik police { vehicles { plate } } } }",
                {"n": spbe.niks[:3]},
            )
    finally:
        spbe.gateway = spbe.system.gateway
        await app.shutdown()
    # Citizen.police is nullable (guarded fields are): the citizens stay, only `police` is null,
    # and one error per citizen says why, on the path of the object the entity fetch would have
    # filled (docs/gateway.md, "Execution")
    assert body["data"] == {"citizens": [{"nik": nik, "police": None} for nik in spbe.niks[:3]]}
    assert {e["extensions"]["code"] for e in body["errors"]} == {"SUBGRAPH_UNAVAILABLE"}
    assert sorted(e["path"] for e in body["errors"]) == [["citizens", 0], ["citizens", 1], ["citizens", 2]]


async def test_an_explicit_null_nik_is_the_callers_mistake_and_no_service_is_asked(spbe: Spbe) -> None:
    query = 'query($n: String = "NIK") { citizen(nik: $n) { nik } }'.replace("NIK", spbe.niks[0])
    body = await spbe.post(spbe.gateway, query, {"n": None})
    assert "data" not in body
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert spbe.niks[0] not in str(body)  # the message names the variable, never its default
    defaulted = await spbe.post(spbe.gateway, query, {})
    assert defaulted == {"data": {"citizen": {"nik": spbe.niks[0]}}}
