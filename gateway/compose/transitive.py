"""Transitive authorization of ``@requires``: a field that requires guarded fields must ask of
its caller at least what they ask (Apollo's ``MISSING_TRANSITIVE_AUTH_REQUIREMENTS``).

Implements docs/composition.md, "Merge rules": the gateway fetches required fields for the field
that requires them whatever the caller may see, so without this rule a caller could learn a
guarded field through a field that requires it (docs/query-planning.md, "Consent boundaries";
docs/social.md, "The gap view"). A field's requirement is what every subgraph that resolves it
declares (``@authenticated``, ``@requiresScopes`` and ``@policy``, the alternatives of several
subgraphs AND-combined, as in the supergraph); the requiring field's must imply it: authenticated
if it is, and each of its scope (policy) alternatives must hold some alternative of the other's.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from graphql import FieldNode, InlineFragmentNode, SelectionSetNode

from .directive import auth_alternatives
from .errors import CompositionIssue
from .fieldset import named_type, parse_field_set
from .model import Field, Subgraph

__all__ = ["check_transitive_auth"]

_Groups = tuple[frozenset[str], ...]


@dataclass(frozen=True, slots=True)
class _Requirement:
    authenticated: bool = False
    scopes: _Groups = ()
    policies: _Groups = ()


def _and(first: _Groups, second: _Groups) -> _Groups:
    if not first:
        return second
    if not second:
        return first
    return tuple(dict.fromkeys(a | b for a, b in itertools.product(first, second)))


def _groups(text: str, argument: str) -> _Groups:
    return tuple(frozenset(group) for group in auth_alternatives(text, argument))


def _of(field: Field) -> _Requirement:
    authenticated = False
    scopes: _Groups = ()
    policies: _Groups = ()
    for applied in field.meta.applied:
        if applied.name == "authenticated":
            authenticated = True
        elif applied.name == "requiresScopes":
            scopes = _and(scopes, _groups(applied.text, "scopes"))
        elif applied.name == "policy":
            policies = _and(policies, _groups(applied.text, "policies"))
    return _Requirement(authenticated, scopes, policies)


def _merged(subgraphs: Sequence[Subgraph]) -> dict[tuple[str, str], _Requirement]:
    """Each field's requirement over every subgraph that defines it (not as ``@external``)."""
    found: dict[tuple[str, str], _Requirement] = {}
    for subgraph in subgraphs:
        for typedef in subgraph.types.values():
            for field in typedef.fields.values():
                if field.external:
                    continue
                own = _of(field)
                held = found.get((typedef.name, field.name), _Requirement())
                found[(typedef.name, field.name)] = _Requirement(
                    held.authenticated or own.authenticated,
                    _and(held.scopes, own.scopes),
                    _and(held.policies, own.policies),
                )
    return found


def _implies(held: _Groups, needed: _Groups) -> bool:
    if not needed:
        return True
    return bool(held) and all(any(n <= h for n in needed) for h in held)


def _required_fields(subgraph: Subgraph, type_name: str, selection_set: SelectionSetNode
                     ) -> list[tuple[str, str]]:
    """Every ``(type, field)`` a ``@requires`` field set selects, nested ones included."""
    found: list[tuple[str, str]] = []
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition.name.value if selection.type_condition else type_name
            found += _required_fields(subgraph, condition, selection.selection_set)
        elif isinstance(selection, FieldNode) and selection.name.value != "__typename":
            found.append((type_name, selection.name.value))
            typedef = subgraph.types.get(type_name)
            definition = typedef.fields.get(selection.name.value) if typedef is not None else None
            if selection.selection_set is not None and definition is not None:
                found += _required_fields(subgraph, named_type(definition.type), selection.selection_set)
    return found


def check_transitive_auth(subgraphs: Sequence[Subgraph]) -> list[CompositionIssue]:
    """``MISSING_TRANSITIVE_AUTH_REQUIREMENTS`` for every ``@requires`` field that asks less of its
    caller than a field it requires."""
    merged = _merged(subgraphs)
    issues: list[CompositionIssue] = []
    for subgraph in subgraphs:
        for typedef in subgraph.types.values():
            for field in typedef.fields.values():
                if field.requires is None or field.external:
                    continue
                held = merged.get((typedef.name, field.name), _Requirement())
                selection = parse_field_set(field.requires)
                for coordinate in dict.fromkeys(_required_fields(subgraph, typedef.name, selection)):
                    needed = merged.get(coordinate)
                    if needed is None or needed == _Requirement():
                        continue
                    if (needed.authenticated and not held.authenticated) or not (
                        _implies(held.scopes, needed.scopes) and _implies(held.policies, needed.policies)
                    ):
                        issues.append(
                            CompositionIssue(
                                "MISSING_TRANSITIVE_AUTH_REQUIREMENTS",
                                f'Field "{typedef.name}.{field.name}" does not specify necessary '
                                "@authenticated, @requiresScopes and/or @policy auth requirements to "
                                f'access the transitive field "{".".join(coordinate)}" data from @requires '
                                "selection set.",
                                (subgraph.name,),
                                typedef.name,
                                field.name,
                            )
                        )
    return issues
