"""Per-request DataLoaders of the identity subgraph.

Implements docs/subgraphs.md, "identity" and "No N+1": citizens by NIK, households by KK (which
also primes the citizen loader with every member) and regions by code (one statement fetches each
region *with all its ancestors*, priming them, so ``province``/``regency``/``district`` cost nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.loader import Loader, single_loader
from subgraphs.common.region import LEVEL_LENGTHS
from subgraphs.identity import queries
from subgraphs.identity.schema import (
    Citizen,
    FamilyMember,
    Household,
    Region,
    citizen_from_row,
    regions_from_rows,
)

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders."""

    citizens: DataLoader[str, Citizen | None]
    households: DataLoader[str, Household | None]
    regions: DataLoader[str, Region | None]


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    citizens = single_loader(pool, queries.citizens_by_nik, "nik", citizen_from_row)

    async def load_households(kks: list[str]) -> list[Household | None]:
        found: dict[str, Household] = {}
        for row in await queries.households_by_kk(pool, kks):
            family = found.get(row["family_kk"])
            if family is None:
                family = found[row["family_kk"]] = Household(
                    address=row["family_address"], village_code=row["family_village_code"], members=[]
                )
            if row["nik"] is not None:
                member = citizen_from_row(row)
                citizens.prime(member.nik, member)
                family.members.append(FamilyMember(relation=row["family_relation"], citizen=member))
        return [found.get(kk) for kk in kks]

    regions: DataLoader[str, Region | None]

    async def load_regions(codes: list[str]) -> list[Region | None]:
        wanted = {code[:n] for code in codes for n in LEVEL_LENGTHS if n <= len(code)}
        found = regions_from_rows(await queries.regions_by_code(pool, list(wanted)))
        for code, region in found.items():
            regions.prime(code, region)
        return [found.get(code) for code in codes]

    regions = Loader(load_regions)
    return Loaders(citizens=citizens, households=Loader(load_households), regions=regions)
