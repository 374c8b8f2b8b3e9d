"""``spbe audit verify`` against a real trail, clean and tampered with.

Tests run as a superuser, so they can switch off the append-only trigger to tamper with a copy
of the trail, as an attacker with database access could.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import asyncpg
import pytest

from spbe.audit import GENESIS, entry_digest, epoch_micros, format_report, verify_access_log
from tests.conftest import ServiceDsn
from tests.spbe.conftest import Cli

ENTRIES = [
    # chain, request, operation, kind, agency, key, actor, subject, category, fields, purpose,
    # decision, reason
    (0, "r1", "Overview", "AGENCY", "KEMENSOS", "abc", None, "3171010101900001", "health",
     ["bpjs", "immunizations"], "BANSOS_ELIGIBILITY", "ALLOW", None),
    (0, "r2", None, "CITIZEN", None, None, "3171010101900001", "3171010101900001", "identity",
     ["fullName"], None, "ALLOW", None),
    (0, "r3", "Ünïcødé ✓ 名前", "AGENCY", "KEMENSOS", "abc", None, "3171010101900002", "police",
     ["a|b", "c,d", ""], "BANSOS_ELIGIBILITY", "DENY", "NO_CONSENT"),
    (0, "r4", "x", "ANONYMOUS", None, None, None, "3171010101900003", "education", [], None, "DENY",
     "NOT_IDENTIFIED"),
    (3, "r5", "y", "AGENCY", "POLRI", "k", None, "3171010101900003", "police", ["drivingLicences"],
     "LAW_ENFORCEMENT", "ALLOW", None),
    (3, "r6", "z", "AGENCY", "POLRI", "k", None, "3171010101900004", "police", ["status", None],
     "LAW_ENFORCEMENT", "ALLOW", None),
    (7, "r7", "q", "AGENCY", "KEMENSOS", "abc", None, "3171010101900005", "health", ["bpjs"],
     "BANSOS_ELIGIBILITY", "ALLOW", None),
]  # fmt: skip


@pytest.fixture
async def trail(service_dsn: ServiceDsn) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(await service_dsn("consent"))
    try:
        for e in ENTRIES:
            basis = "SELF" if e[3] == "CITIZEN" else ("CONSENT" if e[11] == "ALLOW" else "NONE")
            await conn.execute(
                """insert into access_log (chain, seq, request_id, operation_name, caller_kind, agency,
                       key_id, actor_nik, subject_nik, category, fields, purpose, basis, basis_id,
                       decision, reason, prev_hash, hash)
                   values ($1, 0, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, null, $13, $14,
                           '\\x'::bytea, '\\x'::bytea)""",
                *e[:10], e[10], basis, e[11], e[12],
            )  # fmt: skip
        yield conn
    finally:
        await conn.close()


async def tamper(conn: asyncpg.Connection, sql: str, *args: object) -> None:
    await conn.execute("alter table access_log disable trigger access_log_append_only")
    try:
        await conn.execute(sql, *args)
    finally:
        await conn.execute("alter table access_log enable trigger access_log_append_only")


async def entry_id(conn: asyncpg.Connection, chain: int, seq: int) -> int:
    value = await conn.fetchval("select id from access_log where chain = $1 and seq = $2", chain, seq)
    assert isinstance(value, int)
    return value


async def test_python_digest_matches_the_database(trail: asyncpg.Connection) -> None:
    rows = await trail.fetch("select * from access_log order by chain, seq")
    assert len(rows) == len(ENTRIES)
    for row in rows:
        assert entry_digest(row["prev_hash"], row) == row["hash"]
        again = await trail.fetchval(
            "select access_log_digest($1, l) from access_log l where id = $2", row["prev_hash"], row["id"]
        )
        assert again == row["hash"]
    assert rows[0]["prev_hash"] == GENESIS


def test_epoch_micros_is_exact() -> None:
    at = dt.datetime(2262, 4, 11, 23, 47, 16, 854775, tzinfo=dt.UTC)
    assert epoch_micros(at) == 9223372036854775
    jakarta = dt.timezone(dt.timedelta(hours=7))
    assert epoch_micros(dt.datetime(1970, 1, 1, 7, 0, 0, 1, tzinfo=jakarta)) == 1
    assert epoch_micros(dt.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)) == -1
    with pytest.raises(ValueError):
        epoch_micros(dt.datetime(2026, 1, 1))


async def test_clean_trail_verifies(trail: asyncpg.Connection) -> None:
    report = await verify_access_log(trail, prefetch=2)
    assert report.ok
    assert format_report(report) == ["ok: 7 entries in 3 chains"]


async def test_empty_trail_verifies(service_dsn: ServiceDsn) -> None:
    conn = await asyncpg.connect(await service_dsn("consent"))
    try:
        assert format_report(await verify_access_log(conn)) == ["ok: 0 entries in 0 chains"]
    finally:
        await conn.close()


async def test_changed_column_names_the_entry(trail: asyncpg.Connection) -> None:
    target = await entry_id(trail, 0, 2)
    await tamper(trail, "update access_log set subject_nik = '3171010101900099' where id = $1", target)
    lines = format_report(await verify_access_log(trail))
    detail = "its columns do not give its stored hash (the entry was altered)"
    assert lines == [f"chain 0 seq 2 (id {target}): changed: {detail}"]


async def test_changed_time_is_noticed(trail: asyncpg.Connection) -> None:
    target = await entry_id(trail, 3, 1)
    await tamper(trail, "update access_log set at = at + interval '1 microsecond' where id = $1", target)
    (problem,) = (await verify_access_log(trail)).problems
    assert (problem.chain, problem.seq, problem.id, problem.kind) == (3, 1, target, "changed")


async def test_rehashed_entry_breaks_the_next_link(trail: asyncpg.Connection) -> None:
    """An attacker who also recomputes the altered entry's hash breaks the link after it."""
    target = await entry_id(trail, 0, 2)
    await tamper(
        trail,
        f"""update access_log set decision = 'DENY' where id = {target};
            update access_log l set hash = access_log_digest(l.prev_hash, l) where id = {target}""",
    )
    (problem,) = (await verify_access_log(trail)).problems
    assert (problem.chain, problem.seq, problem.kind) == (0, 3, "broken link")
    assert "seq 2" in problem.detail


