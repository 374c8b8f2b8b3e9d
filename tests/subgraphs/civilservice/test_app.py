"""The civil-service subgraph over real HTTP and a real, freshly migrated database."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from subgraphs.app import create_app
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import Subgraph, graphql, running_subgraph, sample_niks, serve

GOLDEN = Path(__file__).with_name("civilservice.graphql")

EVERYTHING = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen {
      nik
      civilService {
        nip kind grade position appointedOn active
        agency { code name level region { code } }
      }
    }
  }
}
"""

AGENCIES = [
    ("K001", "Kementerian Kesehatan", "CENTRAL", "31"),
    ("P73", "Pemerintah Provinsi Sulawesi Selatan", "PROVINCE", "73"),
    ("D7371", "Pemerintah Kota Makassar", "REGENCY", "7371"),
]


def _nip(nik: str, serial: int) -> str:
    day, month, yy = int(nik[6:8]), nik[8:10], nik[10:12]
    female = day > 40
    return f"19{yy}{month}{day - 40 if female else day:02d}201503{2 if female else 1}{serial % 1000:03d}"


async def _fill(conn: asyncpg.Connection) -> list[str]:
    niks = sample_niks(1001)
    await conn.copy_records_to_table(
        "government_agency", records=AGENCIES, columns=["code", "name", "level", "region_code"]
    )
    await conn.copy_records_to_table(
        "civil_servant",
        records=[
            (
                nik,
                _nip(nik, n),
                "PNS" if n % 3 else "PPPK",
                "III/b" if n % 3 else "IX",
                "Guru Ahli Pertama" if n % 3 else "Perawat Terampil",
                datetime.date(2015, 3, 1),
                True,
                AGENCIES[n % 3][0],
            )
            for n, nik in enumerate(niks[:-1])  # the last citizen is not a civil servant
        ],
        columns=["nik", "nip", "kind", "grade", "position", "appointed_on", "active", "agency_code"],
    )
    return niks


@pytest.fixture(scope="module")
async def subgraph(module_service_dsn: ServiceDsn) -> AsyncIterator[Subgraph]:
    async with running_subgraph("civilservice", await module_service_dsn("civilservice"), _fill) as running:
        yield running


async def test_service_sdl_matches_the_golden_file(subgraph: Subgraph) -> None:
    status, body = await graphql(subgraph.client, "{ _service { sdl } }")
    assert status == 200
    assert body["data"]["_service"]["sdl"].strip() == GOLDEN.read_text().strip()


async def test_civil_service_record_through_entities(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:2]]
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    first, second = body["data"]["_entities"]
    assert first["civilService"] == {
        "nip": _nip(subgraph.niks[0], 0), "kind": "PPPK", "grade": "IX", "position": "Perawat Terampil",
        "appointedOn": "2015-03-01", "active": True,
        "agency": {
            "code": "K001", "name": "Kementerian Kesehatan", "level": "CENTRAL", "region": {"code": "31"}
        },
    }  # fmt: skip
    assert second["civilService"]["kind"] == "PNS" and second["civilService"]["grade"] == "III/b"
    assert second["civilService"]["agency"]["code"] == "P73"


async def test_a_citizen_who_is_no_civil_servant_has_none(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[-1]}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body == {"data": {"_entities": [{"nik": subgraph.niks[-1], "civilService": None}]}}


async def test_malformed_nik_representation_is_invalid_nik(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": "not a nik"}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"] == {"_entities": [None]}
    assert body["errors"][0]["extensions"]["code"] == "INVALID_NIK"


async def test_agencies_are_public_and_resolve_as_entities(subgraph: Subgraph) -> None:
    query = """query ($r: [_Any!]!) {
        one: governmentAgency(code: "D7371") { name level }
        none: governmentAgency(code: "X") { name }
        sulsel: governmentAgencies(regionCode: "73") { code }
        _entities(representations: $r) { ... on GovernmentAgency { code name } }
    }"""
    _, body = await graphql(
        subgraph.client, query, {"r": [{"__typename": "GovernmentAgency", "code": "P73"}]}
    )
    assert body["data"]["one"] == {"name": "Pemerintah Kota Makassar", "level": "REGENCY"}
    assert body["data"]["none"] is None
    assert body["data"]["sulsel"] == [{"code": "D7371"}, {"code": "P73"}]
    assert body["data"]["_entities"] == [{"code": "P73", "name": "Pemerintah Provinsi Sulawesi Selatan"}]
    assert "errors" not in body
    _, bad = await graphql(subgraph.client, '{ governmentAgencies(regionCode: "7x") { code } }')
    assert bad["data"] == {"governmentAgencies": None}
    assert [e["extensions"]["code"] for e in bad["errors"]] == ["INVALID_REGION_CODE"]


@pytest.mark.parametrize("count", [1, 100, 1000])
async def test_entities_for_many_citizens_run_one_statement(subgraph: Subgraph, count: int) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    assert len(entities) == count and all(e["civilService"]["agency"]["name"] for e in entities)
    assert subgraph.log.tables() == ["civil_servant"], subgraph.log.statements


async def test_loaders_are_per_request(service_dsn: ServiceDsn) -> None:
    dsn = await service_dsn("civilservice")
    nik = sample_niks(1)[0]
    query = """query ($r: [_Any!]!) {
        _entities(representations: $r) { ... on Citizen { civilService { kind } } }
    }"""
    variables = {"r": [{"__typename": "Citizen", "nik": nik}]}
    async with (
        serve(create_app("civilservice", dsn)) as url,
        httpx.AsyncClient(base_url=url, timeout=60) as client,
    ):
        _, before = await graphql(client, query, variables)
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("insert into government_agency values ('K001', 'Kemenkes', 'CENTRAL', '31')")
            await conn.execute(
                "insert into civil_servant values"
                " ($1, $2, 'PNS', 'III/a', 'Analis', '2020-01-01', 'K001', true)",
                nik,
                _nip(nik, 1),
            )
        finally:
            await conn.close()
        _, after = await graphql(client, query, variables)
    assert before["data"]["_entities"] == [{"civilService": None}]
    assert after["data"]["_entities"] == [{"civilService": {"kind": "PNS"}}]
