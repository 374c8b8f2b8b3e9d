"""Walking a query plan: fetches in sequence and in parallel, entity steps, conditions.

Implements the execution of Apollo Federation query plans
(https://www.apollographql.com/docs/graphos/reference/federation/query-plans): ``Fetch`` sends an
operation to one subgraph, ``Flatten`` runs an entity fetch for the objects at a path,
``Sequence`` runs steps one after another (also the root fields of a mutation, spec §6.2.2),
``Parallel`` runs them together, ``Condition`` picks a branch by an ``@include``/``@skip``
variable. Subgraph errors are passed on with their paths in client terms and
``extensions.serviceName``; a subgraph that cannot be reached yields ``SUBGRAPH_UNAVAILABLE``
errors on the paths it would have filled, and the rest of the answer still comes back. Such an
error tells the client the subgraph's name, why in one word (``extensions.reason``) and the
request id (``extensions.requestId``); the subgraph's address and the library's message go to
the ``gateway.executor`` log at WARNING with the same request id (docs/errors.md).

Every subgraph request carries the caller of ``access`` (the transport signs it). An entity fetch
behind a consent boundary (``FetchNode.guard``) sends only the representations of subjects the
caller may see: ``access.decide`` is asked once per plan step for all of them, and each object
left out gets one error per guarded response key (the denial's code, ``extensions.category``).
Without ``access``, or when the decision cannot be had, every subject of that step is left out
(``ACCESS_CHECK_FAILED``): personal data is never sent on a failed check.

With a ``tracer`` (docs/tracing.md) every subgraph request is a client span ``fetch <subgraph>``
whose context travels in ``traceparent``, and every consent decision a ``consent`` span: names,
counts and outcomes only, never a NIK or a variable.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import weakref
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, Protocol

import orjson
from graphql import FieldNode, GraphQLSchema, is_abstract_type, is_object_type, parse
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer

from gateway.errors import SUBGRAPH_UNAVAILABLE, graphql_error
from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FetchRewrite,
    FlattenNode,
    Guard,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)
from gateway.tracing import inject_context, span
from gateway.transport import SubgraphUnavailable, Transport, Unavailability

from .access import ACCESS_CHECK_FAILED, ACCESS_CHECK_FAILED_MESSAGE, Allowed, Denied, ExecutionAccess
from .merge import deep_merge
from .representations import (
    Batch,
    TypeMatcher,
    apply_rewrites,
    build_batch,
    collect_objects,
    locate_objects,
)

__all__ = ["SupergraphView", "execute_plan", "type_matcher"]

_log = logging.getLogger("gateway.executor")


class _SubgraphView(Protocol):
    @property
    def url(self) -> str: ...


class SupergraphView(Protocol):
    """What the executor needs of ``gateway.supergraph.Supergraph``."""

    @property
    def api_schema(self) -> GraphQLSchema: ...

    @property
    def subgraphs(self) -> Mapping[str, _SubgraphView]: ...


_MATCHERS: weakref.WeakKeyDictionary[GraphQLSchema, TypeMatcher] = weakref.WeakKeyDictionary()


def type_matcher(schema: GraphQLSchema) -> TypeMatcher:
    """``matches(typename, condition)`` for ``schema``: same type, or a possible type of it."""
    matcher = _MATCHERS.get(schema)
    if matcher is not None:
        return matcher
    known: dict[tuple[str, str], bool] = {}

    def matches(typename: str | None, condition: str) -> bool:
        if typename == condition:
            return True
        if typename is None:
            return False
        answer = known.get((typename, condition))
        if answer is None:
            abstract = schema.get_type(condition)
            concrete = schema.get_type(typename)
            answer = bool(
                is_abstract_type(abstract)
                and is_object_type(concrete)
                and schema.is_sub_type(abstract, concrete)
            )
            known[(typename, condition)] = answer
        return answer

    _MATCHERS[schema] = matches
    return matches


class _Run:
    __slots__ = (
        "access", "caller", "data", "errors", "matches", "subgraphs", "tracer", "transport", "variables",
    )

    def __init__(
        self,
        supergraph: SupergraphView,
        variables: Mapping[str, Any],
        transport: Transport,
        access: ExecutionAccess | None = None,
        tracer: Tracer | None = None,
    ) -> None:
        self.subgraphs = supergraph.subgraphs
        self.tracer = tracer
        self.variables = variables
        self.transport = transport
        self.access = access
        self.caller = access.caller if access is not None else None
        # the full supergraph schema when there is one: it still has @inaccessible types
        self.matches = type_matcher(getattr(supergraph, "schema", None) or supergraph.api_schema)
        self.data: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []


async def execute_plan(
    plan: QueryPlan,
    supergraph: SupergraphView,
    variables: Mapping[str, Any],
    transport: Transport,
    access: ExecutionAccess | None = None,
    tracer: Tracer | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run ``plan`` for ``access.caller``; return the merged data (client response keys) and the
    errors met. Without ``access`` no caller is sent and guarded fetches send nothing; with a
    ``tracer`` every fetch and consent decision is a span."""
    run = _Run(supergraph, variables, transport, access, tracer)
    if plan.node is not None:
        await _execute(plan.node, run)
    return run.data, run.errors


