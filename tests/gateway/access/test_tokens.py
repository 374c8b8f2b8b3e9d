"""Citizens' tokens: verified with PyJWT against a JWKS; the development issuer only when allowed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.access.tokens import DEV_ISSUER, TokenError, TokenVerifier

NIK = "3171014101900003"


def _issuer(tmp_path: Path, kid: str = "k1") -> tuple[ec.EllipticCurvePrivateKey, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    public.update({"kid": kid, "alg": "ES256", "use": "sig"})
    path = tmp_path / f"jwks-{kid}.json"
    path.write_text(json.dumps({"keys": [public]}))
    return key, str(path)


def _token(key: object, **claims: object) -> str:
    now = int(time.time())
    body = {"iss": "https://sso.example.go.id", "aud": "spbe-graph", "sub": NIK, "iat": now, "exp": now + 600}
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, key, algorithm="ES256", headers={"kid": "k1"})  # type: ignore[arg-type]


async def test_a_good_token_gives_its_subject(tmp_path: Path) -> None:
    key, jwks = _issuer(tmp_path)
    verifier = TokenVerifier(issuer="https://sso.example.go.id", audience="spbe-graph", jwks=jwks)
    assert await verifier.verify(_token(key)) == NIK


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"exp": int(time.time()) - 120}, "expired"),
        ({"aud": "another-app"}, "another audience"),
        ({"iss": "https://evil.example"}, "does not trust"),
        ({"sub": "not-a-nik"}, "not a NIK"),
        ({"sub": "3211269907910001"}, "not a NIK"),  # day 99: no birth date
        ({"sub": None}, "not valid"),
    ],
    ids=["expired", "audience", "issuer", "subject", "impossible-date", "no-subject"],
)
async def test_bad_tokens_are_refused(tmp_path: Path, claims: dict[str, object], message: str) -> None:
    key, jwks = _issuer(tmp_path)
    verifier = TokenVerifier(issuer="https://sso.example.go.id", audience="spbe-graph", jwks=jwks)
    with pytest.raises(TokenError, match=message):
        await verifier.verify(_token(key, **claims))


async def test_a_token_signed_by_another_key_or_algorithm_is_refused(tmp_path: Path) -> None:
    _, jwks = _issuer(tmp_path)
    other, _ = _issuer(tmp_path, "k2")
    verifier = TokenVerifier(issuer="https://sso.example.go.id", audience="spbe-graph", jwks=jwks)
    with pytest.raises(TokenError, match="not valid"):
        await verifier.verify(_token(other))
    forged = jwt.encode(
        {"iss": "https://sso.example.go.id", "aud": "spbe-graph", "sub": NIK, "exp": int(time.time()) + 60},
        "s" * 32,
        algorithm="HS256",
    )
    with pytest.raises(TokenError, match="algorithm"):
        await verifier.verify(forged)
    with pytest.raises(TokenError, match="malformed"):
        await verifier.verify("not.a.token")


def test_the_development_issuer_needs_an_explicit_yes(tmp_path: Path) -> None:
    _, jwks = _issuer(tmp_path)
    with pytest.raises(ValueError, match="development issuer"):
        TokenVerifier(issuer=DEV_ISSUER, audience="spbe-graph", jwks=jwks)
    assert TokenVerifier(issuer=DEV_ISSUER, audience="spbe-graph", jwks=jwks, allow_dev_issuer=True)
