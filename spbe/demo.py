"""Demo data for the consent registry, and the demo credentials ``spbe up`` prints.

:func:`seed_registry` (once, when the registry has no agencies): agencies and purposes; for a
deterministic sample of adult citizens (30%), a consent to KEMENSOS for identity, health,
education and police data, purpose BANSOS_ELIGIBILITY, valid one year, given in the app, each
with its GRANT event, one of them later paused and one revoked; and a mandate for POLRI (police
data, LAW_ENFORCEMENT, a legal obligation under the police law).

:func:`demo_access` (every start): a fresh KEMENSOS key named ``demo`` and an admin key named
``demo-admin`` (earlier ones with those names are revoked), a citizen with an active consent and
one without any, and a token for the first. :func:`banner` shows them with three requests to try.
NIKs appear in the banner (synthetic people) but never in logs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from spbe.keys import create_key
from spbe.tokens import mint_citizen_token
from subgraphs.consent.reference import AGENCIES, load_reference

__all__ = [
    "ADMIN_AGENCY",
    "DEMO_AGENCY",
    "DEMO_PURPOSE",
    "DemoAccess",
    "RegistrySeed",
    "banner",
    "demo_access",
    "seed_registry",
]

_log = logging.getLogger("spbe.demo")

DEMO_AGENCY = "KEMENSOS"
DEMO_PURPOSE = "BANSOS_ELIGIBILITY"
DEMO_CATEGORIES: tuple[str, ...] = ("identity", "health", "education", "police", "payments")
DEMO_SCOPES: tuple[str, ...] = (
    "identity:read", "health:read", "education:read", "police:read", "payments:read", "statistics:read"
)
ADMIN_AGENCY = "DUKCAPIL"
DEMO_KEY_NAME = "demo"
ADMIN_KEY_NAME = "demo-admin"
POLICE_REFERENCE = "UU 2/2002 tentang Kepolisian, Pasal 14"
#: Share of adults (percent) who consented to KEMENSOS in the demo.
CONSENT_PERCENT = 30
#: Lifetime of the demo citizen token (seconds).
TOKEN_TTL = 8 * 3600


@dataclass(frozen=True, slots=True)
class RegistrySeed:
    """What :func:`seed_registry` loaded."""

    agencies: int
    purposes: int
    consents: int
    paused: int
    revoked: int
    mandates: int


@dataclass(frozen=True, slots=True)
class DemoAccess:
    """The credentials and citizens the banner shows."""

    agency: str
    agency_key: str
    admin_agency: str
    admin_key: str
    consenting_nik: str | None
    other_nik: str | None
    citizen_token: str | None
    token_ttl: int


def _sampled(seed: int, nik: str) -> bool:
    digest = hashlib.sha256(f"spbe-demo-consent:{seed}:{nik}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < CONSENT_PERCENT


_ADULTS = """
    select nik from citizen
     where deceased_on is null and birth_date <= current_date - interval '18 years'
     order by nik
