"""The health subgraph over real HTTP and a real, freshly migrated database."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests.conftest import ServiceDsn
from tests.subgraphs.harness import Subgraph, graphql, make_nik, running_subgraph, sample_niks

GOLDEN = Path(__file__).with_name("health.graphql")

FACILITY = "code name kind region { code }"
EVERYTHING = f"""
query ($representations: [_Any!]!) {{
  _entities(representations: $representations) {{
    ... on Citizen {{
      nik
      health {{
        bpjs {{ cardNumber careClass pbi active primaryCareFacility {{ {FACILITY} }} }}
        immunizations {{ vaccine dose givenOn facility {{ {FACILITY} }} }}
        encounters {{ occurredOn facility {{ {FACILITY} }} diagnosis {{ code name }} }}
        allergies {{ substance reaction severity recordedOn }}
      }}
    }}
  }}
}}
"""

FACILITIES = [
    ("P3171010101", "Puskesmas Jagakarsa", "PUSKESMAS", "317101"),
    ("K3171010201", "Klinik Pratama Sehat", "CLINIC", "317101"),
    ("R3171000001", "RSUD Jagakarsa", "HOSPITAL", "3171"),
    ("P3273010101", "Puskesmas Sukajadi", "PUSKESMAS", "327301"),
]


async def _insert(conn: asyncpg.Connection, niks: list[str]) -> None:
    await conn.executemany("insert into facility values ($1, $2, $3, $4)", FACILITIES)
    await conn.executemany(
        "insert into diagnosis values ($1, $2)",
        [
            ("J06.9", "Acute upper respiratory infection, unspecified"),
            ("A09", "Diarrhoea and gastroenteritis"),
        ],
    )
    # Every citizen but the last has a membership; two immunizations, one encounter; every third an allergy.
    members = niks[:-1]
    await conn.copy_records_to_table(
        "bpjs_membership",
        records=[
            (nik, f"{n + 1:013d}", 1 + n % 3, n % 2 == 0, n % 5 != 0, FACILITIES[n % 2][0])
            for n, nik in enumerate(members)
        ],
        columns=["nik", "card_number", "care_class", "pbi", "active", "facility_code"],
    )
    await conn.copy_records_to_table(
        "immunization",
        records=[
            (nik, vaccine, dose, datetime.date(2020, dose, 1), FACILITIES[dose][0])
            for nik in members
            for vaccine, dose in (("BCG", 1), ("Campak", 2))
        ],
        columns=["nik", "vaccine", "dose", "given_on", "facility_code"],
    )
    await conn.copy_records_to_table(
        "encounter",
        records=[(nik, datetime.date(2024, 5, 1), "R3171000001", "J06.9") for nik in members],
        columns=["nik", "occurred_on", "facility_code", "diagnosis_code"],
    )
    await conn.copy_records_to_table(
        "allergy",
        records=[(nik, "Penicillin", "Rash", "MODERATE", datetime.date(2019, 1, 1)) for nik in members[::3]],
        columns=["nik", "substance", "reaction", "severity", "recorded_on"],
    )


async def _fill(conn: asyncpg.Connection) -> list[str]:
    niks = sample_niks(1001)
    await _insert(conn, niks)
    return niks


@pytest.fixture(scope="module")
async def subgraph(module_service_dsn: ServiceDsn) -> AsyncIterator[Subgraph]:
    async with running_subgraph("health", await module_service_dsn("health"), _fill) as running:
        yield running


async def test_service_sdl_matches_the_golden_file(subgraph: Subgraph) -> None:
    status, body = await graphql(subgraph.client, "{ _service { sdl } }")
    assert status == 200
    assert body["data"]["_service"]["sdl"].strip() == GOLDEN.read_text().strip()


async def test_health_record_through_entities(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[0]}]
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    [citizen] = body["data"]["_entities"]
    puskesmas = {
        "code": "P3171010101",
        "name": "Puskesmas Jagakarsa",
        "kind": "PUSKESMAS",
        "region": {"code": "317101"},
    }
    assert citizen["health"]["bpjs"] == {
        "cardNumber": "0000000000001",
        "careClass": 1,
        "pbi": True,
        "active": False,
        "primaryCareFacility": puskesmas,
    }
    assert [
        (i["vaccine"], i["dose"], i["givenOn"], i["facility"]["code"])
        for i in citizen["health"]["immunizations"]
    ] == [
        ("BCG", 1, "2020-01-01", "K3171010201"),
        ("Campak", 2, "2020-02-01", "R3171000001"),
    ]
    assert citizen["health"]["encounters"] == [
        {
            "occurredOn": "2024-05-01",
            "facility": {
                "code": "R3171000001",
                "name": "RSUD Jagakarsa",
                "kind": "HOSPITAL",
                "region": {"code": "3171"},
            },
            "diagnosis": {"code": "J06.9", "name": "Acute upper respiratory infection, unspecified"},
        }
    ]
    assert citizen["health"]["allergies"] == [
        {"substance": "Penicillin", "reaction": "Rash", "severity": "MODERATE", "recordedOn": "2019-01-01"}
    ]


async def test_citizen_without_records_has_an_empty_record(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[-1]}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body == {
        "data": {
            "_entities": [
                {
                    "nik": subgraph.niks[-1],
                    "health": {"bpjs": None, "immunizations": [], "encounters": [], "allergies": []},
                }
            ]
        }
    }


async def test_malformed_nik_representation_is_invalid_nik(subgraph: Subgraph) -> None:
    representations = [
        {"__typename": "Citizen", "nik": "12345"},
        {"__typename": "Citizen", "nik": subgraph.niks[1]},
    ]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"]["_entities"][0] is None
    assert body["data"]["_entities"][1]["nik"] == subgraph.niks[1]
    [error] = body["errors"]
    assert error["path"] == ["_entities", 0] and error["extensions"]["code"] == "INVALID_NIK"


async def test_public_facility_roots_and_facility_entities(subgraph: Subgraph) -> None:
    _, body = await graphql(
        subgraph.client,
        """query ($r: [_Any!]!) {
            one: facility(code: "K3171010201") { name kind }
            none: facility(code: "X") { name }
            jakarta: facilities(regionCode: "31") { code }
            jagakarsa: facilities(regionCode: "31.71.01") { code }
            _entities(representations: $r) { ... on Facility { name region { code } } }
        }""",
        {"r": [{"__typename": "Facility", "code": "P3273010101"}]},
    )
    assert body == {
        "data": {
            "one": {"name": "Klinik Pratama Sehat", "kind": "CLINIC"},
            "none": None,
            "jakarta": [{"code": "K3171010201"}, {"code": "P3171010101"}, {"code": "R3171000001"}],
            "jagakarsa": [{"code": "K3171010201"}, {"code": "P3171010101"}],
            "_entities": [{"name": "Puskesmas Sukajadi", "region": {"code": "327301"}}],
        }
    }


async def test_personal_records_have_no_root_field(subgraph: Subgraph) -> None:
    _, body = await graphql(subgraph.client, "{ __schema { queryType { fields { name } } } }")
    names = {field["name"] for field in body["data"]["__schema"]["queryType"]["fields"]}
    statistics = {"immunizationCoverage", "bpjsCoverage", "immunizationGaps"}  # aggregates only
    assert names == {"_entities", "_service", "facility", "facilities", *statistics}


@pytest.mark.parametrize("count", [1, 100, 1000])
async def test_entities_for_many_citizens_run_one_statement_per_table(subgraph: Subgraph, count: int) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    assert len(entities) == count and all(len(e["health"]["immunizations"]) == 2 for e in entities)
    # One statement per record table; facilities and diagnoses are joined into them.
    assert sorted(subgraph.log.tables()) == [
        "allergy",
        "bpjs_membership",
        "encounter",
        "immunization",
    ], subgraph.log.statements


FACTS = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen { nik missingImmunizationCount pbiJkActive }
  }
}
"""

