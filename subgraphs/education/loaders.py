"""Per-request DataLoaders of the education subgraph (docs/subgraphs.md, "education", "No N+1")."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.cohort import province_loader
from subgraphs.common.loader import Pool, grouped_loader, single_loader
from subgraphs.education import queries
from subgraphs.education.schema import Certificate, Citizen, Enrollment, School, school_from_row

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders, keyed by NIK (records) or NPSN (schools)."""

    nisns: DataLoader[str, str | None]
    enrollments: DataLoader[str, list[Enrollment]]
    certificates: DataLoader[str, list[Certificate]]
    schools: DataLoader[str, School | None]
    current_students: DataLoader[str, list[Citizen]]
    #: by province code: NIKs of school age with an ACTIVE enrollment (docs/statistics.md)
    enrolled: DataLoader[str, list[str]]


def _enrollment(row: asyncpg.Record) -> Enrollment:
    return Enrollment(
        school=school_from_row(row),
        level=row["level"],
        grade=row["grade"],
        started_on=row["started_on"],
        ended_on=row["ended_on"],
        status=row["status"],
    )


def _certificate(row: asyncpg.Record) -> Certificate:
    return Certificate(level=row["level"], year=row["year"], school=school_from_row(row))


def _nisn(row: asyncpg.Record) -> str:
    nisn: str = row["nisn"]
    return nisn


def _student(row: asyncpg.Record) -> Citizen:
    return Citizen(nik=row["nik"])


def _nik(row: asyncpg.Record) -> str:
    nik: str = row["nik"]
    return nik


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    today = datetime.date.today()

    async def enrolled(pool: Pool, provinces: list[str]) -> Sequence[asyncpg.Record]:
        return await queries.enrolled_in_provinces(pool, provinces, today)

    return Loaders(
        enrolled=province_loader(pool, enrolled, _nik),
        nisns=single_loader(pool, queries.students_by_nik, "nik", _nisn),
        enrollments=grouped_loader(pool, queries.enrollments_by_nik, "nik", _enrollment),
        certificates=grouped_loader(pool, queries.certificates_by_nik, "nik", _certificate),
        schools=single_loader(pool, queries.schools_by_npsn, "school_npsn", school_from_row),
        current_students=grouped_loader(pool, queries.students_by_npsn, "npsn", _student),
    )
