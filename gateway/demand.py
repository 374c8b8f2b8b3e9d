"""Demand control: what an operation may cost the subgraphs, estimated before planning.

A query within the depth and alias limits can still fan out: ten levels of ``citizen { family {
members { citizen { family { ... } } } } }`` multiply a family's size ten times, and 500 aliases
of ``citizens(niks:)`` with 1,000 NIKs each ask for 500,000 records. The gateway estimates each
operation's cost statically, as IBM's GraphQL Cost Directive specification
(https://ibm.github.io/graphql-specs/cost-spec.html) and Apollo's demand control
(https://www.apollographql.com/docs/graphos/routing/security/demand-control) do, and refuses an
operation over the budget with ``COST_LIMIT_EXCEEDED`` before any subgraph is called
(docs/gateway.md, "Limits"):

* a field costs its weight: ``@cost(weight:)`` on the field, else on its type, else 1 for an
  object, interface or union and 0 for a scalar or enum; a root mutation field costs 10;
* a list field multiplies the cost of one item (its weight plus its selections) by its size:
  for a field listed in ``sized_by`` (``Query.citizens`` by ``niks``: one item per NIK) the
  length of that list argument; else the value of a slicing argument named by
  ``@listSize(slicingArguments:)`` (an integer such as ``first``; a list counts its length);
  variables included; else ``@listSize(assumedSize:)``, else the configured assumed size; with
  ``sizedFields`` the size applies to those child fields instead (cursor connections);
* every aliased field and every fragment spread counts (a fragment's cost is computed once);
  ``@include``/``@skip`` are ignored (the estimate is an upper bound).

Lengths of list arguments are our extension: the cost specification and the reference composer
accept only integer slicing arguments, so a batch lookup like ``citizens(niks:)`` carries
``@listSize(assumedSize: 1000)`` (the most it answers) and the gateway is told the argument
instead (``--sized-by-argument Query.citizens.niks``, the default, given as ``sized_by``).

It also totals the items of list-valued slicing arguments over the whole operation (every
``citizens(niks:)`` of one request), refused over their own cap with
``LIST_ARGUMENT_LIMIT_EXCEEDED``: a bound per field is no bound when a request may repeat the
field under 500 aliases.

The hints are read from the supergraph: the composer carries ``@cost`` and ``@listSize`` there
with a ``@link`` to https://specs.apollo.dev/cost/v0.1, as Apollo's and The Guild's composers do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    BooleanValueNode,
    ConstDirectiveNode,
    ConstValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    IntValueNode,
    ListValueNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)

from gateway.errors import CostLimitError, ListArgumentLimitError, ValidationError, graphql_error
from gateway.supergraph.link import LinkedFeatures

__all__ = ["CostHints", "Demand", "DemandLimits", "ListSize", "cost_hints", "estimate"]

_WITH_FIELDS = (
    ObjectTypeDefinitionNode, ObjectTypeExtensionNode, InterfaceTypeDefinitionNode, InterfaceTypeExtensionNode
)

#: what a root mutation field weighs unless ``@cost`` says otherwise (Apollo's default)
MUTATION_WEIGHT = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class DemandLimits:
    """The budget (0: no cost limit), the list size assumed without a hint, and the cap on items
    of slicing list arguments per request (0: no cap)."""

    max_cost: int = 100_000
    assumed_list_size: int = 10
    max_list_argument_items: int = 1_000
    #: list fields sized by the length of one of their list arguments: (type, field, argument)
    sized_by: tuple[tuple[str, str, str], ...] = (("Query", "citizens", "niks"),)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSize:
    """One field's ``@listSize``."""

    assumed_size: int | None = None
    slicing_arguments: tuple[str, ...] = ()
    sized_fields: tuple[str, ...] = ()
    require_one_slicing_argument: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class CostHints:
    """The ``@cost`` and ``@listSize`` of a supergraph: field weights by (type, field), type
    weights by type, list sizes by (type, field)."""

    field_weights: Mapping[tuple[str, str], int] = field(default_factory=dict)
    type_weights: Mapping[str, int] = field(default_factory=dict)
    list_sizes: Mapping[tuple[str, str], ListSize] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Demand:
    """An operation's estimate: its cost, the items of its slicing list arguments, and whether
    either depends on the variables (then it is estimated again for each request)."""

    cost: int
    list_argument_items: int
    variable: bool

    def check(self, limits: DemandLimits) -> None:
        """``CostLimitError`` or ``ListArgumentLimitError`` when over ``limits``."""
        if limits.max_cost and self.cost > limits.max_cost:
            raise CostLimitError(self.cost, limits.max_cost)
        cap = limits.max_list_argument_items
        if cap and self.list_argument_items > cap:
            raise ListArgumentLimitError(self.list_argument_items, cap)


