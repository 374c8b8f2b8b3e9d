"""The harness itself: comparisons must catch every kind of difference, fixtures must serve
the federation subgraph protocol (``_service``, ``_entities``)."""

from __future__ import annotations

from graphql import graphql_sync

from tests.federation.case import Case, ErrorSpec, compare
from tests.federation.subgraph import FED2, Subgraph, by_key, executable_schema

CASE = Case("c", "{ a }", {"a": 1}, calls={"x": 1})


def test_equal_answer_has_no_problems() -> None:
    assert compare(CASE, 200, {"data": {"a": 1}}, {"x": 1}) == []


def test_data_difference_is_reported() -> None:
    assert any("data differs" in p for p in compare(CASE, 200, {"data": {"a": 2}}, {"x": 1}))


def test_unexpected_errors_are_reported() -> None:
    problems = compare(CASE, 200, {"data": {"a": 1}, "errors": [{"message": "x"}]}, {"x": 1})
    assert any("expected no errors" in p for p in problems)


def test_needless_subgraph_call_is_reported() -> None:
    problems = compare(CASE, 200, {"data": {"a": 1}}, {"x": 1, "y": 1})
    assert any("subgraph calls" in p for p in problems)


def test_error_spec_matches_path_code_and_service() -> None:
    case = Case("c", "{ a }", None, errors=[ErrorSpec(path=["a"], code="SUBGRAPH_UNAVAILABLE", service="s")])
    good = {
        "data": None,
        "errors": [{"path": ["a"], "extensions": {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "s"}}],
    }
    wrong_path = {"data": None, "errors": [{"path": ["b"], "extensions": {"code": "SUBGRAPH_UNAVAILABLE"}}]}
    assert compare(case, 200, good, None) == []
    assert compare(case, 200, wrong_path, None) != []


def test_status_and_representations_are_checked() -> None:
    case = Case("c", "{ a }", {"a": 1}, status=400, representations={"x": 2})
    problems = compare(case, 200, {"data": {"a": 1}}, None, {"x": 3})
    assert len(problems) == 2


def test_fixture_subgraph_serves_service_and_entities() -> None:
    sdl = 'extend type Query { me: User }\nextend type User @key(fields: "id") { id: ID! @external n: Int }'
    schema = executable_schema(Subgraph("s", sdl, references={"User": by_key([{"id": "1", "n": 5}], "id")}))
    result = graphql_sync(
        schema,
        '{ _service { sdl } _entities(representations: [{__typename: "User", id: "1"}, '
        '{__typename: "User", id: "2"}]) { ... on User { n } } }',
    )
    assert result.errors is None
    assert result.data == {"_service": {"sdl": sdl}, "_entities": [{"n": 5}, None]}


def test_non_resolvable_key_is_not_an_entity() -> None:
    schema = executable_schema(
        Subgraph("s", FED2 + 'type Query { a: Int } type T @key(fields: "id", resolvable: false) { id: ID! }')
    )
    assert schema.get_type("_Entity") is None
