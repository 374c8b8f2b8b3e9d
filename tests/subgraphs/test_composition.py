"""The five subgraph schemas compose into one supergraph (with the gateway's composer) whose API
schema offers every service's contribution to ``Citizen``, and which carries the subgraphs'
``@authenticated``, ``@requiresScopes`` and ``@policy`` applications exactly as the reference
composer does."""

from __future__ import annotations

import importlib

import pytest
from graphql import GraphQLObjectType, parse, print_ast

from gateway.compose import SubgraphSDL, compose
from gateway.demand import ListSize, cost_hints
from gateway.supergraph import Supergraph
from gateway.supergraph.auth import Requirement, auth_rules
from subgraphs.app import SERVICES
from tests.gateway.compose.reference import node_available, prepare, reference_compose

_AUTH_DIRECTIVES = frozenset({"authenticated", "requiresScopes", "policy"})
_COST_DIRECTIVES = frozenset({"cost", "listSize"})


def _subgraphs() -> list[SubgraphSDL]:
    return [
        SubgraphSDL(
            name=service,
            url=f"http://127.0.0.1:{4001 + n}/graphql",
            sdl=importlib.import_module(f"subgraphs.{service}.schema").schema.as_str(),
        )
        for n, service in enumerate(SERVICES)
    ]


def _supergraph() -> Supergraph:
    return Supergraph.parse(compose(_subgraphs()))


def _applications(supergraph_sdl: str, names: frozenset[str] = _AUTH_DIRECTIVES) -> dict[str, list[str]]:
    """Printed authorization directives (or other ``names``) by type (``Citizen``) and field
    coordinate (``Citizen.health``), in the order the supergraph gives them; elements without
    them are left out."""
    found: dict[str, list[str]] = {}
    for definition in parse(supergraph_sdl, no_location=True).definitions:
        name = getattr(definition, "name", None)
        if name is None:
            continue
        elements = [(name.value, definition)] + [
            (f"{name.value}.{field.name.value}", field) for field in getattr(definition, "fields", None) or ()
        ]
        for coordinate, node in elements:
            directives = getattr(node, "directives", None) or ()
            applied = [print_ast(d) for d in directives if d.name.value in names]
            if applied:
                found[coordinate] = applied
    return found


def _guard(category: str, subject: str | None = None) -> list[str]:
    policy = f"consent:{category}:{subject}" if subject else f"consent:{category}"
    return [
        f'@policy(policies: [["{policy}"]])',
        f'@requiresScopes(scopes: [["{category}:read"], ["citizen"]])',
    ]


IDENTITY_FIELDS = (
    "fullName",
    "sex",
    "birthPlace",
    "birthDate",
    "religion",
    "maritalStatus",
    "bloodType",
    "address",
    "familyRelation",
    "deceasedOn",
    "deceased",
    "age",
    "isMinor",
    "village",
    "family",
    "digitalId",
)

#: Aggregate statistics (docs/statistics.md): the statistics scope, no consent (no person is visible).
STATISTICS_ROOTS = (
    "adultsByRegion",
    "immunizationCoverage",
    "bpjsCoverage",
    "immunizationGaps",
    "schoolEnrollment",
    "drivingLicencesPer1000Adults",
    "adultsWithoutPbiJk",
    "pkhChildrenWithoutPip",
    "socialGapRanking",
    "gapRanking",
)

#: Cross-service statistics (docs/statistics.md, "Gaps across services", "Gap ranking"): the
#: counts and the hidden cohorts and totals they require, under the same scope.
STATISTICS_ENTITY_FIELDS = (
    "Region.outOfSchoolChildren",
    "Region.underFivesMissingImmunization",
    "Region.schoolAgeCohort",
    "Region.underFiveCohort",
    "GapRanking.schoolAgeCohort",
    "GapRanking.underFiveCohort",
    "GapRanking.outOfSchoolTotals",
    "GapRanking.missingImmunizationTotals",
    "GapRanking.regencies",
)

#: What the composed supergraph must carry (docs/subgraphs.md, "Guards").
EXPECTED: dict[str, list[str]] = {
    **{f"Citizen.{field}": _guard("identity") for field in IDENTITY_FIELDS},
    "Citizen.health": _guard("health"),
    "Citizen.education": _guard("education"),
    "Citizen.police": _guard("police"),
    "Citizen.social": _guard("social"),
    "Citizen.missingImmunizationCount": _guard("health"),
    "Citizen.pbiJkActive": _guard("health"),
    "Citizen.enrolledNow": _guard("education"),
    # requires health's and education's facts: names their categories too (transitive auth)
    "Citizen.outreachGaps": [
        '@policy(policies: [["consent:social", "consent:health", "consent:education"]])',
        '@requiresScopes(scopes: [["social:read", "health:read", "education:read"], ["citizen"]])',
    ],
    "Citizen.civilService": _guard("civilservice"),
    "Citizen.payments": _guard("payments"),
    "DrivingLicenceRef.licence": _guard("police", "holderNik"),
    "ClearanceCertificateRef.certificate": _guard("police", "holderNik"),
    "BpjsMembershipRef.membership": _guard("health", "memberNik"),
    "Query.outreachCandidates": ['@requiresScopes(scopes: [["social:outreach"]])'],
    "Query.citizen": ['@requiresScopes(scopes: [["identity:read"], ["citizen"]])'],
    "Query.citizens": ['@requiresScopes(scopes: [["identity:read"], ["citizen"]])'],
    "FamilyMember.citizen": ['@requiresScopes(scopes: [["identity:read"], ["citizen"]])'],
    "School.currentStudents": ['@requiresScopes(scopes: [["education:read"]])'],
    **{
        f"{root}.{name}": ["@authenticated", f'@requiresScopes(scopes: [["{scope}"]])']
        for root, name, scope in (
            ("Query", "myConsents", "citizen"),
            ("Query", "myAccessLog", "citizen"),
            ("Query", "consents", "admin"),
            ("Query", "mandates", "admin"),
            ("Mutation", "grantConsent", "citizen"),
            ("Mutation", "pauseConsent", "citizen"),
            ("Mutation", "resumeConsent", "citizen"),
            ("Mutation", "revokeConsent", "citizen"),
            ("Mutation", "createMandate", "admin"),
            ("Mutation", "revokeMandate", "admin"),
        )
    },
    "Query.accessLog": ["@authenticated"],
    "Query.myMandates": ["@authenticated"],
    **{f"Query.{name}": ['@requiresScopes(scopes: [["statistics:read"]])'] for name in STATISTICS_ROOTS},
    **{name: ['@requiresScopes(scopes: [["statistics:read"]])'] for name in STATISTICS_ENTITY_FIELDS},
}


