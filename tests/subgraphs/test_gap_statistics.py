"""The cross-service statistics at each subgraph, over real HTTP and seeded databases
(docs/statistics.md, "Gaps across services"): social's cohorts and education's and health's
counts cost one statement per request however many regions are asked (no N+1); a subgraph
without the linkage secret answers LINKAGE_UNAVAILABLE; a cohort in a representation is checked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from spbe.seed import seed_population
from subgraphs.app import SERVICES, create_app
from subgraphs.common.linkage import Linkage
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import StatementLog, graphql, serve

LINKAGE = Linkage(secret=b"s" * 32)
CELLS = "regencyCode band pending members"
COHORTS = f"""query ($r: [_Any!]!) {{ _entities(representations: $r) {{ ... on Region {{
  schoolAgeCohort {{ {CELLS} }} underFiveCohort {{ {CELLS} }} }} }} }}"""
OUT_OF_SCHOOL = """query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region {
  outOfSchoolChildren(ageBands: true) { regionCode ageBand numerator denominator suppressed } } } }"""
MISSING = """query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region {
  underFivesMissingImmunization { regionCode numerator denominator suppressed } } } }"""


@pytest.fixture(scope="module")
async def seeded(module_service_dsn: ServiceDsn) -> AsyncIterator[dict[str, str]]:
    dsns = {service: await module_service_dsn(service) for service in SERVICES}
    await seed_population(dsns, citizens=3000, seed=17)
    yield dsns


async def _ask(
    service: str,
    dsn: str,
    query: str,
    representations: list[dict[str, Any]],
    linkage: Linkage | None = LINKAGE,
) -> tuple[dict[str, Any], StatementLog]:
    """The answer, and the statements of the second of two identical requests (the first also
    has asyncpg's one-time type introspection)."""
    log = StatementLog()
    app = create_app(service, dsn, connection_init=log.init, linkage=linkage)
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        await graphql(client, query, {"r": representations})
        log.clear()
        status, body = await graphql(client, query, {"r": representations})
    assert status == 200
    return body, log


async def _provinces(seeded: dict[str, str]) -> list[str]:
    conn = await asyncpg.connect(seeded["identity"])
    try:
        return [r["code"] for r in await conn.fetch("select code from region where length(code) = 2")]
    finally:
        await conn.close()


async def test_every_province_s_cohorts_cost_one_statement_each(seeded: dict[str, str]) -> None:
    provinces = await _provinces(seeded)
    assert len(provinces) > 30
    regions = [{"__typename": "Region", "code": code} for code in provinces]
    body, log = await _ask("social", seeded["social"], COHORTS, regions)
    assert "errors" not in body, body
    cohorts = body["data"]["_entities"]
    assert sum(len(c["members"]) for r in cohorts for c in r["schoolAgeCohort"]) > 50
    assert len(log.statements) == 2, log.statements  # school-age, under-five: one each
    for code, region in zip(provinces, cohorts, strict=True):
        assert all(c["regencyCode"].startswith(code) for c in region["schoolAgeCohort"])
        assert all(len(m) == 22 for c in region["schoolAgeCohort"] for m in c["members"])


@pytest.mark.parametrize(("service", "query", "cohort"), [
    ("education", OUT_OF_SCHOOL, "schoolAgeCohort"),
    ("health", MISSING, "underFiveCohort"),
])  # fmt: skip
async def test_counting_every_province_costs_one_statement(
    seeded: dict[str, str], service: str, query: str, cohort: str
) -> None:
    provinces = await _provinces(seeded)
    asked = [{"__typename": "Region", "code": code} for code in provinces]
    cohorts, _ = await _ask("social", seeded["social"], COHORTS, asked)
    regions = [
        {"__typename": "Region", "code": code, cohort: region[cohort]}
        for code, region in zip(provinces, cohorts["data"]["_entities"], strict=True)
    ]
    body, log = await _ask(service, seeded[service], query, regions)
    assert "errors" not in body, body
    assert len(log.statements) == 1, log.statements
    assert any(cells for region in body["data"]["_entities"] for cells in region.values())


async def test_without_the_linkage_secret_nothing_is_counted(seeded: dict[str, str]) -> None:
    region = [{"__typename": "Region", "code": "32"}]
    body, _ = await _ask("social", seeded["social"], COHORTS, region, linkage=None)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"LINKAGE_UNAVAILABLE"}
    cohort = [{"regencyCode": "3273", "band": "7-12", "pending": 0, "members": ["x" * 22] * 12}]
    asked = [{**region[0], "schoolAgeCohort": cohort}]
    body, log = await _ask("education", seeded["education"], OUT_OF_SCHOOL, asked, linkage=None)
    assert body["errors"][0]["extensions"]["code"] == "LINKAGE_UNAVAILABLE"
    assert body["data"]["_entities"][0]["outOfSchoolChildren"] is None
    assert log.statements == []


async def test_a_cohort_from_elsewhere_is_refused(seeded: dict[str, str]) -> None:
    cohort = [{"regencyCode": "7371", "band": "7-12", "pending": 0, "members": ["x" * 22] * 12}]
    asked = [{"__typename": "Region", "code": "32", "schoolAgeCohort": cohort}]
    body, _ = await _ask("education", seeded["education"], OUT_OF_SCHOOL, asked)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "outside the region's province" in body["errors"][0]["message"]
    members = [f"{n:022d}" for n in range(12)]  # pseudonyms of nobody education knows
    nobody_served = [{"regencyCode": "3273", "band": "7-12", "pending": 0, "members": members}]
    body, _ = await _ask(
        "education", seeded["education"], OUT_OF_SCHOOL,
        [{"__typename": "Region", "code": "3273", "schoolAgeCohort": nobody_served}],
    )  # fmt: skip
    assert body["data"]["_entities"][0]["outOfSchoolChildren"][0] == {
        "regionCode": "3273", "ageBand": None, "numerator": 12, "denominator": 12, "suppressed": False,
    }  # fmt: skip
