"""The development issuer (``spbe token citizen``), the subgraph secret, and the commands that
need it (``spbe serve`` and ``spbe compose`` refuse to run unsealed unless told so)."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

import httpx
import jwt
import pytest

from gateway.access.seal import load_secret
from spbe import runner
from spbe.secrets import (
    LINKAGE_FILE,
    ensure_linkage,
    ensure_subgraph_secret,
    find_linkage,
    find_subgraph_secret,
    sealer_for,
    secret_path,
)
from spbe.tokens import DEV_AUDIENCE, DEV_ISSUER, ensure_dev_issuer, jwks_path, mint_citizen_token
from tests.conftest import ServiceDsn
from tests.spbe.conftest import Cli

NIK = "3171014708900001"


def decode(data_dir: Path, token: str) -> dict[str, object]:
    jwks = jwt.PyJWKSet.from_json(jwks_path(data_dir).read_text())
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in jwks.keys if k.key_id == kid)
    claims: dict[str, object] = jwt.decode(
        token, key, algorithms=["ES256"], audience=DEV_AUDIENCE, issuer=DEV_ISSUER
    )
    return claims


def test_minted_token_verifies_against_the_jwks(tmp_path: Path) -> None:
    token = mint_citizen_token(tmp_path, NIK, ttl=600)
    claims = decode(tmp_path, token)
    assert claims["sub"] == NIK and claims["scope"] == "citizen"
    assert claims["iss"] == DEV_ISSUER and claims["aud"] == DEV_AUDIENCE
    assert isinstance(claims["iat"], int) and claims["exp"] == claims["iat"] + 600
    assert isinstance(claims["jti"], str) and len(claims["jti"]) >= 16
    assert jwt.get_unverified_header(token)["alg"] == "ES256"
    assert mint_citizen_token(tmp_path, NIK) != token  # a new jti each time


def test_issuer_files_are_made_once_and_private(tmp_path: Path) -> None:
    issuer = ensure_dev_issuer(tmp_path)
    private = tmp_path / "dev-issuer" / "private.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    keys = json.loads(issuer.jwks.read_text())["keys"]
    assert [(k["kty"], k["crv"], k["alg"], k["kid"]) for k in keys] == [("EC", "P-256", "ES256", issuer.kid)]
    assert "d" not in keys[0]  # the public key only
    before = private.read_bytes()
    assert ensure_dev_issuer(tmp_path).kid == issuer.kid and private.read_bytes() == before
    other = ensure_dev_issuer(tmp_path / "other")  # another data folder's issuer is another key
    assert other.kid != issuer.kid
    (other_key,) = jwt.PyJWKSet.from_json(other.jwks.read_text()).keys
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(mint_citizen_token(tmp_path, NIK), other_key, algorithms=["ES256"], audience=DEV_AUDIENCE)


@pytest.mark.parametrize(
    "nik",
    [
        "317101470890000",
        "31710147089000011",
        "317101470890000x",
        "",
        "3211269907910001",  # day 99
        "3171013104900001",  # 31 April
    ],
)
def test_a_nik_is_sixteen_digits_with_a_birth_date(tmp_path: Path, nik: str) -> None:
    with pytest.raises(ValueError, match="16 digits"):
        mint_citizen_token(tmp_path, nik)


async def test_token_command(cli: Cli) -> None:
    result = await cli("token", "citizen", NIK, "--ttl", "120")
    assert result.status == 0, result.err
    claims = decode(cli.data_dir, result.out.strip())
    assert claims["sub"] == NIK and claims["exp"] == claims["iat"] + 120  # type: ignore[operator]
    wrong = await cli("token", "citizen", "12345")
    assert wrong.status == 1 and wrong.out == ""
    assert wrong.err.strip().startswith("spbe: error: a NIK is 16 digits with a real birth date")


def test_secret_file_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    assert find_subgraph_secret(tmp_path, {}) is None
    secret = ensure_subgraph_secret(tmp_path, {})
    path = secret_path(tmp_path)
    assert len(secret) == 64 and bytes.fromhex(secret) and len(load_secret(secret)) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_subgraph_secret(tmp_path, {}) == secret == find_subgraph_secret(tmp_path, {})
    override = "ab" * 32
    assert ensure_subgraph_secret(tmp_path, {"SPBE_SUBGRAPH_SECRET": override}) == override
    with pytest.raises(ValueError, match="at least 32 bytes"):
        find_subgraph_secret(tmp_path, {"SPBE_SUBGRAPH_SECRET": "short"})


def test_linkage_secret_is_made_once_with_mode_0600_apart_from_the_gateway_s(tmp_path: Path) -> None:
    """docs/statistics.md, "Linkage across services": the gateway has the subgraph secret, never
    the linkage secret, so it cannot compute a pseudonym from a NIK."""
    assert find_linkage(tmp_path, {}) is None
    linkage = ensure_linkage(tmp_path, {})
    path = tmp_path / LINKAGE_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_linkage(tmp_path, {}) == linkage == find_linkage(tmp_path, {})
    assert linkage.secret != bytes.fromhex(ensure_subgraph_secret(tmp_path, {}))
    override = "ab" * 32
    assert ensure_linkage(tmp_path, {"SPBE_LINKAGE_SECRET": override}).secret == bytes.fromhex(override)
    with pytest.raises(ValueError, match="SPBE_LINKAGE_SECRET: the linkage secret must be at least 32"):
        find_linkage(tmp_path, {"SPBE_LINKAGE_SECRET": "abcd"})


async def test_serve_refuses_without_a_secret(cli: Cli) -> None:
    result = await cli("serve", "identity", "--port", "1")
    assert result.status == 1 and result.out == ""
    (line,) = result.err.splitlines()
    assert line.startswith("spbe: error: no subgraph secret: set SPBE_SUBGRAPH_SECRET")
    assert str(secret_path(cli.data_dir)) in line and "--insecure-dev" in line


async def test_serve_refuses_a_short_secret(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPBE_SUBGRAPH_SECRET", "too-short")
    result = await cli("serve", "identity", "--port", "1")
    assert result.status == 1 and "at least 32 bytes" in result.err


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_sealed_subgraphs_refuse_unsigned_requests_and_compose_signed(
    cli: Cli, service_dsn: ServiceDsn, tmp_path: Path
) -> None:
    secret = ensure_subgraph_secret(cli.data_dir, {})
    group = runner.ServerGroup()
    try:
        urls = []
        # social and education too: health's statistics @requires social's cohort and social's
        # ranking education's totals, so the three compose only together (docs/statistics.md)
        for service in ("identity", "health", "social", "education"):
            app = runner.subgraph_app(service, await service_dsn(service), sealer=sealer_for(secret))
            listener = await group.start(service, app, "127.0.0.1", _port())
            urls.append(f"{service}={listener.url}")
        async with httpx.AsyncClient() as client:
            unsigned = await client.post(urls[0].split("=", 1)[1], json={"query": "{ _service { sdl } }"})
        assert unsigned.status_code == 401
        out = tmp_path / "supergraph.graphql"
        result = await cli("compose", *(arg for url in urls for arg in ("--subgraph", url)), "-o", str(out))
        assert result.status == 0, result.err
        assert '@join__graph(name: "health"' in out.read_text()
        insecure = await cli("compose", "--insecure-dev", "--subgraph", urls[0])
        assert insecure.status == 1 and "401" in insecure.err
    finally:
        await group.stop()
