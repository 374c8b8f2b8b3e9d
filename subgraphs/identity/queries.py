"""SQL of the identity subgraph: every lookup takes all keys at once (``= any($1::text[])``).

Implements docs/subgraphs.md, "identity" over ``sql/identity/`` (tables ``region``, ``family``,
``citizen``, ``digital_id``: joined into every citizen statement). Column aliases match the
attribute names of the GraphQL types, so rows become objects without renaming.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import asyncpg

from subgraphs.common.region import LEVEL_LENGTHS
from subgraphs.common.statistics import ADULT_BAND, as_of_number, statistics_sql

__all__ = ["adults", "citizens_by_nik", "households_by_kk", "regions_by_code", "regions_by_parent"]

_CITIZEN = """
    c.nik, c.full_name, c.sex, c.birth_place, c.birth_date, c.religion, c.marital_status,
    c.blood_type, c.address, c.village_code, c.kk, c.family_relation, c.deceased_on,
    d.activated_on as ikd_activated_on, d.device_class as ikd_device_class
"""

_CITIZENS_BY_NIK = (
    f"select {_CITIZEN} from citizen c left join digital_id d on d.nik = c.nik where c.nik = any($1::text[])"
)

_HOUSEHOLDS_BY_KK = f"""
select f.kk as family_kk, f.address as family_address, f.village_code as family_village_code, {_CITIZEN}
from family f left join citizen c on c.kk = f.kk left join digital_id d on d.nik = c.nik
where f.kk = any($1::text[])
order by f.kk, array_position(array['HEAD', 'SPOUSE', 'CHILD', 'OTHER'], c.family_relation),
         c.birth_date, c.nik
"""

_REGION = "code, level, name, postal_code"
_REGIONS_BY_CODE = f"select {_REGION} from region where code = any($1::text[])"
_REGIONS_BY_PARENT = f"""
select {_REGION} from region where parent_code = $1 or code = any($2::text[]) order by code
"""
_PROVINCES = f"select {_REGION} from region where level = 1 order by code"


async def citizens_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """The citizens holding ``niks`` (unknown NIKs simply have no row)."""
    return await pool.fetch(_CITIZENS_BY_NIK, niks)


async def households_by_kk(pool: asyncpg.Pool, kks: list[str]) -> Sequence[asyncpg.Record]:
    """One row per member of each family card ``kks`` (family columns prefixed ``family_``)."""
    return await pool.fetch(_HOUSEHOLDS_BY_KK, kks)


async def regions_by_code(pool: asyncpg.Pool, codes: list[str]) -> Sequence[asyncpg.Record]:
    """The regions with exactly these undotted codes."""
    return await pool.fetch(_REGIONS_BY_CODE, codes)


async def regions_by_parent(pool: asyncpg.Pool, parent_code: str | None) -> Sequence[asyncpg.Record]:
    """The children of ``parent_code`` *and the parent with its ancestors* (so children can be linked
    to them), or the provinces when it is ``None``; ordered by code."""
    if parent_code is None:
        return await pool.fetch(_PROVINCES)
    lineage = [parent_code[:n] for n in LEVEL_LENGTHS if n <= len(parent_code)]
    return await pool.fetch(_REGIONS_BY_PARENT, parent_code, lineage)


#: Living citizens aged 17 and over, by the region and birth date their NIK carries (as every other
#: service counts them; denominator only).
_ADULTS = statistics_sql(
    "select nik, true as counted from citizen where deceased_on is null",
    ADULT_BAND,
    ages=(17, 200),
    numerator=False,
)


async def adults(pool: asyncpg.Pool, as_of: datetime.date) -> Sequence[asyncpg.Record]:
    """Living citizens aged 17+ on ``as_of``, at every level (statistics_sql)."""
    return await pool.fetch(_ADULTS, as_of_number(as_of))
