"""SQL of the police subgraph: every lookup takes all NIKs at once (``= any($1::text[])``).

Implements docs/subgraphs.md, "police" over ``sql/police/`` (one statement per table per batch).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import asyncpg

from subgraphs.common.statistics import ADULT_BAND, as_of_number, statistics_sql

__all__ = [
    "clearances_by_holder",
    "clearances_by_nik",
    "licences_by_holder",
    "licences_by_nik",
    "licensed_adults",
    "vehicles_by_nik",
]

_LICENCES = """
select nik, number, class as licence_class, issued_on, expires_on, status
from driving_licence where nik = any($1::text[])
order by nik, issued_on, number
"""

_CLEARANCES = """
select nik, number, purpose, issued_on, expires_on, finding
from clearance_certificate where nik = any($1::text[])
order by nik, issued_on, number
"""

#: A reference (holder, number) finds its record only when the number is the holder's.
_LICENCES_BY_HOLDER = """
select d.nik, d.number, d.class as licence_class, d.issued_on, d.expires_on, d.status
from unnest($1::text[], $2::text[]) as k(nik, number)
join driving_licence d on d.number = k.number and d.nik = k.nik
"""

_CLEARANCES_BY_HOLDER = """
select c.nik, c.number, c.purpose, c.issued_on, c.expires_on, c.finding
from unnest($1::text[], $2::text[]) as k(nik, number)
join clearance_certificate c on c.number = k.number and c.nik = k.nik
"""

_VEHICLES = """
select nik, plate, kind, make, model, year, stnk_expires_on
from vehicle where nik = any($1::text[])
order by nik, plate
"""


async def licences_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Driving licences (SIM) held by ``niks``, oldest first."""
    return await pool.fetch(_LICENCES, niks)


async def clearances_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Police clearance certificates (SKCK) issued to ``niks``, oldest first."""
    return await pool.fetch(_CLEARANCES, niks)


async def licences_by_holder(pool: asyncpg.Pool, keys: list[tuple[str, str]]) -> Sequence[asyncpg.Record]:
    """The driving licences of these (holder NIK, number) pairs that exist as such."""
    return await pool.fetch(_LICENCES_BY_HOLDER, [k[0] for k in keys], [k[1] for k in keys])


async def clearances_by_holder(
    pool: asyncpg.Pool, keys: list[tuple[str, str]]
) -> Sequence[asyncpg.Record]:
    """The clearance certificates of these (holder NIK, number) pairs that exist as such."""
    return await pool.fetch(_CLEARANCES_BY_HOLDER, [k[0] for k in keys], [k[1] for k in keys])


async def vehicles_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Vehicles registered (STNK) to ``niks``, by plate."""
    return await pool.fetch(_VEHICLES, niks)


#: Citizens 17 and over holding an ACTIVE driving licence (numerator only: the denominator,
#: adults, is identity's ``adultsByRegion``).
_LICENSED_ADULTS = statistics_sql(
    "select distinct nik, true as counted from driving_licence where status = 'ACTIVE'",
    ADULT_BAND,
    ages=(17, 200),
    denominator=False,
)


async def licensed_adults(pool: asyncpg.Pool, as_of: datetime.date) -> Sequence[asyncpg.Record]:
    """Citizens aged 17+ on ``as_of`` with an ACTIVE driving licence, at every level (statistics_sql)."""
    return await pool.fetch(_LICENSED_ADULTS, as_of_number(as_of))
