"""The five subgraph schemas compose into one supergraph (with the gateway's composer) whose API
schema offers every service's contribution to ``Citizen``."""

from __future__ import annotations

import importlib

from graphql import GraphQLObjectType

from gateway.compose import SubgraphSDL, compose
from gateway.supergraph import Supergraph
from gateway.supergraph.auth import auth_rules
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


def test_root_fields_are_public_lookups_or_guarded() -> None:
    supergraph = _supergraph()
    query = supergraph.api_schema.query_type
    mutation = supergraph.api_schema.mutation_type
    assert query is not None and mutation is not None
    rules = auth_rules(supergraph)
    public = {name for name in query.fields if rules.field("Query", name) is None}
    assert public == {
        "citizen",
        "citizens",
        "region",
        "regions",
        "facility",
        "facilities",
        "school",
        "schools",
        "drivingLicenceClasses",
        "purposes",
        "purpose",
        "agencies",
    }
    guarded = {
        (root, name): (requirement.authenticated, requirement.scopes)
        for root, fields in (("Query", query.fields), ("Mutation", mutation.fields))
        for name in fields
        if (requirement := rules.field(root, name)) is not None
    }
    citizen, admin = (frozenset({"citizen"}),), (frozenset({"admin"}),)
    assert guarded == {
        ("Query", "myConsents"): (True, citizen),
        ("Query", "myAccessLog"): (True, citizen),
        ("Query", "accessLog"): (True, ()),
        ("Query", "consents"): (True, admin),
        ("Query", "mandates"): (True, admin),
        ("Query", "myMandates"): (True, ()),
        ("Mutation", "grantConsent"): (True, citizen),
        ("Mutation", "pauseConsent"): (True, citizen),
        ("Mutation", "resumeConsent"): (True, citizen),
        ("Mutation", "revokeConsent"): (True, citizen),
        ("Mutation", "createMandate"): (True, admin),
        ("Mutation", "revokeMandate"): (True, admin),
    }
