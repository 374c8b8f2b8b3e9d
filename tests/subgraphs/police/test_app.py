"""The police subgraph over real HTTP and a real, freshly migrated database."""

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

GOLDEN = Path(__file__).with_name("police.graphql")

EVERYTHING = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen {
      nik
      police {
        drivingLicences { number licenceClass issuedOn expiresOn status }
        clearanceCertificates { number purpose issuedOn expiresOn finding }
        vehicles { plate kind make model year stnkExpiresOn }
      }
    }
  }
}
"""


async def _insert(conn: asyncpg.Connection, niks: list[str]) -> None:
    holders = niks[:-1]  # the last citizen has no police record at all
    issued = datetime.date(2023, 3, 1)
    await conn.copy_records_to_table(
        "driving_licence",
        records=[
            (f"{n:012d}{suffix}", nik, cls, issued, datetime.date(2028, 3, 1), "ACTIVE")
            for n, nik in enumerate(holders)
            for suffix, cls in (("C", "C"), ("A", "A_UMUM"))
        ],
        columns=["number", "nik", "class", "issued_on", "expires_on", "status"],
    )
    await conn.copy_records_to_table(
        "clearance_certificate",
        records=[
            (
                f"SKCK/{n}/III/2025",
                nik,
                "Melamar pekerjaan",
                datetime.date(2025, 3, 31),
                datetime.date(2025, 9, 30),
                "NO_RECORD",
            )
            for n, nik in enumerate(holders)
        ],
        columns=["number", "nik", "purpose", "issued_on", "expires_on", "finding"],
    )
    await conn.copy_records_to_table(
        "vehicle",
        records=[
            (f"B {n + 1} XYZ", nik, "MOTORCYCLE", "Honda", "Vario 125", 2021, datetime.date(2026, 8, 17))
            for n, nik in enumerate(holders)
        ],
        columns=["plate", "nik", "kind", "make", "model", "year", "stnk_expires_on"],
    )


async def _fill(conn: asyncpg.Connection) -> list[str]:
    niks = sample_niks(1001)
    await _insert(conn, niks)
    return niks


@pytest.fixture(scope="module")
async def subgraph(module_service_dsn: ServiceDsn) -> AsyncIterator[Subgraph]:
    async with running_subgraph("police", await module_service_dsn("police"), _fill) as running:
        yield running


async def test_service_sdl_matches_the_golden_file(subgraph: Subgraph) -> None:
    status, body = await graphql(subgraph.client, "{ _service { sdl } }")
    assert status == 200
    assert body["data"]["_service"]["sdl"].strip() == GOLDEN.read_text().strip()


async def test_police_record_through_entities(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[0]}]
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    assert body["data"]["_entities"][0]["police"] == {
        "drivingLicences": [
            {
                "number": "000000000000A",
                "licenceClass": "A_UMUM",
                "issuedOn": "2023-03-01",
                "expiresOn": "2028-03-01",
                "status": "ACTIVE",
            },
            {
                "number": "000000000000C",
                "licenceClass": "C",
                "issuedOn": "2023-03-01",
                "expiresOn": "2028-03-01",
                "status": "ACTIVE",
            },
        ],
        "clearanceCertificates": [
            {
                "number": "SKCK/0/III/2025",
                "purpose": "Melamar pekerjaan",
                "issuedOn": "2025-03-31",
                "expiresOn": "2025-09-30",
                "finding": "NO_RECORD",
            }
        ],
        "vehicles": [
            {
                "plate": "B 1 XYZ",
                "kind": "MOTORCYCLE",
                "make": "Honda",
                "model": "Vario 125",
                "year": 2021,
                "stnkExpiresOn": "2026-08-17",
            }
        ],
    }


async def test_citizen_without_records_has_an_empty_record(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[-1]}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"]["_entities"] == [
        {
            "nik": subgraph.niks[-1],
            "police": {"drivingLicences": [], "clearanceCertificates": [], "vehicles": []},
        }
    ]


async def test_malformed_nik_representation_is_invalid_nik(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": "3171019999450001"}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"] == {"_entities": [None]}
    assert body["errors"][0]["extensions"]["code"] == "INVALID_NIK"


async def test_a_nik_that_is_not_a_string_is_bad_user_input(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": 3171011708450001}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"] == {"_entities": [None]}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_licence_classes_are_public_reference_data(subgraph: Subgraph) -> None:
    _, body = await graphql(subgraph.client, "{ drivingLicenceClasses { licenceClass description } }")
    classes = [c["licenceClass"] for c in body["data"]["drivingLicenceClasses"]]
    assert classes == ["A", "A_UMUM", "BI", "BI_UMUM", "BII", "BII_UMUM", "C", "CI", "CII", "D", "DI"]


@pytest.mark.parametrize("count", [1, 100, 1000])
async def test_entities_for_many_citizens_run_one_statement_per_table(subgraph: Subgraph, count: int) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    assert len(entities) == count and all(len(e["police"]["drivingLicences"]) == 2 for e in entities)
    assert sorted(subgraph.log.tables()) == ["clearance_certificate", "driving_licence", "vehicle"], (
        subgraph.log.statements
    )


async def test_loaders_are_per_request(service_dsn: ServiceDsn) -> None:
    dsn = await service_dsn("police")
    nik = sample_niks(1)[0]
    query = """query ($r: [_Any!]!) {
        _entities(representations: $r) { ... on Citizen { police { vehicles { plate } } } }
    }"""
    variables = {"r": [{"__typename": "Citizen", "nik": nik}]}
    async with serve(create_app("police", dsn)) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        _, before = await graphql(client, query, variables)
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(
                "insert into vehicle values ($1, $2, 'CAR', 'Toyota', 'Avanza', 2019, '2026-01-31')",
                "B 7 ABC",
                nik,
            )
        finally:
            await conn.close()
        _, after = await graphql(client, query, variables)
    assert before["data"]["_entities"] == [{"police": {"vehicles": []}}]
    assert after["data"]["_entities"] == [{"police": {"vehicles": [{"plate": "B 7 ABC"}]}}]


REFERENCES = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on DrivingLicenceRef { holderNik number licence { number licenceClass status } }
    ... on ClearanceCertificateRef { holderNik number certificate { number finding } }
  }
}
"""


