"""Build a query plan for a validated operation.

A recursive, field-by-field planner over subgraph ownership (the approach of Apollo's
query-planner-js "fetch groups", https://github.com/apollographql/federation, in a smaller
form): every field of the client's operation is placed in the fetch of the subgraph the
planner is in when it resolves there (directly, as a key field, or through ``@provides``);
otherwise the planner leaves through an entity ``@key`` to the cheapest subgraph that resolves
it (reusing a fetch already going there), fetching ``@requires`` fields first. Choices between
subgraphs minimise the number of entity calls the rest of the selection needs. Abstract types
are asked at interface level where every implementation agrees, otherwise per object type.
``@include``/``@skip`` stay in the subgraph operations; fetches that only exist under such a
condition are wrapped in a ``ConditionNode``. Introspection and root ``__typename`` are left to
the gateway.

Consent boundaries: a field with a ``consent:<category>`` policy (``auth_rules(...)
.consent_fields()``) is only ever placed at the top of an entity fetch of its type guarded with
its category; from anywhere else (a root fetch, another entity's fetch, a ``@provides`` path,
a fetch of another category) the planner leaves through the type's key into such a fetch, to
the subgraph that resolves the field, the same one included. See docs/query-planning.md,
"Consent boundaries".
"""

from __future__ import annotations

from dataclasses import replace

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    InlineFragmentNode,
    NameNode,
    SelectionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    print_ast,
)

from gateway.errors import OperationResolutionError
from gateway.operation import OperationContext
from gateway.supergraph import Supergraph
from gateway.supergraph.auth import auth_rules

from .cost import Cost
from .error import PlanningError
from .group import Condition, FetchGroup, GroupGuard, assemble, merge_siblings
from .ownership import Ownership, list_depth, narrow, provided_field
from .plan import KeyRenamer, PathElement, QueryPlan, TypeCondition, ValueSetter
from .scope import Anchor, Scope, alias_fields, read_conditions, strip_type_conditions, without_conditions

__all__ = ["build_plan", "ownership_of"]

_INTROSPECTION = frozenset({"__schema", "__type", "__typename"})
_RootField = tuple[FieldNode, tuple[Condition, ...], tuple[tuple[DirectiveNode, ...], ...]]
Consent = dict[tuple[str, str], str]  # (type, field) -> consent category


