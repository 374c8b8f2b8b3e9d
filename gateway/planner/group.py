"""Fetch groups: one subgraph request each, and how they become a plan.

A fetch group collects everything the planner asks of one subgraph at one place in the
response (the root, or the entities at a path). Groups depend on the groups that fetch their
keys and ``@requires`` fields. This module writes each group's operation (with the client's
variable definitions it uses and, for entity groups, ``_entities(representations:)`` as the
entities spec describes: https://www.apollographql.com/docs/federation/subgraph-spec/) and
arranges the groups into Sequence/Parallel/Flatten/Condition nodes: a group's children run in
parallel after it, a group that depends on several others runs after the closest group they
all descend from.

An entity group may stand behind a consent boundary (``GroupGuard``): it then selects, at the top
of its entity, only key fields and the guarded fields of one category, and it never merges with
a group that has another guard or none.
"""

from __future__ import annotations

import itertools

from graphql import (
    ListTypeNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    OperationType,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    print_ast,
    visit,
)

from .plan import (
    ConditionNode,
    FetchNode,
    FetchRewrite,
    FlattenNode,
    Guard,
    KeyRenamer,
    ParallelNode,
    PathElement,
    PlanNode,
    RequiredField,
    RequiredFragment,
    RequiredSelection,
    SequenceNode,
    TypeCondition,
    ValueSetter,
)
from .selection import FieldItem, FragmentItem, SelectionTree, dealias_conflicts

__all__ = ["Condition", "FetchGroup", "GroupGuard", "assemble", "merge_siblings"]

Condition = tuple[str, bool]  # (variable, True for @include / False for @skip)

_REPRESENTATIONS = VariableDefinitionNode(
    variable=VariableNode(name=NameNode(value="representations")),
    type=NonNullTypeNode(type=ListTypeNode(type=NonNullTypeNode(
        type=NamedTypeNode(name=NameNode(value="_Any"))))),
    directives=(),
)


class GroupGuard:
    """The consent boundary of an entity group while it is being built: the subject type, the
    key field the executor reads, the category, and the guarded fields placed so far (names
    and client response keys, in order)."""

    __slots__ = ("category", "fields", "key_field", "response_keys", "type_name")

    def __init__(self, type_name: str, key_field: str, category: str) -> None:
        self.type_name = type_name
        self.key_field = key_field
        self.category = category
        self.fields: dict[str, None] = {}
        self.response_keys: dict[str, None] = {}

    def same_boundary(self, other: GroupGuard | None) -> bool:
        return other is not None and (self.type_name, self.key_field, self.category) == \
            (other.type_name, other.key_field, other.category)

    def node(self) -> Guard:
        return Guard(self.type_name, self.key_field, self.category, tuple(self.fields),
                     tuple(self.response_keys))


def _guard_key(guard: GroupGuard | None) -> tuple[str, str, str] | None:
    return None if guard is None else (guard.type_name, guard.key_field, guard.category)


