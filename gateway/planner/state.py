"""What the planner holds while it walks one operation: the fetch groups made so far.

The first layer of the planner (docs/query-planning.md, "How a plan is built"): the
supergraph's ownership answers, the operation's fragments and kind, the consent categories,
and the fetch groups (root fetches per subgraph, entity fetches keyed by subgraph, path,
parent fetch, conditions and consent category). The passes above it (``boundary``, ``jump``,
``walk``, ``build``) add behaviour; each module is one of them.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    OperationType,
)

from gateway.supergraph import Supergraph

from .cost import Cost
from .group import Condition, FetchGroup, GroupGuard
from .ownership import Ownership
from .plan import PathElement
from .scope import Scope

__all__ = ["Consent", "PlannerState", "Subjects"]

Consent = dict[tuple[str, str], str]  # (type, field) -> consent category
Subjects = dict[tuple[str, str], str]  # (type, category) -> the key field naming the data subject

class PlannerState:
    """The planner's state for one operation: groups made so far and memoised answers."""

    def __init__(self, supergraph: Supergraph, ownership: Ownership,
                 fragments: dict[str, FragmentDefinitionNode], kind: OperationType,
                 consent: Consent | None = None, subjects: Subjects | None = None) -> None:
        self.supergraph = supergraph
        self.consent = consent or {}
        #: boundaries whose subject is one named field of a key of several (reference entities)
        self.subjects = subjects or {}
        self.consent_names = frozenset(field for _, field in self.consent)
        self.own = ownership
        self.fragments = fragments
        self.kind = kind
        self.groups: list[FetchGroup] = []
        self.entity_groups: dict[tuple[object, ...], FetchGroup] = {}
        self.root_groups: dict[str, FetchGroup] = {}
        self.costs = Cost(ownership, supergraph.schema, fragments)
        # response key of each required field with its arguments, so two @requires asking the
        # same field with different arguments never share one
        self.required_aliases: dict[tuple[str, str], str] = {}
        # per entity fetch: (type, required field) -> the response key its representations carry
        self.required_keys: dict[int, dict[tuple[str, str], str]] = {}
        #: fragment spreads (without directives) already planned in a scope: planning the same
        #: fragment again there merges nothing new, and a "fragment bomb" (each fragment spreading
        #: the next twice) would otherwise cost 2**levels; the scope is kept so its id stays its own
        self.spread: dict[tuple[int, str], tuple[Scope, set[FetchGroup]]] = {}

    def _new_group(self, service: str, path: tuple[PathElement, ...], *, is_entity: bool,
                   conditions: tuple[Condition, ...], deps: list[FetchGroup],
                   guard: GroupGuard | None = None) -> FetchGroup:
        group = FetchGroup(len(self.groups), service, path, is_entity=is_entity,
                           conditions=conditions, deps=deps, guard=guard)
        self.groups.append(group)
        return group

    def root_group(self, service: str, conditions: tuple[Condition, ...]) -> FetchGroup:
        if self.kind is OperationType.MUTATION:
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

    def _is_entity(self, type_name: str) -> bool:
        meta = self.supergraph.types.get(type_name)
        return meta is not None and bool(meta.keys)

    def _chain_resolvable(self, type_name: str, chain: tuple[FieldNode, ...], graph: str) -> bool:
        for field in chain:
            if not self.own.resolvable(type_name, field.name.value, graph):
                return False
            type_name = self.own.named_field_type(type_name, field.name.value) or ""
        return True
