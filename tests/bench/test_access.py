"""``python -m bench --only access``: checks on against checks off, over a small population."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from bench.__main__ import ENTRIES
from bench.access import BIG, PURPOSE, QUERY, measure_rig, start_rig, strip_guards
from bench.measurement import Context
from spbe.database import drop_database
from spbe.seed.loader import SERVICES


@pytest.fixture
async def context(server_dsn: str) -> AsyncIterator[Context]:
    prefix = f"spbe_test_bench_access_{os.getpid()}_"
    yield Context(server_dsn, citizens=(150,), seed=3, duration=0.2, prefix=prefix)
    for service in (*SERVICES, "consent"):
        await drop_database(server_dsn, f"{prefix}{service}")


def test_access_is_an_entry() -> None:
    assert ENTRIES["access"] == "bench.access"


def test_strip_guards_removes_only_the_access_directives() -> None:
    sdl = (
        'type Query { a: String @policy(policies: [["consent:health"]])'
        ' @requiresScopes(scopes: [["health:read"]]) b: Int @authenticated @deprecated(reason: "old") }'
    )
    stripped = strip_guards(sdl)
    assert "@policy" not in stripped and "@requiresScopes" not in stripped
    assert "@authenticated" not in stripped and '@deprecated(reason: "old")' in stripped
    assert "a: String" in stripped and "b: Int" in stripped


async def test_checks_on_and_off_side_by_side(context: Context) -> None:
    async with start_rig(context, population=150, consenting=BIG) as rig:
        conn = await asyncpg.connect(rig.dsns["identity"])
        try:
            stranger = await conn.fetchval(
                "select nik from citizen where nik <> all($1::text[]) order by nik limit 1", rig.niks
            )
        finally:
            await conn.close()
        body = {"query": QUERY, "variables": {"niks": [rig.niks[0], stranger]}}
        async with httpx.AsyncClient(timeout=60) as client:
            on = (
                await client.post(rig.on, json=body, headers={"x-api-key": rig.key, "x-purpose": PURPOSE})
            ).json()
            off = (await client.post(rig.off, json=body)).json()
            anonymous = await client.post(rig.on, json=body)
        # the consenting citizen: the same record either way
        assert "errors" not in off
        assert on["data"]["citizens"][0] == off["data"]["citizens"][0]
        assert on["data"]["citizens"][0]["fullName"] and on["data"]["citizens"][0]["health"] is not None
        # a citizen who gave no consent: refused with checks on, answered with checks off
        refused = on["data"]["citizens"][1]
        assert refused["fullName"] is None and refused["health"] is None and refused["police"] is None
        assert {e["extensions"]["code"] for e in on["errors"]} == {"CONSENT_REQUIRED"}
        assert off["data"]["citizens"][1]["fullName"] and off["data"]["citizens"][1]["health"] is not None
        # checks on and no key: no personal field
        assert anonymous.status_code == 200 and "errors" in anonymous.json()

        steps = rig.guarded_steps(QUERY)
        rows = await measure_rig(rig, context.duration, pairs=1)
    assert steps == 4  # identity, health, education, police: one consent boundary per category
    by_case = {m.case: m for m in rows}
    assert list(by_case) == [
        "overview x 1, checks on",
        "overview x 1, checks off",
        "overview x 1, on/off",
        f"overview x {BIG}, checks on",
        f"overview x {BIG}, checks off",
        f"overview x {BIG}, on/off",
        f"registry round trips per request, x {BIG}",
        "registry round trips per guarded plan stage",
        f"trail entries written, x {BIG} via gateway",
        "record_access direct, 8 callers x 100",
    ]
    assert all(m.value > 0 for m in rows)
    for batch in (1, BIG):
        assert "answers identical" in by_case[f"overview x {batch}, on/off"].detail
        assert by_case[f"overview x {batch}, checks on"].unit == "requests/s"
    # checks on: the root fetch and one fetch per guarded step, each a subgraph call
    assert f"{steps + 1:.1f} subgraph calls/request" in by_case[f"overview x {BIG}, checks on"].detail
    # the four guarded fetches run side by side: their decisions take one round trip together
    assert by_case["registry round trips per guarded plan stage"].value == 1.0
    assert by_case[f"registry round trips per request, x {BIG}"].value == 2.0
    assert "key lookup alone 1.0" in by_case[f"registry round trips per request, x {BIG}"].detail
    trail = by_case[f"trail entries written, x {BIG} via gateway"].detail
    assert f"{BIG * steps:,.1f} per request" in trail  # one entry per citizen and guarded step
