"""SQL of the health subgraph: every lookup takes all keys at once (``= any($1::text[])``).

Implements docs/subgraphs.md, "health" over ``sql/health/``. A record's facility (and an
encounter's ICD-10 diagnosis) is joined into the record's own statement, so a batch of citizens
costs one statement per record table, whatever facilities they visited.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import asyncpg

from subgraphs.common.statistics import (
    FIVE_YEAR_BAND,
    YEAR_BAND,
    as_of_number,
    birth_years,
    statistics_sql,
)

__all__ = [
    "allergies_by_nik",
    "bpjs_coverage",
    "encounters_by_nik",
    "facilities_by_code",
    "facilities_in_region",
    "immunization_coverage",
    "immunizations_by_nik",
    "immunized_in_provinces",
    "memberships_by_member",
    "memberships_by_nik",
]

_FACILITY = (
    "f.code as facility_code, f.name as facility_name, "
    "f.kind as facility_kind, f.region_code as facility_region"
)

_MEMBERSHIPS = f"""
select m.nik, m.card_number, m.care_class, m.pbi, m.active, {_FACILITY}
from bpjs_membership m join facility f on f.code = m.facility_code
where m.nik = any($1::text[])
"""

#: A reference (member, card) finds the membership only when the card is the member's.
_MEMBERSHIPS_BY_MEMBER = f"""
select m.nik, m.card_number, m.care_class, m.pbi, m.active, {_FACILITY}
from unnest($1::text[], $2::text[]) as k(nik, card_number)
join bpjs_membership m on m.card_number = k.card_number and m.nik = k.nik
join facility f on f.code = m.facility_code
"""

_IMMUNIZATIONS = f"""
select i.nik, i.vaccine, i.dose, i.given_on, {_FACILITY}
from immunization i join facility f on f.code = i.facility_code
where i.nik = any($1::text[])
order by i.nik, i.given_on, i.vaccine, i.dose
"""

_ENCOUNTERS = f"""
select e.nik, e.occurred_on, d.code as diagnosis_code, d.name as diagnosis_name, {_FACILITY}
from encounter e join facility f on f.code = e.facility_code join diagnosis d on d.code = e.diagnosis_code
where e.nik = any($1::text[])
order by e.nik, e.occurred_on, e.id
"""

_ALLERGIES = """
select nik, substance, reaction, severity, recorded_on
from allergy
where nik = any($1::text[])
order by nik, recorded_on, substance
"""

_FACILITIES_BY_CODE = f"select {_FACILITY} from facility f where f.code = any($1::text[])"
_FACILITIES_IN_REGION = (
    f"select {_FACILITY} from facility f where starts_with(f.region_code, $1) order by f.code"
)


async def memberships_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """BPJS Kesehatan memberships of ``niks``, each with its primary-care facility."""
    return await pool.fetch(_MEMBERSHIPS, niks)


async def memberships_by_member(
    pool: asyncpg.Pool, keys: list[tuple[str, str]]
) -> Sequence[asyncpg.Record]:
    """The BPJS memberships of these (member NIK, card number) pairs that exist as such."""
    return await pool.fetch(_MEMBERSHIPS_BY_MEMBER, [k[0] for k in keys], [k[1] for k in keys])


async def immunizations_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Immunizations of ``niks`` with their facility, oldest first."""
    return await pool.fetch(_IMMUNIZATIONS, niks)


async def encounters_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Encounters of ``niks`` with facility and ICD-10 diagnosis, oldest first."""
    return await pool.fetch(_ENCOUNTERS, niks)


async def allergies_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Recorded allergies of ``niks``, oldest first."""
    return await pool.fetch(_ALLERGIES, niks)


async def facilities_by_code(pool: asyncpg.Pool, codes: list[str]) -> Sequence[asyncpg.Record]:
    """The facilities with these codes."""
    return await pool.fetch(_FACILITIES_BY_CODE, codes)


async def facilities_in_region(pool: asyncpg.Pool, region_code: str) -> Sequence[asyncpg.Record]:
    """The facilities whose region code starts with ``region_code`` (province, regency or district)."""
    return await pool.fetch(_FACILITIES_IN_REGION, region_code)


#: Every NIK health knows (any record table that lists NIKs), once, ``counted`` when the
#: ``{bpjs}`` or ``{immunization}`` expression is true of one of its rows; rows filtered by ``{where}``.
_KNOWN = """
select nik, bool_or(counted) as counted from (
    select nik, {bpjs} as counted from bpjs_membership where {where}
    union all select nik, {immunization} from immunization where {where}
    union all select nik, false from encounter where {where}
    union all select nik, false from allergy where {where}
) k group by nik
"""

#: Under fives, with at least one immunization (the NIK's birth year narrows the scan: ``$2``).
_IMMUNIZATION_COVERAGE = statistics_sql(
    _KNOWN.format(bpjs="false", immunization="true", where="substr(nik, 11, 2) = any($2::text[])"),
    YEAR_BAND,
    ages=(0, 4),
)

#: Everyone known, with an active BPJS membership.
_BPJS_COVERAGE = statistics_sql(
    _KNOWN.format(bpjs="active", immunization="false", where="true"),
    FIVE_YEAR_BAND,
)


async def immunization_coverage(pool: asyncpg.Pool, as_of: datetime.date) -> Sequence[asyncpg.Record]:
    """Children under five known to health, and those with at least one immunization, at every
    level (statistics_sql), ages on ``as_of``."""
    return await pool.fetch(_IMMUNIZATION_COVERAGE, as_of_number(as_of), birth_years(as_of, 4))


async def bpjs_coverage(pool: asyncpg.Pool, as_of: datetime.date) -> Sequence[asyncpg.Record]:
    """Citizens known to health, and those with an active BPJS membership, at every level."""
    return await pool.fetch(_BPJS_COVERAGE, as_of_number(as_of))


#: Children of the provinces ``$1`` (by the NIK's region; ``''`` among them: every province) born
#: in one of the two-digit years ``$2`` (under five) with at least one immunization, and the doses
#: given: who is (partly) immunized, for the missing-immunization count.
_IMMUNIZED_IN_PROVINCES = """
select substr(nik, 1, 2) as province, nik, array_agg(vaccine) as vaccines, array_agg(dose) as doses
from immunization
where (substr(nik, 1, 2) = any($1::text[]) or '' = any($1::text[]))
  and substr(nik, 11, 2) = any($2::text[])
group by nik
"""


async def immunized_in_provinces(
    pool: asyncpg.Pool, provinces: list[str], as_of: datetime.date
) -> Sequence[asyncpg.Record]:
    """``province, nik, vaccines, doses`` of the children of ``provinces`` under five on ``as_of``
    (by birth year) with any immunization (docs/statistics.md, "Gaps across services")."""
    return await pool.fetch(_IMMUNIZED_IN_PROVINCES, provinces, birth_years(as_of, 4))
