"""In-flight de-duplication (gateway/inflight.py), the one mechanism behind inbound
(gateway/http.py) and outbound (gateway/transport.py) sharing."""

from __future__ import annotations

import asyncio

import pytest

from gateway.inflight import InFlight


async def test_callers_of_one_key_share_one_run_and_the_key_is_then_forgotten() -> None:
    shared: InFlight[int] = InFlight()
    runs = 0

    async def produce() -> int:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.02)
        return runs

    assert await asyncio.gather(*(shared.run("k", produce) for _ in range(5))) == [1] * 5
    assert (runs, shared.started, len(shared)) == (1, 1, 0)
    assert await shared.run("k", produce) == 2  # nothing is cached once the work ended


async def test_a_failure_reaches_every_waiter() -> None:
    shared: InFlight[int] = InFlight()

    async def produce() -> int:
        await asyncio.sleep(0.02)
        raise LookupError("gone")

    results = await asyncio.gather(*(shared.run("k", produce) for _ in range(3)), return_exceptions=True)
    assert [type(r) for r in results] == [LookupError] * 3


async def test_a_waiter_that_goes_away_does_not_cancel_the_others() -> None:
    shared: InFlight[str] = InFlight()
    gate = asyncio.Event()

    async def produce() -> str:
        await gate.wait()
        return "answer"

    runner = asyncio.create_task(shared.run("k", produce))
    quitter = asyncio.create_task(shared.run("k", produce))
    stayer = asyncio.create_task(shared.run("k", produce))
    await asyncio.sleep(0)
    quitter.cancel()
    gate.set()
    assert await runner == await stayer == "answer"
    with pytest.raises(asyncio.CancelledError):
        await quitter
