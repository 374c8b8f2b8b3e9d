"""The cost estimate (gateway/demand.py, docs/gateway.md "Limits: cost and size") over a
supergraph our composer makes from a subgraph with ``@cost`` and ``@listSize`` hints."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from graphql import parse

from gateway.compose import SubgraphSDL, compose
from gateway.demand import Demand, DemandLimits, cost_hints, estimate
from gateway.errors import CostLimitError, ListArgumentLimitError, ValidationError
from gateway.operation import OperationContext
from gateway.supergraph import Supergraph

SHOP = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])

type Query {
  page(first: Int, last: Int): [Item!]! @listSize(slicingArguments: ["first", "last"])
  top: [Item!]! @listSize(assumedSize: 3)
  heavy: Item @cost(weight: 7)
  many: [Item!]!
  grid: [[Item!]!]!
  conn(first: Int): Connection
    @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)
  optional(first: Int): [Item!]!
    @listSize(slicingArguments: ["first"], assumedSize: 4, requireOneSlicingArgument: false)
  byIds(ids: [ID!]!): [Item]!
}

type Mutation { make: Item ping: Int }

type Item @key(fields: "id") @cost(weight: 2) { id: ID! name: String tags: [String!]! }

type Connection { edges: [Item!]! total: Int }
"""
LIMITS = DemandLimits(sized_by=(("Query", "byIds", "ids"),))


@cache
def supergraph() -> Supergraph:
    return Supergraph.parse(compose([SubgraphSDL("shop", "http://shop.test/graphql", SHOP)]))


def demand(query: str, variables: dict[str, Any] | None = None, limits: DemandLimits = LIMITS) -> Demand:
    graph = supergraph()
    context = OperationContext.select(parse(query), None)
    hints = cost_hints(graph.document, graph.features)
    return estimate(graph.api_schema, hints, context.definition, context.fragments, variables, limits)


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        ("{ heavy { id name } }", 7),  # @cost on the field
        ("{ top { id } }", 3 * 2),  # @listSize(assumedSize:), @cost on the type
        ("{ many { id tags } }", 10 * 2),  # the assumed list size; lists of scalars are free
        ("{ grid { id } }", 10 * 10 * 2),  # a list of lists: each level multiplies
        ("{ page(first: 4) { id } }", 4 * 2),  # an integer slicing argument
        ("{ page(last: 0) { id } }", 0),
        ("{ optional { id } }", 4 * 2),  # no slicing argument given: the assumed size
        ("{ conn(first: 5) { edges { id } total } }", 1 + 5 * 2),  # sizedFields: the size moves to edges
        ('{ byIds(ids: ["1", "2", "3"]) { id } }', 3 * 2),  # sized by a list argument's length
        ("{ a: heavy { id } b: heavy { id } }", 2 * 7),  # every alias counts
        ("{ ...F ...F } fragment F on Query { heavy { id } }", 2 * 7),  # and every spread
        ("{ ... on Query { heavy { id } } }", 7),
        ("{ __typename heavy { __typename id } }", 7),
        ("mutation { ping make { id } }", 10 + 2),  # a mutation field costs 10 unless hinted
    ],
)
def test_costs(query: str, cost: int) -> None:
    assert demand(query).cost == cost


def test_a_fragment_bomb_is_costed_in_one_pass() -> None:
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(59)]
    query = "{ ...F0 } " + " ".join(fragments) + " fragment F59 on Query { heavy { id } }"
    assert demand(query).cost == 7 * 2**59


def test_list_argument_items_add_up_over_aliases_and_spreads() -> None:
    query = (
        'query($ids: [ID!]!) { a: byIds(ids: $ids) { id } b: byIds(ids: ["x"]) { id } ...F ...F } '
        "fragment F on Query { c: byIds(ids: $ids) { id } }"
    )
    found = demand(query, {"ids": ["1", "2", "3", "4"]})
    assert (found.cost, found.list_argument_items, found.variable) == ((4 + 1 + 4 + 4) * 2, 13, True)
    with pytest.raises(ListArgumentLimitError) as refused:
        found.check(DemandLimits(max_list_argument_items=12))
    assert refused.value.errors()[0]["extensions"] == {
        "code": "LIST_ARGUMENT_LIMIT_EXCEEDED", "items": 13, "limit": 12,
    }


def test_without_variables_a_variable_size_is_unknown_and_says_so() -> None:
    query = "query($n: Int) { page(first: $n) { id } }"
    assert demand(query) == Demand(cost=10 * 2, list_argument_items=0, variable=True)
    assert demand(query, {"n": 6}) == Demand(cost=6 * 2, list_argument_items=0, variable=True)
    assert demand("{ page(first: 6) { id } }").variable is False


@pytest.mark.parametrize("query", ["{ page { id } }", "{ page(first: 1, last: 2) { id } }"])
def test_exactly_one_slicing_argument_is_required(query: str) -> None:
    with pytest.raises(ValidationError, match=r"Query.page needs exactly one of its slicing arguments"):
        demand(query)


def test_over_the_budget_names_cost_and_limit() -> None:
    with pytest.raises(CostLimitError) as refused:
        demand("{ grid { id } }").check(DemandLimits(max_cost=199))
    assert refused.value.status == 400
    extensions = refused.value.errors()[0]["extensions"]
    assert extensions == {"code": "COST_LIMIT_EXCEEDED", "cost": 200, "limit": 199}
    demand("{ grid { id } }").check(DemandLimits(max_cost=200))
    demand("{ grid { id } }").check(DemandLimits(max_cost=0))  # 0: no limit


def test_a_supergraph_without_the_cost_spec_has_no_hints() -> None:
    graph = Supergraph.parse(compose([SubgraphSDL("a", "http://a.test", "type Query { a: [Int] }")]))
    assert cost_hints(graph.document, graph.features).list_sizes == {}
