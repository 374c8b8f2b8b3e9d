"""Per-request DataLoaders of the health subgraph (docs/subgraphs.md, "health", "No N+1")."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.birth import birth_date
from subgraphs.common.cohort import province_loader
from subgraphs.common.loader import Pool, grouped_loader, pair_loader, single_loader
from subgraphs.health import queries
from subgraphs.health.schedule import due_doses
from subgraphs.health.schema import (
    Allergy,
    BpjsMembership,
    Diagnosis,
    Encounter,
    Facility,
    Immunization,
    facility_from_row,
)

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders, keyed by NIK (records) or facility code."""

    memberships: DataLoader[str, BpjsMembership | None]
    immunizations: DataLoader[str, list[Immunization]]
    encounters: DataLoader[str, list[Encounter]]
    allergies: DataLoader[str, list[Allergy]]
    facilities: DataLoader[str, Facility | None]
    #: by province code: NIKs of children under five given every dose due (docs/statistics.md)
    immunized: DataLoader[str, list[str | None]]
    #: by (member NIK, card number): a payment's reference to the membership it paid a premium of
    membership_refs: DataLoader[tuple[str, str], BpjsMembership | None]


def _membership(row: asyncpg.Record) -> BpjsMembership:
    return BpjsMembership(
        card_number=row["card_number"],
        care_class=row["care_class"],
        pbi=row["pbi"],
        active=row["active"],
        primary_care_facility=facility_from_row(row),
    )


def _immunization(row: asyncpg.Record) -> Immunization:
    return Immunization(
        vaccine=row["vaccine"], dose=row["dose"], given_on=row["given_on"], facility=facility_from_row(row)
    )


def _encounter(row: asyncpg.Record) -> Encounter:
    return Encounter(
        occurred_on=row["occurred_on"],
        facility=facility_from_row(row),
        diagnosis=Diagnosis(code=row["diagnosis_code"], name=row["diagnosis_name"]),
    )


def _allergy(row: asyncpg.Record) -> Allergy:
    return Allergy(
        substance=row["substance"],
        reaction=row["reaction"],
        severity=row["severity"],
        recorded_on=row["recorded_on"],
    )


def _complete(today: datetime.date) -> Callable[[asyncpg.Record], str | None]:
    """The NIK of a row of ``immunized_in_provinces`` if every dose due by ``today`` (the infant
    schedule, with its grace: spbe/gaps.py) was given, else None."""

    def build(row: asyncpg.Record) -> str | None:
        born = birth_date(row["nik"], today)
        if born is None:
            return None
        given = set(zip(row["vaccines"], row["doses"], strict=True))
        return None if set(due_doses(born, today)) - given else str(row["nik"])

    return build


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    today = datetime.date.today()

    async def immunized(pool: Pool, provinces: list[str]) -> Sequence[asyncpg.Record]:
        return await queries.immunized_in_provinces(pool, provinces, today)

    return Loaders(
        immunized=province_loader(pool, immunized, _complete(today)),
        memberships=single_loader(pool, queries.memberships_by_nik, "nik", _membership),
        immunizations=grouped_loader(pool, queries.immunizations_by_nik, "nik", _immunization),
        encounters=grouped_loader(pool, queries.encounters_by_nik, "nik", _encounter),
        allergies=grouped_loader(pool, queries.allergies_by_nik, "nik", _allergy),
        facilities=single_loader(pool, queries.facilities_by_code, "facility_code", facility_from_row),
        membership_refs=pair_loader(pool, queries.memberships_by_member, ("nik", "card_number"), _membership),
    )
