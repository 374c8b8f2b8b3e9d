"""Introspection per caller: the API schema cut down to what the caller may query.

docs/access.md, "Introspection". ``__schema`` and ``__type`` are answered from a schema without
the fields and types whose ``@authenticated``/``@requiresScopes``/``@policy`` the caller's
rights fail (gateway/access/scopes.py's rules), so an anonymous caller's explorer shows public
data only and an agency's shows what its key opens. A purpose is assumed sent: consent-guarded
fields show for agencies and citizens, since whose records come back is decided per request.
Types that lose every field, and fields and union members that lead only to removed types, go
too. A caller who may query no root field at all sees the whole API schema (a schema without a
query root is not one: spec §3.3 "Schema"), which is what validation checks its documents
against anyway; each field still answers ``UNAUTHORIZED_FIELD_OR_TYPE``. The schemas are built
once per rights (graphql-core's ``build_ast_schema``), with the spec's meta-schema
(gateway/supergraph/metaschema.py).
"""

from __future__ import annotations

from dataclasses import replace

from graphql import (
    DocumentNode,
    FieldDefinitionNode,
    GraphQLSchema,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    TypeDefinitionNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    parse,
    print_schema,
)

from gateway.access.rights import Rights
from gateway.access.scopes import check
from gateway.supergraph.api import named_type
from gateway.supergraph.auth import AuthRules
from gateway.supergraph.metaschema import spec_schema

__all__ = ["visible_schema"]

_ROOTS = ("Query", "Mutation", "Subscription")


def visible_schema(api_schema: GraphQLSchema, rules: AuthRules, rights: Rights) -> GraphQLSchema:
    """The part of ``api_schema`` a caller with ``rights`` (and a purpose) may query."""
    rights = replace(rights, has_purpose=True)
    document = parse(print_schema(api_schema))
    hidden_types = {
        name for name, requirement in rules.types.items() if check(requirement, rights, name) is not None
    }
    definitions = [d for d in document.definitions if isinstance(d, TypeDefinitionNode)]
    while True:  # removing a type can empty another: repeat until nothing changes
        changed = False
        kept: list[TypeDefinitionNode] = []
        for definition in definitions:
            name = definition.name.value
            if name in hidden_types:
                changed = True
                continue
            if isinstance(definition, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
                fields = [
                    f for f in definition.fields or () if _visible(name, f, rules, rights, hidden_types)
                ]
                if len(fields) != len(definition.fields or ()):
                    changed = True
                    if not fields:
                        hidden_types.add(name)
                        continue
                    definition = replace(definition, fields=tuple(fields))
            elif isinstance(definition, UnionTypeDefinitionNode):
                members = [m for m in definition.types or () if m.name.value not in hidden_types]
                if len(members) != len(definition.types or ()):
                    changed = True
                    if not members:
                        hidden_types.add(name)
                        continue
                    definition = replace(definition, types=tuple(members))
            kept.append(definition)
        definitions = kept
        if not changed:
            break
    others = [
        d for d in document.definitions
        if not isinstance(d, TypeDefinitionNode) and not isinstance(d, SchemaDefinitionNode)
    ]
    schema_nodes = [d for d in document.definitions if isinstance(d, SchemaDefinitionNode)]
    if schema_nodes:
        roots = tuple(
            op for op in schema_nodes[0].operation_types or () if op.type.name.value not in hidden_types
        )
        others.append(replace(schema_nodes[0], operation_types=roots))
    visible = build_ast_schema(DocumentNode(definitions=(*others, *definitions)), assume_valid_sdl=True)
    if visible.query_type is None:  # nothing to query: a schema needs a query root (spec §3.3)
        return api_schema
    return spec_schema(visible)


def _visible(
    parent: str, field: FieldDefinitionNode, rules: AuthRules, rights: Rights, hidden: set[str]
) -> bool:
    if named_type(field.type) in hidden:
        return False
    requirement = rules.field(parent, field.name.value)
    return requirement is None or check(requirement, rights, f"{parent}.{field.name.value}") is None
