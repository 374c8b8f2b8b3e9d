"""Entity calls: leaving a fetch through a ``@key`` (docs/query-planning.md, "How a plan is
built", steps 3 and 4).

A field the current subgraph cannot give is fetched by an ``_entities`` call to the cheapest
subgraph that resolves it (fetching ``@requires`` and missing key fields first), from an
``@interfaceObject`` to a subgraph that knows the concrete type, or, when no key leads there, by
asking the path again from the closest entity above or from the query root.
"""

from __future__ import annotations

from dataclasses import replace

from graphql import (
    DirectiveNode,
    FieldNode,
    InlineFragmentNode,
    NameNode,
    SelectionNode,
    SelectionSetNode,
    print_ast,
)

from .boundary import ConsentBoundary
from .error import PlanningError
from .group import Condition, FetchGroup, GroupGuard
from .ownership import list_depth
from .plan import KeyRenamer, TypeCondition, ValueSetter
from .scope import Scope, alias_fields, read_conditions, strip_type_conditions

__all__ = ["EntityCalls"]


class EntityCalls(ConsentBoundary):
    """Entity calls and re-fetched paths, on top of the consent boundaries."""

    # -- provided by the walk (gateway.planner.walk) -------------------------------------------
    def plan_selections(self, scope: Scope, selections: tuple[SelectionNode, ...] | list[SelectionNode]
                        ) -> set[FetchGroup]:
        raise NotImplementedError

    def place_field(self, scope: Scope, node: FieldNode, keep: tuple[DirectiveNode, ...],
                    conditions: tuple[Condition, ...]) -> set[FetchGroup]:
        raise NotImplementedError

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
        key_field = self._subject_key(type_name, key.selection, guard) if guard is not None else ""
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
        wanted = self._required_keys(type_name, required)
        while group is not None and self._required_clash(group, wanted):
            # a representation carries one value per field name: the same field required with
            # other arguments needs its own _entities call
            group_key = (*group_key, "requires")
            group = self.entity_groups.get(group_key)
        if group is None:
            boundary = GroupGuard(type_name, key_field, guard) if guard is not None else None
            group = self._new_group(service, path, is_entity=True, conditions=all_conditions,
                                    deps=[scope.group, *extra], guard=boundary)
            self.entity_groups[group_key] = group
        else:
            group.deps.extend(g for g in extra if g not in group.deps)
        self.required_keys.setdefault(group.index, {}).update(wanted)
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
        return Scope(group=group, type_name=type_name, target=target, path=scope.path,
                     conditions=all_conditions, reserved=scope.reserved, origin=origin)

    def _required_alias(self, node: FieldNode) -> str:
        """The response key of a required field: one per field name and argument set."""
        arguments = ",".join(print_ast(a) for a in node.arguments or ())
        key = (node.name.value, arguments)
        alias = self.required_aliases.get(key)
        if alias is None:
            taken = sum(1 for name, _ in self.required_aliases if name == node.name.value)
            alias = f"{node.name.value}__required" + (f"_{taken}" if taken else "")
            self.required_aliases[key] = alias
        return alias

    @staticmethod
    def _required_keys(type_name: str, required: SelectionSetNode | None) -> dict[tuple[str, str], str]:
        if required is None:
            return {}
        return {(type_name, node.name.value): node.alias.value if node.alias else node.name.value
                for node in required.selections if isinstance(node, FieldNode)}

    def _required_clash(self, group: FetchGroup, wanted: dict[tuple[str, str], str]) -> bool:
        """Whether ``group`` already sends one of these required fields under another key."""
        held = self.required_keys.get(group.index, {})
        return any(key in held and held[key] != alias for key, alias in wanted.items())

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
            required, renames = alias_fields(required, scope.reserved, "__required", with_arguments=True,
                                    alias_for=self._required_alias)
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
        if not anchor.path and not anchor.group.is_entity:
            return self.jump_from_root(scope, node, keep, conditions)
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
        moved = Scope(group=current.group, type_name=scope.type_name, target=target, path=path,
                      conditions=current.conditions, reserved=scope.reserved)
        return self.place_field(moved, node, keep, ())

    def jump_from_root(self, scope: Scope, node: FieldNode, keep: tuple[DirectiveNode, ...],
                       conditions: tuple[Condition, ...]) -> set[FetchGroup]:
        """A field below a query root field that no entity call reaches (a value type without a
        key): the root field is asked again of a subgraph that has the whole path, in that
        subgraph's root fetch (run in parallel with the others); the executor merges the answers
        (docs/query-planning.md, "How a plan is built")."""
        assert scope.anchor is not None
        anchor, chain = scope.anchor.scope, scope.anchor.chain
        graphs = [g for g in self.own.resolving_graphs(scope.type_name, node.name.value)
                  if self._chain_resolvable(anchor.type_name, chain, g)]
        if not graphs:
            raise PlanningError(f"cannot plan {scope.type_name}.{node.name.value}: no subgraph resolves "
                                f"it together with the fields above it")
        graph = min(graphs, key=lambda g: (g not in self.root_groups, graphs.index(g)))
        group = self.root_group(graph, anchor.conditions)
        if group.selection:
            group.conditions = tuple(c for c in group.conditions if c in anchor.conditions)
        type_name, target, path = anchor.type_name, group.selection, anchor.path
        for field in chain:
            field_name = field.name.value
            alias = field.alias.value if field.alias else None
            field_type = self.own.field_type(type_name, field_name)
            assert field_type is not None
            signature = self.own.subgraph_type(type_name, field_name, graph) or str(field_type)
            item = target.field(alias, field_name, tuple(field.arguments or ()),
                                read_conditions(field.directives)[1], signature, list_depth(field_type))
            path = (*path, alias or field_name, *("@",) * list_depth(field_type))
            type_name = self.own.named_field_type(type_name, field_name) or ""
            target = item.subtree()
        moved = Scope(group=group, type_name=scope.type_name, target=target, path=path,
                      conditions=anchor.conditions, anchor=scope.anchor, reserved=scope.reserved)
        return self.place_field(moved, node, keep, conditions)

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
