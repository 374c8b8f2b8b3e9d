"""Subgraph sets that must not compose, each with the issue composition must report."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.compose import SubgraphSDL

__all__ = ["CASES", "ErrorCase"]

_FED2 = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [{imports}])\n'


def _fed2(
    sdl: str, imports: str = '"@key", "@shareable", "@external", "@requires", "@provides", "@override"'
) -> str:
    return _FED2.format(imports=imports) + sdl


def _fed26(sdl: str, imports: str) -> str:
    """Federation 2.6, for the authorization directives (``@requiresScopes``, ``@policy``)."""
    return _FED2.replace("v2.3", "v2.6").format(imports=imports) + sdl


@dataclass(frozen=True)
class ErrorCase:
    """Subgraphs (name -> SDL) and the issue expected: code, subgraphs named, type, field."""

    name: str
    sdls: dict[str, str]
    code: str
    subgraphs: tuple[str, ...]
    type_name: str | None
    field: str | None

    def subgraph_sdls(self) -> list[SubgraphSDL]:
        return [SubgraphSDL(name, f"http://{name}.test/graphql", sdl) for name, sdl in self.sdls.items()]


_Q = "type Query { a: Int }\n"
_HIDING = '"@key", "@inaccessible"'

CASES = [
    ErrorCase(
        "value type shared without @shareable",
        {
            "one": _fed2("type Query { p: Point }\ntype Point { x: Int y: Int }"),
            "two": _fed2("type Query { q: Point }\ntype Point { x: Int }"),
        },
        "INVALID_FIELD_SHARING",
        ("one", "two"),
        "Point",
        "x",
    ),
    ErrorCase(
        "entity field resolved twice",
        {
            "one": _fed2('type Query { u: U }\ntype U @key(fields: "id") { id: ID! name: String }'),
            "two": _fed2('type U @key(fields: "id") { id: ID! name: String }'),
        },
        "INVALID_FIELD_SHARING",
        ("one", "two"),
        "U",
        "name",
    ),
    ErrorCase(
        "external everywhere",
        {
            "one": _fed2(
                'type Query { u: U }\ntype U @key(fields: "id") { id: ID! name: String @external '
                'up: String @requires(fields: "name") }'
            ),
            "two": _fed2('type U @key(fields: "id") { id: ID! }'),
        },
        "EXTERNAL_MISSING_ON_BASE",
        ("one",),
        "U",
        "name",
    ),
    ErrorCase(
        "field types incompatible",
        {
            "one": _fed2('type Query { u: U }\ntype U @key(fields: "id") { id: ID! n: Int @shareable }'),
            "two": _fed2('type U @key(fields: "id") { id: ID! n: String @shareable }'),
        },
        "FIELD_TYPE_MISMATCH",
        ("one", "two"),
        "U",
        "n",
    ),
    ErrorCase(
        "type and interface",
        {"one": _fed2("type Query { t: T }\ntype T { a: Int }"), "two": _fed2(_Q + "interface T { a: Int }")},
        "TYPE_KIND_MISMATCH",
        ("one", "two"),
        "T",
        None,
    ),
    ErrorCase(
        "enum in and out with different values",
        {
            "one": _fed2("type Query { e(x: E): E @shareable }\nenum E { A B }"),
            "two": _fed2("type Query { e(x: E): E @shareable }\nenum E { A C }"),
        },
        "ENUM_VALUE_MISMATCH",
        ("one", "two"),
        "E",
        "B",
    ),
    ErrorCase(
        "input enum with nothing in common",
        {
            "one": _fed2("type Query { f(x: E): Int }\nenum E { A }"),
            "two": _fed2("type Query { g(x: E): Int }\nenum E { B }"),
        },
        "EMPTY_MERGED_ENUM_TYPE",
        ("one", "two"),
        "E",
        None,
    ),
    ErrorCase(
        "required argument in one subgraph only",
        {
            "one": _fed2("type Query { f(x: Int!): Int @shareable }"),
            "two": _fed2("type Query { f: Int @shareable }"),
        },
        "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
        ("one", "two"),
        "Query",
        "f(x:)",
    ),
    ErrorCase(
        "argument types incompatible",
        {
            "one": _fed2("type Query { f(x: Int): Int @shareable }"),
            "two": _fed2("type Query { f(x: String): Int @shareable }"),
        },
        "FIELD_ARGUMENT_TYPE_MISMATCH",
        ("one", "two"),
        "Query",
        "f(x:)",
    ),
    ErrorCase(
        "required input field in one subgraph only",
        {
            "one": _fed2("type Query { f(i: I): Int }\ninput I { a: Int b: Int! }"),
            "two": _fed2("type Query { g(i: I): Int }\ninput I { a: Int }"),
        },
        "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH",
        ("one", "two"),
        "I",
        "b",
    ),
    ErrorCase(
        "input types with no common field",
        {
            "one": _fed2("type Query { f(i: I): Int }\ninput I { a: Int }"),
            "two": _fed2("type Query { g(i: I): Int }\ninput I { b: Int }"),
        },
        "EMPTY_MERGED_INPUT_TYPE",
        ("one", "two"),
        "I",
        None,
    ),
    ErrorCase(
        "key on an unknown field",
        {"one": _fed2('type Query { u: U }\ntype U @key(fields: "uuid") { id: ID! }')},
        "KEY_INVALID_FIELDS",
        ("one",),
        "U",
        None,
    ),
    ErrorCase(
        "key on a field with arguments",
        {"one": _fed2('type Query { u: U }\ntype U @key(fields: "id(v: 1)") { id(v: Int): ID! }')},
        "KEY_FIELDS_HAS_ARGS",
        ("one",),
        "U",
        "id",
    ),
    ErrorCase(
        "key on an interface-typed field",
        {
            "one": _fed2(
                'type Query { u: U }\ntype U @key(fields: "n { id }") { n: N! }\ninterface N { id: ID! }\n'
                "type M implements N { id: ID! }"
            ),
        },
        "KEY_FIELDS_SELECT_INVALID_TYPE",
        ("one",),
        "U",
        "n",
    ),
    ErrorCase(
        "requires an unknown field",
        {
            "one": _fed2('type Query { u: U }\ntype U @key(fields: "id") { id: ID! a: Int }'),
            "two": _fed2('type U @key(fields: "id") { id: ID! b: Int @requires(fields: "nope") }'),
        },
        "REQUIRES_INVALID_FIELDS",
        ("two",),
        "U",
        "b",
    ),
    ErrorCase(
        "requires a field that is not external",
        {
            "one": _fed2('type Query { u: U }\ntype U @key(fields: "id") { id: ID! a: Int }'),
            "two": _fed2('type U @key(fields: "id") { id: ID! c: Int b: Int @requires(fields: "c") }'),
        },
        "REQUIRES_FIELDS_MISSING_EXTERNAL",
        ("two",),
        "U",
        "b",
    ),
    ErrorCase(
        "provides an unknown field",
        {
            "one": _fed2(
                'type Query { u: U @provides(fields: "nope") }\ntype U @key(fields: "id") { id: ID! }'
            ),
            "two": _fed2('type U @key(fields: "id") { id: ID! a: Int }'),
        },
        "PROVIDES_INVALID_FIELDS",
        ("one",),
        "Query",
        "u",
    ),
    ErrorCase(
        "provides on a scalar field",
        {"one": _fed2('type Query { n: Int @provides(fields: "x") }')},
        "PROVIDES_ON_NON_OBJECT_FIELD",
        ("one",),
        "Query",
        "n",
    ),
    ErrorCase(
        "external field nobody uses",
        {
            "one": _fed2('type Query { u: U }\ntype U @key(fields: "id") { id: ID! a: Int }'),
            "two": _fed2('type U @key(fields: "id") { id: ID! a: Int @external b: Int }'),
        },
        "EXTERNAL_UNUSED",
        ("two",),
        "U",
        "a",
    ),
    ErrorCase(
        "override from itself",
        {
            "one": _fed2(
                'type Query { u: U }\ntype U @key(fields: "id") { id: ID! a: Int @override(from: "one") }'
            ),
        },
        "OVERRIDE_FROM_SELF_ERROR",
        ("one",),
        "U",
        "a",
    ),
    ErrorCase(
        "override of an override",
        {
            "one": _fed2(
                'type Query { u: U }\ntype U @key(fields: "id") { id: ID! a: Int @override(from: "two") }'
            ),
            "two": _fed2('type U @key(fields: "id") { id: ID! a: Int @override(from: "one") }'),
        },
        "OVERRIDE_SOURCE_HAS_OVERRIDE",
        ("one", "two"),
        "U",
        "a",
    ),
    ErrorCase(
        "override on an external field",
        {
            "one": _fed2('type Query { u: U }\ntype U @key(fields: "id") { id: ID! a: Int }'),
            "two": _fed2(
                'type U @key(fields: "id") { id: ID! a: Int @external @override(from: "one") '
                'b: Int @requires(fields: "a") }'
            ),
        },
        "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",
        ("two",),
        "U",
        "a",
    ),
    ErrorCase(
        "interface field missing on an implementation",
        {
            "one": _fed2("type Query { n: N }\ninterface N { id: ID! }\ntype A implements N { id: ID! }"),
            "two": _fed2(
                "interface N { id: ID! name: String }\ntype B implements N { id: ID! name: String }"
            ),
        },
        "INTERFACE_FIELD_NO_IMPLEM",
        ("one",),
        "A",
        "name",
    ),
    ErrorCase(
        "value type field missing where the type is reached",
        {
            "one": _fed2("type Query { box: Box }\ntype Box @shareable { w: Int }"),
            "two": _fed2("type Query { other: Box }\ntype Box @shareable { w: Int d: Int }"),
        },
        "SATISFIABILITY_ERROR",
        ("one",),
        "Box",
        "d",
    ),
    ErrorCase(
        "entity field only behind a non-resolvable key",
        {
            "one": _fed2('type Query { u: U }\ntype U @key(fields: "id") { id: ID! }'),
            "two": _fed2('type U @key(fields: "id", resolvable: false) { id: ID! secret: Int }'),
        },
        "SATISFIABILITY_ERROR",
        ("one",),
        "U",
        "secret",
    ),
    ErrorCase(
        "key field overridden away from the only subgraph that reaches the type",
        {
            "one": _fed2('type Query { u: U }\ntype U @key(fields: "id") { id: ID! }'),
            "two": _fed2('type U @key(fields: "id") { id: ID! @override(from: "one") extra: Int }'),
        },
        "SATISFIABILITY_ERROR",
        ("one",),
        "U",
        "id",
    ),
    ErrorCase(
        "interface object field behind a non-resolvable key",
        {
            "one": _fed2(
                'type Query { m: M }\ninterface M @key(fields: "id") { id: ID! }\n'
                'type B implements M @key(fields: "id") { id: ID! }'
            ),
            "two": _fed2(
                'type M @key(fields: "id", resolvable: false) @interfaceObject { id: ID! archived: Int }',
                '"@key", "@interfaceObject"',
            ),
        },
        "SATISFIABILITY_ERROR",
        ("one",),
        "B",
        "archived",
    ),
    ErrorCase(
        "visible field of an inaccessible type",
        {"one": _fed2("type Query { s: S }\ntype S @inaccessible { a: Int }", _HIDING)},
        "REFERENCED_INACCESSIBLE",
        ("one",),
        "Query",
        "s",
    ),
    ErrorCase(
        "visible argument of an inaccessible input type",
        {"one": _fed2("type Query { s(i: I): Int }\ninput I @inaccessible { a: Int }", _HIDING)},
        "REFERENCED_INACCESSIBLE",
        ("one",),
        "Query",
        "s(i:)",
    ),
    ErrorCase(
        "visible type with only inaccessible fields",
        {"one": _fed2("type Query { s: S }\ntype S { a: Int @inaccessible }", _HIDING)},
        "ONLY_INACCESSIBLE_CHILDREN",
        ("one",),
        "S",
        None,
    ),
    ErrorCase(
        "inaccessible query root",
        {"one": _fed2("type Query @inaccessible { s: Int }", _HIDING)},
        "QUERY_ROOT_TYPE_INACCESSIBLE",
        ("one",),
        "Query",
        None,
    ),
    ErrorCase(
        "default value naming an inaccessible enum value",
        {"one": _fed2("type Query { s(e: E = B): Int }\nenum E { A B @inaccessible }", _HIDING)},
        "DEFAULT_VALUE_USES_INACCESSIBLE",
        ("one",),
        "Query",
        "s(e:)",
    ),
    ErrorCase(
        "inaccessible required argument",
        {"one": _fed2("type Query { s(a: Int! @inaccessible): Int }", _HIDING)},
        "REQUIRED_INACCESSIBLE",
        ("one",),
        "Query",
        "s(a:)",
    ),
    ErrorCase(
        "@inaccessible on an @external field",
        {
            "one": _fed2(
                'type Query { u: U }\ntype U @key(fields: "id") { id: ID!'
                ' name: String @external @inaccessible up: String @requires(fields: "name") }',
                '"@key", "@external", "@requires", "@inaccessible"',
            ),
            "two": _fed2('type U @key(fields: "id") { id: ID! name: String }'),
        },
        "MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL",
        ("one",),
        "U",
        "name",
    ),
    ErrorCase(
        "@tag on an @external key field",
        {
            "one": _fed2(
                'type Query { u: U }\ntype U @key(fields: "id")'
                ' { id: ID! @external @tag(name: "x") name: String }',
                '"@key", "@external", "@tag"',
            ),
            "two": _fed2('type U @key(fields: "id") { id: ID! }'),
        },
        "MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL",
        ("one",),
        "U",
        "id",
    ),
    ErrorCase(
        "Federation 1 extension of a type nobody defines",
        {"one": 'type Query { t: T }\nextend type T @key(fields: "id") { id: ID! @external a: Int }'},
        "EXTENSION_WITH_NO_BASE",
        ("one",),
        "T",
        None,
    ),
    ErrorCase(
        "unknown type",
        {"one": _fed2("type Query { t: Missing }")},
        "INVALID_GRAPHQL",
        ("one",),
        "Query",
        "t",
    ),
    ErrorCase(
        "external declared nullable for a non-null field",
        {
            "one": _fed2('type Query { t: T }\ntype T @key(fields: "id") { id: ID! x: Int! }'),
            "two": _fed2(
                'type T @key(fields: "id") { id: ID! x: Int @external y: Int @requires(fields: "x") }'
            ),
        },
        "EXTERNAL_TYPE_MISMATCH",
        ("two",),
        "T",
        "x",
    ),
    ErrorCase(
        "interface key in a subgraph missing an implementation",
        {
            "one": _fed2(
                'type Query { node(id: ID!): Node }\ninterface Node @key(fields: "id") { id: ID! }\n'
                'type A implements Node @key(fields: "id") { id: ID! }'
            ),
            "two": _fed2('type Query { b: Int }\ninterface Node @key(fields: "id") { id: ID! }'),
        },
        "INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE",
        ("two",),
        "Node",
        None,
    ),
    ErrorCase(
        "implementation without an interface field",
        {
            "one": _fed2(
                "type Query { a: A }\ninterface I { id: ID name: String }\ntype A implements I { id: ID }"
            )
        },
        "INVALID_GRAPHQL",
        ("one",),
        "A",
        "name",
    ),
    ErrorCase(
        "provides a field the subgraph resolves itself",
        {
            "one": _fed2(
                'type Query { t: T @provides(fields: "x") }\ntype T @key(fields: "id") { id: ID! x: Int }'
            ),
            "two": _fed2('type T @key(fields: "id") { id: ID! y: Int }'),
        },
        "PROVIDES_FIELDS_MISSING_EXTERNAL",
        ("one",),
        "Query",
        "t",
    ),
    ErrorCase(
        "interface object of an interface nobody defines",
        {
            "one": _fed2(
                'type Query { t: I }\ntype I @key(fields: "id") @interfaceObject { id: ID! }',
                '"@key", "@interfaceObject"',
            ),
            "two": _fed2("type Query { b: Int }"),
        },
        "INTERFACE_OBJECT_USAGE_ERROR",
        ("one",),
        "I",
        None,
    ),
    ErrorCase(
        "requires what the requiring subgraph cannot reach",
        {
            "one": _fed2(
                'type Query { t: T }\ntype T @key(fields: "id", resolvable: false) { id: ID! c: Int }'
            ),
            "two": _fed2(
                'type T @key(fields: "id") { id: ID! c: Int @external r: Int @requires(fields: "c") }'
            ),
        },
        "SATISFIABILITY_ERROR",
        ("one",),
        "T",
        "r",
    ),
    ErrorCase(
        "entity interface key used for an object not reached as the interface",
        {
            "one": _fed2(
                'type Query { t: T }\ninterface Node @key(fields: "id") { id: ID! }\n'
                'type T implements Node @key(fields: "id") { id: ID! }'
            ),
            "two": _fed2(
                'interface Node @key(fields: "id") { id: ID! }\n'
                'type T implements Node @key(fields: "id", resolvable: false) { id: ID! extra: Int }'
            ),
        },
        "SATISFIABILITY_ERROR",
        ("one",),
        "T",
        "extra",
    ),
    ErrorCase(
        "syntax error",
        {"one": _fed2("type Query { a: Int"), "two": _fed2(_Q)},
        "INVALID_GRAPHQL",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "Federation 2 field clashing with a Federation 1 field",
        {
            "one": 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! name: String }',
            "two": _fed2('type T @key(fields: "id") { id: ID! name: String }'),
        },
        "INVALID_FIELD_SHARING",
        ("one", "two"),
        "T",
        "name",
    ),
    ErrorCase(
        "@requires of a consent-guarded field without its policy",
        {
            "health": _fed26(
                'type Query { a: Int }\ntype Citizen @key(fields: "nik") { nik: String!'
                ' insured: Boolean @policy(policies: [["consent:health"]]) }',
                '"@key", "@policy"',
            ),
            "social": _fed26(
                'type Citizen @key(fields: "nik") { nik: String! insured: Boolean @external'
                ' gaps: [String!] @requires(fields: "insured") @policy(policies: [["consent:social"]]) }',
                '"@key", "@external", "@requires", "@policy"',
            ),
        },
        "MISSING_TRANSITIVE_AUTH_REQUIREMENTS",
        ("social",),
        "Citizen",
        "gaps",
    ),
    ErrorCase(
        "@requires of a scoped field with fewer scopes",
        {
            "health": _fed26(
                'type Query { a: Int }\ntype Citizen @key(fields: "nik") { nik: String!'
                ' insured: Boolean @requiresScopes(scopes: [["health:read"], ["citizen"]]) }',
                '"@key", "@requiresScopes"',
            ),
            "social": _fed26(
                'type Citizen @key(fields: "nik") { nik: String! insured: Boolean @external'
                ' gaps: [String!] @requires(fields: "insured")'
                ' @requiresScopes(scopes: [["social:read"], ["citizen"]]) }',
                '"@key", "@external", "@requires", "@requiresScopes"',
            ),
        },
        "MISSING_TRANSITIVE_AUTH_REQUIREMENTS",
        ("social",),
        "Citizen",
        "gaps",
    ),
    ErrorCase(
        "@policy imported from federation v2.5 (it came in v2.6)",
        {
            "one": _fed26('type Query { a: Int @policy(policies: [["p"]]) }', '"@policy"').replace(
                "v2.6", "v2.5"
            )
        },
        "INVALID_LINK_DIRECTIVE_USAGE",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "@policy imported from federation v2.3",
        {"one": _fed2('type Query { a: Int @policy(policies: [["p"]]) }', '"@policy"')},
        "INVALID_LINK_DIRECTIVE_USAGE",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "@requiresScopes imported from federation v2.3 (it came in v2.5)",
        {"one": _fed2('type Query { a: Int @requiresScopes(scopes: [["s"]]) }', '"@requiresScopes"')},
        "INVALID_LINK_DIRECTIVE_USAGE",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "@authenticated imported from federation v2.3 (it came in v2.5)",
        {"one": _fed2("type Query { a: Int @authenticated }", '"@authenticated"')},
        "INVALID_LINK_DIRECTIVE_USAGE",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "@context imported from federation v2.3 (it came in v2.8)",
        {"one": _fed2("type Query { a: Int }", '"@context"')},
        "INVALID_LINK_DIRECTIVE_USAGE",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "@federation__policy applied under federation v2.3 (it came in v2.6)",
        {"one": _fed2('type Query { a: Int @federation__policy(policies: [["p"]]) }', '"@key"')},
        "INVALID_GRAPHQL",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "@fed__authenticated through the link's as: under federation v2.3",
        {
            "one": _fed2("type Query { a: Int @fed__authenticated }", '"@key"').replace(
                "v2.3", 'v2.3", as: "fed'
            )
        },
        "INVALID_GRAPHQL",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "an unknown directive in the federation link's import",
        {"one": _fed2(_Q, '"@key", "@nope"')},
        "INVALID_LINK_DIRECTIVE_USAGE",
        ("one",),
        None,
        None,
    ),
    ErrorCase(
        "an unknown type in the federation link's import (only FieldSet is importable)",
        {"one": _fed2(_Q, '"@key", "Policy"')},
        "INVALID_LINK_DIRECTIVE_USAGE",
        ("one",),
        None,
        None,
    ),
]
