"""The identity subgraph over real HTTP and a real, freshly migrated database."""

from __future__ import annotations

import datetime
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from subgraphs.app import create_app
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import Subgraph, graphql, running_subgraph, serve, server_log
from tests.subgraphs.identity.rows import insert_population, insert_regions

GOLDEN = Path(__file__).with_name("identity.graphql")

EVERYTHING = """
fragment R on Region { code dottedCode level name postalCode }
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen {
      nik fullName sex birthPlace birthDate religion maritalStatus bloodType address
      familyRelation deceased deceasedOn age isMinor
      digitalId { activated activatedOn deviceClass }
      village { ...R province { ...R } regency { ...R } district { ...R } village { code } }
      family {
        kk address village { ...R province { code } }
        members { relation citizen { nik fullName birthDate isMinor village { code name } } }
      }
    }
  }
}
"""


async def _fill(conn: asyncpg.Connection) -> list[str]:
    await insert_regions(conn)
    niks = await insert_population(conn, families=300)
    await conn.copy_records_to_table(  # every third citizen activated the digital ID card (IKD)
        "digital_id",
        records=[
            (nik, datetime.date(2024, 5, 1 + n % 28), "IOS" if n % 2 else "ANDROID")
            for n, nik in enumerate(niks[::3])
        ],
        columns=["nik", "activated_on", "device_class"],
    )
    return niks


@pytest.fixture(scope="module")
async def subgraph(module_service_dsn: ServiceDsn) -> AsyncIterator[Subgraph]:
    async with running_subgraph("identity", await module_service_dsn("identity"), _fill) as running:
        yield running


async def test_service_sdl_matches_the_golden_file(subgraph: Subgraph) -> None:
    status, body = await graphql(subgraph.client, "{ _service { sdl } }")
    assert status == 200
    assert body["data"]["_service"]["sdl"].strip() == GOLDEN.read_text().strip()


async def test_health_endpoint_checks_the_database(subgraph: Subgraph) -> None:
    response = await subgraph.client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "service": "identity"}


async def test_citizen_with_derived_fields_and_region_ancestors(subgraph: Subgraph) -> None:
    head, spouse, young, older = subgraph.niks[:4]
    status, body = await graphql(
        subgraph.client,
        """query ($nik: String!) { citizen(nik: $nik) {
            nik sex birthDate age isMinor deceased
            village { code dottedCode level name province { name level } regency { code } district { name } }
            family { kk members { relation citizen { nik } } }
        } }""",
        {"nik": young},
    )
    assert status == 200 and "errors" not in body
    citizen = body["data"]["citizen"]
    assert citizen["nik"] == young and citizen["sex"] == "FEMALE" and citizen["birthDate"] == "2012-01-01"
    assert citizen["isMinor"] is True and citizen["age"] >= 13 and citizen["deceased"] is False
    assert citizen["village"] == {
        "code": "3171011001",
        "dottedCode": "31.71.01.1001",
        "level": "VILLAGE",
        "name": "Tanjung Barat",
        "province": {"name": "DKI JAKARTA", "level": "PROVINCE"},
        "regency": {"code": "3171"},
        "district": {"name": "Jagakarsa"},
    }
    assert citizen["family"]["members"] == [
        {"relation": "HEAD", "citizen": {"nik": head}},
        {"relation": "SPOUSE", "citizen": {"nik": spouse}},
        {"relation": "CHILD", "citizen": {"nik": older}},
        {"relation": "CHILD", "citizen": {"nik": young}},
    ]


async def test_adult_is_not_a_minor(subgraph: Subgraph) -> None:
    _, body = await graphql(
        subgraph.client, "query ($n: String!) { citizen(nik: $n) { isMinor age } }", {"n": subgraph.niks[0]}
    )
    assert body["data"]["citizen"]["isMinor"] is False and body["data"]["citizen"]["age"] >= 45


async def test_unknown_nik_is_null_without_error(subgraph: Subgraph) -> None:
    status, body = await graphql(subgraph.client, '{ citizen(nik: "3171011708459999") { nik } }')
    assert status == 200
    assert body == {"data": {"citizen": None}}


