"""The gap view through the whole system (docs/social.md, "The gap view"): a social office with a
``SOCIAL_OUTREACH`` mandate for three regencies sends one query over social, identity, health and
education through the gateway; the gaps social serves (``Citizen.outreachGaps``, decided from
health's and education's facts fetched through ``@requires``) are exactly those a brute-force SQL
computation over the same seeded databases finds, for each of its regions, and every citizen and
category read is in the access trail. Without a mandate for health, the health gaps are undecided,
never absent. Any other regency is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from spbe.gaps import OUTREACH_GAPS, GapKind, read_gaps
from subgraphs.health.schedule import IMMUNIZATION_SCHEDULE
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_mandate
from tests.integration.system import System, start_system

CITIZENS = 2500
CATEGORIES = ("identity", "social", "health", "education")
SCOPES = ("social:outreach", "social:read", "identity:read", "health:read", "education:read")
#: A purpose KEMENSOS holds a mandate for without the health category.
WITHOUT_HEALTH = "OUTREACH_WITHOUT_HEALTH"
HEALTH_GAPS = {GapKind.MISSING_IMMUNIZATION, GapKind.NO_PBI_JK}


@dataclass
class World:
    system: System
    key: str
    regions: list[str]


@pytest.fixture(scope="module")
async def world(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    tmp: Path = tmp_path_factory.mktemp("gaps")
    async with start_system(module_service_dsn, tmp, citizens=CITIZENS, seed=9) as system:
        await system.db["consent"].execute(
            "insert into purpose (code, text_id, text_en)"
            " values ('SOCIAL_OUTREACH', 'Jemput bola', 'Outreach')"
        )
        await system.db["consent"].execute(
            "insert into purpose (code, text_id, text_en) values ($1, 'Tanpa kesehatan', 'No health')",
            WITHOUT_HEALTH,
        )
        key = await system.key("KEMENSOS", SCOPES)
        rows = await system.db["social"].fetch(
            "select substr(h.village_code, 1, 4) as regency, count(*) as n from household h"
            " join household_member m on m.kk = h.kk where h.decile <= 4"
            " group by 1 order by n desc, 1 limit 4"
        )
        regions = [r["regency"] for r in rows]
        await add_mandate(
            system.db["consent"], agency="KEMENSOS", categories=CATEGORIES, purpose="SOCIAL_OUTREACH",
            regions=regions[:3],
        )  # fmt: skip
        await add_mandate(
            system.db["consent"], agency="KEMENSOS", categories=[c for c in CATEGORIES if c != "health"],
            purpose=WITHOUT_HEALTH, regions=regions[:3],
        )  # fmt: skip
        yield World(system, key, regions)


async def _ages(system: System, region: str, on: dt.date) -> dict[str, int]:
    """The ages on ``on`` of the members of the decile 1-4 households of ``region`` (identity's
    birth dates)."""
    members = await system.db["social"].fetch(
        "select m.nik from household h join household_member m on m.kk = h.kk"
        " where starts_with(h.village_code, $1) and h.decile <= 4",
        region,
    )
    births = await system.db["identity"].fetch(
        "select nik, birth_date from citizen where nik = any($1::text[])", [m["nik"] for m in members]
    )
    return {r["nik"]: _age(r["birth_date"], on) for r in births}


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


async def _brute_force(system: System, region: str, on: dt.date) -> dict[str, set[GapKind]]:
    """The gaps of ``region`` on ``on`` straight from the databases, without the gateway."""
    db = system.db
    members = await db["social"].fetch(
        "select m.nik, h.kk from household h join household_member m on m.kk = h.kk"
        " where starts_with(h.village_code, $1) and h.decile <= 4",
        region,
    )
    niks = [m["nik"] for m in members]
    births = {r["nik"]: r["birth_date"] for r in await db["identity"].fetch(
        "select nik, birth_date from citizen where nik = any($1::text[]) and deceased_on is null", niks
    )}  # fmt: skip
    ages = {n: on.year - b.year - ((on.month, on.day) < (b.month, b.day)) for n, b in births.items()}
    pkh = {r["kk"] for r in await db["social"].fetch(
        "select kk from benefit where programme = 'PKH' and status = 'ACTIVE' and kk is not null"
    )}  # fmt: skip
    pip = {r["nik"] for r in await db["social"].fetch(
        "select nik from benefit where programme = 'PIP' and status = 'ACTIVE'"
        " and nik = any($1::text[])",
        niks,
    )}  # fmt: skip
    enrolled = {r["nik"] for r in await db["education"].fetch(
        "select nik from enrollment where status = 'ACTIVE' and nik = any($1::text[])", niks
    )}  # fmt: skip
    covered = {r["nik"] for r in await db["health"].fetch(
        "select nik from bpjs_membership where active and pbi and nik = any($1::text[])", niks
    )}  # fmt: skip
    infants = [n for n in niks if ages[n] < 5]
    schedule = ", ".join(f"('{v}', {d}, {days})" for v, d, days in IMMUNIZATION_SCHEDULE)
    missing = {r["nik"] for r in await db["health"].fetch(
        f"""select distinct c.nik from unnest($1::text[], $2::date[]) as c(nik, birth)
            cross join (values {schedule}) as s(vaccine, dose, due)
            where $3::date - c.birth >= s.due + 30
              and not exists (select 1 from immunization i
                              where i.nik = c.nik and i.vaccine = s.vaccine and i.dose = s.dose)""",
        infants, [births[n] for n in infants], on,
    )}  # fmt: skip
    found: dict[str, set[GapKind]] = {}
    for m in members:
        nik, age, kinds = m["nik"], ages[m["nik"]], set()
        if 7 <= age <= 18 and nik not in enrolled:
            kinds.add(GapKind.OUT_OF_SCHOOL)
        if 7 <= age <= 18 and m["kk"] in pkh and nik not in pip:
            kinds.add(GapKind.PKH_CHILD_WITHOUT_PIP)
        if nik in missing:
            kinds.add(GapKind.MISSING_IMMUNIZATION)
        if age >= 18 and nik not in covered:
            kinds.add(GapKind.NO_PBI_JK)
        if kinds:
            found[nik] = kinds
    return found


async def test_gap_view_matches_a_brute_force_computation(world: World) -> None:
    system = world.system
    assert len(world.regions) == 4
    every_kind: set[GapKind] = set()
    for region in world.regions[:3]:
        response = await system.ask(
            OUTREACH_GAPS, {"regionCode": region}, key=world.key, purpose="SOCIAL_OUTREACH"
        )
        assert response.status == 200 and response.errors == [], response.errors
        on = dt.date.today()
        candidates = response.data["outreachCandidates"]
        gaps = read_gaps(candidates)
        answer = {gap.nik: set(gap.kinds) for gap in gaps}
        expected = await _brute_force(system, region, on)
        assert answer == expected, region
        assert all(not gap.undecided and not gap.withheld for gap in gaps)
        assert expected, f"no gap in {region}: the comparison would be vacuous"
        every_kind |= {kind for kinds in expected.values() for kind in kinds}
        trail = await system.trail(response.request_id)
        read = {(r["subject_nik"], r["category"]) for r in trail if r["decision"] == "ALLOW"}
        assert read == {(c["nik"], category) for c in candidates for category in CATEGORIES}
        assert {(r["basis"], r["purpose"], r["operation_name"]) for r in trail} == {
            ("MANDATE", "SOCIAL_OUTREACH", "OutreachGaps")
        }
    assert len(every_kind) >= 2  # each kind alone: tests/spbe/test_gaps.py


async def test_without_a_mandate_for_health_the_health_gaps_are_undecided_not_absent(world: World) -> None:
    system = world.system
    region = world.regions[0]
    response = await system.ask(OUTREACH_GAPS, {"regionCode": region}, key=world.key, purpose=WITHOUT_HEALTH)
    on = dt.date.today()
    candidates = response.data["outreachCandidates"]
    served = {c["nik"]: c["outreachGaps"] for c in candidates}
    assert None not in served.values()  # social was allowed: every citizen is decided
    expected = await _brute_force(system, region, on)
    ages = await _ages(system, region, on)
    for nik, gaps in served.items():
        assert {GapKind(k) for k in gaps["kinds"]} == expected.get(nik, set()) - HEALTH_GAPS, nik
        age = ages[nik]
        undecided = {GapKind.MISSING_IMMUNIZATION} if age < 5 else {GapKind.NO_PBI_JK} if age >= 18 else set()
        assert {GapKind(k) for k in gaps["undecided"]} == undecided, nik
        assert gaps["withheld"] == (["health"] if undecided else [])
    assert any(gaps["undecided"] for gaps in served.values())
    # the denial is told at each withheld fact, with its category; nothing else failed
    paths = {(tuple(e["path"][:2]), e["path"][2], e["extensions"]["code"], e["extensions"]["category"])
             for e in response.errors}  # fmt: skip
    assert paths == {
        (("outreachCandidates", i), fact, "CONSENT_REQUIRED", "health")
        for i in range(len(candidates))
        for fact in ("missingImmunizationCount", "pbiJkActive")
    }
    trail = await system.trail(response.request_id)
    decided = {(r["subject_nik"], r["category"], r["decision"]) for r in trail}
    assert decided == {
        (nik, category, "DENY" if category == "health" else "ALLOW")
        for nik in served
        for category in CATEGORIES
    }


async def test_without_the_mandate_nothing_is_listed_or_read(world: World) -> None:
    system = world.system
    for region, purpose in ((world.regions[0], "BANSOS_ELIGIBILITY"), (world.regions[3], "SOCIAL_OUTREACH")):
        response = await system.ask(OUTREACH_GAPS, {"regionCode": region}, key=world.key, purpose=purpose)
        assert response.data == {"outreachCandidates": None}
        assert [e["extensions"]["code"] for e in response.errors] == ["FORBIDDEN"]
        assert await system.trail(response.request_id) == []


async def test_outreach_needs_the_outreach_scope(world: World) -> None:
    system = world.system
    key = await system.key("KEMENSOS", ("social:read", "identity:read"))
    response = await system.ask(
        OUTREACH_GAPS, {"regionCode": world.regions[0]}, key=key, purpose="SOCIAL_OUTREACH"
    )
    assert response.data is None or response.data.get("outreachCandidates") is None
    assert "UNAUTHORIZED_FIELD_OR_TYPE" in {e["extensions"]["code"] for e in response.errors}


async def test_a_key_without_health_read_learns_no_health_fact_through_the_gaps(world: World) -> None:
    """``outreachGaps`` needs the read scopes of every category it decides from: without
    ``health:read`` it is taken out before planning, and health is not even asked."""
    system = world.system
    key = await system.key("KEMENSOS", tuple(s for s in SCOPES if s != "health:read"))
    response = await system.ask(
        OUTREACH_GAPS, {"regionCode": world.regions[0]}, key=key, purpose="SOCIAL_OUTREACH"
    )
    candidates = response.data["outreachCandidates"]
    assert candidates and all(c["outreachGaps"] is None and c["fullName"] for c in candidates)
    assert {e["extensions"]["code"] for e in response.errors} == {"UNAUTHORIZED_FIELD_OR_TYPE"}
    trail = await system.trail(response.request_id)
    assert {r["category"] for r in trail} == {"identity"}
