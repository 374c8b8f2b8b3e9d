"""The planner walks a fragment spread once per place it is spread (issue 9, item 3)."""

from __future__ import annotations

import time

from graphql import parse

from gateway.planner import build_plan, print_plan

from .test_build import plan, supergraph


def bomb(levels: int, leaf: str) -> str:
    """Each fragment spreads the next twice: ``2**(levels - 1)`` copies of ``leaf`` expanded."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels - 1)]
    fragments.append(f"fragment F{levels - 1} on Query {{ {leaf} }}")
    return "query { ...F0 } " + " ".join(fragments)


def test_a_fragment_bomb_is_planned_in_milliseconds() -> None:
    leaf = "topProducts { name inStock reviews { body } }"
    start = time.perf_counter()
    planned = build_plan(supergraph("shop"), parse(bomb(25, leaf)), None)  # 2**24 copies expanded
    assert time.perf_counter() - start < 1.0
    assert print_plan(planned) == plan("shop", "{ " + leaf + " }")


def test_a_fragment_spread_under_conditions_is_still_planned_each_time() -> None:
    query = (
        "query($a: Boolean!, $b: Boolean!) { ...F @include(if: $a) ...F @include(if: $b) } "
        "fragment F on Query { topProducts { name } }"
    )
    printed = plan("shop", query)
    assert printed.count("@include(if: $a)") == 1 and printed.count("@include(if: $b)") == 1
