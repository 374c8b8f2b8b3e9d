"""The social subgraph over real HTTP and a real, freshly migrated database."""

from __future__ import annotations

import datetime
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.access.caller import Caller, CallerKind, MandateScope
from gateway.access.seal import CALLER_HEADER, encode_caller
from subgraphs.app import create_app
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import Subgraph, graphql, make_nik, running_subgraph, sample_niks, serve

GOLDEN = Path(__file__).with_name("social.graphql")

EVERYTHING = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen {
      nik
      social {
        household { kk decile assessedOn village { code } }
        benefits {
          programme recipient periodStart periodEnd amount status
          disbursements { paidOn channel amount }
        }
      }
    }
  }
}
"""

OUTREACH = (
    "query ($code: String!, $decile: Int) "
    "{ outreachCandidates(regionCode: $code, maxDecile: $decile) { nik } }"
)

Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def social_office(
    *regions: str, categories: tuple[str, ...] = ("social",), purpose: str | None = "X"
) -> Caller:
    """A social office's key with one mandate (national unless ``regions``), as the gateway signs it."""
    return Caller(
        kind=CallerKind.AGENCY, agency="KEMENSOS", key_id="k1", scopes=frozenset({"social:outreach"}),
        purpose=purpose, mandates=(MandateScope(categories=frozenset(categories), regions=regions),),
    )  # fmt: skip


async def outreach(
    subgraph: Subgraph, variables: dict[str, Any], caller: Caller | None = None
) -> tuple[int, dict[str, Any]]:
    """``OUTREACH`` as ``caller`` (a national social mandate by default); the unsigned test app
    believes the caller header as it is."""
    response = await subgraph.client.post(
        "/graphql",
        json={"query": OUTREACH, "variables": variables},
        headers={CALLER_HEADER: encode_caller(caller or social_office())},
    )
    return response.status_code, response.json()


def _kk(n: int) -> str:
    return f"3171{n:012d}"