class _Planner:
    def __init__(self, supergraph: Supergraph, ownership: Ownership,
                 fragments: dict[str, FragmentDefinitionNode], kind: str, consent: Consent | None = None
                 ) -> None:
        self.supergraph = supergraph
        self.consent = consent or {}
        self.consent_names = frozenset(field for _, field in self.consent)
        self.own = ownership
        self.fragments = fragments
        self.kind = kind
        self.groups: list[FetchGroup] = []
        self.entity_groups: dict[tuple[object, ...], FetchGroup] = {}
        self.root_groups: dict[str, FetchGroup] = {}
        self.costs = Cost(ownership, supergraph.schema, fragments)
        #: fragment spreads (without directives) already planned in a scope: planning the same
        #: fragment again there merges nothing new, and a "fragment bomb" (each fragment spreading
        #: the next twice) would otherwise cost 2**levels; the scope is kept so its id stays its own
        self.spread: dict[tuple[int, str], tuple[Scope, set[FetchGroup]]] = {}

    # -- groups --------------------------------------------------------------------------------
    def _new_group(self, service: str, path: tuple[PathElement, ...], *, is_entity: bool,
                   conditions: tuple[Condition, ...], deps: list[FetchGroup],
                   guard: GroupGuard | None = None) -> FetchGroup:
        group = FetchGroup(len(self.groups), service, path, is_entity=is_entity,
                           conditions=conditions, deps=deps, guard=guard)
        self.groups.append(group)
        return group

    def root_group(self, service: str, conditions: tuple[Condition, ...]) -> FetchGroup:
        if self.kind == "mutation":
            last = self.groups[-1] if self.groups else None
            roots = [g for g in self.groups if not g.is_entity]
            if roots and roots[-1] is last and last.service == service and last.conditions == conditions:
                return last
            # a mutation's root fields run one after another: a new fetch after the previous ones
            return self._new_group(service, (), is_entity=False, conditions=conditions, deps=[])
        group = self.root_groups.get(service)
        if group is None:
            group = self._new_group(service, (), is_entity=False, conditions=conditions, deps=[])
            self.root_groups[service] = group
        return group

    def enter_entity(self, scope: Scope, service: str, type_name: str, *,
                     conditions: tuple[Condition, ...] = (), deps: frozenset[FetchGroup] = frozenset(),
                     required: SelectionSetNode | None = None, guard: str | None = None) -> Scope:
        """Leave ``scope`` through a key of ``type_name`` into an ``_entities`` fetch of ``service``
        (one behind the consent boundary of category ``guard``, when given)."""
        source = scope.group.service
        key = self.own.local_key(type_name, source, service, scope.provided, scope.type_name) or \
            self.own.gather_key(type_name, source, service)
        if key is None:
            raise PlanningError(f"no key of {type_name} lets {source} call {service}")
        key_field = self._subject_key(type_name, key.selection) if guard is not None else ""
        scope.target.field(None, "__typename")
        key_selection, renames = alias_fields(key.selection, scope.reserved, "__key", with_arguments=False)
        # key fields the current subgraph lacks are fetched first, like @requires fields
        gathered = self.plan_selections(scope, key_selection.selections)
        deps = deps | gathered
        path = strip_type_conditions(scope.path)
        all_conditions = scope.conditions + tuple(c for c in conditions if c not in scope.conditions)
        extra = sorted((g for g in deps if g is not scope.group), key=lambda g: g.index)
        group_key: tuple[object, ...] = (service, path, scope.group.index, all_conditions, guard)
        group = self.entity_groups.get(group_key)
        if group is not None and not self._can_wait_for(group, extra):
            group_key = (*group_key, tuple(g.index for g in extra))
            group = self.entity_groups.get(group_key)
        if group is None:
            boundary = GroupGuard(type_name, key_field, guard) if guard is not None else None
            group = self._new_group(service, path, is_entity=True, conditions=all_conditions,
                                    deps=[scope.group, *extra], guard=boundary)
            self.entity_groups[group_key] = group
        else:
            group.deps.extend(g for g in extra if g not in group.deps)
        for object_type in self._represented_types(scope, type_name):
            fragment = group.requires.fragment(object_type).sub
            fragment.field(None, "__typename")
            fragment.merge(key_selection)
            if required is not None:
                fragment.merge(required)
            for alias, field_name in renames:
                rename = KeyRenamer((TypeCondition((object_type,)), alias), field_name)
                if rename not in group.input_rewrites:
                    group.input_rewrites.append(rename)
            if object_type != type_name:  # an @interfaceObject gets the interface's name
                rewrite = ValueSetter((TypeCondition((object_type,)), "__typename"), type_name)
                if rewrite not in group.input_rewrites:
                    group.input_rewrites.append(rewrite)
        target = group.selection.fragment(type_name).sub
        origin = scope.origin or (scope if scope.type_name == type_name else None)
        return Scope(group, type_name, target, scope.path, None, all_conditions, None, scope.reserved,
                     origin)

    def _subject_key(self, type_name: str, key: SelectionSetNode) -> str:
        """The one scalar field of a key naming the data subject of a consent boundary."""
        fields = key.selections
        if len(fields) != 1 or not isinstance(fields[0], FieldNode) or fields[0].selection_set is not None:
            raise PlanningError(f"the key of {type_name} used for a consent boundary must be one scalar "
                                f"field (the subject's identifier)")
        return fields[0].name.value

    def _at_boundary(self, scope: Scope, category: str) -> bool:
        """Whether ``scope`` is the top of an entity fetch of its type guarded with ``category``."""
        group = scope.group
        guard = group.guard
        return guard is not None and guard.category == category and group.is_entity and \
            guard.type_name == scope.type_name and strip_type_conditions(scope.path) == group.path

    def _record_guarded(self, scope: Scope, node: FieldNode) -> None:
        guard = scope.group.guard
        assert guard is not None
        guard.fields[node.name.value] = None
        guard.response_keys[node.alias.value if node.alias else node.name.value] = None

    def _can_wait_for(self, group: FetchGroup, deps: list[FetchGroup]) -> bool:
        """Whether ``group`` may also wait for ``deps`` (none of them waits for ``group``):
        one fetch that waits a little is cheaper than two fetches to the same place."""
        stack = list(deps)
        seen: set[int] = set()
        while stack:
            current = stack.pop()
            if current is group:
                return False
            if current.index not in seen:
                seen.add(current.index)
                stack.extend(current.deps)
        return True

    def _represented_types(self, scope: Scope, type_name: str) -> tuple[str, ...]:
        if not self.own.is_abstract(type_name) or \
                self.own.is_interface_object(scope.type_name, scope.group.service):
            return (type_name,)
        if self.own.is_abstract(scope.type_name):
            return self.own.runtime_types(scope.type_name, scope.group.service)
        return (scope.type_name,)

    # -- walking the operation -----------------------------------------------------------------
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
        if wanted == parent or parent_types <= set(self.own.possible_types(wanted)):
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
            child = Scope(scope.group, type_name, target, (*scope.path, TypeCondition(names)),
                           narrow(scope.provided, type_name), inner.conditions, None, scope.reserved)
            used |= self.plan_selections(child, selection_set.selections)
        return used

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
                child = Scope(scope.group, object_type, target, (*scope.path, TypeCondition((object_type,))),
                               narrow(scope.provided, object_type), scope.conditions, None, scope.reserved)
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
        required, _ = alias_fields(required, scope.reserved, "__required", with_arguments=True)
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
        path = (*scope.path, alias or name, *("@",) * list_depth(field_type))
        provided_node = provided_field(scope.provided, parent, name)
        provided = provided_node.selection_set if provided_node is not None else \
            self.own.provides(parent, name, scope.group.service)
        sub = item.subtree()
        if self.own.is_abstract(child_type):
            sub.has_typename_first()
        anchor = self._anchor_below(scope, node, child_type)
        child = Scope(scope.group, child_type, sub, path, provided,
                       scope.conditions + conditions, anchor, self._renamed_keys(node.selection_set))
        return {scope.group} | self.plan_selections(child, node.selection_set.selections)

    def _with_typenames(self, type_name: str, selection_set: SelectionSetNode) -> SelectionSetNode:
        """A required selection with ``__typename`` in every abstract-typed field, so the
        representation says which member each value is."""
        selections: list[SelectionNode] = []
        for node in selection_set.selections:
            if isinstance(node, FieldNode) and node.selection_set is not None:
                child = self.own.named_field_type(type_name, node.name.value) or ""
                sub = self._with_typenames(child, node.selection_set)
                if self.own.is_abstract(child) and not any(
                        isinstance(s, FieldNode) and s.name.value == "__typename" and s.alias is None
                        for s in sub.selections):
                    typename = FieldNode(name=NameNode(value="__typename"), arguments=(), directives=())
                    sub = SelectionSetNode(selections=(typename, *sub.selections))
                node = replace(node, selection_set=sub)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition.name.value if node.type_condition else type_name
                node = replace(node, selection_set=self._with_typenames(condition, node.selection_set))
            selections.append(node)
        return SelectionSetNode(selections=tuple(selections))

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

    def _is_entity(self, type_name: str) -> bool:
        meta = self.supergraph.types.get(type_name)
        return meta is not None and bool(meta.keys)

    def _anchor_below(self, scope: Scope, node: FieldNode, child_type: str) -> Anchor | None:
        """The closest entity above the objects of ``node`` (the parent, when it is one), for
        fields no entity call on those objects can reach (value types, or entities whose keys
        the needed subgraph lacks)."""
        if self._is_entity(scope.type_name) and not self.own.is_abstract(scope.type_name):
            return Anchor(scope.origin or scope, (node,))  # the earliest fetch of these objects
        if scope.anchor is not None:
            return Anchor(scope.anchor.scope, (*scope.anchor.chain, node))
        return None

    def jump_field(self, scope: Scope, node: FieldNode, keep: tuple[DirectiveNode, ...],
                   conditions: tuple[Condition, ...], guard: str | None = None) -> set[FetchGroup]:
        """Fetch a field the current subgraph cannot give through an entity call (to the type
        itself, or to an interface of it that another subgraph has as ``@interfaceObject``).
        With ``guard`` (a consent category), the call is always made, the current subgraph
        included, into a fetch behind that category's boundary."""
        parent = scope.type_name
        name = node.name.value
        source = scope.group.service
        path = strip_type_conditions(scope.path)
        options: list[tuple[tuple[int, int, int, int], str, str, tuple[str, ...]]] = []
        candidates = [(parent, graph) for graph in self.own.resolving_graphs(parent, name)]
        if guard is None:  # a boundary is on the subject's own type and key
            candidates += [(interface, graph) for interface in self.own.interfaces_of(parent)
                           for graph in self.own.resolving_graphs(interface, name)
                           if self.own.is_interface_object(interface, graph)]
        for order, (entered, target) in enumerate(candidates):
            route = self.own.route(entered, source, target, scope.provided, parent)
            hops = len(route) if route is not None else 3  # a gathered key costs other fetches first
            if route is None:
                if self.own.gather_key(entered, source, target) is None:
                    continue
                route = (target,)
            if route == ():
                route = (target,)  # the same subgraph again, for its @requires
            reuse = 0 if any(k[0] == target and k[1] == path and k[4] == guard for k in self.entity_groups) \
                else 1
            cost = self.costs.field(target, entered, node)
            options.append(((hops, cost, reuse, order), entered, target, route))
        if not options:
            if scope.anchor is not None and guard is None:
                return self.jump_from_anchor(scope, node, keep, conditions)
            raise PlanningError(f"cannot plan {parent}.{name}: no subgraph that resolves it can be "
                                f"reached from {source}")
        _, entered, target, route = min(options)
        current = scope
        for hop in route[:-1]:
            current = self.enter_entity(current, hop, entered, conditions=conditions)
        required = self.own.requires(entered, name, target)
        if required is not None:
            required = self._with_typenames(entered, required)
            required, renames = alias_fields(required, scope.reserved, "__required", with_arguments=True)
            fetched_first = self.plan_selections(replace(scope, conditions=scope.conditions + conditions),
                                                 required.selections)
            entity = self.enter_entity(current, target, entered, conditions=conditions,
                                       deps=frozenset(fetched_first), required=required, guard=guard)
            for object_type in self._represented_types(scope, entered):
                for alias, field_name in renames:
                    rename = KeyRenamer((TypeCondition((object_type,)), alias), field_name)
                    if rename not in entity.group.input_rewrites:
                        entity.group.input_rewrites.append(rename)
        else:
            entity = self.enter_entity(current, target, entered, conditions=conditions, guard=guard)
        if guard is not None:
            self._record_guarded(entity, node)
        return self.place_field(entity, node, keep, ())

    def to_interface_owner(self, scope: Scope) -> Scope | None:
        """From an ``@interfaceObject`` (objects whose ``__typename`` is the interface's), go to a
        subgraph that has the real interface and so knows each object's type."""
        interface = scope.type_name
        for graph in self.own.interface_owners(interface):
            route = self.own.route(interface, scope.group.service, graph, scope.provided)
            if not route:
                continue
            current = scope
            for hop in route:
                current = self.enter_entity(current, hop, interface)
            current.target.field(None, "__typename")  # the real type, for shaping and fragments
            return current
        return None

    def jump_from_anchor(self, scope: Scope, node: FieldNode, keep: tuple[DirectiveNode, ...],
                         conditions: tuple[Condition, ...]) -> set[FetchGroup]:
        """Re-fetch the path from the closest entity above from a subgraph that has the field."""
        assert scope.anchor is not None
        anchor, chain = scope.anchor.scope, scope.anchor.chain
        name = node.name.value
        best: tuple[int, str, tuple[str, ...]] | None = None
        for graph in self.own.resolving_graphs(scope.type_name, name):
            if not self._chain_resolvable(anchor.type_name, chain, graph):
                continue
            route = self.own.route(anchor.type_name, anchor.group.service, graph, anchor.provided)
            if route and (best is None or len(route) < best[0]):
                best = (len(route), graph, route)
        if best is None:
            raise PlanningError(f"cannot plan {scope.type_name}.{name}: no subgraph resolves it "
                                f"together with the fields above it")
        guard = self._chain_guard(anchor.type_name, chain) if self.consent else None
        current = anchor
        for number, hop in enumerate(best[2], 1):
            current = self.enter_entity(current, hop, anchor.type_name, conditions=conditions,
                                        guard=guard if number == len(best[2]) else None)
        if guard is not None:
            self._record_guarded(current, chain[0])
        type_name, target, path = anchor.type_name, current.target, current.path
        for field in chain:
            field_name = field.name.value
            alias = field.alias.value if field.alias else None
            field_type = self.own.field_type(type_name, field_name)
            assert field_type is not None
            item = target.field(alias, field_name, tuple(field.arguments or ()))
            path = (*path, alias or field_name, *("@",) * list_depth(field_type))
            type_name = self.own.named_field_type(type_name, field_name) or ""
            target = item.subtree()
        moved = Scope(current.group, scope.type_name, target, path, None, current.conditions, None,
                       scope.reserved)
        return self.place_field(moved, node, keep, ())

    def _chain_guard(self, type_name: str, chain: tuple[FieldNode, ...]) -> str | None:
        """The consent category of a path fetched again from an entity: that of its first field
        (a field of the entity itself); a guarded field further down cannot be fetched so."""
        guard: str | None = None
        for position, field in enumerate(chain):
            category = self.consent.get((type_name, field.name.value))
            if category is not None:
                if position:
                    raise PlanningError(f"{type_name}.{field.name.value} needs consent but can only be "
                                        f"fetched with the fields above it")
                guard = category
            type_name = self.own.named_field_type(type_name, field.name.value) or ""
        return guard

    def _chain_resolvable(self, type_name: str, chain: tuple[FieldNode, ...], graph: str) -> bool:
        for field in chain:
            if not self.own.resolvable(type_name, field.name.value, graph):
                return False
            type_name = self.own.named_field_type(type_name, field.name.value) or ""
        return True

    # -- costs ---------------------------------------------------------------------------------
    def plan_root(self, root_type: str, selection_set: SelectionSetNode) -> None:
        fields = [entry for entry in self._root_fields(root_type, selection_set, (), ())
                  if entry[0].name.value not in _INTROSPECTION]
        for position, (node, conditions, wrappers) in enumerate(fields):
            name = node.name.value
            selected, keep, own_conditions = read_conditions(node.directives)
            if not selected:
                continue
            all_conditions = conditions + own_conditions
            candidates = self.own.resolving_graphs(root_type, name)
            if not candidates:
                raise PlanningError(f"no subgraph resolves the root field {root_type}.{name}")
            if self.kind == "mutation":
                following = fields[position + 1][0].name.value if position + 1 < len(fields) else None
                service = self._mutation_service(root_type, node, candidates, following)
            else:
                existing = {g.service for g in self.root_groups.values()}
                service = min(candidates, key=lambda g: (self.costs.field(g, root_type, node),
                                                         g not in existing, candidates.index(g)))
            group = self.root_group(service, all_conditions)
            if self.kind == "mutation":
                keep = without_conditions(keep)
            elif group.selection:
                group.conditions = tuple(c for c in group.conditions if c in all_conditions)
            else:
                group.conditions = all_conditions
            target = group.selection
            for directives in wrappers:  # fragments with @include/@skip around the field
                target = target.fragment(None, directives).sub
            scope = Scope(group, root_type, target, (), None, all_conditions, None)
            self.place_field(scope, node, keep, ())

    def _mutation_service(self, root_type: str, node: FieldNode, candidates: list[str],
                          following: str | None) -> str:
        """Mutation fields run in order, one fetch each unless neighbours share a subgraph:
        prefer the subgraph of the previous field, then the one the next field needs."""
        last = self.groups[-1].service if self.groups and not self.groups[-1].is_entity else None
        roots = [g for g in self.groups if not g.is_entity]
        if roots:
            last = roots[-1].service
        next_graphs = self.own.resolving_graphs(root_type, following) if following else []

        def rank(graph: str) -> tuple[int, int, int, int]:
            return (self.costs.field(graph, root_type, node), graph != last, graph not in next_graphs,
                    candidates.index(graph))
        return min(candidates, key=rank)

    def _root_fields(self, root_type: str, selection_set: SelectionSetNode, conditions: tuple[Condition, ...],
                     wrappers: tuple[tuple[DirectiveNode, ...], ...],
                     seen: set[tuple[object, ...]] | None = None) -> list[_RootField]:
        """The root fields in order, each with the conditions and directives of the fragments
        around it (kept as ``... @include(if: $v) { field }`` in the subgraph operation). A
        fragment spread again under the same conditions adds nothing (spec §6.3.2
        "CollectFields" visits a fragment once), so it is expanded once."""
        seen = set() if seen is None else seen
        fields: list[_RootField] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields.append((selection, conditions, wrappers))
                continue
            selected, keep, more = read_conditions(selection.directives)
            if not selected:
                continue
            inner = (*wrappers, keep) if keep and self.kind != "mutation" else wrappers
            if isinstance(selection, FragmentSpreadNode):
                visit = (selection.name.value, conditions + more, tuple(map(_printed, inner)))
                if visit in seen:
                    continue
                seen.add(visit)
                sub = self.fragments[selection.name.value].selection_set
            else:
                assert isinstance(selection, InlineFragmentNode)
                sub = selection.selection_set
            fields.extend(self._root_fields(root_type, sub, conditions + more, inner, seen))
        return fields


