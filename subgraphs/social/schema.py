"""GraphQL schema of the social subgraph (Kemensos, DTSEN): ``Citizen.social``.

Implements docs/social.md: social adds ``social: SocialRecord`` (nullable, guarded by the
``social:read`` scope and the citizen's consent to the ``social`` category: docs/subgraphs.md,
"Guards") to ``Citizen @key(fields: "nik")``: the household's welfare decile in the unified
social-economic registry (DTSEN, Inpres 4/2025) and the programmes the citizen and their household
receive, with every disbursement. Social-economic data is specific personal data (UU 27/2022
Pasal 4), so its only root field lists citizens (never their data) and needs the
``social:outreach`` scope of a social office and a mandate for social data, for the request's
purpose, that covers the region asked (docs/social.md, "Outreach"): the signed caller carries the
agency's mandates in force, and a region none of them covers is ``FORBIDDEN``, nothing listed.
"""

from __future__ import annotations

import datetime
import enum
import logging
from typing import TYPE_CHECKING, Final, cast

import strawberry
from strawberry.types import Info

from gateway.access.caller import Caller
from subgraphs.common.birth import age_on, birth_date
from subgraphs.common.cohort import (
    ALL_PROVINCES,
    TOTAL_FIELDS,
    CohortCell,
    GapKind,
    GapTotal,
    cohort_cells,
)
from subgraphs.common.errors import INVALID_ARGUMENT, INVALID_REGION_CODE, LINKAGE_UNAVAILABLE, client_error
from subgraphs.common.guards import personal_field
from subgraphs.common.linkage import linkage_of
from subgraphs.common.listing import FORBIDDEN, may_list, refuse_list
from subgraphs.common.nik import NIK_DESCRIPTION, require_nik
from subgraphs.common.region import REGION_CODE_DESCRIPTION, require_region_code
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.statistics import (
    JAVA_BALI,
    STATISTICS_SCOPES,
    NationalTable,
    StatisticsCell,
    cells,
    national_table,
    require_limit,
)
from subgraphs.social.gaps import Facts, decide

if TYPE_CHECKING:
    from aiodataloader import DataLoader

    from subgraphs.common.cohort import CohortMember
    from subgraphs.social.loaders import Loaders

__all__ = [
    "CATEGORY",
    "FORBIDDEN",
    "OUTREACH_SCOPES",
    "Benefit",
    "BenefitRecipient",
    "BenefitStatus",
    "Citizen",
    "Disbursement",
    "DisbursementChannel",
    "GapRanking",
    "Household",
    "OutreachGapDecision",
    "OutreachGapKind",
    "Programme",
    "Query",
    "RankedGap",
    "Region",
    "SocialGap",
    "SocialRecord",
    "schema",
]

#: The consent category of ``Citizen.social`` (docs/subgraphs.md, "Guards").
CATEGORY: Final = "social"

#: Who may list the citizens of a region's poorest households: a social office (docs/social.md).
OUTREACH_SCOPES: Final = [["social:outreach"]]

#: Most citizens one outreach list returns.
MAX_OUTREACH: Final = 5000

#: The caller may not list this region (docs/social.md, "Outreach").

_log = logging.getLogger("subgraphs.social")


def _loaders(info: Info) -> Loaders:
    return cast("Loaders", info.context.loaders)


@strawberry.enum(description="A social assistance programme (Kemensos).")
class Programme(enum.Enum):
    PKH = strawberry.enum_value("PKH", description="Program Keluarga Harapan: conditional cash, quarterly.")
    SEMBAKO = strawberry.enum_value("SEMBAKO", description="Program Sembako (BPNT): food aid to a family.")
    PIP = strawberry.enum_value(
        "PIP", description="Program Indonesia Pintar (KIP): cash for a pupil, yearly."
    )
    PBI_JK = strawberry.enum_value(
        "PBI_JK", description="The state pays the member's BPJS Kesehatan premium."
    )
    BLT = strawberry.enum_value("BLT", description="Bantuan Langsung Tunai: direct cash transfer.")


