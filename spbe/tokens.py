"""The development issuer of citizen tokens (``spbe token citizen NIK``).

In production a citizen signs in with the national identity provider and brings its JWT. For
development and the demo, each data folder has its own issuer: an EC P-256 key pair made on
first use, ``<data_dir>/dev-issuer/private.pem`` (mode 0600) and ``<data_dir>/dev-issuer/jwks.json``
(the public key, with a ``kid``). ``spbe up`` points the gateway at that JWKS with
``allow_dev_issuer``; no production gateway should trust it.

A token is ES256 with ``iss`` :data:`DEV_ISSUER`, ``aud`` :data:`DEV_AUDIENCE`, ``sub`` the NIK,
``iat``, ``exp``, ``jti`` and ``scope: "citizen"``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from gateway.access.nik import is_well_formed_nik
from gateway.access.tokens import DEV_AUDIENCE, DEV_ISSUER

__all__ = [
    "DEV_AUDIENCE",
    "DEV_ISSUER",
    "DevIssuer",
    "ensure_dev_issuer",
    "jwks_path",
    "mint_citizen_token",
    "validate_nik",
]

#: Longest token lifetime the development issuer gives (seconds): one week.
MAX_TTL = 7 * 86400


@dataclass(frozen=True, slots=True)
class DevIssuer:
    """A data folder's development issuer."""

    directory: Path
    kid: str
    private_key: ec.EllipticCurvePrivateKey

    @property
    def jwks(self) -> Path:
        return self.directory / "jwks.json"


def jwks_path(data_dir: Path) -> Path:
    """The JWKS file of ``data_dir``'s development issuer (for ``Settings.jwt_jwks``)."""
    return data_dir / "dev-issuer" / "jwks.json"


def validate_nik(nik: str) -> str:
    """``nik`` if it is 16 digits with a real birth date (gateway/access/nik.py), else
    ``ValueError``."""
    if not is_well_formed_nik(nik):
        raise ValueError("a NIK is 16 digits with a real birth date (DDMMYY, day + 40 for women)")
    return nik


def _thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of an EC public JWK: a stable ``kid``."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _public_jwk(key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwk.update(kid=_thumbprint(jwk), use="sig", alg="ES256")
    return jwk


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey) -> bool:
    """Write the key to a new file (mode 0600); False when the file exists already."""
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    os.chmod(path, 0o600)
    return True


def ensure_dev_issuer(data_dir: Path) -> DevIssuer:
    """``data_dir``'s development issuer, making its key pair and JWKS on first use."""
    directory = data_dir / "dev-issuer"
    directory.mkdir(parents=True, exist_ok=True)
    private = directory / "private.pem"
    if not private.exists():
        _write_private(private, ec.generate_private_key(ec.SECP256R1()))
    loaded = serialization.load_pem_private_key(private.read_bytes(), password=None)
    if not isinstance(loaded, ec.EllipticCurvePrivateKey) or loaded.curve.name != "secp256r1":
        raise ValueError(f"{private} is not an EC P-256 private key")
    jwk = _public_jwk(loaded)
    jwks = directory / "jwks.json"
    text = json.dumps({"keys": [jwk]}, indent=2) + "\n"
    if not jwks.exists() or jwks.read_text(encoding="utf-8") != text:
        tmp = jwks.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(jwks)
    return DevIssuer(directory=directory, kid=jwk["kid"], private_key=loaded)


def mint_citizen_token(data_dir: Path, nik: str, *, ttl: int = 3600) -> str:
    """A citizen token for ``nik`` from ``data_dir``'s development issuer, valid ``ttl`` seconds."""
    validate_nik(nik)
    if not 1 <= ttl <= MAX_TTL:
        raise ValueError(f"the token lifetime must be between 1 and {MAX_TTL} seconds")
    issuer = ensure_dev_issuer(data_dir)
    now = int(time.time())
    claims = {
        "iss": DEV_ISSUER,
        "aud": DEV_AUDIENCE,
        "sub": nik,
        "iat": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
        "scope": "citizen",
    }
    return jwt.encode(claims, issuer.private_key, algorithm="ES256", headers={"kid": issuer.kid})
