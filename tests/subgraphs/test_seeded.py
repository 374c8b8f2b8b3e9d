"""The four citizen-data subgraphs over the seeded synthetic population (spbe.seed): 1,000 citizens per
``_entities`` call, every field selected, no errors, and a constant number of statements."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from spbe.seed import seed_population
from subgraphs.app import SERVICES, create_app
from subgraphs.common.nik import is_valid_nik
from tests.conftest import ServiceDsn
from tests.subgraphs.education.test_app import EVERYTHING as EDUCATION
from tests.subgraphs.harness import StatementLog, serve
from tests.subgraphs.health.test_app import EVERYTHING as HEALTH
from tests.subgraphs.identity.test_app import EVERYTHING as IDENTITY
from tests.subgraphs.police.test_app import EVERYTHING as POLICE

pytestmark = pytest.mark.slow

CITIZENS = 1000

QUERIES = {"identity": IDENTITY, "health": HEALTH, "education": EDUCATION, "police": POLICE}

#: Tables each subgraph may read for the query above: one statement each.
TABLES = {
    "identity": ["citizen", "family", "region"],
    "health": ["allergy", "bpjs_membership", "encounter", "immunization"],
    "education": ["certificate", "enrollment", "student"],
    "police": ["clearance_certificate", "driving_licence", "vehicle"],
}


@pytest.fixture(scope="module")
async def seeded(module_service_dsn: ServiceDsn) -> AsyncIterator[tuple[dict[str, str], list[str]]]:
    dsns = {service: await module_service_dsn(service) for service in SERVICES}
    await seed_population(dsns, citizens=CITIZENS, seed=7)
    conn = await asyncpg.connect(dsns["identity"])
    try:
        niks = [row["nik"] for row in await conn.fetch("select nik from citizen order by nik")]
    finally:
        await conn.close()
    yield dsns, niks


async def test_every_seeded_nik_is_valid(seeded: tuple[dict[str, str], list[str]]) -> None:
    _, niks = seeded
    assert len(niks) == CITIZENS
    assert [nik for nik in niks if not is_valid_nik(nik)] == []


@pytest.mark.parametrize("service", list(QUERIES))  # consent holds no Citizen fields
async def test_entities_over_the_seeded_population(
    seeded: tuple[dict[str, str], list[str]], service: str
) -> None:
    dsns, niks = seeded
    log = StatementLog()
    app = create_app(service, dsns[service], connection_init=log.init)
    representations = [{"__typename": "Citizen", "nik": nik} for nik in niks]
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=120) as client:
        log.clear()
        response = await client.post(
            "/graphql", json={"query": QUERIES[service], "variables": {"representations": representations}}
        )
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    entities = body["data"]["_entities"]
    assert [entity["nik"] for entity in entities] == niks
    assert sorted(log.tables()) == TABLES[service], log.statements
