"""SQL of the consent registry: lookups by key take all keys at once (``= any($1::...[])``), and the
write functions other code reuses (the ``spbe mandates`` CLI, demo seeding).

Implements docs/access.md ("The registry") and docs/consent.md over ``sql/consent/``: consent terms
are written once and never changed; every change of a consent's state is a new ``consent_event``
row, which the database's trigger validates (a refused transition raises
:class:`asyncpg.CheckViolationError`) before it updates ``consent_state``; a mandate can only be
revoked, once. This is the evidence UU 27/2022 asks for: consent that is explicit and
purpose-bound (Pasal 20 ayat 2 huruf a, Pasal 22), provable (Pasal 24), and withdrawable
(Pasal 9, Pasal 40); other legal bases are mandates (Pasal 20 ayat 2 huruf b-f).

Write functions take a connection and do not open a transaction of their own unless they say so
(:func:`grant_consent`); callers wrap related writes in ``conn.transaction()``. A consent's
``status`` is read as stored, except that an ACTIVE or PAUSED consent whose ``valid_until`` has
passed reads as ``EXPIRED``. Categories are the lower-case database values (``'health'``).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import TypeAlias

import asyncpg

__all__ = [
    "CATEGORIES",
    "access_entries",
    "add_consent_event",
    "agencies_by_code",
    "all_agencies",
    "all_purposes",
    "consents_by_citizen",
    "consents_by_id",
    "consents_matching",
    "events_by_consent",
    "grant_consent",
    "insert_consent",
    "insert_mandate",
    "mandates_by_id",
    "mandates_matching",
    "purposes_by_code",
    "revoke_mandate",
    "upsert_agency",
    "upsert_purpose",
]

#: The data categories, as the database stores them (``consent.categories``, ``access_log.category``).
CATEGORIES: tuple[str, ...] = (
    "identity", "health", "education", "police", "social", "civilservice", "payments",
)

#: A pool or a connection: reads work on either.
Executor: TypeAlias = asyncpg.Pool | asyncpg.Connection

_CONSENT = """
select c.id, c.citizen_nik, c.agency, c.categories, c.purpose, c.purpose_text_id, c.purpose_text_en,
       c.valid_from, c.valid_until, c.given_by_nik, c.given_as, c.method, c.evidence, c.recorded_at,
       case when s.status in ('ACTIVE', 'PAUSED') and c.valid_until <= now() then 'EXPIRED'
            else s.status end as status
from consent c join consent_state s on s.consent_id = c.id
"""

_CONSENTS_BY_CITIZEN = f"""{_CONSENT}
where c.citizen_nik = any($1::text[])
order by c.citizen_nik, c.recorded_at desc, c.id
"""

_CONSENTS_BY_ID = f"{_CONSENT} where c.id = any($1::uuid[])"

_CONSENTS_MATCHING = f"""{_CONSENT}
where ($1::text is null or c.citizen_nik = $1) and ($2::text is null or c.agency = $2)
order by c.recorded_at desc, c.id
"""

_EVENTS = """
select consent_id, id, at, action, status, actor_as, reason
from consent_event
where consent_id = any($1::uuid[])
order by consent_id, id
"""

_AGENCIES_BY_CODE = "select code, name from agency where code = any($1::text[])"
_ALL_AGENCIES = "select code, name from agency order by code"
_PURPOSES_BY_CODE = "select code, text_id, text_en from purpose where code = any($1::text[])"
_ALL_PURPOSES = "select code, text_id, text_en from purpose order by code"

_MANDATE = """
select id, agency, categories, regions, purpose, legal_basis, legal_reference, valid_from, valid_until,
       created_by, created_at, revoked_at, revoked_by, revoke_reason,
       (revoked_at is null and valid_from <= now() and now() < valid_until) as active
from mandate
"""

_MANDATES_BY_ID = f"{_MANDATE} where id = any($1::uuid[])"

_MANDATES_MATCHING = f"""{_MANDATE}
where ($1::text is null or agency = $1)
  and (not $2::boolean or (revoked_at is null and valid_from <= now() and now() < valid_until))
order by created_at desc, id
"""

_ACCESS_ENTRIES = """
select id, at, request_id, operation_name, caller_kind, agency, key_id, actor_nik, subject_nik,
       category, fields, purpose, basis, basis_id, decision, reason
from access_log
where ($1::text is null or agency = $1)
  and ($2::text is null or subject_nik = $2)
  and ($3::timestamptz is null or at < $3)
