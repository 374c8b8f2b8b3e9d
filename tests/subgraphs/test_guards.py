"""Deny by default: every personal field a subgraph serves declares what it needs (docs/subgraphs.md,
"Guards"), read from the SDL each subgraph gives the gateway (``_service { sdl }``).

- every field of ``Citizen`` but the key ``nik`` is nullable and carries ``@requiresScopes`` and
  exactly one ``consent:<category>`` ``@policy``, the category being its service; a field that
  ``@requires`` other services' fields names their categories too, in its one policy and its
  ``<category>:read`` scope group (composition's transitive auth requirements), and an
  ``@external`` stub names a field another service declares and guards;
- every field of a reference entity (a resolvable ``@key`` of several fields, one of them a NIK
  named ``...Nik``: ``DrivingLicenceRef @key(fields: "holderNik number")``, docs/access.md
  "Reference entities") but its key fields is nullable and carries ``@requiresScopes`` and exactly
  one ``consent:<category>:<thatNikField>`` ``@policy``, the category being its service;
- every field returning ``Citizen`` (or a list of it), on any type, carries ``@requiresScopes``;
- every root field carries ``@requiresScopes`` unless it is listed below as public.

A new field on ``Citizen``, a new path to citizens or a new root field fails here until it says who
may read it (or is added to ``PUBLIC_ROOTS`` on purpose).
"""

from __future__ import annotations

import importlib
from functools import cache

import pytest
from graphql import (
    ConstDirectiveNode,
    FieldDefinitionNode,
    FieldNode,
    ListTypeNode,
    ListValueNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    OperationDefinitionNode,
    SchemaDefinitionNode,
    StringValueNode,
    TypeNode,
    parse,
)

from subgraphs.app import SERVICES

#: Root fields that serve public data on purpose; any other root field must carry @requiresScopes.
PUBLIC_ROOTS: dict[str, frozenset[str]] = {
    "identity": frozenset({"region", "regions"}),
    "health": frozenset({"facility", "facilities"}),
    "education": frozenset({"school", "schools"}),
    "police": frozenset({"drivingLicenceClasses"}),
    "social": frozenset(),
    "civilservice": frozenset({"governmentAgency", "governmentAgencies"}),
    "payments": frozenset({"feeSchedule"}),
    "consent": frozenset({"purposes", "purpose", "agencies"}),
}

#: The services that add personal records to ``Citizen`` (the consent registry adds none).
RECORD_SERVICES = tuple(s for s in SERVICES if s != "consent")

#: Root fields of the federation protocol, answered for the gateway only.
FEDERATION_ROOTS = frozenset({"_entities", "_service"})

CONSENT = "consent:"


@cache
def service_sdl(service: str) -> str:
    """The SDL the gateway composes from: the subgraph's own ``_service { sdl }``."""
    schema = importlib.import_module(f"subgraphs.{service}.schema").schema
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.errors is None, result.errors
    assert result.data is not None
    sdl: str = result.data["_service"]["sdl"]
    return sdl


def _groups(directive: ConstDirectiveNode, argument: str) -> list[list[str]]:
    for arg in directive.arguments or ():
        if arg.name.value == argument and isinstance(arg.value, ListValueNode):
            return [
                [item.value for item in group.values if isinstance(item, StringValueNode)]
                for group in arg.value.values
                if isinstance(group, ListValueNode)
            ]
    return []


def _applied(field: FieldDefinitionNode, name: str) -> list[ConstDirectiveNode]:
    return [d for d in field.directives or () if d.name.value == name]


def _named(type_node: TypeNode) -> str:
    while isinstance(type_node, NonNullTypeNode | ListTypeNode):
        type_node = type_node.type
    return type_node.name.value  # type: ignore[attr-defined]


