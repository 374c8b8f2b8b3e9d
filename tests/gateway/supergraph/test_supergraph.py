"""Reading supergraphs: subgraphs, join metadata and the API schema (join v0.3, inaccessible v0.2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from graphql import parse, print_schema, validate

import gateway.supergraph as supergraph_module
from gateway.supergraph import Supergraph, SupergraphError

FIXTURES = Path(__file__).parent / "fixtures"
#: the bench rig's supergraph (docs/gateway.md, "Speed": its setup.sh installs it in /tmp/bench-rig)
BENCH = Path(os.environ.get("BENCH_RIG", "/tmp/bench-rig")) / "supergraph.benchmark.graphql"


@pytest.fixture(scope="module")
def small() -> Supergraph:
    return Supergraph.parse((FIXTURES / "small.graphql").read_text())


def test_public_names_are_pinned() -> None:
    assert sorted(supergraph_module.__all__) == [
        "EntityKey", "FieldMeta", "FieldPlacement", "SubgraphInfo", "Supergraph",
        "SupergraphError", "TypeMeta", "parse_field_set",
    ]


@pytest.mark.skipif(not BENCH.exists(), reason="bench rig not present")
def test_bench_supergraph_subgraphs_and_metadata() -> None:
    sg = Supergraph.parse(BENCH.read_text())
    assert {name: info.url for name, info in sg.subgraphs.items()} == {
        "accounts": "http://127.0.0.1:14200/accounts",
        "inventory": "http://127.0.0.1:14200/inventory",
        "products": "http://127.0.0.1:14200/products",
        "reviews": "http://127.0.0.1:14200/reviews",
    }
    product = sg.type("Product")
    assert product.graphs == ["inventory", "products", "reviews"]
    assert [(k.graph, k.fields) for k in product.keys] == [
        ("inventory", "upc"), ("products", "upc"), ("reviews", "upc")]
    shipping = product.fields["shippingEstimate"].placements["inventory"]
    assert shipping.requires_text == "price weight"
    assert product.fields["price"].resolving_graphs() == ("products",)
    assert not product.fields["price"].resolvable_in("inventory")
    # a field without @join__field lives in every subgraph of its type
    assert product.fields["upc"].resolving_graphs() == ("inventory", "products", "reviews")
    author = sg.field("Review", "author")
    assert author is not None and author.placements["reviews"].provides_text == "username"
    assert sg.operation_types == {"query": "Query"}


@pytest.mark.skipif(not BENCH.exists(), reason="bench rig not present")
def test_bench_api_schema_has_no_machinery() -> None:
    sg = Supergraph.parse(BENCH.read_text())
    text = print_schema(sg.api_schema)
    assert "join__" not in text and "link__" not in text and "@link" not in text
    query = parse("{ topProducts(first: 2) { upc name shippingEstimate reviews { author { username } } } }")
    assert validate(sg.api_schema, query) == []


def test_inaccessible_elements_are_hidden(small: Supergraph) -> None:
    api = small.api_schema
    assert api.get_type("Secret") is None
    citizen = api.get_type("Citizen")
    assert citizen is not None
    assert set(citizen.fields) == {"id", "nik", "name", "bpjs"}  # type: ignore[attr-defined]
    care = api.get_type("CareClass")
    assert set(care.values) == {"FIRST", "SECOND", "THIRD"}  # type: ignore[union-attr]
    membership = api.get_type("Membership")
    assert set(membership.fields["legacyCode"].args) == {"upper"}  # type: ignore[union-attr]
    union = api.get_type("SearchResult")
    assert [t.name for t in union.types] == ["Citizen", "Membership"]  # type: ignore[union-attr]
    text = print_schema(api)
    assert "@tag" not in text and "@inaccessible" not in text and "join__" not in text


def test_validation_rejects_inaccessible_field(small: Supergraph) -> None:
    errors = validate(small.api_schema, parse('{ citizen(nik: "1") { motherMaidenName } }'))
    assert [e.message for e in errors] == ["Cannot query field 'motherMaidenName' on type 'Citizen'."]


def test_full_schema_keeps_inaccessible_for_planning(small: Supergraph) -> None:
    assert small.schema.get_type("Secret") is not None
    meta = small.type("Citizen")
    assert meta.fields["motherMaidenName"].resolving_graphs() == ("citizens",)
    assert [(k.graph, k.fields, k.resolvable) for k in meta.keys] == [
        ("citizens", "nik", True), ("health", "nik", True), ("health", "id", False)]
    assert meta.is_entity_in("health")
    assert [k.fields for k in meta.keys_in("health")] == ["nik"]
    assert meta.implements == {"citizens": {"Node"}, "health": {"Node"}}
    assert small.type("SearchResult").union_members == {
        "citizens": {"Citizen"}, "health": {"Membership", "Secret"}}
    assert small.type("CareClass").enum_values["FIRST"] == {"health"}


def test_renamed_and_imported_link_names() -> None:
    sdl = (FIXTURES / "small.graphql").read_text()
    renamed = sdl.replace('@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)',
                          '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", as: "hidden")')
    renamed = renamed.replace("@inaccessible", "@hidden")
    sg = Supergraph.parse(renamed)
    assert sg.api_schema.get_type("Secret") is None


@pytest.mark.parametrize(
    ("sdl", "message"),
    [
        ("type Query {", "not valid GraphQL SDL"),
        ("type Query { a: Int }", "no @link to the join spec"),
        ('schema @link(url: "https://specs.apollo.dev/join/v0.3") { query: Query } type Query { a: Int }',
         "join__Graph"),
    ],
)
def test_unreadable_supergraph_says_why(sdl: str, message: str) -> None:
    with pytest.raises(SupergraphError, match=message):
        Supergraph.parse(sdl)


def test_bare_join_field_means_no_subgraph_of_the_type() -> None:
    """Implementations get interface-object fields with a bare @join__field: no subgraph of the
    object type resolves them (the @interfaceObject subgraph does, through the interface)."""
    sdl = (Path(__file__).parents[1] / "planner" / "fixtures" / "abstract" / "supergraph.graphql").read_text()
    sg = Supergraph.parse(sdl)
    assert sg.type("Book").fields["rating"].placements == {}
    assert sg.type("Media").fields["rating"].resolving_graphs() == ("ratings",)
    assert sg.type("Media").interface_object_graphs == {"ratings"}
    assert sg.type("Book").fields["pages"].resolving_graphs() == ("catalog",)
