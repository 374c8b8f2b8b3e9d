"""GraphQL schema of the payments subgraph: ``Citizen.payments`` and the fee schedule.

Implements docs/payments.md: payments adds ``payments: [Payment!]`` (nullable, guarded by the
``payments:read`` scope and the citizen's consent to the ``payments`` category, personal finance
being specific personal data, UU 27/2022 Pasal 4: docs/subgraphs.md, "Guards") to
``Citizen @key(fields: "nik")``. A payment links to the record it paid for through reference
entities owned by other subgraphs (``DrivingLicenceRef`` and ``ClearanceCertificateRef`` of
police, ``BpjsMembershipRef`` of health), each keyed by the holder's NIK and the record's number,
so the gateway asks the holder's consent in that record's own category before it follows one
(docs/access.md, "Reference entities"). Its only root field is public: the fee schedule.
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING, Final, cast

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet
from strawberry.types import Info

from subgraphs.common.guards import personal_field
from subgraphs.common.nik import NIK_DESCRIPTION, require_nik
from subgraphs.common.schema import SubgraphSchema
from subgraphs.payments.fees import BPJS_PREMIUMS, PASSPORT_FEE, SIM_FEES, SKCK_FEE

if TYPE_CHECKING:
    from subgraphs.payments.loaders import Loaders

__all__ = [
    "CATEGORY",
    "BpjsMembershipRef",
    "Citizen",
    "ClearanceCertificateRef",
    "DrivingLicenceRef",
    "Fee",
    "Payment",
    "PaymentChannel",
    "PaymentKind",
    "PaymentStatus",
    "Query",
    "schema",
]

#: The consent category of ``Citizen.payments`` (docs/subgraphs.md, "Guards").
CATEGORY: Final = "payments"


def _loaders(info: Info) -> Loaders:
    return cast("Loaders", info.context.loaders)


@strawberry.enum(description="What a payment is for.")
class PaymentKind(enum.Enum):
    SIM_NEW = strawberry.enum_value("SIM_NEW", description="A new driving licence (PNBP Polri).")
    SIM_RENEWAL = strawberry.enum_value("SIM_RENEWAL", description="A driving licence renewed (PNBP Polri).")
    SKCK = strawberry.enum_value("SKCK", description="A police clearance certificate (PNBP Polri).")
    PASSPORT = strawberry.enum_value("PASSPORT", description="An ordinary passport (PNBP Imigrasi).")
    BPJS_PREMIUM = strawberry.enum_value(
        "BPJS_PREMIUM", description="A month's BPJS Kesehatan premium of a self-paying (PBPU) member."
    )


@strawberry.enum(description="State of a payment's billing code.")
class PaymentStatus(enum.Enum):
    PAID = strawberry.enum_value("PAID", description="Paid: the NTPN proves it.")
    PENDING = strawberry.enum_value("PENDING", description="Billed, not yet paid; the billing code is valid.")
    EXPIRED = strawberry.enum_value("EXPIRED", description="Billed, never paid; the billing code lapsed.")


@strawberry.enum(description="Where a payment was made.")
class PaymentChannel(enum.Enum):
    BANK = strawberry.enum_value("BANK", description="A perception bank: teller, ATM or internet banking.")
    QRIS = strawberry.enum_value("QRIS", description="Quick Response Code Indonesian Standard.")
    POST_OFFICE = strawberry.enum_value("POST_OFFICE", description="A post office (PT Pos Indonesia).")


@strawberry.federation.type(keys=[Key(fields=FieldSet("holderNik number"), resolvable=False)])
class DrivingLicenceRef:
    """A driving licence paid for; police resolves it (and asks the holder's consent)."""

    holder_nik: str
    number: str


@strawberry.federation.type(keys=[Key(fields=FieldSet("holderNik number"), resolvable=False)])
class ClearanceCertificateRef:
    """A police clearance certificate paid for; police resolves it."""

    holder_nik: str
    number: str


@strawberry.federation.type(keys=[Key(fields=FieldSet("memberNik cardNumber"), resolvable=False)])
class BpjsMembershipRef:
    """A BPJS Kesehatan membership a premium was paid for; health resolves it."""

    member_nik: str
    card_number: str


@strawberry.type(description="A payment of a state fee or levy (personal finance: specific personal data).")
class Payment:
    billing_code: str = strawberry.field(
        description="Kode billing SIMPONI (15 digits) the payment is made against."
    )
    kind: PaymentKind
    amount: int = strawberry.field(description="Amount in rupiah.")
    billed_on: datetime.date = strawberry.field(description="The day the billing code was issued.")
    status: PaymentStatus
    channel: PaymentChannel | None = strawberry.field(description="Where it was paid; null unless PAID.")
    paid_on: datetime.date | None = strawberry.field(description="The day it was paid; null unless PAID.")
    ntpn: str | None = strawberry.field(
        description="Nomor Transaksi Penerimaan Negara (16 characters) proving payment; null unless PAID."
    )
    period: datetime.date | None = strawberry.field(
        description="The month a BPJS premium is for (its first day); null for other kinds."
    )
    nik: strawberry.Private[str]
    record_number: strawberry.Private[str | None]

    @strawberry.field(description="The driving licence paid for (SIM_NEW, SIM_RENEWAL); else null.")
    def driving_licence(self) -> DrivingLicenceRef | None:
        if self.kind not in (PaymentKind.SIM_NEW, PaymentKind.SIM_RENEWAL) or self.record_number is None:
            return None
        return DrivingLicenceRef(holder_nik=self.nik, number=self.record_number)

    @strawberry.field(description="The police clearance certificate paid for (SKCK); else null.")
    def clearance_certificate(self) -> ClearanceCertificateRef | None:
        if self.kind is not PaymentKind.SKCK or self.record_number is None:
            return None
        return ClearanceCertificateRef(holder_nik=self.nik, number=self.record_number)

    @strawberry.field(description="The BPJS membership a premium was paid for (BPJS_PREMIUM); else null.")
    def bpjs_membership(self) -> BpjsMembershipRef | None:
        if self.kind is not PaymentKind.BPJS_PREMIUM or self.record_number is None:
            return None
        return BpjsMembershipRef(member_nik=self.nik, card_number=self.record_number)


@strawberry.federation.type(keys=["nik"])
class Citizen:
    """Identity owns the citizen (and its description); this subgraph adds ``payments``."""

    nik: str = strawberry.field(description=NIK_DESCRIPTION)

    @personal_field(
        CATEGORY,
        graphql_type=list[Payment] | None,
        description="The citizen's payments of state fees and levies, oldest billed first.",
    )
    async def payments(self, info: Info) -> list[Payment]:
        return await _loaders(info).payments.load(self.nik)

    @classmethod
    def resolve_reference(cls, nik: str) -> Citizen:
        return cls(nik=require_nik(nik))


@strawberry.type(description="A fee in the schedule: public reference data (docs/payments.md).")
class Fee:
    kind: PaymentKind
    licence_class: str | None = strawberry.field(description="The SIM class (Perpol 5/2021) of a SIM fee.")
    care_class: int | None = strawberry.field(description="The BPJS care class of a premium.")
    amount: int = strawberry.field(description="Amount in rupiah (a premium: a month's).")
    basis: str = strawberry.field(description="The regulation setting it.")


def _schedule() -> list[Fee]:
    fees = [
        Fee(kind=kind, licence_class=klass, care_class=None, amount=amounts[k], basis="PP 76/2020")
        for klass, amounts in SIM_FEES.items()
        for k, kind in enumerate((PaymentKind.SIM_NEW, PaymentKind.SIM_RENEWAL))
    ]
    fees.append(Fee(kind=PaymentKind.SKCK, licence_class=None, care_class=None, amount=SKCK_FEE,
                    basis="PP 76/2020"))  # fmt: skip
    fees.append(Fee(kind=PaymentKind.PASSPORT, licence_class=None, care_class=None, amount=PASSPORT_FEE,
                    basis="PP 28/2019"))  # fmt: skip
    fees += [
        Fee(
            kind=PaymentKind.BPJS_PREMIUM, licence_class=None, care_class=care, amount=amount,
            basis="Perpres 64/2020",
        )
        for care, amount in BPJS_PREMIUMS.items()
    ]
    return fees


@strawberry.type
class Query:
    @strawberry.field(description="Every fee a citizen may pay here, and the regulation setting it.")
    def fee_schedule(self) -> list[Fee] | None:
        return _schedule()


schema = SubgraphSchema(
    query=Query, types=[Citizen, DrivingLicenceRef, ClearanceCertificateRef, BpjsMembershipRef]
)
