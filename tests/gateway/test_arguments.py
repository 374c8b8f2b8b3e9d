"""Explicit nulls in non-null positions (gateway/arguments.py, spec §6.4.1): arguments, input
object fields, list items, directive arguments; uses left out by @skip/@include are not checked."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import OperationDefinitionNode, build_schema, parse

from gateway.arguments import NullChecks
from gateway.errors import VariableError

SCHEMA = build_schema(
    """
    input Filter { region: String! tags: [String!] }
    type Query { citizens(filter: Filter, niks: [String!]): [String] citizen(nik: String!): String }
    """
)


def checks(query: str) -> NullChecks:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return NullChecks(SCHEMA, document, operation)


@pytest.mark.parametrize(
    ("query", "coerced", "expected"),
    [
        ('query($r: String = "31") { citizens(filter: {region: $r}) }', {"r": None}, "String!"),
        ('query($t: String = "a") { citizens(filter: {region: "31", tags: [$t]}) }', {"t": None}, "String!"),
        ('query($n: String = "1") { citizens(niks: ["2", $n]) }', {"n": None}, "String!"),
        ('query($b: Boolean = true) { citizen(nik: "1") @include(if: $b) }', {"b": None}, "Boolean!"),
    ],
)
def test_nulls_in_non_null_positions_are_refused(query: str, coerced: dict[str, Any], expected: str) -> None:
    with pytest.raises(VariableError) as refused:
        checks(query).check(coerced)
    assert f'of type "{expected}"' in refused.value.message
    assert refused.value.errors()[0]["extensions"] == {"code": "BAD_USER_INPUT"}


@pytest.mark.parametrize(
    ("query", "coerced"),
    [
        ('query($n: String = "1") { citizen(nik: $n) }', {"n": "2"}),  # not null
        ('query($n: String = "1") { citizen(nik: $n) }', {}),  # absent: the default applies
        ("query($n: String!) { citizen(nik: $n) }", {"n": "2"}),  # non-null variables never are
        ('query($n: String = "1") { citizen(nik: $n) @skip(if: true) }', {"n": None}),
        (
            'query($n: String = "1", $s: Boolean!) { ...F @include(if: $s) } '
            "fragment F on Query { citizen(nik: $n) }",
            {"n": None, "s": False},
        ),
        ("query($r: String) { citizens(filter: {region: \"31\", tags: null}, niks: null) x: citizens }",
         {"r": None}),
    ],
)
def test_other_values_pass(query: str, coerced: dict[str, Any]) -> None:
    checks(query).check(coerced)


def test_operations_without_nullable_variables_cost_nothing_per_request() -> None:
    assert checks('query($n: String!) { citizen(nik: $n) }').variables == frozenset()
    assert checks('query($n: String, $m: Int) { citizen(nik: $n) }').variables == {"n"}
