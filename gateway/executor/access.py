"""What the executor needs to run a plan for one caller: who asks, and the consent decisions.

``execute_plan(..., access=...)`` passes ``access.caller`` with every subgraph request (the
transport signs it) and, before each entity fetch behind a consent boundary
(``FetchNode.guard``), asks ``access.decide(guard, subjects)`` once for every subject of that
plan step. Subjects the answer does not allow, or does not mention, are left out of the request.
The real implementation reads the consent registry; tests use a fake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeAlias

from gateway.access.caller import Caller
from gateway.planner.plan import Guard

__all__ = [
    "ACCESS_CHECK_FAILED",
    "ACCESS_CHECK_FAILED_MESSAGE",
    "ALLOWED",
    "Allowed",
    "Decision",
    "Decisions",
    "Denied",
    "ExecutionAccess",
]

#: The code of a subject left out because no decision could be had (the check failed, no
#: access was given, the representation named no subject, the answer left it out).
ACCESS_CHECK_FAILED = "ACCESS_CHECK_FAILED"
ACCESS_CHECK_FAILED_MESSAGE = "The access check could not be made; personal data was not returned."


@dataclass(frozen=True, slots=True)
class Allowed:
    """The caller may see this subject's data of the guard's category."""


@dataclass(frozen=True, slots=True)
class Denied:
    """The caller may not: ``code`` (e.g. ``CONSENT_REQUIRED``) and ``message`` go to the client
    in one GraphQL error per object and guarded field."""

    code: str
    message: str
    #: why, in one word for programs (``extensions.reason``), e.g. ``CONSENT_REVOKED``
    reason: str | None = None


ALLOWED = Allowed()
Decision: TypeAlias = Allowed | Denied
#: subject key value (e.g. a NIK) -> its decision; a subject not in it is denied
Decisions: TypeAlias = Mapping[str, Decision]


class ExecutionAccess(Protocol):
    """The caller of one execution and the consent decisions for it."""

    @property
    def caller(self) -> Caller: ...

    async def decide(self, guard: Guard, subjects: Sequence[str]) -> Decisions:
        """Decide, in one lookup, which of ``subjects`` (distinct key values of
        ``guard.type_name``) the caller may see for ``guard.category``."""
        ...