@strawberry.enum(description="Who a benefit is paid for: the household (family card) or one member.")
class BenefitRecipient(enum.Enum):
    HOUSEHOLD = "HOUSEHOLD"
    MEMBER = "MEMBER"


@strawberry.enum(description="State of a benefit.")
class BenefitStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    ENDED = "ENDED"


@strawberry.enum(description="How a disbursement reached the family.")
class DisbursementChannel(enum.Enum):
    HIMBARA_BANK = strawberry.enum_value(
        "HIMBARA_BANK", description="A state bank account (BRI, BNI, Mandiri, BTN)."
    )
    POS_INDONESIA = strawberry.enum_value("POS_INDONESIA", description="Paid out by PT Pos Indonesia.")


@strawberry.type(description="One payment of a benefit.")
class Disbursement:
    paid_on: datetime.date
    channel: DisbursementChannel
    amount: int = strawberry.field(description="Rupiah.")


@strawberry.type(description="A programme a household or a member receives for a period.")
class Benefit:
    programme: Programme
    recipient: BenefitRecipient
    period_start: datetime.date
    period_end: datetime.date
    amount: int | None = strawberry.field(
        description="Rupiah for the whole period; null when nothing is paid to the family (PBI-JK)."
    )
    status: BenefitStatus
    disbursements: list[Disbursement] = strawberry.field(description="Payments, oldest first.")


@strawberry.federation.type(keys=["code"])
class Region:
    """A Kemendagri region (identity owns it); social adds the statistics cohorts of its province,
    hidden from the API (``@inaccessible``): the gateway fetches them for education's and health's
    ``@requires`` (docs/statistics.md, "Gaps across services")."""

    code: str = strawberry.field(description=REGION_CODE_DESCRIPTION)

    @strawberry.federation.field(
        inaccessible=True,
        requires_scopes=STATISTICS_SCOPES,
        description="Pseudonyms of the members aged 7-18 of decile 1-4 households of the region's province.",
    )
    async def school_age_cohort(self, info: Info) -> list[CohortCell] | None:
        return await _cohort(info, self.code, _loaders(info).school_age_cohorts)

    @strawberry.federation.field(
        inaccessible=True,
        requires_scopes=STATISTICS_SCOPES,
        description="Pseudonyms of the members under five of decile 1-4 households of the region's province.",
    )
    async def under_five_cohort(self, info: Info) -> list[CohortCell] | None:
        return await _cohort(info, self.code, _loaders(info).under_five_cohorts)

    @classmethod
    def resolve_reference(cls, code: str) -> Region:
        return cls(code=require_region_code(code))


async def _cohort(info: Info, code: str, loader: DataLoader[str, list[CohortMember]]) -> list[CohortCell]:
    """The cohort of the province of ``code`` (none below regencies: those are not counted), or of
    every province (``code`` :data:`ALL_PROVINCES`)."""
    if len(code) not in (0, 2, 4):
        return []
    linkage = linkage_of(info)
    return cohort_cells(await loader.load(code[:2]), linkage.pseudonym)


@strawberry.type(description="A family card (KK) as the social-economic registry (DTSEN) assessed it.")
class Household:
    kk: str = strawberry.field(description="Family card number (Kartu Keluarga), 16 digits.")
    decile: int = strawberry.field(description="Welfare decile, 1 (poorest tenth) to 10.")
    assessed_on: datetime.date = strawberry.field(description="When the decile was assessed.")
    village_code: strawberry.Private[str]

    @strawberry.field(description="The village the household was assessed in; resolved by identity.")
    def village(self) -> Region:
        return Region(code=self.village_code)