async def _insert(conn: asyncpg.Connection, niks: list[str]) -> None:
    """Households of two: the first decile 2 (PKH + Sembako, PIP for the second member), the
    rest decile 7 in another district; the last citizen is in no household at all."""
    members = niks[:-1]
    households = [(_kk(n // 2), n // 2) for n in range(0, len(members), 2)]
    await conn.copy_records_to_table(
        "household",
        records=[
            (
                kk,
                2 if n % 2 == 0 else 7,
                datetime.date(2025, 6, 1),
                "3171011001" if n % 2 == 0 else "3171021002",
            )
            for kk, n in households
        ],
        columns=["kk", "decile", "assessed_on", "village_code"],
    )
    await conn.copy_records_to_table(
        "household_member",
        records=[(nik, _kk(i // 2)) for i, nik in enumerate(members)],
        columns=["nik", "kk"],
    )
    poor = [kk for kk, n in households if n % 2 == 0]
    benefits: list[tuple[object, ...]] = [("PKH", kk, None, *Q1, 750_000, "ACTIVE") for kk in poor]
    benefits += [("SEMBAKO", kk, None, *Q1, 600_000, "ACTIVE") for kk in poor]
    benefits += [
        (
            "PIP",
            None,
            members[4 * n + 1],
            datetime.date(2026, 1, 1),
            datetime.date(2026, 12, 31),
            450_000,
            "ACTIVE",
        )
        for n in range(len(poor))
    ]
    await conn.copy_records_to_table(
        "benefit",
        records=benefits,
        columns=["programme", "kk", "nik", "period_start", "period_end", "amount", "status"],
    )
    ids = await conn.fetch("select id, programme, amount from benefit order by id")
    await conn.copy_records_to_table(
        "disbursement",
        records=[
            (
                row["id"],
                datetime.date(2026, 3, 20),
                "POS_INDONESIA" if row["programme"] == "SEMBAKO" else "HIMBARA_BANK",
                row["amount"],
            )
            for row in ids
        ],
        columns=["benefit_id", "paid_on", "channel", "amount"],
    )


async def _fill(conn: asyncpg.Connection) -> list[str]:
    niks = sample_niks(1001)
    await _insert(conn, niks)
    return niks


@pytest.fixture(scope="module")
async def subgraph(module_service_dsn: ServiceDsn) -> AsyncIterator[Subgraph]:
    async with running_subgraph("social", await module_service_dsn("social"), _fill) as running:
        yield running


async def test_service_sdl_matches_the_golden_file(subgraph: Subgraph) -> None:
    status, body = await graphql(subgraph.client, "{ _service { sdl } }")
    assert status == 200
    assert body["data"]["_service"]["sdl"].strip() == GOLDEN.read_text().strip()


async def test_household_and_benefits_through_entities(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:2]]
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    household = {"kk": _kk(0), "decile": 2, "assessedOn": "2025-06-01", "village": {"code": "3171011001"}}
    pkh = {
        "programme": "PKH", "recipient": "HOUSEHOLD", "periodStart": "2026-01-01", "periodEnd": "2026-03-31",
        "amount": 750000, "status": "ACTIVE",
        "disbursements": [{"paidOn": "2026-03-20", "channel": "HIMBARA_BANK", "amount": 750000}],
    }  # fmt: skip
    sembako = {
        **pkh, "programme": "SEMBAKO", "amount": 600000,
        "disbursements": [{"paidOn": "2026-03-20", "channel": "POS_INDONESIA", "amount": 600000}],
    }  # fmt: skip
    pip = {
        "programme": "PIP", "recipient": "MEMBER", "periodStart": "2026-01-01", "periodEnd": "2026-12-31",
        "amount": 450000, "status": "ACTIVE",
        "disbursements": [{"paidOn": "2026-03-20", "channel": "HIMBARA_BANK", "amount": 450000}],
    }  # fmt: skip
    first, second = body["data"]["_entities"]
    assert first == {"nik": subgraph.niks[0], "social": {"household": household, "benefits": [pkh, sembako]}}
    assert second["social"] == {"household": household, "benefits": [pip, pkh, sembako]}


async def test_citizen_outside_the_registry_has_an_empty_record(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[-1]}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"]["_entities"] == [
        {"nik": subgraph.niks[-1], "social": {"household": None, "benefits": []}}
    ]


async def test_malformed_nik_representation_is_invalid_nik(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": "31710117084500"}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"] == {"_entities": [None]}
    assert body["errors"][0]["extensions"]["code"] == "INVALID_NIK"


async def test_outreach_lists_the_members_of_poor_households_of_a_region(subgraph: Subgraph) -> None:
    members = subgraph.niks[:-1]
    poor = sorted(nik for i, nik in enumerate(members) if (i // 2) % 2 == 0)
    status, body = await outreach(subgraph, {"code": "31.71.01"})
    assert status == 200 and "errors" not in body
    assert [c["nik"] for c in body["data"]["outreachCandidates"]] == poor[:1000]
    _, rich = await outreach(subgraph, {"code": "317102", "decile": 6})
    assert rich["data"]["outreachCandidates"] == []
    _, everyone = await outreach(subgraph, {"code": "3171021002", "decile": 10})
    assert len(everyone["data"]["outreachCandidates"]) == len(members) - len(poor)


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"code": "31"}, "INVALID_REGION_CODE"),
        ({"code": "31x1"}, "INVALID_REGION_CODE"),
        ({"code": "3171", "decile": 0}, "INVALID_ARGUMENT"),
        ({"code": "3171", "decile": 11}, "INVALID_ARGUMENT"),
    ],
)
async def test_outreach_refuses_bad_arguments(
    subgraph: Subgraph, variables: dict[str, object], code: str
) -> None:
    status, body = await outreach(subgraph, variables)
    assert status == 200
    assert body["data"] == {"outreachCandidates": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]


@pytest.mark.parametrize(
    ("caller", "code"),
    [
        (social_office("3171"), "317101"),  # a regency's mandate covers its districts
        (social_office("317101"), "3171011001"),  # and a district's its villages
        (social_office("31"), "3171"),
        (social_office("3172", "317101"), "317101"),  # one of several regions
    ],
)
async def test_outreach_lists_a_region_its_mandate_covers(
    subgraph: Subgraph, caller: Caller, code: str
) -> None:
    status, body = await outreach(subgraph, {"code": code}, caller)
    assert status == 200 and "errors" not in body and body["data"]["outreachCandidates"]


@pytest.mark.parametrize(
    ("caller", "code"),
    [
        (social_office("317102"), "317101"),  # the neighbouring district
        (social_office("317101"), "3171"),  # a district's mandate does not reach its whole regency
        (social_office("3172"), "31.71.01"),
        (social_office(categories=("identity", "health")), "317101"),  # no mandate for social data
        (social_office(purpose=None), "317101"),  # no purpose: no mandate applies
        (Caller(kind=CallerKind.AGENCY, agency="KEMENSOS", scopes=frozenset({"social:outreach"})), "317101"),
        (
            Caller(kind=CallerKind.CITIZEN, citizen="3171011701160997", scopes=frozenset({"citizen"})),
            "317101",
        ),
        (Caller(kind=CallerKind.ANONYMOUS), "317101"),
    ],
)
async def test_outreach_refuses_a_region_no_mandate_covers(
    subgraph: Subgraph, caller: Caller, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    subgraph.log.clear()
    with caplog.at_level(logging.WARNING, logger="subgraphs.social"):
        status, body = await outreach(subgraph, {"code": code}, caller)
    assert f"outreach refused: region {code.replace('.', '')}, {caller.kind.value}" in caplog.text
    assert status == 200 and body["data"] == {"outreachCandidates": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN" and "region rule" in error["message"]
    assert not any("household" in statement for statement in subgraph.log.statements)  # nothing read


@pytest.mark.parametrize("count", [1, 100, 1000])
async def test_entities_for_many_citizens_run_one_statement_per_table(subgraph: Subgraph, count: int) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    assert len(entities) == count and all(e["social"]["household"] for e in entities[: min(count, 1000)])
    # households: household_member joined to household; benefits: benefit with its disbursements
    assert len(subgraph.log.statements) == 2, subgraph.log.statements
    households, benefits = sorted(subgraph.log.statements, key=lambda s: "from disbursement" in s)
    assert "from household_member m join household h" in households
    assert "from benefit where" in benefits and "from disbursement" in benefits


async def test_loaders_are_per_request(service_dsn: ServiceDsn) -> None:
    dsn = await service_dsn("social")
    nik = sample_niks(1)[0]
    query = """query ($r: [_Any!]!) {
        _entities(representations: $r) { ... on Citizen { social { household { decile } } } }
    }"""
    variables = {"r": [{"__typename": "Citizen", "nik": nik}]}
    async with serve(create_app("social", dsn)) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        _, before = await graphql(client, query, variables)
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("insert into household values ($1, 3, '2025-06-01', '3171011001')", _kk(1))
            await conn.execute("insert into household_member values ($1, $2)", nik, _kk(1))
        finally:
            await conn.close()
        _, after = await graphql(client, query, variables)
    assert before["data"]["_entities"] == [{"social": {"household": None}}]
    assert after["data"]["_entities"] == [{"social": {"household": {"decile": 3}}}]


GAPS = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen { nik outreachGaps { kinds undecided withheld } }
  }
}
"""


async def test_outreach_gaps_from_own_records_and_the_facts_in_the_representation(
    service_dsn: ServiceDsn,
) -> None:
    """One decile 3 household receiving PKH: an infant, a pupil without PIP, an adult; a decile 8
    household's adult; each with the facts health and education gave (or ``null``: withheld)."""
    today = datetime.date.today()
    infant = make_nik(today - datetime.timedelta(days=400), False, 1)
    pupil = make_nik(today.replace(year=today.year - 12) - datetime.timedelta(days=1), True, 2)
    adult = make_nik(datetime.date(1990, 5, 5), True, 3)
    rich = make_nik(datetime.date(1991, 6, 6), False, 4)
    outsider = make_nik(datetime.date(1980, 1, 1), False, 9)

    async def fill(conn: asyncpg.Connection) -> list[str]:
        await conn.execute(
            "insert into household values ($1, 3, '2025-06-01', '3171011001'),"
            " ($2, 8, '2025-06-01', '3171011001')",
            _kk(1), _kk(2),
        )  # fmt: skip
        await conn.executemany(
            "insert into household_member values ($1, $2)",
            [(infant, _kk(1)), (pupil, _kk(1)), (adult, _kk(1)), (rich, _kk(2))],
        )
        await conn.execute(
            "insert into benefit (programme, kk, period_start, period_end, amount, status)"
            " values ('PKH', $1, '2026-01-01', '2026-12-31', 3000000, 'ACTIVE')",
            _kk(1),
        )
        return [infant, pupil, adult, rich]

    def rep(nik: str, doses: object, pbi: object, enrolled: object) -> dict[str, object]:
        return {"__typename": "Citizen", "nik": nik, "missingImmunizationCount": doses,
                "pbiJkActive": pbi, "enrolledNow": enrolled}  # fmt: skip

    async with running_subgraph("social", await service_dsn("social"), fill) as running:
        representations = [
            rep(infant, 3, False, False), rep(pupil, 0, False, False), rep(adult, 0, False, None),
            rep(rich, 0, False, False), rep(infant, None, None, None), rep(pupil, None, None, None),
            rep(adult, None, True, "yes"), rep(outsider, 0, False, False),
        ]  # fmt: skip
        running.log.clear()
        status, body = await graphql(running.client, GAPS, {"representations": representations})
        assert len(running.log.statements) == 1, (running.log.statements, body)  # the gap facts, at once
    assert status == 200 and "errors" not in body, body
    gaps = [e["outreachGaps"] for e in body["data"]["_entities"]]
    none: dict[str, list[str]] = {"kinds": [], "undecided": [], "withheld": []}
    assert gaps == [
        {**none, "kinds": ["MISSING_IMMUNIZATION"]},
        {**none, "kinds": ["OUT_OF_SCHOOL", "PKH_CHILD_WITHOUT_PIP"]},
        {**none, "kinds": ["NO_PBI_JK"]},
        none,  # decile 8: not eligible
        {**none, "undecided": ["MISSING_IMMUNIZATION"], "withheld": ["health"]},
        {"kinds": ["PKH_CHILD_WITHOUT_PIP"], "undecided": ["OUT_OF_SCHOOL"], "withheld": ["education"]},
        none,  # "yes" is no Boolean: withheld, but an adult needs only health's fact
        none,  # not in the registry
    ]
