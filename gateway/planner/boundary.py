"""Consent boundaries: where a guarded field may be placed (docs/query-planning.md, "Consent
boundaries").

A field with a ``consent:<category>`` policy is only placed at the top of an entity fetch of its
type guarded with that category; these helpers read the subject's key (its single field, or the
field a ``consent:<category>:<field>`` policy names), tell whether the planner stands at such a
boundary, and record the guarded fields of a fetch.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    SelectionSetNode,
)

from .error import PlanningError
from .scope import Scope, strip_type_conditions
from .state import PlannerState

__all__ = ["ConsentBoundary"]


class ConsentBoundary(PlannerState):
    """Consent-boundary checks on top of the planner state."""

    def _subject_key(self, type_name: str, key: SelectionSetNode, category: str) -> str:
        """The field of a key naming the data subject of a consent boundary: the field the
        category's policies name on ``type_name`` (``consent:<category>:<field>``, a reference
        entity), which must be a scalar field of the key, else the key's one scalar field."""
        fields = key.selections
        named = self.subjects.get((type_name, category))
        if named is not None:
            if not any(isinstance(f, FieldNode) and f.name.value == named and f.selection_set is None
                       for f in fields):
                raise PlanningError(f"the key of {type_name} used for a consent boundary lacks its "
                                    f"subject field {named}")
            return named
        if len(fields) != 1 or not isinstance(fields[0], FieldNode) or fields[0].selection_set is not None:
            raise PlanningError(f"the key of {type_name} used for a consent boundary must be one scalar "
                                f"field (the subject's identifier)")
        return fields[0].name.value

    def _at_boundary(self, scope: Scope, category: str) -> bool:
        """Whether ``scope`` is the top of an entity fetch of its type guarded with ``category``."""
        group = scope.group
        guard = group.guard
        return guard is not None and guard.category == category and group.is_entity and \
            guard.type_name == scope.type_name and strip_type_conditions(scope.path) == group.path

    def _record_guarded(self, scope: Scope, node: FieldNode) -> None:
        guard = scope.group.guard
        assert guard is not None
        guard.fields[node.name.value] = None
        guard.response_keys[node.alias.value if node.alias else node.name.value] = None

    def _chain_guard(self, type_name: str, chain: tuple[FieldNode, ...]) -> str | None:
        """The consent category of a path fetched again from an entity: that of its first field
        (a field of the entity itself); a guarded field further down cannot be fetched so."""
        guard: str | None = None
        for position, field in enumerate(chain):
            category = self.consent.get((type_name, field.name.value))
            if category is not None:
                if position:
                    raise PlanningError(f"{type_name}.{field.name.value} needs consent but can only be "
                                        f"fetched with the fields above it")
                guard = category
            type_name = self.own.named_field_type(type_name, field.name.value) or ""
        return guard
