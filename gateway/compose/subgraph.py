"""Read one subgraph SDL into the composition model.

Federation directives are recognised by the names a Federation 2 subgraph imports through
`@link(url: "https://specs.apollo.dev/federation/v2.x", import: [...])` (renamed imports and
the `federation__` prefix included; https://specs.apollo.dev/link/v1.0/#@link.import). A subgraph
without that link is Federation 1 SDL and is read as Apollo's upgrade reads it
(https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/moving-to-federation-2):
`extend type` merges with the base type, @external on key fields of extensions is dropped,
unused @external fields are removed, keys on interfaces are ignored, and every field may be
resolved by several subgraphs. Federation machinery (`_service`, `_entities`, `_Any`, link
and federation types, directive definitions) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graphql import (
    ArgumentNode,
    BooleanValueNode,
    ConstDirectiveNode,
    DefinitionNode,
    DirectiveDefinitionNode,
    DirectiveNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    FieldDefinitionNode,
    GraphQLSyntaxError,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ListTypeNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
    TypeNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

from .errors import CompositionIssue
from .link import ROOT_NAMES, read_links
from .model import (
    Applied,
    ComposedDirective,
    EnumValue,
    Field,
    InputValue,
    Key,
    Meta,
    Subgraph,
    SubgraphSDL,
    TypeDef,
)
from .rules import check_references, finish_fed2, upgrade_fed1

__all__ = ["read_subgraph"]

# Directives carried into the supergraph as written (besides @inaccessible and @tag).
CARRIED = frozenset(
    {"deprecated", "specifiedBy", "authenticated", "requiresScopes", "policy", "cost", "listSize"}
)
EXECUTABLE_LOCATIONS = frozenset(
    {
        "QUERY",
        "MUTATION",
        "SUBSCRIPTION",
        "FIELD",
        "FRAGMENT_DEFINITION",
        "FRAGMENT_SPREAD",
        "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION",
    }
)
_BUILT_IN_DIRECTIVES = frozenset({"include", "skip", "deprecated", "specifiedBy", "defer", "stream", "oneOf"})
# Federation and link definitions a subgraph may print unprefixed, with their kinds: a type of
# another kind with one of these names (the consent registry's `type Purpose`) is the subgraph's own.
_MACHINERY_TYPES: dict[str, str] = {
    "_Service": "object",
    "_Any": "scalar",
    "_Entity": "union",
    "_FieldSet": "scalar",
    "FieldSet": "scalar",
    "Import": "scalar",
    "Purpose": "enum",
}
_MACHINERY_PREFIXES = ("link__", "federation__", "join__")

_TypeNodes = (
    ObjectTypeDefinitionNode
    | ObjectTypeExtensionNode
    | InterfaceTypeDefinitionNode
    | InterfaceTypeExtensionNode
    | UnionTypeDefinitionNode
    | UnionTypeExtensionNode
    | EnumTypeDefinitionNode
    | EnumTypeExtensionNode
    | InputObjectTypeDefinitionNode
    | InputObjectTypeExtensionNode
    | ScalarTypeDefinitionNode
    | ScalarTypeExtensionNode
)
_KINDS: dict[type, str] = {
    ObjectTypeDefinitionNode: "object",
    ObjectTypeExtensionNode: "object",
    InterfaceTypeDefinitionNode: "interface",
    InterfaceTypeExtensionNode: "interface",
    UnionTypeDefinitionNode: "union",
    UnionTypeExtensionNode: "union",
    EnumTypeDefinitionNode: "enum",
    EnumTypeExtensionNode: "enum",
    InputObjectTypeDefinitionNode: "input",
    InputObjectTypeExtensionNode: "input",
    ScalarTypeDefinitionNode: "scalar",
    ScalarTypeExtensionNode: "scalar",
}
_EXTENSIONS = (
    ObjectTypeExtensionNode,
    InterfaceTypeExtensionNode,
    UnionTypeExtensionNode,
    EnumTypeExtensionNode,
    InputObjectTypeExtensionNode,
    ScalarTypeExtensionNode,
)


class _AppliedDirectives(Visitor):
    """Collects the name of every directive application it visits."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: object) -> None:
        self.names.add(node.name.value)