@pytest.mark.parametrize(
    "nik",
    [
        "123",
        "31710117084500012",
        "3171011708450x01",
        "3171013013450001",
        "9971011708450001",
        "3171.0117084500",
    ],
)
async def test_malformed_nik_is_invalid_nik(
    subgraph: Subgraph, nik: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        status, body = await graphql(
            subgraph.client, "query ($n: String!) { citizen(nik: $n) { nik } }", {"n": nik}
        )
    assert status == 200
    assert body["data"] == {"citizen": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID_NIK"
    assert error["path"] == ["citizen"]
    assert nik not in error["message"] and nik not in server_log(caplog.records)


async def test_citizens_keeps_order_and_nulls(subgraph: Subgraph) -> None:
    niks = [subgraph.niks[5], "3171011708459999", subgraph.niks[1]]
    _, body = await graphql(
        subgraph.client, "query ($n: [String!]!) { citizens(niks: $n) { nik } }", {"n": niks}
    )
    assert body == {"data": {"citizens": [{"nik": niks[0]}, None, {"nik": niks[2]}]}}


async def test_regions_lists_children_and_provinces(subgraph: Subgraph) -> None:
    _, body = await graphql(
        subgraph.client, '{ top: regions { code } kids: regions(parentCode: "31.71.01") { code name } }'
    )
    assert body["data"]["top"] == [{"code": "31"}]
    assert body["data"]["kids"] == [
        {"code": "3171011001", "name": "Tanjung Barat"},
        {"code": "3171011002", "name": "Lenteng Agung"},
    ]


async def test_region_by_dotted_code_and_bad_code(subgraph: Subgraph) -> None:
    _, body = await graphql(
        subgraph.client, '{ region(code: "31.71") { name village { code } province { code } } }'
    )
    assert body == {
        "data": {"region": {"name": "KOTA ADM. JAKARTA SELATAN", "village": None, "province": {"code": "31"}}}
    }
    _, body = await graphql(subgraph.client, '{ region(code: "317") { name } }')
    assert body["errors"][0]["extensions"]["code"] == "INVALID_REGION_CODE"


async def test_entities_resolve_citizens_and_regions(subgraph: Subgraph) -> None:
    representations = [
        {"__typename": "Citizen", "nik": subgraph.niks[2]},
        {"__typename": "Region", "code": "317101"},
        {"__typename": "Citizen", "nik": "3171011708459999"},
        {"__typename": "Citizen", "nik": "not-a-nik"},
    ]
    status, body = await graphql(
        subgraph.client,
        """query ($r: [_Any!]!) {
            _entities(representations: $r) { ... on Citizen { nik } ... on Region { name } }
        }""",
        {"r": representations},
    )
    assert status == 200
    assert body["data"]["_entities"] == [{"nik": subgraph.niks[2]}, {"name": "Jagakarsa"}, None, None]
    [error] = body["errors"]
    assert error["path"] == ["_entities", 3] and error["extensions"]["code"] == "INVALID_NIK"


@pytest.mark.parametrize("count", [10, 1000])
async def test_entities_for_many_citizens_run_one_statement_per_table(subgraph: Subgraph, count: int) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    assert [e["nik"] for e in entities] == subgraph.niks[:count]
    assert all(len(e["family"]["members"]) == 4 for e in entities)
    assert entities[0]["village"]["province"]["name"] == "DKI JAKARTA"
    # citizen by NIK; regions (with ancestors); families with their members (family + citizen).
    assert sorted(subgraph.log.tables()) == ["citizen", "family", "region"], subgraph.log.statements


async def test_database_errors_are_masked(service_dsn: ServiceDsn, caplog: pytest.LogCaptureFixture) -> None:
    dsn = await service_dsn("identity")
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("alter table citizen rename to citizen_gone")
    finally:
        await conn.close()
    async with (
        serve(create_app("identity", dsn)) as url,
        httpx.AsyncClient(base_url=url, timeout=60) as client,
    ):
        with caplog.at_level(logging.DEBUG):
            status, body = await graphql(client, '{ citizen(nik: "3171011708450001") { nik } }')
    assert status == 200
    assert body["data"] == {"citizen": None}
    assert body["errors"] == [
        {
            "message": "Internal server error",
            "locations": [{"line": 1, "column": 3}],
            "path": ["citizen"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    logged = server_log(caplog.records)
    assert "UndefinedTableError" in logged
    assert "3171011708450001" not in logged and "select" not in logged.lower()


async def test_digital_id_activation_comes_with_the_citizen(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:4]]
    subgraph.log.clear()
    _, body = await graphql(
        subgraph.client,
        "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen {"
        " digitalId { activated activatedOn deviceClass } } } }",
        {"r": representations},
    )
    assert [e["digitalId"] for e in body["data"]["_entities"]] == [
        {"activated": True, "activatedOn": "2024-05-01", "deviceClass": "ANDROID"},
        {"activated": False, "activatedOn": None, "deviceClass": None},
        {"activated": False, "activatedOn": None, "deviceClass": None},
        {"activated": True, "activatedOn": "2024-05-02", "deviceClass": "IOS"},
    ]
    assert subgraph.log.tables() == ["citizen"]  # joined into the citizen's own statement


async def test_family_number_alone_costs_no_extra_statement(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:100]]
    subgraph.log.clear()
    _, body = await graphql(
        subgraph.client,
        "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { age family { kk } } } }",
        {"r": representations},
    )
    assert [e["family"]["kk"] for e in body["data"]["_entities"][:5]] == ["3171010101000000"] * 4 + [
        "3171010101000001"
    ]
    assert subgraph.log.tables() == ["citizen"]


async def test_citizens_refuses_more_than_a_thousand_niks(subgraph: Subgraph) -> None:
    niks = (subgraph.niks * 2)[:1001]
    _, body = await graphql(
        subgraph.client, "query ($n: [String!]!) { citizens(niks: $n) { nik } }", {"n": niks}
    )
    assert body["data"] == {"citizens": None}  # a root field is nullable (docs/subgraphs.md)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
