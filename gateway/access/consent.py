"""Consent decisions for one execution: the executor's :class:`~gateway.executor.access.ExecutionAccess`.

docs/access.md, "Categories and consent". Before each entity fetch behind a consent boundary the
executor asks :meth:`ConsentGate.decide` once for every citizen of the step; the gate asks the
registry (:meth:`gateway.access.store.AccessStore.record_access_many`: one round trip that
decides and writes the trail) and turns each denial into the ``CONSENT_REQUIRED`` error the
client sees. The guarded fetches of one plan step start together (a ``Parallel`` node), so the
gate gathers the decisions asked in the same turn of the event loop into one round trip, the way
a DataLoader batches loads. Without a registry every guarded record is refused (deny by default).

A caller holding a regional mandate (docs/access.md, "Regional mandates") needs the citizens'
domiciles for the registry to decide: the gate asks them of the identity service
(:mod:`gateway.access.domicile`) for the categories such a mandate could cover and no national
one does, just before the round trip. If identity does not answer, the domiciles stay unknown and
the regional mandate covers nobody (the denials are recorded as ``MANDATE_REGION_UNKNOWN``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from gateway.access.caller import Caller, CallerKind
from gateway.access.domicile import DomicileLookup
from gateway.access.store import AccessDecision, AccessRequest, AccessStore
from gateway.executor.access import ALLOWED, Decision, Decisions, Denied
from gateway.planner.plan import Guard

__all__ = ["CONSENT_REQUIRED", "ConsentGate", "denial_message"]

CONSENT_REQUIRED = "CONSENT_REQUIRED"

_REASONS = {
    "NO_CONSENT": "no consent or mandate covers it",
    "CONSENT_PAUSED": "the citizen paused the consent",
    "CONSENT_REVOKED": "the citizen revoked the consent",
    "CONSENT_EXPIRED": "the consent has expired",
    "CONSENT_NOT_YET_VALID": "the consent is not valid yet",
    "CONSENT_FOR_OTHER_PURPOSE": "the consent is for another purpose",
    "CONSENT_FOR_OTHER_CATEGORY": "the consent does not cover this category",
    "UNKNOWN_PURPOSE": "the purpose is not in the purpose registry",
    "PURPOSE_REQUIRED": "no purpose was stated (X-Purpose)",
    "NOT_SELF_OR_WARD": "a citizen may see only their own records and their minor children's",
    "NOT_IDENTIFIED": "the caller is not identified",
    "MANDATE_OUT_OF_REGION": "the agency's mandate is limited to regions the citizen does not live in",
    "MANDATE_REGION_UNKNOWN": (
        "the agency's mandate is limited to regions and where the citizen lives is not known"
    ),
}
_log = logging.getLogger("gateway.access")


def denial_message(caller: Caller, category: str, reason: str | None) -> str:
    """The message of a ``CONSENT_REQUIRED`` error (no NIK in it)."""
    why = _REASONS.get(reason or "", "no legal basis was found")
    if caller.kind is CallerKind.AGENCY:
        who = f"{caller.agency} for purpose {caller.purpose}"
    elif caller.kind is CallerKind.CITIZEN:
        who = "you"
    else:
        who = "this caller"
    return f"This citizen's {category} data is not available to {who}: {why} ({reason or 'NO_BASIS'})."


_Pending = tuple[AccessRequest, "asyncio.Future[dict[str, AccessDecision]]"]


class ConsentGate:
    """One execution's caller and its decisions, over the registry ``store`` (or none)."""

    __slots__ = ("_domiciles", "_pending", "_places_known", "_store", "_tasks", "caller", "operation_name")

    def __init__(
        self,
        caller: Caller,
        store: AccessStore | None,
        operation_name: str | None,
        domiciles: DomicileLookup | None = None,
    ) -> None:
        self.caller = caller
        self._store = store
        self.operation_name = operation_name
        self._domiciles = domiciles
        #: domiciles identity already answered in this execution (None: it does not know the citizen),
        #: so a later guarded step of the same request asks only for citizens not seen yet
        self._places_known: dict[str, str | None] = {}
        self._pending: list[_Pending] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def decide(self, guard: Guard, subjects: Sequence[str]) -> Decisions:
        """Decide and record; raises when the registry cannot (the executor then returns
        nothing of the step)."""
        if self._store is None:
            raise LookupError("no consent registry is configured")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[dict[str, AccessDecision]] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._send)
        request = AccessRequest(category=guard.category, fields=guard.fields, subjects=subjects)
        self._pending.append((request, future))
        found = await future
        return {subject: self._decision(guard, found.get(subject)) for subject in subjects}

    def _send(self) -> None:
        pending, self._pending = self._pending, []
        task = asyncio.get_running_loop().create_task(self._record(pending))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _record(self, pending: list[_Pending]) -> None:
        assert self._store is not None
        requests = [request for request, _ in pending]
        try:
            places = await self._places(requests)
            found = await self._store.record_access_many(
                self.caller, requests, operation_name=self.operation_name, domiciles=places
            )
        except Exception as error:  # every waiting fetch fails closed with it
            for _, future in pending:
                if not future.done():
                    future.set_exception(error)
            return
        for (_, future), decisions in zip(pending, found, strict=True):
            if not future.done():
                future.set_result(decisions)

    async def _places(self, requests: Sequence[AccessRequest]) -> dict[str, str] | None:
        """The domiciles of the subjects of the categories only a regional mandate could reach;
        None when no request needs them; empty when the identity service does not answer."""
        mandates = self.caller.mandates if self.caller.kind is CallerKind.AGENCY else ()
        regional = {c for m in mandates if m.regions for c in m.categories}
        national = {c for m in mandates if not m.regions for c in m.categories}
        subjects = {s for r in requests if r.category in regional - national for s in r.subjects}
        if not subjects:
            return None
        if self._domiciles is None:
            return {}
        known = self._places_known
        unseen = sorted(subjects.difference(known))
        if unseen:
            try:
                found = await self._domiciles(unseen)
            except Exception as error:  # identity is down: no domicile, so no regional mandate applies
                _log.warning("could not look up citizens' domiciles: %s", type(error).__name__)
                found = None
            if found is not None:  # a failure is not remembered: a later step asks again
                known.update({nik: found.get(nik) for nik in unseen})
        return {nik: place for nik in subjects if (place := known.get(nik)) is not None}

    def _decision(self, guard: Guard, decision: AccessDecision | None) -> Decision:
        if decision is not None and decision.allowed:
            return ALLOWED
        reason = decision.reason if decision is not None else None
        message = denial_message(self.caller, guard.category, reason)
        return Denied(CONSENT_REQUIRED, message, reason or "NO_BASIS")
