"""The consent registry over real HTTP and a real, freshly migrated database.

The caller is what the gateway would sign: here an unsigned ``X-SPBE-Caller`` header, which an
app without a sealer believes (one test seals the app and shows the header alone is refused).
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
import pytest
from graphql import FieldDefinitionNode, ObjectTypeDefinitionNode, parse, print_ast

from gateway.access.caller import ANONYMOUS, Caller, CallerKind
from gateway.access.seal import CALLER_HEADER, Sealer, encode_caller
from subgraphs.app import create_app as create_service_app
from subgraphs.consent import queries
from subgraphs.consent.reference import AGENCIES, PURPOSES, load_reference
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import Subgraph, running_subgraph, sample_niks, serve, server_log

GOLDEN = Path(__file__).with_name("consent.graphql")

#: Citizens of this module; each test takes its own, so tests sharing the database never meet.
NIKS = sample_niks(40)

CONSENT = """
id citizenNik agency { code name } categories purpose { code textEn } purposeTextId purposeTextEn
validFrom validUntil status givenByNik givenAs method evidence recordedAt
history { action status actorAs reason }
"""

GRANT = f"""
mutation ($input: GrantConsentInput!) {{ grantConsent(input: $input) {{ {CONSENT} }} }}
"""
PAUSE = f"mutation ($id: ID!, $reason: String) {{ pauseConsent(id: $id, reason: $reason) {{ {CONSENT} }} }}"
RESUME = f"mutation ($id: ID!) {{ resumeConsent(id: $id) {{ {CONSENT} }} }}"
REVOKE = f"mutation ($id: ID!, $reason: String) {{ revokeConsent(id: $id, reason: $reason) {{ {CONSENT} }} }}"
MY_CONSENTS = f"query ($citizen: String) {{ myConsents(citizen: $citizen) {{ {CONSENT} }} }}"

ENTRY = """
callerKind agency { code name } keyId actorNik subjectNik category fields purpose { code }
basis basisId decision reason requestId operationName
"""

MANDATE = """
id agency { code } categories purpose { code } legalBasis legalReference validFrom validUntil
createdBy createdAt revokedAt revokedBy revokeReason active
"""


async def _fill(conn: asyncpg.Connection) -> list[str]:
    await load_reference(conn)
    await load_reference(conn)  # idempotent
    return NIKS


@pytest.fixture(scope="module")
async def dsn(module_service_dsn: ServiceDsn) -> str:
    return await module_service_dsn("consent")


@pytest.fixture(scope="module")
async def subgraph(dsn: str) -> AsyncIterator[Subgraph]:
    async with running_subgraph("consent", dsn, _fill) as running:
        yield running


@pytest.fixture
async def db(dsn: str) -> AsyncIterator[asyncpg.Connection]:
    """A direct connection to the subgraph's database (for what the gateway would write)."""
    conn = await asyncpg.connect(dsn)
    try:
        yield conn
    finally:
        await conn.close()


def citizen(nik: str, *wards: str, rid: str = "req-citizen") -> Caller:
    return Caller(
        kind=CallerKind.CITIZEN, citizen=nik, wards=wards, scopes=frozenset({"citizen"}), request_id=rid
    )


def agency(code: str, *, admin: bool = False, key: str = "key1") -> Caller:
    scopes = frozenset({"admin"} if admin else {"health"})
    return Caller(kind=CallerKind.AGENCY, agency=code, key_id=key, scopes=scopes, request_id="req-agency")


async def ask(
    subgraph: Subgraph, caller: Caller, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    headers = {} if caller is ANONYMOUS else {CALLER_HEADER: encode_caller(caller)}
    response = await subgraph.client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def _in(days: float) -> str:
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)).isoformat()


def grant_input(**overrides: Any) -> dict[str, Any]:
    return {
        "agency": "KEMENKES",
        "categories": ["HEALTH", "IDENTITY"],
        "purpose": "HEALTH_SERVICE",
        "validUntil": _in(365),
        **overrides,
    }


async def grant(subgraph: Subgraph, caller: Caller, **overrides: Any) -> dict[str, Any]:
    body = await ask(subgraph, caller, GRANT, {"input": grant_input(**overrides)})
    assert "errors" not in body, body
    consent: dict[str, Any] = body["data"]["grantConsent"]
    return consent


# The schema ---------------------------------------------------------------------------------