def test_supergraph_carries_every_guard() -> None:
    found = _applications(compose(_subgraphs()))
    assert {coordinate: sorted(applied) for coordinate, applied in found.items()} == EXPECTED


def test_gateway_reads_one_consent_category_per_citizen_field() -> None:
    rules = auth_rules(_supergraph())
    expected = {("Citizen", field): "identity" for field in IDENTITY_FIELDS}
    expected |= {("Citizen", service): service for service in ("health", "education", "police", "social")}
    expected[("Citizen", "civilService")] = "civilservice"
    expected |= {("Citizen", "missingImmunizationCount"): "health", ("Citizen", "pbiJkActive"): "health"}
    expected |= {("Citizen", "enrolledNow"): "education", ("Citizen", "outreachGaps"): "social"}
    expected[("Citizen", "payments")] = "payments"
    expected[("DrivingLicenceRef", "licence")] = "police"
    expected[("ClearanceCertificateRef", "certificate")] = "police"
    expected[("BpjsMembershipRef", "membership")] = "health"
    assert rules.consent_fields() == expected
    assert rules.field("Citizen", "health") == Requirement(
        scopes=(frozenset({"health:read"}), frozenset({"citizen"})),
        policies=(frozenset({"consent:health"}),),
    )
    assert rules.field("School", "currentStudents") == Requirement(scopes=(frozenset({"education:read"}),))
    assert rules.field("Citizen", "nik") is None
    assert rules.types == {}


@pytest.mark.node
@pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the reference composer")
def test_guards_compose_as_the_reference_composes_them() -> None:
    prepare()
    subgraphs = _subgraphs()
    theirs, errors = reference_compose(subgraphs)
    assert errors == []
    assert theirs is not None
    ours = _applications(compose(subgraphs))
    reference = _applications(theirs)
    assert set(ours) == set(reference)
    for coordinate, applied in reference.items():
        # the same applications with the same arguments, in any order on the element
        assert sorted(ours[coordinate]) == sorted(applied), coordinate
    assert {coordinate: sorted(applied) for coordinate, applied in reference.items()} == EXPECTED


#: The demand-control hints identity gives the gateway's cost estimate (docs/gateway.md, "Limits").
EXPECTED_COST = {
    "Query.citizens": ["@listSize(assumedSize: 1000)"],
    "Family.members": ["@listSize(assumedSize: 10)"],
}


def test_supergraph_carries_the_cost_hints_the_gateway_reads() -> None:
    sdl = compose(_subgraphs())
    assert _applications(sdl, _COST_DIRECTIVES) == EXPECTED_COST
    supergraph = Supergraph.parse(sdl)
    hints = cost_hints(supergraph.document, supergraph.features)
    assert hints.list_sizes == {
        ("Query", "citizens"): ListSize(assumed_size=1000),
        ("Family", "members"): ListSize(assumed_size=10),
    }


@pytest.mark.node
@pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the reference composer")
def test_cost_hints_compose_as_the_reference_composes_them() -> None:
    prepare()
    subgraphs = _subgraphs()
    theirs, errors = reference_compose(subgraphs)
    assert errors == [] and theirs is not None
    assert _applications(theirs, _COST_DIRECTIVES) == _applications(compose(subgraphs), _COST_DIRECTIVES)
    link = '@link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@listSize"])'
    assert link in theirs.splitlines()[0] and link in compose(subgraphs).splitlines()[0]


def test_citizen_gathers_every_service() -> None:
    api = _supergraph().api_schema
    citizen = api.get_type("Citizen")
    assert isinstance(citizen, GraphQLObjectType)
    assert {"nik", "fullName", "village", "family", "health", "education", "police", "social"} <= set(
        citizen.fields
    )


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
        "governmentAgency",
        "governmentAgencies",
        "feeSchedule",
    }
    guarded = {
        (root, name): (requirement.authenticated, requirement.scopes)
        for root, fields in (("Query", query.fields), ("Mutation", mutation.fields))
        for name in fields
        if (requirement := rules.field(root, name)) is not None
    }
    citizen, admin = (frozenset({"citizen"}),), (frozenset({"admin"}),)
    identity = (frozenset({"identity:read"}), frozenset({"citizen"}))
    assert guarded == {
        ("Query", "citizen"): (False, identity),
        ("Query", "citizens"): (False, identity),
        ("Query", "outreachCandidates"): (False, (frozenset({"social:outreach"}),)),
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
        **{("Query", name): (False, (frozenset({"statistics:read"}),)) for name in STATISTICS_ROOTS},
    }
