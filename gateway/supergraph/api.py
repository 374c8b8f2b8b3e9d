"""The API schema of a supergraph: what clients may see and query.

Implements Apollo's API-schema derivation (https://specs.apollo.dev/join/v0.3, "API schema" in
https://specs.apollo.dev/inaccessible/v0.2): drop every element of the linked machinery specs
(``link``, ``join``, ``inaccessible``, ``tag`` and the other specs.apollo.dev features), drop every
``@inaccessible`` type, field, argument, enum value and input field together with what refers
to them (union members, implemented interfaces, fields of a hidden type), and keep applications
only of directives whose definitions remain. The result is built with graphql-core, with the
spec's meta-schema (gateway/supergraph/metaschema.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graphql import (
    REMOVE,
    DirectiveDefinitionNode,
    DirectiveNode,
    DocumentNode,
    EnumValueDefinitionNode,
    FieldDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    InputValueDefinitionNode,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    TypeNode,
    Visitor,
    build_ast_schema,
    specified_directives,
    validate_schema,
    visit,
)

from .error import SupergraphError
from .link import LinkedFeatures
from .metaschema import spec_schema

__all__ = ["build_api_schema", "named_type"]

_BUILT_IN_DIRECTIVES = frozenset(d.name for d in specified_directives) | {"oneOf"}


def named_type(type_node: TypeNode) -> str:
    """The innermost type name of a (list / non-null wrapped) type reference."""
    while isinstance(type_node, ListTypeNode | NonNullTypeNode):
        type_node = type_node.type
    assert isinstance(type_node, NamedTypeNode)
    return type_node.name.value


def _hidden_types(document: DocumentNode, features: LinkedFeatures, inaccessible: str | None) -> set[str]:
    hidden: set[str] = set()
    machinery = [f for f in features if f.is_apollo]
    for definition in document.definitions:
        if not isinstance(definition, TypeDefinitionNode | TypeExtensionNode):
            continue
        name = definition.name.value
        if any(f.owns(name, directive=False) for f in machinery) or (
            inaccessible and any(d.name.value == inaccessible for d in definition.directives or ())
        ):
            hidden.add(name)
    return hidden


def _kept_directives(document: DocumentNode, features: LinkedFeatures) -> set[str]:
    machinery = [f for f in features if f.is_apollo]
    kept = set(_BUILT_IN_DIRECTIVES)
    for definition in document.definitions:
        if isinstance(definition, DirectiveDefinitionNode):
            name = definition.name.value
            if name not in ("link", "core") and not any(f.owns(name, directive=True) for f in machinery):
                kept.add(name)
    return kept


class _ApiVisitor(Visitor):
    def __init__(self, hidden: set[str], kept: set[str], inaccessible: str | None) -> None:
        super().__init__()
        self.hidden = hidden
        self.kept = kept
        self.inaccessible = inaccessible

    def _is_inaccessible(self, node: Any) -> bool:
        return bool(self.inaccessible) and any(
            d.name.value == self.inaccessible for d in node.directives or ()
        )

    def enter_directive_definition(self, node: DirectiveDefinitionNode, *_: Any) -> Any:
        name = node.name.value
        return None if name in self.kept and name not in _BUILT_IN_DIRECTIVES else REMOVE

    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        return None if node.name.value in self.kept else REMOVE

    def enter_object_type_definition(self, node: Any, *_: Any) -> Any:
        return REMOVE if node.name.value in self.hidden else None

    enter_object_type_extension = enter_object_type_definition
    enter_interface_type_definition = enter_object_type_definition
    enter_interface_type_extension = enter_object_type_definition
    enter_union_type_definition = enter_object_type_definition
    enter_union_type_extension = enter_object_type_definition
    enter_enum_type_definition = enter_object_type_definition
    enter_enum_type_extension = enter_object_type_definition
    enter_input_object_type_definition = enter_object_type_definition
    enter_input_object_type_extension = enter_object_type_definition
    enter_scalar_type_definition = enter_object_type_definition
    enter_scalar_type_extension = enter_object_type_definition

    def enter_field_definition(self, node: FieldDefinitionNode, *_: Any) -> Any:
        if self._is_inaccessible(node) or named_type(node.type) in self.hidden:
            return REMOVE
        return None

    def enter_input_value_definition(self, node: InputValueDefinitionNode, *_: Any) -> Any:
        if self._is_inaccessible(node) or named_type(node.type) in self.hidden:
            return REMOVE
        return None

    def enter_enum_value_definition(self, node: EnumValueDefinitionNode, *_: Any) -> Any:
        return REMOVE if self._is_inaccessible(node) else None

    def _drop_hidden_interfaces(self, node: Any, *_: Any) -> Any:
        interfaces = tuple(i for i in node.interfaces or () if i.name.value not in self.hidden)
        if len(interfaces) != len(node.interfaces or ()):
            return replace(node, interfaces=interfaces)
        return None

    leave_object_type_definition = _drop_hidden_interfaces
    leave_object_type_extension = _drop_hidden_interfaces
    leave_interface_type_definition = _drop_hidden_interfaces
    leave_interface_type_extension = _drop_hidden_interfaces

    def leave_union_type_definition(self, node: Any, *_: Any) -> Any:
        members = tuple(t for t in node.types or () if t.name.value not in self.hidden)
        if len(members) != len(node.types or ()):
            return replace(node, types=members)
        return None

    leave_union_type_extension = leave_union_type_definition

    def leave_schema_definition(self, node: Any, *_: Any) -> Any:
        operations = tuple(o for o in node.operation_types if o.type.name.value not in self.hidden)
        return replace(node, operation_types=operations)

    leave_schema_extension = leave_schema_definition


def build_api_schema(document: DocumentNode, features: LinkedFeatures) -> GraphQLSchema:
    """Derive and build the API schema from a parsed supergraph document."""
    inaccessible_feature = features.get("inaccessible")
    inaccessible = inaccessible_feature.directive("inaccessible") if inaccessible_feature else None
    hidden = _hidden_types(document, features, inaccessible)
    kept = _kept_directives(document, features)
    api_document = visit(document, _ApiVisitor(hidden, kept, inaccessible))
    try:
        schema = build_ast_schema(api_document)
    except (GraphQLError, TypeError) as error:
        raise SupergraphError(f"the API schema derived from the supergraph is invalid: {error}") from error
    problems = validate_schema(schema)
    if problems:
        details = "; ".join(p.message for p in problems[:5])
        raise SupergraphError(f"the API schema derived from the supergraph is invalid: {details}")
    return spec_schema(schema)  # introspected and validated with the spec's meta-schema
