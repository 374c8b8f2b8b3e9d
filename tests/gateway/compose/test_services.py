"""Our own service subgraphs compose, and as the reference composer composes them. Social is among
them: education's and health's statistics @requires its cohorts (docs/statistics.md), so they do
not compose without it."""

from __future__ import annotations

import importlib

import pytest
from graphql import GraphQLObjectType, ObjectTypeDefinitionNode, build_ast_schema, parse, print_ast

from gateway.compose import SubgraphSDL, compose

from .normal_form import differences, normal_form
from .reference import node_available, prepare, reference_compose

SERVICES = ("identity", "health", "education", "police", "social")


def service_subgraphs() -> list[SubgraphSDL]:
    """Each service's SDL as its `_service { sdl }` answers it."""
    subgraphs = []
    for service in SERVICES:
        schema = importlib.import_module(f"subgraphs.{service}.schema").schema
        result = schema.execute_sync("{ _service { sdl } }")
        assert result.errors is None, result.errors
        assert result.data is not None
        subgraphs.append(
            SubgraphSDL(service, f"http://127.0.0.1:4000/{service}", result.data["_service"]["sdl"])
        )
    return subgraphs


def test_services_compose_around_citizen() -> None:
    supergraph = compose(service_subgraphs())
    document = parse(supergraph)
    citizen = next(
        d
        for d in document.definitions
        if isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Citizen"
    )
    joins = [print_ast(d) for d in citizen.directives or () if d.name.value == "join__type"]
    assert sorted(joins) == [
        f'@join__type(graph: {g}, key: "nik")'
        for g in ("EDUCATION", "HEALTH", "IDENTITY", "POLICE", "SOCIAL")
    ]
    schema_citizen = build_ast_schema(document).type_map["Citizen"]
    assert isinstance(schema_citizen, GraphQLObjectType)
    assert {"nik", "health", "education", "police", "social"} <= set(schema_citizen.fields)


@pytest.mark.node
@pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the reference composer")
def test_services_same_supergraph_as_reference() -> None:
    prepare()
    subgraphs = service_subgraphs()
    theirs, errors = reference_compose(subgraphs)
    assert errors == []
    assert theirs is not None
    found = differences(normal_form(compose(subgraphs)), normal_form(theirs))
    assert found == [], "\n".join(found)


@pytest.mark.node
@pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the reference composer")
def test_every_service_composes_as_the_reference_composes() -> None:
    """All of them, payments' reference stubs (``resolvable: false`` keys of several fields) and
    the ``consent:<category>:<subjectField>`` policies included (docs/payments.md): the same
    supergraph, in normal form, as the reference composer writes."""
    from subgraphs.app import SERVICES as ALL

    subgraphs = []
    for service in ALL:
        schema = importlib.import_module(f"subgraphs.{service}.schema").schema
        result = schema.execute_sync("{ _service { sdl } }")
        assert result.errors is None and result.data is not None
        subgraphs.append(
            SubgraphSDL(service, f"http://127.0.0.1:4000/{service}", result.data["_service"]["sdl"])
        )
    prepare()
    theirs, errors = reference_compose(subgraphs)
    assert errors == []
    assert theirs is not None
    found = differences(normal_form(compose(subgraphs)), normal_form(theirs))
    assert found == [], "\n".join(found)
    assert "consent:police:holderNik" in theirs
