"""SQL of the education subgraph: every lookup takes all keys at once (``= any($1::text[])``).

Implements docs/subgraphs.md, "education" over ``sql/education/``. The school of an enrollment or
certificate is joined into that statement, so a batch of citizens costs one statement per table.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import asyncpg

from subgraphs.common.statistics import SCHOOL_BAND, as_of_number, birth_years, statistics_sql

__all__ = [
    "certificates_by_nik",
    "enrolled_in_provinces",
    "enrollments_by_nik",
    "school_enrollment",
    "schools_by_npsn",
    "schools_in_region",
    "students_by_nik",
    "students_by_npsn",
]

_SCHOOL = (
    "s.npsn as school_npsn, s.name as school_name, s.level as school_level, "
    "s.public as school_public, s.region_code as school_region"
)

_STUDENTS_BY_NIK = "select nik, nisn from student where nik = any($1::text[])"

_ENROLLMENTS = f"""
select e.nik, e.level, e.grade, e.started_on, e.ended_on, e.status, {_SCHOOL}
from enrollment e join school s on s.npsn = e.npsn
where e.nik = any($1::text[])
order by e.nik, e.started_on, e.id
"""

_CERTIFICATES = f"""
select c.nik, c.level, c.year, {_SCHOOL}
from certificate c join school s on s.npsn = c.npsn
where c.nik = any($1::text[])
order by c.nik, c.year, c.id
"""

_SCHOOLS_BY_NPSN = f"select {_SCHOOL} from school s where s.npsn = any($1::text[])"
_SCHOOLS_IN_REGION = f"select {_SCHOOL} from school s where starts_with(s.region_code, $1) order by s.npsn"

_CURRENT_STUDENTS = """
select npsn, nik from enrollment
where npsn = any($1::text[]) and status = 'ACTIVE'
order by npsn, nik
"""


async def students_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """The NISN of each of ``niks`` that is a registered pupil or student."""
    return await pool.fetch(_STUDENTS_BY_NIK, niks)


async def enrollments_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Enrollments of ``niks`` with their school, oldest first."""
    return await pool.fetch(_ENROLLMENTS, niks)


async def certificates_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Certificates (ijazah) of ``niks`` with their school, oldest first."""
    return await pool.fetch(_CERTIFICATES, niks)


async def schools_by_npsn(pool: asyncpg.Pool, npsns: list[str]) -> Sequence[asyncpg.Record]:
    """The schools with these NPSNs."""
    return await pool.fetch(_SCHOOLS_BY_NPSN, npsns)


async def schools_in_region(pool: asyncpg.Pool, region_code: str) -> Sequence[asyncpg.Record]:
    """Schools whose district code starts with ``region_code`` (province, regency or district)."""
    return await pool.fetch(_SCHOOLS_IN_REGION, region_code)


async def students_by_npsn(pool: asyncpg.Pool, npsns: list[str]) -> Sequence[asyncpg.Record]:
    """``(npsn, nik)`` of every active enrollment at these schools."""
    return await pool.fetch(_CURRENT_STUDENTS, npsns)


#: School-age citizens (7-18) known to education (a student, enrollment or certificate row),
#: ``counted`` when one of their enrollments is ACTIVE; ``$2`` narrows the scan by birth year.
_SCHOOL_ENROLLMENT = statistics_sql(
    """
    select nik, bool_or(counted) as counted from (
        select nik, false as counted from student where substr(nik, 11, 2) = any($2::text[])
        union all select nik, status = 'ACTIVE' from enrollment where substr(nik, 11, 2) = any($2::text[])
        union all select nik, false from certificate where substr(nik, 11, 2) = any($2::text[])
    ) k group by nik
    """,
    SCHOOL_BAND,
    ages=(7, 18),
)


async def school_enrollment(pool: asyncpg.Pool, as_of: datetime.date) -> Sequence[asyncpg.Record]:
    """Citizens aged 7-18 known to education, and those with an ACTIVE enrollment, at every level
    (statistics_sql), ages on ``as_of``."""
    return await pool.fetch(_SCHOOL_ENROLLMENT, as_of_number(as_of), birth_years(as_of, 18))


#: Citizens of the provinces ``$1`` (by the NIK's region; ``''`` among them: every province) with
#: an ACTIVE enrollment, born in one of the two-digit years ``$2`` (the school ages): who is at
#: school, for the out-of-school count.
_ENROLLED_IN_PROVINCES = """
select distinct substr(nik, 1, 2) as province, nik
from enrollment
where status = 'ACTIVE'
  and (substr(nik, 1, 2) = any($1::text[]) or '' = any($1::text[]))
  and substr(nik, 11, 2) = any($2::text[])
"""


async def enrolled_in_provinces(
    pool: asyncpg.Pool, provinces: list[str], as_of: datetime.date
) -> Sequence[asyncpg.Record]:
    """``province, nik`` of the citizens of ``provinces`` of school age (7-18 on ``as_of``, by birth
    year) with an ACTIVE enrollment (docs/statistics.md, "Gaps across services")."""
    return await pool.fetch(_ENROLLED_IN_PROVINCES, provinces, birth_years(as_of, 18))