async def test_service_sdl_matches_the_golden_file(subgraph: Subgraph) -> None:
    body = await ask(subgraph, ANONYMOUS, "{ _service { sdl } }")
    sdl = body["data"]["_service"]["sdl"]
    assert sdl.strip() == GOLDEN.read_text().strip()


async def test_guarded_fields_carry_authorization_directives(subgraph: Subgraph) -> None:
    body = await ask(subgraph, ANONYMOUS, "{ _service { sdl } }")
    document = parse(body["data"]["_service"]["sdl"])
    applied: dict[str, str] = {}
    for definition in document.definitions:
        roots = ("Query", "Mutation")
        if isinstance(definition, ObjectTypeDefinitionNode) and definition.name.value in roots:
            for field in definition.fields or ():
                assert isinstance(field, FieldDefinitionNode)
                applied[f"{definition.name.value}.{field.name.value}"] = " ".join(
                    print_ast(d) for d in field.directives or ()
                )
    citizen_only = '@authenticated @requiresScopes(scopes: [["citizen"]])'
    admin_only = '@authenticated @requiresScopes(scopes: [["admin"]])'
    assert applied == {
        "Query._entities": "",
        "Query._service": "",
        "Query.purposes": "",
        "Query.purpose": "",
        "Query.agencies": "",
        "Query.myConsents": citizen_only,
        "Query.myAccessLog": citizen_only,
        "Query.accessLog": "@authenticated",
        "Query.consents": admin_only,
        "Query.mandates": admin_only,
        "Query.myMandates": "@authenticated",
        "Mutation.grantConsent": citizen_only,
        "Mutation.pauseConsent": citizen_only,
        "Mutation.resumeConsent": citizen_only,
        "Mutation.revokeConsent": citizen_only,
        "Mutation.createMandate": admin_only,
        "Mutation.revokeMandate": admin_only,
    }


async def test_purposes_and_agencies_are_public(subgraph: Subgraph) -> None:
    body = await ask(
        subgraph,
        ANONYMOUS,
        """{ purposes { code textId textEn } agencies { code name }
             one: purpose(code: "STATISTICS") { textEn } none: purpose(code: "NOPE") { code }
             _entities(representations: [{__typename: "Agency", code: "BPS"}]) {
               ... on Agency { name } } }""",
    )
    assert "errors" not in body
    data = body["data"]
    assert [(p["code"], p["textId"], p["textEn"]) for p in data["purposes"]] == sorted(PURPOSES)
    assert [(a["code"], a["name"]) for a in data["agencies"]] == sorted(AGENCIES)
    assert len(data["purposes"]) == 10 and len(data["agencies"]) == 7
    assert data["one"] == {"textEn": "To produce official statistics; your data is never shown on its own."}
    assert data["none"] is None
    assert data["_entities"] == [{"name": "Badan Pusat Statistik"}]


# Consents ------------------------------------------------------------------------------------


async def test_grant_pause_resume_revoke_by_self_keeps_the_whole_history(
    subgraph: Subgraph, db: asyncpg.Connection
) -> None:
    me = NIKS[0]
    caller = citizen(me, rid="req-grant-1")
    consent = await grant(subgraph, caller, categories=["HEALTH", "HEALTH", "IDENTITY"])
    assert consent["citizenNik"] == me and consent["givenByNik"] == me and consent["givenAs"] == "SELF"
    assert consent["status"] == "ACTIVE"
    assert consent["agency"] == {"code": "KEMENKES", "name": "Kementerian Kesehatan"}
    assert consent["categories"] == ["HEALTH", "IDENTITY"]
    assert consent["purpose"]["code"] == "HEALTH_SERVICE"
    assert consent["purposeTextEn"] == PURPOSES[0].text_en and consent["purposeTextId"] == PURPOSES[0].text_id
    assert consent["method"] == "IN_APP"
    assert consent["evidence"] == "in-app confirmation, request req-grant-1"
    assert consent["history"] == [{"action": "GRANT", "status": "ACTIVE", "actorAs": "SELF", "reason": None}]
    before = datetime.datetime.fromisoformat(consent["recordedAt"])
    assert abs(datetime.datetime.now(datetime.UTC) - before) < datetime.timedelta(minutes=1)

    cid = consent["id"]
    paused = (await ask(subgraph, caller, PAUSE, {"id": cid, "reason": "thinking it over"}))["data"]
    assert paused["pauseConsent"]["status"] == "PAUSED"
    resumed = (await ask(subgraph, caller, RESUME, {"id": cid}))["data"]["resumeConsent"]
    assert resumed["status"] == "ACTIVE"
    revoked = (await ask(subgraph, caller, REVOKE, {"id": cid, "reason": "moved abroad"}))["data"]
    assert revoked["revokeConsent"]["status"] == "REVOKED"

    listed = (await ask(subgraph, caller, MY_CONSENTS))["data"]["myConsents"]
    assert [c["id"] for c in listed] == [cid]
    assert listed[0]["history"] == [
        {"action": "GRANT", "status": "ACTIVE", "actorAs": "SELF", "reason": None},
        {"action": "PAUSE", "status": "PAUSED", "actorAs": "SELF", "reason": "thinking it over"},
        {"action": "RESUME", "status": "ACTIVE", "actorAs": "SELF", "reason": None},
        {"action": "REVOKE", "status": "REVOKED", "actorAs": "SELF", "reason": "moved abroad"},
    ]
    # The terms were written once; the events are rows of their own, with who and which request.
    rows = await db.fetch(
        "select action, actor_nik, request_id from consent_event where consent_id = $1 order by id",
        uuid.UUID(cid),
    )
    assert [tuple(r) for r in rows] == [
        ("GRANT", me, "req-grant-1"),
        ("PAUSE", me, "req-grant-1"),
        ("RESUME", me, "req-grant-1"),
        ("REVOKE", me, "req-grant-1"),
    ]
    assert await db.fetchval("select status from consent_state where consent_id = $1", uuid.UUID(cid)) == (
        "REVOKED"
    )


