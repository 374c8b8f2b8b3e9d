"""SQL of the social subgraph: every lookup takes all keys at once (``= any($1::text[])``).

Implements docs/social.md over ``sql/social/``. A citizen's benefits (their own, such as PIP, and
their household's, such as PKH) come in one statement with each benefit's disbursements
aggregated into arrays, so a batch of citizens costs one statement for households and one for
benefits, whatever they receive.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import asyncpg

from subgraphs.common.statistics import (
    ADULT_BAND,
    AGE,
    DDMMYY,
    SCHOOL_BAND,
    YEAR_BAND,
    as_of_number,
    birth_years,
    statistics_sql,
)

__all__ = [
    "adults_without_pbi_jk",
    "benefits_by_nik",
    "gap_facts_by_nik",
    "households_by_nik",
    "outreach_candidates",
    "pkh_children_without_pip",
    "school_age_members",
    "under_five_members",
]

_HOUSEHOLDS = """
select m.nik, h.kk, h.decile, h.assessed_on, h.village_code
from household_member m join household h on h.kk = m.kk
where m.nik = any($1::text[])
"""

#: ``own``: the benefit is the citizen's (PIP, PBI-JK); otherwise their household's (PKH, Sembako, BLT).
_BENEFITS = """
select x.nik, x.own, b.id, b.programme, b.period_start, b.period_end, b.amount, b.status,
       coalesce(d.paid_on, '{}') as paid_on, coalesce(d.channel, '{}') as channel,
       coalesce(d.amount, '{}') as paid
from (
    select nik, true as own, id from benefit where nik = any($1::text[])
    union all
    select m.nik, false, b.id
      from household_member m join benefit b on b.kk = m.kk
     where m.nik = any($1::text[])
) x
join benefit b on b.id = x.id
left join lateral (
    select array_agg(paid_on order by paid_on, id) as paid_on,
           array_agg(channel order by paid_on, id) as channel,
           array_agg(amount order by paid_on, id) as amount
      from disbursement where benefit_id = b.id
) d on true
order by x.nik, b.period_start, b.programme, b.id
"""

#: Social's own facts for the gap decision (docs/social.md, "The gap view"), one row per member:
#: the household's decile, whether it receives PKH, whether the member receives PIP (active).
_GAP_FACTS = """
select m.nik, h.decile,
       exists (select 1 from benefit b
                where b.kk = m.kk and b.programme = 'PKH' and b.status = 'ACTIVE') as pkh,
       exists (select 1 from benefit b
                where b.nik = m.nik and b.programme = 'PIP' and b.status = 'ACTIVE') as pip
from household_member m join household h on h.kk = m.kk
where m.nik = any($1::text[])
"""

#: Members of the households of a region (regency, district or village) at or below a decile.
_OUTREACH = """
select m.nik
from household h join household_member m on m.kk = h.kk
where starts_with(h.village_code, $1) and h.decile <= $2
order by m.nik
limit $3
"""


async def households_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """The assessed household (family card) of each of ``niks`` that is registered."""
    return await pool.fetch(_HOUSEHOLDS, niks)


async def benefits_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """Every benefit of ``niks`` (their own and their household's), with its disbursements."""
    return await pool.fetch(_BENEFITS, niks)


async def outreach_candidates(
    pool: asyncpg.Pool, region_code: str, max_decile: int, limit: int
) -> Sequence[asyncpg.Record]:
    """NIKs of the members of households in ``region_code`` with a decile up to ``max_decile``."""
    return await pool.fetch(_OUTREACH, region_code, max_decile, limit)


#: Adults (18+) of decile 1-4 households, ``counted`` when they have no active PBI-JK.
_ADULTS_WITHOUT_PBI_JK = statistics_sql(
    """select m.nik, not exists (select 1 from benefit b where b.nik = m.nik and b.programme = 'PBI_JK'
                                   and b.status = 'ACTIVE') as counted
         from household_member m join household h on h.kk = m.kk where h.decile <= 4""",
    ADULT_BAND,
    ages=(18, 200),
)

#: Members aged 7-18 of households with an active PKH benefit, ``counted`` without an active PIP.
_PKH_CHILDREN_WITHOUT_PIP = statistics_sql(
    """select m.nik, not exists (select 1 from benefit b where b.nik = m.nik and b.programme = 'PIP'
                                   and b.status = 'ACTIVE') as counted
         from household_member m
        where exists (select 1 from benefit b
                       where b.kk = m.kk and b.programme = 'PKH' and b.status = 'ACTIVE')""",
    SCHOOL_BAND,
    ages=(7, 18),
)


async def adults_without_pbi_jk(pool: asyncpg.Pool, as_of: datetime.date) -> Sequence[asyncpg.Record]:
    """Adults of decile 1-4 households, and those without active PBI-JK, at every level."""
    return await pool.fetch(_ADULTS_WITHOUT_PBI_JK, as_of_number(as_of))


async def pkh_children_without_pip(pool: asyncpg.Pool, as_of: datetime.date) -> Sequence[asyncpg.Record]:
    """Children 7-18 of PKH households, and those without active PIP, at every level."""
    return await pool.fetch(_PKH_CHILDREN_WITHOUT_PIP, as_of_number(as_of))


async def gap_facts_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """``(nik, decile, pkh, pip)`` of each of ``niks`` listed on an assessed family card."""
    return await pool.fetch(_GAP_FACTS, niks)


def _cohort_sql(band: str, ages: tuple[int, int]) -> str:
    """Members of decile 1-4 households of the provinces ``$2`` (by the NIK's region; ``''`` among
    them: every province) aged ``ages``
    (inclusive) on ``$1`` (YYYYMMDD), with their ``band`` (an SQL expression of ``age``); ``$3``:
    their possible two-digit birth years (a cheap filter before the exact age)."""
    low, high = ages
    return f"""
select province, nik, {band} as band, age from (
    select province, nik, {AGE} as age
      from (select substr(m.nik, 1, 2) as province, m.nik, {DDMMYY} as ddmmyy
              from household_member m join household h on h.kk = m.kk
             where h.decile <= 4
               and (substr(m.nik, 1, 2) = any($2::text[]) or '' = any($2::text[]))
               and substr(m.nik, 11, 2) = any($3::text[])
            offset 0) d
) a
where age between {low:d} and {high:d}
"""


#: School-age (7-18) members of decile 1-4 households, by school band.
_SCHOOL_AGE_MEMBERS = _cohort_sql(SCHOOL_BAND, (7, 18))
#: Under-fives of decile 1-4 households, by single year.
_UNDER_FIVE_MEMBERS = _cohort_sql(YEAR_BAND, (0, 4))


async def school_age_members(
    pool: asyncpg.Pool, provinces: list[str], as_of: datetime.date
) -> Sequence[asyncpg.Record]:
    """``province, nik, band, age`` of the members aged 7-18 of the decile 1-4 households of
    ``provinces`` on ``as_of``: the out-of-school cohort (docs/statistics.md)."""
    return await pool.fetch(_SCHOOL_AGE_MEMBERS, as_of_number(as_of), provinces, birth_years(as_of, 18))


async def under_five_members(
    pool: asyncpg.Pool, provinces: list[str], as_of: datetime.date
) -> Sequence[asyncpg.Record]:
    """``province, nik, band, age`` of the members under five of the decile 1-4 households of
    ``provinces`` on ``as_of``: the missing-immunization cohort (docs/statistics.md)."""
    return await pool.fetch(_UNDER_FIVE_MEMBERS, as_of_number(as_of), provinces, birth_years(as_of, 4))
