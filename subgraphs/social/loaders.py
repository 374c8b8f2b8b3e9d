"""Per-request DataLoaders of the social subgraph (docs/social.md, docs/subgraphs.md "No N+1")."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.loader import grouped_loader, single_loader
from subgraphs.social import queries
from subgraphs.social.gaps import HouseholdFacts
from subgraphs.social.schema import Benefit, BenefitRecipient, Disbursement, Household

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders, keyed by NIK."""

    households: DataLoader[str, Household | None]
    benefits: DataLoader[str, list[Benefit]]
    gap_facts: DataLoader[str, HouseholdFacts | None]


def _household(row: asyncpg.Record) -> Household:
    return Household(
        kk=row["kk"], decile=row["decile"], assessed_on=row["assessed_on"], village_code=row["village_code"]
    )


def _benefit(row: asyncpg.Record) -> Benefit:
    return Benefit(
        programme=row["programme"],
        recipient=BenefitRecipient.MEMBER if row["own"] else BenefitRecipient.HOUSEHOLD,
        period_start=row["period_start"],
        period_end=row["period_end"],
        amount=row["amount"],
        status=row["status"],
        disbursements=[
            Disbursement(paid_on=paid_on, channel=channel, amount=amount)
            for paid_on, channel, amount in zip(row["paid_on"], row["channel"], row["paid"], strict=True)
        ],
    )


def _gap_facts(row: asyncpg.Record) -> HouseholdFacts:
    return HouseholdFacts(decile=row["decile"], pkh=row["pkh"], pip=row["pip"])


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    return Loaders(
        households=single_loader(pool, queries.households_by_nik, "nik", _household),
        benefits=grouped_loader(pool, queries.benefits_by_nik, "nik", _benefit),
        gap_facts=single_loader(pool, queries.gap_facts_by_nik, "nik", _gap_facts),
    )
