"""Build a query plan for a validated operation.

A recursive, field-by-field planner over subgraph ownership (the approach of Apollo's
query-planner-js "fetch groups", https://github.com/apollographql/federation, in a smaller
form), made of layers, each in its own module (docs/query-planning.md, "How a plan is built"):

* ``state``: the fetch groups made so far and the answers memoised for the operation;
* ``boundary``: consent boundaries, where a guarded field may be placed ("Consent boundaries");
* ``jump``: entity calls through a ``@key`` (``@requires`` and missing key fields first), hops
  from ``@interfaceObject``, paths asked again from the entity above or the query root;
* ``walk``: the recursive walk over the client's selections, fragments and conditions;
* this module: the root fields (query fields in parallel, mutation fields in order), then the
  passes over the groups: ``merge_siblings`` (one request per subgraph per step) and
  ``assemble`` (the plan tree), both in ``group``.

Introspection and root ``__typename`` are left to the gateway.
"""

from __future__ import annotations

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    VariableDefinitionNode,
    print_ast,
)

from gateway.errors import OperationResolutionError
from gateway.operation import OperationContext
from gateway.supergraph import Supergraph
from gateway.supergraph.auth import auth_rules

from .error import PlanningError
from .group import Condition, assemble, merge_siblings
from .ownership import Ownership
from .plan import QueryPlan
from .scope import Scope, read_conditions, without_conditions
from .state import Consent, Subjects
from .walk import Walk

__all__ = ["build_plan", "ownership_of"]

_INTROSPECTION = frozenset({"__schema", "__type", "__typename"})
_RootField = tuple[FieldNode, tuple[Condition, ...], tuple[tuple[DirectiveNode, ...], ...]]


class _Planner(Walk):
    """The passes together; this layer plans the root fields (docs/query-planning.md, step 1)."""

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
            if self.kind is OperationType.MUTATION:
                following = fields[position + 1][0].name.value if position + 1 < len(fields) else None
                service = self._mutation_service(root_type, node, candidates, following)
            else:
                existing = {g.service for g in self.root_groups.values()}
                service = min(candidates, key=lambda g: (self.costs.field(g, root_type, node),
                                                         g not in existing, candidates.index(g)))
            group = self.root_group(service, all_conditions)
            if self.kind is OperationType.MUTATION:
                keep = without_conditions(keep)
            elif group.selection:
                group.conditions = tuple(c for c in group.conditions if c in all_conditions)
            else:
                group.conditions = all_conditions
            target = group.selection
            for directives in wrappers:  # fragments with @include/@skip around the field
                target = target.fragment(None, directives).sub
            scope = Scope(group=group, type_name=root_type, target=target, path=(), conditions=all_conditions)
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
            inner = (*wrappers, keep) if keep and self.kind is not OperationType.MUTATION else wrappers
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


def subjects_of(supergraph: Supergraph) -> Subjects:
    """The subject field of each (type, category) boundary whose policies name one
    (``consent:<category>:<field>``: reference entities, docs/query-planning.md "Consent
    boundaries"), read once per supergraph. Two fields of one boundary naming different subjects
    cannot be planned."""
    found = supergraph.memo.get("planner.subjects")
    if not isinstance(found, dict):
        rules = auth_rules(supergraph)
        made: Subjects = {}
        for (type_name, field_name), subject in rules.consent_subject_fields().items():
            category = rules.consent_category(type_name, field_name)
            assert category is not None
            if made.setdefault((type_name, category), subject) != subject:
                raise PlanningError(f"the {category} fields of {type_name} name different consent subjects")
        supergraph.memo["planner.subjects"] = found = made
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
    kind = operation.operation
    root_type = supergraph.operation_types.get(kind.value)
    if root_type is None or not isinstance(supergraph.schema.get_type(root_type), GraphQLObjectType):
        raise PlanningError(f"the supergraph has no {kind.value} type")
    if kind is OperationType.SUBSCRIPTION:
        raise PlanningError("subscriptions are not supported by this gateway")
    fragments = dict(context.fragments)
    planner = _Planner(supergraph, ownership_of(supergraph), fragments, kind, consent_of(supergraph),
                       subjects_of(supergraph))
    try:
        planner.plan_root(root_type, operation.selection_set)
    except RecursionError as error:
        raise PlanningError("the operation is nested too deeply to plan") from error
    variables: dict[str, VariableDefinitionNode] = {
        d.variable.name.value: d for d in operation.variable_definitions or ()}
    name = operation.name.value if operation.name else None
    return QueryPlan(assemble(merge_siblings(planner.groups), kind, variables, name))
