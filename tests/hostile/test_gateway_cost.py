"""Issue 9, items 1 and 2 (the gateway's side): fan-out within the depth limit and bulk
extraction through aliases are refused by the cost estimate before planning, and a request's
``citizens(niks:)`` fields together may hold at most 1,000 NIKs; ordinary operations still run."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.hostile.conftest import PROMPT, Hostile

pytestmark = pytest.mark.timeout(30, func_only=True)  # the shared system's setup is not the case


def family_nesting(levels: int) -> str:
    """``citizen(nik:) { family { members { citizen { family { ... } } } } }``, ``levels`` deep."""
    inner = "nik"
    for _ in range(levels):
        inner = f"nik family {{ members {{ citizen {{ {inner} }} }} }}"
    return f"query($nik: String!) {{ citizen(nik: $nik) {{ {inner} }} }}"


def refused(response: Any, code: str) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    error: dict[str, Any] = response.json()["errors"][0]
    assert error["extensions"]["code"] == code, error
    return error


async def test_ten_levels_of_family_nesting_are_refused_at_once(hostile: Hostile) -> None:
    query = family_nesting(10)
    assert query.count("{") == 32  # fields nested 31 deep: under the depth limit of 32
    start = time.perf_counter()
    response = await hostile.post({"query": query, "variables": {"nik": hostile.niks[0]}})
    took = time.perf_counter() - start
    error = refused(response, "COST_LIMIT_EXCEEDED")
    assert error["extensions"]["limit"] == 100_000
    assert error["extensions"]["cost"] > 10**10  # ten times a family of ten
    assert "100000" in error["message"]
    assert took < PROMPT
    await hostile.responsive(PROMPT)


async def test_two_levels_of_family_nesting_still_run(hostile: Hostile) -> None:
    response = await hostile.post({"query": family_nesting(2), "variables": {"nik": hostile.niks[0]}})
    assert response.status_code == 200, response.text  # fields a caller without scopes may not see are null


def thousand(hostile: Hostile) -> list[str]:
    """The seeded NIKs and well-formed unknown ones, 1,000 in all."""
    return [*hostile.niks, *(f"31710101019{n:05d}" for n in range(1000 - len(hostile.niks)))]


def aliases(count: int, selection: str = "nik fullName") -> str:
    fields = " ".join(f"a{i}: citizens(niks: $n) {{ {selection} }}" for i in range(count))
    return f"query($n: [String!]!) {{ {fields} }}"


async def test_500_aliases_of_a_thousand_niks_are_refused(hostile: Hostile) -> None:
    start = time.perf_counter()
    response = await hostile.post({"query": aliases(500), "variables": {"n": thousand(hostile)}})
    took = time.perf_counter() - start
    refused(response, "GRAPHQL_VALIDATION_FAILED")  # 500 root fields: over --max-root-fields
    assert took < PROMPT
    await hostile.responsive(PROMPT)


async def test_aliases_within_the_root_field_limit_are_counted_by_the_cost(hostile: Hostile) -> None:
    start = time.perf_counter()
    query = aliases(100, "nik family { kk }")
    response = await hostile.post({"query": query, "variables": {"n": thousand(hostile)}})
    took = time.perf_counter() - start
    error = refused(response, "COST_LIMIT_EXCEEDED")
    assert error["extensions"]["cost"] == 100 * 1000 * 2  # a citizen and a family each, scalars free
    assert took < PROMPT
    # under the budget, the NIK cap still holds: 20 x 1,000 NIKs is 20,000 NIKs in one request
    response = await hostile.post({"query": aliases(20), "variables": {"n": thousand(hostile)}})
    assert refused(response, "LIST_ARGUMENT_LIMIT_EXCEEDED")["extensions"]["items"] == 20_000
    await hostile.responsive(PROMPT)


async def test_niks_are_capped_per_request_across_aliases_and_fragments(hostile: Hostile) -> None:
    niks = [f"31710101019{n:05d}" for n in range(400)]
    key = {"x-api-key": await hostile.key("KEMENSOS", ["identity:read"])}
    query = (
        "query($n: [String!]!) { a: citizens(niks: $n) { nik } ...F ...F } "
        "fragment F on Query { b: citizens(niks: $n) { nik } }"
    )
    response = await hostile.post({"query": query, "variables": {"n": niks}}, headers=key)
    error = refused(response, "LIST_ARGUMENT_LIMIT_EXCEEDED")
    assert error["extensions"] == {"code": "LIST_ARGUMENT_LIMIT_EXCEEDED", "items": 1200, "limit": 1000}
    # the same document with fewer NIKs runs: the estimate is made again for each request
    response = await hostile.post({"query": query, "variables": {"n": niks[:300]}}, headers=key)
    assert response.status_code == 200, response.text
    assert len(response.json()["data"]["a"]) == 300


async def test_a_thousand_citizens_with_their_records_still_run(hostile: Hostile) -> None:
    """The heaviest ordinary request: one ``citizens`` call at the subgraph's own cap."""
    query = """query($niks: [String!]!) {
      people: citizens(niks: $niks) {
        nik fullName village { name }
        health { immunizations { vaccine dose facility { name region { name } } } }
        education { nisn enrollments { level school { name } } }
        police { vehicles { plate kind } }
      }
    }"""
    key = {"x-api-key": await hostile.key("KEMENSOS", ["identity:read"])}
    response = await hostile.post({"query": query, "variables": {"niks": thousand(hostile)}}, headers=key)
    assert response.status_code == 200, response.text
    assert len(response.json()["data"]["people"]) == 1000


async def test_the_explorers_overview_runs(hostile: Hostile) -> None:
    query = """query Overview($nik: String!) {
      citizen(nik: $nik) {
        nik fullName
        health { bpjs { active } }
        education { enrollments { level school { name } } }
        police { drivingLicences { licenceClass status } }
      }
    }"""
    response = await hostile.post({"query": query, "variables": {"nik": hostile.niks[0]}})
    assert response.status_code == 200, response.text