async def test_a_reference_resolves_only_the_holders_own_record(subgraph: Subgraph) -> None:
    """A payment's reference to the SIM or SKCK it paid for (docs/payments.md): the record comes
    back only when the number is the named holder's; a forged holder gets null, never another
    citizen's record (defence in depth behind the seal, docs/access.md "Reference entities")."""
    mine, other = subgraph.niks[0], subgraph.niks[1]
    representations = [
        {"__typename": "DrivingLicenceRef", "holderNik": mine, "number": "000000000000C"},
        {"__typename": "DrivingLicenceRef", "holderNik": other, "number": "000000000000C"},
        {"__typename": "ClearanceCertificateRef", "holderNik": mine, "number": "SKCK/0/III/2025"},
        {"__typename": "ClearanceCertificateRef", "holderNik": other, "number": "SKCK/0/III/2025"},
        {"__typename": "DrivingLicenceRef", "holderNik": mine, "number": "no such licence"},
    ]
    status, body = await graphql(subgraph.client, REFERENCES, {"representations": representations})
    assert status == 200 and "errors" not in body
    assert body["data"]["_entities"] == [
        {"holderNik": mine, "number": "000000000000C",
         "licence": {"number": "000000000000C", "licenceClass": "C", "status": "ACTIVE"}},
        {"holderNik": other, "number": "000000000000C", "licence": None},
        {"holderNik": mine, "number": "SKCK/0/III/2025",
         "certificate": {"number": "SKCK/0/III/2025", "finding": "NO_RECORD"}},
        {"holderNik": other, "number": "SKCK/0/III/2025", "certificate": None},
        {"holderNik": mine, "number": "no such licence", "licence": None},
    ]  # fmt: skip


async def test_a_reference_with_a_malformed_holder_is_invalid_nik(subgraph: Subgraph) -> None:
    representations = [{"__typename": "DrivingLicenceRef", "holderNik": "x", "number": "000000000000C"}]
    _, body = await graphql(subgraph.client, REFERENCES, {"representations": representations})
    assert body["data"] == {"_entities": [None]}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_NIK"]


async def test_references_of_1000_citizens_cost_one_statement_per_table(subgraph: Subgraph) -> None:
    representations = [
        {"__typename": "DrivingLicenceRef", "holderNik": nik, "number": f"{n:012d}A"}
        for n, nik in enumerate(subgraph.niks[:1000])
    ] + [
        {"__typename": "ClearanceCertificateRef", "holderNik": nik, "number": f"SKCK/{n}/III/2025"}
        for n, nik in enumerate(subgraph.niks[:1000])
    ]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, REFERENCES, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    assert all(e["licence"]["licenceClass"] == "A_UMUM" for e in entities[:1000])
    assert all(e["certificate"]["finding"] == "NO_RECORD" for e in entities[1000:])
    assert len(subgraph.log.statements) == 2, subgraph.log.statements
    assert sorted("clearance_certificate" in s for s in subgraph.log.statements) == [False, True]
