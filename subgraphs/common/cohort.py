"""A statistics cohort carried between subgraphs as pseudonyms, and the counts made against it
(docs/statistics.md, "Gaps across services").

The social subgraph knows who is in a cohort (members of decile 1-4 households of an age); another
service knows who among its citizens is served (enrolled, immunized). Social contributes, on
``Region``, the cohort of the region's province as :class:`CohortCell` rows: per regency and age
band, the members' pseudonyms (:mod:`subgraphs.common.linkage`) and ``pending``, the number of
members who cannot have the gap yet (a newborn with no dose due) and so are counted without a
pseudonym. The field is ``@inaccessible``: the gateway fetches it for the other service's
``@requires`` and no client can select it.

The receiving service counts, for every cell, the members it does *not* find among its served
citizens (the gap: numerator) over all members (denominator), builds the province's table
(regencies and province, in total and by band) and suppresses it as one block
(:func:`block_table`): the same cells are hidden in every answer that shows that province.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final, TypeVar

import asyncpg
import strawberry
from aiodataloader import DataLoader
from graphql import GraphQLError
from strawberry.types import Info

from subgraphs.common.errors import BAD_USER_INPUT, INVALID_REGION_CODE, LINKAGE_UNAVAILABLE, client_error
from subgraphs.common.linkage import linkage_of
from subgraphs.common.loader import Fetch, Loader, Pool
from subgraphs.common.region import require_region_code
from subgraphs.common.statistics import NationalTable, StatisticsCell, band_order, equations
from subgraphs.common.suppression import Counts, suppress

__all__ = [
    "ALL_PROVINCES",
    "COHORT_FIELDS",
    "TOTAL_FIELDS",
    "CohortCell",
    "CohortMember",
    "GapKind",
    "GapTotal",
    "block_cells",
    "block_table",
    "cohort_cells",
    "province_loader",
    "published_totals",
    "ranking_totals",
    "read_cohort",
    "region_counts",
    "statistics_region",
]

#: The selection of a cohort field in a ``@requires``.
COHORT_FIELDS: Final = "regencyCode band pending members"

#: The selection of a totals field in a ``@requires``.
TOTAL_FIELDS: Final = "regionCode numerator denominator"

#: The key of every province at once in a :func:`province_loader`.
ALL_PROVINCES: Final = ""

V = TypeVar("V")


def province_loader(
    pool: Pool, fetch: Fetch, build: Callable[[asyncpg.Record], V]
) -> DataLoader[str, list[V]]:
    """A loader keyed by province code (or :data:`ALL_PROVINCES`) answering the rows of ``fetch``
    whose ``province`` column is the key (every row for ``ALL_PROVINCES``). ``fetch`` gets the keys
    and treats ``''`` among them as every province (docs/subgraphs.md, "No N+1": one statement)."""

    async def batch(keys: list[str]) -> list[list[V]]:
        groups: dict[str, list[V]] = {key: [] for key in keys}
        for row in await fetch(pool, keys):
            value = build(row)
            if row["province"] in groups:
                groups[row["province"]].append(value)
            if ALL_PROVINCES in groups:
                groups[ALL_PROVINCES].append(value)
        return [groups[key] for key in keys]

    return Loader(batch)


@strawberry.federation.type(
    shareable=True,
    inaccessible=True,
    description="Part of a statistics cohort: the pseudonyms of one regency's members in one age band.",
)
class CohortCell:
    regency_code: str = strawberry.field(description="Undotted regency/city code (4 digits).")
    band: str = strawberry.field(description="Age band.")
    pending: int = strawberry.field(description="Members counted without a pseudonym (no gap possible yet).")
    members: list[str] = strawberry.field(description="Pseudonyms (HMAC-SHA256 of the NIK), sorted.")


@strawberry.enum(description='A gap counted by regency (docs/statistics.md, "Gap ranking").')
class GapKind(enum.Enum):
    OUT_OF_SCHOOL = strawberry.enum_value(
        "OUT_OF_SCHOOL", description="Children 7-18 of decile 1-4 households without an active enrollment."
    )
    MISSING_IMMUNIZATION = strawberry.enum_value(
        "MISSING_IMMUNIZATION",
        description="Under-fives of decile 1-4 households missing a dose of the infant schedule.",
    )
    ADULTS_WITHOUT_PBI_JK = strawberry.enum_value(
        "ADULTS_WITHOUT_PBI_JK", description="Adults (18+) of decile 1-4 households without active PBI-JK."
    )
    PKH_CHILDREN_WITHOUT_PIP = strawberry.enum_value(
        "PKH_CHILDREN_WITHOUT_PIP", description="Children 7-18 of PKH households without active PIP."
    )


@strawberry.federation.type(
    shareable=True,
    inaccessible=True,
    description="A regency's published total of a gap (never a suppressed one), for the ranking.",
)
class GapTotal:
    region_code: str = strawberry.field(description="Undotted regency/city code (4 digits).")
    numerator: int = strawberry.field(description="Citizens with the gap.")
    denominator: int = strawberry.field(description="Citizens eligible.")


@dataclass(frozen=True, slots=True, kw_only=True)
class CohortMember:
    """One citizen of a cohort as social sees it: ``pending`` members get no pseudonym."""

    nik: str
    band: str
    pending: bool = False


def cohort_cells(members: Iterable[CohortMember], pseudonym: Callable[[str], str]) -> list[CohortCell]:
    """``members`` grouped by regency (NIK digits 1-4) and band, pseudonyms sorted (their order
    says nothing of the NIKs')."""
    grouped: dict[tuple[str, str], tuple[list[str], list[int]]] = {}
    for member in members:
        names, pending = grouped.setdefault((member.nik[:4], member.band), ([], [0]))
        if member.pending:
            pending[0] += 1
        else:
            names.append(pseudonym(member.nik))
    return [
        CohortCell(regency_code=regency, band=band, pending=pending[0], members=sorted(names))
        for (regency, band), (names, pending) in sorted(
            grouped.items(), key=lambda item: (item[0][0], band_order(item[0][1]))
        )
    ]


def _malformed(what: str) -> GraphQLError:
    return client_error(f"the cohort of a Region representation is malformed: {what}", BAD_USER_INPUT)


def read_cohort(value: object, province: str) -> list[CohortCell]:
    """The cohort of a ``Region`` representation (JSON as the gateway sent it), checked: a list of
    cells of ``province``'s regencies with a band, a count and string pseudonyms. Null (social could
    not give it) is ``LINKAGE_UNAVAILABLE``, never an empty cohort: that would publish zeros."""
    if value is None:
        raise client_error("the cohort of this region could not be had from social", LINKAGE_UNAVAILABLE)
    if not isinstance(value, list):
        raise _malformed("not a list")
    found = []
    for item in value:
        if not isinstance(item, Mapping):
            raise _malformed("a cell is not an object")
        regency, band, pending, members = (item.get(k) for k in ("regencyCode", "band", "pending", "members"))
        if not (isinstance(regency, str) and len(regency) == 4 and regency.isdigit()):
            raise _malformed("regencyCode is not a 4-digit code")
        if not regency.startswith(province):
            raise _malformed("a regency outside the region's province")
        if not isinstance(band, str) or type(pending) is not int or pending < 0:
            raise _malformed("band or pending of the wrong type")
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise _malformed("members is not a list of strings")
        found.append(CohortCell(regency_code=regency, band=band, pending=pending, members=members))
    return found


def statistics_region(code: str) -> str:
    """The undotted ``code`` of a province or regency, or raise ``INVALID_REGION_CODE``."""
    undotted = require_region_code(code)
    if len(undotted) not in (2, 4):
        raise client_error(
            "cross-service statistics go down to regencies: ask a province or a regency/city",
            INVALID_REGION_CODE,
        )
    return undotted


def block_table(cohort: Iterable[CohortCell], served: Callable[[str], bool]) -> NationalTable:
    """A province's table: per cell, members not ``served`` (numerator) of all members and
    ``pending`` (denominator); regencies rolled up to their totals and to the province, each in
    total and by band; suppressed as one block (docs/statistics.md, "Suppression")."""
    numerators: dict[tuple[str, str | None], int] = {}
    denominators: dict[tuple[str, str | None], int] = {}
    for cell in cohort:
        gap = sum(1 for member in cell.members if not served(member))
        size = cell.pending + len(cell.members)
        for key in (
            (cell.regency_code, cell.band),
            (cell.regency_code, None),
            (cell.regency_code[:2], cell.band),
            (cell.regency_code[:2], None),
        ):
            numerators[key] = numerators.get(key, 0) + gap
            denominators[key] = denominators.get(key, 0) + size
    counts = {key: Counts(numerators[key], denominators[key]) for key in denominators if denominators[key]}
    return NationalTable(counts, frozenset(suppress(counts, equations(counts))))


def block_cells(table: NationalTable, code: str, age_bands: bool) -> list[StatisticsCell]:
    """A province's cells (its own, then its regencies'), or a regency's, each in total followed by
    its bands when ``age_bands``."""
    regions = sorted(
        {r for r, _ in table.counts if r == code or (len(code) == 2 and r.startswith(code))},
        key=lambda r: (len(r), r),
    )
    answer: list[StatisticsCell] = []
    for region in regions:
        bands = sorted(
            (b for r, b in table.counts if r == region and (age_bands or b is None)), key=band_order
        )
        answer.extend(table.cell(region, band) for band in bands)
    return answer


def published_totals(cohort: Iterable[CohortCell], served: Callable[[str], bool]) -> list[GapTotal]:
    """The regency totals of a national cohort that its provinces' tables publish (each province
    suppressed as its own block, as :func:`block_cells` answers it): the only counts the ranking
    service receives."""
    by_province: dict[str, list[CohortCell]] = {}
    for cell in cohort:
        by_province.setdefault(cell.regency_code[:2], []).append(cell)
    found = []
    for province in sorted(by_province):
        table = block_table(by_province[province], served)
        for (region, band), counts in sorted(table.counts.items(), key=lambda item: item[0][0]):
            if band is None and len(region) == 4 and (region, None) not in table.suppressed:
                assert counts.numerator is not None and counts.denominator is not None
                found.append(
                    GapTotal(region_code=region, numerator=counts.numerator, denominator=counts.denominator)
                )
    return found


#: ``await served(province or ALL_PROVINCES)``: the NIKs the counting service serves there (None
#: entries skipped), e.g. the enrolled children or the fully immunized under-fives.
Served = Callable[[str], Awaitable[Iterable[str | None]]]


async def region_counts(
    info: Info, cohort: object, region_code: str, age_bands: bool, served: Served
) -> list[StatisticsCell]:
    """A counting service's cells for a province or regency: social's ``cohort`` of the province
    (the ``@requires`` value) counted against the pseudonyms of the NIKs ``served`` there."""
    code = statistics_region(region_code)
    members = read_cohort(cohort, code[:2])
    pseudonyms = linkage_of(info).pseudonyms(nik for nik in await served(code[:2]) if nik is not None)
    return block_cells(block_table(members, pseudonyms.__contains__), code, age_bands)


async def ranking_totals(info: Info, cohort: object, served: Served) -> list[GapTotal]:
    """A counting service's published regency totals for social's national ranking; nothing when
    the ranking is of another gap (no cohort of this service's gap)."""
    members = read_cohort(cohort, ALL_PROVINCES)
    if not members:
        return []
    pseudonyms = linkage_of(info).pseudonyms(
        nik for nik in await served(ALL_PROVINCES) if nik is not None
    )
    return published_totals(members, pseudonyms.__contains__)
