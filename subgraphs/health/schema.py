"""GraphQL schema of the health subgraph: ``Citizen.health`` and ``Facility``.

Implements docs/subgraphs.md, "health": health adds ``health: HealthRecord`` to
``Citizen @key(fields: "nik")`` (resolved through ``_entities``; identity owns the citizen) and owns
``Facility @key(fields: "code")``, whose ``region`` is a reference resolved by identity. Personal
records are reachable only through ``Citizen.health``, which is nullable and guarded by a scope and
the citizen's consent (docs/subgraphs.md, "Guards"); the root fields serve public facility data.
``BpjsMembershipRef @key(fields: "memberNik cardNumber")`` is a reference to a membership (a
premium payment's link to it, docs/payments.md): its ``membership`` needs the member's consent to
the health category (``consent:health:memberNik``) and is null unless the card is the member's.
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING, Any, cast

import asyncpg
import strawberry
from strawberry.types import Info

from subgraphs.common.birth import birth_date
from subgraphs.common.cohort import (
    COHORT_FIELDS,
    CohortCell,
    GapKind,
    GapTotal,
    ranking_totals,
    region_counts,
)
from subgraphs.common.guards import personal_field, reference_field
from subgraphs.common.nik import NIK_DESCRIPTION, require_nik
from subgraphs.common.region import REGION_CODE_DESCRIPTION, require_region_code
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.statistics import (
    STATISTICS_SCOPES,
    StatisticsCell,
    cells,
    national_table,
    ranked_gaps,
    require_limit,
)
from subgraphs.health.schedule import missing_doses

if TYPE_CHECKING:
    from subgraphs.health.loaders import Loaders

__all__ = [
    "CATEGORY",
    "AllergySeverity",
    "BpjsMembership",
    "BpjsMembershipRef",
    "Citizen",
    "Diagnosis",
    "Encounter",
    "Facility",
    "FacilityKind",
    "GapRanking",
    "HealthRecord",
    "Immunization",
    "Query",
    "Region",
    "facility_from_row",
    "schema",
]

#: The consent category of ``Citizen.health`` (docs/subgraphs.md, "Guards").
CATEGORY = "health"


def _loaders(info: Info) -> Loaders:
    return cast("Loaders", info.context.loaders)


@strawberry.enum(description="Kind of health facility.")
class FacilityKind(enum.Enum):
    PUSKESMAS = "PUSKESMAS"
    CLINIC = "CLINIC"
    HOSPITAL = "HOSPITAL"


@strawberry.enum(description="Severity of an allergic reaction.")
class AllergySeverity(enum.Enum):
    MILD = "MILD"
    MODERATE = "MODERATE"
    SEVERE = "SEVERE"


@strawberry.federation.type(keys=["code"])
class Region:
    """A Kemendagri region (identity owns it); health adds the count of decile 1-4 households'
    under-fives missing immunizations, matching social's cohort against its immunization records
    (docs/statistics.md, "Gaps across services")."""

    code: str = strawberry.field(description=REGION_CODE_DESCRIPTION)
    under_five_cohort: list[CohortCell] | None = strawberry.federation.field(
        default=None, external=True
    )
    cohort: strawberry.Private[object] = None

    @strawberry.federation.field(
        description=(
            "Children under five of decile 1-4 households (denominator, from social) and those missing "
            "a dose of the infant schedule due 30 days or more ago (numerator), by the NIK's region "
            "(docs/statistics.md): this province and its regencies, or this regency; `ageBands` adds "
            "single years 0-4. Suppressed like every statistic; null with INVALID_REGION_CODE below "
            "regencies."
        ),
        requires=[f"underFiveCohort {{ {COHORT_FIELDS} }}"],
        requires_scopes=STATISTICS_SCOPES,
    )
    async def under_fives_missing_immunization(
        self, info: Info, age_bands: bool = False
    ) -> list[StatisticsCell] | None:
        return await region_counts(info, self.cohort, self.code, age_bands, _loaders(info).immunized.load)

    @classmethod
    def resolve_reference(cls, code: str, underFiveCohort: Any = None) -> Region:
        return cls(code=require_region_code(code), cohort=underFiveCohort)


@strawberry.federation.type(keys=["gap"])
class GapRanking:
    """A national ranking of regencies by a gap (social owns it: docs/statistics.md, "Gap ranking");
    health adds the published regency totals of its gap, counted against social's national cohort."""

    gap: GapKind
    under_five_cohort: list[CohortCell] | None = strawberry.federation.field(default=None, external=True)
    cohort: strawberry.Private[object] = None

    @strawberry.federation.field(
        inaccessible=True,
        description=(
            "Published regency totals of under-fives of decile 1-4 households missing immunizations, "
            "for social's ranking."
        ),
        requires=[f"underFiveCohort {{ {COHORT_FIELDS} }}"],
        requires_scopes=STATISTICS_SCOPES,
    )
    async def missing_immunization_totals(self, info: Info) -> list[GapTotal] | None:
        return await ranking_totals(info, self.cohort, _loaders(info).immunized.load)

    @classmethod
    def resolve_reference(cls, gap: str, underFiveCohort: Any = None) -> GapRanking:
        return cls(gap=GapKind(gap), cohort=underFiveCohort)


