"""Sealed subgraphs: the gateway's signature over body, time and caller; subgraphs refuse the rest."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import pytest

from gateway.access.caller import Caller, CallerKind, MandateScope
from gateway.access.seal import Sealer, SealError, load_secret
from gateway.transport import AiohttpTransport
from subgraphs.common.seal import SealedApp
from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import serve

SECRET = bytes(range(32))
BODY = b'{"query":"{topProducts(first:1){name}}"}'
AGENCY = Caller(
    kind=CallerKind.AGENCY,
    agency="KEMENSOS",
    key_id="abcdefghij",
    scopes=frozenset({"health:read"}),
    purpose="BANSOS_ELIGIBILITY",
    request_id="r-1",
)


def test_a_signed_request_verifies_and_gives_back_its_caller() -> None:
    sealer = Sealer(SECRET)
    headers = sealer.headers(AGENCY, BODY, now=1_000_000)
    assert sealer.verify(headers, BODY, now=1_000_030) == AGENCY


def test_the_caller_s_mandates_travel_signed() -> None:
    regional = replace(
        AGENCY,
        mandates=(
            MandateScope(categories=frozenset({"social", "identity"}), regions=("3171", "327301")),
            MandateScope(categories=frozenset({"health"})),
        ),
    )
    sealer = Sealer(SECRET)
    assert sealer.verify(sealer.headers(regional, BODY, now=1), BODY, now=2) == regional
    assert regional.share_key() != AGENCY.share_key()  # no shared answer across mandates
    bad: object
    for bad in ({}, [1], [{"categories": "social"}], [{"categories": ["social"], "regions": [31]}]):
        with pytest.raises(ValueError, match="mandates"):
            Caller.from_json({"kind": "AGENCY", "mandates": bad})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h, b: (h, b + b" "), "does not match"),
        (lambda h, b: ({**h, "x-spbe-timestamp": str(int(h["x-spbe-timestamp"]) + 1)}, b), "does not match"),
        (lambda h, b: ({k: v for k, v in h.items() if k != "x-spbe-signature"}, b), "not signed"),
        (
            lambda h, b: (
                {
                    **h,
                    "x-spbe-caller": Sealer(SECRET).headers(
                        Caller(kind=CallerKind.AGENCY, agency="POLRI", scopes=frozenset({"admin"})), b
                    )["x-spbe-caller"],
                },
                b,
            ),
            "does not match",
        ),
    ],
    ids=["body", "timestamp", "unsigned", "caller"],
)
def test_tampered_or_unsigned_requests_are_refused(change: object, message: str) -> None:
    sealer = Sealer(SECRET)
    headers, body = change(sealer.headers(AGENCY, BODY, now=1_000_000), BODY)  # type: ignore[operator]
    with pytest.raises(SealError, match=message):
        sealer.verify(headers, body, now=1_000_000)


def test_stale_and_future_signatures_are_refused() -> None:
    sealer = Sealer(SECRET, max_age=60)
    headers = sealer.headers(AGENCY, BODY, now=1_000_000)
    with pytest.raises(SealError, match="stale"):
        sealer.verify(headers, BODY, now=1_000_061)
    with pytest.raises(SealError, match="stale"):
        sealer.verify(headers, BODY, now=999_939)


def test_another_secret_does_not_verify() -> None:
    headers = Sealer(SECRET).headers(AGENCY, BODY)
    with pytest.raises(SealError, match="does not match"):
        Sealer(bytes(32)).verify(headers, BODY)


def test_secrets_are_long_enough() -> None:
    assert load_secret("ab" * 32) == bytes([0xAB]) * 32
    with pytest.raises(ValueError, match="at least 32 bytes"):
        load_secret("short")
    with pytest.raises(ValueError):
        Sealer(b"x" * 31)


async def test_a_sealed_subgraph_answers_only_the_signing_gateway() -> None:
    products = shop.products()
    sealer = Sealer(SECRET)
    async with serve(SealedApp(products, sealer, service="products")) as url:
        async with httpx.AsyncClient() as client:
            unsigned = await client.post(url, content=BODY, headers={"content-type": "application/json"})
            forged = await client.post(
                url,
                content=BODY,
                headers={"content-type": "application/json", **Sealer(bytes(32)).headers(AGENCY, BODY)},
            )
            service = await client.post(url, json={"query": "{ _service { sdl } }"})
        assert unsigned.status_code == forged.status_code == service.status_code == 401
        assert unsigned.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert products.requests == []  # the schema never saw them
        transport = AiohttpTransport(sealer=sealer)
        try:
            answer = await transport.post(url, BODY, caller=AGENCY)
        finally:
            await transport.close()
    assert b"Batik" in answer
    assert len(products.requests) == 1


async def test_outbound_deduplication_keys_on_the_caller() -> None:
    products = shop.products(delay=0.2)
    citizen = Caller(kind=CallerKind.CITIZEN, citizen="3171010101900001", scopes=frozenset({"citizen"}))
    same_agency_other_request = replace(AGENCY, request_id="r-2")
    other_purpose = replace(AGENCY, purpose="HEALTH_SERVICE")
    async with serve(products) as url:
        transport = AiohttpTransport(sealer=Sealer(SECRET))
        try:
            await asyncio.gather(
                transport.post(url, BODY, caller=AGENCY),
                transport.post(url, BODY, caller=same_agency_other_request),
                transport.post(url, BODY, caller=citizen),
                transport.post(url, BODY, caller=other_purpose),
            )
        finally:
            await transport.close()
    # the two calls of one caller and purpose share; the citizen and the other purpose do not
    assert len(products.requests) == 3
