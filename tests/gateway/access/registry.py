"""Helpers for tests over a real consent registry database (sql/consent)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import asyncpg

from gateway.access.keys import generate_key

__all__ = ["add_consent", "add_key", "add_mandate", "prepare_registry"]


async def prepare_registry(conn: asyncpg.Connection) -> None:
    """Two agencies and three purposes."""
    await conn.executemany(
        "insert into agency (code, name) values ($1, $2)",
        [("KEMENSOS", "Kementerian Sosial"), ("POLRI", "Kepolisian Negara RI")],
    )
    await conn.executemany(
        "insert into purpose (code, text_id, text_en) values ($1, $2, $3)",
        [
            ("BANSOS_ELIGIBILITY", "Penilaian kelayakan bantuan sosial", "Social assistance eligibility"),
            ("HEALTH_SERVICE", "Pelayanan kesehatan", "Health care"),
            ("LAW_ENFORCEMENT", "Penegakan hukum", "Law enforcement"),
        ],
    )


async def add_key(
    conn: asyncpg.Connection,
    agency: str = "KEMENSOS",
    scopes: Sequence[str] = ("identity:read", "health:read"),
    *,
    expires: datetime.datetime | None = None,
    revoked: bool = False,
) -> str:
    """A new key's text."""
    key = generate_key()
    await conn.execute(
        "insert into api_key (prefix, secret_hash, agency, name, scopes, expires_at, revoked_at)"
        " values ($1, $2, $3, 'test', $4, $5, case when $6 then now() end)",
        key.prefix,
        key.secret_hash,
        agency,
        list(scopes),
        expires,
        revoked,
    )
    return key.text


async def add_consent(
    conn: asyncpg.Connection,
    nik: str,
    *,
    agency: str = "KEMENSOS",
    categories: Sequence[str] = ("health",),
    purpose: str = "BANSOS_ELIGIBILITY",
    events: Sequence[str] = (),
    valid_until: datetime.datetime | None = None,
    valid_from: datetime.datetime | None = None,
    given_by: str | None = None,
) -> str:
    """A granted consent (then ``events``: PAUSE, RESUME, REVOKE); its id."""
    now = datetime.datetime.now(datetime.UTC)
    consent_id = await conn.fetchval(
        "insert into consent (citizen_nik, agency, categories, purpose, purpose_text_id, purpose_text_en,"
        " valid_from, valid_until, given_by_nik, given_as, method, evidence)"
        " values ($1, $2, $3, $4, 'teks', 'text', $5, $6, $7, $8, 'IN_APP', 'test') returning id",
        nik,
        agency,
        list(categories),
        purpose,
        valid_from or now - datetime.timedelta(days=1),
        valid_until or now + datetime.timedelta(days=365),
        given_by or nik,
        "SELF" if given_by in (None, nik) else "GUARDIAN",
    )
    for action in ("GRANT", *events):
        await conn.execute(
            "insert into consent_event (consent_id, action, status, actor_nik, actor_as)"
            " values ($1, $2, 'ACTIVE', $3, 'SELF')",
            consent_id,
            action,
            nik,
        )
    return str(consent_id)


async def add_mandate(
    conn: asyncpg.Connection,
    *,
    agency: str = "POLRI",
    categories: Sequence[str] = ("police",),
    purpose: str = "LAW_ENFORCEMENT",
    revoked: bool = False,
    regions: Sequence[str] = (),
    expired: bool = False,
) -> str:
    """A mandate in force since yesterday for 30 days (``expired``: it ended an hour ago),
    national unless ``regions``."""
    now = datetime.datetime.now(datetime.UTC)
    until = now - datetime.timedelta(hours=1) if expired else now + datetime.timedelta(days=30)
    mandate_id = await conn.fetchval(
        "insert into mandate (agency, categories, purpose, legal_basis, legal_reference, valid_from,"
        " valid_until, created_by, regions) values ($1, $2, $3, 'LEGAL_OBLIGATION', 'UU 2/2002 Pasal 14',"
        " $4, $5, 'test', $6) returning id",
        agency,
        list(categories),
        purpose,
        now - datetime.timedelta(days=1),
        until,
        list(regions),
    )
    if revoked:
        await conn.execute(
            "update mandate set revoked_at = now(), revoked_by = 'test', revoke_reason = 'test'"
            " where id = $1",
            mandate_id,
        )
    return str(mandate_id)
