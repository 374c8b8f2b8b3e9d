"""What decides a caller's view of the schema: the part of a :class:`~gateway.access.caller.Caller`
the authorization stage (:mod:`gateway.access.scopes`) reads.

Two callers with equal :class:`Rights` see the same authorized document, so the pipeline keys its
prepared documents (plan and shaping) on ``(query, operation name, rights)``; everything else
about a caller (agency, key, citizen, request id) never changes which fields may be asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.access.caller import Caller, CallerKind

__all__ = ["PUBLIC", "Rights"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rights:
    """A caller's kind (``@authenticated``, consent policies), scopes (``@requiresScopes``) and
    whether it sent a purpose (``X-Purpose``, needed by agencies for consent policies).
    Hashable: part of the prepared-document cache key."""

    kind: CallerKind
    scopes: frozenset[str] = frozenset()
    has_purpose: bool = False

    @classmethod
    def of(cls, caller: Caller) -> Rights:
        """The rights of ``caller``; :data:`PUBLIC` itself for a caller without credentials."""
        has_purpose = bool(caller.purpose)
        if caller.kind is CallerKind.ANONYMOUS and not caller.scopes and not has_purpose:
            return PUBLIC
        return cls(kind=caller.kind, scopes=frozenset(caller.scopes), has_purpose=has_purpose)


#: The rights of a request without credentials.
PUBLIC = Rights(kind=CallerKind.ANONYMOUS, scopes=frozenset(), has_purpose=False)
