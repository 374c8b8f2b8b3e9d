"""``python -m bench``: the entries measure real seeding and real HTTP, and print one table."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from bench.__main__ import ENTRIES, main, render
from bench.entities import run as run_entities
from bench.measurement import Context, Measurement
from bench.seeding import run as run_seeding
from spbe.database import drop_database
from spbe.seed.loader import SERVICES


@pytest.fixture
async def context(server_dsn: str) -> AsyncIterator[Context]:
    prefix = f"spbe_test_bench_{os.getpid()}_"
    yield Context(server_dsn, citizens=(400,), seed=3, duration=0.3, prefix=prefix, batches=(1, 10))
    for service in SERVICES:
        await drop_database(server_dsn, f"{prefix}{service}")


def test_render_aligns_a_table() -> None:
    text = render([Measurement("seeding", "10 citizens", 1234.5, "citizens/s", "99 rows in 0.1 s")])
    header, rule, row = text.splitlines()
    assert header.split() == ["benchmark", "case", "value", "unit", "detail"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert "1,234.5" in row and row.index("citizens/s") == header.index("unit")


def test_registry_names_importable_entries() -> None:
    assert {"seeding", "entities"} <= set(ENTRIES)


def test_bad_arguments_end_with_a_message_not_a_trace(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--only", "nonsense"]) == 2
    assert main(["--only", "seeding", "--citizens", "many"]) == 2
    assert "whole numbers" in capsys.readouterr().err


async def test_seeding_then_entities_over_http(context: Context) -> None:
    (seeded,) = await run_seeding(context)
    assert seeded.case == "400 citizens" and seeded.value > 0 and "rows in" in seeded.detail
    measured = await run_entities(context)
    assert [m.case for m in measured] == [
        f"{service}, {batch:,} per request" for service in SERVICES for batch in (1, 10)
    ]
    for m in measured:
        assert m.value > 0
        statements = float(m.detail.split(" SQL/request")[0])
        assert 1 <= statements <= 10  # batched loaders: a constant number of statements per request