def _printed(directives: tuple[DirectiveNode, ...]) -> tuple[str, ...]:
    return tuple(print_ast(d) for d in directives)


def ownership_of(supergraph: Supergraph) -> Ownership:
    """The ownership answers for a supergraph, computed once and kept on it."""
    found = supergraph.memo.get("planner.ownership")
    if not isinstance(found, Ownership):
        found = Ownership(supergraph)
        supergraph.memo["planner.ownership"] = found
    return found


def consent_of(supergraph: Supergraph) -> Consent:
    """The consent category of every guarded field, read once per supergraph (often empty)."""
    found = supergraph.memo.get("planner.consent")
    if not isinstance(found, dict):
        found = auth_rules(supergraph).consent_fields()
        supergraph.memo["planner.consent"] = found
    return found


def build_plan(supergraph: Supergraph, document: DocumentNode, operation_name: str | None = None, *,
               context: OperationContext | None = None) -> QueryPlan:
    """Plan ``operation_name`` (or the only operation) of a document validated against the API
    schema; with ``context`` (the pipeline's, docs/gateway.md "One request's way") its operation
    and fragments are taken as they are. Raises :class:`PlanningError` when part of it cannot be
    fetched."""
    if context is None:
        try:
            context = OperationContext.select(document, operation_name)
        except OperationResolutionError:
            if operation_name is None:
                raise PlanningError("the document has several operations; name the one to run") from None
            raise PlanningError(f"the document has no operation named {operation_name!r}") from None
    operation = context.definition
    kind = operation.operation.value
    root_type = supergraph.operation_types.get(kind)
    if root_type is None or not isinstance(supergraph.schema.get_type(root_type), GraphQLObjectType):
        raise PlanningError(f"the supergraph has no {kind} type")
    if kind == "subscription":
        raise PlanningError("subscriptions are not supported by this gateway")
    fragments = dict(context.fragments)
    planner = _Planner(supergraph, ownership_of(supergraph), fragments, kind, consent_of(supergraph))
    try:
        planner.plan_root(root_type, operation.selection_set)
    except RecursionError as error:
        raise PlanningError("the operation is nested too deeply to plan") from error
    variables: dict[str, VariableDefinitionNode] = {
        d.variable.name.value: d for d in operation.variable_definitions or ()}
    name = operation.name.value if operation.name else None
    return QueryPlan(assemble(merge_siblings(planner.groups), kind, variables, name))