async def test_state_conflicts_change_nothing(subgraph: Subgraph, db: asyncpg.Connection) -> None:
    caller = citizen(NIKS[1])
    cid = (await grant(subgraph, caller))["id"]

    body = await ask(subgraph, caller, RESUME, {"id": cid})
    assert body["data"] is None and codes(body) == ["CONSENT_STATE_CONFLICT"]
    assert "only a paused consent can be resumed" in body["errors"][0]["message"]

    await ask(subgraph, caller, PAUSE, {"id": cid})
    body = await ask(subgraph, caller, PAUSE, {"id": cid})
    assert codes(body) == ["CONSENT_STATE_CONFLICT"]
    assert body["errors"][0]["message"] == (
        "This consent is paused, so it cannot be paused: only an active consent can be paused."
    )

    await ask(subgraph, caller, REVOKE, {"id": cid})
    for query in (PAUSE, RESUME, REVOKE):
        body = await ask(subgraph, caller, query, {"id": cid})
        assert codes(body) == ["CONSENT_STATE_CONFLICT"], query
        assert "was revoked" in body["errors"][0]["message"]
        assert "grant a new consent instead" in body["errors"][0]["message"]

    actions = await db.fetch(
        "select action from consent_event where consent_id = $1 order by id", uuid.UUID(cid)
    )
    assert [r["action"] for r in actions] == ["GRANT", "PAUSE", "REVOKE"]


async def test_consents_are_listed_newest_first(subgraph: Subgraph) -> None:
    caller = citizen(NIKS[2])
    first = await grant(subgraph, caller, agency="BPJS_KESEHATAN")
    second = await grant(
        subgraph, caller, agency="KEMENSOS", purpose="BANSOS_ELIGIBILITY", categories=["SOCIAL"]
    )
    listed = (await ask(subgraph, caller, MY_CONSENTS))["data"]["myConsents"]
    assert [(c["id"], c["agency"]["code"], c["categories"]) for c in listed] == [
        (second["id"], "KEMENSOS", ["SOCIAL"]),
        (first["id"], "BPJS_KESEHATAN", ["HEALTH", "IDENTITY"]),
    ]


