"""The consent gate under a regional mandate: it learns citizens' domiciles only when a regional
mandate could decide, and when it cannot learn them the regional mandate covers nobody (a
recorded denial, not a failed check). Over the real registry database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import asyncpg
import pytest

from gateway.access.caller import Caller, CallerKind, MandateScope
from gateway.access.consent import ConsentGate
from gateway.access.store import AccessStore
from gateway.executor.access import ALLOWED, Denied
from gateway.planner.plan import Guard
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_mandate, prepare_registry

HOME, AWAY = "3171010101900001", "3171010101900002"
POLICE = Guard(type_name="Citizen", key_field="nik", category="police", fields=("police",))
HEALTH = Guard(type_name="Citizen", key_field="nik", category="health", fields=("health",))


def _polri(*mandates: MandateScope) -> Caller:
    return Caller(
        kind=CallerKind.AGENCY, agency="POLRI", key_id="k", purpose="LAW_ENFORCEMENT", request_id="r",
        mandates=mandates,
    )  # fmt: skip


class Domiciles:
    """Where the two citizens live, as identity would answer (``down``: it does not answer)."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.asked: list[list[str]] = []

    async def __call__(self, niks: Sequence[str]) -> dict[str, str]:
        self.asked.append(list(niks))
        if self.down:
            raise OSError("identity is down")
        return {HOME: "3171011001", AWAY: "3273011001"}


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


async def test_a_regional_mandate_reaches_the_citizens_living_in_its_region(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    await add_mandate(conn, regions=["3171"])
    domiciles = Domiciles()
    scope = MandateScope(categories=frozenset({"police"}), regions=("3171",))
    gate = ConsentGate(_polri(scope), store, None, domiciles)
    decided = await gate.decide(POLICE, [HOME, AWAY])
    assert decided[HOME] is ALLOWED
    away = decided[AWAY]
    assert isinstance(away, Denied) and away.reason == "MANDATE_OUT_OF_REGION"
    assert "MANDATE_OUT_OF_REGION" in away.message and AWAY not in away.message
    assert domiciles.asked == [[HOME, AWAY]]
    # health: no mandate could reach it, so nobody's domicile is asked
    await gate.decide(HEALTH, [HOME])
    assert domiciles.asked == [[HOME, AWAY]]


async def test_a_later_step_of_the_same_request_asks_only_for_citizens_not_seen_yet(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    """Two guarded steps (e.g. the records, then a field that @requires facts of them) under one
    regional mandate: identity is asked once per citizen, and the second decision is the same."""
    store, conn = registry
    await add_mandate(conn, regions=["3171"])
    domiciles = Domiciles()
    scope = MandateScope(categories=frozenset({"police"}), regions=("3171",))
    gate = ConsentGate(_polri(scope), store, None, domiciles)
    first = await gate.decide(POLICE, [HOME])
    second = await gate.decide(POLICE, [HOME, AWAY])
    assert first[HOME] is ALLOWED and second[HOME] is ALLOWED
    away = second[AWAY]
    assert isinstance(away, Denied) and away.reason == "MANDATE_OUT_OF_REGION"
    assert domiciles.asked == [[HOME], [AWAY]]


async def test_a_failed_domicile_lookup_is_asked_again_by_a_later_step(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    await add_mandate(conn, regions=["3171"])
    domiciles = Domiciles(down=True)
    scope = MandateScope(categories=frozenset({"police"}), regions=("3171",))
    gate = ConsentGate(_polri(scope), store, None, domiciles)
    denied = (await gate.decide(POLICE, [HOME]))[HOME]
    assert isinstance(denied, Denied) and denied.reason == "MANDATE_REGION_UNKNOWN"
    domiciles.down = False
    assert (await gate.decide(POLICE, [HOME]))[HOME] is ALLOWED
    assert domiciles.asked == [[HOME], [HOME]]


async def test_without_domiciles_a_regional_mandate_covers_nobody(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    await add_mandate(conn, regions=["3171"])
    scope = MandateScope(categories=frozenset({"police"}), regions=("3171",))
    for lookup in (Domiciles(down=True), None):
        gate = ConsentGate(_polri(scope), store, None, lookup)
        decided = await gate.decide(POLICE, [HOME, AWAY])
        assert {d.reason for d in decided.values() if isinstance(d, Denied)} == {"MANDATE_REGION_UNKNOWN"}
        assert len(decided) == 2 and ALLOWED not in decided.values()
    rows = await conn.fetch("select decision, reason from access_log where reason = 'MANDATE_REGION_UNKNOWN'")
    assert len(rows) == 4 and {r["decision"] for r in rows} == {"DENY"}


async def test_a_national_mandate_needs_no_domicile(registry: tuple[AccessStore, asyncpg.Connection]) -> None:
    store, conn = registry
    await add_mandate(conn)
    await add_mandate(conn, regions=["3171"])
    domiciles = Domiciles(down=True)
    both = (
        MandateScope(categories=frozenset({"police"})),
        MandateScope(categories=frozenset({"police"}), regions=("3171",)),
    )
    decided = await ConsentGate(_polri(*both), store, None, domiciles).decide(POLICE, [HOME, AWAY])
    assert set(decided.values()) == {ALLOWED} and domiciles.asked == []
