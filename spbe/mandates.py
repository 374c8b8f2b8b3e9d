"""Mandates in the consent registry (``spbe mandates``): an agency's legal basis other than
consent (UU 27/2022 Pasal 20) to read some categories of data for one purpose, for a period.

A mandate's terms never change; revoking one records when, by whom and why, once. A mandate may
be limited to regions (``--region``, docs/consent.md, "Regional mandates"): it then covers only the
citizens whose domicile lies in one of them; without, it is national.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from spbe.registry import RegistryError, actor, format_table, format_time, parse_list

__all__ = [
    "BASES",
    "CATEGORIES",
    "MandateInfo",
    "create_mandate",
    "format_mandates",
    "list_mandates",
    "parse_regions",
    "revoke_mandate",
]

#: The legal bases a mandate can rest on.
BASES: tuple[str, ...] = ("LEGAL_OBLIGATION", "PUBLIC_TASK", "VITAL_INTEREST")
#: The data categories consents and mandates cover.
CATEGORIES: tuple[str, ...] = (
    "identity", "health", "education", "police", "social", "civilservice", "payments",
)
#: A Kemendagri region code, undotted: province 2, regency 4, district 6, village 10 digits.
_REGION = re.compile(r"^[0-9]{2}(?:[0-9]{2}(?:[0-9]{2}(?:[0-9]{4})?)?)?$")


def parse_regions(values: Sequence[str]) -> tuple[str, ...]:
    """Region codes from ``--region`` values (each comma-separated, dots allowed): undotted,
    distinct, sorted; :class:`RegistryError` naming the first malformed one."""
    codes: set[str] = set()
    for value in values:
        for part in value.split(","):
            code = part.strip().replace(".", "")
            if not _REGION.match(code):
                raise RegistryError(
                    f"bad region code {part.strip()!r}: "
                    "give 2, 4, 6 or 10 digits (Kemendagri code, dots allowed)"
                )
            codes.add(code)
    return tuple(sorted(codes))


@dataclass(frozen=True, slots=True)
class MandateInfo:
    id: uuid.UUID
    agency: str
    categories: tuple[str, ...]
    regions: tuple[str, ...]
    purpose: str
    legal_basis: str
    legal_reference: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    created_by: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_by: str | None
    revoke_reason: str | None


_COLUMNS = """id, agency, categories, regions, purpose, legal_basis, legal_reference, valid_from, valid_until,
              created_by, created_at, revoked_at, revoked_by, revoke_reason"""


def _info(row: asyncpg.Record) -> MandateInfo:
    values = dict(row)
    values["categories"] = tuple(values["categories"])
    values["regions"] = tuple(values["regions"])
    return MandateInfo(**values)


async def create_mandate(
    conn: asyncpg.Connection,
    *,
    agency: str,
    categories: Sequence[str],
    purpose: str,
    basis: str,
    reference: str,
    valid_until: dt.datetime,
    valid_from: dt.datetime | None = None,
    created_by: str | None = None,
    regions: Sequence[str] = (),
) -> MandateInfo:
    """Record a mandate (valid from now unless ``valid_from``), national unless ``regions``."""
    codes = parse_regions(regions)
    if basis not in BASES:
        raise RegistryError(f"unknown legal basis {basis!r}; known: {', '.join(BASES)}")
    if not categories or any(c not in CATEGORIES for c in categories):
        parse_list(",".join(categories), what="category", known=CATEGORIES)  # raises, naming it
    if not reference.strip():
        raise RegistryError("a mandate needs its legal reference (e.g. 'UU 2/2002 Pasal 14')")
    async with conn.transaction():
        now = await conn.fetchval("select now()")
        start = valid_from or now
        if valid_until <= start:
            raise RegistryError("the mandate would end before it starts (--until is not after --from)")
        if not await conn.fetchval("select 1 from agency where code = $1", agency):
            raise RegistryError(f"unknown agency {agency!r}")
        if not await conn.fetchval("select 1 from purpose where code = $1", purpose):
            raise RegistryError(f"unknown purpose {purpose!r}")
        row = await conn.fetchrow(
            f"""insert into mandate (agency, categories, purpose, legal_basis, legal_reference,
                                     valid_from, valid_until, created_by, regions)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning {_COLUMNS}""",
            agency, list(dict.fromkeys(categories)), purpose, basis, reference.strip(), start,
            valid_until, created_by or actor(), list(codes),
        )  # fmt: skip
    assert row is not None
    return _info(row)


async def list_mandates(conn: asyncpg.Connection, *, agency: str | None = None) -> list[MandateInfo]:
    """Every mandate (of ``agency``), oldest first."""
    rows = await conn.fetch(
        f"select {_COLUMNS} from mandate where $1::text is null or agency = $1 order by created_at, id",
        agency,
    )
    return [_info(row) for row in rows]


async def revoke_mandate(
    conn: asyncpg.Connection, mandate_id: str, *, reason: str, revoked_by: str | None = None
) -> MandateInfo:
    """Revoke a mandate now, with the reason (once: a revoked mandate stays as it is)."""
    try:
        key = uuid.UUID(mandate_id)
    except ValueError:
        raise RegistryError(f"{mandate_id!r} is not a mandate id (a UUID)") from None
    if not reason.strip():
        raise RegistryError("say why the mandate is revoked (--reason)")
    async with conn.transaction():
        found = await conn.fetchrow("select revoked_at from mandate where id = $1 for update", key)
        if found is None:
            raise RegistryError(f"no mandate {mandate_id}")
        if found["revoked_at"] is not None:
            when = format_time(found["revoked_at"])
            raise RegistryError(f"mandate {mandate_id} was revoked already, at {when}")
        row = await conn.fetchrow(
            f"""update mandate set revoked_at = now(), revoked_by = $2, revoke_reason = $3
                 where id = $1 returning {_COLUMNS}""",
            key, revoked_by or actor(), reason.strip(),
        )  # fmt: skip
    assert row is not None
    return _info(row)


def format_mandates(mandates: Sequence[MandateInfo], *, now: dt.datetime | None = None) -> str:
    """A table of mandates for the terminal."""
    if not mandates:
        return "no mandates"
    now = now or dt.datetime.now(dt.UTC)
    header = (
        "ID", "AGENCY", "CATEGORIES", "REGIONS", "PURPOSE", "BASIS", "FROM", "UNTIL", "STATE", "REFERENCE",
    )  # fmt: skip
    rows = [header]
    for m in mandates:
        if m.revoked_at is not None:
            state = f"revoked {format_time(m.revoked_at)}"
        elif m.valid_until <= now:
            state = "expired"
        elif m.valid_from > now:
            state = "not yet valid"
        else:
            state = "active"
        rows.append((
            str(m.id), m.agency, ",".join(m.categories), ",".join(m.regions) or "national", m.purpose,
            m.legal_basis,
            format_time(m.valid_from), format_time(m.valid_until), state, m.legal_reference,
        ))  # fmt: skip
    return format_table(rows)
