"""Reading subgraph SDL: @link imports and namespaces, root renaming, Federation 1 upgrade."""

from __future__ import annotations

from graphql import print_ast

from gateway.compose import SubgraphSDL
from gateway.compose.model import Subgraph
from gateway.compose.subgraph import read_subgraph

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3"{rest})\n'


def _read(sdl: str) -> Subgraph:
    subgraph, issues = read_subgraph(SubgraphSDL("s", "http://s.test", sdl))
    assert issues == []
    assert subgraph is not None
    return subgraph


def test_namespace_given_by_as() -> None:
    subgraph = _read(
        LINK.format(rest=', as: "fed"') + 'type T @fed__key(fields: "id") { id: ID! a: Int @fed__shareable }'
    )
    t = subgraph.types["T"]
    assert [k.fields for k in t.keys] == ["id"]
    assert t.fields["a"].shareable


def test_renamed_import_and_default_namespace() -> None:
    sdl = LINK.format(rest=', import: [{ name: "@key", as: "@id" }]') + (
        'type T @id(fields: "k") @federation__interfaceObject { k: ID! x: Int @federation__inaccessible }'
    )
    t = _read(sdl).types["T"]
    assert [k.fields for k in t.keys] == ["k"]
    assert t.interface_object
    assert t.fields["x"].meta.inaccessible


def test_unimported_directive_is_not_federation() -> None:
    subgraph = _read(
        LINK.format(rest=', import: ["@key"]') + 'type T @key(fields: "id") { id: ID! a: Int @shareable }'
    )
    assert not subgraph.types["T"].fields["a"].shareable
    assert subgraph.types["T"].fields["id"].shareable  # key fields are
    assert not _read(LINK.format(rest="") + "type T { a: Int @shareable }").types["T"].fields["a"].shareable


def test_root_types_are_renamed_everywhere() -> None:
    sdl = LINK.format(rest="") + "schema { query: Root }\ntype Root { self: Root again: [Root!] }"
    subgraph = _read(sdl)
    assert "Root" not in subgraph.types
    query = subgraph.types["Query"]
    assert {name: print_ast(f.type) for name, f in query.fields.items()} == {
        "self": "Query",
        "again": "[Query!]",
    }


def test_federation_machinery_is_dropped() -> None:
    sdl = LINK.format(rest="") + (
        "scalar _Any\nscalar federation__FieldSet\nunion _Entity = T\ntype _Service { sdl: String }\n"
        "type Query { _service: _Service! _entities(representations: [_Any!]!): [_Entity]! a: Int }\n"
        "type T { a: Int }"
    )
    subgraph = _read(sdl)
    assert set(subgraph.types) == {"Query", "T"}
    assert list(subgraph.types["Query"].fields) == ["a"]


def test_a_subgraph_type_named_like_link_machinery_is_kept() -> None:
    # link's `enum Purpose` / `scalar Import` printed unprefixed are machinery; an object type
    # `Purpose` (the consent registry's) is the subgraph's own.
    sdl = LINK.format(rest=', import: ["@key"]') + (
        "enum Purpose { SECURITY EXECUTION }\nscalar Import\n"
        "type Query { a: Int }"
    )
    assert set(_read(sdl).types) == {"Query"}
    own = LINK.format(rest=', import: ["@key"]') + (
        'type Purpose @key(fields: "code") { code: String! }\ntype Query { purposes: [Purpose!]! }'
    )
    subgraph = _read(own)
    assert set(subgraph.types) == {"Query", "Purpose"}
    assert [k.fields for k in subgraph.types["Purpose"].keys] == ["code"]


def test_fed1_extension_keys_are_not_external_and_unused_externals_go() -> None:
    sdl = (
        'extend type U @key(fields: "id") { id: ID! @external name: String @external '
        'age: Int @external greeting: String @requires(fields: "name") }'
    )
    subgraph = _read(sdl)
    assert not subgraph.fed2
    u = subgraph.types["U"]
    assert u.extension
    assert not u.fields["id"].external
    assert u.fields["name"].external
    assert "age" not in u.fields
    assert u.fields["greeting"].shareable


def test_fed1_extension_merges_with_base() -> None:
    subgraph = _read('type T @key(fields: "id") { id: ID! }\nextend type T { more: Int }')
    t = subgraph.types["T"]
    assert list(t.fields) == ["id", "more"]
    assert not t.extension


def test_syntax_error_is_reported_with_the_subgraph() -> None:
    subgraph, issues = read_subgraph(SubgraphSDL("broken", "http://b.test", "type Query {"))
    assert subgraph is None
    assert [(i.code, i.subgraphs) for i in issues] == [("INVALID_GRAPHQL", ("broken",))]


def test_implementing_an_object_type_is_invalid() -> None:
    subgraph, issues = read_subgraph(
        SubgraphSDL(
            "s",
            "http://s.test",
            LINK.format(rest="") + "type Query { a: A }\ntype B { id: ID }\ntype A implements B { id: ID }",
        )
    )
    assert subgraph is not None
    assert [(i.code, i.type_name) for i in issues] == [("INVALID_GRAPHQL", "A")]
    assert "non-interface" in issues[0].message
