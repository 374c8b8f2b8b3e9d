"""GraphQL schema of the civil-service subgraph (BKN, ASN): ``Citizen.civilService`` and agencies.

Implements docs/civilservice.md: civilservice adds ``civilService: CivilServiceRecord`` (nullable,
guarded by the ``civilservice:read`` scope and the citizen's consent to the ``civilservice``
category: docs/subgraphs.md, "Guards") to ``Citizen @key(fields: "nik")``, and owns
``GovernmentAgency @key(fields: "code")``, the instances civil servants work for (public data, in
a region resolved by identity). Named ``GovernmentAgency`` because the consent registry's
``Agency`` is another set: the agencies that ask for citizens' data.
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING, Final, cast

import asyncpg
import strawberry
from strawberry.types import Info

from subgraphs.common.guards import personal_field
from subgraphs.common.nik import NIK_DESCRIPTION, require_nik
from subgraphs.common.region import RegionReference, require_region_code
from subgraphs.common.schema import SubgraphSchema

if TYPE_CHECKING:
    from subgraphs.civilservice.loaders import Loaders

__all__ = [
    "CATEGORY",
    "AgencyLevel",
    "Citizen",
    "CivilServantKind",
    "CivilServiceRecord",
    "GovernmentAgency",
    "Query",
    "agency_from_row",
    "schema",
]

#: The consent category of ``Citizen.civilService`` (docs/subgraphs.md, "Guards").
CATEGORY: Final = "civilservice"


def _loaders(info: Info) -> Loaders:
    return cast("Loaders", info.context.loaders)


@strawberry.enum(description="Kind of civil servant (ASN, UU 20/2023).")
class CivilServantKind(enum.Enum):
    PNS = strawberry.enum_value("PNS", description="Pegawai Negeri Sipil: career civil servant.")
    PPPK = strawberry.enum_value(
        "PPPK", description="Pegawai Pemerintah dengan Perjanjian Kerja: on contract."
    )


@strawberry.enum(description="Level of government an agency belongs to.")
class AgencyLevel(enum.Enum):
    CENTRAL = "CENTRAL"
    PROVINCE = "PROVINCE"
    REGENCY = "REGENCY"


@strawberry.federation.type(
    keys=["code"], description="A government agency (instansi) civil servants work for: public data."
)
class GovernmentAgency:
    code: str = strawberry.field(description="Agency code.")
    name: str
    level: AgencyLevel
    region_code: strawberry.Private[str]

    @strawberry.field(
        description="The province or regency/city the agency is seated in; resolved by identity."
    )
    def region(self) -> RegionReference:
        return RegionReference(code=self.region_code)

    @classmethod
    async def resolve_reference(cls, info: Info, code: str) -> GovernmentAgency | None:
        return await _loaders(info).agencies.load(code)


def agency_from_row(row: asyncpg.Record) -> GovernmentAgency:
    """A :class:`GovernmentAgency` from the ``agency_*`` columns of a row."""
    return GovernmentAgency(
        code=row["agency_code"],
        name=row["agency_name"],
        level=row["agency_level"],
        region_code=row["agency_region"],
    )


@strawberry.type(description="A civil servant's record (BKN): personal data.")
class CivilServiceRecord:
    nip: str = strawberry.field(
        description=(
            "Nomor Induk Pegawai, 18 digits: birth date YYYYMMDD, appointment year and month YYYYMM, "
            "sex (1 male, 2 female), serial."
        )
    )
    kind: CivilServantKind
    grade: str = strawberry.field(
        description="Rank (golongan/ruang) of a PNS, I/a to IV/e; a PPPK's grade, I to XVII."
    )
    position: str = strawberry.field(description="Position (jabatan).")
    appointed_on: datetime.date = strawberry.field(description="Start of service (TMT).")
    active: bool
    agency: GovernmentAgency


@strawberry.federation.type(keys=["nik"])
class Citizen:
    """Identity owns the citizen (and its description); this subgraph adds ``civilService``."""

    nik: str = strawberry.field(description=NIK_DESCRIPTION)

    @personal_field(CATEGORY, description="The citizen's civil-service record; null if not a civil servant.")
    async def civil_service(self, info: Info) -> CivilServiceRecord | None:
        return await _loaders(info).servants.load(self.nik)

    @classmethod
    def resolve_reference(cls, nik: str) -> Citizen:
        return cls(nik=require_nik(nik))


@strawberry.type
class Query:
    @strawberry.field(description="The government agency with this code, or null.")
    async def government_agency(self, info: Info, code: str) -> GovernmentAgency | None:
        return await _loaders(info).agencies.load(code)

    @strawberry.field(
        description="Government agencies seated in a province or regency/city (code dotted or not)."
    )
    async def government_agencies(self, info: Info, region_code: str) -> list[GovernmentAgency] | None:
        from subgraphs.civilservice import queries

        rows = await queries.agencies_in_region(info.context.pool, require_region_code(region_code))
        return [agency_from_row(row) for row in rows]


schema = SubgraphSchema(query=Query, types=[Citizen, GovernmentAgency])
