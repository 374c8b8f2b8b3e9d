"""Seeding real databases: validity, consistency, determinism and bulk loading (spbe.seed.loader)."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
from collections.abc import Mapping
from typing import Any

import asyncpg
import pytest
from stdnum.id import nik as stdnum_nik

from spbe.seed import AlreadySeededError, SeedReport, is_seeded, seed_population
from spbe.seed.identifiers import add_months
from spbe.seed.loader import MAX_CITIZENS, SERVICES, TABLES
from spbe.seed.population import AS_OF, age_on
from spbe.seed.schooling import school_level
from tests.conftest import ServiceDsn

CITIZENS = 1_500
SEED = 7


class CountingConnection(asyncpg.Connection):
    """Counts every statement the seeder sends, and how many of them are COPYs."""

    statements = 0
    copies = 0

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        CountingConnection.statements += 1
        return await super().execute(*args, **kwargs)

    async def executemany(self, *args: Any, **kwargs: Any) -> Any:
        CountingConnection.statements += 1000  # a row-by-row insert must not pass the test
        return await super().executemany(*args, **kwargs)

    async def fetch(self, *args: Any, **kwargs: Any) -> Any:
        CountingConnection.statements += 1
        return await super().fetch(*args, **kwargs)

    async def fetchval(self, *args: Any, **kwargs: Any) -> Any:
        CountingConnection.statements += 1
        return await super().fetchval(*args, **kwargs)

    async def fetchrow(self, *args: Any, **kwargs: Any) -> Any:
        CountingConnection.statements += 1
        return await super().fetchrow(*args, **kwargs)

    async def copy_records_to_table(self, *args: Any, **kwargs: Any) -> Any:
        CountingConnection.statements += 1
        CountingConnection.copies += 1
        return await super().copy_records_to_table(*args, **kwargs)


async def _databases(make: ServiceDsn) -> dict[str, str]:
    return {service: await make(service) for service in SERVICES}


@pytest.fixture(scope="module")
async def seeded(module_service_dsn: ServiceDsn) -> tuple[dict[str, str], SeedReport]:
    dsns = await _databases(module_service_dsn)
    assert not await is_seeded(dsns)
    CountingConnection.statements = CountingConnection.copies = 0
    stages: list[tuple[str, int, int]] = []
    report = await seed_population(
        dsns,
        citizens=CITIZENS,
        seed=SEED,
        progress=lambda stage, done, total: stages.append((stage, done, total)),
        chunk_size=500,
        connection_class=CountingConnection,
    )
    assert ("citizens", CITIZENS, CITIZENS) in stages
    return dsns, report


async def _fetch(dsn: str, query: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn)
    try:
        return list(await conn.fetch(query))
    finally:
        await conn.close()


async def _citizens(dsns: Mapping[str, str]) -> dict[str, asyncpg.Record]:
    rows = await _fetch(dsns["identity"], "select * from citizen")
    return {r["nik"]: r for r in rows}


async def test_the_requested_number_of_citizens_and_every_table_filled(
    seeded: tuple[dict[str, str], SeedReport],
) -> None:
    dsns, report = seeded
    assert report.rows["citizen"] == CITIZENS == len(await _citizens(dsns))
    for service, tables in TABLES.items():
        for table, _ in tables:
            (row,) = await _fetch(dsns[service], f"select count(*) as n from {table}")
            assert row["n"] == report.rows[table] > 0, table
    assert await is_seeded(dsns)


async def test_loaded_with_copy_in_few_statements(seeded: tuple[dict[str, str], SeedReport]) -> None:
    _, report = seeded
    assert CountingConnection.copies >= len(report.rows)
    assert CountingConnection.statements < 120  # about 15 a database, seven databases
    assert report.total_rows > 100 * CountingConnection.statements


async def test_every_nik_is_valid_and_encodes_birth_date_and_sex(
    seeded: tuple[dict[str, str], SeedReport],
) -> None:
    dsns, _ = seeded
    districts = {r["code"] for r in await _fetch(dsns["identity"], "select code from region where level = 3")}
    serials: dict[str, list[int]] = collections.defaultdict(list)
    for nik, row in (await _citizens(dsns)).items():
        assert len(nik) == 16 and nik.isdigit()
        assert nik[:6] in districts
        born: dt.date = row["birth_date"]
        decoded = stdnum_nik.get_birth_date(nik)
        assert (decoded.day, decoded.month, decoded.year % 100) == (born.day, born.month, born.year % 100)
        assert (int(nik[6:8]) > 40) == (row["sex"] == "FEMALE")
        if nik[:2] not in ("65", "92", "93", "94", "95", "96"):  # regions newer than stdnum's list
            assert stdnum_nik.is_valid(nik), nik
        assert nik[:6] == row["village_code"][:6]
        serials[nik[:12]].append(int(nik[12:]))
    for numbers in serials.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


async def test_families_are_sane(seeded: tuple[dict[str, str], SeedReport]) -> None:
    dsns, _ = seeded
    families = {r["kk"]: r for r in await _fetch(dsns["identity"], "select * from family")}
    members: dict[str, list[asyncpg.Record]] = collections.defaultdict(list)
    for row in (await _citizens(dsns)).values():
        members[row["kk"]].append(row)
        assert row["village_code"] == families[row["kk"]]["village_code"]
        if row["marital_status"] != "SINGLE":
            assert age_on(row["birth_date"], AS_OF) >= 16
    assert set(members) == set(families)
    sizes = [len(m) for m in members.values()]
    assert 2.5 < sum(sizes) / len(sizes) < 4.5
    for kk, group in members.items():
        assert kk[:6] == families[kk]["village_code"][:6]
        heads = [m for m in group if m["family_relation"] == "HEAD"]
        assert len(heads) == 1
        living_spouses = [m for m in group if m["family_relation"] == "SPOUSE" and m["deceased_on"] is None]
        assert len(living_spouses) <= 1
        for spouse in living_spouses:
            assert spouse["sex"] != heads[0]["sex"]
            assert heads[0]["marital_status"] == spouse["marital_status"] == "MARRIED"
        parents = heads + living_spouses
        for child in (m for m in group if m["family_relation"] == "CHILD"):
            assert all((child["birth_date"] - p["birth_date"]).days > 14 * 365 for p in parents)
            assert child["marital_status"] == "SINGLE"
        for dead in (m for m in group if m["deceased_on"] is not None):
            assert dead["birth_date"] < dead["deceased_on"] <= AS_OF
            if dead["family_relation"] in ("HEAD", "SPOUSE"):  # a late parent's children came before
                for child in (m for m in group if m["family_relation"] == "CHILD"):
                    assert (child["birth_date"] - dead["deceased_on"]).days < 300


async def test_pupils_attend_the_level_their_age_implies(seeded: tuple[dict[str, str], SeedReport]) -> None:
    dsns, _ = seeded
    citizens = await _citizens(dsns)
    schools = {r["npsn"]: r for r in await _fetch(dsns["education"], "select * from school")}
    active = await _fetch(dsns["education"], "select * from enrollment where status = 'ACTIVE'")
    assert active
    pupils = set()
    for e in active:
        age = age_on(citizens[e["nik"]]["birth_date"], AS_OF)
        expected = school_level(age)
        assert expected is not None
        assert (e["level"] if e["level"] != "SMK" else "SMA", e["grade"]) == expected
        assert schools[e["npsn"]]["level"] == e["level"]
        if e["level"] != "UNIVERSITY":
            assert schools[e["npsn"]]["region_code"] == e["nik"][:6]
        pupils.add(e["nik"])
    school_age = [n for n, c in citizens.items() if 7 <= age_on(c["birth_date"], AS_OF) <= 12]
    assert sum(n in pupils for n in school_age) / len(school_age) > 0.9
    students = {r["nik"]: r["nisn"] for r in await _fetch(dsns["education"], "select * from student")}
    assert pupils <= set(students)
    assert all(len(nisn) == 10 for nisn in students.values())
    for c in await _fetch(dsns["education"], "select * from certificate"):
        assert c["year"] <= AS_OF.year
        assert c["year"] - citizens[c["nik"]]["birth_date"].year >= 11


async def test_police_records_are_believable(seeded: tuple[dict[str, str], SeedReport]) -> None:
    dsns, _ = seeded
    citizens = await _citizens(dsns)
    adults = [n for n, c in citizens.items() if age_on(c["birth_date"], AS_OF) >= 17 and not c["deceased_on"]]
    skck = await _fetch(dsns["police"], "select * from clearance_certificate")
    assert skck
    for s in skck:
        assert s["expires_on"] == add_months(s["issued_on"], 6)
        assert age_on(citizens[s["nik"]]["birth_date"], s["issued_on"]) >= 17
    licences = await _fetch(dsns["police"], "select * from driving_licence")
    classes = collections.Counter(r["class"] for r in licences)
    assert classes["C"] > classes["A"] > 0
    for r in licences:
        assert age_on(citizens[r["nik"]]["birth_date"], r["issued_on"]) >= 17
        assert (r["status"] == "EXPIRED") == (r["expires_on"] <= AS_OF)
    vehicles = collections.Counter(
        r["kind"] for r in await _fetch(dsns["police"], "select kind from vehicle")
    )
    assert vehicles["MOTORCYCLE"] > 3 * vehicles["CAR"] > 0
    assert 0.3 < vehicles["MOTORCYCLE"] / len(adults) < 1.0


async def test_bpjs_covers_about_95_percent(seeded: tuple[dict[str, str], SeedReport]) -> None:
    dsns, _ = seeded
    citizens = await _citizens(dsns)
    members = await _fetch(dsns["health"], "select * from bpjs_membership")
    alive = [n for n, c in citizens.items() if c["deceased_on"] is None]
    covered = {m["nik"] for m in members}
    assert 0.92 < sum(n in covered for n in alive) / len(alive) < 0.98
    assert 0.33 < sum(m["pbi"] for m in members) / len(members) < 0.47
    for m in members:
        assert len(m["card_number"]) == 13 and m["card_number"].isdigit()
        assert m["care_class"] == 3 or not m["pbi"]
        assert not (m["active"] and citizens[m["nik"]]["deceased_on"])


async def test_social_registry_assesses_every_living_family_and_pays_the_poorest(
    seeded: tuple[dict[str, str], SeedReport],
) -> None:
    dsns, _ = seeded
    citizens = await _citizens(dsns)
    households = {r["kk"]: r for r in await _fetch(dsns["social"], "select * from household")}
    members = {r["nik"]: r["kk"] for r in await _fetch(dsns["social"], "select * from household_member")}
    alive = {n: c for n, c in citizens.items() if c["deceased_on"] is None}
    assert members == {n: c["kk"] for n, c in alive.items()}  # the same family cards as identity
    for h in households.values():
        assert 1 <= h["decile"] <= 10 and dt.date(2025, 4, 1) <= h["assessed_on"] <= AS_OF
    poor = {kk for kk, h in households.items() if h["decile"] <= 4}
    assert 0.20 < len(poor) / len(households) < 0.32  # about a quarter
    benefits = await _fetch(dsns["social"], "select * from benefit")
    by_kk = [b for b in benefits if b["kk"] is not None]
    assert {b["programme"] for b in by_kk} == {"PKH", "SEMBAKO", "BLT"}
    inside = sum(b["kk"] in poor for b in by_kk) / len(by_kk)
    assert 0.9 < inside < 1.0  # a few inclusion errors (deciles 5-6)
    sembako = {b["kk"] for b in by_kk if b["programme"] == "SEMBAKO"}
    assert 0.75 < len(sembako & poor) / len(poor) < 0.93  # and exclusion errors
    pip = [b for b in benefits if b["programme"] == "PIP"]
    assert pip and all(7 <= age_on(citizens[b["nik"]]["birth_date"], AS_OF) <= 18 for b in pip)
    pbi = {
        r["nik"]: r["active"] for r in await _fetch(dsns["health"], "select * from bpjs_membership where pbi")
    }
    pbi_jk = {b["nik"]: b["status"] == "ACTIVE" for b in benefits if b["programme"] == "PBI_JK"}
    assert pbi_jk == {n: active for n, active in pbi.items() if n in alive}  # social agrees with health
    paid = await _fetch(
        dsns["social"], "select b.amount, sum(d.amount) as paid, count(*) as n from disbursement d "
        "join benefit b on b.id = d.benefit_id group by b.id, b.amount"
    )  # fmt: skip
    assert paid and all(row["paid"] <= row["amount"] for row in paid)


async def test_civil_servants_at_the_national_rate_with_nips_that_encode_them(
    seeded: tuple[dict[str, str], SeedReport],
) -> None:
    dsns, _ = seeded
    citizens = await _citizens(dsns)
    servants = await _fetch(dsns["civilservice"], "select * from civil_servant")
    agencies = {r["code"] for r in await _fetch(dsns["civilservice"], "select code from government_agency")}
    assert 0.012 < len(servants) / len(citizens) < 0.03  # BKN: 5.58 million in 282 million, about 2%
    assert 0.2 < sum(s["kind"] == "PPPK" for s in servants) / len(servants) < 0.5
    for s in servants:
        citizen = citizens[s["nik"]]
        born, female = citizen["birth_date"], citizen["sex"] == "FEMALE"
        assert citizen["deceased_on"] is None and 20 <= age_on(born, AS_OF) <= 58
        assert s["nip"][:8] == f"{born:%Y%m%d}" and s["nip"][8:14] == f"{s['appointed_on']:%Y%m}"
        assert s["nip"][14] == ("2" if female else "1")
        assert age_on(born, s["appointed_on"]) >= 19 and s["appointed_on"] <= AS_OF
        assert s["agency_code"] in agencies
        if s["agency_code"].startswith("D"):
            assert s["agency_code"][1:] == s["nik"][:4]  # their own regency's government


async def test_every_payments_reference_resolves_in_the_seeded_databases(
    seeded: tuple[dict[str, str], SeedReport],
) -> None:
    """A payment's record number is the holder's SIM, SKCK or BPJS card, in police's and health's
    own databases (docs/payments.md), so every reference the gateway follows finds its record."""
    dsns, _ = seeded
    payments = await _fetch(dsns["payments"], "select * from payment")
    assert payments
    owners = {
        **{(r["nik"], r["number"]): "SIM"
           for r in await _fetch(dsns["police"], "select * from driving_licence")},
        **{(r["nik"], r["number"]): "SKCK"
           for r in await _fetch(dsns["police"], "select * from clearance_certificate")},
        **{(r["nik"], r["card_number"]): "BPJS_PREMIUM"
           for r in await _fetch(dsns["health"], "select * from bpjs_membership")},
    }  # fmt: skip
    linked = [p for p in payments if p["record_number"] is not None]
    assert all(owners[(p["nik"], p["record_number"])] == p["kind"].removesuffix("_NEW").removesuffix(
        "_RENEWAL") for p in linked)
    assert sum(1 for kind in owners.values() if kind != "BPJS_PREMIUM") == sum(
        1 for p in linked if p["kind"] != "BPJS_PREMIUM")
    assert {p["status"] for p in payments} == {"PAID", "PENDING", "EXPIRED"}


async def test_some_adults_activated_their_digital_id(seeded: tuple[dict[str, str], SeedReport]) -> None:
    dsns, _ = seeded
    citizens = await _citizens(dsns)
    ikd = await _fetch(dsns["identity"], "select * from digital_id")
    adults = [
        c for c in citizens.values() if age_on(c["birth_date"], AS_OF) >= 17 and c["deceased_on"] is None
    ]
    assert 0.05 < len(ikd) / len(adults) < 0.2
    for row in ikd:
        citizen = citizens[row["nik"]]
        assert citizen["deceased_on"] is None and age_on(citizen["birth_date"], AS_OF) >= 17
        assert dt.date(2022, 6, 1) <= row["activated_on"] <= AS_OF
    assert {r["device_class"] for r in ikd} == {"ANDROID", "IOS"}


async def test_health_records_fit_age_and_sex(seeded: tuple[dict[str, str], SeedReport]) -> None:
    dsns, _ = seeded
    citizens = await _citizens(dsns)
    shots = await _fetch(dsns["health"], "select * from immunization")
    assert {"BCG", "POLIO", "DPT-HB-Hib", "MR"} <= {s["vaccine"] for s in shots}
    for s in shots:
        born = citizens[s["nik"]]["birth_date"]
        assert born <= s["given_on"] <= AS_OF
        if (s["vaccine"], s["dose"]) == ("MR", 1):
            assert 270 <= (s["given_on"] - born).days <= 290
    encounters = await _fetch(dsns["health"], "select nik, occurred_on, diagnosis_code from encounter")
    assert len({e["diagnosis_code"] for e in encounters}) > 30
    for e in encounters:
        citizen = citizens[e["nik"]]
        assert citizen["birth_date"] <= e["occurred_on"] <= AS_OF
        if e["diagnosis_code"].startswith("O"):
            assert citizen["sex"] == "FEMALE"


async def test_every_service_refers_to_the_same_citizens(seeded: tuple[dict[str, str], SeedReport]) -> None:
    dsns, _ = seeded
    niks = set(await _citizens(dsns))
    for service, tables in TABLES.items():
        if service == "identity":
            continue
        for table, columns in tables:
            if "nik" in columns:
                referenced = {
                    r["nik"]
                    for r in await _fetch(
                        dsns[service], f"select distinct nik from {table} where nik is not null"
                    )
                }
                assert referenced and referenced <= niks, table


async def _digest(dsns: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for service, tables in TABLES.items():
        for table, _ in tables:
            (row,) = await _fetch(
                dsns[service],
                f"select md5(string_agg(t::text, E'\\n' order by t::text)) as d from {table} t",
            )
            out[table] = row["d"]
    return out


async def test_same_seed_same_rows_other_seed_other_rows(
    seeded: tuple[dict[str, str], SeedReport], service_dsn: ServiceDsn
) -> None:
    first, _ = seeded
    again, other = await _databases(service_dsn), await _databases(service_dsn)
    await asyncio.gather(
        seed_population(again, citizens=CITIZENS, seed=SEED, chunk_size=300),
        seed_population(other, citizens=CITIZENS, seed=SEED + 1),
    )
    expected = await _digest(first)
    assert await _digest(again) == expected
    differing = {t for t, d in (await _digest(other)).items() if d != expected[t]}
    assert differing >= {"citizen", "family", "encounter", "vehicle", "school"}
    assert "region" not in differing and "diagnosis" not in differing
    with pytest.raises(AlreadySeededError):
        await seed_population(other, citizens=CITIZENS, seed=SEED)
    await seed_population(other, citizens=CITIZENS, seed=SEED, reset=True)
    assert await _digest(other) == expected


@pytest.mark.parametrize("citizens", [0, MAX_CITIZENS + 1])
async def test_population_size_outside_the_numbering_space_is_refused(citizens: int) -> None:
    dsns = {service: "postgresql://unused/never" for service in SERVICES}
    with pytest.raises(ValueError, match="between 1 and"):
        await seed_population(dsns, citizens=citizens, seed=1)


async def test_a_missing_service_database_is_named() -> None:
    with pytest.raises(ValueError, match="police"):
        await seed_population({"identity": "x", "health": "x", "education": "x"}, citizens=10, seed=1)


class FailingConnection(asyncpg.Connection):
    """Fails the COPY into ``vehicle``, half-way through a run."""

    async def copy_records_to_table(self, table_name: str, **kwargs: Any) -> Any:
        if table_name == "vehicle":
            raise asyncpg.DataError("simulated failure")
        return await super().copy_records_to_table(table_name, **kwargs)


async def test_a_failed_copy_stops_the_run_and_leaves_nothing(service_dsn: ServiceDsn) -> None:
    dsns = await _databases(service_dsn)
    with pytest.raises(asyncpg.DataError, match="simulated"):
        await asyncio.wait_for(
            seed_population(
                dsns, citizens=5_000, seed=1, chunk_size=1_000, connection_class=FailingConnection
            ),
            timeout=120,
        )
    for service, tables in TABLES.items():
        for table, _ in tables:
            (row,) = await _fetch(dsns[service], f"select count(*) as n from {table}")
            assert row["n"] == 0, table
    assert not await is_seeded(dsns)


async def test_a_failed_reset_keeps_the_previous_population(service_dsn: ServiceDsn) -> None:
    dsns = await _databases(service_dsn)
    await seed_population(dsns, citizens=300, seed=2)
    before = await _digest(dsns)
    with pytest.raises(asyncpg.DataError, match="simulated"):
        await seed_population(dsns, citizens=300, seed=3, reset=True, connection_class=FailingConnection)
    assert await _digest(dsns) == before


async def test_a_population_without_the_newer_services_is_not_seeded(service_dsn: ServiceDsn) -> None:
    """Databases seeded before social and civilservice existed hold no households or agencies:
    not seeded (spbe up then asks for ``spbe seed --reset`` rather than serving empty services)."""
    dsns = await _databases(service_dsn)
    await seed_population(dsns, citizens=300, seed=4)
    assert await is_seeded(dsns)
    for service, table in (("social", "household"), ("civilservice", "government_agency")):
        conn = await asyncpg.connect(dsns[service])
        try:
            names = ", ".join(t for t, _ in TABLES[service])
            await conn.execute(f"truncate {names} cascade")
            await conn.execute("drop table seed_generation")  # as if never seeded
        finally:
            await conn.close()
        assert not await is_seeded(dsns), table
        await seed_population(dsns, citizens=300, seed=4, reset=True)
