"""Aggregate statistics by region and age band, with no person visible (docs/statistics.md).

Every service knows citizens only by NIK, and a NIK carries the regency of first registration
(digits 1-4) and the birth date, so each service counts in its own database, in SQL
(:data:`DDMMYY`, :data:`AGE`: plain expressions, so no migration is needed and every service
decodes NIKs identically). One statement per answer counts a measure over the whole country at every level at
once (``grouping sets``: nation, province, regency, each in total and by age band); the
suppression pattern (:mod:`subgraphs.common.suppression`) is computed over that whole table, and
an answer is a slice of it. So every answer about a measure hides the same cells, whatever slice
is asked: a province total published in one answer cannot be subtracted from the regencies of
another.

Resolvers call the service's query function (which runs :func:`statistics_sql`) and hand the rows
to :func:`national_table`; :func:`cells` slices the table for one answer.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import asyncpg
import strawberry

from subgraphs.common.errors import INVALID_ARGUMENT, INVALID_REGION_CODE, client_error
from subgraphs.common.region import require_region_code
from subgraphs.common.suppression import Counts, Equation, suppress

__all__ = [
    "ADULT_BAND",
    "AGE",
    "DDMMYY",
    "FIVE_YEAR_BAND",
    "JAVA_BALI",
    "SCHOOL_BAND",
    "STATISTICS_SCOPES",
    "YEAR_BAND",
    "NationalTable",
    "RegionLevel",
    "StatisticsCell",
    "as_of_number",
    "band_order",
    "birth_years",
    "cells",
    "equations",
    "national_table",
    "ranked_gaps",
    "require_limit",
    "statistics_sql",
]

#: Who may read statistics: an agency holding ``statistics:read`` (no consent: no person is visible).
STATISTICS_SCOPES: Final = [["statistics:read"]]

#: Province codes of Java (31-36) and Bali (51), left out of gap rankings.
JAVA_BALI: Final = frozenset({"31", "32", "33", "34", "35", "36", "51"})

#: SQL: digits 7-12 of ``nik`` (DDMMYY, day + 40 for women) as an integer, or null when they are
#: not six digits. Read once per citizen; the age is then integer arithmetic on it.
DDMMYY: Final = "case when substr(nik, 7, 6) ~ '^[0-9]{6}$' then substr(nik, 7, 6)::int end"

#: SQL: the age in completed years on ``$1`` (the integer YYYYMMDD, :func:`as_of_number`) of the
#: holder of a NIK whose birth digits are ``ddmmyy``: born 20YY unless that is after ``$1``, then
#: 19YY. Null unless the day is 01-31 (41-71 for women) and the month 01-12; a day past the
#: month's end (31 April) counts as if it existed (the API refuses such NIKs as INVALID_NIK).
AGE: Final = """case
    when ddmmyy / 100 % 100 between 1 and 12
         and (ddmmyy / 10000 between 1 and 31 or ddmmyy / 10000 between 41 and 71)
    then $1::int / 10000 - ddmmyy % 100
         - case when (2000 + ddmmyy % 100) * 10000 + ddmmyy / 100 % 100 * 100 + ddmmyy / 10000 % 40
                     <= $1::int
                then 2000 else 1900 end
         - case when ddmmyy / 100 % 100 * 100 + ddmmyy / 10000 % 40 > $1::int % 10000 then 1 else 0 end
