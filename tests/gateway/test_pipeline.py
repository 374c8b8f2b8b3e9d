"""The pipeline's stages, their error types and caches."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import DocumentNode

from gateway.errors import OperationResolutionError, ParseError, PlanError, ValidationError, VariableError
from gateway.pipeline import Pipeline, parse_document, select_operation
from gateway.planner import build_plan
from gateway.planner.plan import QueryPlan
from gateway.supergraph import Supergraph
from gateway.transport import AiohttpTransport
from tests.gateway.executor import shop


def pipeline(planner: Any = build_plan) -> Pipeline:
    supergraph = Supergraph.parse(shop.supergraph_sdl("http://a", "http://b", "http://c"))
    return Pipeline(supergraph, planner, AiohttpTransport())


def test_documents_and_plans_are_prepared_once_per_query_and_operation() -> None:
    planned: list[str | None] = []

    def counting(supergraph: Any, document: DocumentNode, name: str | None) -> QueryPlan:
        planned.append(name)
        return build_plan(supergraph, document, name)

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
    def broken(*_: Any) -> QueryPlan:
        raise KeyError("no route")

    with pytest.raises(PlanError, match="Could not plan the operation"):
        pipeline(broken).prepare("{ me { id } }", None)


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