async def test_guardian_acts_for_a_ward(subgraph: Subgraph) -> None:
    parent, child = NIKS[3], NIKS[4]
    guardian = citizen(parent, child, rid="req-guardian")
    consent = await grant(
        subgraph,
        guardian,
        citizenNik=child,
        agency="KEMENDIKBUD",
        purpose="SCHOOL_ENROLLMENT",
        categories=["EDUCATION"],
        method="WRITTEN",
        evidence="Formulir persetujuan orang tua No. 17/2026",
    )
    assert (consent["citizenNik"], consent["givenByNik"], consent["givenAs"]) == (child, parent, "GUARDIAN")
    assert consent["method"] == "WRITTEN"
    assert consent["evidence"] == "Formulir persetujuan orang tua No. 17/2026"
    assert consent["history"][0]["actorAs"] == "GUARDIAN"

    # the guardian lists the ward's consents; the parent's own list does not include them
    ward_list = (await ask(subgraph, guardian, MY_CONSENTS, {"citizen": child}))["data"]["myConsents"]
    assert [c["id"] for c in ward_list] == [consent["id"]]
    assert (await ask(subgraph, guardian, MY_CONSENTS))["data"]["myConsents"] == []
    # the child sees the consent given for them
    own = (await ask(subgraph, citizen(child), MY_CONSENTS))["data"]["myConsents"]
    assert [c["id"] for c in own] == [consent["id"]]

    paused = (await ask(subgraph, guardian, PAUSE, {"id": consent["id"], "reason": "school changed"}))["data"]
    assert paused["pauseConsent"]["history"][-1] == {
        "action": "PAUSE",
        "status": "PAUSED",
        "actorAs": "GUARDIAN",
        "reason": "school changed",
    }


async def test_anyone_else_is_forbidden_and_nothing_is_written(
    subgraph: Subgraph, db: asyncpg.Connection
) -> None:
    owner, stranger = NIKS[5], NIKS[6]
    cid = (await grant(subgraph, citizen(owner)))["id"]
    count = await db.fetchval("select count(*) from consent_event")
    intruder = citizen(stranger, NIKS[7])  # a guardian, but not of the owner

    cases: list[tuple[Caller, str, dict[str, Any]]] = [
        (intruder, GRANT, {"input": grant_input(citizenNik=owner)}),
        (intruder, MY_CONSENTS, {"citizen": owner}),
        (intruder, PAUSE, {"id": cid}),
        (intruder, REVOKE, {"id": cid}),
        (agency("KEMENKES"), MY_CONSENTS, {}),
        (agency("KEMENKES", admin=True), GRANT, {"input": grant_input()}),
        (ANONYMOUS, GRANT, {"input": grant_input(citizenNik=owner)}),
        (ANONYMOUS, REVOKE, {"id": cid}),
        # a citizen without the citizen scope is not trusted as one
        (Caller(kind=CallerKind.CITIZEN, citizen=owner), REVOKE, {"id": cid}),
    ]
    for caller, query, variables in cases:
        body = await ask(subgraph, caller, query, variables)
        # a mutation is non-null (its error reaches the root); a query root is nullable
        assert body["data"] in (None, {"myConsents": None}), (caller.kind, query)
        assert codes(body) == ["FORBIDDEN"], (caller.kind, query)
        assert owner not in body["errors"][0]["message"]
    assert await db.fetchval("select count(*) from consent_event") == count
    state = await db.fetchval("select status from consent_state where consent_id = $1", uuid.UUID(cid))
    assert state == "ACTIVE"


async def test_unknown_consent_is_not_found(subgraph: Subgraph) -> None:
    caller = citizen(NIKS[8])
    for cid in (str(uuid.uuid4()), "not-a-uuid"):
        body = await ask(subgraph, caller, PAUSE, {"id": cid})
        assert codes(body) == ["NOT_FOUND"]
        assert body["errors"][0]["message"] == "No consent has this id."


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"agency": "NOPE"}, "Unknown agency 'NOPE'; see the agencies query."),
        ({"purpose": "NOPE"}, "Unknown purpose 'NOPE'; see the purposes query."),
        ({"categories": []}, "Name at least one data category."),
        ({"validUntil": _in(-1)}, "validUntil must be after validFrom."),
        ({"validFrom": _in(10), "validUntil": _in(5)}, "validUntil must be after validFrom."),
        ({"validFrom": _in(-1)}, "validFrom cannot be in the past: consent covers only what comes after it."),
        ({"validUntil": _in(5 * 366 + 2)}, "A consent lasts at most 5 years; choose an earlier validUntil."),
        (
            {"validUntil": "2030-01-01T00:00:00"},
            "validUntil must carry a time zone, e.g. 2027-01-31T00:00:00+07:00.",
        ),
        ({"method": "RECORDED_VERBAL"}, "Evidence (form number, recording id) is required for this method."),
    ],
)
async def test_grant_validates_its_input(
    subgraph: Subgraph, db: asyncpg.Connection, overrides: dict[str, Any], message: str
) -> None:
    count = await db.fetchval("select count(*) from consent")
    body = await ask(subgraph, citizen(NIKS[9]), GRANT, {"input": grant_input(**overrides)})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"] == message
    assert await db.fetchval("select count(*) from consent") == count