end"""

#: Band expressions over ``age`` for :func:`statistics_sql`: single years, five-year bands
#: ('0-4', ..., '70-74', '75+'), school ages, adults (17-19, then five-year bands).
YEAR_BAND: Final = "age::text"
FIVE_YEAR_BAND: Final = "case when age >= 75 then '75+' else (age / 5 * 5) || '-' || (age / 5 * 5 + 4) end"
SCHOOL_BAND: Final = "case when age <= 12 then '7-12' when age <= 15 then '13-15' else '16-18' end"
ADULT_BAND: Final = f"case when age < 20 then '17-19' else {FIVE_YEAR_BAND} end"

#: Most rows a ranking returns.
MAX_LIMIT: Final = 100

#: The key of the whole country in a :class:`NationalTable`.
NATION: Final = ""


@strawberry.enum(description="Level of a Kemendagri region.")
class RegionLevel(enum.Enum):
    PROVINCE = "PROVINCE"
    REGENCY = "REGENCY"
    DISTRICT = "DISTRICT"
    VILLAGE = "VILLAGE"


@strawberry.federation.type(
    shareable=True,
    description=(
        "One cell of an aggregate statistic: counts of citizens in a region (by the NIK's region of "
        "first registration), in total (ageBand null) or in one age band. Counts below 10, and cells "
        "that would give such counts away by subtraction, are suppressed: numbers null, suppressed true."
    ),
)
class StatisticsCell:
    region_code: str = strawberry.field(description="Undotted province (2 digits) or regency/city (4) code.")
    level: RegionLevel = strawberry.field(description="PROVINCE or REGENCY.")
    age_band: str | None = strawberry.field(description="Age band (e.g. 0-4, 75+), or null for all ages.")
    numerator: int | None = strawberry.field(
        description="Citizens counted; null if suppressed or not measured here."
    )
    denominator: int | None = strawberry.field(
        description="Citizens in the population; null if suppressed or not measured here."
    )
    rate: float | None = strawberry.field(
        description="numerator / denominator; null unless both are published."
    )
    suppressed: bool = strawberry.field(
        description="True when the numbers are withheld (small-cell suppression)."
    )


def statistics_sql(
    people: str,
    band: str,
    *,
    ages: tuple[int, int] = (0, 200),
    numerator: bool = True,
    denominator: bool = True,
) -> str:
    """The statement counting a measure at every level.

    ``people`` selects one row per citizen of the population: ``nik`` and ``counted`` (in the
    numerator); ``$1`` is the date ages are taken on (:func:`as_of_number`). Ages are computed
    once per citizen from the NIK (:data:`DDMMYY`, then :data:`AGE`) and kept within ``ages``
    (inclusive); ``band`` is an SQL expression of ``age``. The result has ``grouped``
    (``grouping(province, regency, band)``), ``province``, ``regency``, ``band``, ``numerator``
    and ``denominator`` (null when the measure has no such count).
    """
    num = "count(*) filter (where counted)" if numerator else "null::bigint"
    den = "count(*)" if denominator else "null::bigint"
    low, high = ages
    return f"""
with people as materialized ({people}),
aged as materialized (
    select nik, counted, {AGE} as age
      from (select nik, counted, {DDMMYY} as ddmmyy from people offset 0) d)
select grouping(province, regency, band) as grouped, province, regency, band,
       {num} as numerator, {den} as denominator
from (select substr(nik, 1, 2) as province, substr(nik, 1, 4) as regency, {band} as band, counted
        from aged where age between {low:d} and {high:d}) p
group by grouping sets ((province, regency, band), (province, regency), (province, band), (province),
                       (band), ())
"""


def as_of_number(as_of: datetime.date) -> int:
    """``as_of`` as the integer YYYYMMDD that :data:`AGE` takes."""
    return as_of.year * 10000 + as_of.month * 100 + as_of.day


def birth_years(as_of: datetime.date, oldest: int) -> list[str]:
    """The two-digit birth years (NIK digits 11-12) of everyone aged ``oldest`` or less on
    ``as_of``: a cheap filter before the exact age is computed."""
    return sorted({f"{year % 100:02d}" for year in range(as_of.year - oldest - 1, as_of.year + 1)})


def band_order(band: str | None) -> tuple[int, int]:
    """Sort key of bands: all ages (None) first, then by the band's lowest age."""
    if band is None:
        return (0, 0)
    digits = band.split("-")[0].rstrip("+")
    return (1, int(digits) if digits.isdigit() else 0)


