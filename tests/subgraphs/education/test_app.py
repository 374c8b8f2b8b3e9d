"""The education subgraph over real HTTP and a real, freshly migrated database."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests.conftest import ServiceDsn
from tests.subgraphs.harness import Subgraph, graphql, running_subgraph, sample_niks

GOLDEN = Path(__file__).with_name("education.graphql")

SCHOOL = "npsn name level isPublic region { code }"
EVERYTHING = f"""
query ($representations: [_Any!]!) {{
  _entities(representations: $representations) {{
    ... on Citizen {{
      nik
      education {{
        nisn
        enrollments {{ school {{ {SCHOOL} }} level grade startedOn endedOn status }}
        certificates {{ level year school {{ {SCHOOL} }} }}
      }}
    }}
  }}
}}
"""

SCHOOLS = [
    ("20101001", "SD Negeri Tanjung Barat 01", "SD", True, "317101"),
    ("20101002", "SMP Negeri 98 Jakarta", "SMP", True, "317101"),
    ("20101003", "SMK Bina Karya", "SMK", False, "317101"),
    ("20201001", "SD Negeri Sukajadi", "SD", True, "327301"),
]


async def _insert(conn: asyncpg.Connection, niks: list[str]) -> None:
    await conn.executemany("insert into school values ($1, $2, $3, $4, $5)", SCHOOLS)
    pupils = niks[:-1]  # the last citizen never went to school
    await conn.copy_records_to_table(
        "student", records=[(nik, f"{n + 1:010d}") for n, nik in enumerate(pupils)], columns=["nik", "nisn"]
    )
    enrollments: list[tuple[object, ...]] = []
    for nik in pupils:
        enrollments.append(
            (nik, "20101001", "SD", 6, datetime.date(2014, 7, 15), datetime.date(2020, 6, 30), "GRADUATED")
        )
        enrollments.append((nik, "20101002", "SMP", 2, datetime.date(2020, 7, 13), None, "ACTIVE"))
    await conn.copy_records_to_table(
        "enrollment",
        records=enrollments,
        columns=["nik", "npsn", "level", "grade", "started_on", "ended_on", "status"],
    )
    await conn.copy_records_to_table(
        "certificate",
        records=[(nik, "SD", 2020, "20101001") for nik in pupils],
        columns=["nik", "level", "year", "npsn"],
    )


async def _fill(conn: asyncpg.Connection) -> list[str]:
    niks = sample_niks(1001)
    await _insert(conn, niks)
    return niks


@pytest.fixture(scope="module")
async def subgraph(module_service_dsn: ServiceDsn) -> AsyncIterator[Subgraph]:
    async with running_subgraph("education", await module_service_dsn("education"), _fill) as running:
        yield running


async def test_service_sdl_matches_the_golden_file(subgraph: Subgraph) -> None:
    status, body = await graphql(subgraph.client, "{ _service { sdl } }")
    assert status == 200
    assert body["data"]["_service"]["sdl"].strip() == GOLDEN.read_text().strip()


async def test_education_record_through_entities(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[1]}]
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    [citizen] = body["data"]["_entities"]
    sd = {
        "npsn": "20101001",
        "name": "SD Negeri Tanjung Barat 01",
        "level": "SD",
        "isPublic": True,
        "region": {"code": "317101"},
    }
    smp = {
        "npsn": "20101002",
        "name": "SMP Negeri 98 Jakarta",
        "level": "SMP",
        "isPublic": True,
        "region": {"code": "317101"},
    }
    assert citizen["education"] == {
        "nisn": "0000000002",
        "enrollments": [
            {
                "school": sd,
                "level": "SD",
                "grade": 6,
                "startedOn": "2014-07-15",
                "endedOn": "2020-06-30",
                "status": "GRADUATED",
            },
            {
                "school": smp,
                "level": "SMP",
                "grade": 2,
                "startedOn": "2020-07-13",
                "endedOn": None,
                "status": "ACTIVE",
            },
        ],
        "certificates": [{"level": "SD", "year": 2020, "school": sd}],
    }


async def test_citizen_without_records_has_an_empty_record(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[-1]}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"]["_entities"] == [
        {"nik": subgraph.niks[-1], "education": {"nisn": None, "enrollments": [], "certificates": []}}
    ]


async def test_malformed_nik_representation_is_invalid_nik(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": "3171010000000000"}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"] == {"_entities": [None]}
    assert body["errors"][0]["extensions"]["code"] == "INVALID_NIK"


async def test_school_roots_entities_and_current_students(subgraph: Subgraph) -> None:
    _, body = await graphql(
        subgraph.client,
        """query ($r: [_Any!]!) {
            smp: school(npsn: "20101002") { name currentStudents { nik } }
            sd: school(npsn: "20101001") { currentStudents { nik } }
            none: school(npsn: "99999999") { name }
            jagakarsa: schools(regionCode: "31.71.01") { npsn isPublic }
            _entities(representations: $r) { ... on School { name level } }
        }""",
        {"r": [{"__typename": "School", "npsn": "20201001"}]},
    )
    data = body["data"]
    assert data["smp"]["name"] == "SMP Negeri 98 Jakarta"
    assert [s["nik"] for s in data["smp"]["currentStudents"]] == sorted(subgraph.niks[:-1])
    assert data["sd"] == {"currentStudents": []}
    assert data["none"] is None
    assert data["jagakarsa"] == [
        {"npsn": "20101001", "isPublic": True},
        {"npsn": "20101002", "isPublic": True},
        {"npsn": "20101003", "isPublic": False},
    ]
    assert data["_entities"] == [{"name": "SD Negeri Sukajadi", "level": "SD"}]


async def test_malformed_npsn_is_invalid_argument(subgraph: Subgraph) -> None:
    _, body = await graphql(subgraph.client, '{ school(npsn: "123") { name } }')
    assert body["data"] == {"school": None}
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"


@pytest.mark.parametrize("count", [1, 100, 1000])
async def test_entities_for_many_citizens_run_one_statement_per_table(subgraph: Subgraph, count: int) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    assert len(entities) == count and all(len(e["education"]["enrollments"]) == 2 for e in entities)
    # One statement per table; schools are joined into enrollments and certificates.
    assert sorted(subgraph.log.tables()) == ["certificate", "enrollment", "student"], subgraph.log.statements


async def test_school_entities_with_students_run_one_statement_per_table(subgraph: Subgraph) -> None:
    representations = [{"__typename": "School", "npsn": npsn} for npsn, *_ in SCHOOLS]
    subgraph.log.clear()
    _, body = await graphql(
        subgraph.client,
        """query ($r: [_Any!]!) {
            _entities(representations: $r) { ... on School { npsn currentStudents { nik } } }
        }""",
        {"r": representations},
    )
    counts = [len(school["currentStudents"]) for school in body["data"]["_entities"]]
    assert counts == [0, len(subgraph.niks) - 1, 0, 0]
    assert sorted(subgraph.log.tables()) == ["enrollment", "school"], subgraph.log.statements


@pytest.mark.parametrize("count", [1, 1001])
async def test_enrolled_now_runs_one_statement(subgraph: Subgraph, count: int) -> None:
    """``enrolledNow``: an ACTIVE enrollment (every pupil's SMP one); the last citizen has none.
    Asked with the enrollments, it shares their statement."""
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    query = """query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Citizen { enrolledNow education { enrollments { status } } } } }"""
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, query, {"r": representations})
    assert status == 200 and "errors" not in body
    pupils = len(subgraph.niks) - 1
    assert [e["enrolledNow"] for e in body["data"]["_entities"]] == [n < pupils for n in range(count)]
    assert subgraph.log.tables() == ["enrollment"], subgraph.log.statements