"""


async def seed_registry(consent_dsn: str, identity_dsn: str, *, seed: int = 1) -> RegistrySeed | None:
    """Load the demo registry (see the module docstring); None if it holds agencies already, or
    if there are no adult citizens to consent yet."""
    identity = await asyncpg.connect(identity_dsn)
    try:
        adults = [row["nik"] for row in await identity.fetch(_ADULTS)]
    finally:
        await identity.close()
    if not adults:  # no population yet: leave the registry for a start that has one
        return None
    niks = [nik for nik in adults if _sampled(seed, nik)]
    conn = await asyncpg.connect(consent_dsn)
    try:
        async with conn.transaction():
            await conn.execute("lock table agency in exclusive mode")  # one seeder at a time
            if await conn.fetchval("select exists (select 1 from agency)"):
                return None
            await load_reference(conn)
            consents, paused, revoked = await _consents(conn, niks)
            await conn.execute(
                """insert into mandate (agency, categories, purpose, legal_basis, legal_reference,
                                        valid_from, valid_until, created_by)
                   values ('POLRI', array['police'], 'LAW_ENFORCEMENT', 'LEGAL_OBLIGATION', $1,
                           now(), now() + interval '1 year', 'spbe demo seed')""",
                POLICE_REFERENCE,
            )
            report = RegistrySeed(
                agencies=await conn.fetchval("select count(*) from agency"),
                purposes=await conn.fetchval("select count(*) from purpose"),
                consents=consents,
                paused=paused,
                revoked=revoked,
                mandates=1,
            )
    finally:
        await conn.close()
    _log.info(
        "seeded the consent registry",
        extra={"event": "demo.seed", "consents": report.consents, "agencies": report.agencies},
    )
    return report


async def _consents(conn: asyncpg.Connection, niks: Sequence[str]) -> tuple[int, int, int]:
    """Consents for ``niks`` with their GRANT events; the second is paused, the third revoked."""
    if not niks:
        return 0, 0, 0
    rows = await conn.fetch(
        """insert into consent (citizen_nik, agency, categories, purpose, purpose_text_id, purpose_text_en,
                                valid_from, valid_until, given_by_nik, given_as, method, evidence)
           select n.nik, $2, $3, p.code, p.text_id, p.text_en, now(), now() + interval '1 year',
                  n.nik, 'SELF', 'IN_APP', 'demo seed'
             from unnest($1::text[]) with ordinality as n(nik, ord)
             join purpose p on p.code = $4
            order by n.ord
           returning id, citizen_nik""",
        list(niks), DEMO_AGENCY, list(DEMO_CATEGORIES), DEMO_PURPOSE,
    )  # fmt: skip
    by_nik = {row["citizen_nik"]: row["id"] for row in rows}
    ordered = [by_nik[nik] for nik in niks]
    await conn.execute(
        """insert into consent_event (consent_id, action, status, actor_nik, actor_as, reason)
           select c.id, 'GRANT', 'ACTIVE', c.citizen_nik, 'SELF', 'demo seed'
             from consent c where c.id = any($1::uuid[])""",
        ordered,
    )
    later = {"PAUSE": ordered[1:2], "REVOKE": ordered[2:3]}
    for action, ids in later.items():
        status = "PAUSED" if action == "PAUSE" else "REVOKED"
        for consent_id in ids:
            await conn.execute(
                """insert into consent_event (consent_id, action, status, actor_nik, actor_as, reason)
                   select id, $2, $3, citizen_nik, 'SELF', 'demo seed' from consent where id = $1""",
                consent_id, action, status,
            )  # fmt: skip
    return len(ordered), len(later["PAUSE"]), len(later["REVOKE"])


async def _fresh_key(
    conn: asyncpg.Connection, agency: str, name: str, scopes: Sequence[str], agency_name: str
) -> str:
    await conn.execute(
        "insert into agency (code, name) values ($1, $2) on conflict do nothing", agency, agency_name
    )
    await conn.execute(
        "update api_key set revoked_at = now() where agency = $1 and name = $2 and revoked_at is null",
        agency, name,
    )  # fmt: skip
    return (await create_key(conn, agency=agency, name=name, scopes=scopes)).text


async def _citizens(conn: asyncpg.Connection, identity_dsn: str) -> tuple[str | None, str | None]:
    """An adult with an active demo consent, and an adult without any consent to the demo agency."""
    consenting = await conn.fetchval(
        """select c.citizen_nik from consent c join consent_state s on s.consent_id = c.id
            where c.agency = $1 and c.purpose = $2 and c.categories @> $3 and s.status = 'ACTIVE'
              and c.valid_from <= now() and now() < c.valid_until
            order by c.citizen_nik limit 1""",
        DEMO_AGENCY, DEMO_PURPOSE, list(DEMO_CATEGORIES),
    )  # fmt: skip
    identity = await asyncpg.connect(identity_dsn)
    try:
        async with identity.transaction():
            cursor = identity.cursor(_ADULTS, prefetch=100)
            batch: list[str] = []
            async for row in cursor:
                batch.append(row["nik"])
                if len(batch) == 100:
                    found = await _without_consent(conn, batch)
                    if found:
                        return consenting, found
                    batch = []
            return consenting, (await _without_consent(conn, batch)) if batch else None
    finally:
        await identity.close()


async def _without_consent(conn: asyncpg.Connection, niks: list[str]) -> str | None:
    rows = await conn.fetch(
        "select citizen_nik from consent where agency = $1 and citizen_nik = any($2::text[])",
        DEMO_AGENCY, niks,
    )  # fmt: skip
    taken = {row["citizen_nik"] for row in rows}
    return next((nik for nik in niks if nik not in taken), None)


async def demo_access(consent_dsn: str, identity_dsn: str, data_dir: Path) -> DemoAccess | None:
    """Fresh demo keys, the two demo citizens (None when there is none) and a token for the
    consenting one; None when the registry has not been seeded (no KEMENSOS)."""
    names = dict(AGENCIES)
    conn = await asyncpg.connect(consent_dsn)
    try:
        if not await conn.fetchval("select exists (select 1 from agency where code = $1)", DEMO_AGENCY):
            return None
        async with conn.transaction():
            agency_key = await _fresh_key(conn, DEMO_AGENCY, DEMO_KEY_NAME, DEMO_SCOPES, names[DEMO_AGENCY])
            admin_key = await _fresh_key(conn, ADMIN_AGENCY, ADMIN_KEY_NAME, ("admin",), names[ADMIN_AGENCY])
        consenting, other = await _citizens(conn, identity_dsn)
    finally:
        await conn.close()
    token = mint_citizen_token(data_dir, consenting, ttl=TOKEN_TTL) if consenting else None
    _log.info("made demo keys", extra={"event": "demo.keys", "agency": DEMO_AGENCY})
    return DemoAccess(
        agency=DEMO_AGENCY,
        agency_key=agency_key,
        admin_agency=ADMIN_AGENCY,
        admin_key=admin_key,
        consenting_nik=consenting,
        other_nik=other,
        citizen_token=token,
        token_ttl=TOKEN_TTL,
    )


OVERVIEW_QUERY = (
    "query($nik: String!) { citizen(nik: $nik) { nik fullName "
    "health { bpjs { cardNumber active } immunizations { vaccine } } "
    "education { enrollments { level school { name } } } "
    "police { drivingLicences { licenceClass status } } } }"
)
TRAIL_QUERY = "{ myAccessLog { at agency { name } category purpose { textEn } basis decision } }"


def _curl(url: str, headers: Sequence[str], payload: dict[str, Any]) -> str:
    body = shlex.quote(json.dumps(payload, separators=(",", ":")))
    parts = [f"curl -s {url} -H 'content-type: application/json'", *(f'-H "{h}"' for h in headers)]
    return "  " + " ".join(parts) + " \\\n    -d " + body


def banner(access: DemoAccess, gateway_url: str | None) -> str:
    """The demo part of the start-up banner: the credentials as one ``export`` command, then
    (with a gateway) three requests using them."""
    lines = [
        "",
        "Demo access (new keys and token on every start, shown only here):",
        f"  KEY        {access.agency} agency key, {','.join(DEMO_SCOPES)}",
        f"  ADMIN_KEY  {access.admin_agency} admin key, admin",
    ]
    exports = [f"KEY={shlex.quote(access.agency_key)}", f"ADMIN_KEY={shlex.quote(access.admin_key)}"]
    if access.citizen_token and access.consenting_nik:
        hours = access.token_ttl // 3600
        lines.append(f"  TOKEN      citizen {access.consenting_nik}, valid {hours} h")
        exports.append(f"TOKEN={shlex.quote(access.citizen_token)}")
    lines.append("  export " + " \\\n         ".join(exports))
    if gateway_url is None:
        return "\n".join(lines)
    agency_headers = ["X-API-Key: $KEY", f"X-Purpose: {DEMO_PURPOSE}"]
    if access.consenting_nik:
        lines.append(f"\n(a) {access.agency} reads a citizen who consented, for {DEMO_PURPOSE}:")
        payload = {"query": OVERVIEW_QUERY, "variables": {"nik": access.consenting_nik}}
        lines.append(_curl(gateway_url, agency_headers, payload))
    if access.other_nik:
        lines.append("\n(b) the same for a citizen who did not consent (answers CONSENT_REQUIRED):")
        payload = {"query": OVERVIEW_QUERY, "variables": {"nik": access.other_nik}}
        lines.append(_curl(gateway_url, agency_headers, payload))
    if access.citizen_token:
        lines.append("\n(c) the citizen of (a) reads who looked at their data, and why:")
        lines.append(_curl(gateway_url, ["Authorization: Bearer $TOKEN"], {"query": TRAIL_QUERY}))
    return "\n".join(lines)