async def test_five_years_is_the_longest_consent(subgraph: Subgraph) -> None:
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    end = start.replace(year=start.year + 5)
    consent = await grant(subgraph, citizen(NIKS[9]), validFrom=start.isoformat(), validUntil=end.isoformat())
    assert datetime.datetime.fromisoformat(consent["validUntil"]) == end


async def test_expired_status_is_computed(subgraph: Subgraph, db: asyncpg.Connection) -> None:
    me = NIKS[10]
    now = datetime.datetime.now(datetime.UTC)
    # recorded by the reusable write function, as the CLI or seeding would (no "future" check there)
    expired = await queries.grant_consent(
        db,
        citizen_nik=me,
        agency="BPS",
        categories=["identity"],
        purpose="STATISTICS",
        valid_from=now - datetime.timedelta(days=30),
        valid_until=now - datetime.timedelta(days=1),
        given_by_nik=me,
        given_as="SELF",
        method="WRITTEN",
        evidence="form 1",
    )
    caller = citizen(me)
    [listed] = (await ask(subgraph, caller, MY_CONSENTS))["data"]["myConsents"]
    assert (listed["id"], listed["status"]) == (str(expired), "EXPIRED")
    assert listed["history"] == [{"action": "GRANT", "status": "ACTIVE", "actorAs": "SELF", "reason": None}]
    for query in (PAUSE, RESUME):
        body = await ask(subgraph, caller, query, {"id": str(expired)})
        assert codes(body) == ["CONSENT_STATE_CONFLICT"]
        assert "has expired" in body["errors"][0]["message"]
    # withdrawing it is still recorded
    revoked = (await ask(subgraph, caller, REVOKE, {"id": str(expired)}))["data"]["revokeConsent"]
    assert revoked["status"] == "REVOKED"


async def test_my_consents_costs_one_statement_per_table(subgraph: Subgraph) -> None:
    caller = citizen(NIKS[11])
    for code in ("KEMENKES", "BPJS_KESEHATAN", "DUKCAPIL"):
        await grant(subgraph, caller, agency=code)
    subgraph.log.clear()
    listed = (await ask(subgraph, caller, MY_CONSENTS))["data"]["myConsents"]
    assert [c["agency"]["code"] for c in listed] == ["DUKCAPIL", "BPJS_KESEHATAN", "KEMENKES"]
    assert sorted(subgraph.log.tables()) == ["agency", "consent", "consent_event", "purpose"]


async def test_admin_lists_consents(subgraph: Subgraph) -> None:
    me = NIKS[12]
    consent = await grant(
        subgraph, citizen(me), agency="POLRI", purpose="LAW_ENFORCEMENT", categories=["POLICE"]
    )
    query = (
        "query ($nik: String, $agency: String) { consents(citizenNik: $nik, agency: $agency) { id status } }"
    )
    body = await ask(subgraph, agency("DUKCAPIL", admin=True), query, {"nik": me, "agency": "POLRI"})
    assert body == {"data": {"consents": [{"id": consent["id"], "status": "ACTIVE"}]}}
    body = await ask(subgraph, agency("DUKCAPIL", admin=True), query, {"nik": me, "agency": "BPS"})
    assert body == {"data": {"consents": []}}
    body = await ask(subgraph, agency("DUKCAPIL", admin=True), query, {"nik": "123"})
    assert codes(body) == ["INVALID_NIK"]
    for caller in (agency("POLRI"), citizen(me)):
        assert codes(await ask(subgraph, caller, query, {"nik": me})) == ["FORBIDDEN"]


async def test_no_nik_reaches_the_logs(subgraph: Subgraph, caplog: pytest.LogCaptureFixture) -> None:
    parent, child = NIKS[13], NIKS[14]
    caller = citizen(parent, child)
    with caplog.at_level(logging.DEBUG):
        consent = await grant(subgraph, caller, citizenNik=child)
        await ask(subgraph, caller, REVOKE, {"id": consent["id"], "reason": "no"})
        await ask(subgraph, citizen(NIKS[15]), MY_CONSENTS, {"citizen": child})  # FORBIDDEN
    logged = server_log(caplog.records)
    assert f"consent {consent['id']}: REVOKE as GUARDIAN" in logged
    assert parent not in logged and child not in logged and NIKS[15] not in logged


# The trail ------------------------------------------------------------------------------------


