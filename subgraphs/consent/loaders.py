"""Per-request DataLoaders of the consent registry (docs/consent.md; docs/subgraphs.md, "No N+1").

Every ``Consent.agency``, ``Consent.purpose`` and ``Consent.history`` of one response is answered by
one statement per table, however many consents the response lists. The loaders live for one
request only, so one caller's answers are never served to another; mutations clear the entries
they change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg
from aiodataloader import DataLoader

from subgraphs.common.loader import grouped_loader, single_loader
from subgraphs.consent import queries
from subgraphs.consent.schema import (
    Agency,
    Consent,
    ConsentEvent,
    Purpose,
    agency_from_row,
    consent_event_from_row,
    consent_from_row,
    purpose_from_row,
)

__all__ = ["Loaders", "make_loaders"]


@dataclass(slots=True)
class Loaders:
    """This request's loaders: reference data by code, consents by id or by citizen, histories."""

    agencies: DataLoader[str, Agency | None]
    purposes: DataLoader[str, Purpose | None]
    consents: DataLoader[uuid.UUID, Consent | None]
    consents_of: DataLoader[str, list[Consent]]
    history: DataLoader[uuid.UUID, list[ConsentEvent]]


def make_loaders(pool: asyncpg.Pool) -> Loaders:
    """Fresh loaders for one request over ``pool``."""
    return Loaders(
        agencies=single_loader(pool, queries.agencies_by_code, "code", agency_from_row),
        purposes=single_loader(pool, queries.purposes_by_code, "code", purpose_from_row),
        consents=single_loader(pool, queries.consents_by_id, "id", consent_from_row),
        consents_of=grouped_loader(pool, queries.consents_by_citizen, "citizen_nik", consent_from_row),
        history=grouped_loader(pool, queries.events_by_consent, "consent_id", consent_event_from_row),
    )
