"""Checking ``_entities`` representations before they are resolved.

Implements docs/subgraphs.md, "Errors" and "Limits", after the Apollo Federation subgraph
specification (https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/subgraph-spec,
"Query._entities"): a representation is a JSON object with the ``__typename`` of one of this
subgraph's entities and the fields of one of its ``@key`` directives, each of the key field's type.
Anything else is the caller's mistake, answered per representation as ``BAD_USER_INPUT`` with a
message that names the problem (never a key's value: it may be a NIK), instead of the
``KeyError``/``TypeError`` deep in the federation resolver that would otherwise be masked as an
internal error and logged as one.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)
from strawberry.federation.schema_directives import Key
from strawberry.utils.inspect import get_func_args

from subgraphs.common.errors import BAD_USER_INPUT, client_error

__all__ = ["EntityShape", "RepresentationCheck"]

#: A name worth repeating in a message; anything else is not echoed.
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")

#: Python type of each built-in scalar's JSON value (``bool`` is not an ``int`` here).
_SCALARS: Mapping[str, tuple[type, ...]] = {
    "String": (str,),
    "ID": (str, int),
    "Int": (int,),
    "Float": (int, float),
    "Boolean": (bool,),
}


def _quoted(name: object) -> str:
    return f"'{name}'" if isinstance(name, str) and _NAME.fullmatch(name) else "an unexpected name"


def _json_kind(value: object) -> str:
    """What JSON calls ``value``: null, boolean, number, string, list or object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "object"


def _key_fields(fields: str) -> SelectionSetNode:
    operation = parse(f"{{ {fields} }}", no_location=True).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation.selection_set


def _mismatch(
    value: object, graphql_type: GraphQLOutputType, selection: SelectionSetNode | None
) -> str | None:
    """Why ``value`` cannot be a value of ``graphql_type`` (with ``selection`` for an object), or
    ``None`` when it can. Custom scalars take any value."""
    if isinstance(graphql_type, GraphQLNonNull):
        if value is None:
            return f"expected {graphql_type}, got null"
        return _mismatch(value, graphql_type.of_type, selection)
    if value is None:
        return None
    if isinstance(graphql_type, GraphQLList):
        if not isinstance(value, list):
            return f"expected {graphql_type}, got {_json_kind(value)}"
        for item in value:
            if (found := _mismatch(item, graphql_type.of_type, selection)) is not None:
                return found
        return None
    if isinstance(graphql_type, GraphQLObjectType):
        if not isinstance(value, dict):
            return f"expected {graphql_type} (an object), got {_json_kind(value)}"
        for node in selection.selections if selection else ():
            if not isinstance(node, FieldNode):
                continue
            field = graphql_type.fields.get(node.name.value)
            if field is None:
                continue
            found = _mismatch(value.get(node.name.value), field.type, node.selection_set)
            if found is not None:
                return f"{node.name.value}: {found}"
        return None
    if isinstance(graphql_type, GraphQLEnumType):
        return None if isinstance(value, str) else f"expected {graphql_type}, got {_json_kind(value)}"
    if isinstance(graphql_type, GraphQLScalarType) and graphql_type.name in _SCALARS:
        allowed = _SCALARS[graphql_type.name]
        if isinstance(value, allowed) and (bool in allowed or not isinstance(value, bool)):
            return None
        return f"expected {graphql_type}, got {_json_kind(value)}"
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityShape:
    """What a representation of one entity type must look like."""

    name: str
    graphql_type: GraphQLObjectType
    #: Each ``@key``'s field set, parsed.
    keys: tuple[SelectionSetNode, ...]
    #: The fields ``resolve_reference`` takes (the key fields); ``None``: any field of the type
    #: (no ``resolve_reference``, or one taking ``**fields`` for an ``@requires``).
    accepted: frozenset[str] | None

    def problem(self, value: Mapping[str, Any]) -> str | None:
        """Why ``value`` (a representation of this type) cannot be resolved, or ``None``."""
        for name in value:
            if name == "__typename":
                continue
            if self.accepted is not None and name not in self.accepted:
                return f"carries {_quoted(name)}, which is not a key field of {self.name}"
            if self.accepted is None and name not in self.graphql_type.fields:
                return f"carries {_quoted(name)}, which is not a field of {self.name}"
        complete = [key for key in self.keys if all(_top(node) in value for node in key.selections)]
        if not complete:
            wanted = " or ".join(", ".join(_top(node) for node in key.selections) for key in self.keys)
            return f"lacks the key field {wanted}"
        key = complete[0]
        for node in key.selections:
            if not isinstance(node, FieldNode):
                continue
            field = self.graphql_type.fields.get(node.name.value)
            if field is None:
                continue
            found = _mismatch(value[node.name.value], field.type, node.selection_set)
            if found is not None:
                return f"has {node.name.value} of the wrong type: {found}"
        return None


def _takes_any_field(resolver: Any) -> bool:
    """Whether ``resolve_reference`` takes ``**fields``: the fields an ``@requires`` of the type
    sends with the key (docs/social.md, "The gap view"), any field of the type then."""
    parameters = inspect.signature(resolver).parameters.values()
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def _top(node: Any) -> str:
    return str(node.name.value)


class RepresentationCheck:
    """The entity shapes of one federation schema, and the check of each representation."""

    def __init__(self, shapes: Iterable[EntityShape]) -> None:
        self.shapes = {shape.name: shape for shape in shapes}

    @classmethod
    def of(cls, schema: GraphQLSchema, definitions: Mapping[str, Any]) -> RepresentationCheck:
        """The shapes of the ``_Entity`` union's members of ``schema``; ``definitions`` are the
        Strawberry type definitions by name (their ``@key`` directives and ``resolve_reference``)."""
        union = schema.get_type("_Entity")
        shapes = []
        for graphql_type in getattr(union, "types", ()):
            definition = definitions[graphql_type.name]
            keys = tuple(
                _key_fields(str(directive.fields))
                for directive in definition.directives
                if isinstance(directive, Key)
            )
            resolver = getattr(definition.origin, "resolve_reference", None)
            accepted = None
            if resolver is not None and not _takes_any_field(resolver):
                accepted = frozenset(get_func_args(resolver)) - {"info"}
            shapes.append(
                EntityShape(name=graphql_type.name, graphql_type=graphql_type, keys=keys, accepted=accepted)
            )
        return cls(shapes)

    def problem(self, index: int, representation: object) -> GraphQLError | None:
        """The ``BAD_USER_INPUT`` error for representation ``index``, or ``None`` when it is well formed."""
        where = f"Representation {index}"
        if not isinstance(representation, dict):
            return client_error(
                f'{where} is not an object: send {{"__typename": ..., and the fields of a key}}.',
                BAD_USER_INPUT,
            )
        typename = representation.get("__typename")
        if not isinstance(typename, str):
            return client_error(f"{where} has no __typename string.", BAD_USER_INPUT)
        shape = self.shapes.get(typename)
        if shape is None:
            known = ", ".join(sorted(self.shapes))
            return client_error(
                f"{where} has __typename {_quoted(typename)}, which is not an entity of this subgraph "
                f"(its entities: {known}).",
                BAD_USER_INPUT,
            )
        found = shape.problem(representation)
        if found is None:
            return None
        return client_error(f"{where} ({typename}) {found}.", BAD_USER_INPUT)