order by at desc, id desc
limit $4
"""

_UPSERT_AGENCY = """
insert into agency (code, name) values ($1, $2)
on conflict (code) do update set name = excluded.name
"""

_UPSERT_PURPOSE = """
insert into purpose (code, text_id, text_en) values ($1, $2, $3)
on conflict (code) do update set text_id = excluded.text_id, text_en = excluded.text_en
"""

# The purpose texts are copied from `purpose` in the same statement: the consent keeps the words
# the citizen was shown even if the purpose's text is reworded later.
_INSERT_CONSENT = """
insert into consent (citizen_nik, agency, categories, purpose, purpose_text_id, purpose_text_en,
                     valid_from, valid_until, given_by_nik, given_as, method, evidence, request_id)
select $1, $2, $3::text[], p.code, p.text_id, p.text_en, $5, $6, $7, $8, $9, $10, $11
from purpose p where p.code = $4
returning id
"""

_INSERT_EVENT = """
insert into consent_event (consent_id, action, status, actor_nik, actor_as, reason, request_id)
values ($1, $2, 'ACTIVE', $3, $4, $5, $6)
returning id, at, action, status
"""

_INSERT_MANDATE = """
insert into mandate (agency, categories, purpose, legal_basis, legal_reference, valid_from,
                     valid_until, created_by, regions)
