"""Result shaping over merged data: request order, aliases, __typename, fragments on abstract
types, @include/@skip, null propagation (spec §6.4.4), enum values, introspection pass-through."""

from __future__ import annotations

from typing import Any

from graphql import OperationDefinitionNode, build_schema, parse

from gateway.executor import ShapeProgram, condition_variables
from gateway.pipeline import coerce_variables

SCHEMA = build_schema("""
type Query { node(id: ID!): Node  search: [Result!]!  pets: [Pet]  tags: [[String!]]  mood: Mood }
interface Node { id: ID! }
type Dog implements Node { id: ID! name: String! barks: Boolean }
type Cat implements Node { id: ID! name: String lives: Int! }
union Result = Dog | Cat
union Pet = Dog | Cat
enum Mood { HAPPY SAD }
""")


def shape(
    query: str,
    data: dict[str, Any],
    variables: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> tuple[Any, list[dict[str, Any]]]:
    document = parse(query)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    program = ShapeProgram(SCHEMA, document, operation, coerce_variables(SCHEMA, operation, variables))
    return program.run(data, errors or [])


def test_only_requested_fields_in_request_order_with_aliases() -> None:
    data = {"node": {"__typename": "Dog", "woof": True, "name": "Rex", "id": "1", "extra": 1}}
    result, errors = shape('{ node(id: "1") { ... on Dog { woof: barks name } id } }', data)
    assert errors == []
    assert result == {"node": {"woof": True, "name": "Rex", "id": "1"}}
    assert list(result["node"]) == ["woof", "name", "id"]


def test_typename_comes_from_the_runtime_type_and_fragments_check_possible_types() -> None:
    data = {
        "search": [
            {"__typename": "Dog", "t": "Dog", "name": "Rex", "barks": True},
            {"__typename": "Cat", "t": "Cat", "name": "Tom", "lives": 9},
        ]
    }
    query = "{ search { t: __typename ... on Dog { name barks } ...Cat } } fragment Cat on Cat { lives }"
    result, errors = shape(query, data)
    assert errors == []
    assert result == {"search": [{"t": "Dog", "name": "Rex", "barks": True}, {"t": "Cat", "lives": 9}]}


def test_include_and_skip_follow_variables() -> None:
    query = (
        "query($a: Boolean!, $b: Boolean = true) { mood @include(if: $a) pets @skip(if: $b) { __typename } }"
    )
    data = {"mood": "HAPPY", "pets": []}
    assert shape(query, data, {"a": True})[0] == {"mood": "HAPPY"}
    assert shape(query, data, {"a": False, "b": False})[0] == {"pets": []}
    assert condition_variables(parse(query)) == ("a", "b")


def test_non_null_list_item_null_nulls_the_list_and_the_nearest_nullable_parent() -> None:
    # search: [Result!]! is non-null all the way up: data becomes null (spec §6.4.4)
    result, errors = shape(
        "{ search { ... on Dog { name } } }", {"search": [{"__typename": "Dog", "name": None}]}
    )
    assert result is None
    assert errors == [
        {
            "message": "Cannot return null for non-nullable field Dog.name.",
            "path": ["search", 0, "name"],
            "extensions": {"code": "NULL_IN_NON_NULL_FIELD"},
        }
    ]


def test_nullable_list_items_stop_the_propagation() -> None:
    data = {"pets": [{"__typename": "Cat", "lives": None}, {"__typename": "Cat", "lives": 3}], "mood": "SAD"}
    result, errors = shape("{ pets { ... on Cat { lives } } mood }", data)
    assert result == {"pets": [None, {"lives": 3}], "mood": "SAD"}
    assert [e["path"] for e in errors] == [["pets", 0, "lives"]]


def test_nested_lists_and_leaf_nulls() -> None:
    result, errors = shape("{ tags }", {"tags": [["a"], None, ["b", None]]})
    assert result == {"tags": [["a"], None, None]}
    assert [e["path"] for e in errors] == [["tags", 2, 1]]


def test_an_execution_error_on_the_same_path_replaces_the_null_error() -> None:
    upstream = [{"message": "boom", "path": ["search", 0], "extensions": {"code": "SUBGRAPH_UNAVAILABLE"}}]
    result, errors = shape(
        "{ search { ... on Dog { name } } }", {"search": [{"__typename": "Dog"}]}, errors=upstream
    )
    assert result is None
    assert errors == upstream


def test_unknown_enum_values_become_null_with_an_error() -> None:
    result, errors = shape("{ mood }", {"mood": "ANGRY"})
    assert result == {"mood": None}
    assert errors[0]["path"] == ["mood"]
    assert errors[0]["extensions"]["code"] == "INVALID_ENUM_VALUE"


def test_an_abstract_object_without_a_known_typename_is_an_error() -> None:
    result, errors = shape('{ node(id: "1") { id } }', {"node": {"__typename": "Fish", "id": "1"}})
    assert result == {"node": None}
    assert errors[0]["path"] == ["node"]


def test_an_interface_object_without_its_concrete_type_gets_the_fields_of_every_type() -> None:
    # an @interfaceObject subgraph answers with the interface's name; what every implementation
    # selects can still be shaped, what depends on the concrete type cannot
    data = {"node": {"__typename": "Node", "id": "7", "name": "Rex"}}
    result, errors = shape('{ node(id: "7") { id ... on Dog { name } } }', data)
    assert errors == []
    assert result == {"node": {"id": "7"}}


def test_hidden_enum_values_are_null_without_an_error() -> None:
    full = build_schema("type Query { mood: Mood! moods: [Mood] } enum Mood { HAPPY SAD SECRET }")
    api = build_schema("type Query { mood: Mood! moods: [Mood] } enum Mood { HAPPY SAD }")
    document = parse("{ moods }")
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    program = ShapeProgram(api, document, operation, coerce_variables(api, operation, None), full)
    assert program.run({"moods": ["HAPPY", "SECRET", "ANGRY"]}) == (
        {"moods": ["HAPPY", None, None]},
        [{
            "message": 'Enum "Mood" cannot represent value: \'ANGRY\' (field Query.moods).',
            "path": ["moods", 2],
            "extensions": {"code": "INVALID_ENUM_VALUE"},
        }],
    )


def test_missing_data_is_null() -> None:
    assert shape("{ mood pets { __typename } }", {}) == ({"mood": None, "pets": None}, [])


def test_denied_fields_are_null_with_their_error_and_non_null_ones_null_their_parent() -> None:
    from graphql import FieldNode, InlineFragmentNode

    from gateway.access.scopes import Denial, Denials

    query = "{ pets { ... on Dog { name barks } ... on Cat { name lives } } mood }"
    document = parse(query)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    pets = operation.selection_set.selections[0]
    assert isinstance(pets, FieldNode) and pets.selection_set is not None
    on_dog, on_cat = pets.selection_set.selections
    assert isinstance(on_dog, InlineFragmentNode) and isinstance(on_cat, InlineFragmentNode)
    dog_name, cat_name = on_dog.selection_set.selections[0], on_cat.selection_set.selections[0]
    assert isinstance(dog_name, FieldNode) and isinstance(cat_name, FieldNode)
    denial = Denial(code="UNAUTHORIZED_FIELD_OR_TYPE", message="no", rule="requiresScopes", scopes=(("s",),))
    denied = Denials([(dog_name, denial), (cat_name, denial)])
    variables = coerce_variables(SCHEMA, operation, None)
    program = ShapeProgram(SCHEMA, document, operation, variables, None, denied)
    data = {
        "pets": [
            {"__typename": "Dog", "barks": True},
            {"__typename": "Cat", "name": "Tom", "lives": 9},  # asked by mistake: still not shown
        ],
        "mood": "HAPPY",
    }
    result, errors = program.run(data, [])
    # Dog.name is non-null: the dog becomes null (the list allows it), one error explains it
    assert result == {"pets": [None, {"name": None, "lives": 9}], "mood": "HAPPY"}
    extensions = {"code": "UNAUTHORIZED_FIELD_OR_TYPE", "rule": "requiresScopes", "scopes": [["s"]]}
    assert errors == [
        {"message": "no", "path": ["pets", 0, "name"], "extensions": extensions},
        {"message": "no", "path": ["pets", 1, "name"], "extensions": extensions},
    ]
    # the same program again: fresh errors, same answer
    assert program.run(data, []) == (result, errors)