class FetchGroup:
    """One request to one subgraph."""

    __slots__ = ("conditions", "deps", "guard", "index", "input_rewrites", "is_entity", "more_paths",
                 "path", "path_renames", "requires", "selection", "service")

    def __init__(self, index: int, service: str, path: tuple[PathElement, ...], *, is_entity: bool,
                 conditions: tuple[Condition, ...], deps: list[FetchGroup],
                 guard: GroupGuard | None = None) -> None:
        self.index = index
        self.guard = guard
        self.service = service
        self.path = path
        self.is_entity = is_entity
        self.conditions = conditions
        self.deps = deps
        self.selection = SelectionTree()
        self.requires = SelectionTree()
        self.input_rewrites: list[FetchRewrite] = []
        self.more_paths: list[tuple[PathElement, ...]] = []
        # output rewrites for the objects of one path only (fields it asks under an alias)
        self.path_renames: dict[tuple[PathElement, ...], list[KeyRenamer]] = {}

    def absorb(self, other: FetchGroup) -> bool:
        """Take over ``other`` (same subgraph, same dependencies, another path) if the two
        operations merge: without a response-key conflict, or, for entity fetches at other
        paths, with the conflicting fields of ``other`` under internal aliases that a
        ``KeyRenamer`` of its paths undoes."""
        if (self.guard is not None or other.guard is not None) and \
                (self.guard is None or not self.guard.same_boundary(other.guard)):
            return False
        if self.requires.conflicts_with(other.requires) or self._renames_clash(other):
            return False
        renames: list[KeyRenamer] = []
        if self.selection.conflicts_with(other.selection) and not self._alias_conflicts(other, renames):
            return False
        self.selection.absorb(other.selection)
        self.requires.absorb(other.requires)
        for path in (other.path, *other.more_paths):
            if path != self.path and path not in self.more_paths:
                self.more_paths.append(path)
        for path, found in other.path_renames.items():
            self.path_renames.setdefault(path, []).extend(found)
        if renames:
            for path in (other.path, *other.more_paths):
                self.path_renames.setdefault(path, []).extend(renames)
        self.input_rewrites.extend(r for r in other.input_rewrites if r not in self.input_rewrites)
        if self.guard is not None and other.guard is not None:
            self.guard.fields.update(other.guard.fields)
            self.guard.response_keys.update(other.guard.response_keys)
        return True

    def _renames_clash(self, other: FetchGroup) -> bool:
        """Whether both fetches rename different response keys to one representation field
        (the same field required with other arguments): a representation holds one value."""
        mine = {(r.path[:-1], r.rename_key_to): r.path[-1] for r in self.input_rewrites
                if isinstance(r, KeyRenamer)}
        return any(mine.get((r.path[:-1], r.rename_key_to), r.path[-1]) != r.path[-1]
                   for r in other.input_rewrites if isinstance(r, KeyRenamer))

    def _alias_conflicts(self, other: FetchGroup, renames: list[KeyRenamer]) -> bool:
        """Alias the fields of ``other``'s entity fragments that conflict with this group's
        (same response key, other arguments or sub-selection), recording a ``KeyRenamer`` per
        alias in ``renames``. Only for entity groups whose paths are all different and when
        ``other`` has no aliases of its own yet (its paths would need other renames); returns
        whether the two selections no longer conflict."""
        mine_paths = {self.path, *self.more_paths}
        if not (self.is_entity and other.is_entity) or other.path_renames or \
                any(p in mine_paths for p in (other.path, *other.more_paths)):
            return False
        used = self.selection.response_keys() | other.selection.response_keys()
        undo: list[tuple[FragmentItem, dict[tuple[str, str, str], FieldItem | FragmentItem],
                         list[tuple[FieldItem, str | None]]]] = []
        for fragment_key, item in other.selection.items.items():
            mine = self.selection.items.get(fragment_key)
            if not isinstance(item, FragmentItem) or not isinstance(mine, FragmentItem):
                continue
            before = item.sub.items
            items: dict[tuple[str, str, str], FieldItem | FragmentItem] = {}
            aliased: list[tuple[FieldItem, str | None]] = []
            for field_key, inner in before.items():
                if not isinstance(inner, FieldItem) or not mine.sub.conflicts_with(_single(inner)):
                    items[field_key] = inner
                    continue
                key = inner.alias or inner.name
                number = 0
                while f"{key}__merged_{number}" in used:
                    number += 1
                alias = f"{key}__merged_{number}"
                used.add(alias)
                aliased.append((inner, inner.alias))
                inner.alias = alias
                items[("f", alias, field_key[2])] = inner
                condition = (TypeCondition((item.type_condition,)),) if item.type_condition else ()
                renames.append(KeyRenamer((*condition, alias), key))
            if aliased:
                item.sub.items = items
                undo.append((item, before, aliased))
        if renames and not self.selection.conflicts_with(other.selection):
            for item, _, _ in undo:  # the renames find their entities by __typename
                item.sub.has_typename_first()
            return True
        for item, before, aliased in undo:  # leave ``other`` as it was
            item.sub.items = before
            for inner, old_alias in aliased:
                inner.alias = old_alias
        renames.clear()
        return False

    def __repr__(self) -> str:
        return f"FetchGroup({self.index}, {self.service!r}, {self.path!r})"

    def required(self) -> tuple[RequiredSelection, ...]:
        """The representation selection as plan data."""
        return _required(self.requires)

    def fetch_node(self, kind: OperationType, variables: dict[str, VariableDefinitionNode],
                   operation_name: str | None) -> FetchNode:
        """The fetch node for this group (operation text, variables, requires)."""
        renames: list[tuple[tuple[PathElement, ...], str]] = []
        dealias_conflicts(self.selection, (), renames)
        output_rewrites = tuple(KeyRenamer(path, key) for path, key in renames)
        body: list[str] = []
        used: set[str] = set()
        self.selection.write(body, used)
        text = "".join(body)
        if self.is_entity:
            text = "{_entities(representations:$representations)" + text + "}"
        definitions = [_variable_text(d) for name, d in variables.items() if name in used]
        if self.is_entity:
            definitions.insert(0, "$representations:[_Any!]!")
        head = kind.value if (operation_name or definitions or kind is not OperationType.QUERY) else ""
        if operation_name:
            head += " " + operation_name
        if definitions:
            head += "(" + ",".join(definitions) + ")"
        text = head + text
        return FetchNode(
            service_name=self.service, operation=text, operation_kind=kind.value,
            operation_name=operation_name,
            variable_usages=tuple(name for name in variables if name in used),
            requires=self.required() if self.is_entity else (),
            # renames match representations by their own __typename: before any ValueSetter
            input_rewrites=tuple(sorted(self.input_rewrites, key=lambda r: isinstance(r, ValueSetter))),
            output_rewrites=output_rewrites,
            guard=self.guard.node() if self.guard is not None else None)


