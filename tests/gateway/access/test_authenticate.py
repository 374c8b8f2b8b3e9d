"""Authentication: API keys against the real registry, citizens' tokens, refusals as 401."""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.access.authenticate import Authenticator
from gateway.access.caller import CallerKind
from gateway.access.store import AccessStore
from gateway.access.tokens import TokenVerifier
from gateway.errors import AuthenticationError, RequestError
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_key, prepare_registry

NIK = "3171014101900003"
CHILD = "3171010101150002"


@pytest.fixture
async def registry(service_dsn: ServiceDsn) -> AsyncIterator[tuple[AccessStore, asyncpg.Connection]]:
    dsn = await service_dsn("consent")
    conn = await asyncpg.connect(dsn)
    await prepare_registry(conn)
    store = AccessStore(dsn)
    try:
        yield store, conn
    finally:
        await store.close()
        await conn.close()


def _h(**headers: str) -> dict[bytes, bytes]:
    return {k.replace("_", "-").lower().encode(): v.encode() for k, v in headers.items()}


async def test_an_agency_key_gives_its_agency_scopes_and_purpose(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    key = await add_key(conn, scopes=("identity:read", "health:read"))
    authenticate = Authenticator(store=store, tokens=None)
    for headers in (
        _h(x_api_key=key, x_purpose="BANSOS_ELIGIBILITY", x_request_id="abc-1"),
        _h(authorization=f"Bearer {key}", x_purpose="BANSOS_ELIGIBILITY", x_request_id="abc-1"),
    ):
        caller = await authenticate(headers)
        assert (
            caller.kind,
            caller.agency,
            caller.key_id,
            caller.scopes,
            caller.purpose,
            caller.request_id,
        ) == (
            CallerKind.AGENCY,
            "KEMENSOS",
            key.split("_")[1],
            frozenset({"identity:read", "health:read"}),
            "BANSOS_ELIGIBILITY",
            "abc-1",
        )
    await store.close()  # the last-use update runs in the background; close waits for it
    assert await conn.fetchval("select last_used_at is not null from api_key") is True


async def test_unknown_revoked_expired_and_malformed_keys_are_401(
    registry: tuple[AccessStore, asyncpg.Connection],
) -> None:
    store, conn = registry
    good = await add_key(conn)
    revoked = await add_key(conn, revoked=True)
    expired = await add_key(conn, expires=datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1))
    authenticate = Authenticator(store=store, tokens=None)
    wrong_secret = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    cases = {
        wrong_secret: "not known",
        "spbe_zzzzzzzzzz_" + "A" * 43: "not known",
        revoked: "revoked",
        expired: "expired",
        "spbe_short": "malformed",
    }
    for key, message in cases.items():
        with pytest.raises(AuthenticationError, match=message) as caught:
            await authenticate(_h(x_api_key=key))
        assert caught.value.status == 401
        assert caught.value.code == "UNAUTHENTICATED"
    with pytest.raises(AuthenticationError, match="one credential"):
        await authenticate(_h(x_api_key=good, authorization="Bearer something.else.entirely"))
    with pytest.raises(AuthenticationError, match="Bearer"):
        await authenticate(_h(authorization=f"Basic {good}"))


async def test_no_registry_means_no_key_is_accepted() -> None:
    with pytest.raises(AuthenticationError, match="no key registry"):
        await Authenticator(store=None, tokens=None)(_h(x_api_key="spbe_abcdefghij_" + "A" * 43))


async def test_no_credentials_is_anonymous_and_purposes_are_codes() -> None:
    authenticate = Authenticator(store=None, tokens=None)
    caller = await authenticate({})
    assert caller.kind is CallerKind.ANONYMOUS and caller.request_id
    with pytest.raises(RequestError, match="X-Purpose"):
        await authenticate(_h(x_purpose="drop table; --"))
    caller = await authenticate(_h(x_request_id="bad id with spaces"))
    assert caller.request_id != "bad id with spaces"


async def test_a_citizen_token_gives_the_citizen_and_their_wards(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [{**public, "kid": "k"}]}))
    verifier = TokenVerifier(issuer="iss", audience="spbe-graph", jwks=str(tmp_path / "jwks.json"))
    asked: list[str] = []

    async def wards(nik: str) -> tuple[str, ...]:
        asked.append(nik)
        return (CHILD,)

    token = jwt.encode(
        {"iss": "iss", "aud": "spbe-graph", "sub": NIK, "exp": int(time.time()) + 60},
        key,
        algorithm="ES256",
        headers={"kid": "k"},
    )
    caller = await Authenticator(store=None, tokens=verifier, wards=wards)(
        _h(authorization=f"Bearer {token}")
    )
    assert (caller.kind, caller.citizen, caller.wards, caller.scopes) == (
        CallerKind.CITIZEN,
        NIK,
        (CHILD,),
        frozenset({"citizen"}),
    )
    assert asked == [NIK]

    async def broken(nik: str) -> tuple[str, ...]:
        raise OSError("identity is down")

    caller = await Authenticator(store=None, tokens=verifier, wards=broken)(
        _h(authorization=f"Bearer {token}")
    )
    assert caller.wards == ()  # acts for themself only
    with pytest.raises(AuthenticationError, match=r"not valid|malformed"):
        await Authenticator(store=None, tokens=verifier)(_h(authorization="Bearer a.b.c"))
    with pytest.raises(AuthenticationError, match="no token issuer"):
        await Authenticator(store=None, tokens=None)(_h(authorization=f"Bearer {token}"))
