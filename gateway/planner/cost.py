"""What a choice of subgraph costs: the entity calls it leaves for the rest of a selection.

The planner compares subgraphs that could resolve a field (``@shareable`` root fields, fields of
several subgraphs) by how many fields of the sub-selection would then need an entity call; a
field no entity call can reach at all costs more than any other choice. The count is memoised
per subgraph, type and selection set (planning is cached anyway, but first requests matter).
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
)

from .ownership import Ownership, narrow, provided_field

__all__ = ["UNREACHABLE", "Cost"]

UNREACHABLE = 1000  # the cost of a field no entity call can reach: choose any other subgraph


class Cost:
    """Cost estimates for one operation (its fragments) against one supergraph."""

    def __init__(self, ownership: Ownership, schema: GraphQLSchema,
                 fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.own = ownership
        self.schema = schema
        self.fragments = fragments
        self._memo: dict[tuple[str, str, int], int] = {}

    def field(self, graph: str, parent: str, node: FieldNode) -> int:
        """Entity calls the field's sub-selection would need if ``graph`` resolved the field."""
        if node.selection_set is None:
            return 0
        child = self.own.named_field_type(parent, node.name.value)
        if child is None:
            return 0
        provided = self.own.provides(parent, node.name.value, graph)
        return self.selection_cost(graph, child, node.selection_set, provided)

    def selection_cost(self, graph: str, type_name: str, selection_set: SelectionSetNode,
                       provided: SelectionSetNode | None) -> int:
        memo_key = (graph, type_name, id(selection_set))
        if provided is None and memo_key in self._memo:
            return self._memo[memo_key]
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name == "__typename":
                    continue
                if self.own.is_abstract(type_name):
                    local = self.own.interface_level(type_name, name, graph, provided)
                else:
                    local = self.own.resolvable(type_name, name, graph, provided) and \
                        self.own.requires(type_name, name, graph) is None
                if not local:
                    total += 1 if self.reachable_from(graph, type_name, name) else UNREACHABLE
                elif selection.selection_set is not None:
                    child = self.own.named_field_type(type_name, name)
                    if child is not None:
                        found = provided_field(provided, type_name, name)
                        total += self.selection_cost(
                            graph, child, selection.selection_set,
                            found.selection_set if found else self.own.provides(type_name, name, graph))
            else:
                if isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments[selection.name.value]
                    condition, sub = fragment.type_condition.name.value, fragment.selection_set
                else:
                    assert isinstance(selection, InlineFragmentNode)
                    condition = selection.type_condition.name.value if selection.type_condition else type_name
                    sub = selection.selection_set
                if self.schema.get_type(condition) is not None:
                    total += self.selection_cost(graph, condition, sub, narrow(provided, condition))
        if provided is None:
            self._memo[memo_key] = total
        return total

    def reachable_from(self, graph: str, type_name: str, field_name: str) -> bool:
        """Whether an entity call from ``graph`` can reach some subgraph resolving the field
        (for every object type it may be, on an abstract type)."""
        types = self.own.runtime_types(type_name, graph) if self.own.is_abstract(type_name) else (type_name,)
        for object_type in types:
            if self.own.resolvable(object_type, field_name, graph):
                continue
            targets = [(object_type, g) for g in self.own.resolving_graphs(object_type, field_name)] + [
                (i, g) for i in self.own.interfaces_of(object_type)
                for g in self.own.resolving_graphs(i, field_name) if self.own.is_interface_object(i, g)]
            if not any(self.own.route(entered, graph, t, held_as=object_type) is not None
                       or self.own.gather_key(entered, graph, t) is not None for entered, t in targets):
                return False
        return True