def _int(value: ConstValueNode | None) -> int | None:
    return int(value.value) if isinstance(value, IntValueNode) else None


def _strings(value: ConstValueNode | None) -> tuple[str, ...]:
    if isinstance(value, ListValueNode):
        return tuple(v.value for v in value.values if isinstance(v, StringValueNode))
    return ()


def _weight(directives: tuple[ConstDirectiveNode, ...] | None, name: str | None) -> int | None:
    for directive in directives or ():
        if directive.name.value == name:
            for argument in directive.arguments or ():
                if argument.name.value == "weight":
                    return _int(argument.value)
    return None


def _list_size(directives: tuple[ConstDirectiveNode, ...] | None, name: str | None) -> ListSize | None:
    for directive in directives or ():
        if directive.name.value == name:
            args = {a.name.value: a.value for a in directive.arguments or ()}
            require = args.get("requireOneSlicingArgument")
            return ListSize(
                assumed_size=_int(args.get("assumedSize")),
                slicing_arguments=_strings(args.get("slicingArguments")),
                sized_fields=_strings(args.get("sizedFields")),
                require_one_slicing_argument=require.value if isinstance(require, BooleanValueNode) else True,
            )
    return None


def cost_hints(document: DocumentNode, features: LinkedFeatures) -> CostHints:
    """The hints of a supergraph document whose ``@link``s are ``features``; empty when it does
    not link the cost spec."""
    feature = features.get("cost")
    if feature is None:
        return CostHints()
    cost_name, size_name = feature.directive("cost"), feature.directive("listSize")
    field_weights: dict[tuple[str, str], int] = {}
    type_weights: dict[str, int] = {}
    list_sizes: dict[tuple[str, str], ListSize] = {}
    for definition in document.definitions:
        name = getattr(getattr(definition, "name", None), "value", None)
        if name is None:
            continue
        weight = _weight(getattr(definition, "directives", None), cost_name)
        if weight is not None:
            type_weights[name] = weight
        if not isinstance(definition, _WITH_FIELDS):
            continue
        for field_node in definition.fields or ():
            key = (name, field_node.name.value)
            weight = _weight(field_node.directives, cost_name)
            if weight is not None:
                field_weights[key] = weight
            size = _list_size(field_node.directives, size_name)
            if size is not None:
                list_sizes[key] = size
    return CostHints(field_weights=field_weights, type_weights=type_weights, list_sizes=list_sizes)


def _list_levels(type_: GraphQLOutputType) -> int:
    levels = 0
    while True:
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        elif isinstance(type_, GraphQLList):
            levels += 1
            type_ = type_.of_type
        else:
            return levels