async def _execute(node: PlanNode, run: _Run) -> None:
    match node:
        case FetchNode():
            await _root_fetch(node, run)
        case FlattenNode(path=path, node=FetchNode() as fetch, more_paths=more_paths,
                         path_rewrites=path_rewrites):
            await _entity_fetch(fetch, (path, *more_paths), run, path_rewrites)
        case SequenceNode(nodes=nodes):
            for child in nodes:
                await _execute(child, run)
        case ParallelNode(nodes=nodes):
            await asyncio.gather(*(_execute(child, run) for child in nodes))
        case ConditionNode(condition=condition, if_clause=if_clause, else_clause=else_clause):
            branch = if_clause if run.variables.get(condition) else else_clause
            if branch is not None:
                await _execute(branch, run)
        case _:
            raise TypeError(f"unexpected plan node {type(node).__name__}")


def _variables(fetch: FetchNode, run: _Run) -> dict[str, Any]:
    values = run.variables
    return {name: values[name] for name in fetch.variable_usages if name in values}


class FetchKind(StrEnum):
    """What a subgraph request asks: root fields, or entities by representation."""

    ROOT = "root"
    ENTITIES = "entities"


async def _send(fetch: FetchNode, variables: dict[str, Any], run: _Run, kind: FetchKind) -> dict[str, Any]:
    """Send one fetch; raise ``SubgraphUnavailable`` unless a GraphQL response came back."""
    if run.tracer is None:
        return await _post(fetch, variables, run, None)
    attributes: dict[str, str | int] = {
        "spbe.subgraph": fetch.service_name,
        "spbe.fetch.kind": kind.value,
        "graphql.operation.type": fetch.operation_kind or "query",
    }
    if kind is FetchKind.ENTITIES:
        attributes["spbe.fetch.representations"] = len(variables.get("representations") or ())
    with run.tracer.start_as_current_span(
        f"fetch {fetch.service_name}",
        kind=SpanKind.CLIENT,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as fetch_span:
        try:
            response = await _post(fetch, variables, run, inject_context({}))
        except SubgraphUnavailable as error:
            fetch_span.set_attribute("spbe.fetch.outcome", "unavailable")
            fetch_span.set_status(Status(StatusCode.ERROR, str(error)))
            raise
        fetch_span.set_attribute("spbe.fetch.outcome", "errors" if response.get("errors") else "ok")
        return response


async def _post(
    fetch: FetchNode, variables: dict[str, Any], run: _Run, headers: Mapping[str, str] | None
) -> dict[str, Any]:
    subgraph = run.subgraphs.get(fetch.service_name)
    if subgraph is None:
        raise SubgraphUnavailable(Unavailability.UNREACHABLE, "not in the supergraph")
    request: dict[str, Any] = {"query": fetch.operation}
    if fetch.operation_name:
        request["operationName"] = fetch.operation_name
    if variables:
        request["variables"] = variables
    body = orjson.dumps(request)
    shareable = fetch.operation_kind != "mutation"
    if headers is None:  # tracing off: the transport's plain call
        raw = await run.transport.post(subgraph.url, body, shareable=shareable, caller=run.caller)
    else:
        raw = await run.transport.post(
            subgraph.url, body, shareable=shareable, caller=run.caller, headers=headers
        )
    try:
        response = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise SubgraphUnavailable(Unavailability.BAD_ANSWER, "the answer is not JSON") from error
    if type(response) is not dict or ("data" not in response and "errors" not in response):
        raise SubgraphUnavailable(Unavailability.BAD_ANSWER, "the answer is not a GraphQL response")
    return response


async def _root_fetch(fetch: FetchNode, run: _Run) -> None:
    try:
        response = await _send(fetch, _variables(fetch, run), run, FetchKind.ROOT)
    except SubgraphUnavailable as error:
        _report(fetch.service_name, error, run)
        for key in _root_keys(fetch.operation):
            run.errors.append(_unavailable(fetch.service_name, error, (key,), run))
        return
    data = response.get("data")
    if type(data) is dict:
        if fetch.output_rewrites:
            apply_rewrites(data, fetch.output_rewrites, run.matches)
        deep_merge(run.data, data)
    for failure in response.get("errors") or ():
        run.errors.extend(_passed_on(failure, fetch.service_name, None, {}))


async def _entity_fetch(
    fetch: FetchNode,
    paths: Sequence[Sequence[Any]],
    run: _Run,
    path_rewrites: Sequence[Sequence[FetchRewrite]] = (),
) -> None:
    found: list[dict[str, Any]] = []
    own_rewrites: dict[int, Sequence[FetchRewrite]] = {}  # object id -> its path's rewrites
    for index, path in enumerate(paths):
        objects = collect_objects(run.data, path)
        found.extend(objects)
        rewrites_here = path_rewrites[index] if index < len(path_rewrites) else ()
        if rewrites_here:
            for obj in objects:
                own_rewrites[id(obj)] = rewrites_here
    batch = build_batch(found, fetch.requires, fetch.input_rewrites, run.matches)
    if fetch.guard is not None and batch.representations:
        subjects = batch
        batch = await _consented(fetch.guard, batch, paths, run)
        try:
            await _entity_calls(fetch, paths, run, own_rewrites, batch)
        finally:
            _withheld_as_null(fetch.guard, subjects)
        return
    await _entity_calls(fetch, paths, run, own_rewrites, batch)


def _withheld_as_null(guard: Guard, batch: Batch) -> None:
    """Each guarded field a subject did not get (consent denied, the subgraph down or failing) is
    ``null`` in its object, not missing, so a later fetch that ``@requires`` it still runs and is
    told the fact was withheld (docs/query-planning.md, "Consent boundaries"; docs/social.md, "The
    gap view"); the client sees ``null`` either way, with the error already reported."""
    for objects in batch.objects:
        for obj in objects:
            for key in guard.response_keys:
                if key not in obj:
                    obj[key] = None


async def _entity_calls(
    fetch: FetchNode,
    paths: Sequence[Sequence[Any]],
    run: _Run,
    own_rewrites: dict[int, Sequence[FetchRewrite]],
    batch: Batch,
) -> None:
    """The ``_entities`` calls of one plan step's (consented) batch."""
    if not batch.representations:
        return
    shared = _variables(fetch, run)
    chunks = _chunks(batch, ENTITY_BATCH)
    located: dict[int, list[tuple[str | int, ...]]] | None = None
    if len(chunks) > 1:
        located = _object_paths(run.data, paths)  # once for every chunk's errors
    await asyncio.gather(
        *(_entity_call(fetch, shared, chunk, paths, own_rewrites, run, located) for chunk in chunks)
    )


#: Representations in one ``_entities`` call at most: a bigger plan step is sent as several calls
#: side by side, well below what a subgraph accepts in one (``SPBE_SUBGRAPH_MAX_REPRESENTATIONS``,
#: 10,000 by default; docs/subgraphs.md, "Limits").
ENTITY_BATCH = 5_000


def _chunks(batch: Batch, size: int) -> list[Batch]:
    """``batch`` as batches of at most ``size`` representations (itself when it fits)."""
    if len(batch.representations) <= size:
        return [batch]
    parts = []
    for start in range(0, len(batch.representations), size):
        part = Batch()
        part.representations = batch.representations[start : start + size]
        part.objects = batch.objects[start : start + size]
        parts.append(part)
    return parts


async def _entity_call(
    fetch: FetchNode,
    shared: dict[str, Any],
    batch: Batch,
    paths: Sequence[Sequence[Any]],
    own_rewrites: dict[int, Sequence[FetchRewrite]],
    run: _Run,
    located: dict[int, list[tuple[str | int, ...]]] | None,
) -> None:
    """One ``_entities`` call for ``batch`` and its answer merged into the objects behind it."""
    variables = {**shared, "representations": batch.representations}
    try:
        response = await _send(fetch, variables, run, FetchKind.ENTITIES)
    except SubgraphUnavailable as error:
        _report(fetch.service_name, error, run)
        located = located if located is not None else _object_paths(run.data, paths)
        affected = (at for objects in batch.objects for obj in objects for at in located.get(id(obj), ()))
        for at in dict.fromkeys(affected):
            run.errors.append(_unavailable(fetch.service_name, error, at, run))
        return
    data = response.get("data")
    entities = data.get("_entities") if type(data) is dict else None
    if type(entities) is list:
        rewrites = fetch.output_rewrites
        for entity, objects in zip(entities, batch.objects, strict=False):
            if type(entity) is not dict:
                continue
            if rewrites:
                apply_rewrites(entity, rewrites, run.matches)
            typename = entity.get("__typename")
            for obj in objects:
                entity_here = entity
                renames_here = own_rewrites.get(id(obj)) if own_rewrites else None
                if renames_here:
                    # this path asked some fields under an alias: its own copy, renamed back
                    entity_here = copy.deepcopy(entity)
                    apply_rewrites(entity_here, renames_here, run.matches)
                known = obj.get("__typename")
                if known is not None and typename is not None and known != typename and \
                        run.matches(known, typename):
                    # an @interfaceObject answers with the interface's name: keep the concrete one
                    deep_merge(obj, {k: v for k, v in entity_here.items() if k != "__typename"})
                else:
                    deep_merge(obj, entity_here)
    failures = response.get("errors")
    if failures:
        located = located if located is not None else _object_paths(run.data, paths)
        for failure in failures:
            run.errors.extend(_passed_on(failure, fetch.service_name, batch, located))


async def _consented(guard: Guard, batch: Batch, paths: Sequence[Sequence[Any]], run: _Run) -> Batch:
    """The part of ``batch`` whose subjects the caller may see for ``guard.category``, from one
    ``decide`` call for the whole step; an error per object left out and guarded response key."""
    key_field = guard.key_field
    subjects: dict[str, None] = {}
    for representation in batch.representations:
        value = representation.get(key_field)
        if type(value) is str:
            subjects[value] = None
    decisions: Mapping[str, Any] | None = None
    attributes = {"spbe.consent.category": guard.category, "spbe.consent.subjects": len(subjects)}
    with span(run.tracer, "consent", attributes=attributes) as consent_span:
        if run.access is not None and subjects:
            try:
                answer = await run.access.decide(guard, tuple(subjects))
            except Exception as error:  # fail closed: nothing of this step is sent
                _log.error("the access check failed: %s", type(error).__name__)
                answer = None
            decisions = answer if isinstance(answer, Mapping) else None
        if consent_span is not None:
            _describe_decisions(consent_span, decisions)
    failed = Denied(ACCESS_CHECK_FAILED, ACCESS_CHECK_FAILED_MESSAGE)
    kept = Batch()
    denied: list[tuple[list[dict[str, Any]], Denied]] = []
    for representation, objects in zip(batch.representations, batch.objects, strict=True):
        value = representation.get(key_field)
        decision = decisions.get(value) if decisions is not None and type(value) is str else None
        if type(decision) is Allowed:
            kept.representations.append(representation)
            kept.objects.append(objects)
        else:
            denied.append((objects, decision if type(decision) is Denied else failed))
    if denied:
        located = _object_paths(run.data, paths)
        for objects, denial in denied:
            for at in dict.fromkeys(at for obj in objects for at in located.get(id(obj), ())):
                for key in guard.response_keys:
                    extensions: dict[str, Any] = {"category": guard.category}
                    if denial.reason:
                        extensions["reason"] = denial.reason
                    run.errors.append(graphql_error(denial.message, denial.code, (*at, key), **extensions))
    return kept


def _describe_decisions(consent_span: Any, decisions: Mapping[str, Any] | None) -> None:
    """Counts and reasons of one step's decisions on its span (never whom they are about)."""
    if decisions is None:
        consent_span.set_attribute("spbe.consent.outcome", "failed")
        consent_span.set_status(Status(StatusCode.ERROR, ACCESS_CHECK_FAILED))
        return
    allowed = sum(1 for decision in decisions.values() if type(decision) is Allowed)
    reasons = sorted({d.reason or d.code for d in decisions.values() if type(d) is Denied})
    consent_span.set_attribute("spbe.consent.outcome", "decided")
    consent_span.set_attribute("spbe.consent.allowed", allowed)
    consent_span.set_attribute("spbe.consent.denied", len(decisions) - allowed)
    if reasons:
        consent_span.set_attribute("spbe.consent.reasons", reasons)


def _object_paths(data: Any, paths: Sequence[Sequence[Any]]) -> dict[int, list[tuple[str | int, ...]]]:
    """Response paths of the objects at the flatten paths, by object identity (errors only)."""
    located: dict[int, list[tuple[str | int, ...]]] = {}
    for path in paths:
        for obj, at in locate_objects(data, path):
            located.setdefault(id(obj), []).append(at)
    return located


def _passed_on(
    error: Any, service: str, batch: Batch | None, located: dict[int, list[tuple[str | int, ...]]]
) -> list[dict[str, Any]]:
    """A subgraph's error in client terms, ``extensions.serviceName`` added: ``_entities.N.rest``
    becomes ``<object path>.rest`` for every object representation ``N`` stood for."""
    if type(error) is not dict:
        return [graphql_error(str(error), "SUBGRAPH_ERROR", serviceName=service)]
    out = dict(error)
    extensions = error.get("extensions")
    out["extensions"] = {**(extensions if type(extensions) is dict else {}), "serviceName": service}
    path = error.get("path")
    if batch is None or type(path) is not list:
        return [out]
    index = path[1] if len(path) >= 2 and path[0] == "_entities" else None
    if type(index) is not int or not 0 <= index < len(batch.objects):
        out.pop("path", None)
        return [out]
    rest = path[2:]
    paths = [at for obj in batch.objects[index] for at in located.get(id(obj), ())]
    return [{**out, "path": [*at, *rest]} for at in dict.fromkeys(paths)] or [{**out, "path": rest}]


_SAYS = {
    Unavailability.UNREACHABLE: "is unavailable.",
    Unavailability.TIMED_OUT: "timed out.",
    Unavailability.BAD_ANSWER: "is unavailable.",
    Unavailability.CIRCUIT_OPEN: "is unavailable: it failed repeatedly, and is left alone for a moment.",
}


def _unavailable(
    service: str, error: SubgraphUnavailable, path: Sequence[str | int], run: _Run
) -> dict[str, Any]:
    """The client's error: the subgraph's name, the reason's word and the request id, nothing of
    the subgraph's address or the library's message (those are in the log, :func:`_report`)."""
    extensions: dict[str, Any] = {"serviceName": service, "reason": error.reason.value}
    request_id = run.caller.request_id if run.caller is not None else ""
    if request_id:
        extensions["requestId"] = request_id
    message = f"Subgraph '{service}' {_SAYS[error.reason]}"
    return graphql_error(message, SUBGRAPH_UNAVAILABLE, path, **extensions)


def _report(service: str, error: SubgraphUnavailable, run: _Run) -> None:
    """One WARNING line per failed fetch, for the operator: address, library message, request id
    (never the request's body, which may hold NIKs)."""
    subgraph = run.subgraphs.get(service)
    request_id = run.caller.request_id if run.caller is not None else ""
    _log.warning(
        "subgraph %s at %s: %s (%s), request %s",
        service, subgraph.url if subgraph is not None else "-", error.reason.value, error.detail,
        request_id or "-",
        extra={"subgraph": service, "reason": error.reason.value, "request_id": request_id or None},
    )


def _root_keys(operation: str) -> list[str]:
    """The response keys a root fetch would have filled (only computed when it failed)."""
    try:
        document = parse(operation, no_location=True)
    except Exception:
        return []
    keys: list[str] = []
    for definition in document.definitions:
        for selection in getattr(getattr(definition, "selection_set", None), "selections", ()):
            if isinstance(selection, FieldNode) and selection.name.value != "__typename":
                keys.append((selection.alias or selection.name).value)
    return keys
