"""The request pipeline: one function per stage, each with its own error type.

docs/architecture.md, "One request's way through the gateway", and docs/gateway.md::

    parse (ParseError) -> size (ValidationError) -> validate (ValidationError)
    -> select operation (OperationResolutionError) -> estimate cost (CostLimitError,
    ListArgumentLimitError) -> authorize (filter mode: never raises) -> plan (PlanError)
    -> coerce variables and argument nulls (VariableError)
    -> [estimate cost again with the variables] -> execute -> shape

Parse and validate depend on the document text only and are cached by its SHA-256 (the caches
are bounded by bytes too, and documents over a size are not cached: gateway/cache.py). The size
check refuses documents whose fragments expand to too many fields before validation walks them
(gateway/limits.py); the cost estimate (gateway/demand.py) refuses operations that would fan out
too far before planning, and again per request when list sizes come from variables. Authorization and the
plan depend on the operation name and the caller's :class:`~gateway.access.rights.Rights` too, so
:class:`Prepared` is cached by (query, operation name, rights): two callers with other rights never
share a plan or a shaping program. A supergraph without authorization directives skips the stage
and keys on (query, operation name) alone. A request then costs variable coercion, execution and
shaping. Shaping programs are cached per ``@include``/``@skip`` values.

With a ``tracer`` (docs/tracing.md) each stage that runs is a span: ``graphql.parse``,
``graphql.validate``, ``spbe.authorize`` and ``spbe.plan`` when the caches miss, ``graphql.execute``
and ``spbe.shape`` on every request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    execute_sync,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import VariableValues, get_variable_values
from graphql.validation import ASTValidationRule
from opentelemetry.trace import Tracer

from gateway.access.introspection import visible_schema
from gateway.access.rights import PUBLIC, Rights
from gateway.access.scopes import Authorized, Denials, authorize_document
from gateway.arguments import NullChecks
from gateway.cache import LruCache, digest
from gateway.demand import CostHints, Demand, DemandLimits, cost_hints, estimate
from gateway.errors import (
    GatewayError,
    ParseError,
    PlanError,
    ValidationError,
    VariableError,
    graphql_error,
)
from gateway.executor import (
    ExecutionAccess,
    ShapeProgram,
    condition_variables,
    execute_plan,
)
from gateway.limits import Limits, check_size, limit_rules
from gateway.operation import OperationContext
from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)
from gateway.supergraph import Supergraph
from gateway.supergraph.auth import AuthRules, auth_rules
from gateway.tracing import span
from gateway.transport import Transport

__all__ = [
    "PLAN_FAILED",
    "Pipeline",
    "Planner",
    "Prepared",
    "authorize",
    "coerce_variables",
    "parse_document",
    "plan_operation",
    "select_operation",
    "validate_document",
]

class Planner(Protocol):
    """``gateway.planner.build_plan``: the plan of one operation of a validated document; the
    pipeline hands it the operation it selected (``context``), so nothing is selected twice."""

    def __call__(
        self,
        supergraph: Supergraph,
        document: DocumentNode,
        operation_name: str | None,
        /,
        *,
        context: OperationContext | None = None,
    ) -> QueryPlan: ...

#: what a client is told when planning fails: nothing of the planner's own message
PLAN_FAILED = "The gateway could not plan this operation."

_META_ROOTS = frozenset({"__typename", "__schema", "__type"})
_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


def _located(error: GraphQLError, code: str) -> dict[str, Any]:
    locations = [{"line": loc.line, "column": loc.column} for loc in error.locations or ()]
    return graphql_error(error.message, code, locations=locations)


def parse_document(query: str, max_tokens: int = 0) -> DocumentNode:
    """Spec §2 "Language": the document, or ``ParseError`` (also past ``max_tokens`` tokens,
    when that is not 0)."""
    try:
        return parse(query, max_tokens=max_tokens or None)
    except GraphQLSyntaxError as error:
        raise ParseError(error.message, [_located(error, ParseError.code)]) from None


def validate_document(
    schema: GraphQLSchema, document: DocumentNode, extra_rules: Sequence[type[ASTValidationRule]] = ()
) -> DocumentNode:
    """Spec §5 "Validation" against the API schema (plus ``extra_rules``, such as the
    :mod:`gateway.limits`), or ``ValidationError``."""
    errors = validate(schema, document, [*specified_rules, *extra_rules] if extra_rules else None)
    if errors:
        raise ValidationError(errors[0].message, [_located(e, ValidationError.code) for e in errors])
    return document


def select_operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    """Spec §6.1 "GetOperation", or ``OperationResolutionError``."""
    return OperationContext.select(document, name).definition


_NOTHING_DENIED = Denials()


def authorize(
    schema: GraphQLSchema,
    api_schema: GraphQLSchema,
    rules: AuthRules | None,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    rights: Rights,
) -> Authorized:
    """The authorization stage in filter mode (:mod:`gateway.access.scopes`): the operation
    without what ``rights`` may not see, and the denied fields, answered null with an error when
    shaping. It never raises: ``AuthorizationError`` is kept for a "reject" mode (refuse the
    whole request when anything is denied), which the gateway does not offer yet. ``rules``
    None: the supergraph guards nothing and the document comes back as it is."""
    if rules is None:
        return Authorized(document, operation, _NOTHING_DENIED)
    return authorize_document(schema, api_schema, rules, document, operation, rights)


def plan_operation(planner: Planner, supergraph: Supergraph, context: OperationContext) -> QueryPlan:
    """The query plan, or ``PlanError``; operations asking only for ``__typename`` and
    introspection need no subgraph."""
    if _only_meta_fields(context.definition.selection_set):
        return QueryPlan(node=None)
    try:
        return planner(supergraph, context.document, context.name, context=context)
    except GatewayError:
        raise
    except Exception as error:  # the detail goes to the log only (gateway/http.py)
        raise PlanError(PLAN_FAILED, detail=f"{type(error).__name__}: {error}") from None


def coerce_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, inputs: Mapping[str, Any] | None
) -> VariableValues:
    """Spec §6.1.2 "CoerceVariableValues" (defaults applied), or ``VariableError``."""
    result = get_variable_values(schema, operation.variable_definitions or (), dict(inputs or {}))
    if isinstance(result, list):
        raise VariableError(result[0].message, [_located(e, VariableError.code) for e in result])
    return result


def _only_meta_fields(selection_set: SelectionSetNode) -> bool:
    return all(isinstance(s, FieldNode) and s.name.value in _META_ROOTS for s in selection_set.selections)


def _introspection_selections(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str]
) -> tuple[SelectionNode, ...]:
    """The ``__schema``/``__type`` fields of a root selection set, inside the (inline) fragments
    and directives that hold them, so that ``@include``/``@skip`` still apply."""
    kept: list[SelectionNode] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value in _INTROSPECTION_ROOTS:
                kept.append(selection)
            continue
        if isinstance(selection, InlineFragmentNode):
            type_condition, inner = selection.type_condition, selection.selection_set
        else:
            assert isinstance(selection, FragmentSpreadNode)
            name = selection.name.value
            definition = fragments.get(name)
            if definition is None or name in seen:
                continue
            seen = seen | {name}
            type_condition, inner = definition.type_condition, definition.selection_set
        found = _introspection_selections(inner, fragments, seen)
        if found:
            kept.append(
                InlineFragmentNode(
                    type_condition=type_condition,
                    directives=selection.directives,
                    selection_set=SelectionSetNode(selections=found),
                )
            )
    return tuple(kept)


def _introspection_document(context: OperationContext) -> DocumentNode | None:
    """The operation cut down to its ``__schema``/``__type`` root fields (also those inside
    fragments), answered by graphql-core from the API schema (spec §4 "Introspection")."""
    operation, fragments = context.definition, context.fragments
    selections = _introspection_selections(operation.selection_set, dict(fragments), frozenset())
    if not selections:
        return None
    only = OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=operation.variable_definitions,
        directives=operation.directives,
        selection_set=SelectionSetNode(selections=selections),
    )
    # the fragments stay: selections below __schema/__type may spread them
    return DocumentNode(definitions=(only, *fragments.values()))


def _has_guard(node: PlanNode | None) -> bool:
    match node:
        case None:
            return False
        case FetchNode(guard=guard):
            return guard is not None
        case FlattenNode(node=inner):
            return _has_guard(inner)
        case SequenceNode(nodes=nodes) | ParallelNode(nodes=nodes):
            return any(_has_guard(child) for child in nodes)
        case ConditionNode(if_clause=if_clause, else_clause=else_clause):
            return _has_guard(if_clause) or _has_guard(else_clause)
    return False


class Prepared:
    """One (document, operation name, rights) after parse, validate, authorize and plan.

    ``document`` and ``operation`` are the caller's own (shaping answers every field asked);
    ``authorized`` is what was planned; ``denied`` the fields answered null with an error."""

    __slots__ = (
        "authorized",
        "conditions",
        "context",
        "demand",
        "denied",
        "document",
        "introspection",
        "introspection_answer",
        "kind",
        "nulls",
        "operation",
        "personal",
        "plan",
        "programs",
        "rights",
    )

    def __init__(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        plan: QueryPlan,
        authorized: Authorized | None = None,
        rights: Rights = PUBLIC,
        demand: Demand | None = None,
        context: OperationContext | None = None,
    ) -> None:
        #: the caller's operation, selected once, with its fragments by name
        self.context = context or OperationContext.of(document, operation)
        self.document = document
        self.operation = operation
        if authorized is None:
            authorized = Authorized(document, operation, _NOTHING_DENIED)
        self.authorized = authorized
        self.denied = self.authorized.denied
        self.rights = rights
        self.kind: OperationType = self.context.kind
        self.plan = plan
        #: whether the plan reaches personal data (a consent-guarded fetch): such executions are
        #: decided and recorded per request, never shared between requests
        self.personal = _has_guard(plan.node)
        self.conditions = condition_variables(document)
        self.introspection = _introspection_document(self.context)
        #: the introspection part's answer, kept when it cannot depend on variables
        self.introspection_answer: dict[str, Any] | None = None
        self.programs: dict[tuple[bool, ...], ShapeProgram] = {}
        #: explicit nulls of nullable variables in non-null positions (set by the pipeline)
        self.nulls: NullChecks | None = None
        #: the cost estimate without variables; when it depends on them (``demand.variable``) the
        #: operation is estimated again for each request
        self.demand = demand


class Pipeline:
    """The stages with their caches, for one supergraph and one subgraph transport."""

    def __init__(
        self,
        supergraph: Supergraph,
        planner: Planner,
        transport: Transport,
        cache_size: int = 1024,
        limits: Limits | None = None,
        tracer: Tracer | None = None,
        demand: DemandLimits | None = None,
        cache_bytes: int = 64 << 20,
        max_cached_document_bytes: int = 128 << 10,
    ) -> None:
        self.supergraph = supergraph
        #: spans for the stages (docs/tracing.md); None: tracing off
        self.tracer = tracer
        self.limits = limits = limits or Limits()
        self.demand = demand or DemandLimits()
        self._rules = limit_rules(limits)
        self.schema = supergraph.api_schema
        self.planner = planner
        self.transport = transport
        self._full_schema: GraphQLSchema = supergraph.schema
        rules = auth_rules(supergraph)
        #: None when the supergraph guards nothing: authorization is skipped
        self.auth_rules: AuthRules | None = rules if rules and (rules.types or rules.fields) else None
        #: the supergraph's @cost/@listSize hints
        self.hints: CostHints = cost_hints(supergraph.document, supergraph.features)
        # keyed on the document's SHA-256, weighed by its length (a parsed document keeps its
        # text alive), bounded by entries and bytes; documents over a size are not kept
        bounds = {"max_bytes": cache_bytes, "max_entry_bytes": max_cached_document_bytes}
        self._documents: LruCache[bytes, DocumentNode | GatewayError] = LruCache(cache_size, **bounds)
        self._prepared: LruCache[tuple[Any, ...], Prepared | GatewayError] = LruCache(cache_size, **bounds)
        #: the API schema as each caller's rights see it, for introspection
        self._visible: dict[Rights, GraphQLSchema] = {}
        #: prepare() look-ups answered from the cache, and those that prepared the document
        self.prepared_hits = 0
        self.prepared_misses = 0

    def document(self, query: str, key: bytes | None = None) -> DocumentNode:
        """Parsed, measured and validated document for ``query`` (cached by ``key``, its
        :func:`~gateway.cache.digest`, errors too)."""
        key = key or digest(query)
        found = self._documents.get(key)
        if found is None:
            try:
                with span(self.tracer, "graphql.parse"):
                    document = parse_document(query, self.limits.max_tokens)
                    check_size(document, self.limits.max_fields)
                with span(self.tracer, "graphql.validate"):
                    found = validate_document(self.schema, document, self._rules)
            except GatewayError as error:
                found = error
            self._documents.put(key, found, len(query))
        if isinstance(found, GatewayError):
            raise found
        return found

    def prepare(self, query: str, operation_name: str | None, rights: Rights = PUBLIC) -> Prepared:
        """Everything that depends on the document and the caller's rights only: cached by
        (query, operation name, rights); by (query, operation name) when the supergraph guards
        nothing."""
        rules = self.auth_rules
        text_key = digest(query)
        if rules is None:
            rights = PUBLIC
            key: tuple[Any, ...] = (text_key, operation_name)
        else:
            key = (text_key, operation_name, rights)
        found = self._prepared.get(key)
        if found is None:
            self.prepared_misses += 1
            try:
                document = self.document(query, text_key)
                context = OperationContext.select(document, operation_name)
                operation = context.definition
                demand = self.estimate(context, None)
                with span(self.tracer, "spbe.authorize"):
                    authorized = authorize(self._full_schema, self.schema, rules, document, operation, rights)
                planned = context
                if authorized.document is not document or authorized.operation is not operation:
                    planned = OperationContext.of(authorized.document, authorized.operation)
                with span(self.tracer, "spbe.plan"):
                    plan = plan_operation(self.planner, self.supergraph, planned)
                found = Prepared(document, operation, plan, authorized, rights, demand, context)
                found.nulls = NullChecks(self.schema, document, operation)
            except (ParseError, ValidationError) as error:
                raise error from None  # already cached by document()
            except GatewayError as error:
                found = error
            self._prepared.put(key, found, len(query))
        else:
            self.prepared_hits += 1
        if isinstance(found, GatewayError):
            raise found
        return found

    async def run(
        self, prepared: Prepared, inputs: Mapping[str, Any] | None, access: ExecutionAccess | None = None
    ) -> dict[str, Any]:
        """Coerce variables, execute the plan for ``access``'s caller (consent decisions at every
        guarded entity fetch, the caller signed into every subgraph request), shape the answer:
        the response as a dict. Without ``access`` guarded records are refused."""
        variables = coerce_variables(self.schema, prepared.operation, inputs)
        if prepared.nulls is not None:  # spec §6.4.1: a null where a value is needed (BAD_USER_INPUT)
            prepared.nulls.check(variables.coerced)
        if prepared.demand is not None and prepared.demand.variable:
            self.estimate(prepared.context, variables.coerced)
        tracer = self.tracer
        with span(tracer, "graphql.execute"):
            data, errors = await execute_plan(
                prepared.plan, self.supergraph, variables.coerced, self.transport, access, tracer
            )
            if prepared.introspection is not None:
                data.update(self._introspect(prepared, inputs))
        with span(tracer, "spbe.shape"):
            program = self.program(prepared, variables)
            shaped, errors = program.run(data, errors)
        response: dict[str, Any] = {"data": shaped}
        if errors:
            response["errors"] = errors
        return response

    def estimate(self, context: OperationContext, variables: Mapping[str, Any] | None) -> Demand:
        """The operation's cost estimate (gateway/demand.py); ``CostLimitError`` or
        ``ListArgumentLimitError`` over the limits. Without ``variables``, an estimate that
        depends on them is not checked: it is made again with each request's."""
        demand = estimate(
            self.schema, self.hints, context.definition, context.fragments, variables, self.demand
        )
        if variables is not None or not demand.variable:
            demand.check(self.demand)
        return demand

    def _introspect(self, prepared: Prepared, inputs: Mapping[str, Any] | None) -> dict[str, Any]:
        """The ``__schema``/``__type`` fields, from graphql-core over the API schema as the
        caller's rights see it (gateway/access/introspection.py); cached per prepared operation
        when it has no variables."""
        if prepared.introspection_answer is not None:
            return prepared.introspection_answer
        assert prepared.introspection is not None
        schema = self.schema
        if self.auth_rules is not None:
            seen = self._visible.get(prepared.rights)
            if seen is None:
                seen = self._visible[prepared.rights] = visible_schema(
                    self.schema, self.auth_rules, prepared.rights
                )
            schema = seen
        answered = execute_sync(schema, prepared.introspection, variable_values=dict(inputs or {}))
        result = answered.data or {}
        if not prepared.operation.variable_definitions and not answered.errors:
            prepared.introspection_answer = result
        return result

    def program(self, prepared: Prepared, variables: VariableValues) -> ShapeProgram:
        """The shaping program for these ``@include``/``@skip`` values (cached)."""
        coerced = variables.coerced
        key = tuple(bool(coerced.get(name)) for name in prepared.conditions)
        program = prepared.programs.get(key)
        if program is None:
            program = ShapeProgram(
                self.schema,
                prepared.document,
                prepared.operation,
                variables,
                self._full_schema,
                prepared.denied,
                prepared.context.fragments,
            )
            prepared.programs[key] = program
        return program

