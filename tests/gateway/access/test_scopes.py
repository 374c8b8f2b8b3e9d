"""Scope authorization of documents: what each kind of caller may ask of the guarded citizen
supergraph (fixtures/), printed, and the denials recorded for the fields taken out."""

from __future__ import annotations

import pytest
from graphql import (
    DocumentNode,
    FieldNode,
    NoUnusedVariablesRule,
    OperationDefinitionNode,
    parse,
    print_ast,
    specified_rules,
    validate,
)

from gateway.access.caller import Caller, CallerKind
from gateway.access.rights import PUBLIC, Rights
from gateway.access.scopes import Authorized, Denial, Denials, authorize_document, check
from gateway.supergraph.auth import Requirement, auth_rules

from .citizens import AGENCY, AGENCY_WITHOUT_PURPOSE, ANONYMOUS, CITIZEN, supergraph

SUPERGRAPH = supergraph()
RULES = auth_rules(SUPERGRAPH)


def authorize(query: str, rights: Rights) -> tuple[str, list[tuple[str, str, str]], Authorized]:
    """The printed authorized document and ``(response key @ line:column, code, message)`` per
    denial, in document order."""
    document = parse(query)
    assert validate(SUPERGRAPH.api_schema, document) == []
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    authorized = authorize_document(
        SUPERGRAPH.schema, SUPERGRAPH.api_schema, RULES, document, operation, rights
    )
    # still valid, but for variables only denied fields used (the planner sends used ones only)
    rules = [rule for rule in specified_rules if rule is not NoUnusedVariablesRule]
    assert validate(SUPERGRAPH.api_schema, authorized.document, rules) == [], print_ast(authorized.document)
    denials = []
    for node, denial in sorted(authorized.denied.items(), key=lambda item: item[0].loc.start):  # type: ignore[union-attr]
        key = (node.alias or node.name).value
        assert node.loc is not None
        denials.append(
            (f"{key}@{node.loc.start_token.line}:{node.loc.start_token.column}", denial.code, denial.message)
        )
    return print_ast(authorized.document), denials, authorized


def compact(printed: str) -> str:
    return " ".join(printed.split())


ME = """{
  me { nik name address health { bpjs } bloodType }
}"""


def test_anonymous_callers_lose_fields_returning_an_authenticated_type() -> None:
    printed, denials, _ = authorize(ME, ANONYMOUS)
    assert compact(printed) == "{ __typename }"
    assert denials == [
        (
            "me@2:3",
            "UNAUTHORIZED_FIELD_OR_TYPE",
            "Unauthorized field or type: Citizen needs an authenticated caller.",
        )
    ]


def test_a_scoped_agency_with_a_purpose_sees_everything_its_scopes_allow() -> None:
    printed, denials, _ = authorize(ME, AGENCY)
    assert compact(printed) == "{ me { nik name address health { bpjs } bloodType } }"
    assert denials == []


def test_an_agency_without_purpose_is_told_to_send_one_for_consent_fields() -> None:
    printed, denials, authorized = authorize(ME, AGENCY_WITHOUT_PURPOSE)
    assert compact(printed) == "{ me { nik name address bloodType } }"
    message = (
        "Field Citizen.health holds personal data (consent category health): "
        "send the purpose of this request in the X-Purpose header."
    )
    assert denials == [("health@2:25", "PURPOSE_REQUIRED", message)]
    (denial,) = authorized.denied.values()
    assert denial.extensions() == {"code": "PURPOSE_REQUIRED", "rule": "policy"}


def test_an_agency_missing_a_scope_gets_the_alternatives_named() -> None:
    rights = Rights(kind=CallerKind.AGENCY, scopes=frozenset({"identity:read"}), has_purpose=True)
    printed, denials, authorized = authorize(ME, rights)
    assert compact(printed) == "{ me { nik name address } }"
    assert [d[:2] for d in denials] == [
        ("health@2:25", "UNAUTHORIZED_FIELD_OR_TYPE"),
        ("bloodType@2:41", "UNAUTHORIZED_FIELD_OR_TYPE"),
    ]
    assert denials[0][2] == "Unauthorized field or type: Citizen.health needs scope health:read or citizen."
    health = next(d for n, d in authorized.denied.items() if n.name.value == "health")
    assert health.extensions() == {
        "code": "UNAUTHORIZED_FIELD_OR_TYPE",
        "rule": "requiresScopes",
        "scopes": [["health:read"], ["citizen"]],
    }


