"""Issue 9, item 6: thousands of repeated fields are refused before validation by a field-count
limit, with a message that names it, not after seconds of validation with "Validation aborted"."""

from __future__ import annotations

import time

import pytest

from tests.hostile.conftest import PROMPT, Hostile

pytestmark = pytest.mark.timeout(30, func_only=True)  # the shared system's setup is not the case


async def test_thousands_of_repeated_fields_are_refused_early(hostile: Hostile) -> None:
    document = "{ " + " ".join(["regions { code }"] * 3700) + " }"
    assert 60_000 < len(document) < 70_000
    start = time.perf_counter()
    response = await hostile.post({"query": document})
    took = time.perf_counter() - start
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == "The document selects 7400 fields (fragments expanded); the limit is 2000."
    assert took < PROMPT, f"refused in {took:.3f} s"
    await hostile.responsive(PROMPT)


async def test_a_document_under_the_limit_runs(hostile: Hostile) -> None:
    document = "{ " + " ".join(f"r{i}: regions {{ code }}" for i in range(50)) + " }"
    response = await hostile.post({"query": document})
    assert response.status_code == 200, response.text
    assert len(response.json()["data"]) == 50
