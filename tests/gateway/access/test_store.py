"""The registry store over a real PostgreSQL: decisions and the trail in one round trip."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator

import asyncpg
import pytest

from gateway.access.caller import Caller, CallerKind
from gateway.access.store import AccessStore
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_consent, add_mandate, prepare_registry

A, B, C, D = "3171010101900001", "3171010101900002", "3171010101150003", "3171010101900004"
AGENCY = Caller(
    kind=CallerKind.AGENCY,
    agency="KEMENSOS",
    key_id="abcdefghij",
    purpose="BANSOS_ELIGIBILITY",
    request_id="req-1",
)


@pytest.fixture
async def registry(service_dsn: ServiceDsn) -> AsyncIterator[tuple[AccessStore, asyncpg.Connection]]:
    dsn = await service_dsn("consent")
    conn = await asyncpg.connect(dsn)
    await prepare_registry(conn)
    store = AccessStore(dsn)
    try:
        yield store, conn
    finally:
        await store.close()
        await conn.close()


async def _decide(store: AccessStore, caller: Caller, category: str, *niks: str) -> dict[str, str | None]:
    found = await store.record_access(
        caller, category=category, fields=[category], subjects=niks, operation_name="Overview"
    )
    return {nik: ("ALLOW " + d.basis) if d.allowed else d.reason for nik, d in found.items()}


async def test_agency_decisions_follow_consent_state_purpose_and_category(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    await add_consent(conn, A)
    await add_consent(conn, B, events=("PAUSE",))
    await add_consent(conn, C, events=("REVOKE",))
    await add_consent(
        conn,
        D,
        valid_from=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        valid_until=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC),
    )
    assert await _decide(store, AGENCY, "health", A, B, C, D, "3171010101900009") == {
        A: "ALLOW CONSENT",
        B: "CONSENT_PAUSED",
        C: "CONSENT_REVOKED",
        D: "CONSENT_EXPIRED",
        "3171010101900009": "NO_CONSENT",
    }
    assert await _decide(store, AGENCY, "police", A) == {A: "CONSENT_FOR_OTHER_CATEGORY"}
    other_purpose = Caller(
        kind=CallerKind.AGENCY, agency="KEMENSOS", purpose="HEALTH_SERVICE", request_id="r"
    )
    assert await _decide(store, other_purpose, "health", A) == {A: "CONSENT_FOR_OTHER_PURPOSE"}
    unknown = Caller(kind=CallerKind.AGENCY, agency="KEMENSOS", purpose="NOT_A_PURPOSE", request_id="r")
    assert await _decide(store, unknown, "health", A) == {A: "UNKNOWN_PURPOSE"}
    polri = Caller(kind=CallerKind.AGENCY, agency="POLRI", purpose="BANSOS_ELIGIBILITY", request_id="r")
    assert await _decide(store, polri, "health", A) == {A: "NO_CONSENT"}  # another agency's consent


async def test_mandates_are_a_legal_basis_until_revoked(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    mandate = await add_mandate(conn)
    polri = Caller(kind=CallerKind.AGENCY, agency="POLRI", purpose="LAW_ENFORCEMENT", request_id="r")
    found = await store.record_access(
        polri, category="police", fields=["police"], subjects=[A], operation_name=None
    )
    assert (found[A].allowed, found[A].basis, found[A].basis_id) == (True, "MANDATE", mandate)
    assert await _decide(store, polri, "health", A) == {A: "NO_CONSENT"}
    await conn.execute("update mandate set revoked_at = now(), revoked_by = 'x' where id = $1", mandate)
    assert await _decide(store, polri, "police", A) == {A: "NO_CONSENT"}


async def test_a_regional_mandate_covers_citizens_by_domicile_and_denies_when_unknown(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    mandate = await add_mandate(conn, regions=["317101", "3273"])
    polri = Caller(kind=CallerKind.AGENCY, agency="POLRI", purpose="LAW_ENFORCEMENT", request_id="r")
    domiciles = {A: "3171011001", B: "3273051002", C: "3171021001"}  # D: not known

    async def decide(known: dict[str, str] | None) -> dict[str, tuple[str | None, str | None]]:
        found = await store.record_access(
            polri, category="police", fields=["police"], subjects=[A, B, C, D], operation_name=None,
            domiciles=known,
        )  # fmt: skip
        return {nik: (d.basis_id if d.allowed else None, d.reason) for nik, d in found.items()}

    assert await decide(domiciles) == {
        A: (mandate, None),
        B: (mandate, None),
        C: (None, "MANDATE_OUT_OF_REGION"),  # the NIK says 317101; the domicile does not
        D: (None, "MANDATE_REGION_UNKNOWN"),
    }
    assert set((await decide(None)).values()) == {(None, "MANDATE_REGION_UNKNOWN")}
    assert await _decide(store, polri, "health", A) == {A: "NO_CONSENT"}  # another category
    national = await add_mandate(conn)
    assert {basis for basis, _ in (await decide(None)).values()} == {national}


async def test_citizens_see_themselves_and_their_wards(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, _ = registry
    parent = Caller(kind=CallerKind.CITIZEN, citizen=A, wards=(C,), request_id="r")
    assert await _decide(store, parent, "health", A, C, B) == {
        A: "ALLOW SELF",
        C: "ALLOW GUARDIAN",
        B: "NOT_SELF_OR_WARD",
    }
    anonymous = Caller(kind=CallerKind.ANONYMOUS, request_id="r")
    assert await _decide(store, anonymous, "health", A) == {A: "NOT_IDENTIFIED"}


async def test_every_decision_is_in_the_trail_written_in_one_round_trip(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    await add_consent(conn, A)
    before = store.round_trips
    await _decide(store, AGENCY, "health", A, B, *[f"3171010101{n + 100:06d}" for n in range(100)])
    assert store.round_trips - before == 1
    rows = await conn.fetch(
        "select subject_nik, decision, basis, request_id, agency, key_id, purpose,"
        " operation_name, fields from access_log order by id"
    )
    assert len(rows) == 102
    first = {r["subject_nik"]: r for r in rows}[A]
    assert (
        first["decision"],
        first["basis"],
        first["request_id"],
        first["agency"],
        first["key_id"],
        first["purpose"],
        first["operation_name"],
        first["fields"],
    ) == ("ALLOW", "CONSENT", "req-1", "KEMENSOS", "abcdefghij", "BANSOS_ELIGIBILITY", "Overview", ["health"])
    assert {r["decision"] for r in rows if r["subject_nik"] != A} == {"DENY"}


async def test_concurrent_writers_keep_every_chain_whole(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    await asyncio.gather(*(_decide(store, AGENCY, "health", A, B, C) for _ in range(40)))
    assert await conn.fetchval("select count(*) from access_log") == 120
    broken = await conn.fetchval(
        """
        select count(*) from (
          select seq, hash, prev_hash, access_log_digest(prev_hash, l) = hash as good,
                 lag(hash) over (partition by chain order by seq) as before,
                 lag(seq) over (partition by chain order by seq) as seq_before
          from access_log l) x
        where not good or (before is not null and before <> prev_hash) or coalesce(seq_before, 0) <> seq - 1
        """
    )
    assert broken == 0
    heads = await conn.fetch("select chain, seq from access_log_head")
    lasts = await conn.fetch("select chain, max(seq) as seq from access_log group by chain")
    assert sorted(map(tuple, heads)) == sorted(map(tuple, lasts))


async def test_the_trail_refuses_changes(registry: tuple[AccessStore, asyncpg.Connection]) -> None:
    store, conn = registry
    await _decide(store, AGENCY, "health", A)
    with pytest.raises(asyncpg.PostgresError, match="append-only"):
        await conn.execute("update access_log set decision = 'ALLOW'")
    with pytest.raises(asyncpg.PostgresError, match="append-only"):
        await conn.execute("delete from access_log")
    with pytest.raises(asyncpg.PostgresError, match="append-only"):
        await conn.execute("truncate access_log")
