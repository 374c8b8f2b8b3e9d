"""Per-request DataLoaders of the civil-service subgraph (docs/civilservice.md, docs/subgraphs.md
"No N+1")."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.civilservice import queries
from subgraphs.civilservice.schema import CivilServiceRecord, GovernmentAgency, agency_from_row
from subgraphs.common.loader import single_loader

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders, keyed by NIK (records) or agency code."""

    servants: DataLoader[str, CivilServiceRecord | None]
    agencies: DataLoader[str, GovernmentAgency | None]


def _servant(row: asyncpg.Record) -> CivilServiceRecord:
    return CivilServiceRecord(
        nip=row["nip"],
        kind=row["kind"],
        grade=row["grade"],
        position=row["position"],
        appointed_on=row["appointed_on"],
        active=row["active"],
        agency=agency_from_row(row),
    )


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    return Loaders(
        servants=single_loader(pool, queries.servants_by_nik, "nik", _servant),
        agencies=single_loader(pool, queries.agencies_by_code, "agency_code", agency_from_row),
    )
