"""Issue 9, item 3: a fragment-spread bomb (each fragment spreads the next twice) is refused at
once, by the expanded size of the operation, and the gateway stays responsive."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.hostile.conftest import PROMPT, Hostile

pytestmark = pytest.mark.timeout(30, func_only=True)  # the shared system's setup is not the case


def bomb(levels: int) -> str:
    """``query { ...F0 } fragment F0 on Query { ...F1 ...F1 } ... fragment F<n> on Query {
    regions { code } }``: 750 bytes for 19 levels, 2**18 copies of ``regions`` once expanded."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels - 1)]
    fragments.append(f"fragment F{levels - 1} on Query {{ regions {{ code }} }}")
    return "query { ...F0 } " + " ".join(fragments)


async def test_a_fragment_bomb_is_refused_in_milliseconds(hostile: Hostile) -> None:
    document = bomb(24)  # 2**23 copies; each level doubled the time (19 levels blocked it for 13 s)
    assert len(document) < 1000
    start = time.perf_counter()
    response = await asyncio.wait_for(hostile.post({"query": document}), 5)
    took = time.perf_counter() - start
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "fields" in error["message"] and "limit" in error["message"]
    assert took < PROMPT, f"refused in {took:.3f} s"
    await hostile.responsive(PROMPT)


async def test_the_gateway_answers_others_while_bombs_arrive(hostile: Hostile) -> None:
    bombs = [asyncio.create_task(hostile.post({"query": bomb(19 + i % 5)})) for i in range(20)]
    await hostile.responsive(PROMPT)
    answers = await asyncio.wait_for(asyncio.gather(*bombs), 10)
    assert {a.status_code for a in answers} == {400}
    await hostile.responsive(PROMPT)


async def test_a_small_fragment_tree_still_runs(hostile: Hostile) -> None:
    response = await hostile.post({"query": bomb(4)})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["regions"]
