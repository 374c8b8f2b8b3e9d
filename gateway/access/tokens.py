"""Citizens' bearer tokens: JSON Web Tokens verified with PyJWT (docs/access.md, "Citizens").

A token is accepted when its signature verifies with a key of the configured JWKS (a file, or an
https URL fetched and cached by ``jwt.PyJWKClient``), with an asymmetric algorithm only
(RFC 8725 §3.1: never ``none``, never an HMAC keyed with a public key), and its ``iss``, ``aud``,
``exp`` and ``sub`` claims are right; ``sub`` is the citizen's NIK (16 digits).

The local development issuer (:data:`DEV_ISSUER`, whose keys ``spbe up`` keeps in the data
folder and ``spbe token citizen NIK`` signs with) is refused unless the configuration says
``allow_dev_issuer``: a production gateway never trusts a key that sits next to the code.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import jwt

from gateway.access.nik import is_well_formed_nik

__all__ = ["ALGORITHMS", "DEV_AUDIENCE", "DEV_ISSUER", "TokenError", "TokenVerifier"]

DEV_ISSUER = "spbe-dev-issuer"
DEV_AUDIENCE = "spbe-graph"
ALGORITHMS = ("ES256", "ES384", "RS256", "RS384", "RS512", "PS256", "EdDSA")


class TokenError(Exception):
    """The token is not one this gateway accepts (the message says why, for the caller)."""


class TokenVerifier:
    """Verifies citizens' tokens for one issuer and audience."""

    def __init__(self, *, issuer: str, audience: str, jwks: str, allow_dev_issuer: bool = False) -> None:
        if issuer == DEV_ISSUER and not allow_dev_issuer:
            raise ValueError(
                f"the issuer {DEV_ISSUER!r} is the local development issuer; set allow_dev_issuer "
                "(SPBE_ALLOW_DEV_ISSUER=1) only outside production"
            )
        self.issuer = issuer
        self.audience = audience
        self._client: jwt.PyJWKClient | None = None
        self._keys: jwt.PyJWKSet | None = None
        if jwks.startswith(("https://", "http://")):
            self._client = jwt.PyJWKClient(jwks, cache_keys=True, lifespan=300, timeout=5)
        else:
            self._keys = jwt.PyJWKSet.from_dict(json.loads(Path(jwks).read_text(encoding="utf-8")))

    async def _key(self, token: str) -> jwt.PyJWK:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise TokenError("The bearer token is malformed.") from None
        if header.get("alg") not in ALGORITHMS:
            raise TokenError("The bearer token's algorithm is not accepted.")
        if self._client is not None:
            try:
                return await asyncio.to_thread(self._client.get_signing_key_from_jwt, token)
            except jwt.PyJWTError:
                raise TokenError("The bearer token's signing key is not known.") from None
        assert self._keys is not None
        kid = header.get("kid")
        for key in self._keys.keys:
            if kid is None or key.key_id == kid:
                return key
        raise TokenError("The bearer token's signing key is not known.")

    async def verify(self, token: str) -> str:
        """The NIK the token was issued for, or :class:`TokenError`."""
        key = await self._key(token)
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=list(ALGORITHMS),
                audience=self.audience,
                issuer=self.issuer,
                leeway=30,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenError("The bearer token has expired.") from None
        except jwt.InvalidAudienceError:
            raise TokenError("The bearer token is for another audience.") from None
        except jwt.InvalidIssuerError:
            raise TokenError("The bearer token is from an issuer this gateway does not trust.") from None
        except jwt.PyJWTError:
            raise TokenError("The bearer token is not valid.") from None
        subject = claims.get("sub")
        if type(subject) is not str or not is_well_formed_nik(subject):
            raise TokenError("The bearer token's subject is not a NIK.")
        return subject
