"""Fixture subgraphs: a federation subgraph built from SDL plus plain Python resolvers.

Implements the subgraph side of the Apollo Federation subgraph specification
(https://www.apollographql.com/docs/federation/subgraph-spec/): ``Query._service { sdl }``
returns the SDL as written, and ``Query._entities(representations:)`` resolves each
representation through the type's reference resolver, in order, ``null`` for unknown keys.

The executable schema is built with graphql-core: federation directives are stripped,
type extensions without a base type (Federation 1 style ``extend type T @key``) become
definitions, and ``_Any``, ``_Service``, ``_Entity`` are added.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DefinitionNode,
    DirectiveDefinitionNode,
    DocumentNode,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    NameNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    build_ast_schema,
    parse,
    visit,
)
from graphql.language import REMOVE, Node, Visitor

__all__ = ["FED2", "Reference", "Resolver", "Subgraph", "by_key", "entity_types", "executable_schema"]

Resolver = Callable[..., Any]
"""A graphql-core field resolver: ``fn(parent, info, **arguments)``."""

Reference = Callable[[dict[str, Any]], Any]
"""Resolves one ``_entities`` representation to an object (a dict), or ``None``."""

FED2 = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", '
    '"@external", "@requires", "@provides", "@override", "@inaccessible", "@interfaceObject", "@tag"])\n'
)
"""The ``@link`` line of a Federation v2 subgraph importing the directives fixtures use."""

_FEDERATION_TYPES = """
scalar _Any
type _Service { sdl: String }
"""


@dataclass(frozen=True)
class Subgraph:
    """One fixture subgraph of a suite.

    ``resolvers`` maps ``"Type.field"`` to a resolver; fields without one read the parent
    dict's key. ``references`` maps an entity type name to its reference resolver; an
    entity without one resolves to the representation itself. ``down`` leaves the
    subgraph unreachable (its URL points at a closed port); ``status`` answers every
    request with that HTTP status and a non-GraphQL body; ``served_sdl``, when given, is
    the schema actually served while ``sdl`` is what was composed (a subgraph deployed
    ahead of its supergraph).
    """

    name: str
    sdl: str
    resolvers: Mapping[str, Resolver] = field(default_factory=dict)
    references: Mapping[str, Reference] = field(default_factory=dict)
    down: bool = False
    status: int | None = None
    delay: float = 0.0
    served_sdl: str | None = None


def by_key(rows: Sequence[Mapping[str, Any]], *keys: str) -> Reference:
    """A reference resolver finding the row whose ``keys`` equal the representation's.

    The result is the row overlaid on the representation, so fields the gateway sent
    (``@requires`` inputs, ``__typename``) stay readable by field resolvers.
    """

    def resolve(representation: dict[str, Any]) -> Any:
        for row in rows:
            if all(row.get(k) == representation.get(k) for k in keys):
                return {**representation, **row, "__typename": representation["__typename"]}
        return None

    return resolve


def _key_is_resolvable(node: Node) -> bool:
    for directive in getattr(node, "directives", None) or ():
        if directive.name.value != "key":
            continue
        resolvable = next((a for a in directive.arguments if a.name.value == "resolvable"), None)
        if resolvable is None or getattr(resolvable.value, "value", True) is not False:
            return True
    return False


def entity_types(document: DocumentNode) -> list[str]:
    """Names of object types carrying a resolvable ``@key`` (members of ``_Entity``)."""
    names: list[str] = []
    for node in document.definitions:
        if not isinstance(node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
            continue
        if _key_is_resolvable(node) and node.name.value not in names:
            names.append(node.name.value)
    return names


class _DirectiveStripper(Visitor):
    """Removes every directive usage (federation directives mean nothing to execution)."""

    def enter_directive(self, *_args: Any) -> Any:
        return REMOVE


def _strip(node: Node) -> Any:
    return visit(node, _DirectiveStripper())


def _executable_document(sdl: str) -> DocumentNode:
    document = parse(sdl)
    defined = {n.name.value for n in document.definitions if isinstance(n, TypeDefinitionNode)}
    definitions: list[DefinitionNode] = []
    for node in document.definitions:
        if isinstance(node, DirectiveDefinitionNode):
            continue
        if isinstance(node, SchemaExtensionNode) and not node.operation_types:
            continue
        if isinstance(node, SchemaDefinitionNode | SchemaExtensionNode):
            definitions.append(SchemaDefinitionNode(operation_types=node.operation_types, directives=()))
            continue
        if isinstance(node, TypeExtensionNode) and node.name.value not in defined:
            node = _as_definition(node)
            defined.add(node.name.value)
        definitions.append(_strip(node))
    entities = entity_types(document)
    extra = _FEDERATION_TYPES
    if entities:
        extra += f"union _Entity = {' | '.join(entities)}\n"
    query_fields = "_service: _Service!\n"
    if entities:
        query_fields += "_entities(representations: [_Any!]!): [_Entity]!\n"
    keyword = "extend type" if "Query" in defined else "type"
    extra += f"{keyword} Query {{ {query_fields} }}\n"
    definitions.extend(parse(extra).definitions)
    return DocumentNode(definitions=tuple(definitions))


def _as_definition(node: TypeExtensionNode) -> TypeDefinitionNode:
    """``extend type T`` without a base ``type T`` (Federation 1 style) as a definition."""
    if isinstance(node, ObjectTypeExtensionNode):
        return ObjectTypeDefinitionNode(
            name=NameNode(value=node.name.value),
            interfaces=node.interfaces,
            directives=(),
            fields=node.fields,
        )
    if isinstance(node, InterfaceTypeExtensionNode):
        return InterfaceTypeDefinitionNode(
            name=NameNode(value=node.name.value),
            interfaces=node.interfaces,
            directives=(),
            fields=node.fields,
        )
    raise ValueError(f"cannot turn extension of {node.name.value} into a definition")


def executable_schema(subgraph: Subgraph) -> GraphQLSchema:
    """The graphql-core schema serving ``subgraph`` (federation fields wired in)."""
    schema = build_ast_schema(
        _executable_document(subgraph.served_sdl or subgraph.sdl), assume_valid_sdl=True
    )
    for coordinate, resolver in subgraph.resolvers.items():
        type_name, field_name = coordinate.split(".")
        owner = schema.get_type(type_name)
        if not isinstance(owner, GraphQLObjectType) or field_name not in owner.fields:
            raise ValueError(f"{subgraph.name}: no field {coordinate} to resolve")
        owner.fields[field_name].resolve = resolver
    query = schema.query_type
    assert query is not None
    query.fields["_service"].resolve = lambda _parent, _info: {"sdl": subgraph.sdl}
    if "_entities" in query.fields:
        query.fields["_entities"].resolve = _entities_resolver(subgraph)
    return schema


def _entities_resolver(subgraph: Subgraph) -> Resolver:
    def resolve(_parent: Any, _info: GraphQLResolveInfo, representations: list[dict[str, Any]]) -> Any:
        results: list[Any] = []
        for representation in representations:
            typename = representation.get("__typename")
            reference = subgraph.references.get(str(typename))
            value = reference(dict(representation)) if reference else dict(representation)
            if isinstance(value, dict) and "__typename" not in value:
                value["__typename"] = typename
            results.append(value)
        return results

    return resolve
