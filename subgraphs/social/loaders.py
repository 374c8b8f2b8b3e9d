"""Per-request DataLoaders of the social subgraph (docs/social.md, docs/subgraphs.md "No N+1")."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.birth import birth_date
from subgraphs.common.cohort import CohortMember, province_loader
from subgraphs.common.loader import Pool, grouped_loader, single_loader
from subgraphs.health.schedule import due_doses
from subgraphs.social import queries
from subgraphs.social.gaps import HouseholdFacts
from subgraphs.social.schema import Benefit, BenefitRecipient, Disbursement, Household

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders, keyed by NIK; the cohorts (docs/statistics.md, "Gaps across
    services") by province code."""

    households: DataLoader[str, Household | None]
    benefits: DataLoader[str, list[Benefit]]
    gap_facts: DataLoader[str, HouseholdFacts | None]
    school_age_cohorts: DataLoader[str, list[CohortMember]]
    under_five_cohorts: DataLoader[str, list[CohortMember]]


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
def _school_age(row: asyncpg.Record) -> CohortMember:
    return CohortMember(nik=row["nik"], band=row["band"])


def _under_five(today: datetime.date) -> Callable[[asyncpg.Record], CohortMember]:
    def build(row: asyncpg.Record) -> CohortMember:
        born = birth_date(row["nik"], today)
        # no dose of the schedule due yet (with its grace): nobody can miss one; counted, not named
        pending = born is None or not due_doses(born, today)
        return CohortMember(nik=row["nik"], band=row["band"], pending=pending)

    return build


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    today = datetime.date.today()

    async def school_age(pool: Pool, provinces: list[str]) -> Sequence[asyncpg.Record]:
        return await queries.school_age_members(pool, provinces, today)

    async def under_five(pool: Pool, provinces: list[str]) -> Sequence[asyncpg.Record]:
        return await queries.under_five_members(pool, provinces, today)

    return Loaders(
        households=single_loader(pool, queries.households_by_nik, "nik", _household),
        benefits=grouped_loader(pool, queries.benefits_by_nik, "nik", _benefit),
        gap_facts=single_loader(pool, queries.gap_facts_by_nik, "nik", _gap_facts),
        school_age_cohorts=province_loader(pool, school_age, _school_age),
        under_five_cohorts=province_loader(pool, under_five, _under_five(today)),
    )
