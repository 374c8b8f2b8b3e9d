"""Region codes as arguments (subgraphs.common.region)."""

from __future__ import annotations

import pytest
from graphql import GraphQLError

from subgraphs.common.region import dotted_region_code, require_region_code


@pytest.mark.parametrize(
    ("given", "undotted"),
    [("31", "31"), ("31.71", "3171"), ("317101", "317101"), ("31.71.01.1001", "3171011001")],
)
def test_codes_are_accepted_dotted_or_not(given: str, undotted: str) -> None:
    assert require_region_code(given) == undotted


@pytest.mark.parametrize("given", ["", "3", "317", "31710", "3171011", "31710110011", "3a", "31-71"])
def test_other_lengths_are_invalid(given: str) -> None:
    with pytest.raises(GraphQLError) as caught:
        require_region_code(given)
    assert caught.value.extensions == {"code": "INVALID_REGION_CODE"}


@pytest.mark.parametrize(
    ("code", "dotted"),
    [("31", "31"), ("3171", "31.71"), ("317101", "31.71.01"), ("3171011001", "31.71.01.1001")],
)
def test_dotted_form(code: str, dotted: str) -> None:
    assert dotted_region_code(code) == dotted
