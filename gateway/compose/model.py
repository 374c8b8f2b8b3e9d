"""The subgraph model composition works on.

One :class:`Subgraph` per subgraph SDL, after federation directives are resolved through
`@link` imports (https://specs.apollo.dev/link/v1.0/#@link.import) and Federation 1 SDL is
read with Federation 1 meaning (https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/moving-to-federation-2).
AST nodes of graphql-core are kept for types and values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import TypeNode, ValueNode

__all__ = [
    "Applied",
    "ComposedDirective",
    "EnumValue",
    "Field",
    "InputValue",
    "Key",
    "Meta",
    "Subgraph",
    "SubgraphSDL",
    "TypeDef",
]


@dataclass(frozen=True, slots=True)
class SubgraphSDL:
    """A subgraph as composition takes it: its name (as in join__graph), URL and SDL text."""

    name: str
    url: str
    sdl: str


@dataclass(frozen=True, slots=True)
class ComposedDirective:
    """A custom directive kept in the supergraph through @composeDirective: its spec URL,
    its name as imported from that spec, and its definition (printed)."""

    url: str
    imported: str
    definition: str


@dataclass(frozen=True, slots=True)
class Applied:
    """A directive application carried into the supergraph as is (printed form)."""

    name: str
    text: str


@dataclass(slots=True)
class Meta:
    """Directives every element may carry into the supergraph."""

    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    applied: list[Applied] = field(default_factory=list)


@dataclass(slots=True)
class InputValue:
    """An argument or an input object field."""

    name: str
    type: TypeNode
    default: ValueNode | None
    description: str | None
    meta: Meta = field(default_factory=Meta)
    from_context: str | None = None


@dataclass(slots=True)
class Field:
    """An object or interface field with its federation directives."""

    name: str
    type: TypeNode
    args: dict[str, InputValue]
    description: str | None
    meta: Meta = field(default_factory=Meta)
    external: bool = False
    requires: str | None = None
    provides: str | None = None
    override: str | None = None
    override_label: str | None = None
    shareable: bool = False


@dataclass(frozen=True, slots=True)
class Key:
    """One @key application."""

    fields: str
    resolvable: bool = True


@dataclass(slots=True)
class EnumValue:
    """One enum value."""

    name: str
    description: str | None
    meta: Meta = field(default_factory=Meta)


@dataclass(slots=True)
class TypeDef:
    """A named type of one subgraph; ``kind`` is object, interface, union, enum, input or scalar."""

    kind: str
    name: str
    description: str | None = None
    meta: Meta = field(default_factory=Meta)
    fields: dict[str, Field] = field(default_factory=dict)
    input_fields: dict[str, InputValue] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: dict[str, EnumValue] = field(default_factory=dict)
    keys: list[Key] = field(default_factory=list)
    shareable: bool = False
    interface_object: bool = False
    extension: bool = False
    extends: bool = False
    contexts: list[str] = field(default_factory=list)
    dropped: dict[str, Field] = field(default_factory=dict)


@dataclass(slots=True)
class Subgraph:
    """One subgraph, read and normalised (root types named Query, Mutation, Subscription)."""

    name: str
    url: str
    fed2: bool
    version: tuple[int, int] = (1, 0)
    types: dict[str, TypeDef] = field(default_factory=dict)
    roots: dict[str, str] = field(default_factory=dict)
    composed: dict[str, ComposedDirective] = field(default_factory=dict)
    executable: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
