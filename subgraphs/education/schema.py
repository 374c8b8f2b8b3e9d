"""GraphQL schema of the education subgraph: ``Citizen.education`` and ``School``.

Implements docs/subgraphs.md, "education": education adds ``education: EducationRecord`` (nullable,
guarded by a scope and the citizen's consent: docs/subgraphs.md, "Guards") to
``Citizen @key(fields: "nik")`` and owns ``School @key(fields: "npsn")``; a school's ``region`` is a
reference resolved by identity and its ``currentStudents`` are ``Citizen`` references (key only).
That a child attends a school is children's data, specific personal data (UU 27/2022 Pasal 4), so
the list needs the ``education:read`` scope and, deny by default, an agency mandate for education
data, for the request's purpose, that covers the school's region (docs/subgraphs.md, "Pupil
lists"; docs/access.md, "Regional mandates"), as social's outreach list does (docs/social.md).
"""

from __future__ import annotations

import datetime
import enum
import logging
import re
from typing import TYPE_CHECKING, Any, Final, cast

import asyncpg
import strawberry
from strawberry.types import Info

from gateway.access.caller import Caller
from subgraphs.common.cohort import (
    COHORT_FIELDS,
    CohortCell,
    GapKind,
    GapTotal,
    ranking_totals,
    region_counts,
)
from subgraphs.common.errors import INVALID_ARGUMENT, client_error
from subgraphs.common.guards import personal_field
from subgraphs.common.listing import FORBIDDEN, may_list, refuse_list
from subgraphs.common.nik import NIK_DESCRIPTION, require_nik
from subgraphs.common.region import REGION_CODE_DESCRIPTION, require_region_code
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.statistics import STATISTICS_SCOPES, StatisticsCell, cells, national_table

if TYPE_CHECKING:
    from subgraphs.education.loaders import Loaders

__all__ = [
    "CATEGORY",
    "FORBIDDEN",
    "Certificate",
    "Citizen",
    "EducationRecord",
    "Enrollment",
    "EnrollmentStatus",
    "GapRanking",
    "Query",
    "Region",
    "School",
    "SchoolLevel",
    "require_npsn",
    "schema",
    "school_from_row",
]

#: The consent category of ``Citizen.education`` (docs/subgraphs.md, "Guards").
CATEGORY: Final = "education"

#: The caller may not list this school's pupils (docs/subgraphs.md, "Pupil lists").

_log = logging.getLogger("subgraphs.education")

_NPSN = re.compile(r"^[0-9]{8}$")


def _loaders(info: Info) -> Loaders:
    return cast("Loaders", info.context.loaders)


def require_npsn(value: str) -> str:
    """``value`` if it is an NPSN (8 digits), else raise ``INVALID_ARGUMENT``."""
    if not _NPSN.match(value):
        raise client_error("NPSN must be 8 digits", INVALID_ARGUMENT)
    return value


@strawberry.enum(description="Level of a school or of higher education.")
class SchoolLevel(enum.Enum):
    SD = "SD"
    SMP = "SMP"
    SMA = "SMA"
    SMK = "SMK"
    UNIVERSITY = "UNIVERSITY"


@strawberry.enum(description="State of an enrollment.")
class EnrollmentStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    GRADUATED = "GRADUATED"
    TRANSFERRED = "TRANSFERRED"
    DROPPED_OUT = "DROPPED_OUT"


@strawberry.federation.type(keys=["code"])
class Region:
    """A Kemendagri region (identity owns it); education adds the out-of-school count of decile 1-4
    households' children, matching social's cohort against its enrollments (docs/statistics.md,
    "Gaps across services")."""

    code: str = strawberry.field(description=REGION_CODE_DESCRIPTION)
    school_age_cohort: list[CohortCell] | None = strawberry.federation.field(
        default=None, external=True
    )
    cohort: strawberry.Private[object] = None

    @strawberry.federation.field(
        description=(
            "Children aged 7-18 of decile 1-4 households (denominator, from social) and those without "
            "an ACTIVE enrollment (numerator), by the NIK's region (docs/statistics.md): this province "
            "and its regencies, or this regency; `ageBands` adds 7-12, 13-15, 16-18. Suppressed like "
            "every statistic; null with INVALID_REGION_CODE below regencies."
        ),
        requires=[f"schoolAgeCohort {{ {COHORT_FIELDS} }}"],
        requires_scopes=STATISTICS_SCOPES,
    )
    async def out_of_school_children(
        self, info: Info, age_bands: bool = False
    ) -> list[StatisticsCell] | None:
        return await region_counts(info, self.cohort, self.code, age_bands, _loaders(info).enrolled.load)

    @classmethod
    def resolve_reference(cls, code: str, schoolAgeCohort: Any = None) -> Region:
        return cls(code=require_region_code(code), cohort=schoolAgeCohort)


@strawberry.federation.type(keys=["gap"])
class GapRanking:
    """A national ranking of regencies by a gap (social owns it: docs/statistics.md, "Gap ranking");
    education adds the published regency totals of its gap, counted against social's national cohort."""

    gap: GapKind
    school_age_cohort: list[CohortCell] | None = strawberry.federation.field(default=None, external=True)
    cohort: strawberry.Private[object] = None

    @strawberry.federation.field(
        inaccessible=True,
        description=(
            "Published regency totals of out-of-school children of decile 1-4 households, "
            "for social's ranking."
        ),
        requires=[f"schoolAgeCohort {{ {COHORT_FIELDS} }}"],
        requires_scopes=STATISTICS_SCOPES,
    )
    async def out_of_school_totals(self, info: Info) -> list[GapTotal] | None:
        return await ranking_totals(info, self.cohort, _loaders(info).enrolled.load)

    @classmethod
    def resolve_reference(cls, gap: str, schoolAgeCohort: Any = None) -> GapRanking:
        return cls(gap=GapKind(gap), cohort=schoolAgeCohort)