MEMBERSHIP_REFERENCES = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on BpjsMembershipRef { memberNik cardNumber membership { cardNumber careClass pbi } }
  }
}
"""


@pytest.mark.parametrize("count", [1, 1001])
async def test_outreach_facts_run_one_statement_per_table(subgraph: Subgraph, count: int) -> None:
    """``pbiJkActive``: an active membership the state pays; ``missingImmunizationCount``: 0 from
    the fifth birthday (every sample citizen is older)."""
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, FACTS, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    members = len(subgraph.niks) - 1  # the last has no membership
    assert [e["pbiJkActive"] for e in entities] == [
        n < members and n % 2 == 0 and n % 5 != 0 for n in range(count)
    ]
    assert {e["missingImmunizationCount"] for e in entities} == {0}
    assert sorted(subgraph.log.tables()) == ["bpjs_membership", "immunization"], subgraph.log.statements


async def test_missing_immunizations_of_an_infant(service_dsn: ServiceDsn) -> None:
    today = datetime.date.today()
    infant = make_nik(today - datetime.timedelta(days=400), True, 1)
    newborn = make_nik(today - datetime.timedelta(days=10), False, 2)

    async def fill(conn: asyncpg.Connection) -> list[str]:
        await conn.executemany("insert into facility values ($1, $2, $3, $4)", FACILITIES)
        await conn.executemany(
            "insert into immunization (nik, vaccine, dose, given_on, facility_code)"
            " values ($1, $2, 1, $3, $4)",
            [(infant, "HB-0", today - datetime.timedelta(days=399), FACILITIES[0][0]),
             (infant, "BCG", today - datetime.timedelta(days=360), FACILITIES[0][0])],
        )  # fmt: skip
        return [infant, newborn]

    async with running_subgraph("health", await service_dsn("health"), fill) as running:
        representations = [{"__typename": "Citizen", "nik": nik} for nik in running.niks]
        _, body = await graphql(running.client, FACTS, {"representations": representations})
    # due by 400 days (with 30 days' grace): HB-0 to MR 1, eleven doses; two were given
    assert body["data"]["_entities"] == [
        {"nik": infant, "missingImmunizationCount": 9, "pbiJkActive": False},
        {"nik": newborn, "missingImmunizationCount": 0, "pbiJkActive": False},
    ]


async def test_a_membership_reference_resolves_only_the_members_own(subgraph: Subgraph) -> None:
    """A premium payment's reference to a BPJS membership (docs/payments.md): null unless the
    card is the named member's (docs/access.md, "Reference entities")."""
    mine, other = subgraph.niks[0], subgraph.niks[1]
    representations = [
        {"__typename": "BpjsMembershipRef", "memberNik": mine, "cardNumber": "0000000000001"},
        {"__typename": "BpjsMembershipRef", "memberNik": other, "cardNumber": "0000000000001"},
    ]
    status, body = await graphql(subgraph.client, MEMBERSHIP_REFERENCES, {"representations": representations})
    assert status == 200 and "errors" not in body
    assert [e["membership"] for e in body["data"]["_entities"]] == [
        {"cardNumber": "0000000000001", "careClass": 1, "pbi": True},
        None,
    ]


async def test_membership_references_of_1000_citizens_cost_one_statement(subgraph: Subgraph) -> None:
    representations = [
        {"__typename": "BpjsMembershipRef", "memberNik": nik, "cardNumber": f"{n + 1:013d}"}
        for n, nik in enumerate(subgraph.niks[:1000])
    ]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, MEMBERSHIP_REFERENCES, {"representations": representations})
    assert status == 200 and "errors" not in body
    assert all(e["membership"] is not None for e in body["data"]["_entities"])
    assert len(subgraph.log.statements) == 1, subgraph.log.statements
