"""Aggregate statistics (docs/statistics.md) over the seeded synthetic population (spbe.seed).

Every published number equals a count made here in Python over the same rows (NIK → region and age
decoded independently of the SQL functions); every cell with a count below 10 is suppressed; no
answer leaves exactly one hidden cell in a row or column whose total is published; the rankings
leave Java and Bali out; the guards are in each subgraph's SDL.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import asyncpg
import httpx
import pytest

from spbe.seed import seed_population
from subgraphs.app import SERVICES, create_app
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import graphql, make_nik, serve
from tests.subgraphs.test_guards import service_sdl

CITIZENS = 6000

#: The Java and Bali provinces (left out of immunizationGaps).
JAVA_BALI = {"31", "32", "33", "34", "35", "36", "51"}

CELL = "regionCode level ageBand numerator denominator rate suppressed"

Key = tuple[str, str | None]  # (region code, age band or None for all ages)
Table = dict[Key, tuple[int | None, int | None]]


def age_of(nik: str, today: datetime.date) -> int:
    """Completed years on ``today``, read from the NIK's DDMMYY (day + 40 for women)."""
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    day = day - 40 if day > 40 else day
    year = 2000 + yy
    if datetime.date(year, month, day) > today:
        year -= 100
    return today.year - year - ((month, day) > (today.month, today.day))


def five_year(age: int) -> str:
    return "75+" if age >= 75 else f"{age // 5 * 5}-{age // 5 * 5 + 4}"


def adult_band(age: int) -> str:
    return "17-19" if age < 20 else five_year(age)


def school_band(age: int) -> str:
    return "7-12" if age <= 12 else "13-15" if age <= 15 else "16-18"


def count(
    people: Iterable[str],
    counted: set[str],
    band: Callable[[int], str],
    keep: Callable[[int], bool],
    today: datetime.date,
    *,
    numerator: bool = True,
    denominator: bool = True,
) -> Table:
    """The expected table: every province and regency, in total and by band."""
    num: Counter[Key] = Counter()
    den: Counter[Key] = Counter()
    for nik in people:
        age = age_of(nik, today)
        if not keep(age):
            continue
        for region in (nik[:2], nik[:4]):
            for key in ((region, None), (region, band(age))):
                den[key] += 1
                num[key] += nik in counted
    return {key: (num[key] if numerator else None, den[key] if denominator else None) for key in den}