@strawberry.federation.type(
    keys=["npsn"], description="A school or university (Dapodik / PDDikti): public data."
)
class School:
    npsn: str = strawberry.field(description="Nomor Pokok Sekolah Nasional, 8 digits.")
    name: str
    level: SchoolLevel
    is_public: bool = strawberry.field(
        description="True for a state school (negeri), false for private (swasta)."
    )
    region_code: strawberry.Private[str]

    @strawberry.field(description="The district the school is in; resolved by identity.")
    def region(self) -> Region:
        return Region(code=self.region_code)

    @strawberry.federation.field(
        description="Citizens actively enrolled here (references: only their NIK): children's data, "
        "listed only for an agency whose mandate for education data and the request's purpose covers "
        "the school's region (national or a region containing its district), else null with FORBIDDEN; "
        "null too for a caller without the scope, so the school's public facts still come back.",
        requires_scopes=[[f"{CATEGORY}:read"]],
    )
    async def current_students(self, info: Info) -> list[Citizen] | None:
        caller: Caller = info.context.caller
        if not may_list(caller, scope=f"{CATEGORY}:read", category=CATEGORY, region=self.region_code):
            refuse_list(
                _log, caller, f"pupil list refused: school {self.npsn} region {self.region_code}",
                f"The pupils of school {self.npsn} may be listed only by an agency whose mandate for "
                "education data and this purpose covers the school's region (region rule, "
                "docs/subgraphs.md); none of the caller's does.",
            )  # fmt: skip
        return await _loaders(info).current_students.load(self.npsn)

    @classmethod
    async def resolve_reference(cls, info: Info, npsn: str) -> School | None:
        return await _loaders(info).schools.load(require_npsn(npsn))


def school_from_row(row: asyncpg.Record) -> School:
    """A :class:`School` from the ``school_*`` columns of a row."""
    return School(
        npsn=row["school_npsn"],
        name=row["school_name"],
        level=row["school_level"],
        is_public=row["school_public"],
        region_code=row["school_region"],
    )


@strawberry.type(description="A period at a school or university.")
class Enrollment:
    school: School
    level: SchoolLevel
    grade: int = strawberry.field(description="School grade 1-12, or year of study at a university.")
    started_on: datetime.date
    ended_on: datetime.date | None = strawberry.field(description="Null while enrolled.")
    status: EnrollmentStatus


@strawberry.type(description="A completion certificate (ijazah).")
class Certificate:
    level: SchoolLevel
    year: int
    school: School


@strawberry.type(description="A citizen's education record (a minor's is specific personal data).")
class EducationRecord:
    nik: strawberry.Private[str]

    @strawberry.field(
        description="Nomor Induk Siswa Nasional (10 digits); null if never registered as a pupil."
    )
    async def nisn(self, info: Info) -> str | None:
        return await _loaders(info).nisns.load(self.nik)

    @strawberry.field(description="Enrollments, oldest first.")
    async def enrollments(self, info: Info) -> list[Enrollment]:
        return await _loaders(info).enrollments.load(self.nik)

    @strawberry.field(description="Certificates, oldest first.")
    async def certificates(self, info: Info) -> list[Certificate]:
        return await _loaders(info).certificates.load(self.nik)


@strawberry.federation.type(keys=["nik"])
class Citizen:
    """Identity owns the citizen; this subgraph adds ``education``."""

    nik: str = strawberry.field(description=NIK_DESCRIPTION)

    @personal_field(
        CATEGORY, description="The citizen's education record (empty lists when nothing is recorded)."
    )
    def education(self) -> EducationRecord | None:
        return EducationRecord(nik=self.nik)

    @personal_field(
        CATEGORY,
        description=(
            "True when one of the citizen's enrollments is ACTIVE. A fact for outreach "
            '(docs/social.md, "The gap view").'
        ),
    )
    async def enrolled_now(self, info: Info) -> bool | None:
        enrollments = await _loaders(info).enrollments.load(self.nik)
        return any(EnrollmentStatus(e.status) is EnrollmentStatus.ACTIVE for e in enrollments)

    @classmethod
    def resolve_reference(cls, nik: str) -> Citizen:
        return cls(nik=require_nik(nik))


@strawberry.type
class Query:
    @strawberry.field(description="The school with this NPSN, or null.")
    async def school(self, info: Info, npsn: str) -> School | None:
        return await _loaders(info).schools.load(require_npsn(npsn))

    @strawberry.field(description="Schools in a province, regency/city or district (code dotted or not).")
    async def schools(self, info: Info, region_code: str) -> list[School] | None:
        from subgraphs.education import queries

        rows = await queries.schools_in_region(info.context.pool, require_region_code(region_code))
        return [school_from_row(row) for row in rows]

    @strawberry.federation.field(
        description=(
            "School enrollment (docs/statistics.md): numerator = pupils aged 7-18 with an ACTIVE "
            "enrollment, denominator = citizens aged 7-18 known to education (any student, enrollment "
            "or certificate record). The provinces, or a province's regencies (`regionCode`); "
            "`ageBands` (on by default) adds the school ages 7-12, 13-15 and 16-18."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def school_enrollment(
        self, info: Info, region_code: str | None = None, age_bands: bool = True
    ) -> list[StatisticsCell] | None:
        from subgraphs.education import queries

        rows = await queries.school_enrollment(info.context.pool, datetime.date.today())
        return cells(national_table(rows), region_code, age_bands)


schema = SubgraphSchema(query=Query, types=[Citizen, School, Region, GapRanking])
