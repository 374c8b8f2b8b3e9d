"""Field sets: parsing, normalising, walking them over a subgraph's types."""

from __future__ import annotations

import pytest
from graphql import GraphQLSyntaxError

from gateway.compose import SubgraphSDL
from gateway.compose.fieldset import normalize_field_set, parse_field_set, walk_field_set
from gateway.compose.model import Subgraph
from gateway.compose.subgraph import read_subgraph

SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { o: Order }
type Order @key(fields: "id") { id: ID! region: Region! lines(first: Int): [Line!]! owner: Party }
type Region { code: String! }
type Line { sku: String }
union Party = Person | Company
type Person { nik: String }
type Company { npwp: String }
"""


def _subgraph() -> Subgraph:
    subgraph, issues = read_subgraph(SubgraphSDL("s", "http://s.test", SDL))
    assert issues == [] and subgraph is not None
    return subgraph


def test_normalize_strips_insignificant_whitespace() -> None:
    assert (
        normalize_field_set(" id   region { code }  lines(first: 2) { sku } ")
        == "id region{code}lines(first:2){sku}"
    )


def test_parse_rejects_what_is_not_a_selection_set() -> None:
    with pytest.raises(GraphQLSyntaxError):
        parse_field_set("id {")


def test_walk_records_coordinates_depths_arguments_and_abstract_fields() -> None:
    walk = walk_field_set(
        _subgraph(), "Order", "id region { code } lines(first: 1) { sku } owner { ... on Person { nik } }"
    )
    assert walk.problems == []
    assert walk.coordinates == [
        ("Order", "id", 0),
        ("Order", "region", 0),
        ("Region", "code", 1),
        ("Order", "lines", 0),
        ("Line", "sku", 1),
        ("Order", "owner", 0),
        ("Person", "nik", 1),
    ]
    assert walk.with_arguments == ["Order.lines"]
    assert walk.abstract == ["Order.owner"]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ("nope", 'cannot query field "nope" on type "Order"'),
        ("region", 'composite type "Region" needs a selection'),
        ("id { x }", 'leaf type "ID" cannot have a selection'),
        ("owner { ... on Ghost { x } }", 'unknown type condition "Ghost"'),
        ("id {", "cannot parse field set"),
    ],
)
def test_walk_reports_problems(fields: str, problem: str) -> None:
    walk = walk_field_set(_subgraph(), "Order", fields)
    assert any(problem in p for p in walk.problems), walk.problems
