"""Payments and the records they paid for, attacked end to end (docs/payments.md, docs/access.md
"Reference entities"): eight sealed subgraphs over real PostgreSQL and real HTTP, keys and consents
in the registry, the trail checked for every decision. Consent to ``payments`` must never open a
citizen's police or health records: following ``drivingLicence { licence }`` is decided in the
police category for the holder, like every other guarded fetch.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest

from gateway.access.caller import Caller, CallerKind
from gateway.access.seal import Sealer
from spbe.audit import verify_access_log
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_consent
from tests.integration.system import SECRET, System, start_system

pytestmark = pytest.mark.slow

PURPOSE = "BANSOS_ELIGIBILITY"
SCOPES = ("identity:read", "payments:read", "police:read", "health:read")

PAID_FOR = """
query Paid($nik: String!) {
  citizen(nik: $nik) {
    nik
    payments {
      kind amount status billingCode
      drivingLicence { holderNik number licence { licenceClass number issuedOn } }
      clearanceCertificate { number certificate { finding } }
      bpjsMembership { cardNumber membership { careClass pbi } }
    }
  }
}
"""


@dataclass
class World:
    system: System
    payments_only: str  # consented to payments, not police nor health
    both: str  # consented to payments, police and health
    key: str  # KEMENSOS, every scope needed
    without_payments_scope: str  # KEMENSOS, no payments:read


async def _holder(system: System, kind: str, exclude: set[str]) -> str:
    rows = await system.db["payments"].fetch(
        "select distinct nik from payment where kind = $1 and record_number is not null order by nik", kind
    )
    return next(row["nik"] for row in rows if row["nik"] not in exclude)


@pytest.fixture(scope="module")
async def world(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    async with start_system(module_service_dsn, tmp_path_factory.mktemp("payments"), citizens=400) as system:
        payments_only = await _holder(system, "SIM_NEW", set())
        both = await _holder(system, "SIM_NEW", {payments_only})
        consent = system.db["consent"]
        await add_consent(consent, payments_only, categories=("identity", "payments"))
        await add_consent(consent, both, categories=("identity", "payments", "police", "health"))
        yield World(
            system=system,
            payments_only=payments_only,
            both=both,
            key=await system.key("KEMENSOS", SCOPES),
            without_payments_scope=await system.key("KEMENSOS", ("identity:read", "police:read")),
        )


async def _trail(system: System, request_id: str) -> dict[tuple[str, str], str]:
    return {
        (row["subject_nik"], row["category"]): row["decision"] for row in await system.trail(request_id)
    }


def _licences(payments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in payments if p["drivingLicence"] is not None]


async def test_payments_consent_alone_gives_no_police_data(world: World) -> None:
    """The attacker's query: consent to payments, none to police. The payments come, the SIM's
    number is part of them, the licence itself is null with CONSENT_REQUIRED (police), and the
    trail has the DENY."""
    system, nik = world.system, world.payments_only
    response = await system.ask(PAID_FOR, {"nik": nik}, key=world.key, purpose=PURPOSE)
    assert response.status == 200
    payments = response.data["citizen"]["payments"]
    licences = _licences(payments)
    assert licences and all(p["drivingLicence"]["licence"] is None for p in licences)
    assert all(p["drivingLicence"]["holderNik"] == nik for p in licences)
    assert all(p["clearanceCertificate"] is None or p["clearanceCertificate"]["certificate"] is None
               for p in payments)  # fmt: skip
    assert all(p["bpjsMembership"] is None or p["bpjsMembership"]["membership"] is None for p in payments)
    denied = [e for e in response.errors if e["path"][-1] == "licence"]
    assert len(denied) == len(licences)
    assert {(e["extensions"]["code"], e["extensions"]["category"]) for e in denied} == {
        ("CONSENT_REQUIRED", "police")
    }
    assert all(e["extensions"]["code"] == "CONSENT_REQUIRED" for e in response.errors)
    trail = await _trail(system, response.request_id)
    assert trail[(nik, "payments")] == "ALLOW"
    assert trail[(nik, "police")] == "DENY"
    police_rows = await system.db["police"].fetch("select issued_on from driving_licence where nik = $1", nik)
    text = orjson.dumps(response.body).decode()
    assert police_rows and not any(row["issued_on"].isoformat() in text for row in police_rows)


async def test_with_both_consents_the_licence_comes_and_both_are_recorded(world: World) -> None:
    system, nik = world.system, world.both
    response = await system.ask(PAID_FOR, {"nik": nik}, key=world.key, purpose=PURPOSE)
    assert response.status == 200 and response.errors == []
    licences = _licences(response.data["citizen"]["payments"])
    held = {row["number"]: row["class"] for row in await system.db["police"].fetch(
        "select number, class from driving_licence where nik = $1", nik)}  # fmt: skip
    assert licences
    for payment in licences:
        reference = payment["drivingLicence"]
        assert reference["licence"]["licenceClass"] == held[reference["number"]]
    trail = await _trail(system, response.request_id)
    assert trail[(nik, "payments")] == "ALLOW" and trail[(nik, "police")] == "ALLOW"


async def test_the_citizen_follows_their_own_references(world: World) -> None:
    system, nik = world.system, world.payments_only
    response = await system.ask(PAID_FOR, {"nik": nik}, token=system.token(nik))
    assert response.status == 200 and response.errors == []
    licences = _licences(response.data["citizen"]["payments"])
    assert licences and all(p["drivingLicence"]["licence"] is not None for p in licences)
    assert set((await _trail(system, response.request_id)).values()) == {"ALLOW"}


async def test_a_key_without_payments_read_gets_no_payments(world: World) -> None:
    system = world.system
    key = world.without_payments_scope
    response = await system.ask(PAID_FOR, {"nik": world.both}, key=key, purpose=PURPOSE)
    assert response.status == 200
    assert response.data["citizen"]["payments"] is None
    assert response.codes()[("citizen", "payments")] == "UNAUTHORIZED_FIELD_OR_TYPE"
    assert (world.both, "payments") not in await _trail(system, response.request_id)


async def test_an_unsealed_request_to_payments_is_refused(world: World) -> None:
    query = (
        f'{{ _entities(representations: [{{__typename: "Citizen", nik: "{world.both}"}}]) '
        "{ ... on Citizen { payments { billingCode } } } }"
    )
    async with httpx.AsyncClient() as client:
        response = await client.post(world.system.subgraphs["payments"], json={"query": query})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in response.json() or response.json()["data"] is None


async def test_a_forged_holder_sent_sealed_to_police_gets_null(world: World) -> None:
    """Even past the seal (a request signed like the gateway's), a reference naming someone else
    as the holder of a licence number reads nothing (defence in depth)."""
    system = world.system
    number = await system.db["police"].fetchval(
        "select number from driving_licence where nik = $1 order by number limit 1", world.both
    )
    forged = world.payments_only  # a citizen who does not hold that licence
    query = (
        "query ($r: [_Any!]!) { _entities(representations: $r) "
        "{ ... on DrivingLicenceRef { holderNik number licence { licenceClass } } } }"
    )
    representations = [
        {"__typename": "DrivingLicenceRef", "holderNik": forged, "number": number},
        {"__typename": "DrivingLicenceRef", "holderNik": world.both, "number": number},
    ]
    body = orjson.dumps({"query": query, "variables": {"r": representations}})
    caller = Caller(kind=CallerKind.GATEWAY, request_id="forged")
    headers = {"content-type": "application/json", **Sealer(bytes.fromhex(SECRET)).headers(caller, body)}
    async with httpx.AsyncClient() as client:
        response = await client.post(system.subgraphs["police"], content=body, headers=headers)
    assert response.status_code == 200
    forged_entity, real_entity = response.json()["data"]["_entities"]
    assert forged_entity["licence"] is None
    assert real_entity["licence"] is not None  # the same request, signed the same way, with the real holder


async def test_the_trail_verifies_after_all_of_it(world: World) -> None:
    report = await verify_access_log(world.system.db["consent"])
    assert report.problems == []