def test_a_citizen_holds_the_citizen_scope_and_its_consent_policies() -> None:
    printed, denials, _ = authorize(ME, CITIZEN)
    assert compact(printed) == "{ me { nik name address health { bpjs } bloodType } }"
    assert denials == []


def test_and_groups_of_scopes_and_unknown_policies() -> None:
    query = "{ agencies { name budget memo } }"
    audit = Rights(kind=CallerKind.AGENCY, scopes=frozenset({"finance:read", "audit"}), has_purpose=True)
    for rights, kept in [(AGENCY, "name"), (audit, "name budget"), (CITIZEN, "name")]:
        printed, denials, _ = authorize(query, rights)
        assert compact(printed) == f"{{ agencies {{ {kept} }} }}"
        assert (
            "memo@1:26",
            "UNAUTHORIZED_FIELD_OR_TYPE",
            "Unauthorized field or type: Agency.memo needs policy internal.",
        ) in denials
    _, denials, _ = authorize(query, AGENCY)
    assert denials[0] == (
        "budget@1:19",
        "UNAUTHORIZED_FIELD_OR_TYPE",
        "Unauthorized field or type: Agency.budget needs scope audit and finance:read.",
    )


def test_a_type_guarded_at_type_level_takes_its_fields_out_and_leaves_typename() -> None:
    query = "{ notices { internal { text } } }"
    printed, denials, _ = authorize(query, CITIZEN)
    assert compact(printed) == "{ notices { __typename } }"
    assert denials == [
        (
            "internal@1:13",
            "UNAUTHORIZED_FIELD_OR_TYPE",
            "Unauthorized field or type: Memo needs scope memo:read.",
        )
    ]
    memo = Rights(kind=CallerKind.AGENCY, scopes=frozenset({"memo:read"}))
    assert compact(authorize(query, memo)[0]) == "{ notices { internal { text } } }"


FRAGMENTS = """query Q($withAddress: Boolean!) {
  me { ...Person }
  first: citizens { who: name ...Person }
  search(text: "a") {
    __typename
    ... on Citizen { name }
    ... on Agency { label: name budget }
    ...Named
  }
}
fragment Person on Citizen { name address @include(if: $withAddress) health { bpjs } }
fragment Named on Agency { code }"""


def test_fragments_for_anonymous_callers() -> None:
    printed, denials, _ = authorize(FRAGMENTS, ANONYMOUS)
    assert (
        printed
        == """query Q($withAddress: Boolean!) {
  search(text: "a") {
    __typename
    ... on Agency {
      label: name
    }
    ...Named
  }
}

fragment Named on Agency {
  code
}"""
    )
    assert [d[:2] for d in denials] == [
        ("me@2:3", "UNAUTHORIZED_FIELD_OR_TYPE"),
        ("first@3:3", "UNAUTHORIZED_FIELD_OR_TYPE"),
        ("name@6:22", "UNAUTHORIZED_FIELD_OR_TYPE"),  # the inline fragment on Citizen, removed
        ("budget@7:33", "UNAUTHORIZED_FIELD_OR_TYPE"),
    ]
    assert denials[2][2] == "Unauthorized field or type: Citizen needs an authenticated caller."


def test_a_fragment_spread_in_several_places_is_authorized_once_and_keeps_its_directives() -> None:
    rights = Rights(kind=CallerKind.AGENCY, scopes=frozenset({"identity:read"}), has_purpose=True)
    printed, denials, authorized = authorize(FRAGMENTS, rights)
    assert "fragment Person on Citizen {\n  name\n  address @include(if: $withAddress)\n}" in printed
    assert printed.count("...Person") == 2
    assert [d[0] for d in denials] == ["budget@7:33", "health@11:70"]
    assert isinstance(authorized.denied, Denials)


def test_abstract_fields_with_a_guarded_possible_type() -> None:
    # a field read through the interface could read a Citizen: the whole field goes
    printed, denials, _ = authorize('{ node(id: "c1") { id } }', ANONYMOUS)
    assert compact(printed) == "{ __typename }"
    assert denials == [
        (
            "node@1:3",
            "UNAUTHORIZED_FIELD_OR_TYPE",
            "Unauthorized field or type: Citizen needs an authenticated caller.",
        )
    ]
    # only typed fragments: each is judged on its own
    printed, denials, _ = authorize(
        '{ node(id: "a1") { __typename ... on Agency { id } ... on Citizen { id } } }', ANONYMOUS
    )
    assert compact(printed) == '{ node(id: "a1") { __typename ... on Agency { id } } }'
    assert [d[0] for d in denials] == ["id@1:69"]
    # a fragment on the interface itself covers Citizen too: removed, its fields denied
    printed, denials, _ = authorize('{ node(id: "a1") { ... on Node { id } } }', ANONYMOUS)
    assert compact(printed) == '{ node(id: "a1") { __typename } }'
    assert [d[0] for d in denials] == ["id@1:34"]
    assert compact(authorize('{ node(id: "c1") { id } }', CITIZEN)[0]) == '{ node(id: "c1") { id } }'