@strawberry.type(
    description="A citizen's social assistance record (specific personal data, UU 27/2022 Pasal 4)."
)
class SocialRecord:
    nik: strawberry.Private[str]

    @strawberry.field(
        description="The citizen's assessed household; null if the family card is not in DTSEN."
    )
    async def household(self, info: Info) -> Household | None:
        return await _loaders(info).households.load(self.nik)

    @strawberry.field(
        description=(
            "Benefits of the citizen (PIP, PBI-JK) and of their household (PKH, Sembako, BLT), oldest first."
        )
    )
    async def benefits(self, info: Info) -> list[Benefit]:
        return await _loaders(info).benefits.load(self.nik)


@strawberry.enum(
    description='A service a member of a decile 1-4 household is eligible for and does not receive '
    '(docs/social.md, "The gap view").'
)
class OutreachGapKind(enum.Enum):
    OUT_OF_SCHOOL = strawberry.enum_value("OUT_OF_SCHOOL", description="Aged 7-18, no active enrollment.")
    MISSING_IMMUNIZATION = strawberry.enum_value(
        "MISSING_IMMUNIZATION",
        description="Under five, missing a dose of the infant schedule due 30 days or more ago.",
    )
    NO_PBI_JK = strawberry.enum_value(
        "NO_PBI_JK", description="18 or over, without an active BPJS membership paid by the state (PBI)."
    )
    PKH_CHILD_WITHOUT_PIP = strawberry.enum_value(
        "PKH_CHILD_WITHOUT_PIP", description="Aged 7-18 in a household receiving PKH, without PIP."
    )


@strawberry.type(
    description="A citizen's gaps as social decided them from its records and health's and "
    "education's facts; a gap whose fact was withheld is undecided, never absent."
)
class OutreachGapDecision:
    kinds: list[OutreachGapKind] = strawberry.field(description="Gaps found.")
    undecided: list[OutreachGapKind] = strawberry.field(
        description="Gaps that apply to the citizen's age but could not be decided: a fact was withheld."
    )
    withheld: list[str] = strawberry.field(
        description="Consent categories whose facts did not come (no consent or mandate, service down)."
    )


#: What ``outreachGaps`` needs of other services: one fact each, no record (docs/social.md).
GAP_FACTS: Final = "missingImmunizationCount pbiJkActive enrolledNow"

#: The categories of the facts ``outreachGaps`` requires: it names them next to its own, as
#: composition asks of a field requiring guarded fields (Apollo's transitive auth requirements);
#: the gateway decides each where its fact is read (docs/query-planning.md, "Consent boundaries").
GAP_CATEGORIES: Final = (CATEGORY, "health", "education")

#: ``outreachGaps`` reveals social, health and education facts: the caller needs all three read
#: scopes (or to be the citizen) and the citizen's consent to all three categories.
GAP_SCOPES: Final = [[f"{category}:read" for category in GAP_CATEGORIES], ["citizen"]]
GAP_POLICY: Final = [[f"consent:{category}" for category in GAP_CATEGORIES]]


def _count(value: object) -> int | None:
    """A required count as the gateway sent it, or ``None`` (withheld) when it is not one."""
    return value if type(value) is int and value >= 0 else None


def _flag(value: object) -> bool | None:
    """A required Boolean as the gateway sent it, or ``None`` (withheld) when it is not one."""
    return value if type(value) is bool else None


