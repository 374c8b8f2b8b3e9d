"""The authorization directives of a supergraph: ``@authenticated``, ``@requiresScopes``, ``@policy``.

Reads the applications that composition carries into the supergraph
(https://specs.apollo.dev/authenticated/v0.1, https://specs.apollo.dev/requiresScopes/v0.1,
https://specs.apollo.dev/policy/v0.1; names followed through ``@link(as:, import:)``) on object,
interface, scalar and enum types and on fields. ``scopes`` and ``policies`` are lists of
alternatives (OR) of sets that must all be held (AND), as the specs define them.

A policy ``consent:<category>`` on a field of the data subject (``Citizen``) names the consent
category of that field (docs/access.md, "Categories"): the gateway decides per citizen, at the
entity boundary, whether the caller may see it. A field that ``@requires`` guarded fields of other
categories names their categories too (composition asks it to: Apollo's
``MISSING_TRANSITIVE_AUTH_REQUIREMENTS``); its own category is the one left when those are taken
away, and the others are decided where the required fields are read (docs/query-planning.md,
"Consent boundaries").

The subject is named by the single field of the type's key. On a *reference entity*, whose key
has several fields (``DrivingLicenceRef @key(fields: "holderNik number")``), the policy
``consent:<category>:<subjectField>`` names which key field is the data subject (docs/access.md,
"Reference entities"). Either way the policy stays an opaque string to composition, so the
supergraph is standard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql import (
    ConstDirectiveNode,
    EnumTypeDefinitionNode,
    FieldNode,
    InterfaceTypeDefinitionNode,
    ListValueNode,
    ObjectTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    StringValueNode,
)

from .error import SupergraphError
from .supergraph import Supergraph

__all__ = ["CONSENT_POLICY_PREFIX", "AuthRules", "Requirement", "auth_rules", "consent_policy_parts"]

#: Policies named ``consent:<category>`` are consent categories, decided per citizen.
CONSENT_POLICY_PREFIX = "consent:"

Alternatives = tuple[frozenset[str], ...]


def consent_policy_parts(policy: str) -> tuple[str, str | None] | None:
    """``(category, subject field)`` of ``consent:<category>`` (subject ``None``: the key's single
    field) or ``consent:<category>:<subjectField>``; ``None`` for any other policy."""
    if not policy.startswith(CONSENT_POLICY_PREFIX):
        return None
    category, _, subject = policy[len(CONSENT_POLICY_PREFIX):].partition(":")
    return category, subject or None


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """What a type or field asks of the caller (empty: nothing)."""

    authenticated: bool = False
    scopes: Alternatives = ()
    policies: Alternatives = ()

    def __bool__(self) -> bool:
        return self.authenticated or bool(self.scopes) or bool(self.policies)

    @property
    def consent_categories(self) -> frozenset[str]:
        """The categories of the ``consent:<category>[:<subjectField>]`` policies."""
        return frozenset(parts[0] for parts in self._consent_parts())

    @property
    def consent_subjects(self) -> frozenset[str | None]:
        """The subject fields those policies name (``None``: the key's single field)."""
        return frozenset(parts[1] for parts in self._consent_parts())

    def _consent_parts(self) -> list[tuple[str, str | None]]:
        return [
            parts
            for group in self.policies
            for policy in group
            if (parts := consent_policy_parts(policy)) is not None
        ]


@dataclass(frozen=True, slots=True)
class AuthRules:
    """Requirements by type name and by ``(type, field)``; only guarded elements are listed."""

    types: Mapping[str, Requirement]
    fields: Mapping[tuple[str, str], Requirement]
    #: the own category of a field that names others' too, for the fields it ``@requires``
    own_categories: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def field(self, type_name: str, field_name: str) -> Requirement | None:
        return self.fields.get((type_name, field_name))

    def type(self, type_name: str) -> Requirement | None:
        return self.types.get(type_name)

    def consent_category(self, type_name: str, field_name: str) -> str | None:
        """The consent category of a field, or None."""
        own = self.own_categories.get((type_name, field_name))
        if own is not None:
            return own
        requirement = self.fields.get((type_name, field_name))
        if requirement is None:
            return None
        categories = requirement.consent_categories
        return next(iter(categories)) if categories else None

    def consent_subject(self, type_name: str, field_name: str) -> str | None:
        """The key field naming the data subject of a guarded field, when its policy names one."""
        requirement = self.fields.get((type_name, field_name))
        if requirement is None:
            return None
        subjects = requirement.consent_subjects
        return next(iter(subjects)) if subjects else None

    def consent_subject_fields(self) -> dict[tuple[str, str], str]:
        """Every guarded field whose policy names its subject field: ``(type, field) -> field``."""
        return {
            coordinate: subject
            for coordinate in self.fields
            if (subject := self.consent_subject(*coordinate)) is not None
        }

    def consent_fields(self) -> dict[tuple[str, str], str]:
        """Every field with a consent category: ``(type, field) -> category``."""
        return {
            coordinate: category
            for coordinate in self.fields
            if (category := self.consent_category(*coordinate)) is not None
        }


def _alternatives(directive: ConstDirectiveNode, argument: str) -> Alternatives:
    groups: list[frozenset[str]] = []
    for arg in directive.arguments or ():
        if arg.name.value != argument or not isinstance(arg.value, ListValueNode):
            continue
        for group in arg.value.values:
            items = group.values if isinstance(group, ListValueNode) else (group,)
            groups.append(frozenset(i.value for i in items if isinstance(i, StringValueNode)))
    return tuple(groups)


def _requirement(
    directives: tuple[ConstDirectiveNode, ...] | None, names: tuple[str | None, str | None, str | None]
) -> Requirement:
    authenticated_name, scopes_name, policy_name = names
    authenticated = False
    scopes: Alternatives = ()
    policies: Alternatives = ()
    for directive in directives or ():
        name = directive.name.value
        if name == authenticated_name:
            authenticated = True
        elif name == scopes_name:
            scopes = _merge(scopes, _alternatives(directive, "scopes"))
        elif name == policy_name:
            policies = _merge(policies, _alternatives(directive, "policies"))
    return Requirement(authenticated=authenticated, scopes=scopes, policies=policies)


def _merge(first: Alternatives, second: Alternatives) -> Alternatives:
    """Two applications on one element: both must hold (AND of the two OR-lists)."""
    if not first:
        return second
    return tuple(dict.fromkeys(a | b for a in first for b in second))


_GUARDABLE = (
    ObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    EnumTypeDefinitionNode,
)


def auth_rules(supergraph: Supergraph) -> AuthRules:
    """The rules of a :class:`~gateway.supergraph.Supergraph` (computed once, kept in its memo).
    Raises :class:`SupergraphError` for a field with several consent categories."""
    memo = supergraph.memo
    found = memo.get("auth.rules")
    if isinstance(found, AuthRules):
        return found
    features = supergraph.features
    names = tuple(
        feature.directive(spec) if (feature := features.get(spec)) is not None else None
        for spec in ("authenticated", "requiresScopes", "policy")
    )
    types: dict[str, Requirement] = {}
    fields: dict[tuple[str, str], Requirement] = {}
    for definition in supergraph.document.definitions:
        if not isinstance(definition, _GUARDABLE):
            continue
        type_name = definition.name.value
        requirement = _requirement(definition.directives, names)  # type: ignore[arg-type]
        if requirement:
            types[type_name] = requirement
        for node in getattr(definition, "fields", None) or ():
            requirement = _requirement(node.directives, names)  # type: ignore[arg-type]
            if requirement:
                if len(requirement.consent_subjects) > 1:
                    raise SupergraphError(
                        f"{type_name}.{node.name.value} names several consent subjects; give it one"
                    )
                fields[(type_name, node.name.value)] = requirement
    own: dict[tuple[str, str], str] = {}
    for (type_name, field_name), requirement in fields.items():
        categories = requirement.consent_categories
        if len(categories) > 1:
            left = categories - _required_categories(supergraph, fields, type_name, field_name)
            if len(left) != 1:
                raise SupergraphError(
                    f"{type_name}.{field_name} names several consent categories; give it one (and "
                    f"those of the fields it @requires)"
                )
            own[(type_name, field_name)] = next(iter(left))
    rules = AuthRules(types=types, fields=fields, own_categories=own)
    memo["auth.rules"] = rules
    return rules


def _required_categories(
    supergraph: Supergraph, fields: Mapping[tuple[str, str], Requirement], type_name: str, field_name: str
) -> frozenset[str]:
    """The consent categories of the fields of ``type_name`` that ``field_name`` ``@requires`` in
    any subgraph."""
    meta = supergraph.field(type_name, field_name)
    found: set[str] = set()
    for placement in meta.placements.values() if meta is not None else ():
        for node in placement.requires.selections if placement.requires is not None else ():
            if isinstance(node, FieldNode):
                requirement = fields.get((type_name, node.name.value))
                if requirement is not None:
                    found |= requirement.consent_categories
    return frozenset(found)
