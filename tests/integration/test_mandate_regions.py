"""Regional mandates through the whole sealed system (docs/access.md, "Regional mandates";
docs/social.md, "Outreach"), as an attacker holding a district or regency office's key would try:
list another region's poorest households, read a citizen of another region by NIK, read a
neighbouring district, use a revoked or expired mandate. Every mandate here is KEMENSOS's, each
under a purpose of its own so the scenarios do not see each other's mandates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from spbe.gaps import OUTREACH_GAPS
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_mandate
from tests.integration.system import System, start_system

pytestmark = pytest.mark.slow

CATEGORIES = ("identity", "social", "health", "education")
SCOPES = ("social:outreach", "social:read", "identity:read", "health:read", "education:read")
PURPOSES = ("REGENCY_A", "DISTRICT_D", "NATIONWIDE", "REVOKED_A", "EXPIRED_A")
READ = "query Read($nik: String!) { citizen(nik: $nik) { nik fullName social { household { decile } } } }"
READ_MANY = "query ReadMany($niks: [String!]!) { citizens(niks: $niks) { nik fullName } }"


@dataclass
class World:
    system: System
    key: str
    regency_a: str
    regency_b: str
    district_d: str  # in regency A
    district_e: str  # in regency A, the neighbour of D
    of_b: list[str]  # citizens living in regency B
    of_d: list[str]  # living in district D
    of_e: list[str]  # living in district E
    moved_into_d: str  # registered elsewhere (its NIK says so), living in D now
    moved_out_of_d: str  # registered in D, living in E now


async def _living(system: System, region: str, count: int, *, registered: str | None = None) -> list[str]:
    rows = await system.db["identity"].fetch(
        "select nik from citizen where starts_with(village_code, $1) and deceased_on is null"
        " and starts_with(nik, $2) order by nik limit $3",
        region, registered or "", count,
    )  # fmt: skip
    return [row["nik"] for row in rows]


async def _move(system: System, nik: str, to_district: str) -> None:
    """A move recorded by Dukcapil: the citizen keeps their NIK, their village changes."""
    village = await system.db["identity"].fetchval(
        "select code from region where parent_code = $1 order by code limit 1", to_district
    )
    await system.db["identity"].execute("update citizen set village_code = $2 where nik = $1", nik, village)


@pytest.fixture(scope="module")
async def world(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    tmp: Path = tmp_path_factory.mktemp("regions")
    async with start_system(module_service_dsn, tmp, citizens=1200, seed=11) as system:
        consent = system.db["consent"]
        for purpose in PURPOSES:
            await consent.execute("insert into purpose values ($1, 'Uji wilayah', 'Region test')", purpose)
        poor = await system.db["social"].fetch(
            "select substr(h.village_code, 1, 4) as regency, substr(h.village_code, 1, 6) as district,"
            " count(*) as n from household h join household_member m on m.kk = h.kk where h.decile <= 4"
            " group by 1, 2 order by n desc, 2"
        )
        regency_a, district_d = poor[0]["regency"], poor[0]["district"]
        regency_b, regency_c = [r["regency"] for r in poor if r["regency"] != regency_a][:2]
        district_e = await system.db["identity"].fetchval(
            "select code from region where parent_code = $1 and code <> $2 order by code limit 1",
            regency_a, district_d,
        )  # fmt: skip
        # the seeded population is thin (a district or so per regency): people move into E from C
        of_d = await _living(system, district_d, 4, registered=district_d)
        of_e = await _living(system, regency_c, 4)
        for nik in of_e:
            await _move(system, nik, district_e)
        moved_into_d, moved_out_of_d = of_e.pop(), of_d.pop()
        await _move(system, moved_into_d, district_d)
        await _move(system, moved_out_of_d, district_e)
        world = World(
            system=system,
            key=await system.key("KEMENSOS", SCOPES),
            regency_a=regency_a,
            regency_b=regency_b,
            district_d=district_d,
            district_e=district_e,
            of_b=await _living(system, regency_b, 3),
            of_d=of_d,
            of_e=of_e,
            moved_into_d=moved_into_d,
            moved_out_of_d=moved_out_of_d,
        )
        assert world.of_b and len(world.of_d) == 3 and len(world.of_e) == 3
        for purpose, regions, revoked, expired in (
            ("REGENCY_A", [regency_a], False, False),
            ("DISTRICT_D", [district_d], False, False),
            ("NATIONWIDE", [], False, False),
            ("REVOKED_A", [regency_a], True, False),
            ("EXPIRED_A", [regency_a], False, True),
        ):
            await add_mandate(
                consent, agency="KEMENSOS", categories=CATEGORIES, purpose=purpose, regions=regions,
                revoked=revoked, expired=expired,
            )  # fmt: skip
        yield world


async def _outreach(world: World, region: str, purpose: str) -> Any:
    return await world.system.ask(OUTREACH_GAPS, {"regionCode": region}, key=world.key, purpose=purpose)


async def _decisions(world: World, niks: list[str], purpose: str) -> dict[str, str]:
    """Each citizen's identity decision through ``citizens(niks:)``: "ALLOW" or the denial's
    reason, checked against the error the client got and the trail."""
    response = await world.system.ask(READ_MANY, {"niks": niks}, key=world.key, purpose=purpose)
    assert response.status == 200
    got = {c["nik"]: c["fullName"] for c in response.data["citizens"]}
    trail = {r["subject_nik"]: r for r in await world.system.trail(response.request_id)}
    assert set(trail) == set(niks) and {r["category"] for r in trail.values()} == {"identity"}
    reasons = {(e["path"][1], e["extensions"]["reason"]) for e in response.errors}
    found: dict[str, str] = {}
    for n, nik in enumerate(niks):
        entry = trail[nik]
        if entry["decision"] == "ALLOW":
            assert got[nik] is not None and entry["basis"] == "MANDATE"
            found[nik] = "ALLOW"
        else:
            assert got[nik] is None and (n, entry["reason"]) in reasons
            found[nik] = entry["reason"]
    return found


async def test_outreach_for_another_regency_is_refused_and_lists_nothing(world: World) -> None:
    response = await _outreach(world, world.regency_b, "REGENCY_A")
    assert response.status == 200 and response.data == {"outreachCandidates": None}
    [error] = response.errors
    assert error["extensions"]["code"] == "FORBIDDEN" and "region rule" in error["message"]
    assert await world.system.trail(response.request_id) == []  # nobody listed, nobody read
    own = await _outreach(world, world.regency_a, "REGENCY_A")
    assert own.errors == [] and own.data["outreachCandidates"]
    trail = await world.system.trail(own.request_id)
    assert {(r["decision"], r["basis"]) for r in trail} == {("ALLOW", "MANDATE")}
    assert len(trail) == len(own.data["outreachCandidates"]) * len(CATEGORIES)


async def test_a_citizen_of_another_regency_is_denied_by_nik(world: World) -> None:
    nik = world.of_b[0]
    response = await world.system.ask(READ, {"nik": nik}, key=world.key, purpose="REGENCY_A")
    assert response.data["citizen"] == {"nik": nik, "fullName": None, "social": None}
    assert {e["extensions"]["code"] for e in response.errors} == {"CONSENT_REQUIRED"}
    assert {e["extensions"]["reason"] for e in response.errors} == {"MANDATE_OUT_OF_REGION"}
    assert all("MANDATE_OUT_OF_REGION" in e["message"] and nik not in e["message"] for e in response.errors)
    trail = await world.system.trail(response.request_id)
    assert {(r["category"], r["decision"], r["basis"], r["reason"]) for r in trail} == {
        ("identity", "DENY", "NONE", "MANDATE_OUT_OF_REGION"),
        ("social", "DENY", "NONE", "MANDATE_OUT_OF_REGION"),
    }
    mixed = [world.of_d[0], *world.of_b]
    assert await _decisions(world, mixed, "REGENCY_A") == {
        world.of_d[0]: "ALLOW", **{nik: "MANDATE_OUT_OF_REGION" for nik in world.of_b}
    }


async def test_a_district_mandate_reaches_its_district_not_the_neighbouring_one(world: World) -> None:
    decided = await _decisions(world, [*world.of_d, *world.of_e], "DISTRICT_D")
    assert decided == {
        **{nik: "ALLOW" for nik in world.of_d},
        **{nik: "MANDATE_OUT_OF_REGION" for nik in world.of_e},
    }
    assert (await _outreach(world, world.district_d, "DISTRICT_D")).data["outreachCandidates"]
    for region in (world.district_e, world.regency_a):  # nor the regency around it
        refused = await _outreach(world, region, "DISTRICT_D")
        assert refused.data == {"outreachCandidates": None}
        assert [e["extensions"]["code"] for e in refused.errors] == ["FORBIDDEN"]


async def test_where_a_citizen_lives_decides_not_the_district_in_the_nik(world: World) -> None:
    assert world.moved_into_d[:6] != world.district_d and world.moved_out_of_d[:6] == world.district_d
    assert await _decisions(world, [world.moved_into_d, world.moved_out_of_d], "DISTRICT_D") == {
        world.moved_into_d: "ALLOW",
        world.moved_out_of_d: "MANDATE_OUT_OF_REGION",
    }


async def test_a_national_mandate_reaches_every_region(world: World) -> None:
    niks = [*world.of_b, *world.of_d, *world.of_e]
    assert set((await _decisions(world, niks, "NATIONWIDE")).values()) == {"ALLOW"}
    listed = await _outreach(world, world.regency_b, "NATIONWIDE")
    assert listed.errors == [] and listed.data["outreachCandidates"]


@pytest.mark.parametrize("purpose", ["REVOKED_A", "EXPIRED_A"])
async def test_a_revoked_or_expired_regional_mandate_denies(world: World, purpose: str) -> None:
    assert await _decisions(world, world.of_d[:2], purpose) == {nik: "NO_CONSENT" for nik in world.of_d[:2]}
    refused = await _outreach(world, world.regency_a, purpose)
    assert refused.data == {"outreachCandidates": None}
    assert [e["extensions"]["code"] for e in refused.errors] == ["FORBIDDEN"]
    assert await world.system.trail(refused.request_id) == []


PUPILS = "query Pupils($npsn: String!) { school(npsn: $npsn) { npsn currentStudents { nik } } }"


async def test_a_school_s_pupils_are_listed_only_under_a_mandate_covering_it(world: World) -> None:
    """``School.currentStudents`` holds to the region rule with the school's district as the region
    (docs/subgraphs.md, "Pupil lists"): a mandate for the school's regency or a national one lists
    the pupils, one for another regency or another category does not, and nothing is recorded."""
    system = world.system
    school = await system.db["education"].fetchrow(
        "select s.npsn, s.region_code from school s join enrollment e on e.npsn = s.npsn"
        " where e.status = 'ACTIVE' group by 1, 2 order by count(*) desc, 1 limit 1"
    )
    assert school is not None
    npsn, regency = school["npsn"], school["region_code"][:4]
    elsewhere = world.regency_b if world.regency_b != regency else world.regency_a
    consent = system.db["consent"]
    for purpose, categories, regions in (
        ("PUPILS_REGENCY", ("education",), [regency]),
        ("PUPILS_ELSEWHERE", ("education",), [elsewhere]),
        ("PUPILS_OTHER_CATEGORY", ("identity", "social", "health"), [regency]),
    ):
        await consent.execute("insert into purpose values ($1, 'Uji sekolah', 'School test')", purpose)
        await add_mandate(consent, agency="KEMENSOS", categories=categories, purpose=purpose, regions=regions)
    for purpose in ("PUPILS_REGENCY", "NATIONWIDE"):
        listed = await system.ask(PUPILS, {"npsn": npsn}, key=world.key, purpose=purpose)
        assert listed.errors == [] and listed.data["school"]["currentStudents"], purpose
    for purpose in ("PUPILS_ELSEWHERE", "PUPILS_OTHER_CATEGORY", "REVOKED_A"):
        refused = await system.ask(PUPILS, {"npsn": npsn}, key=world.key, purpose=purpose)
        assert refused.data == {"school": {"npsn": npsn, "currentStudents": None}}, purpose
        assert refused.codes() == {("school", "currentStudents"): "FORBIDDEN"}, purpose
        assert await system.trail(refused.request_id) == [], purpose
