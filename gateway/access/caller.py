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
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ANONYMOUS", "Caller", "CallerKind", "new_request_id"]


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
class Caller:
    """One request's caller.

    ``scopes`` are what the caller may ask for (``@requiresScopes``); a citizen always has
    ``citizen``. ``wards`` are the minors a citizen is parent or guardian of on the same family
    card (filled by the gateway before any subgraph is asked). ``purpose`` is the ``X-Purpose``
    header's purpose code. ``request_id`` names the request in logs and in the trail.
    """

    kind: CallerKind
    agency: str | None = None
    key_id: str | None = None
    citizen: str | None = None
    wards: tuple[str, ...] = ()
    scopes: frozenset[str] = field(default_factory=frozenset)
    purpose: str | None = None
    request_id: str = ""

    @property
    def authenticated(self) -> bool:
        return self.kind is not CallerKind.ANONYMOUS

    def share_key(self) -> tuple[Any, ...]:
        """Everything that can change a subgraph's answer to this caller: the de-duplication of
        identical in-flight requests keys on it (the request id alone does not change answers)."""
        return (self.kind, self.agency, self.key_id, self.citizen, self.wards, self.scopes, self.purpose)

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

        return cls(
            kind=kind,
            agency=text("agency"),
            key_id=text("key"),
            citizen=text("citizen"),
            wards=tuple(texts("wards")),
            scopes=frozenset(texts("scopes")),
            purpose=text("purpose"),
            request_id=text("rid") or "",
        )


#: The caller of a request that sent no credentials.
ANONYMOUS = Caller(kind=CallerKind.ANONYMOUS)
