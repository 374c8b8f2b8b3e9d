"""Demo data of the consent registry: seeded once, demo keys renewed on every start, and what
the registry decides for the demo citizens is what the banner promises."""

from __future__ import annotations

import json
import shlex
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import jwt
import pytest

from gateway.access.keys import key_matches, parse_key
from spbe import demo, runner
from spbe.seed import seed_population
from tests.conftest import ServiceDsn


@dataclass
class Databases:
    consent: str
    identity: str
    all: dict[str, str]


@pytest.fixture
async def dbs(service_dsn: ServiceDsn) -> AsyncIterator[Databases]:
    dsns = {service: await service_dsn(service) for service in (*runner.SEEDED_SERVICES, "consent")}
    await seed_population({s: dsns[s] for s in runner.SEEDED_SERVICES}, citizens=120, seed=5)
    yield Databases(dsns["consent"], dsns["identity"], dsns)


async def decide(conn: asyncpg.Connection, agency: str, purpose: str, category: str, nik: str) -> str:
    row = await conn.fetchrow(
        "select decision, coalesce(reason, basis) as why from record_access('t', null, 'AGENCY', $1, 'k', "
        "null, null, $2, $3, '{x}', array[$4], 0)",
        agency, purpose, category, nik,
    )  # fmt: skip
    return f"{row['decision']} {row['why']}"


async def test_registry_is_seeded_once(dbs: Databases) -> None:
    report = await demo.seed_registry(dbs.consent, dbs.identity, seed=1)
    assert report is not None and report.consents > 5 and (report.paused, report.revoked) == (1, 1)
    assert report.agencies >= 6 and report.purposes >= 5 and report.mandates == 1
    identity = await asyncpg.connect(dbs.identity)
    conn = await asyncpg.connect(dbs.consent)
    try:
        adults = len(await _adults(dbs.identity))
        assert 0.15 * adults < report.consents < 0.45 * adults
        states = dict(await conn.fetch("select status, count(*) from consent_state group by status"))
        assert states == {"ACTIVE": report.consents - 2, "PAUSED": 1, "REVOKED": 1}
        grants = await conn.fetchval("select count(*) from consent_event where action = 'GRANT'")
        assert grants == report.consents
        consent = await conn.fetchrow("select * from consent limit 1")
        assert consent["agency"] == "KEMENSOS" and consent["purpose"] == "BANSOS_ELIGIBILITY"
        assert consent["categories"] == ["identity", "health", "education", "police", "payments"]
        how = (consent["method"], consent["evidence"], consent["given_as"])
        assert how == ("IN_APP", "demo seed", "SELF")
        # the texts the citizen was shown are kept with the consent, as the registry had them
        texts = "select text_id, text_en from purpose where code = $1"
        shown = await conn.fetchrow(texts, consent["purpose"])
        assert (consent["purpose_text_id"], consent["purpose_text_en"]) == tuple(shown)
        mandate = await conn.fetchrow("select * from mandate")
        assert (mandate["agency"], mandate["categories"], mandate["purpose"], mandate["legal_basis"]) == (
            "POLRI", ["police"], "LAW_ENFORCEMENT", "LEGAL_OBLIGATION"
        )  # fmt: skip
        assert mandate["legal_reference"] == "UU 2/2002 tentang Kepolisian, Pasal 14"
        sampled = await conn.fetch("select citizen_nik from consent order by citizen_nik")

        assert await demo.seed_registry(dbs.consent, dbs.identity, seed=1) is None  # once
        assert await conn.fetchval("select count(*) from consent") == report.consents
        assert await conn.fetchval("select count(*) from mandate") == 1
    finally:
        await conn.close()
        await identity.close()
    # the same population and seed give the same sample
    assert [r["citizen_nik"] for r in sampled] == sorted(
        nik for nik in await _adults(dbs.identity) if demo._sampled(1, nik)
    )