@strawberry.federation.type(
    keys=["code"], description="A health facility (fasilitas kesehatan): public data."
)
class Facility:
    code: str = strawberry.field(description="Facility code.")
    name: str
    kind: FacilityKind
    region_code: strawberry.Private[str]

    @strawberry.field(description="The district (or regency) the facility is in; resolved by identity.")
    def region(self) -> Region:
        return Region(code=self.region_code)

    @classmethod
    async def resolve_reference(cls, info: Info, code: str) -> Facility | None:
        return await _loaders(info).facilities.load(code)


def facility_from_row(row: asyncpg.Record) -> Facility:
    """A :class:`Facility` from the ``facility_*`` columns of a row."""
    return Facility(
        code=row["facility_code"],
        name=row["facility_name"],
        kind=row["facility_kind"],
        region_code=row["facility_region"],
    )


@strawberry.type(description="BPJS Kesehatan (JKN) membership.")
class BpjsMembership:
    card_number: str = strawberry.field(description="Card number (noKartu), 13 digits.")
    care_class: int = strawberry.field(description="Care class (hakKelas): 1, 2 or 3.")
    pbi: bool = strawberry.field(description="Penerima Bantuan Iuran: the state pays the premium.")
    active: bool
    primary_care_facility: Facility = strawberry.field(description="Registered primary-care facility (FKTP).")


@strawberry.type(description="One vaccine dose given.")
class Immunization:
    vaccine: str
    dose: int = strawberry.field(description="Dose number in the series, from 1.")
    given_on: datetime.date
    facility: Facility


@strawberry.type(description="An ICD-10 diagnosis.")
class Diagnosis:
    code: str = strawberry.field(description="ICD-10 code, e.g. J06.9.")
    name: str


@strawberry.type(description="A visit to a facility, with its diagnosis.")
class Encounter:
    occurred_on: datetime.date
    facility: Facility
    diagnosis: Diagnosis


@strawberry.type(description="A recorded allergy.")
class Allergy:
    substance: str
    reaction: str
    severity: AllergySeverity
    recorded_on: datetime.date


@strawberry.type(description="A citizen's health record (specific personal data, UU 27/2022 Pasal 4).")
class HealthRecord:
    nik: strawberry.Private[str]

    @strawberry.field(description="BPJS Kesehatan membership; null if the citizen has none.")
    async def bpjs(self, info: Info) -> BpjsMembership | None:
        return await _loaders(info).memberships.load(self.nik)

    @strawberry.field(description="Immunizations, oldest first.")
    async def immunizations(self, info: Info) -> list[Immunization]:
        return await _loaders(info).immunizations.load(self.nik)

    @strawberry.field(description="Encounters (visits), oldest first.")
    async def encounters(self, info: Info) -> list[Encounter]:
        return await _loaders(info).encounters.load(self.nik)

    @strawberry.field(description="Recorded allergies, oldest first.")
    async def allergies(self, info: Info) -> list[Allergy]:
        return await _loaders(info).allergies.load(self.nik)


