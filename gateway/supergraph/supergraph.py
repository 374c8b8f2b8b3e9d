"""The supergraph: an Apollo Federation v2 supergraph SDL, read once.

Implements the reading of a supergraph as Apollo's and Hive's composition write it: ``@link``
(https://specs.apollo.dev/link/v1.0) to the join spec (https://specs.apollo.dev/join/v0.3 or
later), with ``inaccessible`` and ``tag``. ``Supergraph.parse`` gives the API schema clients
validate against, the full schema the planner types fields with (it still has ``@inaccessible``
fields that keys and ``@requires`` may need), the subgraphs and each type's join metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    BooleanValueNode,
    ConstValueNode,
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumValueNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    OperationDefinitionNode,
    ScalarTypeDefinitionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    SelectionSetNode,
    StringValueNode,
    TypeDefinitionNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    parse,
)

from .api import build_api_schema, named_type
from .error import SupergraphError
from .link import Feature, LinkedFeatures
from .model import EntityKey, FieldMeta, FieldPlacement, SubgraphInfo, TypeMeta

__all__ = ["Supergraph", "parse_field_set"]

_KINDS: dict[type, str] = {
    ObjectTypeDefinitionNode: "OBJECT",
    InterfaceTypeDefinitionNode: "INTERFACE",
    UnionTypeDefinitionNode: "UNION",
    EnumTypeDefinitionNode: "ENUM",
    InputObjectTypeDefinitionNode: "INPUT_OBJECT",
    ScalarTypeDefinitionNode: "SCALAR",
}


def parse_field_set(text: str) -> SelectionSetNode:
    """Parse a ``FieldSet`` string (``"id sku"``, ``"a { b }"``) into a selection set."""
    document = parse("{" + text + "}", no_location=True)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation.selection_set


def _args(directive: DirectiveNode) -> dict[str, ConstValueNode]:
    return {arg.name.value: arg.value for arg in directive.arguments or ()}  # type: ignore[misc]


def _str(value: ConstValueNode | None) -> str | None:
    return value.value if isinstance(value, StringValueNode) else None


def _bool(value: ConstValueNode | None, default: bool) -> bool:
    return value.value if isinstance(value, BooleanValueNode) else default


def _enum(value: ConstValueNode | None) -> str | None:
    return value.value if isinstance(value, EnumValueNode) else None


@dataclass(frozen=True, slots=True)
class _JoinNames:
    graph: str
    type: str
    field: str
    implements: str
    union_member: str
    enum_value: str
    graph_enum: str


class Supergraph:
    """A parsed supergraph. Build it with :meth:`parse`."""

    __slots__ = ("api_schema", "document", "features", "memo", "operation_types", "schema", "sdl",
                 "subgraphs", "types")

    def __init__(self, *, sdl: str, document: DocumentNode, features: LinkedFeatures,
                 schema: GraphQLSchema, api_schema: GraphQLSchema,
                 subgraphs: Mapping[str, SubgraphInfo], types: Mapping[str, TypeMeta],
                 operation_types: Mapping[str, str]) -> None:
        self.sdl = sdl
        self.document = document
        self.features = features
        self.schema = schema
        self.api_schema = api_schema
        self.subgraphs = subgraphs
        self.types = types
        self.operation_types = operation_types  # "query" | "mutation" | "subscription" -> type
        #: what later stages derive once per supergraph (e.g. the planner's ownership answers);
        #: it lives and dies with this object
        self.memo: dict[str, object] = {}

    @classmethod
    def parse(cls, sdl: str) -> Supergraph:
        """Read a supergraph SDL; raise :class:`SupergraphError` saying what is wrong with it."""
        try:
            document = parse(sdl)
        except GraphQLSyntaxError as error:
            raise SupergraphError(f"the supergraph is not valid GraphQL SDL: {error.message} "
                                  f"at {_where(error)}") from error
        schema_directives: list[DirectiveNode] = []
        operation_types: dict[str, str] = {}
        for definition in document.definitions:
            if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
                schema_directives.extend(definition.directives or ())
                for op in definition.operation_types or ():
                    operation_types[op.operation.value] = op.type.name.value
        features = LinkedFeatures.from_directives(schema_directives)
        join = features.get("join")
        if join is None:
            raise SupergraphError("not a supergraph: the schema has no @link to the join spec "
                                  "(https://specs.apollo.dev/join/v0.3)")
        names = _join_names(join)
        subgraphs = _read_graphs(document, names)
        types = _read_types(document, names, subgraphs)
        for kind, default in (("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription")):
            if kind not in operation_types and default in types:
                operation_types[kind] = default
        try:
            schema = build_ast_schema(document, assume_valid_sdl=True)
        except (GraphQLError, TypeError) as error:
            raise SupergraphError(f"the supergraph schema cannot be built: {error}") from error
        api_schema = build_api_schema(document, features)
        return cls(sdl=sdl, document=document, features=features, schema=schema,
                   api_schema=api_schema, subgraphs=subgraphs, types=types,
                   operation_types=operation_types)

    def type(self, name: str) -> TypeMeta:
        """The join metadata of type ``name`` (KeyError if the supergraph has no such type)."""
        return self.types[name]

    def field(self, type_name: str, field_name: str) -> FieldMeta | None:
        """The join metadata of ``type_name.field_name``, if the type has that field."""
        meta = self.types.get(type_name)
        return meta.fields.get(field_name) if meta is not None else None


def _where(error: GraphQLSyntaxError) -> str:
    if error.locations:
        loc = error.locations[0]
        return f"line {loc.line}, column {loc.column}"
    return "an unknown position"


def _join_names(join: Feature) -> _JoinNames:
    return _JoinNames(graph=join.directive("graph"), type=join.directive("type"),
                      field=join.directive("field"), implements=join.directive("implements"),
                      union_member=join.directive("unionMember"),
                      enum_value=join.directive("enumValue"), graph_enum=join.type("Graph"))


def _read_graphs(document: DocumentNode, names: _JoinNames) -> dict[str, SubgraphInfo]:
    for definition in document.definitions:
        if isinstance(definition, EnumTypeDefinitionNode) and definition.name.value == names.graph_enum:
            graphs: dict[str, SubgraphInfo] = {}
            for value in definition.values or ():
                for directive in value.directives or ():
                    if directive.name.value != names.graph:
                        continue
                    args = _args(directive)
                    name = _str(args.get("name")) or value.name.value.lower()
                    url = _str(args.get("url")) or ""
                    graphs[name] = SubgraphInfo(name=name, url=url, enum_value=value.name.value)
            return graphs
    raise SupergraphError(f"not a supergraph: enum {names.graph_enum} (the list of subgraphs) is missing")


def _field_set(text: str, where: str) -> SelectionSetNode:
    try:
        return parse_field_set(text)
    except GraphQLSyntaxError as error:
        raise SupergraphError(f"invalid field set {text!r} in {where}: {error.message}") from error


def _read_types(document: DocumentNode, names: _JoinNames,
                subgraphs: Mapping[str, SubgraphInfo]) -> dict[str, TypeMeta]:
    by_enum = {info.enum_value: name for name, info in subgraphs.items()}

    def graph_of(value: ConstValueNode | None, where: str) -> str | None:
        enum = _enum(value)
        if enum is None:
            return None
        if enum not in by_enum:
            raise SupergraphError(f"{where} names the subgraph {enum}, which {names.graph_enum} lacks")
        return by_enum[enum]

    types: dict[str, TypeMeta] = {}
    for definition in document.definitions:
        if not isinstance(definition, TypeDefinitionNode):
            continue
        kind = _KINDS.get(type(definition))
        if kind is None:
            continue
        name = definition.name.value
        meta = types.setdefault(name, TypeMeta(name=name, kind=kind))
        for directive in definition.directives or ():
            directive_name = directive.name.value
            args = _args(directive)
            if directive_name == names.type:
                graph = graph_of(args.get("graph"), f"@{names.type} on {name}")
                if graph is None:
                    continue
                if graph not in meta.graphs:
                    meta.graphs.append(graph)
                key = _str(args.get("key"))
                resolvable = _bool(args.get("resolvable"), True)
                if key is not None:
                    meta.keys.append(EntityKey(graph=graph, fields=key,
                                               selection=_field_set(key, f"the key of {name} in {graph}"),
                                               resolvable=resolvable))
                if _bool(args.get("isInterfaceObject"), False):
                    meta.interface_object_graphs.add(graph)
                if _bool(args.get("extension"), False):
                    meta.extension_graphs.add(graph)
            elif directive_name == names.implements:
                graph = graph_of(args.get("graph"), f"@{names.implements} on {name}")
                interface = _str(args.get("interface"))
                if graph is not None and interface:
                    meta.implements.setdefault(graph, set()).add(interface)
            elif directive_name == names.union_member:
                graph = graph_of(args.get("graph"), f"@{names.union_member} on {name}")
                member = _str(args.get("member"))
                if graph is not None and member:
                    meta.union_members.setdefault(graph, set()).add(member)
        if isinstance(definition, EnumTypeDefinitionNode):
            for value in definition.values or ():
                graphs = {graph_of(_args(d).get("graph"), f"{name}.{value.name.value}")
                          for d in value.directives or () if d.name.value == names.enum_value}
                meta.enum_values[value.name.value] = {g for g in graphs if g is not None} or set(meta.graphs)
        fields = getattr(definition, "fields", None) or ()
        for field_node in fields:
            field_name = field_node.name.value
            field_meta = FieldMeta(name=field_name, type_name=named_type(field_node.type))
            where = f"{name}.{field_name}"
            joined = False
            for directive in field_node.directives or ():
                if directive.name.value != names.field:
                    continue
                joined = True
                args = _args(directive)
                graph = graph_of(args.get("graph"), f"@{names.field} on {where}")
                if graph is None:
                    continue
                requires = _str(args.get("requires"))
                provides = _str(args.get("provides"))
                field_meta.placements[graph] = FieldPlacement(
                    graph=graph,
                    requires=_field_set(requires, f"@requires of {where}") if requires else None,
                    provides=_field_set(provides, f"@provides of {where}") if provides else None,
                    type=_str(args.get("type")),
                    external=_bool(args.get("external"), False),
                    override=_str(args.get("override")),
                    override_label=_str(args.get("overrideLabel")),
                    used_overridden=_bool(args.get("usedOverridden"), False),
                    requires_text=requires,
                    provides_text=provides,
                )
            if not joined:  # no @join__field: the field is in every subgraph of its type
                graphs_of_type = meta.graphs or list(subgraphs)
                for graph in graphs_of_type:
                    field_meta.placements[graph] = FieldPlacement(graph=graph)
            meta.fields[field_name] = field_meta
    return types