def test_introspection_is_never_denied() -> None:
    query = '{ __typename t: __type(name: "Citizen") { name } me { __typename } }'
    printed, denials, _ = authorize(query, ANONYMOUS)
    assert compact(printed) == '{ __typename t: __type(name: "Citizen") { name } }'
    assert [d[0] for d in denials] == ["me@1:50"]


def test_an_unguarded_document_comes_back_as_it_is() -> None:
    document = parse("{ agencies { name } }")
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    authorized = authorize_document(
        SUPERGRAPH.schema, SUPERGRAPH.api_schema, RULES, document, operation, PUBLIC
    )
    assert authorized.document is document and authorized.operation is operation
    assert len(authorized.denied) == 0


def test_denials_are_keyed_by_node_identity() -> None:
    document: DocumentNode = parse("{ a a }", no_location=True)
    first, second = document.definitions[0].selection_set.selections  # type: ignore[attr-defined]
    assert first == second  # graphql-core compares nodes by value
    denial = Denial(code="X", message="m", rule="authenticated")
    denials = Denials([(first, denial)])
    assert isinstance(first, FieldNode) and denials.get(first) is denial
    assert denials.get(second) is None and list(denials) == [first]


@pytest.mark.parametrize(
    ("requirement", "rights", "expected"),
    [
        (Requirement(authenticated=True), Rights(kind=CallerKind.GATEWAY), None),
        (Requirement(policies=(frozenset({"consent:health"}),)), Rights(kind=CallerKind.GATEWAY), "policy"),
        (Requirement(policies=(frozenset({"consent:health"}),)), ANONYMOUS, "policy"),
        (Requirement(policies=(frozenset({"internal"}), frozenset({"consent:health"}))), CITIZEN, None),
        (Requirement(scopes=(frozenset(),)), ANONYMOUS, None),
        (Requirement(authenticated=True, scopes=(frozenset({"x"}),)), ANONYMOUS, "authenticated"),
    ],
)
def test_rule_evaluation(requirement: Requirement, rights: Rights, expected: str | None) -> None:
    found = check(requirement, rights, "T.f")
    assert (found.rule if found else None) == expected


def test_rights_of_callers() -> None:
    assert Rights.of(Caller(kind=CallerKind.ANONYMOUS)) is PUBLIC
    agency = Rights.of(Caller(kind=CallerKind.AGENCY, agency="bps", scopes=frozenset({"a"}), purpose="STAT"))
    assert agency == Rights(kind=CallerKind.AGENCY, scopes=frozenset({"a"}), has_purpose=True)
    other_agency = Rights.of(
        Caller(kind=CallerKind.AGENCY, agency="bpjs", scopes=frozenset({"a"}), purpose="X")
    )
    assert hash(agency) == hash(other_agency) and agency == other_agency
    assert Rights.of(Caller(kind=CallerKind.AGENCY, scopes=frozenset({"a"}))) != agency


def test_a_reference_policy_names_its_category_and_subject() -> None:
    """``consent:police:holderNik`` (a reference entity's record, docs/access.md "Reference
    entities") is the police category, decided for the citizen the key field ``holderNik`` names;
    an agency without a purpose is told so in the category's own name."""
    from gateway.supergraph.auth import consent_policy_parts

    assert consent_policy_parts("consent:police:holderNik") == ("police", "holderNik")
    assert consent_policy_parts("consent:police") == ("police", None)
    assert consent_policy_parts("admin") is None
    requirement = Requirement(policies=(frozenset({"consent:police:holderNik"}),))
    assert requirement.consent_categories == frozenset({"police"})
    assert requirement.consent_subjects == frozenset({"holderNik"})
    without = Rights(kind=CallerKind.AGENCY, scopes=frozenset())
    denial = check(requirement, without, "DrivingLicenceRef.licence")
    assert denial is not None and denial.code == "PURPOSE_REQUIRED"
    assert "(consent category police)" in denial.message
    with_purpose = Rights(kind=CallerKind.AGENCY, scopes=frozenset(), has_purpose=True)
    assert check(requirement, with_purpose, "DrivingLicenceRef.licence") is None
