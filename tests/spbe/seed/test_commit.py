"""All or nothing across the service databases (spbe.seed.commit, docs/seeding.md "All or nothing").

The fault is the one issue 9 used: a deferred constraint trigger on ``education.school`` that
fails at commit, after identity and health would have committed one by one. On the test server
(``max_prepared_transactions = 0``, as in CI) the commit is ordered; on the embedded server that
``spbe up`` starts it is two-phase. Either way nothing changes anywhere, and a run cut off after
its decision is finished by the next.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from spbe.database import DatabaseServer, ensure_service_databases, start_embedded
from spbe.migrations import migrate
from spbe.seed import PartialCommitError, Population, inspect_population, recover, seed_population
from spbe.seed.commit import CommitMode
from spbe.seed.loader import SERVICES, TABLES
from spbe.settings import PROJECT_ROOT
from tests.conftest import ServiceDsn

OLD, NEW = 300, 400  # the populations' sizes: the old one stays, the new one must not half-arrive


async def _snapshot(dsns: Mapping[str, str]) -> dict[str, object]:
    """Every seeded table's digest, and each database's generation row."""
    out: dict[str, object] = {}
    for service, tables in TABLES.items():
        conn = await asyncpg.connect(dsns[service])
        try:
            for table, _ in tables:
                out[table] = await conn.fetchval(
                    f"select md5(string_agg(t::text, E'\\n' order by t::text)) from {table} t"
                )
            if await conn.fetchval("select to_regclass('seed_generation') is not null"):
                out[f"{service}.generation"] = await conn.fetchval("select generation from seed_generation")
        finally:
            await conn.close()
    return out


_FAULT = """
create function injected_fault() returns trigger language plpgsql as $$
begin
    raise exception 'injected fault at commit';
end $$;
create constraint trigger injected_fault after insert on school
    deferrable initially deferred for each row execute function injected_fault();