async def _record(
    db: asyncpg.Connection, *, kind: str, agency: str | None, actor: str | None, subject: str, rid: str,
    category: str = "health", purpose: str | None = "HEALTH_SERVICE", wards: list[str] | None = None,
) -> asyncpg.Record:
    rows = await db.fetch(
        "select * from record_access($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        rid, "Lookup", kind, agency, "key1" if agency else None, actor, wards, purpose, category,
        ["Citizen.health"], [subject], 3,
    )
    [row] = rows
    return row


async def test_the_trail_by_caller(subgraph: Subgraph, db: asyncpg.Connection) -> None:
    subject, parent = NIKS[16], NIKS[17]
    consent = await grant(subgraph, citizen(subject))
    allowed = await _record(db, kind="AGENCY", agency="KEMENKES", actor=None, subject=subject, rid="r1")
    assert (allowed["decision"], allowed["basis"], allowed["basis_id"]) == ("ALLOW", "CONSENT", consent["id"])
    denied = await _record(
        db, kind="AGENCY", agency="POLRI", actor=None, subject=subject, rid="r2",
        category="police", purpose="LAW_ENFORCEMENT",
    )
    assert (denied["decision"], denied["reason"]) == ("DENY", "NO_CONSENT")
    await _record(db, kind="CITIZEN", agency=None, actor=parent, wards=[subject], subject=subject, rid="r3")
    await _record(db, kind="AGENCY", agency="KEMENKES", actor=None, subject=NIKS[18], rid="r4")

    # the citizen sees everything about themself, newest first, with names
    mine = f"query ($c: String, $l: Int) {{ myAccessLog(citizen: $c, limit: $l) {{ {ENTRY} }} }}"
    entries = (await ask(subgraph, citizen(subject), mine))["data"]["myAccessLog"]
    assert [(e["requestId"], e["decision"], e["basis"]) for e in entries] == [
        ("r3", "ALLOW", "GUARDIAN"),
        ("r2", "DENY", "NONE"),
        ("r1", "ALLOW", "CONSENT"),
    ]
    assert entries[0]["agency"] is None and entries[0]["actorNik"] == parent
    assert entries[1] == {
        "callerKind": "AGENCY",
        "agency": {"code": "POLRI", "name": "Kepolisian Negara Republik Indonesia"},
        "keyId": "key1",
        "actorNik": None,
        "subjectNik": subject,
        "category": "POLICE",
        "fields": ["Citizen.health"],
        "purpose": {"code": "LAW_ENFORCEMENT"},
        "basis": "NONE",
        "basisId": None,
        "decision": "DENY",
        "reason": "NO_CONSENT",
        "requestId": "r2",
        "operationName": "Lookup",
    }
    assert entries[2]["basisId"] == consent["id"]
    limited = (await ask(subgraph, citizen(subject), mine, {"l": 1}))["data"]["myAccessLog"]
    assert [e["requestId"] for e in limited] == ["r3"]
    # ...and so does their guardian; nobody else
    ward = (await ask(subgraph, citizen(parent, subject), mine, {"c": subject}))["data"]["myAccessLog"]
    assert [e["requestId"] for e in ward] == ["r3", "r2", "r1"]
    assert codes(await ask(subgraph, citizen(parent), mine, {"c": subject})) == ["FORBIDDEN"]
    assert codes(await ask(subgraph, citizen(subject), mine, {"l": 0})) == ["BAD_USER_INPUT"]

    # an agency sees only its own entries
    log = "query ($a: String, $s: String) { accessLog(agency: $a, subjectNik: $s) { requestId subjectNik } }"
    own = (await ask(subgraph, agency("KEMENKES"), log, {"s": subject}))["data"]["accessLog"]
    assert own == [{"requestId": "r1", "subjectNik": subject}]
    everything_own = (await ask(subgraph, agency("KEMENKES"), log))["data"]["accessLog"]
    assert {e["requestId"] for e in everything_own} == {"r1", "r4"}
    assert codes(await ask(subgraph, agency("KEMENKES"), log, {"a": "POLRI"})) == ["FORBIDDEN"]
    # an admin sees everyone's, filtered
    admin = agency("DUKCAPIL", admin=True)
    about = (await ask(subgraph, admin, log, {"s": subject}))["data"]["accessLog"]
    assert [e["requestId"] for e in about] == ["r3", "r2", "r1"]
    polri = (await ask(subgraph, admin, log, {"a": "POLRI", "s": subject}))["data"]["accessLog"]
    assert [e["requestId"] for e in polri] == ["r2"]
    # citizens use myAccessLog; anonymous callers get nothing
    for caller in (citizen(subject), ANONYMOUS):
        assert codes(await ask(subgraph, caller, log, {"s": subject})) == ["FORBIDDEN"]


