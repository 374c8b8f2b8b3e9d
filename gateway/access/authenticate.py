"""The authentication stage: from a request's headers to its :class:`~gateway.access.caller.Caller`.

docs/access.md, "Callers". Credentials:

* an API key (``spbe_<prefix>_<secret>``) in ``X-API-Key`` or ``Authorization: Bearer``: a
  partner agency, with the key's scopes;
* a JWT in ``Authorization: Bearer``: a citizen (the token's subject is the NIK), scope
  ``citizen``; their wards (minor children on the same family card, for whom they act as
  guardian) are asked of the identity subgraph once per request;
* nothing: anonymous (public data only).

An unknown, malformed, revoked or expired credential is refused with 401 and
``UNAUTHENTICATED``: never downgraded to anonymous access. ``X-Purpose`` names the purpose code
of the request; ``X-Request-Id`` (if well-formed) names the request, else one is made.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Awaitable, Callable, Mapping

from gateway.access.caller import Caller, CallerKind, new_request_id
from gateway.access.domicile import DomicileLookup
from gateway.access.keys import key_matches, parse_key
from gateway.access.store import AccessStore
from gateway.access.tokens import TokenError, TokenVerifier
from gateway.errors import AuthenticationError, RequestError

__all__ = ["Authenticator", "WardsLookup"]

_PURPOSE = re.compile(r"^[A-Z][A-Z0-9_]{1,63}$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_log = logging.getLogger("gateway.access")

#: ``async wards(nik) -> NIKs`` of the minors the citizen is parent or guardian of.
WardsLookup = Callable[[str], Awaitable[tuple[str, ...]]]


def _header(headers: Mapping[bytes, bytes], name: bytes) -> str | None:
    value = headers.get(name)
    if value is None:
        return None
    text = value.decode("latin-1").strip()
    return text or None


class Authenticator:
    """Establishes the caller of each request."""

    def __init__(
        self,
        *,
        store: AccessStore | None,
        tokens: TokenVerifier | None,
        wards: WardsLookup | None = None,
        domiciles: DomicileLookup | None = None,
    ) -> None:
        self.store = store
        self.tokens = tokens
        self.wards = wards
        #: where citizens live, for the decisions under a regional mandate (gateway.access.domicile)
        self.domiciles = domiciles

    async def __call__(self, headers: Mapping[bytes, bytes], request_id: str | None = None) -> Caller:
        """The caller, or :class:`AuthenticationError` (401) / :class:`RequestError` (400).
        ``request_id``: the one already given to the request, if any (else from ``X-Request-Id``
        when well-formed, else a new one)."""
        purpose = _header(headers, b"x-purpose")
        if purpose is not None and not _PURPOSE.match(purpose):
            raise RequestError("X-Purpose must be a purpose code, such as HEALTH_SERVICE.")
        if request_id is None:
            request_id = _header(headers, b"x-request-id")
            if request_id is None or not _REQUEST_ID.match(request_id):
                request_id = new_request_id()
        api_key = _header(headers, b"x-api-key")
        authorization = _header(headers, b"authorization")
        bearer: str | None = None
        if authorization is not None:
            scheme, _, credentials = authorization.partition(" ")
            if scheme.lower() != "bearer" or not credentials.strip():
                raise AuthenticationError("Send credentials as 'Authorization: Bearer <token or key>'.")
            bearer = credentials.strip()
        if api_key is not None and bearer is not None and api_key != bearer:
            raise AuthenticationError("Send one credential: an API key or a bearer token, not both.")
        if api_key is None and bearer is not None and bearer.startswith("spbe_"):
            api_key, bearer = bearer, None
        if api_key is not None:
            return await self._agency(api_key, purpose, request_id)
        if bearer is not None:
            return await self._citizen(bearer, purpose, request_id)
        return Caller(kind=CallerKind.ANONYMOUS, purpose=purpose, request_id=request_id)

    async def _agency(self, text: str, purpose: str | None, request_id: str) -> Caller:
        prefix = parse_key(text)
        if prefix is None:
            raise AuthenticationError("The API key is malformed.")
        if self.store is None:
            raise AuthenticationError("API keys are not accepted here: no key registry is configured.")
        record = await self.store.find_key(prefix, purpose=purpose)
        if record is None or not key_matches(text, record.secret_hash):
            raise AuthenticationError("The API key is not known.")
        now = datetime.datetime.now(datetime.UTC)
        if record.revoked_at is not None and record.revoked_at <= now:
            raise AuthenticationError("The API key has been revoked.")
        if record.expires_at is not None and record.expires_at <= now:
            raise AuthenticationError("The API key has expired.")
        self.store.touch_key(record.id)
        return Caller(
            kind=CallerKind.AGENCY,
            agency=record.agency,
            key_id=record.prefix,
            scopes=record.scopes,
            purpose=purpose,
            request_id=request_id,
            mandates=record.mandates,
        )

    async def _citizen(self, token: str, purpose: str | None, request_id: str) -> Caller:
        if self.tokens is None:
            raise AuthenticationError("Bearer tokens are not accepted here: no token issuer is configured.")
        try:
            nik = await self.tokens.verify(token)
        except TokenError as error:
            raise AuthenticationError(str(error)) from None
        wards: tuple[str, ...] = ()
        if self.wards is not None:
            try:
                wards = await self.wards(nik)
            except Exception as error:  # the identity service is down: act for oneself only
                _log.warning("could not look up a citizen's wards: %s", type(error).__name__)
        return Caller(
            kind=CallerKind.CITIZEN,
            citizen=nik,
            wards=wards,
            scopes=frozenset({"citizen"}),
            purpose=purpose,
            request_id=request_id,
        )
