"""GraphQL schema of the police subgraph: ``Citizen.police``.

Implements docs/subgraphs.md, "police": police adds ``police: PoliceRecord`` (nullable, guarded by a
scope and the citizen's consent: docs/subgraphs.md, "Guards") to ``Citizen @key(fields: "nik")``.
Its only root field is public reference data (the SIM classes of Perpol 5/2021); every personal
record is reached through ``Citizen``, or through a reference entity that names its holder
(``DrivingLicenceRef @key(fields: "holderNik number")``, ``ClearanceCertificateRef``: a payment's
link to the record it paid for, docs/payments.md). A reference's record is guarded by the police
scope and the holder's consent (``consent:police:holderNik``), and resolved only when the number
is really the holder's: a mismatch is null (docs/access.md, "Reference entities").
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING, cast

import strawberry
from strawberry.types import Info

from subgraphs.common.guards import personal_field, reference_field
from subgraphs.common.nik import NIK_DESCRIPTION, require_nik
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.statistics import STATISTICS_SCOPES, StatisticsCell, cells, national_table

if TYPE_CHECKING:
    from subgraphs.police.loaders import Loaders

__all__ = [
    "CATEGORY",
    "Citizen",
    "ClearanceCertificate",
    "ClearanceCertificateRef",
    "ClearanceFinding",
    "DrivingLicence",
    "DrivingLicenceClass",
    "DrivingLicenceClassInfo",
    "DrivingLicenceRef",
    "LicenceStatus",
    "PoliceRecord",
    "Query",
    "Vehicle",
    "VehicleKind",
    "schema",
]

#: The consent category of ``Citizen.police`` (docs/subgraphs.md, "Guards").
CATEGORY = "police"


def _loaders(info: Info) -> Loaders:
    return cast("Loaders", info.context.loaders)


@strawberry.enum(description="Driving licence (SIM) class, Perpol 5/2021.")
class DrivingLicenceClass(enum.Enum):
    A = "A"
    A_UMUM = "A_UMUM"
    BI = "BI"
    BI_UMUM = "BI_UMUM"
    BII = "BII"
    BII_UMUM = "BII_UMUM"
    C = "C"
    CI = "CI"
    CII = "CII"
    D = "D"
    DI = "DI"


@strawberry.enum(description="State of a driving licence.")
class LicenceStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"


@strawberry.enum(description="What a police clearance check found.")
class ClearanceFinding(enum.Enum):
    NO_RECORD = "NO_RECORD"
    RECORD_FOUND = "RECORD_FOUND"


@strawberry.enum(description="Kind of registered motor vehicle.")
class VehicleKind(enum.Enum):
    MOTORCYCLE = "MOTORCYCLE"
    CAR = "CAR"
    TRUCK = "TRUCK"
    BUS = "BUS"


@strawberry.type(description="A driving licence (Surat Izin Mengemudi), valid 5 years.")
class DrivingLicence:
    number: str
    licence_class: DrivingLicenceClass
    issued_on: datetime.date
    expires_on: datetime.date
    status: LicenceStatus


@strawberry.type(description="A police clearance certificate (SKCK), valid 6 months (Perpol 6/2023).")
class ClearanceCertificate:
    number: str
    purpose: str = strawberry.field(description="Why it was requested, e.g. a job application.")
    issued_on: datetime.date
    expires_on: datetime.date = strawberry.field(description="Six months after issue.")
    finding: ClearanceFinding = strawberry.field(
        description="Criminal-record finding: specific personal data."
    )


@strawberry.type(description="A motor vehicle registered to the citizen (STNK).")
class Vehicle:
    plate: str = strawberry.field(description="Registration plate (TNKB), e.g. B 1234 XYZ.")
    kind: VehicleKind
    make: str
    model: str
    year: int
    stnk_expires_on: datetime.date = strawberry.field(description="Expiry of the registration certificate.")


@strawberry.type(description="A citizen's police record.")
class PoliceRecord:
    nik: strawberry.Private[str]

    @strawberry.field(description="Driving licences, oldest first.")
    async def driving_licences(self, info: Info) -> list[DrivingLicence]:
        return await _loaders(info).licences.load(self.nik)

    @strawberry.field(description="Police clearance certificates, oldest first.")
    async def clearance_certificates(self, info: Info) -> list[ClearanceCertificate]:
        return await _loaders(info).clearances.load(self.nik)

    @strawberry.field(description="Registered vehicles, by plate.")
    async def vehicles(self, info: Info) -> list[Vehicle]:
        return await _loaders(info).vehicles.load(self.nik)


@strawberry.federation.type(keys=["nik"])
class Citizen:
    """Identity owns the citizen; this subgraph adds ``police``."""

    nik: str = strawberry.field(description=NIK_DESCRIPTION)

    @personal_field(
        CATEGORY, description="The citizen's police record (empty lists when nothing is recorded)."
    )
    def police(self) -> PoliceRecord | None:
        return PoliceRecord(nik=self.nik)

    @classmethod
    def resolve_reference(cls, nik: str) -> Citizen:
        return cls(nik=require_nik(nik))


#: The key field of a reference entity that names the data subject (docs/access.md, "Categories").
HOLDER = "holderNik"


@strawberry.federation.type(
    keys=["holderNik number"],
    description=(
        "A reference to a driving licence by its holder and number (a payment's link to the SIM it paid "
        "for): `licence` needs the holder's consent to the police category."
    ),
)
class DrivingLicenceRef:
    holder_nik: str = strawberry.field(description="The holder's NIK (Nomor Induk Kependudukan, 16 digits).")
    number: str = strawberry.field(description="The licence number.")

    @reference_field(CATEGORY, HOLDER, description="The licence; null unless `number` is the holder's.")
    async def licence(self, info: Info) -> DrivingLicence | None:
        return await _loaders(info).licence_refs.load((self.holder_nik, self.number))

    @classmethod
    def resolve_reference(cls, holderNik: str, number: str) -> DrivingLicenceRef:
        return cls(holder_nik=require_nik(holderNik), number=number)


@strawberry.federation.type(
    keys=["holderNik number"],
    description=(
        "A reference to a police clearance certificate (SKCK) by its holder and number: "
        "`certificate` needs the holder's consent to the police category."
    ),
)
class ClearanceCertificateRef:
    holder_nik: str = strawberry.field(description="The holder's NIK (Nomor Induk Kependudukan, 16 digits).")
    number: str = strawberry.field(description="The certificate number.")

    @reference_field(CATEGORY, HOLDER, description="The certificate; null unless `number` is the holder's.")
    async def certificate(self, info: Info) -> ClearanceCertificate | None:
        return await _loaders(info).clearance_refs.load((self.holder_nik, self.number))

    @classmethod
    def resolve_reference(cls, holderNik: str, number: str) -> ClearanceCertificateRef:
        return cls(holder_nik=require_nik(holderNik), number=number)


@strawberry.type(description="What a driving licence class permits (Perpol 5/2021): public reference data.")
class DrivingLicenceClassInfo:
    licence_class: DrivingLicenceClass
    description: str


_CLASSES: tuple[tuple[DrivingLicenceClass, str], ...] = (
    (DrivingLicenceClass.A, "Cars and goods vehicles up to 3,500 kg"),
    (DrivingLicenceClass.A_UMUM, "Public passenger and goods vehicles up to 3,500 kg"),
    (DrivingLicenceClass.BI, "Passenger and goods vehicles over 3,500 kg"),
    (DrivingLicenceClass.BI_UMUM, "Public passenger and goods vehicles over 3,500 kg"),
    (DrivingLicenceClass.BII, "Heavy equipment, and vehicles towing a trailer over 1,000 kg"),
    (DrivingLicenceClass.BII_UMUM, "Public vehicles towing a trailer over 1,000 kg"),
    (DrivingLicenceClass.C, "Motorcycles up to 250 cc"),
    (DrivingLicenceClass.CI, "Motorcycles of 250 to 500 cc"),
    (DrivingLicenceClass.CII, "Motorcycles over 500 cc"),
    (DrivingLicenceClass.D, "Motorcycles for drivers with disabilities"),
    (DrivingLicenceClass.DI, "Cars for drivers with disabilities"),
)


@strawberry.type
class Query:
    @strawberry.field(description="Every driving licence class and what it permits.")
    def driving_licence_classes(self) -> list[DrivingLicenceClassInfo] | None:
        return [DrivingLicenceClassInfo(licence_class=c, description=d) for c, d in _CLASSES]

    @strawberry.federation.field(
        description=(
            "The numerator of driving licences per 1,000 adults (docs/statistics.md): citizens aged 17+ "
            "holding an ACTIVE licence (`denominator` and `rate` null). The denominator is identity's "
            "`adultsByRegion` over the same cells; the client computes 1000 * numerator / denominator. "
            "The provinces, or a province's regencies (`regionCode`); `ageBands` adds 17-19, 20-24, ..., 75+."
        ),
        requires_scopes=STATISTICS_SCOPES,
    )
    async def driving_licences_per1000_adults(
        self, info: Info, region_code: str | None = None, age_bands: bool = False
    ) -> list[StatisticsCell] | None:
        from subgraphs.police import queries

        rows = await queries.licensed_adults(info.context.pool, datetime.date.today())
        return cells(national_table(rows), region_code, age_bands)


schema = SubgraphSchema(query=Query, types=[Citizen, DrivingLicenceRef, ClearanceCertificateRef])