@strawberry.federation.type(keys=["nik"])
class Citizen:
    """Identity owns the citizen (and its description); this subgraph adds ``social`` and
    ``outreachGaps``, and names the facts of health and education it requires (``@external``)."""

    nik: str = strawberry.field(description=NIK_DESCRIPTION)
    missing_immunization_count: int | None = strawberry.federation.field(external=True, default=None)
    pbi_jk_active: bool | None = strawberry.federation.field(external=True, default=None)
    enrolled_now: bool | None = strawberry.federation.field(external=True, default=None)

    @personal_field(
        CATEGORY,
        description=(
            "The citizen's social assistance record (household null, no benefits when not registered)."
        ),
    )
    def social(self) -> SocialRecord | None:
        return SocialRecord(nik=self.nik)

    @strawberry.federation.field(
        description=(
            "The citizen's gaps (docs/social.md, \"The gap view\"), decided by social from its records, "
            "the age in the NIK and health's and education's facts, each read under its own consent "
            "category; no gap for a citizen not of a decile 1-4 household."
        ),
        requires=[GAP_FACTS],
        requires_scopes=GAP_SCOPES,
        policy=GAP_POLICY,
    )
    async def outreach_gaps(self, info: Info) -> OutreachGapDecision | None:
        today = datetime.date.today()
        born = birth_date(self.nik, today)
        household = await _loaders(info).gap_facts.load(self.nik)
        decision = decide(
            age=age_on(born, today) if born is not None else None,
            household=household,
            facts=Facts(
                missing_immunizations=self.missing_immunization_count,
                pbi_jk_active=self.pbi_jk_active,
                enrolled_now=self.enrolled_now,
            ),
        )
        return OutreachGapDecision(
            kinds=[OutreachGapKind(k.value) for k in decision.kinds],
            undecided=[OutreachGapKind(k.value) for k in decision.undecided],
            withheld=list(decision.withheld),
        )

    @classmethod
    def resolve_reference(cls, nik: str, **facts: object) -> Citizen:
        """A citizen from a representation; the facts ``outreachGaps`` requires come with it when it
        is asked (anything but a value of the field's type counts as withheld)."""
        return cls(
            nik=require_nik(nik),
            missing_immunization_count=_count(facts.get("missingImmunizationCount")),
            pbi_jk_active=_flag(facts.get("pbiJkActive")),
            enrolled_now=_flag(facts.get("enrolledNow")),
        )


@strawberry.enum(description='A gap the social registry can count alone (docs/statistics.md, "Social gaps").')
class SocialGap(enum.Enum):
    ADULTS_WITHOUT_PBI_JK = strawberry.enum_value(
        "ADULTS_WITHOUT_PBI_JK", description="Adults (18+) of decile 1-4 households without active PBI-JK."
    )
    PKH_CHILDREN_WITHOUT_PIP = strawberry.enum_value(
        "PKH_CHILDREN_WITHOUT_PIP", description="Children 7-18 of PKH households without active PIP."
    )


@strawberry.type(description="A regency in a gap ranking: counts as published (never a suppressed cell).")
class RankedGap:
    rank: int = strawberry.field(description="1 for the largest share with the gap.")
    region_code: str = strawberry.field(description="Undotted regency/city code (4 digits).")
    province_code: str
    outside_java_bali: bool = strawberry.field(description="True outside Java (31-36) and Bali (51).")
    numerator: int = strawberry.field(description="Citizens with the gap.")
    denominator: int = strawberry.field(description="Citizens eligible.")
    rate: float = strawberry.field(description="numerator / denominator.")


async def _gap_table(info: Info, gap: SocialGap) -> NationalTable:
    from subgraphs.social import queries

    fetch = {
        SocialGap.ADULTS_WITHOUT_PBI_JK: queries.adults_without_pbi_jk,
        SocialGap.PKH_CHILDREN_WITHOUT_PIP: queries.pkh_children_without_pip,
    }[gap]
    return national_table(await fetch(info.context.pool, datetime.date.today()))


def _published(table: NationalTable) -> list[GapTotal]:
    """The published regency totals of a table social counts alone."""
    found = []
    for (region, band), counts in table.counts.items():
        published = band is None and len(region) == 4 and (region, None) not in table.suppressed
        if published and counts.numerator is not None and counts.denominator:
            found.append(
                GapTotal(region_code=region, numerator=counts.numerator, denominator=counts.denominator)
            )
    return found


def _ranked(totals: list[GapTotal], limit: int) -> list[RankedGap]:
    """Regencies with the largest share first (ties by code), at most ``limit``."""
    found = sorted(
        (t for t in totals if t.denominator > 0), key=lambda t: (-t.numerator / t.denominator, t.region_code)
    )
    return [
        RankedGap(
            rank=n,
            region_code=t.region_code,
            province_code=t.region_code[:2],
            outside_java_bali=t.region_code[:2] not in JAVA_BALI,
            numerator=t.numerator,
            denominator=t.denominator,
            rate=t.numerator / t.denominator,
        )
        for n, t in enumerate(found[:limit], start=1)
    ]