"""


async def _execute(dsn: str, sql: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _niks_everywhere_are_citizens(dsns: Mapping[str, str]) -> None:
    conn = await asyncpg.connect(dsns["identity"])
    try:
        niks = {row["nik"] for row in await conn.fetch("select nik from citizen")}
    finally:
        await conn.close()
    for service in ("health", "education", "police"):
        conn = await asyncpg.connect(dsns[service])
        try:
            for table, columns in TABLES[service]:
                if "nik" in columns:
                    referenced = {row["nik"] for row in await conn.fetch(f"select distinct nik from {table}")}
                    assert referenced <= niks, f"{table}: NIKs of another population"
        finally:
            await conn.close()


async def _prepared(dsn: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("select gid from pg_prepared_xacts where database = current_database()")
        return [row["gid"] for row in rows]
    finally:
        await conn.close()


async def _fault_changes_nothing_and_the_next_run_succeeds(dsns: Mapping[str, str], mode: CommitMode) -> None:
    first = await seed_population(dsns, citizens=OLD, seed=1, commit_mode=mode)
    assert first.mode is mode
    before = await _snapshot(dsns)
    await _execute(dsns["education"], _FAULT)
    with pytest.raises(asyncpg.RaiseError, match="injected fault at commit"):
        await seed_population(dsns, citizens=NEW, seed=2, reset=True, commit_mode=mode)
    assert await _snapshot(dsns) == before, "a database changed although the run failed"
    assert not any([await _prepared(dsns[s]) for s in SERVICES]), "a prepared transaction was left"
    state = await inspect_population(dsns)
    assert state.population is Population.CONSISTENT
    assert state.decided is not None and state.decided.citizens == OLD
    await _execute(dsns["education"], "drop trigger injected_fault on school")
    second = await seed_population(dsns, citizens=NEW, seed=2, reset=True, commit_mode=mode)  # the next run
    state = await inspect_population(dsns)
    assert state.population is Population.CONSISTENT
    assert state.decided == second.generation and state.decided is not None
    assert state.decided.citizens == NEW
    await _niks_everywhere_are_citizens(dsns)


class _FailsToFinish(asyncpg.Connection):
    """A connection to education whose final commit is lost, as when the process dies there."""

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> Any:
        lost = query == "commit" or query.startswith("commit prepared")
        if lost and "education" in self._params.database:
            raise ConnectionResetError("connection lost at commit (simulated)")
        return await super().execute(query, *args, **kwargs)


async def test_a_fault_at_commit_changes_nothing_anywhere(service_dsn: ServiceDsn) -> None:
    dsns = {service: await service_dsn(service) for service in SERVICES}
    await asyncio.wait_for(_fault_changes_nothing_and_the_next_run_succeeds(dsns, CommitMode.ORDERED), 120)


async def test_a_run_cut_off_after_its_decision_is_rolled_forward(service_dsn: ServiceDsn) -> None:
    dsns = {service: await service_dsn(service) for service in SERVICES}
    ordered = CommitMode.ORDERED  # the two-phase path: test_two_phase_commit_on_the_embedded_server
    await seed_population(dsns, citizens=OLD, seed=1, commit_mode=ordered)
    with pytest.raises(PartialCommitError, match="education did not commit yet"):
        await seed_population(
            dsns, citizens=NEW, seed=2, reset=True, connection_class=_FailsToFinish, commit_mode=ordered
        )
    state = await inspect_population(dsns)
    assert state.population is Population.LAGGING and state.lagging == ("education",)
    assert state.decided is not None and state.decided.citizens == NEW
    assert "education: generation" in state.describe() and f"{OLD} citizens" in state.describe()

    recovery = await recover(dsns)  # the next run
    assert recovery.rolled_forward == ("education",)
    assert recovery.state.population is Population.CONSISTENT
    assert recovery.state.decided == state.decided
    await _niks_everywhere_are_citizens(dsns)
    again = await recover(dsns)
    assert not again.changed and again.state.population is Population.CONSISTENT


@pytest.fixture
def embedded(embedded_data_dir: Path) -> Any:
    server = start_embedded(embedded_data_dir / "postgres", cleanup="delete")
    try:
        yield server
    finally:
        server.close()


async def _migrated(server: DatabaseServer) -> dict[str, str]:
    dsns = await ensure_service_databases(server, SERVICES)
    for service, dsn in dsns.items():
        await migrate(dsn, service, sql_dir=PROJECT_ROOT / "sql")
    return dsns


class _DiesBeforeDeciding(asyncpg.Connection):
    """The coordinator's commit never happens: the process died between the vote and the decision."""

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> Any:
        if query == "commit" and "identity" in self._params.database:
            raise ConnectionResetError("connection lost before the decision (simulated)")
        return await super().execute(query, *args, **kwargs)


@pytest.mark.slow
async def test_two_phase_commit_on_the_embedded_server(embedded: DatabaseServer) -> None:
    conn = await asyncpg.connect(embedded.url)
    try:
        assert int(await conn.fetchval("show max_prepared_transactions")) >= len(SERVICES)
    finally:
        await conn.close()
    dsns = await _migrated(embedded)
    await asyncio.wait_for(_fault_changes_nothing_and_the_next_run_succeeds(dsns, CommitMode.TWO_PHASE), 180)
    before = await _snapshot(dsns)

    # died after the vote, before the decision: the prepared transactions are rolled back
    with pytest.raises(ConnectionResetError):
        await seed_population(dsns, citizens=OLD, seed=3, reset=True, connection_class=_DiesBeforeDeciding)
    assert [len(await _prepared(dsns[s])) for s in SERVICES] == [0] + [1] * (len(SERVICES) - 1)
    recovery = await recover(dsns)
    assert sorted(recovery.rolled_back) == sorted(SERVICES[1:]) and not recovery.committed
    assert await _snapshot(dsns) == before

    # died after the decision: education's prepared transaction is committed by the next run
    with pytest.raises(PartialCommitError):
        await seed_population(dsns, citizens=OLD, seed=3, reset=True, connection_class=_FailsToFinish)
    assert len(await _prepared(dsns["education"])) == 1
    recovery = await recover(dsns)
    assert recovery.committed == ["education"] and not recovery.rolled_forward
    assert recovery.state.population is Population.CONSISTENT
    assert recovery.state.decided is not None and recovery.state.decided.seed == 3
    await _niks_everywhere_are_citizens(dsns)