async def _adults(dsn: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return [row["nik"] for row in await conn.fetch(demo._ADULTS)]
    finally:
        await conn.close()


async def test_demo_access_renews_keys_and_picks_citizens(dbs: Databases, tmp_path: Path) -> None:
    first = await runner.seed_demo_registry(dbs.all, tmp_path, seed=1)
    second = await runner.seed_demo_registry(dbs.all, tmp_path, seed=1)
    assert first is not None and second is not None
    assert first.agency_key != second.agency_key and first.admin_key != second.admin_key
    conn = await asyncpg.connect(dbs.consent)
    try:
        keys = await conn.fetch("select * from api_key order by id")
        live = {(k["agency"], k["name"], tuple(k["scopes"])) for k in keys if k["revoked_at"] is None}
        assert live == {
            ("KEMENSOS", "demo", ("identity:read", "health:read", "education:read", "police:read",
                                  "payments:read", "statistics:read")),
            ("DUKCAPIL", "demo-admin", ("admin",)),
        }
        assert sum(k["revoked_at"] is not None for k in keys) == 2  # the first start's keys
        current = {k["prefix"]: k for k in keys if k["revoked_at"] is None}
        for text in (second.agency_key, second.admin_key):
            prefix = parse_key(text)
            assert prefix in current and key_matches(text, current[prefix]["secret_hash"])

        assert second.consenting_nik and second.other_nik
        assert second.consenting_nik == first.consenting_nik and second.other_nik == first.other_nik
        nik, other = second.consenting_nik, second.other_nik
        assert await decide(conn, "KEMENSOS", "BANSOS_ELIGIBILITY", "health", nik) == "ALLOW CONSENT"
        assert await decide(conn, "KEMENSOS", "BANSOS_ELIGIBILITY", "police", nik) == "ALLOW CONSENT"
        assert await decide(conn, "KEMENSOS", "BANSOS_ELIGIBILITY", "payments", nik) == "ALLOW CONSENT"
        assert await decide(conn, "KEMENSOS", "BANSOS_ELIGIBILITY", "health", other) == "DENY NO_CONSENT"
        assert await decide(conn, "POLRI", "LAW_ENFORCEMENT", "police", other) == "ALLOW MANDATE"
    finally:
        await conn.close()
    assert second.citizen_token is not None
    claims = jwt.decode(second.citizen_token, options={"verify_signature": False})
    assert claims["sub"] == nik and claims["scope"] == "citizen"


async def test_banner_shows_keys_token_and_three_requests(dbs: Databases, tmp_path: Path) -> None:
    access = await runner.seed_demo_registry(dbs.all, tmp_path, seed=1)
    assert access is not None and access.citizen_token and access.consenting_nik and access.other_nik
    url = "http://127.0.0.1:4000/graphql"
    text = demo.banner(access, url)
    for value in (access.agency_key, access.admin_key, access.citizen_token):
        assert value in text
    curls = [line for line in text.splitlines() if line.strip().startswith("curl -s ")]
    assert len(curls) == 3 and all(url in c for c in curls)
    assert curls[0].count('-H "X-API-Key: $KEY" -H "X-Purpose: BANSOS_ELIGIBILITY"') == 1
    assert 'Authorization: Bearer $TOKEN' in curls[2]
    lines = text.splitlines()
    bodies = [line.split("-d ", 1)[1] for line in lines if line.strip().startswith("-d ")]
    assert len(bodies) == 3
    payloads = [json.loads(shlex.split(body)[0]) for body in bodies]
    assert payloads[0]["variables"] == {"nik": access.consenting_nik}
    assert payloads[1]["variables"] == {"nik": access.other_nik}
    assert payloads[0]["query"] == demo.OVERVIEW_QUERY and "myAccessLog" in payloads[2]["query"]
    assert "CONSENT_REQUIRED" in text
    assert demo.banner(access, None).count("curl") == 0  # no gateway: keys only


async def test_no_population_no_registry_seed(service_dsn: ServiceDsn) -> None:
    consent, identity = await service_dsn("consent"), await service_dsn("identity")
    assert await demo.seed_registry(consent, identity) is None
    dsns = {"consent": consent, "identity": identity}
    assert await runner.seed_demo_registry(dsns, Path("unused"), seed=1) is None
    conn = await asyncpg.connect(consent)
    try:
        assert await conn.fetchval("select count(*) from agency") == 0  # a later start can seed
        assert await conn.fetchval("select count(*) from api_key") == 0
    finally:
        await conn.close()
