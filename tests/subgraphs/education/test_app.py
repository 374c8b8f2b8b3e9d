"""The education subgraph over real HTTP and a real, freshly migrated database."""

from __future__ import annotations

import datetime
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from gateway.access.caller import Caller, CallerKind, MandateScope
from gateway.access.seal import CALLER_HEADER, encode_caller
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


def education_office(
    *regions: str, categories: tuple[str, ...] = ("education",), purpose: str | None = "X"
) -> Caller:
    """An agency key with ``education:read`` and one mandate (national unless ``regions``), as the
    gateway signs it (docs/access.md, "Regional mandates")."""
    return Caller(
        kind=CallerKind.AGENCY, agency="KEMENDIKDASMEN", key_id="k1", scopes=frozenset({"education:read"}),
        purpose=purpose, mandates=(MandateScope(categories=frozenset(categories), regions=regions),),
    )  # fmt: skip


async def as_caller(
    subgraph: Subgraph, query: str, variables: dict[str, Any] | None = None, caller: Caller | None = None
) -> tuple[int, dict[str, Any]]:
    """``query`` as ``caller`` (a national education mandate by default); the unsigned test app
    believes the caller header as it is."""
    response = await subgraph.client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={CALLER_HEADER: encode_caller(caller or education_office())},
    )
    return response.status_code, response.json()


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
    _, body = await as_caller(
        subgraph,
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
    _, body = await as_caller(
        subgraph,
        """query ($r: [_Any!]!) {
            _entities(representations: $r) { ... on School { npsn currentStudents { nik } } }
        }""",
        {"r": representations},
    )
    counts = [len(school["currentStudents"]) for school in body["data"]["_entities"]]
    assert counts == [0, len(subgraph.niks) - 1, 0, 0]
    assert sorted(subgraph.log.tables()) == ["enrollment", "school"], subgraph.log.statements


PUPILS = '{ school(npsn: "20101002") { name currentStudents { nik } } }'


@pytest.mark.parametrize(
    "caller",
    [
        education_office(),  # national
        education_office("3171"),  # the school's regency covers its district 317101
        education_office("31"),
        education_office("317101"),
        education_office("3273", "317101"),  # one of several regions
    ],
)
async def test_pupils_are_listed_for_a_mandate_covering_the_school(
    subgraph: Subgraph, caller: Caller
) -> None:
    status, body = await as_caller(subgraph, PUPILS, caller=caller)
    assert status == 200 and "errors" not in body
    assert [s["nik"] for s in body["data"]["school"]["currentStudents"]] == sorted(subgraph.niks[:-1])


@pytest.mark.parametrize(
    "caller",
    [
        None,  # no caller header at all: anonymous
        Caller(  # no mandate at all
            kind=CallerKind.AGENCY, agency="KEMENSOS", key_id="k2", scopes=frozenset({"education:read"}),
            purpose="X",
        ),
        education_office("3273"),  # another regency
        education_office("317102"),  # the neighbouring district
        education_office("3171011001"),  # a village of the district does not cover the whole district
        education_office(categories=("social", "health")),  # a mandate for another category
        education_office(purpose=None),  # no purpose: no mandate applies (mandates are per purpose)
        Caller(  # a national education mandate, but a key without education:read
            kind=CallerKind.AGENCY, agency="KEMENDIKDASMEN", key_id="k1", scopes=frozenset({"identity:read"}),
            purpose="X", mandates=(MandateScope(categories=frozenset({"education"})),),
        ),
        Caller(kind=CallerKind.CITIZEN, citizen="3171011701160997", scopes=frozenset({"citizen"})),
    ],
)
async def test_pupils_are_refused_without_a_mandate_covering_the_school(
    subgraph: Subgraph, caller: Caller | None, caplog: pytest.LogCaptureFixture
) -> None:
    subgraph.log.clear()
    with caplog.at_level(logging.WARNING, logger="subgraphs.education"):
        if caller is None:
            status, body = await graphql(subgraph.client, PUPILS)
        else:
            status, body = await as_caller(subgraph, PUPILS, caller=caller)
    assert status == 200
    assert body["data"] == {"school": {"name": "SMP Negeri 98 Jakarta", "currentStudents": None}}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN" and "region rule" in error["message"]
    assert error["path"] == ["school", "currentStudents"]
    assert "pupil list refused: school 20101002 region 317101" in caplog.text
    assert not any(nik in caplog.text or nik in str(body) for nik in subgraph.niks)  # never a NIK
    assert subgraph.log.tables() == ["school"], subgraph.log.statements  # no enrollment read


async def test_pupils_are_decided_school_by_school_in_one_batch(subgraph: Subgraph) -> None:
    """A mandate for Jakarta Selatan (3171) lists the pupils of its schools and refuses Bandung's
    (327301) in the same request; the schools it covers are still read in one statement."""
    representations = [{"__typename": "School", "npsn": npsn} for npsn, *_ in SCHOOLS]
    subgraph.log.clear()
    _, body = await as_caller(
        subgraph,
        """query ($r: [_Any!]!) {
            _entities(representations: $r) { ... on School { npsn currentStudents { nik } } }
        }""",
        {"r": representations},
        education_office("3171"),
    )
    students = [school["currentStudents"] for school in body["data"]["_entities"]]
    assert students[:3] == [[], [{"nik": nik} for nik in sorted(subgraph.niks[:-1])], []]
    assert students[3] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["_entities", 3, "currentStudents"], "FORBIDDEN")
    ]
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