async def column(dsn: str, sql: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return [row[0] for row in await conn.fetch(sql)]
    finally:
        await conn.close()


@pytest.fixture(scope="module")
async def seeded(module_service_dsn: ServiceDsn) -> AsyncIterator[dict[str, str]]:
    dsns = {service: await module_service_dsn(service) for service in SERVICES}
    await seed_population(dsns, citizens=CITIZENS, seed=11)
    yield dsns


@pytest.fixture(scope="module")
async def expected(seeded: dict[str, str]) -> dict[str, Table]:
    """Each measure counted in Python from the raw rows."""
    today = datetime.date.today()
    health = seeded["health"]
    known = set()
    for table in ("bpjs_membership", "immunization", "encounter", "allergy"):
        known |= set(await column(health, f"select nik from {table}"))
    immunized = set(await column(health, "select nik from immunization"))
    active = set(await column(health, "select nik from bpjs_membership where active"))
    education = seeded["education"]
    pupils = set()
    for table in ("student", "enrollment", "certificate"):
        pupils |= set(await column(education, f"select nik from {table}"))
    enrolled = set(await column(education, "select nik from enrollment where status = 'ACTIVE'"))
    licensed = set(await column(seeded["police"], "select nik from driving_licence where status = 'ACTIVE'"))
    living = await column(seeded["identity"], "select nik from citizen where deceased_on is null")
    social = seeded["social"]
    poor = await column(
        social, "select m.nik from household_member m join household h on h.kk = m.kk where h.decile <= 4"
    )
    pbi_jk = set(
        await column(social, "select nik from benefit where programme = 'PBI_JK' and status = 'ACTIVE'")
    )
    pkh = set(await column(social, "select kk from benefit where programme = 'PKH' and status = 'ACTIVE'"))
    in_pkh = [r for r in await column(social, "select nik || kk from household_member") if r[16:] in pkh]
    pip = set(await column(social, "select nik from benefit where programme = 'PIP' and status = 'ACTIVE'"))
    pkh_children = [r[:16] for r in in_pkh]
    return {
        "adultsWithoutPbiJk": count(poor, set(poor) - pbi_jk, adult_band, lambda a: a >= 18, today),
        "pkhChildrenWithoutPip": count(
            pkh_children, set(pkh_children) - pip, school_band, lambda a: 7 <= a <= 18, today
        ),
        "immunizationCoverage": count(known, immunized, str, lambda a: a < 5, today),
        "bpjsCoverage": count(known, active, five_year, lambda a: True, today),
        "schoolEnrollment": count(pupils, enrolled, school_band, lambda a: 7 <= a <= 18, today),
        "drivingLicencesPer1000Adults": count(
            licensed, licensed, adult_band, lambda a: a >= 17, today, denominator=False
        ),
        "adultsByRegion": count(living, set(), adult_band, lambda a: a >= 17, today, numerator=False),
    }


MEASURES = {
    "immunizationCoverage": "health",
    "bpjsCoverage": "health",
    "schoolEnrollment": "education",
    "drivingLicencesPer1000Adults": "police",
    "adultsByRegion": "identity",
    "adultsWithoutPbiJk": "social",
    "pkhChildrenWithoutPip": "social",
}


async def ask(client: httpx.AsyncClient, field: str, region: str | None) -> list[dict[str, Any]]:
    query = f"query ($r: String) {{ {field}(regionCode: $r, ageBands: true) {{ {CELL} }} }}"
    status, body = await graphql(client, query, {"r": region})
    assert status == 200 and "errors" not in body, body
    cells: list[dict[str, Any]] = body["data"][field]
    return cells


def check_cells(cells: list[dict[str, Any]], table: Table, level: str) -> None:
    """Published numbers equal the Python count; small counts are hidden."""
    for cell in cells:
        assert cell["level"] == level
        num, den = table[(cell["regionCode"], cell["ageBand"])]
        small = any(v is not None and v < 10 for v in (num, den))
        if cell["suppressed"]:
            assert cell["numerator"] is cell["denominator"] is cell["rate"] is None
        else:
            assert not small, cell
            assert (cell["numerator"], cell["denominator"]) == (num, den), cell
            if num is not None and den is not None:
                assert cell["rate"] == pytest.approx(num / den)
        if small:
            assert cell["suppressed"], cell
    # every region and band with anybody in it is in the answer
    regions = {c["regionCode"] for c in cells}
    assert {(r, b) for r, b in table if r in regions} == {(c["regionCode"], c["ageBand"]) for c in cells}


def hidden_alone(groups: dict[Any, list[dict[str, Any]]]) -> list[Any]:
    """Groups (a published total and its parts) with exactly one cell hidden: a leak."""
    return [key for key, group in groups.items() if sum(c["suppressed"] for c in group) == 1]


@pytest.mark.parametrize("field", list(MEASURES))
async def test_cells_equal_an_independent_count_and_suppression_holds(
    seeded: dict[str, str], expected: dict[str, Table], field: str
) -> None:
    table = expected[field]
    app = create_app(MEASURES[field], seeded[MEASURES[field]])
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        provinces = await ask(client, field, None)
        check_cells(provinces, table, "PROVINCE")
        assert any(not c["suppressed"] for c in provinces), "nothing published: the test is vacuous"
        # the most populous province, and one with hidden cells, down to their regencies
        totals = [c for c in provinces if c["ageBand"] is None]
        biggest = max(totals, key=lambda c: max(v or 0 for v in table[(c["regionCode"], None)]))
        chosen = [biggest["regionCode"], *sorted({c["regionCode"] for c in provinces if c["suppressed"]})[:3]]
        for province in chosen:
            regencies = await ask(client, field, province)
            check_cells(regencies, table, "REGENCY")
            by_band: dict[str | None, list[dict[str, Any]]] = {}
            for cell in regencies + [c for c in provinces if c["regionCode"] == province]:
                by_band.setdefault(cell["ageBand"], []).append(cell)
            assert hidden_alone(by_band) == [], province  # a province's cell = the sum of its regencies'
            # a regency asked alone answers the cells it has in its province's answer
            first = regencies[0]["regionCode"]
            assert await ask(client, field, first) == [c for c in regencies if c["regionCode"] == first]
        # within each region, the bands add up to the region's total
        by_region: dict[str, list[dict[str, Any]]] = {}
        for cell in provinces:
            by_region.setdefault(cell["regionCode"], []).append(cell)
        assert hidden_alone(by_region) == []


async def test_suppression_hides_small_regencies(seeded: dict[str, str], expected: dict[str, Table]) -> None:
    table = expected["immunizationCoverage"]
    small = [key for key, (num, den) in table.items() if len(key[0]) == 4 and (num or 0) < 10]
    assert small, "no small cells: the test is vacuous"
    app = create_app("health", seeded["health"])
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        region, _ = small[0]
        cells = await ask(client, "immunizationCoverage", region)
    assert [c["regionCode"] for c in cells] and all(c["regionCode"] == region for c in cells)
    assert cells[0]["ageBand"] is None and cells[0]["suppressed"]


async def test_immunization_gaps_rank_published_regencies_outside_java_and_bali(
    service_dsn: ServiceDsn,
) -> None:
    """Hand-made: the seeded population is too small for regency cells outside Java to reach 10."""
    dsn = await service_dsn("health")
    today = datetime.date.today()
    children = {  # district: (children under five, of whom immunized)
        "317101": (30, 12),  # Jakarta Selatan: the lowest rate, but Java
        "737101": (20, 18),  # Makassar
        "647101": (15, 10),  # Balikpapan
        "110101": (14, 11),  # Aceh Selatan: published alone, but hidden with its neighbour
        "110201": (5, 2),  # Aceh Tenggara: too small
        "510101": (12, 10),  # Bali
    }
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("insert into facility values ('F1', 'Puskesmas', 'PUSKESMAS', '317101')")
        for district, (kids, immunized) in children.items():
            for n in range(kids):
                nik = make_nik(
                    today - datetime.timedelta(days=100 + 300 * (n % 5)), n % 2 == 1, n + 1, district
                )
                if n < immunized:
                    await conn.execute(
                        "insert into immunization (nik, vaccine, dose, given_on, facility_code)"
                        " values ($1, 'BCG', 1, $2, 'F1')",
                        nik,
                        today,
                    )
                else:
                    await conn.execute(
                        "insert into allergy (nik, substance, reaction, severity, recorded_on)"
                        " values ($1, 'peanut', 'rash', 'MILD', $2)",
                        nik,
                        today,
                    )
    finally:
        await conn.close()
    app = create_app("health", dsn)
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        status, body = await graphql(client, f"{{ immunizationGaps {{ {CELL} }} }}")
        _, one = await graphql(client, f"{{ immunizationGaps(limit: 1) {{ {CELL} }} }}")
        _, bad = await graphql(client, "{ immunizationGaps(limit: 0) { regionCode } }")
        aceh = await ask(client, "immunizationCoverage", "11")
    assert status == 200 and "errors" not in body, body
    gaps = body["data"]["immunizationGaps"]
    assert [(c["regionCode"], c["numerator"], c["denominator"]) for c in gaps] == [
        ("6471", 10, 15),
        ("7371", 18, 20),
    ]
    assert gaps[0]["rate"] == pytest.approx(10 / 15) and not gaps[0]["suppressed"]
    assert one["data"]["immunizationGaps"] == gaps[:1]
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
    # Aceh Selatan alone would pass the threshold, but Aceh's total minus it gives Aceh Tenggara away
    assert {c["regionCode"]: c["suppressed"] for c in aceh if c["ageBand"] is None} == {
        "1101": True,
        "1102": True,
    }


@pytest.mark.parametrize("code", ["3", "317101", "31710110011"])
async def test_region_codes_below_regencies_are_refused(seeded: dict[str, str], code: str) -> None:
    app = create_app("police", seeded["police"])
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        _, body = await graphql(
            client,
            "query ($r: String) { drivingLicencesPer1000Adults(regionCode: $r) { regionCode } }",
            {"r": code},
        )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_REGION_CODE"


@pytest.mark.parametrize(("field", "service"), [*MEASURES.items(), ("immunizationGaps", "health")])
def test_statistics_roots_require_the_statistics_scope(field: str, service: str) -> None:
    lines = [line for line in service_sdl(service).splitlines() if line.strip().startswith(f"{field}(")]
    assert len(lines) == 1
    assert lines[0].endswith('@requiresScopes(scopes: [["statistics:read"]])')
    assert "@policy" not in lines[0]  # no consent: no person is visible


@pytest.mark.parametrize(
    ("gap", "field"),
    [("ADULTS_WITHOUT_PBI_JK", "adultsWithoutPbiJk"), ("PKH_CHILDREN_WITHOUT_PIP", "pkhChildrenWithoutPip")],
)
async def test_social_gap_ranking_ranks_published_regencies_and_flags_outside_java_bali(
    seeded: dict[str, str], expected: dict[str, Table], gap: str, field: str
) -> None:
    table = expected[field]
    query = """query ($gap: SocialGap!, $limit: Int!) { socialGapRanking(gap: $gap, limit: $limit) {
        rank regionCode provinceCode outsideJavaBali numerator denominator rate } }"""
    app = create_app("social", seeded["social"])
    async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        _, body = await graphql(client, query, {"gap": gap, "limit": 100})
        _, bad = await graphql(client, query, {"gap": gap, "limit": 101})
        published = {
            c["regionCode"]
            for province in {r[:2] for r, _ in table if len(r) == 4}
            for c in await ask(client, field, province)
            if c["ageBand"] is None and not c["suppressed"]
        }
    ranking = body["data"]["socialGapRanking"]
    if gap == "ADULTS_WITHOUT_PBI_JK":  # (too few PKH children per regency in 6,000 citizens to publish)
        assert ranking, "nothing ranked: the test is vacuous"
    assert len(published) > 100 or {r["regionCode"] for r in ranking} == published
    assert [r["rank"] for r in ranking] == list(range(1, len(ranking) + 1))
    rates = [r["rate"] for r in ranking]
    assert rates == sorted(rates, reverse=True)
    for r in ranking:
        assert (r["numerator"], r["denominator"]) == table[(r["regionCode"], None)]
        assert r["provinceCode"] == r["regionCode"][:2]
        assert r["outsideJavaBali"] == (r["provinceCode"] not in JAVA_BALI)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