async def test_the_trail_pages_with_before(subgraph: Subgraph, db: asyncpg.Connection) -> None:
    subject = NIKS[19]
    for n in range(3):
        await _record(db, kind="AGENCY", agency="BPS", actor=None, subject=subject, rid=f"p{n}")
    mine = "query ($b: DateTime) { myAccessLog(limit: 2, before: $b) { requestId at } }"
    page = (await ask(subgraph, citizen(subject), mine))["data"]["myAccessLog"]
    assert [e["requestId"] for e in page] == ["p2", "p1"]
    rest = (await ask(subgraph, citizen(subject), mine, {"b": page[-1]["at"]}))["data"]["myAccessLog"]
    assert [e["requestId"] for e in rest] == ["p0"]
    naive = await ask(subgraph, citizen(subject), mine, {"b": "2030-01-01T00:00:00"})
    assert codes(naive) == ["BAD_USER_INPUT"]


# Mandates -------------------------------------------------------------------------------------


async def test_mandates_are_created_and_revoked_by_an_admin_only(
    subgraph: Subgraph, db: asyncpg.Connection
) -> None:
    admin = agency("DUKCAPIL", admin=True, key="adminkey")
    create = f"mutation ($input: CreateMandateInput!) {{ createMandate(input: $input) {{ {MANDATE} }} }}"
    mandate_input = {
        "agency": "KEMENKES",
        "categories": ["HEALTH"],
        "purpose": "PUBLIC_HEALTH_SURVEILLANCE",
        "legalBasis": "PUBLIC_TASK",
        "legalReference": "UU 17/2023 tentang Kesehatan, Pasal 400",
        "validUntil": _in(365),
    }
    for caller in (agency("KEMENKES"), citizen(NIKS[20]), ANONYMOUS):
        body = await ask(subgraph, caller, create, {"input": mandate_input})
        assert codes(body) == ["FORBIDDEN"]
    assert await db.fetchval("select count(*) from mandate") == 0

    bad = await ask(subgraph, admin, create, {"input": {**mandate_input, "purpose": "NOPE"}})
    assert codes(bad) == ["BAD_USER_INPUT"]

    created = (await ask(subgraph, admin, create, {"input": mandate_input}))["data"]["createMandate"]
    assert created["agency"] == {"code": "KEMENKES"}
    assert created["purpose"] == {"code": "PUBLIC_HEALTH_SURVEILLANCE"}
    assert (created["legalBasis"], created["createdBy"], created["active"]) == (
        "PUBLIC_TASK",
        "DUKCAPIL/adminkey",
        True,
    )
    assert created["revokedAt"] is None

    listing = "query ($a: String, $o: Boolean) { mandates(agency: $a, activeOnly: $o) { id active } }"
    assert (await ask(subgraph, admin, listing, {"a": "KEMENKES"}))["data"]["mandates"] == [
        {"id": created["id"], "active": True}
    ]
    assert codes(await ask(subgraph, agency("KEMENKES"), listing, {})) == ["FORBIDDEN"]
    mine = "{ myMandates { id active } }"
    assert (await ask(subgraph, agency("KEMENKES"), mine))["data"]["myMandates"] == [
        {"id": created["id"], "active": True}
    ]
    assert (await ask(subgraph, agency("POLRI"), mine))["data"]["myMandates"] == []
    assert codes(await ask(subgraph, citizen(NIKS[20]), mine)) == ["FORBIDDEN"]

    revoke = f"mutation ($id: ID!, $r: String!) {{ revokeMandate(id: $id, reason: $r) {{ {MANDATE} }} }}"
    refused = await ask(subgraph, agency("KEMENKES"), revoke, {"id": created["id"], "r": "x"})
    assert codes(refused) == ["FORBIDDEN"]
    revoked = (await ask(subgraph, admin, revoke, {"id": created["id"], "r": "outbreak over"}))["data"]
    assert revoked["revokeMandate"]["active"] is False
    assert (revoked["revokeMandate"]["revokedBy"], revoked["revokeMandate"]["revokeReason"]) == (
        "DUKCAPIL/adminkey",
        "outbreak over",
    )
    again = await ask(subgraph, admin, revoke, {"id": created["id"], "r": "again"})
    assert codes(again) == ["MANDATE_STATE_CONFLICT"]
    assert codes(await ask(subgraph, admin, revoke, {"id": str(uuid.uuid4()), "r": "x"})) == ["NOT_FOUND"]
    assert (await ask(subgraph, admin, listing, {"a": "KEMENKES", "o": True}))["data"]["mandates"] == []
    # the terms are untouched
    row = await db.fetchrow(
        "select legal_reference, created_by from mandate where id = $1", uuid.UUID(created["id"])
    )
    assert tuple(row) == ("UU 17/2023 tentang Kesehatan, Pasal 400", "DUKCAPIL/adminkey")


