"""Satisfiability: every field the supergraph offers can be fetched wherever its type is reached.

A conservative form of Apollo's satisfiability validation
(https://www.apollographql.com/docs/graphos/reference/federation/errors#satisfiability_error):
walk from each subgraph's root fields through the fields that subgraph resolves; where an object
type is reached in subgraph R, each accessible field of the supergraph's type must be resolved by
R or by a subgraph R can move to through a resolvable @key (or an @interfaceObject's key) whose
top-level fields R, or a subgraph already reached, resolves. Interfaces and unions are followed
to their possible types in R; their own fields are not checked, nor are @provides paths or
nested key fields, so the check reports only what surely cannot be planned (SATISFIABILITY_ERROR).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from graphql import FieldNode, InlineFragmentNode

from .errors import CompositionIssue
from .fieldset import named_type, parse_field_set
from .model import Subgraph, TypeDef
from .supertype import SuperType

__all__ = ["check_satisfiability"]

_ROOTS = frozenset({"Query", "Mutation", "Subscription"})
# (object type, subgraphs it may be in, fields provided, interface it was reached as, query path)
_State = tuple[str, frozenset[str], frozenset[str], str | None, str]


class _Graph:
    def __init__(self, subgraphs: list[Subgraph], merged: list[SuperType]) -> None:
        self.subgraphs = {s.name: s for s in subgraphs}
        self.merged = {t.name: t for t in merged}
        self.overridden: set[tuple[str, str, str]] = set()
        for subgraph in subgraphs:
            for typedef in subgraph.types.values():
                for field in typedef.fields.values():
                    if field.override and field.override_label is None:
                        self.overridden.add((field.override, typedef.name, field.name))
        self.hidden_types = {t.name for t in merged if "@inaccessible" in t.directives}
        self.hidden_fields = {
            (t.name, f.name) for t in merged for f in t.fields if "@inaccessible" in f.directives
        }
        self._closures: dict[tuple[str, str, str | None, bool, frozenset[str]], list[tuple[str, bool]]] = {}

    def definitions(self, subgraph: Subgraph, type_name: str, own: bool = True) -> list[TypeDef]:
        """Where the subgraph resolves the type's fields: its own definition, or (``own`` false,
        the object having come in through an interface object's key) its @interfaceObjects."""
        if own:
            return [subgraph.types[type_name]] if type_name in subgraph.types else []
        merged = self.merged.get(type_name)
        interfaces = merged.interfaces if merged is not None else []
        return [t for i in interfaces if (t := subgraph.types.get(i)) is not None and t.interface_object]

    def key_sources(self, subgraph: Subgraph, type_name: str) -> list[tuple[TypeDef, bool]]:
        """Definitions whose @key moves an object of the type into the subgraph, and whether it
        lands as the type itself (own key, entity interface key) or as an interface object."""
        found = [(subgraph.types[type_name], True)] if type_name in subgraph.types else []
        merged = self.merged.get(type_name)
        for interface in merged.interfaces if merged is not None else ():
            typedef = subgraph.types.get(interface)
            if typedef is not None and (typedef.interface_object or typedef.kind == "interface"):
                found.append((typedef, not typedef.interface_object))
        return found

    def resolves(self, subgraph: Subgraph, type_name: str, field_name: str, own: bool = True) -> bool:
        for typedef in self.definitions(subgraph, type_name, own):
            field = typedef.fields.get(field_name)
            if field is not None and not field.external:
                return (subgraph.name, typedef.name, field_name) not in self.overridden
        return False

    def closure(
        self,
        start: str,
        type_name: str,
        through: str | None = None,
        own: bool = True,
        provided: frozenset[str] = frozenset(),
    ) -> list[tuple[str, bool]]:
        """(subgraph, own) pairs an object of ``type_name`` in ``start`` can move to through @keys
        (key fields the path's @provides gives count as available: an @external key provided
        along the path still lets the object move on)."""
        cached = self._closures.get((start, type_name, through, own, provided))
        if cached is not None:
            return cached
        reached = [(start, own)]
        changed = True
        while changed:
            changed = False
            for name, subgraph in self.subgraphs.items():
                for typedef, own in self.key_sources(subgraph, type_name):
                    if (name, own) in reached:
                        continue
                    # An entity interface's key moves only objects reached as that interface, from a
                    # subgraph that knows the object implements it.
                    interface = typedef.kind == "interface"
                    if interface and (
                        typedef.name != through or not self._known_as(reached, type_name, typedef.name)
                    ):
                        continue
                    keys = [k for k in typedef.keys if k.resolvable]
                    if any(self._key_available(reached, type_name, k.fields, provided) for k in keys):
                        reached.append((name, own))
                        changed = True
        self._closures[(start, type_name, through, own, provided)] = reached
        return reached

    def requirements_met(
        self, name: str, own: bool, type_name: str, field_name: str, provided: frozenset[str] = frozenset()
    ) -> bool:
        """The top-level fields the field's @requires needs can be fetched starting from the
        subgraph that resolves it (as Apollo's validation checks it)."""
        subgraph = self.subgraphs[name]
        for typedef in self.definitions(subgraph, type_name, own):
            field = typedef.fields.get(field_name)
            if field is None or not field.requires:
                continue
            needed = [
                s.name.value for s in parse_field_set(field.requires).selections if isinstance(s, FieldNode)
            ]
            places = [(self.subgraphs[r], o) for r, o in self.closure(name, type_name, own=own)]
            return all(
                n in provided or any(self.resolves(s, type_name, n, o) for s, o in places) for n in needed
            )
        return True

    def _known_as(self, reached: Iterable[tuple[str, bool]], type_name: str, interface: str) -> bool:
        """Some reached subgraph declares the type as implementing the interface (so it can
        hand the object over through the interface's key)."""
        for name, _ in reached:
            typedef = self.subgraphs[name].types.get(type_name)
            if typedef is not None and interface in typedef.interfaces:
                return True
        return False

    def _key_available(
        self, reached: Iterable[tuple[str, bool]], type_name: str, fields: str, provided: frozenset[str]
    ) -> bool:
        names = [s.name.value for s in parse_field_set(fields).selections if isinstance(s, FieldNode)]
        places = [(self.subgraphs[r], own) for r, own in reached]
        return all(
            n in provided or any(self.resolves(s, type_name, n, own) for s, own in places)
            for n in names
            if n != "__typename"
        )

    def possible_types(self, subgraph: Subgraph, type_name: str) -> list[str]:
        typedef = subgraph.types.get(type_name)
        if typedef is None:
            return []
        if typedef.kind == "union":
            return list(typedef.members)
        if typedef.kind == "interface" or typedef.interface_object:
            types = subgraph.types.values()
            return [t.name for t in types if type_name in t.interfaces and t.kind == "object"]
        return [type_name] if typedef.kind == "object" else []