def _applied_directives(definitions: Sequence[DefinitionNode]) -> set[str]:
    """The names of every directive applied anywhere in the document."""
    visitor = _AppliedDirectives()
    for definition in definitions:
        visit(definition, visitor)
    return visitor.names


class _Reader:
    """Reads the definitions of one subgraph document."""

    def __init__(self, source: SubgraphSDL, definitions: Sequence[DefinitionNode]) -> None:
        self.source = source
        self.definitions = definitions
        self.issues: list[CompositionIssue] = []
        links = read_links(definitions)
        self.names = links.names
        self.fed2 = links.fed2
        self.version = links.version
        self.renames = links.renames
        self.links = links.links
        self.composed: dict[str, ComposedDirective] = {}
        for imported, version in links.too_new:
            self.issue(
                "INVALID_LINK_DIRECTIVE_USAGE",
                f'Cannot import "{imported}": federation v{version} does not define it',
            )
        for imported in links.unknown:
            self.issue("INVALID_LINK_DIRECTIVE_USAGE", f'Cannot import unknown element "{imported}"')
        # A namespaced directive the linked version lacks is unknown unless the SDL defines it itself
        # (the reference composer then accepts it too); docs/composition.md.
        defined = {d.name.value for d in definitions if isinstance(d, DirectiveDefinitionNode)}
        for name in sorted((_applied_directives(definitions) & links.undefined) - defined):
            self.issue("INVALID_GRAPHQL", f'Unknown directive "@{name}": the linked federation lacks it')
        self._read_composed()

    def _read_composed(self) -> None:
        """Custom directives named by @composeDirective(name:) keep their link and definition."""
        definitions = {d.name.value: d for d in self.definitions if isinstance(d, DirectiveDefinitionNode)}
        for definition in self.definitions:
            if not isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
                continue
            for name, directive in self.directives(definition):
                local = (
                    (_string_arg(directive, "name") or "").lstrip("@") if name == "composeDirective" else ""
                )
                link = next(((url, imports[local]) for url, imports in self.links if local in imports), None)
                if not local or local not in definitions:
                    continue
                if link is None:
                    self.issue(
                        "DIRECTIVE_COMPOSITION_ERROR",
                        f'@composeDirective names "@{local}", which no @link imports',
                    )
                    continue
                self.composed[local] = ComposedDirective(link[0], link[1], print_ast(definitions[local]))
                self.names[local] = local

    # -- helpers ---------------------------------------------------------------------------
    def issue(self, code: str, message: str, type_name: str | None = None, field: str | None = None) -> None:
        self.issues.append(CompositionIssue(code, message, (self.source.name,), type_name, field))

    def rename(self, name: str) -> str:
        return self.renames.get(name, name)

    def type_ref(self, node: TypeNode) -> TypeNode:
        if isinstance(node, NonNullTypeNode):
            inner = self.type_ref(node.type)
            assert isinstance(inner, NamedTypeNode | ListTypeNode)
            return NonNullTypeNode(type=inner)
        if isinstance(node, ListTypeNode):
            return ListTypeNode(type=self.type_ref(node.type))
        assert isinstance(node, NamedTypeNode)
        return NamedTypeNode(name=NameNode(value=self.rename(node.name.value)))

    def directives(self, node: object) -> list[tuple[str, ConstDirectiveNode]]:
        """(canonical name, node) of the directives applied to a node that composition knows."""
        found: list[tuple[str, ConstDirectiveNode]] = []
        for directive in getattr(node, "directives", None) or ():
            local = directive.name.value
            canonical = self.names.get(local)
            if canonical is None and local in ("deprecated", "specifiedBy"):
                canonical = local
            if canonical is not None:
                found.append((canonical, directive))
        return found

    def meta(self, node: object, meta: Meta | None = None) -> Meta:
        meta = meta if meta is not None else Meta()
        for name, directive in self.directives(node):
            if name == "inaccessible":
                meta.inaccessible = True
            elif name == "tag":
                tag = _string_arg(directive, "name")
                if tag is not None and tag not in meta.tags:
                    meta.tags.append(tag)
            elif name in CARRIED or name in self.composed:
                text = _print_applied(name, directive.arguments or ())
                if all(a.text != text for a in meta.applied):
                    meta.applied.append(Applied(name, text))
        return meta

    # -- definitions -----------------------------------------------------------------------
    def read(self) -> Subgraph:
        subgraph = Subgraph(self.source.name, self.source.url, self.fed2, self.version)
        bases: set[str] = set()
        for definition in self.definitions:
            if not isinstance(definition, _TypeNodes):
                continue
            name = self.rename(definition.name.value)
            kind = _KINDS[type(definition)]
            if _MACHINERY_TYPES.get(name) == kind or name.startswith(_MACHINERY_PREFIXES):
                continue
            is_extension = isinstance(definition, _EXTENSIONS)
            typedef = subgraph.types.get(name)
            if typedef is None:
                typedef = subgraph.types[name] = TypeDef(kind, name, extension=True)
            elif typedef.kind != kind:
                self.issue(
                    "TYPE_KIND_MISMATCH", f'"{name}" is defined both as {typedef.kind} and as {kind}', name
                )
                continue
            if not is_extension:
                bases.add(name)
                typedef.extension = False
            self._read_type(typedef, definition)
        for name in set(subgraph.types) - bases:
            subgraph.types[name].extension = True
        query = subgraph.types.get("Query")
        if query is not None:
            query.fields.pop("_service", None)
            query.fields.pop("_entities", None)
        subgraph.roots = {op: root for op, root in ROOT_NAMES.items() if root in subgraph.types}
        subgraph.composed = dict(self.composed)
        for definition in self.definitions:
            if not isinstance(definition, DirectiveDefinitionNode):
                continue
            name = definition.name.value
            locations = [loc.value for loc in definition.locations if loc.value in EXECUTABLE_LOCATIONS]
            if locations and name not in _BUILT_IN_DIRECTIVES and name not in self.names:
                subgraph.executable[name] = (print_ast(definition), locations)
        return subgraph

    def _read_type(self, typedef: TypeDef, node: _TypeNodes) -> None:
        description = getattr(node, "description", None)
        if description is not None and typedef.description is None:
            typedef.description = description.value
        self.meta(node, typedef.meta)
        type_shareable = False
        for name, directive in self.directives(node):
            if name == "key":
                fields = _string_arg(directive, "fields")
                if fields is not None:
                    resolvable = _bool_arg(directive, "resolvable")
                    typedef.keys.append(Key(fields, resolvable is not False))
            elif name == "shareable":
                type_shareable = True
                typedef.shareable = True
            elif name == "interfaceObject":
                typedef.interface_object = True
            elif name == "context":
                context = _string_arg(directive, "name")
                if context is not None and context not in typedef.contexts:
                    typedef.contexts.append(context)
            elif name == "extends":
                typedef.extension = True
                typedef.extends = True
        if isinstance(
            node,
            ObjectTypeDefinitionNode
            | ObjectTypeExtensionNode
            | InterfaceTypeDefinitionNode
            | InterfaceTypeExtensionNode,
        ):
            for interface in node.interfaces or ():
                if interface.name.value not in typedef.interfaces:
                    typedef.interfaces.append(interface.name.value)
            for field_node in node.fields or ():
                read = typedef.fields[field_node.name.value] = self._read_field(field_node, type_shareable)
                self._check_external(typedef.name, read)
        elif isinstance(node, UnionTypeDefinitionNode | UnionTypeExtensionNode):
            for member in node.types or ():
                if member.name.value not in typedef.members:
                    typedef.members.append(self.rename(member.name.value))
        elif isinstance(node, EnumTypeDefinitionNode | EnumTypeExtensionNode):
            for value in node.values or ():
                desc = value.description.value if value.description else None
                typedef.values[value.name.value] = EnumValue(value.name.value, desc, self.meta(value))
        elif isinstance(node, InputObjectTypeDefinitionNode | InputObjectTypeExtensionNode):
            for input_node in node.fields or ():
                typedef.input_fields[input_node.name.value] = self._read_input(input_node)

    def _read_input(self, node: InputValueDefinitionNode) -> InputValue:
        desc = node.description.value if node.description else None
        value = InputValue(
            node.name.value, self.type_ref(node.type), node.default_value, desc, self.meta(node)
        )
        for name, directive in self.directives(node):
            if name == "fromContext":
                value.from_context = _string_arg(directive, "field")
        return value

    def _read_field(self, node: FieldDefinitionNode, type_shareable: bool) -> Field:
        desc = node.description.value if node.description else None
        args = {a.name.value: self._read_input(a) for a in node.arguments or ()}
        result = Field(node.name.value, self.type_ref(node.type), args, desc, self.meta(node))
        result.shareable = type_shareable or not self.fed2
        for name, directive in self.directives(node):
            if name == "external":
                result.external = True
            elif name == "requires":
                result.requires = _string_arg(directive, "fields")
            elif name == "provides":
                result.provides = _string_arg(directive, "fields")
            elif name == "override":
                result.override = _string_arg(directive, "from")
                result.override_label = _string_arg(directive, "label")
            elif name == "shareable":
                result.shareable = True
        return result

    def _check_external(self, type_name: str, field: Field) -> None:
        """@inaccessible and @tag are merged into the supergraph from the subgraphs that resolve
        a field; on an @external field (resolved elsewhere) they are refused with
        `MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL`
        (https://www.apollographql.com/docs/graphos/reference/federation/errors), in
        Federation 2 subgraphs only, as the reference composer does (docs/composition.md)."""
        if not (self.fed2 and field.external):
            return
        merged = (["@inaccessible"] if field.meta.inaccessible else []) + [
            f'@tag(name: "{tag}")' for tag in field.meta.tags
        ]
        for directive in merged:
            self.issue(
                "MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL",
                f'Cannot apply merged directive {directive} to external field "{type_name}.{field.name}"',
                type_name,
                field.name,
            )