async def test_a_mandate_is_limited_to_regions_set_once(subgraph: Subgraph, db: asyncpg.Connection) -> None:
    admin = agency("DUKCAPIL", admin=True, key="adminkey")
    create = "mutation ($input: CreateMandateInput!) { createMandate(input: $input) { id regions active } }"
    mandate_input = {
        "agency": "KEMENSOS",
        "categories": ["SOCIAL", "IDENTITY"],
        "purpose": "BANSOS_ELIGIBILITY",
        "legalBasis": "PUBLIC_TASK",
        "legalReference": "UU 11/2009 Pasal 29",
        "validUntil": _in(365),
    }
    for regions in (["31.71"], ["3171", "x"], ["317"], ["31710"], ["3171011001001"], [""], ["3" * 101]):
        body = await ask(subgraph, admin, create, {"input": {**mandate_input, "regions": regions}})
        assert codes(body) == ["INVALID_REGION_CODE"] or regions == ["31.71"], regions
        if regions == ["31.71"]:
            assert body["data"]["createMandate"]["regions"] == ["3171"]
    too_many = [f"{n:04d}" for n in range(1000, 1101)]
    assert codes(await ask(subgraph, admin, create, {"input": {**mandate_input, "regions": too_many}})) == [
        "BAD_USER_INPUT"
    ]
    regional = await ask(
        subgraph, admin, create, {"input": {**mandate_input, "regions": ["317102", "31.71.01", "317101"]}}
    )
    assert regional["data"]["createMandate"]["regions"] == ["317101", "317102"]
    national = (await ask(subgraph, admin, create, {"input": mandate_input}))["data"]["createMandate"]
    assert national["regions"] == []
    mine = (await ask(subgraph, agency("KEMENSOS"), "{ myMandates { id regions } }"))["data"]["myMandates"]
    held = {m["id"]: m["regions"] for m in mine}
    assert held[national["id"]] == []
    assert held[regional["data"]["createMandate"]["id"]] == ["317101", "317102"]
    # the terms, regions included, are never edited: not even to widen a regional mandate
    mandate_id = uuid.UUID(regional["data"]["createMandate"]["id"])
    for change in ("regions = '{}'", "regions = '{3171}'", "regions = '{}', revoked_at = now()"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await db.execute(f"update mandate set {change} where id = $1", mandate_id)
    with pytest.raises(asyncpg.CheckViolationError):
        await db.execute(
            "insert into mandate (agency, categories, purpose, legal_basis, legal_reference, valid_from,"
            " valid_until, created_by, regions) values ('KEMENSOS', '{social}', 'BANSOS_ELIGIBILITY',"
            " 'PUBLIC_TASK', 'x', now(), now() + interval '1 day', 't', '{31.71}')"
        )


# Sealing --------------------------------------------------------------------------------------


async def test_a_sealed_registry_answers_only_signed_requests(service_dsn: ServiceDsn) -> None:
    dsn = await service_dsn("consent")
    conn = await asyncpg.connect(dsn)
    try:
        await load_reference(conn)
    finally:
        await conn.close()
    sealer = Sealer(b"s" * 32)
    me = citizen(NIKS[21])
    body = orjson.dumps({"query": "{ purposes { code } myConsents { id } }"})
    app = create_service_app("consent", dsn, sealer=sealer)
    async with serve(app) as url, httpx.AsyncClient(base_url=url) as client:
        only_caller = {"content-type": "application/json", CALLER_HEADER: encode_caller(me)}
        unsigned = await client.post("/graphql", content=body, headers=only_caller)
        assert unsigned.status_code == 401
        assert unsigned.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        signed = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json", **sealer.headers(me, body)}
        )
        assert signed.status_code == 200
        data = signed.json()["data"]
        assert len(data["purposes"]) == 10 and data["myConsents"] == []
