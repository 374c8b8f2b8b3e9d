"""Operation limits: tokens, fields with fragments expanded, depth (through fragments) and aliases
refused before planning; each fragment walked once."""

from __future__ import annotations

import time

import pytest
from graphql import get_introspection_query, parse

from gateway.admission import json_depth
from gateway.errors import ParseError, ValidationError
from gateway.limits import Limits, expanded_fields
from gateway.pipeline import Pipeline
from gateway.planner import build_plan
from gateway.supergraph import Supergraph
from gateway.transport import AiohttpTransport
from tests.gateway.executor import shop

DEEP = '{ product(upc: "p1") { reviews { author { name } } } }'  # four fields deep


def pipeline(limits: Limits) -> Pipeline:
    supergraph = Supergraph.parse(shop.supergraph_sdl("http://a", "http://b", "http://c"))
    return Pipeline(supergraph, build_plan, AiohttpTransport(), limits=limits)


def test_depth_at_the_limit_passes_and_one_more_is_refused() -> None:
    assert pipeline(Limits(max_depth=4)).document(DEEP)
    with pytest.raises(ValidationError) as refused:
        pipeline(Limits(max_depth=3)).document(DEEP)
    [error] = refused.value.errors()
    assert error["message"] == "The operation nests fields 4 deep; the limit is 3."
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_depth_follows_fragments_and_ignores_typename() -> None:
    query = """
      query Deep { product(upc: "p1") { ...P } }
      fragment P on Product { __typename reviews { ... on Review { author { name __typename } } } }
    """
    with pytest.raises(ValidationError) as refused:
        pipeline(Limits(max_depth=3)).document(query)
    assert 'Operation "Deep" nests fields 4 deep' in refused.value.errors()[0]["message"]
    assert pipeline(Limits(max_depth=4)).document(query)


def test_aliases_over_the_limit_are_refused() -> None:
    query = "{ " + " ".join(f"a{n}: reviewCount" for n in range(6)) + " }"
    assert pipeline(Limits(max_aliases=6)).document(query)
    with pytest.raises(ValidationError) as refused:
        pipeline(Limits(max_aliases=5)).document(query)
    assert "more than 5 aliased fields" in refused.value.errors()[0]["message"]


def test_token_limit_stops_the_parser() -> None:
    query = "{ " + "reviewCount " * 50 + "}"
    assert pipeline(Limits(max_tokens=60)).document(query)
    with pytest.raises(ParseError) as refused:
        pipeline(Limits(max_tokens=40)).document(query)
    assert "more than 40 tokens" in refused.value.errors()[0]["message"]


def test_zero_switches_a_limit_off() -> None:
    assert pipeline(Limits(max_tokens=0, max_depth=0, max_aliases=0)).document(DEEP)


def test_defaults_admit_the_full_introspection_query() -> None:
    assert pipeline(Limits()).document(get_introspection_query(descriptions=True))


def test_introspection_can_be_switched_off() -> None:
    query = get_introspection_query()
    assert pipeline(Limits()).document(query)
    with pytest.raises(ValidationError, match="introspection"):
        pipeline(Limits(introspection=False)).document(query)
    with pytest.raises(ValidationError, match="introspection"):
        pipeline(Limits(introspection=False)).document('{ __type(name: "Product") { name } }')
    assert pipeline(Limits(introspection=False)).document("{ __typename topProducts { name } }")



def _bomb(levels: int, leaf: str) -> str:
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels - 1)]
    return "query { ...F0 } " + " ".join(fragments) + f" fragment F{levels - 1} on Query {{ {leaf} }}"


def test_fields_are_counted_with_fragments_expanded_in_one_pass() -> None:
    assert expanded_fields(parse(_bomb(60, "me { name }"))) == 2 * 2**59
    assert expanded_fields(parse("{ a: me { name } b: me { name __typename } } query Q { me { name } }")) == 7
    assert expanded_fields(parse("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")) == 0


def test_more_fields_than_the_limit_are_refused_before_validation() -> None:
    three = "{ a: me { name } b: me { name } c: me { name } }"
    assert pipeline(Limits(max_fields=6)).document(three)
    with pytest.raises(ValidationError) as refused:
        pipeline(Limits(max_fields=5)).document(three)
    assert refused.value.errors() == [{
        "message": "The document selects 6 fields (fragments expanded); the limit is 5.",
        "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
    }]
    # refused before validation: an unknown field is not what is reported
    with pytest.raises(ValidationError, match="selects 6 fields"):
        pipeline(Limits(max_fields=5)).document("{ a: me { nope } b: me { name } c: me { name } }")


def test_depth_and_root_fields_walk_each_fragment_once() -> None:
    start = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        pipeline(Limits(max_fields=0, max_root_fields=100)).document(_bomb(40, "me { name }"))
    # unmemoised, 40 levels are 2**40 visits (hours); memoised, milliseconds: a loose bound still fails
    assert time.perf_counter() - start < 10.0
    assert "selects 549755813888 root fields; the limit is 100." in refused.value.errors()[0]["message"]


def test_deeply_nested_variables_are_measured_without_recursion() -> None:
    assert json_depth({"a": [1, {"b": []}]}, 64) == 4
    assert json_depth([], 64) == 1 and json_depth(3, 64) == 0
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth(deep, 64) == 65  # stops looking past the limit
