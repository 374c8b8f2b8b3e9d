"""``python -m bench --only tracing``: tracing on against tracing off, over a small population."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from bench.__main__ import ENTRIES
from bench.access import BIG
from bench.measurement import Context
from bench.tracing import measure
from spbe.database import drop_database
from spbe.seed.loader import SERVICES


@pytest.fixture
async def context(server_dsn: str) -> AsyncIterator[Context]:
    prefix = f"spbe_test_bench_tracing_{os.getpid()}_"
    yield Context(server_dsn, citizens=(150,), seed=3, duration=0.2, prefix=prefix)
    for service in (*SERVICES, "consent"):
        await drop_database(server_dsn, f"{prefix}{service}")


async def test_tracing_on_and_off_side_by_side(context: Context) -> None:
    assert ENTRIES["tracing"] == "bench.tracing"
    rows = await measure(context, population=150, consenting=BIG, pairs=1)
    by_case = {m.case: m for m in rows}
    assert list(by_case) == [
        "overview x 1, tracing on",
        "overview x 1, tracing off",
        "overview x 1, on/off",
        f"overview x {BIG}, tracing on",
        f"overview x {BIG}, tracing off",
        f"overview x {BIG}, on/off",
    ]
    assert all(m.value > 0 for m in rows)
    # a traced overview (its plan cached): the gateway's server span, execute and shape, five
    # fetches (identity's root field, then the four guarded categories), five subgraph server
    # spans, four consent decisions and one trail write; and the subgraphs' 7 SQL statements
    detail = by_case["overview x 1, on/off"].detail
    assert "25.0 spans per traced request" in detail