def _objects(sdl: str) -> dict[str, list[FieldDefinitionNode]]:
    fields: dict[str, list[FieldDefinitionNode]] = {}
    for node in parse(sdl, no_location=True).definitions:
        if isinstance(node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
            fields.setdefault(node.name.value, []).extend(node.fields or ())
    return fields


def _reference_subjects(sdl: str) -> dict[str, tuple[set[str], str]]:
    """Reference entities of ``sdl``: type -> (its key fields, the NIK field among them)."""
    found: dict[str, tuple[set[str], str]] = {}
    for node in parse(sdl, no_location=True).definitions:
        if not isinstance(node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
            continue
        if node.name.value == "Citizen":
            continue
        for directive in node.directives or ():
            if directive.name.value != "key":
                continue
            arguments = {a.name.value: a.value for a in directive.arguments or ()}
            fields = arguments.get("fields")
            resolvable = arguments.get("resolvable")
            if not isinstance(fields, StringValueNode) or getattr(resolvable, "value", True) is False:
                continue
            names = set(fields.value.split())
            niks = [n for n in names if n.endswith("Nik")]
            if len(names) > 1 and niks:
                found[node.name.value] = (names, niks[0])
    return found


def _root_types(sdl: str) -> set[str]:
    roots = {"Query", "Mutation", "Subscription"}
    for node in parse(sdl, no_location=True).definitions:
        if isinstance(node, SchemaDefinitionNode):
            roots = {operation.type.name.value for operation in node.operation_types}
    return roots


def _owners(service: str, field_name: str) -> list[str]:
    """The other services whose ``Citizen`` declares ``field_name`` as their own (not external)."""
    return [
        other
        for other in RECORD_SERVICES
        if other != service
        and any(
            f.name.value == field_name and not _applied(f, "external")
            for f in _objects(service_sdl(other)).get("Citizen", [])
        )
    ]


def _required_categories(service: str, field: FieldDefinitionNode) -> list[str]:
    """The services (categories) owning the fields ``field`` ``@requires``, in order, each once."""
    names = [
        value.value
        for d in _applied(field, "requires")
        for arg in d.arguments or ()
        if arg.name.value == "fields" and isinstance(value := arg.value, StringValueNode)
    ]
    required = []
    for text in names:
        operation = parse(f"{{{text}}}", no_location=True).definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        required += [n.name.value for n in operation.selection_set.selections if isinstance(n, FieldNode)]
    return list(dict.fromkeys(owner for n in required for owner in _owners(service, n)))


def violations(service: str, sdl: str) -> list[str]:
    """What in ``sdl`` (of ``service``) is personal and unguarded; empty when all is declared."""
    found: list[str] = []
    objects = _objects(sdl)
    for field in objects.get("Citizen", []):
        name = f"Citizen.{field.name.value}"
        if field.name.value == "nik":
            continue
        if _applied(field, "external"):
            if not _owners(service, field.name.value):
                found.append(f"{name} is @external but no other service declares it")
            continue
        if isinstance(field.type, NonNullTypeNode):
            found.append(f"{name} is non-null: a denied consent would null the whole citizen")
        categories = [service, *_required_categories(service, field)]
        policies = [p for d in _applied(field, "policy") for group in _groups(d, "policies") for p in group]
        consents = [p for p in policies if p.startswith(CONSENT)]
        expected = [f"{CONSENT}{category}" for category in categories]
        if consents != expected:
            found.append(f"{name} has consent policies {consents}, not exactly {expected}")
        scopes = [group for d in _applied(field, "requiresScopes") for group in _groups(d, "scopes")]
        if [f"{category}:read" for category in categories] not in scopes:
            found.append(f"{name} lacks @requiresScopes with {' and '.join(categories)}:read (has {scopes})")
    for type_name, (keys, subject) in _reference_subjects(sdl).items():
        for field in objects.get(type_name, []):
            name = f"{type_name}.{field.name.value}"
            if field.name.value in keys:
                continue
            if isinstance(field.type, NonNullTypeNode):
                found.append(f"{name} is non-null: a denied consent would null the whole reference")
            groups = [group for d in _applied(field, "policy") for group in _groups(d, "policies")]
            consents = [p for group in groups for p in group if p.startswith(CONSENT)]
            expected = [f"{CONSENT}{service}:{subject}"]
            if consents != expected:
                found.append(f"{name} has consent policies {consents}, not exactly {expected}")
            scopes = [group for d in _applied(field, "requiresScopes") for group in _groups(d, "scopes")]
            if [f"{service}:read"] not in scopes:
                found.append(f"{name} lacks @requiresScopes with {service}:read (has {scopes})")
    roots = _root_types(sdl)
    for type_name, fields in objects.items():
        for field in fields:
            name = f"{type_name}.{field.name.value}"
            guarded = any(_groups(d, "scopes") for d in _applied(field, "requiresScopes"))
            if guarded or (type_name in roots and _applied(field, "authenticated")):
                continue
            if _named(field.type) == "Citizen" and type_name != "Citizen":
                found.append(f"{name} returns citizens without @requiresScopes")
            elif (
                type_name in roots
                and field.name.value not in FEDERATION_ROOTS
                and field.name.value not in PUBLIC_ROOTS[service]
            ):
                found.append(f"root field {name} has no @requiresScopes and is not listed as public")
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_every_personal_field_declares_its_scope_and_consent(service: str) -> None:
    assert violations(service, service_sdl(service)) == []


@pytest.mark.parametrize("service", RECORD_SERVICES)
def test_each_service_adds_guarded_fields_to_citizen(service: str) -> None:
    citizen = _objects(service_sdl(service))["Citizen"]
    assert [f.name.value for f in citizen if f.name.value != "nik"], "nothing to check: the test is vacuous"


@pytest.mark.parametrize(
    ("service", "directive", "expected"),
    [
        (
            "identity",
            ' @policy(policies: [["consent:identity"]])',
            "Citizen.fullName has consent policies []",
        ),
        (
            "identity",
            ' @requiresScopes(scopes: [["identity:read"], ["citizen"]])',
            "Citizen.fullName lacks @requiresScopes",
        ),
        ("health", ' @policy(policies: [["consent:health"]])', "Citizen.health has consent policies []"),
        (
            "police",
            ' @policy(policies: [["consent:police:holderNik"]])',
            "ClearanceCertificateRef.certificate has consent policies []",
        ),
        (
            "health",
            ' @policy(policies: [["consent:health:memberNik"]])',
            "BpjsMembershipRef.membership has consent policies []",
        ),
        (
            "payments",
            ' @policy(policies: [["consent:payments"]])',
            "Citizen.payments has consent policies []",
        ),
        (
            "education",
            ' @requiresScopes(scopes: [["education:read"]])',
            "School.currentStudents returns citizens",
        ),
    ],
)
def test_an_annotation_removed_is_caught(service: str, directive: str, expected: str) -> None:
    sdl = service_sdl(service)
    assert directive in sdl
    removed = sdl.replace(directive, "", 1)
    assert any(v.startswith(expected) for v in violations(service, removed)), violations(service, removed)


def test_an_unguarded_root_field_is_caught() -> None:
    sdl = service_sdl("identity")
    scopes = ' @requiresScopes(scopes: [["identity:read"], ["citizen"]])'
    hint = " @listSize(assumedSize: 1000, requireOneSlicingArgument: true)"  # the gateway's cost estimate
    line = f"citizens(niks: [String!]!): [Citizen]{hint}{scopes}"
    assert line in sdl
    found = violations("identity", sdl.replace(line, f"citizens(niks: [String!]!): [Citizen]{hint}"))
    assert found == ["Query.citizens returns citizens without @requiresScopes"]
    extra = "type Query {\n  allergiesByNik(nik: String!): [String!]!\n"
    found = violations("health", service_sdl("health").replace("type Query {\n", extra, 1))
    assert found == ["root field Query.allergiesByNik has no @requiresScopes and is not listed as public"]


def test_a_second_consent_category_or_a_non_null_field_is_caught() -> None:
    sdl = service_sdl("police")
    two = sdl.replace('[["consent:police"]]', '[["consent:police", "consent:health"]]', 1)
    assert violations("police", two) == [
        "Citizen.police has consent policies ['consent:police', 'consent:health'], "
        "not exactly ['consent:police']"
    ]
    strict = sdl.replace("police: PoliceRecord @", "police: PoliceRecord! @", 1)
    assert violations("police", strict) == [
        "Citizen.police is non-null: a denied consent would null the whole citizen"
    ]


def test_a_field_requiring_guarded_fields_must_name_their_categories() -> None:
    """social's ``outreachGaps`` requires health's and education's facts: its policy and scope
    group name all three categories, and each ``@external`` stub is another service's field."""
    sdl = service_sdl("social")
    policy = '[["consent:social", "consent:health", "consent:education"]]'
    assert policy in sdl and violations("social", sdl) == []
    short = sdl.replace(policy, '[["consent:social"]]', 1)
    assert violations("social", short) == [
        "Citizen.outreachGaps has consent policies ['consent:social'], not exactly "
        "['consent:social', 'consent:health', 'consent:education']"
    ]
    scopes = '[["social:read", "health:read", "education:read"], ["citizen"]]'
    assert scopes in sdl
    assert violations("social", sdl.replace(scopes, '[["social:read"], ["citizen"]]', 1)) == [
        "Citizen.outreachGaps lacks @requiresScopes with social and health and education:read "
        "(has [['social:read'], ['citizen']])"
    ]
    stray = sdl.replace("enrolledNow: Boolean @external", "enrolledLater: Boolean @external", 1)
    expected = "Citizen.enrolledLater is @external but no other service declares it"
    assert expected in violations("social", stray)
