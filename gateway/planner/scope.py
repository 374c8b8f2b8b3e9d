"""Where the planner stands, and the small rules it applies there.

A ``Scope`` is one place in the walk over the client's operation: a fetch group, the type of
the objects there, the selection to extend in that group's operation, their response path,
what ``@provides`` gives along the path, the ``@include``/``@skip`` conditions above, and the
closest entity above (``Anchor``) for fields only reachable by fetching the path again.
``read_conditions`` reads ``@include``/``@skip``
(https://spec.graphql.org/October2021/#sec--include).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    NameNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
)

from .group import Condition, FetchGroup
from .plan import PathElement, TypeCondition
from .selection import SelectionTree

__all__ = [
    "Anchor",
    "Scope",
    "alias_fields",
    "read_conditions",
    "strip_type_conditions",
    "without_conditions",
]


@dataclass(frozen=True, slots=True)
class Anchor:
    """The closest entity above a value-type object, and the fields leading from it."""

    scope: Scope
    chain: tuple[FieldNode, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """Where the planner stands: a fetch group, the objects' type, the selection to extend in
    that group's operation, the response path of those objects and what is provided there."""

    group: FetchGroup
    type_name: str
    target: SelectionTree
    path: tuple[PathElement, ...]
    conditions: tuple[Condition, ...] = ()
    provided: SelectionSetNode | None = None  # what @provides gives along the path
    anchor: Anchor | None = None
    reserved: frozenset[str] = frozenset()  # response keys the client uses for other fields here
    origin: Scope | None = None  # for an entity fetch: where the same objects were first fetched


def read_conditions(directives: tuple[DirectiveNode, ...] | None
                ) -> tuple[bool, tuple[DirectiveNode, ...], tuple[Condition, ...]]:
    """Read ``@include``/``@skip``: (selected at all, directives to keep, variable conditions)."""
    keep: list[DirectiveNode] = []
    conditions: list[Condition] = []
    for directive in directives or ():
        name = directive.name.value
        if name not in ("include", "skip"):
            keep.append(directive)
            continue
        value = next((a.value for a in directive.arguments or () if a.name.value == "if"), None)
        include = name == "include"
        if isinstance(value, BooleanValueNode):
            if value.value != include:
                return False, (), ()
        elif isinstance(value, VariableNode):
            keep.append(directive)
            conditions.append((value.name.value, include))
    return True, tuple(keep), tuple(conditions)


def without_conditions(directives: tuple[DirectiveNode, ...]) -> tuple[DirectiveNode, ...]:
    return tuple(d for d in directives if d.name.value not in ("include", "skip"))


def alias_fields(selection_set: SelectionSetNode, reserved: frozenset[str], suffix: str, *,
                  with_arguments: bool, alias_for: Callable[[FieldNode], str] | None = None
                  ) -> tuple[SelectionSetNode, list[tuple[str, str]]]:
    """Give key or required fields their own response key where the client uses theirs for
    another field (``upc: name``) or, for required fields, where they take arguments (a client
    field of the same name may ask other ones). The representation gets the field's name back
    through a ``KeyRenamer`` input rewrite: (alias, name) pairs are returned for that.
    ``alias_for`` names the alias (by default ``<name><suffix>``), e.g. one per argument set."""
    renames: list[tuple[str, str]] = []
    selections: list[SelectionNode] = []
    for node in selection_set.selections:
        if isinstance(node, FieldNode) and node.alias is None and (
                node.name.value in reserved or (with_arguments and node.arguments)):
            alias = alias_for(node) if alias_for is not None else node.name.value + suffix
            renames.append((alias, node.name.value))
            node = replace(node, alias=NameNode(value=alias))
        selections.append(node)
    if not renames:
        return selection_set, renames
    return SelectionSetNode(selections=tuple(selections)), renames


def strip_type_conditions(path: tuple[PathElement, ...]) -> tuple[PathElement, ...]:
    while path and isinstance(path[-1], TypeCondition):
        path = path[:-1]
    return path