@dataclass(frozen=True, slots=True)
class NationalTable:
    """A measure's counts at every level, and which of them are suppressed.

    Keys are ``(region, band)``: region ``""`` (nation), a province or a regency code; band
    ``None`` for all ages.
    """

    counts: dict[tuple[str, str | None], Counts]
    suppressed: frozenset[tuple[str, str | None]]

    def cell(self, region: str, band: str | None) -> StatisticsCell:
        counts = self.counts[(region, band)]
        level = RegionLevel.PROVINCE if len(region) == 2 else RegionLevel.REGENCY
        if (region, band) in self.suppressed:
            return StatisticsCell(
                region_code=region, level=level, age_band=band,
                numerator=None, denominator=None, rate=None, suppressed=True,
            )  # fmt: skip
        num, den = counts.numerator, counts.denominator
        rate = num / den if num is not None and den else None
        return StatisticsCell(
            region_code=region, level=level, age_band=band,
            numerator=num, denominator=den, rate=rate, suppressed=False,
        )  # fmt: skip


def equations(keys: Iterable[tuple[str, str | None]]) -> list[Equation[tuple[str, str | None]]]:
    """What the published cells add up to: regencies to their province, provinces to the nation
    (in total and in each band), and bands to their region's total."""
    keys = set(keys)
    regions = sorted({region for region, _ in keys})
    bands = sorted({band for _, band in keys if band is not None}, key=band_order)
    found: list[Equation[tuple[str, str | None]]] = []
    for band in [None, *bands]:
        provinces = [(r, band) for r in regions if len(r) == 2]
        found.append(Equation((NATION, band), provinces))
        for province, _ in provinces:
            regencies = [(r, band) for r in regions if len(r) == 4 and r.startswith(province)]
            found.append(Equation((province, band), regencies))
    if bands:
        found.extend(Equation((region, None), [(region, b) for b in bands]) for region in regions)
    return found


def national_table(rows: Sequence[asyncpg.Record]) -> NationalTable:
    """The rows of :func:`statistics_sql` as a table, with its suppression pattern."""
    counts: dict[tuple[str, str | None], Counts] = {}
    for row in rows:
        grouped = row["grouped"]  # bits: province 4, regency 2, band 1 (set = rolled up)
        region = NATION if grouped & 4 else row["province"] if grouped & 2 else row["regency"]
        band = None if grouped & 1 else row["band"]
        counts[(region, band)] = Counts(row["numerator"], row["denominator"])
    return NationalTable(counts, frozenset(suppress(counts, equations(counts))))


def _scope(region_code: str | None) -> str | None:
    if region_code is None:
        return None
    code = require_region_code(region_code)
    if len(code) not in (2, 4):
        raise client_error(
            "statistics go down to regencies: give a province (2) or regency (4) code", INVALID_REGION_CODE
        )
    return code


def cells(table: NationalTable, region_code: str | None, age_bands: bool) -> list[StatisticsCell]:
    """One answer: the provinces (``region_code`` omitted), a province's regencies, or one regency;
    each in total, followed by its age bands when ``age_bands``."""
    code = _scope(region_code)
    if code is None:
        regions = sorted({r for r, _ in table.counts if len(r) == 2})
    elif len(code) == 2:
        regions = sorted({r for r, _ in table.counts if len(r) == 4 and r.startswith(code)})
    else:
        regions = [code] if (code, None) in table.counts else []
    answer: list[StatisticsCell] = []
    for region in regions:
        bands = sorted(
            (b for r, b in table.counts if r == region and (age_bands or b is None)), key=band_order
        )
        answer.extend(table.cell(region, band) for band in bands)
    return answer


def ranked_gaps(
    table: NationalTable, limit: int, excluded: frozenset[str] = JAVA_BALI
) -> list[StatisticsCell]:
    """Regencies outside ``excluded`` provinces, lowest published rate first (suppressed left out)."""
    found = [
        table.cell(region, None)
        for region, band in table.counts
        if band is None
        and len(region) == 4
        and region[:2] not in excluded
        and (region, None) not in table.suppressed
    ]
    found = [cell for cell in found if cell.rate is not None]
    found.sort(key=lambda cell: (cell.rate, cell.region_code))
    return found[:limit]


def require_limit(limit: int) -> int:
    """``limit`` if it is 1 to :data:`MAX_LIMIT`, or raise ``INVALID_ARGUMENT``."""
    if not 1 <= limit <= MAX_LIMIT:
        raise client_error(f"limit must be 1 to {MAX_LIMIT}", INVALID_ARGUMENT)
    return limit