def _string_arg(directive: DirectiveNode, name: str) -> str | None:
    for argument in directive.arguments or ():
        if argument.name.value == name and isinstance(argument.value, StringValueNode):
            return argument.value.value
    return None


def _bool_arg(directive: DirectiveNode, name: str) -> bool | None:
    for argument in directive.arguments or ():
        if argument.name.value == name and isinstance(argument.value, BooleanValueNode):
            return argument.value.value
    return None


def _print_applied(name: str, arguments: Iterable[ArgumentNode]) -> str:
    if name == "listSize":  # the reference composer prints requireOneSlicingArgument only when false
        arguments = [
            a for a in arguments
            if not (a.name.value == "requireOneSlicingArgument" and print_ast(a.value) == "true")
        ]
    printed = ", ".join(print_ast(a) for a in arguments)
    return f"@{name}({printed})" if printed else f"@{name}"


def read_subgraph(source: SubgraphSDL) -> tuple[Subgraph | None, list[CompositionIssue]]:
    """Read ``source`` into a :class:`Subgraph`; returns the problems found (INVALID_GRAPHQL, ...)."""
    try:
        document = parse(source.sdl, no_location=True)
    except GraphQLSyntaxError as error:
        issue = CompositionIssue("INVALID_GRAPHQL", f"invalid SDL: {error.message}", (source.name,))
        return None, [issue]
    reader = _Reader(source, document.definitions)
    subgraph = reader.read()
    issues = reader.issues + check_references(subgraph)
    if issues:
        return subgraph, issues
    if subgraph.fed2:
        return subgraph, finish_fed2(subgraph)
    upgrade_fed1(subgraph)
    return subgraph, []
