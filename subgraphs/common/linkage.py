"""Keyed pseudonyms of NIKs, for counting across services without sending a NIK (docs/statistics.md,
"Linkage across services").

The social, education and health subgraphs share a **statistics linkage secret** that the gateway
does not hold (``SPBE_LINKAGE_SECRET``, or ``<data dir>/linkage-secret`` made by ``spbe up``:
docs/operations.md, "Secrets"). A citizen's pseudonym is HMAC-SHA256 (RFC 2104) of the NIK under
that secret, cut to 128 bits and written base64url without padding (22 characters): the same
citizen has the same pseudonym in every service, and nobody without the secret (the gateway, its
logs and traces, the statistics caller) can turn it back into a NIK or compute it from one.

This module imports nothing heavy at load (``spbe`` reads secrets with it and starts fast).
Without a secret a subgraph still serves everything else; the fields that need the linkage
answer ``LINKAGE_UNAVAILABLE`` (deny by default).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from strawberry.types import Info

__all__ = ["LINKAGE_ENV", "MIN_SECRET_BYTES", "Linkage", "linkage_of"]

#: The environment variable holding the linkage secret (hex, 32 bytes or more).
LINKAGE_ENV: Final = "SPBE_LINKAGE_SECRET"

#: Shortest secret accepted, in bytes (HMAC-SHA256's block of output).
MIN_SECRET_BYTES: Final = 32

#: Bytes of the HMAC kept in a pseudonym: 128 bits, no collision among 10^9 citizens in practice.
_KEPT: Final = 16


@dataclass(frozen=True, slots=True, kw_only=True)
class Linkage:
    """The statistics linkage secret of a deployment, and the pseudonyms it makes."""

    secret: bytes

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the linkage secret must be at least {MIN_SECRET_BYTES} bytes")

    def __repr__(self) -> str:  # never print the secret
        return "Linkage(secret=<hidden>)"

    @classmethod
    def from_hex(cls, text: str) -> Linkage:
        """A linkage from the hex text of its secret; ``ValueError`` if malformed or short."""
        try:
            secret = bytes.fromhex(text.strip())
        except ValueError:
            raise ValueError("the linkage secret must be hex") from None
        return cls(secret=secret)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Linkage | None:
        """The linkage of ``SPBE_LINKAGE_SECRET``, or None when it is unset."""
        text = (os.environ if environ is None else environ).get(LINKAGE_ENV, "").strip()
        return cls.from_hex(text) if text else None

    def pseudonym(self, nik: str) -> str:
        """The citizen's pseudonym: HMAC-SHA256(secret, NIK), 128 bits, base64url."""
        digest = hmac.new(self.secret, nik.encode("ascii"), hashlib.sha256).digest()[:_KEPT]
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def pseudonyms(self, niks: Iterable[str]) -> set[str]:
        """The pseudonyms of ``niks``."""
        mac = hmac.new(self.secret, digestmod=hashlib.sha256)
        found = set()
        for nik in niks:
            one = mac.copy()
            one.update(nik.encode("ascii"))
            found.add(base64.urlsafe_b64encode(one.digest()[:_KEPT]).rstrip(b"=").decode("ascii"))
        return found


def linkage_of(info: Info) -> Linkage:
    """The app's linkage, or raise ``LINKAGE_UNAVAILABLE`` when it has none."""
    from subgraphs.common.errors import LINKAGE_UNAVAILABLE, client_error  # spbe imports this module

    linkage: Linkage | None = getattr(info.context, "linkage", None)
    if linkage is None:
        raise client_error(
            "cross-service statistics are not available: this subgraph has no linkage secret",
            LINKAGE_UNAVAILABLE,
        )
    return linkage
