"""Per-request DataLoaders of the payments subgraph (docs/payments.md, docs/subgraphs.md "No N+1")."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.loader import grouped_loader
from subgraphs.payments import queries
from subgraphs.payments.schema import Payment, PaymentChannel, PaymentKind, PaymentStatus

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders, keyed by NIK."""

    payments: DataLoader[str, list[Payment]]


def _payment(row: asyncpg.Record) -> Payment:
    channel = row["channel"]
    return Payment(
        billing_code=row["billing_code"],
        kind=PaymentKind(row["kind"]),
        amount=row["amount"],
        billed_on=row["billed_on"],
        status=PaymentStatus(row["status"]),
        channel=PaymentChannel(channel) if channel is not None else None,
        paid_on=row["paid_on"],
        ntpn=row["ntpn"],
        period=row["period"],
        nik=row["nik"],
        record_number=row["record_number"],
    )


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    return Loaders(payments=grouped_loader(pool, queries.payments_by_nik, "nik", _payment))