async def test_removed_entry_is_missing(trail: asyncpg.Connection) -> None:
    await tamper(trail, "delete from access_log where chain = 0 and seq = 2")
    after = await entry_id(trail, 0, 3)
    (problem,) = (await verify_access_log(trail)).problems
    assert (problem.chain, problem.seq, problem.id, problem.kind) == (0, 3, after, "missing")
    assert "seq 2 absent" in problem.detail


async def test_removed_last_entry_is_missing(trail: asyncpg.Connection) -> None:
    await tamper(trail, "delete from access_log where chain = 3 and seq = 2")
    lines = format_report(await verify_access_log(trail))
    assert lines == ["chain 3 seq 2: missing: seq 2 absent at the end of the chain (the head says seq 2)"]


async def test_removed_whole_chain_is_missing(trail: asyncpg.Connection) -> None:
    await tamper(trail, "delete from access_log where chain = 7")
    lines = format_report(await verify_access_log(trail))
    assert lines == ["chain 7 seq 1: missing: the head says seq 1, but the chain has no entries"]


async def test_swapped_entries_are_reordered(trail: asyncpg.Connection) -> None:
    first, third = await entry_id(trail, 0, 1), await entry_id(trail, 0, 3)
    await tamper(
        trail,
        f"""update access_log set seq = -1 where id = {first};
            update access_log set seq = 1 where id = {third};
            update access_log set seq = 3 where id = {first}""",
    )
    lines = format_report(await verify_access_log(trail))
    assert lines == [
        f"chain 0 seq 1 (id {third}): reordered: written as seq 3, now at seq 1",
        f"chain 0 seq 3 (id {first}): reordered: written as seq 1, now at seq 3",
    ]


async def test_swapped_last_entries_also_miss_the_head(trail: asyncpg.Connection) -> None:
    one, two = await entry_id(trail, 3, 1), await entry_id(trail, 3, 2)
    await tamper(
        trail,
        f"""update access_log set seq = -1 where id = {one};
            update access_log set seq = 1 where id = {two};
            update access_log set seq = 2 where id = {one}""",
    )
    kinds = [(p.seq, p.id, p.kind) for p in (await verify_access_log(trail)).problems]
    assert kinds == [(1, two, "reordered"), (2, one, "reordered"), (2, one, "head mismatch")]


async def test_head_mismatch(trail: asyncpg.Connection) -> None:
    await trail.execute("update access_log_head set hash = sha256('x') where chain = 7")
    last = await entry_id(trail, 7, 1)
    (problem,) = (await verify_access_log(trail)).problems
    assert (problem.chain, problem.seq, problem.id, problem.kind) == (7, 1, last, "head mismatch")


async def test_missing_head_row(trail: asyncpg.Connection) -> None:
    await trail.execute("alter table access_log_head disable trigger access_log_head_no_delete")
    await trail.execute("delete from access_log_head where chain = 3")
    await trail.execute("alter table access_log_head enable trigger access_log_head_no_delete")
    (problem,) = (await verify_access_log(trail)).problems
    assert (problem.chain, problem.seq, problem.kind) == (3, 2, "head mismatch")


async def test_audit_verify_command(cli: Cli) -> None:
    clean = await cli("audit", "verify")
    assert (clean.status, clean.out) == (0, "ok: 0 entries in 0 chains\n")
    conn = await cli.connect()
    try:
        for nik in ("3171010101900001", "3171010101900002"):
            await conn.execute(
                """insert into access_log (chain, seq, request_id, caller_kind, subject_nik, category,
                                           fields, basis, decision, prev_hash, hash)
                   values (5, 0, 'r', 'ANONYMOUS', $1, 'identity', '{nik}', 'NONE', 'DENY', '', '')""",
                nik,
            )
        assert (await cli("audit", "verify")).out == "ok: 2 entries in 1 chains\n"
        first = await entry_id(conn, 5, 1)
        await tamper(conn, "update access_log set decision = 'ALLOW' where id = $1", first)
    finally:
        await conn.close()
    result = await cli("audit", "verify")
    assert result.status == 1
    assert result.out.startswith(f"chain 5 seq 1 (id {first}): changed: ")
