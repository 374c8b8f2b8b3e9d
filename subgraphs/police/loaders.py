"""Per-request DataLoaders of the police subgraph (docs/subgraphs.md, "police", "No N+1")."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.loader import grouped_loader, pair_loader
from subgraphs.police import queries
from subgraphs.police.schema import ClearanceCertificate, DrivingLicence, Vehicle

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders, keyed by NIK (or holder NIK and number)."""

    licences: DataLoader[str, list[DrivingLicence]]
    clearances: DataLoader[str, list[ClearanceCertificate]]
    vehicles: DataLoader[str, list[Vehicle]]
    #: by (holder NIK, number): a payment's reference to the record it paid for
    licence_refs: DataLoader[tuple[str, str], DrivingLicence | None]
    clearance_refs: DataLoader[tuple[str, str], ClearanceCertificate | None]


def _licence(row: asyncpg.Record) -> DrivingLicence:
    return DrivingLicence(
        number=row["number"],
        licence_class=row["licence_class"],
        issued_on=row["issued_on"],
        expires_on=row["expires_on"],
        status=row["status"],
    )


def _clearance(row: asyncpg.Record) -> ClearanceCertificate:
    return ClearanceCertificate(
        number=row["number"],
        purpose=row["purpose"],
        issued_on=row["issued_on"],
        expires_on=row["expires_on"],
        finding=row["finding"],
    )


def _vehicle(row: asyncpg.Record) -> Vehicle:
    return Vehicle(
        plate=row["plate"],
        kind=row["kind"],
        make=row["make"],
        model=row["model"],
        year=row["year"],
        stnk_expires_on=row["stnk_expires_on"],
    )


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    return Loaders(
        licences=grouped_loader(pool, queries.licences_by_nik, "nik", _licence),
        clearances=grouped_loader(pool, queries.clearances_by_nik, "nik", _clearance),
        vehicles=grouped_loader(pool, queries.vehicles_by_nik, "nik", _vehicle),
        licence_refs=pair_loader(pool, queries.licences_by_holder, ("nik", "number"), _licence),
        clearance_refs=pair_loader(pool, queries.clearances_by_holder, ("nik", "number"), _clearance),
    )
