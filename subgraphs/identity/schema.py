"""GraphQL schema of the identity subgraph (Dukcapil): ``Citizen``, ``Family``, ``Region``.

Implements docs/subgraphs.md, "identity": identity owns ``Citizen @key(fields: "nik")`` and
``Region @key(fields: "code")``; other subgraphs add fields to ``Citizen`` and refer to regions.
Resolvers only call loaders (never SQL); see :mod:`subgraphs.identity.loaders`.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import asyncpg
import strawberry
from strawberry.federation.schema_directives import ListSize
from strawberry.types import Info
from strawberry.types.unset import UNSET  # left out of the SDL (the reference composer refuses null)

from subgraphs.common.errors import INVALID_ARGUMENT, client_error
from subgraphs.common.guards import personal_field, read_scopes
from subgraphs.common.nik import NIK_DESCRIPTION, require_nik
from subgraphs.common.region import REGION_CODE_DESCRIPTION, dotted_region_code, require_region_code
from subgraphs.common.schema import COST_FEDERATION_VERSION, SubgraphSchema
from subgraphs.common.statistics import (
    STATISTICS_SCOPES,
    RegionLevel,
    StatisticsCell,
    cells,
    national_table,
)

if TYPE_CHECKING:
    from subgraphs.identity.loaders import Loaders

__all__ = [
    "CATEGORY",
    "MAX_BATCH",
    "BloodType",
    "Citizen",
    "DeviceClass",
    "DigitalId",
    "Family",
    "FamilyMember",
    "FamilyRelation",
    "Household",
    "MaritalStatus",
    "Query",
    "Region",
    "RegionLevel",
    "Religion",
    "Sex",
    "citizen_from_row",
    "regions_from_rows",
    "schema",
]

#: Most NIKs ``citizens(niks:)`` answers at once.
MAX_BATCH = 1000
#: The size the gateway assumes for a family card's members when estimating a query's cost.
FAMILY_SIZE = 10

#: Age (in completed years) below which a citizen is a minor (UU 35/2014 on child protection).
ADULT_AGE = 18


def _loaders(info: Info) -> Loaders:
    return cast("Loaders", info.context.loaders)


@strawberry.enum(description="Sex as recorded by Dukcapil.")
class Sex(enum.Enum):
    MALE = "MALE"
    FEMALE = "FEMALE"


@strawberry.enum(description="Religion or belief as recorded on the KTP.")
class Religion(enum.Enum):
    ISLAM = "ISLAM"
    PROTESTANT = "PROTESTANT"
    CATHOLIC = "CATHOLIC"
    HINDU = "HINDU"
    BUDDHIST = "BUDDHIST"
    CONFUCIAN = "CONFUCIAN"
    BELIEF = "BELIEF"


@strawberry.enum(description="Marital status (status perkawinan).")
class MaritalStatus(enum.Enum):
    SINGLE = "SINGLE"
    MARRIED = "MARRIED"
    DIVORCED = "DIVORCED"
    WIDOWED = "WIDOWED"


@strawberry.enum(description="ABO blood group.")
class BloodType(enum.Enum):
    A = "A"
    B = "B"
    AB = "AB"
    O = "O"  # noqa: E741


@strawberry.enum(description="A member's relation to the head of the family (Kartu Keluarga).")
class FamilyRelation(enum.Enum):
    HEAD = "HEAD"
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    OTHER = "OTHER"


_LEVELS: dict[int, RegionLevel] = {
    1: RegionLevel.PROVINCE,
    2: RegionLevel.REGENCY,
    3: RegionLevel.DISTRICT,
    4: RegionLevel.VILLAGE,
}


@strawberry.federation.type(
    keys=["code"],
    description="A Kemendagri region (Permendagri 137/2017): province, regency/city, district or village.",
)
class Region:
    code: str = strawberry.field(description=REGION_CODE_DESCRIPTION)
    # nullable in the schema (docs/subgraphs.md, "Failure isolation"): health and education refer
    # to regions by code, and without identity a school's region keeps its code, not the school
    level: RegionLevel = strawberry.field(graphql_type=RegionLevel | None)
    name: str = strawberry.field(graphql_type=str | None)
    postal_code: str | None = strawberry.field(description="Postal code (villages only, where known).")
    dotted_code: str = strawberry.field(
        graphql_type=str | None, description="The code written with dots, e.g. 31.71.01.1001."
    )
    province: Region | None = strawberry.field(
        default=None, description="The province containing this region (itself for a province)."
    )
    regency: Region | None = strawberry.field(
        default=None, description="The regency or city containing it (itself for one; null for a province)."
    )
    district: Region | None = strawberry.field(
        default=None, description="The district (kecamatan) containing it; null above district level."
    )
    village: Region | None = strawberry.field(
        default=None, description="The village (kelurahan/desa) itself; null above village level."
    )

    @classmethod
    def resolve_reference(cls, info: Info, code: str) -> Awaitable[Region | None]:
        # the loader's future itself, not a coroutine around it: one object fewer per entity
        return _loaders(info).regions.load(require_region_code(code))


def regions_from_rows(rows: Iterable[asyncpg.Record]) -> dict[str, Region]:
    """Regions from ``region`` rows (``code, level, name, postal_code``), by code, each linked to
    those of its ancestors that are among the rows (so ``province`` etc. need no further lookup)."""
    found = {
        row["code"]: Region(
            code=row["code"],
            level=_LEVELS[row["level"]],
            name=row["name"],
            postal_code=row["postal_code"],
            dotted_code=dotted_region_code(row["code"]),
        )
        for row in rows
    }
    for code, region in found.items():
        size = len(code)
        region.province = found.get(code[:2])
        region.regency = found.get(code[:4]) if size >= 4 else None
        region.district = found.get(code[:6]) if size >= 6 else None
        region.village = region if size == 10 else None
    return found


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@strawberry.enum(description="Kind of phone a digital ID card (IKD) was activated on.")
class DeviceClass(enum.Enum):
    ANDROID = "ANDROID"
    IOS = "IOS"


@strawberry.type(
    description=(
        "The digital identity card (IKD, Permendagri 72/2022): whether the citizen activated it in the "
        "app, when, and on which kind of device. No biometric data."
    )
)
class DigitalId:
    activated: bool
    activated_on: datetime.date | None = strawberry.field(description="Null when not activated.")
    device_class: DeviceClass | None = strawberry.field(description="Null when not activated.")


#: The consent category of every ``Citizen`` field identity serves (docs/subgraphs.md, "Guards").
CATEGORY = "identity"


@strawberry.federation.type(keys=["nik"], description="A resident registered by Dukcapil, keyed by NIK.")
class Citizen:
    """Every field but the key is guarded (:func:`~subgraphs.common.guards.personal_field`) and
    nullable in the schema; the Python attributes keep the types the row gives."""

    nik: str = strawberry.field(description=NIK_DESCRIPTION)
    full_name: str = personal_field(CATEGORY, str | None)
    sex: Sex = personal_field(CATEGORY, Sex | None)
    birth_place: str = personal_field(CATEGORY, str | None)
    birth_date: datetime.date = personal_field(CATEGORY, datetime.date | None)
    religion: Religion = personal_field(CATEGORY, Religion | None)
    marital_status: MaritalStatus = personal_field(CATEGORY, MaritalStatus | None)
    blood_type: BloodType | None = personal_field(CATEGORY, description="Null when unknown.")
    address: str = personal_field(
        CATEGORY, str | None, description="Street address (the village is in `village`)."
    )
    family_relation: FamilyRelation = personal_field(
        CATEGORY, FamilyRelation | None, description="Relation to the head of the family card."
    )
    deceased_on: datetime.date | None = personal_field(
        CATEGORY, description="Date of death; null while alive."
    )
    digital_id: DigitalId = personal_field(
        CATEGORY, DigitalId | None, description="The digital identity card (IKD) activation."
    )
    village_code: strawberry.Private[str]
    kk: strawberry.Private[str]

    deceased: bool = personal_field(CATEGORY, bool | None, description="Whether a death is registered.")
    age: int = personal_field(
        CATEGORY, int | None, description="Age in completed years when loaded (at death, if deceased)."
    )
    is_minor: bool = personal_field(
        CATEGORY,
        bool | None,
        description="Under 18 years old (a child under UU 35/2014; specific data under UU 27/2022).",
    )

    @personal_field(CATEGORY, description="The village (kelurahan/desa) of residence.")
    async def village(self, info: Info) -> Region | None:
        return await _loaders(info).regions.load(self.village_code)

    @personal_field(CATEGORY, description="The family card (Kartu Keluarga) the citizen is listed on.")
    def family(self) -> Family | None:
        return Family(kk=self.kk)

    @classmethod
    def resolve_reference(cls, info: Info, nik: str) -> Awaitable[Citizen | None]:
        # the loader's future itself, not a coroutine around it: one object fewer per entity
        return _loaders(info).citizens.load(require_nik(nik))


def citizen_from_row(row: asyncpg.Record, today: datetime.date | None = None) -> Citizen:
    """A :class:`Citizen` from a ``citizen`` row; age and minority are computed here, once."""
    deceased_on: datetime.date | None = row["deceased_on"]
    age = _age(row["birth_date"], deceased_on or today or datetime.date.today())
    return Citizen(
        nik=row["nik"],
        full_name=row["full_name"],
        sex=row["sex"],
        birth_place=row["birth_place"],
        birth_date=row["birth_date"],
        religion=row["religion"],
        marital_status=row["marital_status"],
        blood_type=row["blood_type"],
        address=row["address"],
        family_relation=row["family_relation"],
        deceased_on=deceased_on,
        deceased=deceased_on is not None,
        age=age,
        is_minor=age < ADULT_AGE,
        village_code=row["village_code"],
        kk=row["kk"],
        digital_id=DigitalId(
            activated=row["ikd_activated_on"] is not None,
            activated_on=row["ikd_activated_on"],
            device_class=row["ikd_device_class"],
        ),
    )


@strawberry.type(description="One person on a family card, with their relation to its head.")
class FamilyMember:
    relation: FamilyRelation
    citizen: Citizen = strawberry.federation.field(requires_scopes=read_scopes(CATEGORY))


@dataclass(slots=True)
class Household:
    """What the ``family`` table (and its members) say about one family card; not a GraphQL type."""

    address: str
    village_code: str
    members: list[FamilyMember]


@strawberry.type(description="A family card (Kartu Keluarga): the household and its members.")
class Family:
    """Only the KK number is known up front (it is on the citizen's row), so ``family { kk }`` costs
    no statement; the other fields share one loader (family joined with its members)."""

    kk: str = strawberry.field(description="Family card number, 16 digits.")

    async def _household(self, info: Info) -> Household:
        return cast(Household, await _loaders(info).households.load(self.kk))

    @strawberry.field(description="Address of the household as on the card.")
    async def address(self, info: Info) -> str:
        return (await self._household(info)).address

    @strawberry.field(description="The village of the household.")
    async def village(self, info: Info) -> Region:
        household = await self._household(info)
        return cast(Region, await _loaders(info).regions.load(household.village_code))

    @strawberry.federation.field(
        description="Head first, then spouse(s), then children by birth date.",
        # the gateway's cost estimate (docs/gateway.md, "Limits"): a card lists a household
        directives=[ListSize(assumed_size=FAMILY_SIZE, slicing_arguments=UNSET, sized_fields=UNSET)],
    )
    async def members(self, info: Info) -> list[FamilyMember]:
        return (await self._household(info)).members


@strawberry.type
class Query:
    @strawberry.federation.field(
        description="The citizen holding this NIK, or null if none does.",
        requires_scopes=read_scopes(CATEGORY),
    )
    async def citizen(self, info: Info, nik: str) -> Citizen | None:
        return await _loaders(info).citizens.load(require_nik(nik))

    @strawberry.federation.field(
        description=f"Citizens by NIK, in order, null where unknown (at most {MAX_BATCH}).",
        requires_scopes=read_scopes(CATEGORY),
        # the most it answers; the gateway counts the NIKs sent instead (docs/gateway.md, "Limits":
        # slicing arguments must be integers for the reference composer)
        directives=[ListSize(assumed_size=MAX_BATCH, slicing_arguments=UNSET, sized_fields=UNSET)],
    )
    async def citizens(self, info: Info, niks: list[str]) -> list[Citizen | None] | None:
        if len(niks) > MAX_BATCH:
            raise client_error(f"at most {MAX_BATCH} NIKs per call", INVALID_ARGUMENT)
        return await _loaders(info).citizens.load_many([require_nik(nik) for nik in niks])

    @strawberry.field(description="The region with this code (dotted or undotted), or null.")
    async def region(self, info: Info, code: str) -> Region | None:
        return await _loaders(info).regions.load(require_region_code(code))

    @strawberry.field(description="Regions directly below `parentCode`, or the provinces when it is omitted.")
    async def regions(self, info: Info, parent_code: str | None = None) -> list[Region] | None:
        from subgraphs.identity import queries

        parent = None if parent_code is None else require_region_code(parent_code)
        rows = await queries.regions_by_parent(info.context.pool, parent)
        found = regions_from_rows(rows)
        return [
            region
            for region in found.values()
            if region.code != parent and len(region.code) > len(parent or "")
        ]

    @strawberry.federation.field(
        description=(
            "Living citizens aged 17+ (docs/statistics.md), counted by the region and birth date their "
            "NIK carries: `denominator` only (`numerator` and `rate` null), the denominator of police's "
            "`drivingLicencesPer1000Adults`. The provinces, or a province's regencies (`regionCode`); "
            "`ageBands` adds 17-19, 20-24, ..., 75+."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def adults_by_region(
        self, info: Info, region_code: str | None = None, age_bands: bool = False
    ) -> list[StatisticsCell] | None:
        from subgraphs.identity import queries

        rows = await queries.adults(info.context.pool, datetime.date.today())
        return cells(national_table(rows), region_code, age_bands)


schema = SubgraphSchema(query=Query, types=[Citizen, Region], federation_version=COST_FEDERATION_VERSION)
