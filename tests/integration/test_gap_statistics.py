"""The gaps across services counted for ``statistics:read`` through the whole sealed system
(docs/statistics.md, "Gaps across services", "Gap ranking").

One query through the gateway: identity lists the regions, social gives each province's cohort as
pseudonyms (a hidden field), education and health count against it. Every published cell equals
a brute-force count made here straight on the seeded databases (NIK decoded in Python, no
pseudonyms); small cells are hidden and no hidden cell can be had back by subtracting the other
cells of the answer; the ranking covers all four gaps; callers without the scope get nothing; the
cohort can be neither selected nor reached through ``_entities``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from subgraphs.common.birth import birth_date
from subgraphs.health.schedule import due_doses
from tests.conftest import ServiceDsn
from tests.integration.system import System, start_system
from tests.subgraphs.harness import make_nik

CITIZENS = 3000
#: Hand-made decile 1-4 families added to the seeded population, so that some regencies reach the
#: threshold (a few thousand synthetic citizens spread over 514 regencies leave every regency cell
#: small): district -> (children 7-18, of whom not enrolled; under-fives, of whom not fully immunized).
CLUSTERS = {
    "737101": (40, 14, 30, 12),  # Makassar
    "647101": (35, 10, 25, 10),  # Balikpapan
    "327301": (45, 11, 28, 15),  # Bandung
    "327101": (12, 3, 6, 2),  # Bogor: small, hidden, and its province must not give it away
}
CELL = "regionCode level ageBand numerator denominator rate suppressed"
FIELDS = {"outOfSchoolChildren": "schoolAgeCohort", "underFivesMissingImmunization": "underFiveCohort"}
QUERY = f"""query GapStatistics($code: String!) {{
  region(code: $code) {{
    code
    outOfSchoolChildren(ageBands: true) {{ {CELL} }}
    underFivesMissingImmunization(ageBands: true) {{ {CELL} }}
  }}
}}"""
PROVINCES = f"""{{ regions {{
  code
  outOfSchoolChildren(ageBands: true) {{ {CELL} }}
  underFivesMissingImmunization(ageBands: true) {{ {CELL} }}
}} }}"""
RANKING = """query ($gap: GapKind!) { gapRanking(gap: $gap) { gap regencies(limit: 100) {
  rank regionCode provinceCode outsideJavaBali numerator denominator rate } } }"""
JAVA_BALI = {"31", "32", "33", "34", "35", "36", "51"}

Key = tuple[str, str | None]
Table = dict[Key, tuple[int, int]]


@dataclass
class World:
    system: System
    key: str
    expected: dict[str, Table]


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _school_band(age: int) -> str:
    return "7-12" if age <= 12 else "13-15" if age <= 15 else "16-18"


def _count(people: Iterable[tuple[str, str]], gap: Callable[[str], bool]) -> Table:
    """Every province and regency, in total and by band: (with the gap, everybody)."""
    num: Counter[Key] = Counter()
    den: Counter[Key] = Counter()
    for nik, band in people:
        for key in ((nik[:2], None), (nik[:2], band), (nik[:4], None), (nik[:4], band)):
            den[key] += 1
            num[key] += gap(nik)
    return {key: (num[key], den[key]) for key in den}


async def _add_clusters(system: System, on: dt.date) -> None:
    """:data:`CLUSTERS` into social (decile 2 households), education (ACTIVE enrollments) and
    health (every dose due, for the immunized)."""
    db = system.db
    npsn = await db["education"].fetchval("select npsn from school order by npsn limit 1")
    facility = await db["health"].fetchval("select code from facility order by code limit 1")
    for district, (children, out, infants, missing) in CLUSTERS.items():
        village = district + "2001"
        people = [
            (make_nik(on - dt.timedelta(days=365 * (7 + n % 12) + 40), n % 2 == 1, 9000 + n, district), gap)
            for n, gap in ((n, n < out) for n in range(children))
        ] + [
            (make_nik(on - dt.timedelta(days=400 + 300 * (n % 4)), n % 2 == 1, 9500 + n, district), gap)
            for n, gap in ((n, n < missing) for n in range(infants))
        ]
        for n, (nik, gap) in enumerate(people):
            kk = f"{district}99{n // 4:08d}"
            if n % 4 == 0:
                await db["social"].execute(
                    "insert into household values ($1, 2, $2, $3)", kk, on - dt.timedelta(days=90), village
                )
            await db["social"].execute("insert into household_member values ($1, $2)", nik, kk)
            born = birth_date(nik, on)
            assert born is not None
            if _age(born, on) >= 7 and not gap:
                await db["education"].execute(
                    "insert into enrollment (nik, npsn, level, grade, started_on, status)"
                    " values ($1, $2, 'SD', 1, $3, 'ACTIVE')",
                    nik, npsn, on - dt.timedelta(days=100),
                )  # fmt: skip
            elif _age(born, on) < 5:
                doses = sorted(due_doses(born, on))
                for vaccine, dose in doses[1:] if gap else doses:  # the missing lack one dose
                    await db["health"].execute(
                        "insert into immunization (nik, vaccine, dose, given_on, facility_code)"
                        " values ($1, $2, $3, $4, $5)",
                        nik, vaccine, dose, on - dt.timedelta(days=10), facility,
                    )  # fmt: skip


async def _brute_force(system: System, on: dt.date) -> dict[str, Table]:
    """Both measures straight from the seeded databases: NIKs, no pseudonyms, no SQL of ours."""
    db = system.db
    poor = [r["nik"] for r in await db["social"].fetch(
        "select m.nik from household_member m join household h on h.kk = m.kk where h.decile <= 4"
    )]  # fmt: skip
    born = {nik: birth_date(nik, on) for nik in poor}
    enrolled = {r["nik"] for r in await db["education"].fetch(
        "select nik from enrollment where status = 'ACTIVE'"
    )}  # fmt: skip
    given: dict[str, set[tuple[str, int]]] = {}
    for r in await db["health"].fetch("select nik, vaccine, dose from immunization"):
        given.setdefault(r["nik"], set()).add((r["vaccine"], r["dose"]))
    children = [(n, _school_band(_age(b, on))) for n, b in born.items() if b and 7 <= _age(b, on) <= 18]
    infants = [(n, str(_age(b, on))) for n, b in born.items() if b and _age(b, on) < 5]

    def missing(nik: str) -> bool:
        birth = born[nik]
        assert birth is not None
        return bool(set(due_doses(birth, on)) - given.get(nik, set()))

    return {
        "outOfSchoolChildren": _count(children, lambda nik: nik not in enrolled),
        "underFivesMissingImmunization": _count(infants, missing),
    }


@pytest.fixture(scope="module")
async def world(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    tmp: Path = tmp_path_factory.mktemp("gapstats")
    async with start_system(module_service_dsn, tmp, citizens=CITIZENS, seed=13) as system:
        key = await system.key("KEMENSOS", ("statistics:read",))
        await _add_clusters(system, dt.date.today())
        yield World(system, key, await _brute_force(system, dt.date.today()))


def _check(cells: list[dict[str, Any]], table: Table) -> None:
    """Published numbers equal the brute-force count; small counts are hidden."""
    for cell in cells:
        num, den = table[(cell["regionCode"], cell["ageBand"])]
        assert cell["level"] == ("PROVINCE" if len(cell["regionCode"]) == 2 else "REGENCY")
        if cell["suppressed"]:
            assert cell["numerator"] is cell["denominator"] is cell["rate"] is None
        else:
            assert num >= 10 and den >= 10, cell
            assert (cell["numerator"], cell["denominator"]) == (num, den), cell
            assert cell["rate"] == pytest.approx(num / den)


def _recoverable(cells: list[dict[str, Any]]) -> list[Any]:
    """The equations of an answer (a province = its regencies, in total and in each band; a region
    = its bands) in which exactly one cell is hidden: that cell is the total minus the others."""
    by_key = {(c["regionCode"], c["ageBand"]): c for c in cells}
    groups: dict[Any, list[dict[str, Any]]] = {}
    for (region, band), cell in by_key.items():
        if len(region) == 4 and (region[:2], band) in by_key:
            groups.setdefault(("province", region[:2], band), [by_key[(region[:2], band)]]).append(cell)
        if band is not None:
            groups.setdefault(("bands", region), [by_key[(region, None)]]).append(cell)
    return [key for key, group in groups.items() if sum(c["suppressed"] for c in group) == 1]


async def test_every_province_and_regency_equals_a_brute_force_count(world: World) -> None:
    system = world.system
    answer = await system.ask(PROVINCES, key=world.key)
    assert answer.status == 200 and not answer.errors, answer.body
    for field, table in world.expected.items():
        cells = [cell for region in answer.data["regions"] for cell in region[field]]
        # every province and regency with a cohort member, in total and in each band
        assert {(c["regionCode"], c["ageBand"]) for c in cells} == set(table)
        _check(cells, table)
        published = [c for c in cells if not c["suppressed"]]
        assert any(len(c["regionCode"]) == 4 for c in published), f"{field}: no regency published"
        assert any(c["suppressed"] for c in cells), f"{field}: nothing hidden: the test is vacuous"
        assert any(c["numerator"] for c in published), f"{field}: no gap found: the test is vacuous"
        assert _recoverable(cells) == []
        by_key = {(c["regionCode"], c["ageBand"]): c for c in cells}
        # Bogor is small (primary); a large cluster may be hidden too, to protect a neighbour
        assert by_key[("3271", None)]["suppressed"]


async def test_a_province_or_a_regency_answers_its_slice_of_the_same_table(world: World) -> None:
    system = world.system
    table = world.expected["outOfSchoolChildren"]
    provinces = sorted({r for r, _ in table if len(r) == 2}, key=lambda r: -table[(r, None)][1])
    everything = await system.ask(PROVINCES, key=world.key)
    for province in provinces[:3]:
        answer = await system.ask(QUERY, {"code": province}, key=world.key)
        assert not answer.errors, answer.body
        region = answer.data["region"]
        listed = next(r for r in everything.data["regions"] if r["code"] == province)
        for field in FIELDS:
            assert region[field] == listed[field]
            assert region[field][0]["regionCode"] == province
            _check(region[field], world.expected[field])
            assert _recoverable(region[field]) == []
        regency = region["outOfSchoolChildren"][-1]["regionCode"]
        alone = await system.ask(QUERY, {"code": regency[:2] + "." + regency[2:]}, key=world.key)
        assert alone.data["region"]["outOfSchoolChildren"] == [
            c for c in region["outOfSchoolChildren"] if c["regionCode"] == regency
        ]


async def test_below_regencies_is_refused(world: World) -> None:
    district = await world.system.db["identity"].fetchval(
        "select code from region where length(code) = 6 order by code limit 1"
    )
    answer = await world.system.ask(QUERY, {"code": district}, key=world.key)
    assert answer.data["region"]["outOfSchoolChildren"] is None
    assert answer.codes()[("region", "outOfSchoolChildren")] == "INVALID_REGION_CODE"


@pytest.mark.parametrize("gap", ["OUT_OF_SCHOOL", "MISSING_IMMUNIZATION"])
async def test_gap_ranking_ranks_the_published_regencies_across_services(world: World, gap: str) -> None:
    system = world.system
    field = "outOfSchoolChildren" if gap == "OUT_OF_SCHOOL" else "underFivesMissingImmunization"
    everything = await system.ask(PROVINCES, key=world.key)
    published = {
        c["regionCode"]: (c["numerator"], c["denominator"])
        for region in everything.data["regions"]
        for c in region[field]
        if len(c["regionCode"]) == 4 and c["ageBand"] is None and not c["suppressed"] and c["denominator"]
    }
    answer = await system.ask(RANKING, {"gap": gap}, key=world.key)
    assert not answer.errors, answer.body
    ranking = answer.data["gapRanking"]["regencies"]
    assert ranking, "nothing ranked: the test is vacuous"
    expected = sorted(published, key=lambda r: (-published[r][0] / published[r][1], r))[:100]
    assert [r["regionCode"] for r in ranking] == expected
    assert [r["rank"] for r in ranking] == list(range(1, len(ranking) + 1))
    for r in ranking:
        assert (r["numerator"], r["denominator"]) == published[r["regionCode"]]
        assert (r["numerator"], r["denominator"]) == world.expected[field][(r["regionCode"], None)]
        assert r["outsideJavaBali"] == (r["regionCode"][:2] not in JAVA_BALI)


@pytest.mark.parametrize("gap", ["ADULTS_WITHOUT_PBI_JK", "PKH_CHILDREN_WITHOUT_PIP"])
async def test_gap_ranking_covers_the_social_gaps_as_social_gap_ranking_does(world: World, gap: str) -> None:
    system = world.system
    old = await system.ask(
        """query ($gap: SocialGap!) { socialGapRanking(gap: $gap, limit: 100) {
           rank regionCode provinceCode outsideJavaBali numerator denominator rate } }""",
        {"gap": gap},
        key=world.key,
    )
    new = await system.ask(RANKING, {"gap": gap}, key=world.key)
    assert not new.errors and not old.errors, (new.body, old.body)
    assert new.data["gapRanking"]["regencies"] == old.data["socialGapRanking"]


@pytest.mark.parametrize("scopes", [None, ("identity:read", "health:read", "education:read", "social:read")])
async def test_without_the_statistics_scope_nothing_is_counted(
    world: World, scopes: tuple[str, ...] | None
) -> None:
    system = world.system
    key = None if scopes is None else await system.key("KEMENSOS", scopes)
    transport: Any = system.app.transport
    calls = transport.calls
    answer = await system.ask(QUERY, {"code": "32"}, key=key)
    assert transport.calls - calls == 1  # identity's region only: no cohort was even fetched
    assert answer.data["region"]["code"] == "32"  # the public part still answers
    for field in FIELDS:
        assert answer.data["region"][field] is None
        assert answer.codes()[("region", field)] == "UNAUTHORIZED_FIELD_OR_TYPE"
    ranking = await system.ask(RANKING, {"gap": "OUT_OF_SCHOOL"}, key=key)
    assert ranking.data is None or ranking.data["gapRanking"] is None
    assert ranking.codes()[("gapRanking",)] == "UNAUTHORIZED_FIELD_OR_TYPE"


@pytest.mark.parametrize(
    "query",
    [
        '{ region(code: "32") { schoolAgeCohort { members } } }',
        '{ region(code: "32") { underFiveCohort { regencyCode pending } } }',
        '{ gapRanking(gap: OUT_OF_SCHOOL) { schoolAgeCohort { members } } }',
        '{ gapRanking(gap: OUT_OF_SCHOOL) { outOfSchoolTotals { numerator } } }',
        '{ _entities(representations: [{__typename: "Region", code: "32"}]) '
        "{ ... on Region { schoolAgeCohort { members } } } }",
    ],
    ids=["school-age cohort", "under-five cohort", "ranking cohort", "ranking totals", "_entities"],
)
async def test_the_cohort_cannot_be_selected(world: World, query: str) -> None:
    answer = await world.system.ask(query, key=world.key)
    assert answer.status == 400
    assert answer.data is None
    assert answer.errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_the_cohort_never_reaches_the_caller_and_subgraphs_need_the_signature(world: World) -> None:
    system = world.system
    answer = await system.ask(QUERY, {"code": "32"}, key=world.key)
    text = json.dumps(answer.body)
    assert "Cohort" not in text and "members" not in text and "pending" not in text
    async with httpx.AsyncClient() as client:
        response = await client.post(
            system.subgraphs["social"],
            json={
                "query": '{ _entities(representations: [{__typename: "Region", code: "32"}]) '
                "{ ... on Region { schoolAgeCohort { members } } } }"
            },
        )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
