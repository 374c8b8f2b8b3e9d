"""What the supergraph says about each subgraph: the ``join__*`` metadata, as plain data.

Implements the reading of the join spec (https://specs.apollo.dev/join/v0.3 and later):
``@join__graph`` (subgraph name and URL), ``@join__type`` (which subgraphs define a type, its
keys, ``resolvable``, ``isInterfaceObject``), ``@join__field`` (where a field resolves, its
``requires``/``provides``, ``external``, ``override``/``overrideLabel``/``usedOverridden``),
``@join__implements``, ``@join__unionMember`` and ``@join__enumValue``. Subgraphs are named as in
``join__graph(name:)`` everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import SelectionSetNode

__all__ = [
    "EntityKey",
    "FieldMeta",
    "FieldPlacement",
    "SubgraphInfo",
    "TypeMeta",
]


@dataclass(frozen=True, slots=True)
class SubgraphInfo:
    """One subgraph: its name (``join__graph(name:)``), URL and ``join__Graph`` enum value."""

    name: str
    url: str
    enum_value: str


@dataclass(frozen=True, slots=True)
class EntityKey:
    """A ``@key`` of a type in one subgraph (``join__type(key:, resolvable:)``)."""

    graph: str
    fields: str
    selection: SelectionSetNode
    resolvable: bool


@dataclass(frozen=True, slots=True)
class FieldPlacement:
    """A field as one subgraph defines it (one ``@join__field`` application)."""

    graph: str
    requires: SelectionSetNode | None = None
    provides: SelectionSetNode | None = None
    type: str | None = None
    external: bool = False
    override: str | None = None
    override_label: str | None = None
    used_overridden: bool = False
    requires_text: str | None = None
    provides_text: str | None = None


@dataclass(slots=True)
class FieldMeta:
    """A field of an object or interface type and the subgraphs that define it."""

    name: str
    type_name: str  # the named (innermost) type of the field in the supergraph
    placements: dict[str, FieldPlacement] = field(default_factory=dict)

    def resolvable_in(self, graph: str) -> bool:
        """Whether ``graph`` can resolve this field itself (it defines it, not as ``@external``)."""
        placement = self.placements.get(graph)
        return placement is not None and not placement.external and not placement.used_overridden

    def resolving_graphs(self) -> tuple[str, ...]:
        """All subgraphs that resolve the field, in supergraph order."""
        return tuple(g for g in self.placements if self.resolvable_in(g))


@dataclass(slots=True)
class TypeMeta:
    """A named type of the supergraph and what each subgraph knows about it."""

    name: str
    kind: str  # "OBJECT" | "INTERFACE" | "UNION" | "ENUM" | "INPUT_OBJECT" | "SCALAR"
    graphs: list[str] = field(default_factory=list)
    keys: list[EntityKey] = field(default_factory=list)
    interface_object_graphs: set[str] = field(default_factory=set)
    extension_graphs: set[str] = field(default_factory=set)
    implements: dict[str, set[str]] = field(default_factory=dict)  # graph -> interfaces
    union_members: dict[str, set[str]] = field(default_factory=dict)  # graph -> member types
    enum_values: dict[str, set[str]] = field(default_factory=dict)  # value -> graphs
    fields: dict[str, FieldMeta] = field(default_factory=dict)

    def keys_in(self, graph: str, *, resolvable_only: bool = True) -> list[EntityKey]:
        """The keys of this type in ``graph`` (by default only those it can be fetched by)."""
        return [k for k in self.keys if k.graph == graph and (k.resolvable or not resolvable_only)]

    def is_entity_in(self, graph: str) -> bool:
        """Whether ``graph`` can resolve this type through ``_entities``."""
        return any(k.graph == graph and k.resolvable for k in self.keys)