@strawberry.federation.type(keys=["nik"])
class Citizen:
    """Identity owns the citizen (and its description); this subgraph adds ``health``."""

    nik: str = strawberry.field(description=NIK_DESCRIPTION)

    @personal_field(
        CATEGORY, description="The citizen's health record (empty lists when nothing is recorded)."
    )
    def health(self) -> HealthRecord | None:
        return HealthRecord(nik=self.nik)

    @personal_field(
        CATEGORY,
        description=(
            "Doses of the routine infant schedule (Permenkes 12/2017) due 30 days or more ago and not "
            "recorded, for a child under five by the NIK's birth date; 0 from the fifth birthday. A "
            'fact for outreach (docs/social.md, "The gap view").'
        ),
    )
    async def missing_immunization_count(self, info: Info) -> int | None:
        today = datetime.date.today()
        born = birth_date(self.nik, today)
        if born is None:
            return None
        given = await _loaders(info).immunizations.load(self.nik)
        return len(missing_doses(born, today, ((i.vaccine, i.dose) for i in given)))

    @personal_field(
        CATEGORY,
        description=(
            "True when the citizen has an active BPJS Kesehatan membership whose premium the state "
            'pays (PBI-JK). A fact for outreach (docs/social.md, "The gap view").'
        ),
    )
    async def pbi_jk_active(self, info: Info) -> bool | None:
        membership = await _loaders(info).memberships.load(self.nik)
        return membership is not None and membership.active and membership.pbi

    @classmethod
    def resolve_reference(cls, nik: str) -> Citizen:
        return cls(nik=require_nik(nik))


@strawberry.federation.type(
    keys=["memberNik cardNumber"],
    description=(
        "A reference to a BPJS Kesehatan membership by its member and card number (a premium payment's "
        "link to it): `membership` needs the member's consent to the health category."
    ),
)
class BpjsMembershipRef:
    member_nik: str = strawberry.field(description="The member's NIK (Nomor Induk Kependudukan, 16 digits).")
    card_number: str = strawberry.field(description="Card number (noKartu), 13 digits.")

    @reference_field(
        CATEGORY, "memberNik", description="The membership; null unless `cardNumber` is the member's."
    )
    async def membership(self, info: Info) -> BpjsMembership | None:
        return await _loaders(info).membership_refs.load((self.member_nik, self.card_number))

    @classmethod
    def resolve_reference(cls, memberNik: str, cardNumber: str) -> BpjsMembershipRef:
        return cls(member_nik=require_nik(memberNik), card_number=cardNumber)


@strawberry.type
class Query:
    @strawberry.field(description="The facility with this code, or null.")
    async def facility(self, info: Info, code: str) -> Facility | None:
        return await _loaders(info).facilities.load(code)

    @strawberry.field(description="Facilities in a province, regency/city or district (code dotted or not).")
    async def facilities(self, info: Info, region_code: str) -> list[Facility] | None:
        from subgraphs.health import queries

        rows = await queries.facilities_in_region(info.context.pool, require_region_code(region_code))
        return [facility_from_row(row) for row in rows]

    @strawberry.federation.field(
        description=(
            "Immunization coverage of children under five (docs/statistics.md): numerator = children "
            "with at least one immunization, denominator = children under five known to health (in any "
            "health record). The provinces, or a province's regencies (`regionCode`); `ageBands` adds "
            "one cell per year of age (0 to 4)."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def immunization_coverage(
        self, info: Info, region_code: str | None = None, age_bands: bool = False
    ) -> list[StatisticsCell] | None:
        from subgraphs.health import queries

        rows = await queries.immunization_coverage(info.context.pool, datetime.date.today())
        return cells(national_table(rows), region_code, age_bands)

    @strawberry.federation.field(
        description=(
            "BPJS Kesehatan coverage (docs/statistics.md): numerator = active members, denominator = "
            "citizens known to health (in any health record). `ageBands` adds five-year bands."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def bpjs_coverage(
        self, info: Info, region_code: str | None = None, age_bands: bool = False
    ) -> list[StatisticsCell] | None:
        from subgraphs.health import queries

        rows = await queries.bpjs_coverage(info.context.pool, datetime.date.today())
        return cells(national_table(rows), region_code, age_bands)

    @strawberry.federation.field(
        description=(
            "Regencies outside Java and Bali (provinces 31-36 and 51) with the lowest immunization "
            "coverage of children under five first, for outreach; suppressed cells are left out."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def immunization_gaps(self, info: Info, limit: int = 10) -> list[StatisticsCell] | None:
        from subgraphs.health import queries

        limit = require_limit(limit)
        rows = await queries.immunization_coverage(info.context.pool, datetime.date.today())
        return ranked_gaps(national_table(rows), limit)


schema = SubgraphSchema(query=Query, types=[Citizen, Facility, Region, GapRanking, BpjsMembershipRef])
