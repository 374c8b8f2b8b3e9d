"""The walk over the client's selections (docs/query-planning.md, "How a plan is built",
steps 2, 5 and 6; "Union members below shareable fields").

Field by field: a field the current subgraph resolves goes into the current fetch and its
sub-selection is walked from there; any other field is handed to the entity calls. Fragments
are narrowed to the object types the current subgraph (and, below shareable fields, every
subgraph that can serve the path) knows; ``@include``/``@skip`` conditions are carried along.
"""

from __future__ import annotations

from dataclasses import replace

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
)

from .error import PlanningError
from .group import Condition, FetchGroup
from .jump import EntityCalls
from .ownership import list_depth, narrow, provided_field
from .plan import TypeCondition
from .scope import Anchor, Scope, alias_fields, read_conditions

__all__ = ["Walk"]


class Walk(EntityCalls):
    """The recursive walk over selections, on top of the entity calls."""

    def plan_selections(self, scope: Scope, selections: tuple[SelectionNode, ...] | list[SelectionNode]
                        ) -> set[FetchGroup]:
        """Plan ``selections`` on the objects of ``scope``; return the groups that fetch them."""
        used: set[FetchGroup] = set()
        for selection in selections:
            if isinstance(selection, FieldNode):
                used |= self.plan_field(scope, selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                used |= self.plan_fragment(scope, condition, selection.directives, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                key = (id(scope), selection.name.value)
                planned = None if selection.directives else self.spread.get(key)
                if planned is not None:
                    used |= planned[1]
                    continue
                fragment = self.fragments[selection.name.value]
                found = self.plan_fragment(scope, fragment.type_condition.name.value,
                                           selection.directives, fragment.selection_set)
                if not selection.directives:
                    self.spread[key] = (scope, found)
                used |= found
        return used

    def plan_fragment(self, scope: Scope, type_condition: str | None,
                      directives: tuple[DirectiveNode, ...] | None,
                      selection_set: SelectionSetNode) -> set[FetchGroup]:
        selected, keep, conditions = read_conditions(directives)
        if not selected:
            return set()
        parent = scope.type_name
        wanted = type_condition or parent
        parent_types = set(self.own.possible_types(parent))
        inner = replace(scope, conditions=scope.conditions + conditions)
        # a fragment that holds for every object the parent may be is planned in place, unless it
        # names an object type below an abstract parent (an interface with one implementation):
        # that object's own fields and owners apply, and an interface object cannot answer it
        if wanted == parent or (parent_types <= set(self.own.possible_types(wanted)) and
                                (self.own.is_abstract(wanted) or not self.own.is_abstract(parent))):
            if keep:
                inner = replace(inner, target=scope.target.fragment(None, keep).sub)
            return self.plan_selections(inner, selection_set.selections)
        service = scope.group.service
        if self.own.is_interface_object(parent, service):
            owner = self.to_interface_owner(scope)
            if owner is None:
                return set()
            return self.plan_fragment(owner, type_condition, directives, selection_set)
        available = self.own.runtime_types(parent, service) if self.own.is_abstract(parent) else (parent,)
        if self.own.is_abstract(parent):
            available = self._members_on_path(scope, available)
        matching = tuple(t for t in available if t in set(self.own.possible_types(wanted)))
        if not matching:
            return set()
        if self.own.is_abstract(wanted) and self.own.in_graph(wanted, service):
            narrowed = [(wanted, matching)]
        else:
            narrowed = [(t, (t,)) for t in matching]
        used: set[FetchGroup] = set()
        for type_name, names in narrowed:
            target = scope.target.fragment(type_name, keep).sub
            child = Scope(group=scope.group, type_name=type_name, target=target,
                          path=(*scope.path, TypeCondition(names)),
                          provided=narrow(scope.provided, type_name), conditions=inner.conditions,
                          reserved=scope.reserved)
            used |= self.plan_selections(child, selection_set.selections)
        return used

    def _members_on_path(self, scope: Scope, available: tuple[str, ...]) -> tuple[str, ...]:
        """The members of an abstract type worth asking for below shareable fields of an entity
        (docs/query-planning.md, "Union members below shareable fields"): while several
        subgraphs can resolve the path from the entity, only members all of them know."""
        anchor = scope.anchor
        if anchor is None or not self._is_entity(anchor.scope.type_name):
            return available
        entity = anchor.scope.type_name
        meta = self.supergraph.types[entity]
        capable = [g for g in meta.graphs
                   if (g == scope.group.service or meta.is_entity_in(g))
                   and self._chain_resolvable(entity, anchor.chain, g)]
        if len(capable) < 2:
            return available
        parent, last = entity, anchor.chain[-1].name.value
        for field in anchor.chain[:-1]:
            parent = self.own.named_field_type(parent, field.name.value) or ""
        common = set(available)
        for graph in capable:
            narrowed = self.own.subgraph_named_type(parent, last, graph)  # join__field(type:)
            if narrowed is not None and not self.own.is_abstract(narrowed):
                common &= {narrowed}
            else:
                common &= set(self.own.runtime_types(narrowed or scope.type_name, graph))
        return tuple(t for t in available if t in common)

    def plan_field(self, scope: Scope, node: FieldNode) -> set[FetchGroup]:
        selected, keep, conditions = read_conditions(node.directives)
        if not selected:
            return set()
        name = node.name.value
        service = scope.group.service
        parent = scope.type_name
        if name == "__typename":
            if self.own.is_interface_object(parent, service):
                owner = self.to_interface_owner(scope)
                if owner is not None:
                    return self.place_field(owner, node, keep, conditions)
            scope.target.field(node.alias.value if node.alias else None, name, (), keep)
            return {scope.group}
        guard: str | None = None
        split = False
        if name in self.consent_names:  # never true without consent categories
            if self.own.is_abstract(parent):
                if any((t, name) in self.consent for t in self.own.possible_types(parent)):
                    if self.own.is_interface_object(parent, service):
                        raise PlanningError(f"{parent}.{name} needs consent on some types, but {service} "
                                            f"has {parent} as an interface object")
                    split = True  # per object type, so each guarded type gets its boundary
            else:
                guard = self.consent.get((parent, name))
                if guard is not None:
                    if not self._at_boundary(scope, guard):
                        return self.jump_field(scope, node, keep, conditions, guard)
                    if self.own.resolvable(parent, name, service) and \
                            self.own.requires(parent, name, service) is None:
                        self._record_guarded(scope, node)
                        return self.place_field(scope, node, keep, conditions)
                    return self.jump_field(scope, node, keep, conditions, guard)
        if self.own.is_abstract(parent) and self.own.is_interface_object_field(parent, name, service) \
                and not split:
            return self.jump_field(scope, node, keep, conditions)
        if self.own.is_abstract(parent) and not self.own.is_interface_object(parent, service) and \
                (split or not self.own.interface_level(parent, name, service, scope.provided)):
            used: set[FetchGroup] = set()
            for object_type in self.own.runtime_types(parent, service):
                target = scope.target.fragment(object_type).sub
                child = Scope(group=scope.group, type_name=object_type, target=target,
                              path=(*scope.path, TypeCondition((object_type,))),
                              provided=narrow(scope.provided, object_type), conditions=scope.conditions,
                              reserved=scope.reserved)
                used |= self.plan_field(child, node)
            return used
        if self.own.resolvable(parent, name, service, scope.provided):
            required = self.own.requires(parent, name, service)
            if required is None:
                return self.place_field(scope, node, keep, conditions)
            if self.own.selection_local(parent, required, service, scope.provided):
                return self.place_requiring(scope, node, keep, conditions, required)
        return self.jump_field(scope, node, keep, conditions)

    def place_requiring(self, scope: Scope, node: FieldNode, keep: tuple[DirectiveNode, ...],
                        conditions: tuple[Condition, ...], required: SelectionSetNode) -> set[FetchGroup]:
        """A ``@requires`` field whose required fields the current subgraph gives right here
        (as its own or through ``@provides`` on the path): the fields are selected next to it in
        the same fetch and no entity call is made, as Apollo's planner does
        (https://www.apollographql.com/docs/federation/entities/contribute-fields#using-requires)."""
        required = self._with_typenames(scope.type_name, required)
        required, _ = alias_fields(required, scope.reserved, "__required", with_arguments=True,
                                    alias_for=self._required_alias)
        inner = replace(scope, conditions=scope.conditions + conditions)
        used = self.plan_selections(inner, required.selections)
        return used | self.place_field(scope, node, keep, conditions)

    def place_field(self, scope: Scope, node: FieldNode, keep: tuple[DirectiveNode, ...],
                    conditions: tuple[Condition, ...]) -> set[FetchGroup]:
        """Put the field in the current fetch and plan its sub-selection from there."""
        name = node.name.value
        alias = node.alias.value if node.alias else None
        parent = scope.type_name
        if name == "__typename":
            scope.target.field(alias, name, (), keep)
            return {scope.group}
        field_type = self.own.field_type(parent, name)
        if field_type is None:
            raise PlanningError(f"the supergraph has no field {parent}.{name}")
        signature = self.own.subgraph_type(parent, name, scope.group.service) or str(field_type)
        item = scope.target.field(alias, name, tuple(node.arguments or ()), keep, signature,
                                  list_depth(field_type))
        if node.selection_set is None:
            return {scope.group}
        child_type = self.own.named_field_type(parent, name) or ""
        abstract = self.own.is_abstract(child_type)
        # a subgraph may declare the field with a narrower type (join__field(type:), e.g. one
        # member of the supergraph's union): plan the sub-selection against that type there,
        # so fragments that can never apply in that subgraph are not sent to it
        child_type = self.own.subgraph_named_type(parent, name, scope.group.service) or child_type
        path = (*scope.path, alias or name, *("@",) * list_depth(field_type))
        provided_node = provided_field(scope.provided, parent, name)
        provided = provided_node.selection_set if provided_node is not None else \
            self.own.provides(parent, name, scope.group.service)
        sub = item.subtree()
        if abstract:
            sub.has_typename_first()
        anchor = self._anchor_below(scope, node, child_type)
        child = Scope(group=scope.group, type_name=child_type, target=sub, path=path, provided=provided,
                      conditions=scope.conditions + conditions, anchor=anchor,
                      reserved=self._renamed_keys(node.selection_set))
        return {scope.group} | self.plan_selections(child, node.selection_set.selections)

    def _renamed_keys(self, selection_set: SelectionSetNode) -> frozenset[str]:
        """Response keys the client gives to a field of another name at this level."""
        found: set[str] = set()
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                if node.alias is not None and node.alias.value != node.name.value:
                    found.add(node.alias.value)
            elif isinstance(node, InlineFragmentNode):
                found |= self._renamed_keys(node.selection_set)
            elif isinstance(node, FragmentSpreadNode):
                found |= self._renamed_keys(self.fragments[node.name.value].selection_set)
        return frozenset(found)

    def _anchor_below(self, scope: Scope, node: FieldNode, child_type: str) -> Anchor | None:
        """The closest entity above the objects of ``node`` (the parent, when it is one), for
        fields no entity call on those objects can reach (value types, or entities whose keys
        the needed subgraph lacks)."""
        if self._is_entity(scope.type_name) and not self.own.is_abstract(scope.type_name):
            return Anchor(scope.origin or scope, (node,))  # the earliest fetch of these objects
        if self.kind is OperationType.QUERY and not scope.path and scope.group.is_entity is False and \
                scope.type_name == self.supergraph.operation_types.get("query"):
            return Anchor(scope, (node,))  # a query root field may be asked again of another subgraph
        if scope.anchor is not None:
            return Anchor(scope.anchor.scope, (*scope.anchor.chain, node))
        return None