class _Estimator:
    def __init__(
        self,
        schema: GraphQLSchema,
        hints: CostHints,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any] | None,
        assumed: int,
        sized_by: Mapping[tuple[str, str], str],
    ) -> None:
        self.sized_by = sized_by
        self.schema = schema
        self.hints = hints
        self.fragments = fragments
        self.variables = variables
        self.assumed = assumed
        self.memo: dict[str, int] = {}
        #: the list-argument items of each memoised fragment, added again at every spread
        self.fragment_items: dict[str, int] = {}
        self.visiting: set[str] = set()
        self.list_items = 0
        self.variable = False

    def selections(self, parent: Any, selection_set: SelectionSetNode, sized: Mapping[str, int]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection, sized.get(selection.name.value))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(inner or parent, selection.selection_set, sized)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                total += self.spread(selection.name.value)
        return total

    def spread(self, name: str) -> int:
        found = self.memo.get(name)
        if found is not None:
            self.list_items += self.fragment_items[name]
            return found
        fragment = self.fragments.get(name)
        if fragment is None or name in self.visiting:
            return 0
        self.visiting.add(name)
        items_before = self.list_items
        try:
            condition = self.schema.get_type(fragment.type_condition.name.value)
            cost = self.selections(condition, fragment.selection_set, {}) if condition is not None else 0
        finally:
            self.visiting.discard(name)
        self.memo[name] = cost
        self.fragment_items[name] = self.list_items - items_before
        return cost

    def field(self, parent: Any, node: FieldNode, sized: int | None, *, root_mutation: bool = False) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        definition: GraphQLField | None = parent.fields.get(name)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        weight = self.hints.field_weights.get((parent.name, name))
        if weight is None:
            weight = self.hints.type_weights.get(named.name)
        if weight is None:
            weight = MUTATION_WEIGHT if root_mutation else (1 if is_composite_type(named) else 0)
        hint = self.hints.list_sizes.get((parent.name, name))
        size = self.size(parent.name, node, hint)
        inner: dict[str, int] = {}
        if hint is not None and hint.sized_fields:
            inner = dict.fromkeys(hint.sized_fields, size)
        child = self.selections(named, node.selection_set, inner) if node.selection_set else 0
        levels = _list_levels(definition.type)
        if sized is not None and levels:
            multiplier = sized * self.assumed ** (levels - 1)
        elif levels and not (hint is not None and hint.sized_fields):
            multiplier = size * self.assumed ** (levels - 1)
        else:
            multiplier = 1
        return multiplier * (weight + child)

    def size(self, parent: str, node: FieldNode, hint: ListSize | None) -> int:
        by = self.sized_by.get((parent, node.name.value))
        if by is not None:
            for argument in node.arguments or ():
                if argument.name.value == by:
                    found = self.argument_size(argument.value)
                    if found is not None:
                        return found
        if hint is None:
            return self.assumed
        slicing = hint.slicing_arguments
        given = {a.name.value: a.value for a in node.arguments or () if a.name.value in slicing}
        if hint.slicing_arguments and hint.require_one_slicing_argument and len(given) != 1:
            names = ", ".join(hint.slicing_arguments)
            message = f"Field {parent}.{node.name.value} needs exactly one of its slicing arguments: {names}."
            raise ValidationError(message, [graphql_error(message, ValidationError.code)])
        sizes = [s for s in (self.argument_size(value) for value in given.values()) if s is not None]
        if sizes:
            return max(sizes)
        return hint.assumed_size if hint.assumed_size is not None else self.assumed

    def argument_size(self, value: ValueNode) -> int | None:
        """An integer argument's value, or a list argument's length (counted towards the
        request's list-argument items); None when unknown (a variable not given yet)."""
        if isinstance(value, VariableNode):
            self.variable = True
            if self.variables is None:
                return None
            given = self.variables.get(value.name.value)
            if isinstance(given, bool) or given is None:
                return None
            if isinstance(given, int):
                return max(given, 0)
            if isinstance(given, list | tuple):
                self.list_items += len(given)
                return len(given)
            return 1  # a single value where a list is expected: coerced to a list of one
        if isinstance(value, IntValueNode):
            return max(int(value.value), 0)
        if isinstance(value, ListValueNode):
            self.list_items += len(value.values)
            return len(value.values)
        return None


def estimate(
    schema: GraphQLSchema,
    hints: CostHints,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
    limits: DemandLimits,
) -> Demand:
    """The :class:`Demand` of ``operation`` against the API ``schema``; ``variables`` None
    estimates without them (slicing arguments given by a variable then count as unknown, and the
    result says it depends on the variables)."""
    sized_by = {(type_name, field_name): argument for type_name, field_name, argument in limits.sized_by}
    estimator = _Estimator(schema, hints, fragments, variables, limits.assumed_list_size, sized_by)
    root = schema.get_root_type(operation.operation)
    if root is None:
        return Demand(cost=0, list_argument_items=0, variable=False)
    mutation = operation.operation is OperationType.MUTATION
    cost = 0
    for selection in operation.selection_set.selections:
        if isinstance(selection, FieldNode):
            cost += estimator.field(root, selection, None, root_mutation=mutation)
        else:
            cost += estimator.selections(root, SelectionSetNode(selections=(selection,)), {})
    return Demand(cost=cost, list_argument_items=estimator.list_items, variable=estimator.variable)