def _single(item: FieldItem) -> SelectionTree:
    tree = SelectionTree()
    tree.items[("f", item.alias or item.name, "")] = item
    return tree


def _variable_text(definition: VariableDefinitionNode) -> str:
    text = "$" + definition.variable.name.value + ":" + print_ast(definition.type)
    if definition.default_value is not None:
        text += "=" + print_ast(definition.default_value)
    return text


def _required(tree: SelectionTree) -> tuple[RequiredSelection, ...]:
    result: list[RequiredSelection] = []
    for item in tree.items.values():
        if isinstance(item, FieldItem):
            result.append(RequiredField(item.alias or item.name,
                                        _required(item.sub) if item.sub is not None else ()))
        else:
            result.append(RequiredFragment(item.type_condition or "", _required(item.sub)))
    return tuple(result)


class _VariableCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable(self, node: VariableNode, *_: object) -> None:
        self.names.add(node.name.value)


def _variables_in(selection: SelectionSetNode) -> set[str]:
    collector = _VariableCollector()
    visit(selection, collector)
    return collector.names


def merge_siblings(groups: list[FetchGroup]) -> list[FetchGroup]:
    """One request per subgraph per step: entity groups of the same subgraph that wait for the
    same groups (so run at the same time) become one fetch over several paths."""
    survivors: list[FetchGroup] = []
    by_key: dict[tuple[object, ...], list[FetchGroup]] = {}
    replaced: dict[int, FetchGroup] = {}
    for group in _dependency_order(groups):
        group.deps = list(dict.fromkeys(replaced.get(d.index, d) for d in group.deps))
        if group.is_entity:
            key = (group.service, group.conditions, tuple(sorted(d.index for d in group.deps)),
                   _guard_key(group.guard))
            candidates = by_key.setdefault(key, [])
            target = next((c for c in candidates if c.absorb(group)), None)
            if target is not None:
                replaced[group.index] = target
                continue
            candidates.append(group)
        survivors.append(group)
    return sorted(survivors, key=lambda g: g.index)


# -- arranging groups into a plan ------------------------------------------------------------------

def _flat(kind: type[SequenceNode] | type[ParallelNode], nodes: list[PlanNode]) -> PlanNode | None:
    items: list[PlanNode] = []
    for node in nodes:
        if isinstance(node, kind):
            items.extend(node.nodes)
        else:
            items.append(node)
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return kind(tuple(items))


