"""Who is asking: the caller of one request, as the gateway established it.

docs/access.md, "Callers": an agency (API key), a citizen (bearer token whose subject is a NIK),
or an anonymous caller; the gateway itself when it asks a subgraph something on its own account
(a guardian's wards). The same :class:`Caller` travels, signed, to every subgraph
(:mod:`gateway.access.seal`), so a subgraph knows who asked and why.
"""

from __future__ import annotations

import base64
import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ANONYMOUS", "Caller", "CallerKind", "MandateScope", "new_request_id"]


def new_request_id() -> str:
    """A fresh request id: 16 URL-safe characters (96 random bits). Not hex: a long run of digits
    in a log line looks like a NIK to data-loss scanners."""
    return base64.urlsafe_b64encode(os.urandom(12)).decode()


class CallerKind(enum.Enum):
    """The kinds of caller (the audit trail's ``caller_kind``)."""

    ANONYMOUS = "ANONYMOUS"
    AGENCY = "AGENCY"
    CITIZEN = "CITIZEN"
    GATEWAY = "GATEWAY"


@dataclass(frozen=True, slots=True, kw_only=True)
class MandateScope:
    """What one of an agency's mandates reaches: its categories and regions (docs/consent.md,
    "Regional mandates"). ``regions`` are undotted region codes; empty means national."""

    categories: frozenset[str]
    regions: tuple[str, ...] = ()

    def covers(self, category: str, region: str) -> bool:
        """Whether this mandate reaches ``category`` everywhere in ``region`` (an undotted code):
        national, or ``region`` lies within one of its regions (a regency mandate covers its
        districts and villages, a district mandate not its regency)."""
        return category in self.categories and (
            not self.regions or any(region.startswith(code) for code in self.regions)
        )

    @staticmethod
    def merge(scopes: Iterable[MandateScope]) -> tuple[MandateScope, ...]:
        """The same coverage in fewest words: per category, national if any scope is, else the
        union of the regions without those inside another (``3273`` swallows ``327301``); then
        the categories with equal regions together. At most one scope per category, so the
        signed caller stays small however many mandates an agency holds."""
        national: set[str] = set()
        regional: dict[str, set[str]] = {}
        for scope in scopes:
            for category in scope.categories:
                if not scope.regions:
                    national.add(category)
                else:
                    regional.setdefault(category, set()).update(scope.regions)
        by_regions: dict[tuple[str, ...], set[str]] = {(): national} if national else {}
        for category, codes in regional.items():
            if category in national:
                continue
            kept = tuple(sorted(c for c in codes if not any(c != o and c.startswith(o) for o in codes)))
            by_regions.setdefault(kept, set()).add(category)
        return tuple(
            MandateScope(categories=frozenset(categories), regions=regions)
            for regions, categories in sorted(by_regions.items())
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Caller:
    """One request's caller.

    ``scopes`` are what the caller may ask for (``@requiresScopes``); a citizen always has
    ``citizen``. ``wards`` are the minors a citizen is parent or guardian of on the same family
    card (filled by the gateway before any subgraph is asked). ``purpose`` is the ``X-Purpose``
    header's purpose code. ``request_id`` names the request in logs and in the trail.
    ``mandates`` are the agency's mandates in force for that purpose when the request was
    authenticated (categories and regions only): subgraphs check region-bound root fields against
    them (docs/social.md, "Outreach") and the gateway knows from them when it needs citizens'
    domiciles; every per-citizen decision is still made by the registry at the entity step.
    """

    kind: CallerKind
    agency: str | None = None
    key_id: str | None = None
    citizen: str | None = None
    wards: tuple[str, ...] = ()
    scopes: frozenset[str] = field(default_factory=frozenset)
    purpose: str | None = None
    request_id: str = ""
    mandates: tuple[MandateScope, ...] = ()

    @property
    def authenticated(self) -> bool:
        return self.kind is not CallerKind.ANONYMOUS

    def share_key(self) -> tuple[Any, ...]:
        """Everything that can change a subgraph's answer to this caller: the de-duplication of
        identical in-flight requests keys on it (the request id alone does not change answers)."""
        return (
            self.kind, self.agency, self.key_id, self.citizen, self.wards, self.scopes, self.purpose,
            self.mandates,
        )  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        """The signed form sent to subgraphs (short keys, no empty values)."""
        out: dict[str, Any] = {"kind": self.kind.value}
        for name, value in (
            ("agency", self.agency),
            ("key", self.key_id),
            ("citizen", self.citizen),
            ("purpose", self.purpose),
            ("rid", self.request_id),
        ):
            if value:
                out[name] = value
        if self.wards:
            out["wards"] = list(self.wards)
        if self.scopes:
            out["scopes"] = sorted(self.scopes)
        if self.mandates:
            out["mandates"] = [
                {"categories": sorted(m.categories), "regions": list(m.regions)} for m in self.mandates
            ]
        return out

    @classmethod
    def from_json(cls, data: Any) -> Caller:
        """The inverse of :meth:`to_json`; ``ValueError`` for anything else."""
        if type(data) is not dict:
            raise ValueError("caller must be an object")
        try:
            kind = CallerKind(data["kind"])
        except (KeyError, ValueError):
            raise ValueError("caller has no valid kind") from None

        def text(name: str) -> str | None:
            value = data.get(name)
            if value is not None and type(value) is not str:
                raise ValueError(f"caller.{name} must be a string")
            return value

        def texts(name: str) -> list[str]:
            value = data.get(name, [])
            if type(value) is not list or any(type(v) is not str for v in value):
                raise ValueError(f"caller.{name} must be a list of strings")
            return value

        mandates = data.get("mandates", [])
        if type(mandates) is not list or any(type(m) is not dict for m in mandates):
            raise ValueError("caller.mandates must be a list of objects")
        scopes: list[MandateScope] = []
        for mandate in mandates:
            categories, regions = mandate.get("categories"), mandate.get("regions", [])
            if type(categories) is not list or type(regions) is not list:
                raise ValueError("caller.mandates[] must have lists of categories and regions")
            if any(type(v) is not str for v in (*categories, *regions)):
                raise ValueError("caller.mandates[] must have lists of strings")
            scopes.append(MandateScope(categories=frozenset(categories), regions=tuple(regions)))
        return cls(
            kind=kind,
            agency=text("agency"),
            key_id=text("key"),
            citizen=text("citizen"),
            wards=tuple(texts("wards")),
            scopes=frozenset(texts("scopes")),
            purpose=text("purpose"),
            request_id=text("rid") or "",
            mandates=tuple(scopes),
        )


#: The caller of a request that sent no credentials.
ANONYMOUS = Caller(kind=CallerKind.ANONYMOUS)
