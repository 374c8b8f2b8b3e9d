"""Properties every plan must have, checked on many generated operations.

For each fixture supergraph, operations are generated at random (fixed seed) from its API
schema: fields with sub-selections to depth 3, fragments on implementations and union members.
Every one must plan without error, and every leaf field asked for must be in some subgraph
operation of the plan (nothing is silently dropped).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
    parse,
    validate,
)
from graphql.pyutils import Undefined

from gateway.planner import build_plan
from gateway.planner.plan import ConditionNode, FetchNode, FlattenNode, ParallelNode, PlanNode, SequenceNode
from gateway.supergraph import Supergraph

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = sorted(p.parent.name for p in FIXTURES.glob("*/supergraph.graphql"))


_LITERALS = {"ID": '"1"', "String": '"1"', "Int": "1", "Float": "1.5", "Boolean": "true"}


def _arguments(field: GraphQLField) -> str | None:
    """Literal values for the field's required arguments ("" if none; None if not scalars)."""
    values = []
    for name, argument in field.args.items():
        if isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined:
            literal = _LITERALS.get(get_named_type(argument.type).name)
            if literal is None:
                return None
            values.append(f"{name}: {literal}")
    return f"({', '.join(values)})" if values else ""


def _selection(schema: GraphQLSchema, type_: GraphQLNamedType, depth: int, rng: random.Random,
               leaves: set[str]) -> str:
    parts: list[str] = []
    if isinstance(type_, GraphQLUnionType):
        for member in rng.sample(list(type_.types), k=min(len(type_.types), 2)):
            parts.append(f"... on {member.name} {{ {_selection(schema, member, depth, rng, leaves)} }}")
        return "__typename " + " ".join(parts)
    assert isinstance(type_, GraphQLObjectType | GraphQLInterfaceType)
    fields = list(type_.fields.items())
    rng.shuffle(fields)
    for name, field in fields[:4]:
        arguments = _arguments(field)
        if arguments is None:
            continue
        named = get_named_type(field.type)
        if is_leaf_type(named):
            parts.append(name + arguments)
            leaves.add(name)
        elif depth > 0:
            parts.append(f"{name}{arguments} {{ {_selection(schema, named, depth - 1, rng, leaves)} }}")
    if isinstance(type_, GraphQLInterfaceType):
        implementation = rng.choice(schema.get_possible_types(type_))
        parts.append(f"... on {implementation.name} "
                     f"{{ {_selection(schema, implementation, depth, rng, leaves)} }}")
    return " ".join(parts) or "__typename"


def _operations(node: PlanNode | None) -> list[str]:
    match node:
        case FetchNode():
            return [node.operation]
        case FlattenNode(node=child):
            return _operations(child)
        case SequenceNode(nodes=children) | ParallelNode(nodes=children):
            return [op for child in children for op in _operations(child)]
        case ConditionNode(if_clause=then, else_clause=otherwise):
            return _operations(then) + _operations(otherwise)
    return []


@pytest.mark.parametrize("fixture", NAMES)
def test_generated_operations_plan_completely(fixture: str) -> None:
    supergraph = Supergraph.parse((FIXTURES / fixture / "supergraph.graphql").read_text())
    schema = supergraph.api_schema
    assert schema.query_type is not None
    roots = [(name, args) for name, field in schema.query_type.fields.items()
             if (args := _arguments(field)) is not None]
    rng = random.Random(fixture)
    planned = 0
    for _ in range(40):
        leaves: set[str] = set()
        root, arguments = rng.choice(roots)
        named = get_named_type(schema.query_type.fields[root].type)
        body = root + arguments
        if not is_leaf_type(named):
            body += f" {{ {_selection(schema, named, 3, rng, leaves)} }}"
        document = parse("{ " + body + " }")
        if validate(schema, document):
            continue  # generated fields that cannot be merged: not a planning question
        text = " ".join(_operations(build_plan(supergraph, document, None).node))
        assert [leaf for leaf in sorted(leaves) if leaf not in text] == [], body
        planned += 1
    assert planned >= 20
