"""Field sets (`@key(fields:)`, `@requires(fields:)`, `@provides(fields:)`) read against a subgraph.

A field set is a selection set without its outer braces
(https://www.apollographql.com/docs/graphos/reference/federation/directives#fieldset);
graphql-core parses it and this module walks it over the subgraph's own types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    FieldNode,
    GraphQLSyntaxError,
    InlineFragmentNode,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeNode,
    parse,
    strip_ignored_characters,
)

from .model import Subgraph

__all__ = ["FieldSetWalk", "named_type", "normalize_field_set", "parse_field_set", "walk_field_set"]

_COMPOSITE = {"object", "interface", "union"}


def named_type(node: TypeNode) -> str:
    """The named type under list and non-null wrappers."""
    while isinstance(node, NonNullTypeNode | ListTypeNode):
        node = node.type
    assert isinstance(node, NamedTypeNode)
    return node.name.value


def parse_field_set(text: str) -> SelectionSetNode:
    """Parse a field set; raises GraphQLSyntaxError when it is not a selection set."""
    document = parse("{" + text + "}", no_location=True)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation.selection_set


def normalize_field_set(text: str) -> str:
    """The field set with insignificant whitespace removed (as composition tools print it)."""
    stripped = strip_ignored_characters("{" + text + "}")
    return stripped[1:-1]


@dataclass(slots=True)
class FieldSetWalk:
    """What a field set selects: (parent type, field, depth) triples and the problems found."""

    coordinates: list[tuple[str, str, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    with_arguments: list[str] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)


def walk_field_set(subgraph: Subgraph, type_name: str, text: str) -> FieldSetWalk:
    """Walk a field set from ``type_name`` over ``subgraph``'s types, collecting what it selects."""
    walk = FieldSetWalk()
    try:
        selection_set = parse_field_set(text)
    except GraphQLSyntaxError as error:
        walk.problems.append(f'cannot parse field set "{text}": {error.message}')
        return walk
    _walk(subgraph, type_name, selection_set, 0, walk)
    return walk


def _walk(
    subgraph: Subgraph, parent: str, selection_set: SelectionSetNode, depth: int, walk: FieldSetWalk
) -> None:
    parent_type = subgraph.types.get(parent)
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition.name.value if selection.type_condition else parent
            if condition not in subgraph.types:
                walk.problems.append(f'unknown type condition "{condition}"')
                continue
            _walk(subgraph, condition, selection.selection_set, depth, walk)
            continue
        if not isinstance(selection, FieldNode):
            walk.problems.append("fragment spreads are not allowed in field sets")
            continue
        name = selection.name.value
        if name == "__typename":
            continue
        if parent_type is None or parent_type.kind not in ("object", "interface"):
            walk.problems.append(f'cannot query field "{name}" on type "{parent}"')
            continue
        definition = parent_type.fields.get(name)
        if definition is None:
            walk.problems.append(f'cannot query field "{name}" on type "{parent}" (no such field)')
            continue
        walk.coordinates.append((parent, name, depth))
        if selection.arguments:
            walk.with_arguments.append(f"{parent}.{name}")
        target = named_type(definition.type)
        target_type = subgraph.types.get(target)
        composite = target_type is not None and target_type.kind in _COMPOSITE
        if composite and target_type is not None and target_type.kind in ("interface", "union"):
            walk.abstract.append(f"{parent}.{name}")
        if composite and selection.selection_set is None:
            walk.problems.append(f'field "{parent}.{name}" of composite type "{target}" needs a selection')
        elif not composite and selection.selection_set is not None:
            walk.problems.append(f'field "{parent}.{name}" of leaf type "{target}" cannot have a selection')
        elif selection.selection_set is not None:
            _walk(subgraph, target, selection.selection_set, depth + 1, walk)
