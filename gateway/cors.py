"""CORS for browser clients: an allow-list of origins (``--cors-origin``).

Only origins on the list get CORS headers, and always their exact origin (never ``*``, so a
browser that sends credentials can read the answer only when the origin is trusted). A preflight
(``OPTIONS`` with ``Access-Control-Request-Method``) from an allowed origin is answered 204 with
the methods and headers the gateway accepts; from any other origin 403 without CORS headers.
An entry ``*`` in the list allows every origin (development only); the answer still names the
exact origin.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ALLOW_HEADERS", "ALLOW_METHODS", "EXPOSE_HEADERS", "Cors", "Header"]

ALLOW_METHODS = b"GET, POST"
ALLOW_HEADERS = b"content-type, authorization, x-api-key, x-purpose, x-request-id"
#: response headers a browser script may read besides the CORS-safelisted ones
EXPOSE_HEADERS = b"ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after"

Header = tuple[bytes, bytes]


class Cors:
    """The allow-list and the headers for one request's ``Origin``."""

    def __init__(self, origins: Iterable[str], max_age: int = 600) -> None:
        cleaned = {o.strip().rstrip("/").lower() for o in origins if o.strip()}
        self.any = "*" in cleaned
        self.origins = frozenset(o.encode("latin-1") for o in cleaned - {"*"})
        self.max_age = str(max_age).encode()

    @property
    def enabled(self) -> bool:
        return self.any or bool(self.origins)

    def allowed(self, origin: bytes | None) -> bool:
        if not origin or origin == b"null":
            return False
        return self.any or origin.lower() in self.origins

    def response_headers(self, origin: bytes | None) -> list[Header]:
        """Headers for an actual (non-preflight) response."""
        if not self.enabled:
            return []
        if not self.allowed(origin):
            return [(b"vary", b"Origin")]
        assert origin is not None
        return [
            (b"access-control-allow-origin", origin),
            (b"access-control-expose-headers", EXPOSE_HEADERS),
            (b"vary", b"Origin"),
        ]

    def preflight(self, origin: bytes | None) -> tuple[int, list[Header]]:
        """Status and headers answering a preflight request."""
        if not self.allowed(origin):
            return 403, [(b"vary", b"Origin")]
        assert origin is not None
        return 204, [
            (b"access-control-allow-origin", origin),
            (b"access-control-allow-methods", ALLOW_METHODS),
            (b"access-control-allow-headers", ALLOW_HEADERS),
            (b"access-control-max-age", self.max_age),
            (b"vary", b"Origin"),
        ]
