"""Who resolves what: the questions the planner asks about a supergraph.

Implements the subgraph-ownership rules of Apollo Federation v2
(https://www.apollographql.com/docs/federation/federated-schemas/federated-directives/):
a field resolves in a subgraph that defines it and does not mark it ``@external``
(composition drops ``@external`` from Federation 1 key fields, so those resolve),
``@provides`` makes external fields resolvable along one path, ``@override`` with a
progressive ``overrideLabel`` is treated as not yet active, entity calls go through a
resolvable ``@key`` whose fields the current subgraph can give, and abstract types resolve
to the object types each subgraph knows.
"""

from __future__ import annotations

from collections import deque
from functools import lru_cache

from graphql import (
    FieldNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLUnionType,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
)

from gateway.supergraph import EntityKey, Supergraph

__all__ = ["Ownership", "list_depth"]


def list_depth(type_: GraphQLOutputType) -> int:
    """How many list levels wrap a field's type (each one adds ``@`` to a response path)."""
    depth = 0
    while True:
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        elif isinstance(type_, GraphQLList):
            depth += 1
            type_ = type_.of_type
        else:
            return depth


class Ownership:
    """Answers, for one supergraph, where types and fields resolve."""

    def __init__(self, supergraph: Supergraph) -> None:
        self.supergraph = supergraph
        self.schema = supergraph.schema
        self._routes: dict[tuple[str, str, str, str | None], tuple[str, ...] | None] = {}
        self.key_field_names = lru_cache(maxsize=None)(self._key_field_names)
        self.runtime_types = lru_cache(maxsize=None)(self._runtime_types)

    # -- types ---------------------------------------------------------------------------------
    def is_abstract(self, type_name: str) -> bool:
        return isinstance(self.schema.get_type(type_name), GraphQLInterfaceType | GraphQLUnionType)

    def field_type(self, type_name: str, field_name: str) -> GraphQLOutputType | None:
        parent = self.schema.get_type(type_name)
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return None
        field = parent.fields.get(field_name)
        return field.type if field is not None else None

    def named_field_type(self, type_name: str, field_name: str) -> str | None:
        type_ = self.field_type(type_name, field_name)
        return get_named_type(type_).name if type_ is not None else None

    def in_graph(self, type_name: str, graph: str) -> bool:
        meta = self.supergraph.types.get(type_name)
        return meta is not None and (not meta.graphs or graph in meta.graphs)

    def is_interface_object(self, type_name: str, graph: str) -> bool:
        meta = self.supergraph.types.get(type_name)
        return meta is not None and graph in meta.interface_object_graphs

    def possible_types(self, type_name: str) -> tuple[str, ...]:
        """Object types a value of ``type_name`` may have at run time (supergraph-wide)."""
        type_ = self.schema.get_type(type_name)
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            return tuple(t.name for t in self.schema.get_possible_types(type_))
        return (type_name,)

    def _runtime_types(self, type_name: str, graph: str) -> tuple[str, ...]:
        """Object types that ``graph`` may return for a value of abstract type ``type_name``."""
        meta = self.supergraph.types.get(type_name)
        result: list[str] = []
        for name in self.possible_types(type_name):
            candidate = self.supergraph.types.get(name)
            if candidate is None or graph not in candidate.graphs:
                continue
            if meta is not None and meta.kind == "UNION":
                members = meta.union_members
                if members and name not in members.get(graph, set()):
                    continue
            elif meta is not None and meta.kind == "INTERFACE" and candidate.implements and \
                    type_name not in candidate.implements.get(graph, set()):
                continue
            result.append(name)
        return tuple(result)

    def interfaces_of(self, type_name: str) -> tuple[str, ...]:
        """The interfaces an object or interface type implements (supergraph-wide)."""
        type_ = self.schema.get_type(type_name)
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            return tuple(i.name for i in type_.interfaces)
        return ()

    def interface_owners(self, interface: str) -> tuple[str, ...]:
        """Subgraphs that define ``interface`` as a real interface with a resolvable key."""
        meta = self.supergraph.types.get(interface)
        if meta is None:
            return ()
        return tuple(g for g in meta.graphs
                     if g not in meta.interface_object_graphs and meta.is_entity_in(g))

    def is_interface_object_field(self, interface: str, field_name: str, graph: str) -> bool:
        """Whether the field of ``interface`` comes only from subgraphs that have the interface
        as ``@interfaceObject`` (so ``graph``, which has the real interface, cannot give it)."""
        if self.is_interface_object(interface, graph) or self.resolvable(interface, field_name, graph):
            return False
        graphs = self.resolving_graphs(interface, field_name)
        return bool(graphs) and all(self.is_interface_object(interface, g) for g in graphs)

    # -- fields --------------------------------------------------------------------------------
    def _key_field_names(self, type_name: str, graph: str) -> frozenset[str]:
        meta = self.supergraph.types.get(type_name)
        if meta is None:
            return frozenset()
        names: set[str] = set()
        for key in meta.keys_in(graph, resolvable_only=False):
            for selection in key.selection.selections:
                if isinstance(selection, FieldNode):
                    names.add(selection.name.value)
        return frozenset(names)

    def resolvable(self, type_name: str, field_name: str, graph: str,
                   provided: SelectionSetNode | None = None) -> bool:
        """Whether ``graph`` resolves ``type_name.field_name`` when asked (no entity call)."""
        if field_name == "__typename":
            return True
        if provided is not None and provided_field(provided, type_name, field_name) is not None:
            return True
        meta = self.supergraph.types.get(type_name)
        if meta is None:
            return False
        field = meta.fields.get(field_name)
        if field is None:
            return False
        placement = field.placements.get(graph)
        if placement is None:
            return False
        if placement.external or placement.used_overridden:
            return False
        return not (placement.override_label and placement.override)

    def subgraph_type(self, type_name: str, field_name: str, graph: str) -> str | None:
        """The field's type as ``graph`` declares it, where it differs from the supergraph's."""
        field = self.supergraph.field(type_name, field_name)
        placement = field.placements.get(graph) if field is not None else None
        return placement.type if placement is not None else None

    def subgraph_named_type(self, type_name: str, field_name: str, graph: str) -> str | None:
        """The named type of the field in ``graph`` where that subgraph narrows it
        (``join__field(type:)`` naming another type than the supergraph's), else ``None``."""
        declared = self.subgraph_type(type_name, field_name, graph)
        if declared is None:
            return None
        named = declared.strip("[]!")
        if named == self.named_field_type(type_name, field_name) or self.schema.get_type(named) is None:
            return None
        return named

    def requires(self, type_name: str, field_name: str, graph: str) -> SelectionSetNode | None:
        field = self.supergraph.field(type_name, field_name)
        placement = field.placements.get(graph) if field is not None else None
        return placement.requires if placement is not None else None

    def provides(self, type_name: str, field_name: str, graph: str) -> SelectionSetNode | None:
        field = self.supergraph.field(type_name, field_name)
        placement = field.placements.get(graph) if field is not None else None
        return placement.provides if placement is not None else None

    def resolving_graphs(self, type_name: str, field_name: str) -> list[str]:
        """Subgraphs that resolve the field, in supergraph order."""
        meta = self.supergraph.types.get(type_name)
        field = meta.fields.get(field_name) if meta is not None else None
        if field is None:
            return []
        return [g for g in field.placements if self.resolvable(type_name, field_name, g)]

    def interface_level(self, type_name: str, field_name: str, graph: str,
                        provided: SelectionSetNode | None) -> bool:
        """Whether the field of abstract ``type_name`` can be asked at interface level in ``graph``."""
        if field_name == "__typename":
            return not self.is_interface_object(type_name, graph)
        if not isinstance(self.schema.get_type(type_name), GraphQLInterfaceType):
            return False
        if not self.resolvable(type_name, field_name, graph, provided):
            return False
        if self.is_interface_object(type_name, graph):
            return True
        # an implementation that @provides below the field gives more than the interface's
        # field does: ask it per object type so that path keeps what it provides
        own_provides = self.provides(type_name, field_name, graph)
        return all(
            self.resolvable(obj, field_name, graph, narrow(provided, obj))
            and self.requires(obj, field_name, graph) is None
            and self.provides(obj, field_name, graph) is own_provides
            for obj in self.runtime_types(type_name, graph)
        )

    # -- entity calls --------------------------------------------------------------------------
    def local_key(self, type_name: str, source: str, target: str,
                  provided: SelectionSetNode | None = None, held_as: str | None = None) -> EntityKey | None:
        """A resolvable key of ``type_name`` in ``target`` whose fields ``source`` can give
        (for objects it holds as ``held_as``, e.g. an implementation of an interface object)."""
        meta = self.supergraph.types.get(type_name)
        if meta is None:
            return None
        for key in meta.keys_in(target):
            if self.selection_local(held_as or type_name, key.selection, source, provided):
                return key
        return None

    def selection_local(self, type_name: str, selection: SelectionSetNode, graph: str,
                        provided: SelectionSetNode | None = None) -> bool:
        """Whether every field of ``selection`` on ``type_name`` resolves in ``graph`` alone."""
        for node in selection.selections:
            if isinstance(node, FieldNode):
                name = node.name.value
                if not self.resolvable(type_name, name, graph, provided):
                    return False
                if node.selection_set is not None:
                    child = self.named_field_type(type_name, name)
                    sub_provided = provided_field(provided, type_name, name) if provided else None
                    if child is None or not self.selection_local(
                            child, node.selection_set, graph,
                            sub_provided.selection_set if sub_provided else self.provides(
                                type_name, name, graph)):
                        return False
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition.name.value if node.type_condition else type_name
                if not self.selection_local(condition, node.selection_set, graph, provided):
                    return False
        return True

    def gather_key(self, type_name: str, source: str, target: str, depth: int = 0) -> EntityKey | None:
        """A resolvable key of ``type_name`` in ``target`` whose fields can be gathered from
        ``source`` and the subgraphs it reaches, when ``source`` alone cannot give any."""
        meta = self.supergraph.types.get(type_name)
        if meta is None or depth > 3:
            return None
        for key in meta.keys_in(target):
            if self.reachable(type_name, key.selection, source, depth + 1):
                return key
        return None

    def reachable(self, type_name: str, selection: SelectionSetNode, source: str, depth: int = 0) -> bool:
        """Whether every field of ``selection`` can be fetched starting from ``source``."""
        if depth > 3:
            return False
        for node in selection.selections:
            if isinstance(node, InlineFragmentNode):
                condition = node.type_condition.name.value if node.type_condition else type_name
                if not self.reachable(condition, node.selection_set, source, depth):
                    return False
                continue
            if not isinstance(node, FieldNode):
                return False
            name = node.name.value
            child = self.named_field_type(type_name, name)
            graphs = [source] if self.resolvable(type_name, name, source) else [
                g for g in self.resolving_graphs(type_name, name)
                if self.route(type_name, source, g) is not None
                or self.gather_key(type_name, source, g, depth + 1) is not None]
            if not graphs:
                return False
            if node.selection_set is not None and child is not None and not any(
                    self.reachable(child, node.selection_set, g, depth + 1) for g in graphs):
                return False
        return True

    def route(self, type_name: str, source: str, target: str,
              provided: SelectionSetNode | None = None, held_as: str | None = None) -> tuple[str, ...] | None:
        """The shortest chain of subgraphs ``source -> ... -> target`` linked by entity keys of
        ``type_name`` (the first hop may use fields ``source`` gets through ``@provides``, for
        objects it holds as ``held_as``)."""
        if source == target:
            return ()
        cache_key = (type_name, source, target, held_as)
        if provided is None and cache_key in self._routes:
            return self._routes[cache_key]
        meta = self.supergraph.types.get(type_name)
        result: tuple[str, ...] | None = None
        if meta is not None:
            seen = {source}
            queue: deque[tuple[str, tuple[str, ...]]] = deque([(source, ())])
            while queue and result is None:
                graph, hops = queue.popleft()
                for nxt in meta.graphs:
                    if nxt in seen:
                        continue
                    first = graph == source
                    if self.local_key(type_name, graph, nxt, provided if first else None,
                                      held_as if first else None) is None:
                        continue
                    if nxt == target:
                        result = (*hops, nxt)
                        break
                    seen.add(nxt)
                    queue.append((nxt, (*hops, nxt)))
        if provided is None:
            self._routes[cache_key] = result
        return result


def provided_field(provided: SelectionSetNode | None, type_name: str, field_name: str) -> FieldNode | None:
    """The field node for ``field_name`` in a ``@provides`` selection (fragments on
    ``type_name`` included), if it is provided."""
    if provided is None:
        return None
    for node in provided.selections:
        if isinstance(node, FieldNode) and node.name.value == field_name:
            return node
        if isinstance(node, InlineFragmentNode) and (
                node.type_condition is None or node.type_condition.name.value == type_name):
            found = provided_field(node.selection_set, type_name, field_name)
            if found is not None:
                return found
    return None


def narrow(provided: SelectionSetNode | None, type_name: str) -> SelectionSetNode | None:
    """The part of a ``@provides`` selection that applies to objects of ``type_name``."""
    if provided is None:
        return None
    selections: list[SelectionNode] = []
    for node in provided.selections:
        if isinstance(node, InlineFragmentNode):
            if node.type_condition is None or node.type_condition.name.value == type_name:
                selections.extend(node.selection_set.selections)
        else:
            selections.append(node)
    return SelectionSetNode(selections=tuple(selections)) if selections else None