def _provided(text: str | None) -> frozenset[str]:
    """Top-level field names a @provides selects (inside inline fragments too)."""
    if not text:
        return frozenset()
    names: set[str] = set()
    pending = list(parse_field_set(text).selections)
    while pending:
        selection = pending.pop()
        if isinstance(selection, InlineFragmentNode):
            pending.extend(selection.selection_set.selections)
        elif isinstance(selection, FieldNode):
            names.add(selection.name.value)
    return frozenset(names)


def check_satisfiability(subgraphs: list[Subgraph], merged: list[SuperType]) -> list[CompositionIssue]:
    """SATISFIABILITY_ERROR for each field that cannot be fetched where its type is reached.

    A state is an object type reached by some query path, with the subgraphs the object may be
    in at that point (several where a field is resolved by several subgraphs) and the fields
    the last step @provides.
    """
    graph = _Graph(subgraphs, merged)
    issues: list[CompositionIssue] = []
    reported: set[tuple[str, str]] = set()
    seen: set[tuple[str, frozenset[str], frozenset[str], str | None]] = set()
    queue: deque[_State] = deque()
    for root in ("Query", "Mutation", "Subscription"):
        options = frozenset(s.name for s in subgraphs if root in s.types)
        if options:
            queue.append((root, options, frozenset(), None, "" if root == "Query" else root.lower()))
    while queue:
        type_name, options, provided, through, path = queue.popleft()
        state = (type_name, options, provided, through)
        if state in seen:
            continue
        seen.add(state)
        merged_type = graph.merged.get(type_name)
        if merged_type is None or type_name in graph.hidden_types:
            continue
        for field in merged_type.fields:
            if (type_name, field.name) in graph.hidden_fields:
                continue
            step = f"{path} {{ {field.name}" if path else f"{{ {field.name}"
            reachable = {r for o in options for r in graph.closure(o, type_name, through, provided=provided)}
            resolving = [
                (r, own)
                for r, own in sorted(reachable)
                if graph.resolves(graph.subgraphs[r], type_name, field.name, own)
            ]
            if not resolving and field.name not in provided:
                if (type_name, field.name) not in reported:
                    reported.add((type_name, field.name))
                    issues.append(_issue(sorted(options), type_name, field.name, step))
                continue
            satisfied = [
                (r, own)
                for r, own in resolving
                if graph.requirements_met(r, own, type_name, field.name, provided)
            ]
            if resolving and not satisfied and field.name not in provided:
                if (type_name, field.name) not in reported:
                    reported.add((type_name, field.name))
                    issues.append(_issue(sorted(options), type_name, field.name, step, requires=True))
                continue
            _follow(graph, type_name, field.name, satisfied or resolving, step, queue)
    return issues


def _follow(
    graph: _Graph,
    type_name: str,
    field_name: str,
    resolving: list[tuple[str, bool]],
    step: str,
    queue: deque[_State],
) -> None:
    """Queue the states the field leads to: its type's possible types, per resolving subgraph."""
    targets: dict[str, set[str]] = {}
    provided: set[str] = set()
    declared: set[str] = set()
    for name, own in resolving:
        subgraph = graph.subgraphs[name]
        for typedef in graph.definitions(subgraph, type_name, own):
            field = typedef.fields.get(field_name)
            if field is None or field.external:
                continue
            provided |= _provided(field.provides)
            declared.add(named_type(field.type))
            for possible in graph.possible_types(subgraph, named_type(field.type)):
                targets.setdefault(possible, set()).add(name)
    interfaces = [d for d in declared if (t := graph.merged.get(d)) is not None and t.kind == "interface"]
    through = interfaces[0] if len(interfaces) == 1 else None
    for possible, names in targets.items():
        if possible in graph.hidden_types:
            continue
        fragment = "" if possible in declared else f" ... on {possible}"
        queue.append((possible, frozenset(names), frozenset(provided), through, step + fragment))


def _issue(
    options: list[str], type_name: str, field_name: str, query: str, *, requires: bool = False
) -> CompositionIssue:
    closed = query + " }" * query.count("{")
    where = ", ".join(f'"{o}"' for o in options)
    reason = (
        "the fields its @requires needs cannot be fetched from the subgraph that resolves it"
        if requires
        else "is not resolved there and no subgraph resolving it can be reached through a resolvable "
        f'@key of "{type_name}"'
    )
    return CompositionIssue(
        "SATISFIABILITY_ERROR",
        f'the query {closed} cannot be satisfied: from subgraph {where}, field "{type_name}.{field_name}" '
        + reason,
        tuple(options),
        type_name,
        field_name,
    )