def _ranking(table: NationalTable, limit: int) -> list[RankedGap]:
    return _ranked(_published(table), limit)


_SOCIAL_GAPS: Final = {
    GapKind.ADULTS_WITHOUT_PBI_JK: SocialGap.ADULTS_WITHOUT_PBI_JK,
    GapKind.PKH_CHILDREN_WITHOUT_PIP: SocialGap.PKH_CHILDREN_WITHOUT_PIP,
}


@strawberry.federation.type(
    keys=["gap"],
    description=(
        'Regencies ranked by a gap (docs/statistics.md, "Gap ranking"): social counts its own gaps; '
        "education and health count theirs against social's cohort and give back only published totals."
    ),
)
class GapRanking:
    gap: GapKind
    out_of_school_totals: list[GapTotal] | None = strawberry.federation.field(default=None, external=True)
    missing_immunization_totals: list[GapTotal] | None = strawberry.federation.field(
        default=None, external=True
    )
    totals: strawberry.Private[dict[GapKind, object]] = strawberry.field(default_factory=dict)

    @strawberry.federation.field(
        inaccessible=True,
        requires_scopes=STATISTICS_SCOPES,
        description="For OUT_OF_SCHOOL: pseudonyms of the members aged 7-18 of decile 1-4 households.",
    )
    async def school_age_cohort(self, info: Info) -> list[CohortCell] | None:
        if self.gap is not GapKind.OUT_OF_SCHOOL:
            return []
        return await _cohort(info, ALL_PROVINCES, _loaders(info).school_age_cohorts)

    @strawberry.federation.field(
        inaccessible=True,
        requires_scopes=STATISTICS_SCOPES,
        description="For MISSING_IMMUNIZATION: pseudonyms of the under-fives of decile 1-4 households.",
    )
    async def under_five_cohort(self, info: Info) -> list[CohortCell] | None:
        if self.gap is not GapKind.MISSING_IMMUNIZATION:
            return []
        return await _cohort(info, ALL_PROVINCES, _loaders(info).under_five_cohorts)

    @strawberry.federation.field(
        description=(
            "Regencies with the largest share of the gap first (suppressed regencies left out), each "
            "flagged when outside Java and Bali, at most `limit` (1 to 100)."
        ),
        requires=[f"outOfSchoolTotals {{ {TOTAL_FIELDS} }} missingImmunizationTotals {{ {TOTAL_FIELDS} }}"],
        requires_scopes=STATISTICS_SCOPES,
    )
    async def regencies(self, info: Info, limit: int = 10) -> list[RankedGap] | None:
        limit = require_limit(limit)
        if self.gap in _SOCIAL_GAPS:
            return _ranking(await _gap_table(info, _SOCIAL_GAPS[self.gap]), limit)
        return _ranked(_read_totals(self.totals.get(self.gap)), limit)

    @classmethod
    def resolve_reference(
        cls, gap: str, outOfSchoolTotals: object = None, missingImmunizationTotals: object = None
    ) -> GapRanking:
        return cls(
            gap=GapKind(gap),
            totals={
                GapKind.OUT_OF_SCHOOL: outOfSchoolTotals,
                GapKind.MISSING_IMMUNIZATION: missingImmunizationTotals,
            },
        )


def _read_totals(value: object) -> list[GapTotal]:
    """Published totals as education or health sent them, checked; null: they could not be had."""
    if not isinstance(value, list):
        raise client_error("the counts this ranking needs could not be had", LINKAGE_UNAVAILABLE)
    found = []
    for item in value:
        code, num, den = (item.get(k) if isinstance(item, dict) else None for k in TOTAL_FIELDS.split())
        if not (isinstance(code, str) and type(num) is int and type(den) is int):
            raise client_error("the counts this ranking needs are malformed", LINKAGE_UNAVAILABLE)
        found.append(GapTotal(region_code=code, numerator=num, denominator=den))
    return found


