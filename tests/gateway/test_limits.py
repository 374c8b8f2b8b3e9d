"""Operation limits: tokens, depth (through fragments) and aliases refused before planning."""

from __future__ import annotations

import pytest
from graphql import get_introspection_query

from gateway.errors import ParseError, ValidationError
from gateway.limits import Limits
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