values ($1, $2::text[], $3, $4, $5, $6, $7, $8, $9::text[])
returning id
"""

_REVOKE_MANDATE = """
update mandate set revoked_at = now(), revoked_by = $2, revoke_reason = $3
where id = $1 and revoked_at is null
returning id
"""


# Reads ---------------------------------------------------------------------------------------


async def consents_by_citizen(db: Executor, niks: list[str]) -> Sequence[asyncpg.Record]:
    """The consents of ``niks`` (the citizens they are about), newest first per citizen."""
    return await db.fetch(_CONSENTS_BY_CITIZEN, niks)


async def consents_by_id(db: Executor, ids: list[uuid.UUID]) -> Sequence[asyncpg.Record]:
    """The consents with these ids (any order)."""
    return await db.fetch(_CONSENTS_BY_ID, ids)


async def consents_matching(
    db: Executor, *, citizen_nik: str | None = None, agency: str | None = None
) -> Sequence[asyncpg.Record]:
    """Every consent about ``citizen_nik`` and/or given to ``agency`` (None: any), newest first."""
    return await db.fetch(_CONSENTS_MATCHING, citizen_nik, agency)


async def events_by_consent(db: Executor, ids: list[uuid.UUID]) -> Sequence[asyncpg.Record]:
    """The history of each consent in ``ids``, oldest first."""
    return await db.fetch(_EVENTS, ids)


async def agencies_by_code(db: Executor, codes: list[str]) -> Sequence[asyncpg.Record]:
    """The agencies with these codes."""
    return await db.fetch(_AGENCIES_BY_CODE, codes)


async def all_agencies(db: Executor) -> Sequence[asyncpg.Record]:
    """Every agency, by code."""
    return await db.fetch(_ALL_AGENCIES)


async def purposes_by_code(db: Executor, codes: list[str]) -> Sequence[asyncpg.Record]:
    """The purposes with these codes."""
    return await db.fetch(_PURPOSES_BY_CODE, codes)


async def all_purposes(db: Executor) -> Sequence[asyncpg.Record]:
    """Every purpose, by code."""
    return await db.fetch(_ALL_PURPOSES)


async def mandates_by_id(db: Executor, ids: list[uuid.UUID]) -> Sequence[asyncpg.Record]:
    """The mandates with these ids (any order), each with ``active`` computed now."""
    return await db.fetch(_MANDATES_BY_ID, ids)


async def mandates_matching(
    db: Executor, *, agency: str | None = None, active_only: bool = False
) -> Sequence[asyncpg.Record]:
    """The mandates of ``agency`` (None: all), only those in force now if ``active_only``; newest first."""
    return await db.fetch(_MANDATES_MATCHING, agency, active_only)


async def access_entries(
    db: Executor,
    *,
    agency: str | None = None,
    subject_nik: str | None = None,
    before: datetime.datetime | None = None,
    limit: int = 100,
) -> Sequence[asyncpg.Record]:
    """Trail entries by ``agency`` and/or about ``subject_nik`` (None: any) strictly before
    ``before``, newest first, at most ``limit``."""
    return await db.fetch(_ACCESS_ENTRIES, agency, subject_nik, before, limit)


# Writes --------------------------------------------------------------------------------------


async def upsert_agency(conn: asyncpg.Connection, code: str, name: str) -> None:
    """Add the agency ``code``, or rename it."""
    await conn.execute(_UPSERT_AGENCY, code, name)


async def upsert_purpose(conn: asyncpg.Connection, code: str, text_id: str, text_en: str) -> None:
    """Add the purpose ``code``, or reword it (consents already given keep the words they were given with)."""
    await conn.execute(_UPSERT_PURPOSE, code, text_id, text_en)


async def insert_consent(
    conn: asyncpg.Connection,
    *,
    citizen_nik: str,
    agency: str,
    categories: Sequence[str],
    purpose: str,
    valid_from: datetime.datetime,
    valid_until: datetime.datetime,
    given_by_nik: str,
    given_as: str,
    method: str,
    evidence: str,
    request_id: str | None = None,
) -> uuid.UUID:
    """Record a consent's terms (with a copy of the purpose's current texts) and return its id.

    The consent has no state until its ``GRANT`` event (:func:`add_consent_event`); insert both in
    one transaction, or use :func:`grant_consent`. Raises :class:`LookupError` for an unknown
    purpose and asyncpg's ``ForeignKeyViolationError`` for an unknown agency.
    """
    consent_id: uuid.UUID | None = await conn.fetchval(
        _INSERT_CONSENT,
        citizen_nik,
        agency,
        list(categories),
        purpose,
        valid_from,
        valid_until,
        given_by_nik,
        given_as,
        method,
        evidence,
        request_id,
    )
    if consent_id is None:
        raise LookupError(f"unknown purpose {purpose!r}")
    return consent_id


async def add_consent_event(
    conn: asyncpg.Connection,
    consent_id: uuid.UUID,
    action: str,
    *,
    actor_nik: str | None,
    actor_as: str,
    reason: str | None = None,
    request_id: str | None = None,
) -> asyncpg.Record:
    """Append ``action`` (GRANT, PAUSE, RESUME or REVOKE) to a consent's history; the trigger sets
    the resulting status. Returns the event's ``id, at, action, status``.

    Raises :class:`asyncpg.CheckViolationError` when the consent's current state does not allow
    ``action`` (e.g. RESUME of an active consent, anything after REVOKE).
    """
    row: asyncpg.Record = await conn.fetchrow(
        _INSERT_EVENT, consent_id, action, actor_nik, actor_as, reason, request_id
    )
    return row


async def grant_consent(
    conn: asyncpg.Connection,
    *,
    citizen_nik: str,
    agency: str,
    categories: Sequence[str],
    purpose: str,
    valid_from: datetime.datetime,
    valid_until: datetime.datetime,
    given_by_nik: str,
    given_as: str,
    method: str,
    evidence: str,
    request_id: str | None = None,
) -> uuid.UUID:
    """:func:`insert_consent` and its ``GRANT`` event (actor: the giver), in one transaction."""
    async with conn.transaction():
        consent_id = await insert_consent(
            conn,
            citizen_nik=citizen_nik,
            agency=agency,
            categories=categories,
            purpose=purpose,
            valid_from=valid_from,
            valid_until=valid_until,
            given_by_nik=given_by_nik,
            given_as=given_as,
            method=method,
            evidence=evidence,
            request_id=request_id,
        )
        await add_consent_event(
            conn, consent_id, "GRANT", actor_nik=given_by_nik, actor_as=given_as, request_id=request_id
        )
    return consent_id


async def insert_mandate(
    conn: asyncpg.Connection,
    *,
    agency: str,
    categories: Sequence[str],
    purpose: str,
    legal_basis: str,
    legal_reference: str,
    valid_from: datetime.datetime,
    valid_until: datetime.datetime,
    created_by: str,
    regions: Sequence[str] = (),
) -> uuid.UUID:
    """Record a mandate (``legal_basis``: LEGAL_OBLIGATION, PUBLIC_TASK or VITAL_INTEREST) and
    return its id. ``regions``: undotted region codes it is limited to (none: national;
    docs/consent.md, "Regional mandates"). Unknown agency or purpose: asyncpg's
    ``ForeignKeyViolationError``; a malformed region code: ``CheckViolationError``."""
    mandate_id: uuid.UUID = await conn.fetchval(
        _INSERT_MANDATE,
        agency,
        list(categories),
        purpose,
        legal_basis,
        legal_reference,
        valid_from,
        valid_until,
        created_by,
        list(regions),
    )
    return mandate_id


async def revoke_mandate(
    conn: asyncpg.Connection, mandate_id: uuid.UUID, *, revoked_by: str, reason: str
) -> bool:
    """Revoke a mandate now; False when there is no such mandate or it was already revoked."""
    return await conn.fetchval(_REVOKE_MANDATE, mandate_id, revoked_by, reason) is not None