@strawberry.type
class Query:
    @strawberry.federation.field(
        description=(
            "Adults (18+) of decile 1-4 households (denominator) and those without an active PBI-JK "
            "(numerator), by the NIK's region (docs/statistics.md). The provinces, or a province's "
            "regencies (`regionCode`); `ageBands` adds 17-19 (18-19 only), 20-24, ..., 75+."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def adults_without_pbi_jk(
        self, info: Info, region_code: str | None = None, age_bands: bool = False
    ) -> list[StatisticsCell] | None:
        return cells(await _gap_table(info, SocialGap.ADULTS_WITHOUT_PBI_JK), region_code, age_bands)

    @strawberry.federation.field(
        description=(
            "Children 7-18 of households receiving PKH (denominator) and those without an active PIP "
            "(numerator), by the NIK's region (docs/statistics.md); `ageBands` adds 7-12, 13-15, 16-18."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def pkh_children_without_pip(
        self, info: Info, region_code: str | None = None, age_bands: bool = False
    ) -> list[StatisticsCell] | None:
        return cells(await _gap_table(info, SocialGap.PKH_CHILDREN_WITHOUT_PIP), region_code, age_bands)

    @strawberry.federation.field(
        description=(
            "Regencies with the largest share of `gap` first (suppressed cells left out), each flagged "
            "when outside Java and Bali, at most `limit` (1 to 100)."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def social_gap_ranking(self, info: Info, gap: SocialGap, limit: int = 10) -> list[RankedGap] | None:
        limit = require_limit(limit)
        return _ranking(await _gap_table(info, gap), limit)

    @strawberry.federation.field(
        description=(
            "A ranking of regencies by any of the four gaps (docs/statistics.md, \"Gap ranking\"): "
            "select `regencies(limit:)`."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    def gap_ranking(self, gap: GapKind) -> GapRanking | None:
        return GapRanking(gap=gap)

    @strawberry.federation.field(
        description=(
            "Citizens of the households of a regency, district or village (code dotted or not) whose "
            "welfare decile is at most `maxDecile` (1-10, default 4), by NIK, at most `limit` (1 to "
            "5,000). Only for an agency whose mandate for social data and this purpose covers the "
            "whole region (else FORBIDDEN). Only the list: every record of each citizen is read through "
            '`Citizen`, under consent or mandate (docs/social.md, "Outreach").'
        ),
        requires_scopes=OUTREACH_SCOPES,
    )
    async def outreach_candidates(
        self, info: Info, region_code: str, max_decile: int = 4, limit: int = 1000
    ) -> list[Citizen] | None:
        from subgraphs.social import queries

        code = require_region_code(region_code)
        if len(code) < 4:
            raise client_error("give a regency (4), district (6) or village (10) code", INVALID_REGION_CODE)
        if not 1 <= max_decile <= 10:
            raise client_error("maxDecile must be 1 to 10", INVALID_ARGUMENT)
        if not 1 <= limit <= MAX_OUTREACH:
            raise client_error(f"limit must be 1 to {MAX_OUTREACH}", INVALID_ARGUMENT)
        caller: Caller = info.context.caller
        if not may_list(caller, scope="social:outreach", category=CATEGORY, region=code):
            refuse_list(
                _log, caller, f"outreach refused: region {code}",
                f"Region {code} may be listed only by an agency whose mandate for social data and this "
                "purpose covers the whole region (region rule, docs/social.md); none of the caller's does.",
            )  # fmt: skip
        rows = await queries.outreach_candidates(info.context.pool, code, max_decile, limit)
        return [Citizen(nik=row["nik"]) for row in rows]


schema = SubgraphSchema(query=Query, types=[Citizen, Region, GapRanking])
