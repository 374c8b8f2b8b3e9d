"""The gap view through the whole system (docs/social.md, "The gap view"): a social office with a
``SOCIAL_OUTREACH`` mandate for three regencies sends one query over social, identity, health and
education through the gateway; the citizens it finds eligible but not served are exactly those a
brute-force SQL computation over the same seeded databases finds, for each of its regions, and
every citizen read is in the access trail. Any other regency is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from spbe.gaps import IMMUNIZATION_SCHEDULE, OUTREACH_GAPS, GapKind, find_gaps
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_mandate
from tests.integration.system import System, start_system

CITIZENS = 2500
CATEGORIES = ("identity", "social", "health", "education")
SCOPES = ("social:outreach", "social:read", "identity:read", "health:read", "education:read")


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
        yield World(system, key, regions)


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
        answer = {gap.nik: set(gap.kinds) for gap in find_gaps(candidates, on)}
        expected = await _brute_force(system, region, on)
        assert answer == expected, region
        assert expected, f"no gap in {region}: the comparison would be vacuous"
        every_kind |= {kind for kinds in expected.values() for kind in kinds}
        trail = await system.trail(response.request_id)
        read = {(r["subject_nik"], r["category"]) for r in trail if r["decision"] == "ALLOW"}
        assert read == {(c["nik"], category) for c in candidates for category in CATEGORIES}
        assert {(r["basis"], r["purpose"], r["operation_name"]) for r in trail} == {
            ("MANDATE", "SOCIAL_OUTREACH", "OutreachGaps")
        }
    assert len(every_kind) >= 2  # each kind alone: tests/spbe/test_gaps.py


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
