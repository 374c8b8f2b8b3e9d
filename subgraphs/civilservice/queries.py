"""SQL of the civil-service subgraph: every lookup takes all keys at once (``= any($1::text[])``).

Implements docs/civilservice.md over ``sql/civilservice/``: a record's agency is joined into the
record's own statement, so a batch of citizens costs one statement.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

__all__ = ["agencies_by_code", "agencies_in_region", "servants_by_nik"]

_AGENCY = (
    "a.code as agency_code, a.name as agency_name, a.level as agency_level, a.region_code as agency_region"
)

_SERVANTS = f"""
select s.nik, s.nip, s.kind, s.grade, s.position, s.appointed_on, s.active, {_AGENCY}
from civil_servant s join government_agency a on a.code = s.agency_code
where s.nik = any($1::text[])
"""

_AGENCIES_BY_CODE = f"select {_AGENCY} from government_agency a where a.code = any($1::text[])"
_AGENCIES_IN_REGION = (
    f"select {_AGENCY} from government_agency a where starts_with(a.region_code, $1) order by a.code"
)


async def servants_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """The civil-service records of ``niks``, each with its agency."""
    return await pool.fetch(_SERVANTS, niks)


async def agencies_by_code(pool: asyncpg.Pool, codes: list[str]) -> Sequence[asyncpg.Record]:
    """The agencies with these codes."""
    return await pool.fetch(_AGENCIES_BY_CODE, codes)


async def agencies_in_region(pool: asyncpg.Pool, region_code: str) -> Sequence[asyncpg.Record]:
    """The agencies seated in a province or regency (by code prefix)."""
    return await pool.fetch(_AGENCIES_IN_REGION, region_code)