def _ancestors(group: FetchGroup, placement: dict[int, FetchGroup | None]) -> list[FetchGroup]:
    chain: list[FetchGroup] = []
    current: FetchGroup | None = group
    while current is not None:
        chain.append(current)
        current = placement.get(current.index)
    return chain


def assemble(groups: list[FetchGroup], kind: OperationType, variables: dict[str, VariableDefinitionNode],
             operation_name: str | None) -> PlanNode | None:
    """Arrange fetch groups (in creation order) into the plan's node tree."""
    placement: dict[int, FetchGroup | None] = {}  # group -> the group it runs after
    children: dict[int | None, list[FetchGroup]] = {}
    for group in _dependency_order(groups):
        parent: FetchGroup | None
        if not group.deps:
            parent = None
        elif len(group.deps) == 1:
            parent = group.deps[0]
        else:
            chains = [_ancestors(dep, placement) for dep in group.deps]
            common = set.intersection(*(set(g.index for g in chain) for chain in chains))
            parent = next((g for g in chains[0] if g.index in common), None)
        placement[group.index] = parent
        children.setdefault(parent.index if parent else None, []).append(group)
    for siblings in children.values():
        siblings.sort(key=lambda g: g.index)

    counter = itertools.count()
    names: dict[int, str | None] = {}
    for group in _creation_order(children, None):
        names[group.index] = f"{operation_name}__{group.service}__{next(counter)}" if operation_name else None

    def block(parent: FetchGroup | None, applied: tuple[Condition, ...]) -> PlanNode | None:
        """What runs after ``parent``: its direct children in parallel, then the groups that
        also wait for some of those children, in as few stages as their dependencies allow."""
        after = children.get(parent.index if parent else None, [])
        direct = [g for g in after if len(g.deps) <= 1]
        waiting = [g for g in after if len(g.deps) > 1]
        stage_of: dict[int, int] = {}
        for group in waiting:
            earlier = [stage_of[a.index] for dep in group.deps for a in _ancestors(dep, placement)
                       if a.index in stage_of]
            stage_of[group.index] = 1 + max(earlier, default=0)
        stages: list[PlanNode] = []
        first = _flat(ParallelNode if kind is OperationType.QUERY or parent else SequenceNode,
                      [subtree(g, applied) for g in direct])
        if first is not None:
            stages.append(first)
        for stage in sorted(set(stage_of.values())):
            node = _flat(ParallelNode, [subtree(g, applied) for g in waiting if stage_of[g.index] == stage])
            if node is not None:
                stages.append(node)
        return _flat(SequenceNode, stages)

    def subtree(group: FetchGroup, applied: tuple[Condition, ...]) -> PlanNode:
        fetch: PlanNode = group.fetch_node(OperationType.QUERY if group.is_entity else kind, variables,
                                           names[group.index])
        if group.is_entity:
            rewrites: tuple[tuple[FetchRewrite, ...], ...] = ()
            if group.path_renames:
                rewrites = tuple(tuple(group.path_renames.get(p, ()))
                                 for p in (group.path, *group.more_paths))
            fetch = FlattenNode(group.path, fetch, tuple(group.more_paths), rewrites)
        rest = block(group, group.conditions)
        body = _flat(SequenceNode, [fetch, rest]) if rest is not None else fetch
        assert body is not None
        for variable, include in reversed([c for c in group.conditions if c not in applied]):
            body = ConditionNode(variable, body, None) if include else ConditionNode(variable, None, body)
        return body

    return block(None, ())


def _dependency_order(groups: list[FetchGroup]) -> list[FetchGroup]:
    """Groups in creation order, except that a group comes after every group it waits for."""
    ordered: list[FetchGroup] = []
    done: set[int] = set()

    def add(group: FetchGroup) -> None:
        if group.index in done:
            return
        done.add(group.index)
        for dep in sorted(group.deps, key=lambda g: g.index):
            add(dep)
        ordered.append(group)

    for group in groups:
        add(group)
    return ordered


def _creation_order(children: dict[int | None, list[FetchGroup]], parent: int | None) -> list[FetchGroup]:
    ordered: list[FetchGroup] = []
    for group in children.get(parent, []):
        ordered.append(group)
        ordered.extend(_creation_order(children, group.index))
    return ordered
