"""The four subgraph schemas compose into one supergraph (with the gateway's composer) whose API
schema offers every service's contribution to ``Citizen``."""

from __future__ import annotations

import importlib

from graphql import GraphQLObjectType

from gateway.compose import SubgraphSDL, compose
from gateway.supergraph import Supergraph
from subgraphs.app import SERVICES


def _supergraph() -> Supergraph:
    subgraphs = [
        SubgraphSDL(
            name=service,
            url=f"http://127.0.0.1:{4001 + n}/graphql",
            sdl=importlib.import_module(f"subgraphs.{service}.schema").schema.as_str(),
        )
        for n, service in enumerate(SERVICES)
    ]
    return Supergraph.parse(compose(subgraphs))


def test_citizen_gathers_every_service() -> None:
    api = _supergraph().api_schema
    citizen = api.get_type("Citizen")
    assert isinstance(citizen, GraphQLObjectType)
    assert {"nik", "fullName", "village", "family", "health", "education", "police"} <= set(citizen.fields)


def test_references_resolve_to_the_owning_types() -> None:
    api = _supergraph().api_schema
    for type_name, field_name in (
        ("Facility", "region"),
        ("School", "region"),
        ("School", "currentStudents"),
    ):
        owner = api.get_type(type_name)
        assert isinstance(owner, GraphQLObjectType)
        assert field_name in owner.fields
    region = api.get_type("Region")
    assert isinstance(region, GraphQLObjectType)
    assert {"name", "province", "dottedCode"} <= set(region.fields)


def test_root_fields_are_public_lookups_only() -> None:
    query = _supergraph().api_schema.query_type
    assert query is not None
    assert set(query.fields) == {
        "citizen",
        "citizens",
        "region",
        "regions",
        "facility",
        "facilities",
        "school",
        "schools",
        "drivingLicenceClasses",
    }
