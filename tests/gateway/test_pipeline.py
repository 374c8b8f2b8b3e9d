"""The pipeline's stages, their error types and caches."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from graphql import DocumentNode

from gateway.access.caller import Caller, CallerKind
from gateway.access.rights import Rights
from gateway.errors import OperationResolutionError, ParseError, PlanError, ValidationError, VariableError
from gateway.executor.access import ALLOWED, Decisions
from gateway.operation import OperationContext
from gateway.pipeline import Pipeline, parse_document, select_operation
from gateway.planner import build_plan
from gateway.planner.plan import Guard, QueryPlan
from gateway.planner.printer import print_plan
from gateway.supergraph import Supergraph
from gateway.transport import AiohttpTransport
from tests.gateway.access import citizens
from tests.gateway.executor import shop


def pipeline(planner: Any = build_plan) -> Pipeline:
    supergraph = Supergraph.parse(shop.supergraph_sdl("http://a", "http://b", "http://c"))
    return Pipeline(supergraph, planner, AiohttpTransport())


def test_documents_and_plans_are_prepared_once_per_query_and_operation() -> None:
    planned: list[str | None] = []

    def counting(
        supergraph: Any, document: DocumentNode, name: str | None, *, context: OperationContext | None = None
    ) -> QueryPlan:
        planned.append(name)
        assert context is not None and context.name == name  # selected once, by the pipeline
        return build_plan(supergraph, document, name, context=context)

    stages = pipeline(counting)
    query = "query A { me { name } } query B { topProducts { name } }"
    first = stages.prepare(query, "A")
    assert stages.prepare(query, "A") is first
    assert stages.document(query) is first.document
    stages.prepare(query, "B")
    assert planned == ["A", "B"]


@pytest.mark.parametrize(
    ("query", "name", "error"),
    [
        ("{ me { ", None, ParseError),
        ("{ me { nope } }", None, ValidationError),
        ("{ me { secret: name } color: __type(name: 1) { name } }", None, ValidationError),
        ("query A { me { id } } query B { me { id } }", None, OperationResolutionError),
        ("query A { me { id } }", "C", OperationResolutionError),
    ],
)
def test_each_stage_raises_its_own_error(query: str, name: str | None, error: type[Exception]) -> None:
    stages = pipeline()
    with pytest.raises(error):
        stages.prepare(query, name)
    with pytest.raises(error):  # cached, same answer
        stages.prepare(query, name)


def test_planner_failures_become_plan_errors() -> None:
    def broken(*_: Any, **__: Any) -> QueryPlan:
        raise KeyError("no route")

    with pytest.raises(PlanError) as raised:
        pipeline(broken).prepare("{ me { id } }", None)
    assert raised.value.message == "The gateway could not plan this operation."
    assert raised.value.detail == "KeyError: 'no route'"  # for the log, never sent


async def test_variables_are_coerced_with_defaults_or_rejected() -> None:
    stages = pipeline()
    prepared = stages.prepare("query($u: String!) { product(upc: $u) { name } }", None)
    with pytest.raises(VariableError, match="u"):
        await stages.run(prepared, {})
    await stages.transport.close()


def test_operations_are_selected_by_name() -> None:
    document = parse_document("query A { __typename } query B { __typename }")
    selected = select_operation(document, "B")
    assert selected.name is not None and selected.name.value == "B"


async def test_introspection_answers_are_kept_when_they_cannot_depend_on_variables() -> None:
    stages = pipeline()
    prepared = stages.prepare('{ __type(name: "Color") { enumValues { name } } }', None)
    first = await stages.run(prepared, None)
    assert first == {"data": {"__type": {"enumValues": [{"name": "RED"}, {"name": "GREEN"}]}}}
    assert prepared.introspection_answer is not None
    assert await stages.run(prepared, None) == first
    with_variables = stages.prepare("query($n: String!) { __type(name: $n) { name } }", None)
    assert await stages.run(with_variables, {"n": "User"}) == {"data": {"__type": {"name": "User"}}}
    assert await stages.run(with_variables, {"n": "Review"}) == {"data": {"__type": {"name": "Review"}}}
    assert with_variables.introspection_answer is None


async def test_introspection_inside_fragments_and_under_conditions() -> None:
    stages = pipeline()
    query = """
    query($withSchema: Boolean!) {
      ...Meta
      ... @include(if: $withSchema) { __schema { mutationType { name } } }
    }
    fragment Meta on Query { user: __type(name: "User") { name } }
    """
    prepared = stages.prepare(query, None)
    assert await stages.run(prepared, {"withSchema": True}) == {
        "data": {"user": {"name": "User"}, "__schema": {"mutationType": {"name": "Mutation"}}}
    }
    assert await stages.run(prepared, {"withSchema": False}) == {"data": {"user": {"name": "User"}}}


# -- authorization: plans and shaping per caller rights ---------------------------------------

GUARDED = "{ agencies { name budget } citizens { nik name address health { bpjs } bloodType } }"


def guarded_pipeline() -> tuple[Pipeline, citizens.RecordingTransport]:
    transport = citizens.RecordingTransport(
        {citizens.PEOPLE_URL: citizens.people(), citizens.HEALTH_URL: citizens.health()}
    )
    return Pipeline(citizens.supergraph(), build_plan, transport), transport


def test_the_same_document_gets_one_plan_per_rights_and_the_cache_holds_both() -> None:
    stages, _ = guarded_pipeline()
    query = "{ me { name health { bpjs } } }"
    anonymous = stages.prepare(query, None, citizens.ANONYMOUS)
    agency = stages.prepare(query, None, citizens.AGENCY)
    assert anonymous.plan.node is None  # nothing the caller may see lives in a subgraph
    printed = print_plan(agency.plan)
    assert 'Fetch(service: "people")' in printed and 'Fetch(service: "health")' in printed
    assert "health {" in printed
    without_purpose = stages.prepare(query, None, citizens.AGENCY_WITHOUT_PURPOSE)
    assert print_plan(without_purpose.plan) == (
        'QueryPlan {\n  Fetch(service: "people") {\n    {\n      me {\n        name\n      }\n'
        "    }\n  },\n}"
    )
    # each is kept, and equal rights (another object) find the same entry
    same = Rights(
        kind=CallerKind.AGENCY, scopes=frozenset({"identity:read", "health:read"}), has_purpose=True
    )
    assert stages.prepare(query, None, same) is agency
    assert stages.prepare(query, None, citizens.ANONYMOUS) is anonymous
    assert stages.prepare(query, None) is anonymous  # PUBLIC is the default
    assert len(stages._prepared) == 3
    # parse and validate stay keyed by the query alone; shaping uses the caller's own document
    assert anonymous.document is agency.document is stages.document(query)
    assert anonymous.authorized.document is not agency.authorized.document


def test_a_supergraph_without_authorization_directives_skips_the_stage() -> None:
    stages = pipeline()
    assert stages.auth_rules is None
    first = stages.prepare("{ me { name } }", None)
    assert stages.prepare("{ me { name } }", None, citizens.AGENCY) is first
    assert first.authorized.document is first.document and len(first.denied) == 0


class _AllowEveryone:
    """Consent decisions that allow every citizen (scopes are what these tests are about; consent
    has its own tests in tests/gateway/executor/test_consent.py and tests/integration)."""

    caller = Caller(kind=CallerKind.AGENCY, agency="TEST", request_id="t")

    async def decide(self, guard: Guard, subjects: Sequence[str]) -> Decisions:
        return dict.fromkeys(subjects, ALLOWED)


async def test_concurrent_callers_on_one_document_only_ask_what_they_may_see() -> None:
    stages, transport = guarded_pipeline()
    kinds = [citizens.ANONYMOUS, citizens.AGENCY, citizens.AGENCY_WITHOUT_PURPOSE, citizens.CITIZEN]

    async def call(rights: Rights) -> tuple[Rights, list[str], dict[str, Any]]:
        asked = citizens.asked()
        await asyncio.sleep(0)
        response = await stages.run(stages.prepare(GUARDED, None, rights), None, _AllowEveryone())
        return rights, asked, response

    results = await asyncio.gather(*(call(kinds[i % 4]) for i in range(40)))
    for rights, asked, response in results:
        text = " ".join(asked)
        assert "budget" not in text  # no caller here holds audit and finance:read
        errors = {tuple(e["path"]): e["extensions"]["code"] for e in response.get("errors", [])}
        assert errors[("agencies", 0, "budget")] == "UNAUTHORIZED_FIELD_OR_TYPE"
        assert response["data"]["agencies"] == [{"name": "Dukcapil", "budget": None}]
        if rights is citizens.ANONYMOUS:
            assert asked == ["{agencies{name}}"]
            assert response["data"]["citizens"] is None
            assert errors[("citizens",)] == "UNAUTHORIZED_FIELD_OR_TYPE"
            continue
        assert "citizens{" in text and "address" in text and "bloodType" in text
        shaped = response["data"]["citizens"]
        assert [c["nik"] for c in shaped] == [c["nik"] for c in citizens.CITIZENS]
        if rights is citizens.AGENCY_WITHOUT_PURPOSE:
            assert "health" not in text
            assert [c["health"] for c in shaped] == [None] * 5
            assert [path for path, code in errors.items() if code == "PURPOSE_REQUIRED"] == [
                ("citizens", i, "health") for i in range(5)
            ]
        else:
            assert "health{bpjs}" in text
            assert shaped[3]["health"] == {"bpjs": "0003"}
            assert set(errors) == {("agencies", 0, "budget")}
    assert transport.calls == sum(len(asked) for _, asked, _ in results)


async def test_denied_fields_are_null_with_their_error_and_non_null_ones_null_their_parent() -> None:
    stages, _ = guarded_pipeline()
    identity_only = Rights(kind=CallerKind.AGENCY, scopes=frozenset({"identity:read"}), has_purpose=True)
    message = "Unauthorized field or type: Citizen.bloodType needs scope health:read or citizen."
    extensions = {
        "code": "UNAUTHORIZED_FIELD_OR_TYPE",
        "rule": "requiresScopes",
        "scopes": [["health:read"], ["citizen"]],
    }
    # a non-null field: its parent becomes null, one error explains it (no NULL_IN_NON_NULL_FIELD)
    me = await stages.run(stages.prepare("{ me { nik blood: bloodType } }", None, identity_only), None)
    assert me == {
        "data": {"me": None},
        "errors": [{"message": message, "path": ["me", "blood"], "extensions": extensions}],
    }
    # in a list of non-null items the null reaches the (nullable) list; other fields stay
    listed = await stages.run(
        stages.prepare("{ citizens { nik bloodType } agencies { name } }", None, identity_only), None
    )
    assert listed["data"] == {"citizens": None, "agencies": [{"name": "Dukcapil"}]}
    assert [e["path"] for e in listed["errors"]] == [["citizens", 0, "bloodType"]]
    # a nullable field is null on every object, each with its own error at its concrete path
    nullable = await stages.run(
        stages.prepare("{ citizens { nik health { bpjs } } }", None, identity_only), None
    )
    assert [c["health"] for c in nullable["data"]["citizens"]] == [None] * 5
    assert [e["path"] for e in nullable["errors"]] == [["citizens", i, "health"] for i in range(5)]
    assert nullable["errors"][3]["message"] == (
        "Unauthorized field or type: Citizen.health needs scope health:read or citizen."
    )


async def test_a_removed_fragment_answers_its_fields_null_where_it_applied() -> None:
    stages, transport = guarded_pipeline()
    query = '{ search(text: "a") { __typename ... on Citizen { address } ... on Agency { name } } }'
    response = await stages.run(stages.prepare(query, None, citizens.ANONYMOUS), None)
    assert response["data"] == {
        "search": [
            {"__typename": "Citizen", "address": None},
            {"__typename": "Citizen", "address": None},
            {"__typename": "Agency", "name": "Dukcapil"},
        ]
    }
    assert [(e["path"], e["message"]) for e in response["errors"]] == [
        (["search", i, "address"], "Unauthorized field or type: Citizen needs an authenticated caller.")
        for i in (0, 1)
    ]
    assert "Citizen" not in transport.queries[0] and "address" not in transport.queries[0]
    # a non-null field of the removed fragment nulls its object, and here the whole non-null list
    query = '{ search(text: "a") { ... on Citizen { name } ... on Agency { name } } }'
    response = await stages.run(stages.prepare(query, None, citizens.ANONYMOUS), None)
    assert response["data"] is None
    assert [e["path"] for e in response["errors"]] == [["search", 0, "name"]]


async def test_introspection_answers_fragments_spread_below_schema() -> None:
    stages = pipeline()
    query = "{ __schema { queryType { ...Named } } } fragment Named on __Type { name kind }"
    response = await stages.run(stages.prepare(query, None), None)
    assert response == {"data": {"__schema": {"queryType": {"name": "Query", "kind": "OBJECT"}}}}
