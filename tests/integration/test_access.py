"""Access control end to end (docs/access.md): callers x scopes x consent states x query shapes,
against five sealed subgraphs over real PostgreSQL and real HTTP, with the trail checked for every
decision. Nothing here is faked: keys, tokens, consents and mandates live in the registry database
and the gateway decides through it.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from graphql import build_client_schema, get_introspection_query

from spbe.audit import verify_access_log
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_consent, add_mandate
from tests.integration.system import System, start_system

pytestmark = pytest.mark.slow

PURPOSE = "BANSOS_ELIGIBILITY"
SUPERVISION = "SCHOOL_SUPERVISION"  # only KEMENSOS's education mandate is for it
ALL_SCOPES = ("identity:read", "health:read", "education:read", "police:read")
PAST = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)

#: consent state of each subject for KEMENSOS -> expected (identity, health) outcome:
#: "ALLOW <basis>" or the denial's reason
STATES: dict[str, tuple[str, str]] = {
    "none": ("NO_CONSENT", "NO_CONSENT"),
    "active": ("ALLOW CONSENT", "ALLOW CONSENT"),
    "paused": ("CONSENT_PAUSED", "CONSENT_PAUSED"),
    "revoked": ("CONSENT_REVOKED", "CONSENT_REVOKED"),
    "expired": ("CONSENT_EXPIRED", "CONSENT_EXPIRED"),
    "other purpose": ("CONSENT_FOR_OTHER_PURPOSE", "CONSENT_FOR_OTHER_PURPOSE"),
    "other category": ("CONSENT_FOR_OTHER_CATEGORY", "CONSENT_FOR_OTHER_CATEGORY"),
    "identity only": ("ALLOW CONSENT", "CONSENT_FOR_OTHER_CATEGORY"),
    "minor, guardian consented": ("ALLOW CONSENT", "ALLOW CONSENT"),
}

SINGLE = "query Overview($nik: String!) { citizen(nik: $nik) { nik fullName health { bpjs { active } } } }"
SHAPES: dict[str, str] = {
    "root field": SINGLE,
    "aliases": "query Overview($nik: String!) { person: citizen(nik: $nik) "
    "{ nik name: fullName medical: health { card: bpjs { active } } } }",
    "fragments": "query Overview($nik: String!) { citizen(nik: $nik) { ...Who ... on Citizen "
    "{ health { ...Card } } } } fragment Who on Citizen { nik fullName } "
    "fragment Card on HealthRecord { bpjs { active } }",
    "inline fragment on the root": "query Overview($nik: String!) { ... on Query { citizen(nik: $nik) "
    "{ nik ... @include(if: true) { fullName health { bpjs { active } } } } } }",
}
#: response keys per shape: (citizen, identity field, health field)
KEYS = {
    "root field": ("citizen", "fullName", "health"),
    "aliases": ("person", "name", "medical"),
    "fragments": ("citizen", "fullName", "health"),
    "inline fragment on the root": ("citizen", "fullName", "health"),
}


@dataclass
class World:
    system: System
    subjects: dict[str, str]  # state -> NIK
    parent: str
    minor: str
    adult_child: str
    stranger: str
    kemensos: str
    polri: str


@pytest.fixture(scope="module")
async def world(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    async with start_system(module_service_dsn, tmp_path_factory.mktemp("access")) as system:
        identity = system.db["identity"]
        family = await identity.fetchrow(
            """
            select p.nik as parent, m.nik as minor, a.nik as adult_child
            from citizen p
            join citizen m on m.kk = p.kk and m.family_relation = 'CHILD'
                          and m.birth_date > current_date - interval '17 years' and m.deceased_on is null
            join citizen a on a.kk = p.kk and a.family_relation = 'CHILD'
                          and a.birth_date < current_date - interval '19 years'
            where p.family_relation in ('HEAD', 'SPOUSE') and p.deceased_on is null
            order by p.nik limit 1
            """
        )
        assert family is not None, "the seeded population has no family with a minor and an adult child"
        adults = [
            row["nik"]
            for row in await identity.fetch(
                "select nik from citizen where birth_date < current_date - interval '20 years'"
                " and deceased_on is null and kk <> (select kk from citizen where nik = $1) order by nik",
                family["parent"],
            )
        ]
        states = [s for s in STATES if not s.startswith("minor")]
        subjects = dict(zip(states, adults, strict=False))
        subjects["minor, guardian consented"] = family["minor"]
        consent = system.db["consent"]
        await add_consent(consent, subjects["active"], categories=("identity", "health"))
        await add_consent(consent, subjects["paused"], categories=("identity", "health"), events=("PAUSE",))
        await add_consent(consent, subjects["revoked"], categories=("identity", "health"), events=("REVOKE",))
        await add_consent(
            consent,
            subjects["expired"],
            categories=("identity", "health"),
            valid_from=PAST,
            valid_until=PAST + datetime.timedelta(days=30),
        )
        await add_consent(
            consent, subjects["other purpose"], categories=("identity", "health"), purpose="HEALTH_SERVICE"
        )
        await add_consent(consent, subjects["other category"], categories=("education",))
        await add_consent(consent, subjects["identity only"], categories=("identity",))
        await add_consent(
            consent, family["minor"], categories=("identity", "health"), given_by=family["parent"]
        )
        await add_consent(
            consent, family["adult_child"], categories=("identity", "health"), given_by=family["parent"]
        )
        await add_mandate(consent)  # POLRI: police records for LAW_ENFORCEMENT
        yield World(
            system=system,
            subjects=subjects,
            parent=family["parent"],
            minor=family["minor"],
            adult_child=family["adult_child"],
            stranger=adults[-1],
            kemensos=await system.key("KEMENSOS", ALL_SCOPES),
            polri=await system.key("POLRI", ("identity:read", "police:read")),
        )


def _outcome(decision: str, basis: str, reason: str | None) -> str:
    return f"ALLOW {basis}" if decision == "ALLOW" else str(reason)


async def _trail(system: System, request_id: str) -> dict[tuple[str, str], str]:
    return {
        (row["subject_nik"], row["category"]): _outcome(row["decision"], row["basis"], row["reason"])
        for row in await system.trail(request_id)
    }


def _check_citizen(
    found: dict[str, Any] | None,
    errors: dict[tuple[Any, ...], dict[str, Any]],
    at: tuple[Any, ...],
    keys: tuple[str, str],
    expected: tuple[str, str],
) -> None:
    """One citizen's identity and health fields against the expected outcomes."""
    assert found is not None
    for key, outcome in zip(keys, expected, strict=True):
        if outcome.startswith("ALLOW"):
            assert found[key] is not None, (at, key)
            assert (*at, key) not in errors
        else:
            assert found[key] is None, (at, key)
            error = errors[(*at, key)]
            assert error["extensions"]["code"] == "CONSENT_REQUIRED"
            assert error["extensions"]["reason"] == outcome


def _errors(body: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(e["path"]): e for e in body.get("errors", [])}


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("state", list(STATES))
async def test_an_agency_sees_what_each_consent_state_allows(world: World, state: str, shape: str) -> None:
    system, nik = world.system, world.subjects[state]
    response = await system.ask(SHAPES[shape], {"nik": nik}, key=world.kemensos, purpose=PURPOSE)
    assert response.status == 200
    root, identity_key, health_key = KEYS[shape]
    expected = STATES[state]
    citizen = response.data[root]
    assert citizen["nik"] == nik
    _check_citizen(citizen, _errors(response.body), (root,), (identity_key, health_key), expected)
    trail = await _trail(system, response.request_id)
    assert trail == {(nik, "identity"): expected[0], (nik, "health"): expected[1]}
    rows = await system.trail(response.request_id)
    assert {(r["operation_name"], r["agency"], r["purpose"], tuple(r["fields"])) for r in rows} == {
        ("Overview", "KEMENSOS", PURPOSE, ("fullName",)),
        ("Overview", "KEMENSOS", PURPOSE, ("health",)),
    }


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_many_citizens_in_one_request_are_decided_each_in_one_step(world: World, method: str) -> None:
    system = world.system
    niks = list(world.subjects.values())
    store = system.app.authenticator.store
    assert store is not None
    before = store.round_trips
    query = "query($niks: [String!]!) { citizens(niks: $niks) { nik fullName health { bpjs { active } } } }"
    response = await system.ask(query, {"niks": niks}, key=world.kemensos, purpose=PURPOSE, method=method)
    # one key lookup, then ONE round trip for the step: the identity and the health fetch of the
    # citizens run side by side, and their decisions (and trail entries) are made together
    assert store.round_trips - before == 2
    errors = _errors(response.body)
    for index, state in enumerate(world.subjects):
        _check_citizen(
            response.data["citizens"][index],
            errors,
            ("citizens", index),
            ("fullName", "health"),
            STATES[state],
        )
    trail = await _trail(system, response.request_id)
    assert trail == {
        (nik, category): STATES[state][n]
        for state, nik in world.subjects.items()
        for n, category in enumerate(("identity", "health"))
    }


async def test_a_family_card_leads_to_each_member_s_own_decision(world: World) -> None:
    system = world.system
    await add_consent(system.db["consent"], world.parent, categories=("identity",))
    query = """query($nik: String!) { citizen(nik: $nik) { fullName family { members {
        relation citizen { nik fullName health { bpjs { active } } } } } } }"""
    response = await system.ask(query, {"nik": world.parent}, key=world.kemensos, purpose=PURPOSE)
    members = {
        m["citizen"]["nik"]: (i, m["citizen"])
        for i, m in enumerate(response.data["citizen"]["family"]["members"])
    }
    errors = _errors(response.body)
    index, minor = members[world.minor]
    _check_citizen(
        minor,
        errors,
        ("citizen", "family", "members", index, "citizen"),
        ("fullName", "health"),
        ("ALLOW CONSENT", "ALLOW CONSENT"),
    )
    # a parent cannot consent for an adult child: that consent is recorded, but the adult's own counts
    trail = await _trail(system, response.request_id)
    assert trail[(world.parent, "identity")] == "ALLOW CONSENT"
    assert trail[(world.minor, "health")] == "ALLOW CONSENT"
    assert all(key in trail for nik in members for key in ((nik, "identity"), (nik, "health")))


async def test_public_paths_to_citizens_are_guarded_too(world: World) -> None:
    system = world.system
    school = await system.db["education"].fetchval(
        "select npsn from enrollment where status = 'ACTIVE' group by npsn order by count(*) desc limit 1"
    )
    query = """query($npsn: String!) { school(npsn: $npsn) { name currentStudents {
        nik fullName health { bpjs { active } } } } }"""
    anonymous = await system.ask(query, {"npsn": school})
    assert anonymous.data["school"]["name"]
    assert anonymous.data["school"]["currentStudents"] is None
    assert anonymous.codes()[("school", "currentStudents")] == "UNAUTHORIZED_FIELD_OR_TYPE"
    assert await system.trail(anonymous.request_id) == []
    # KEMENSOS holds no education mandate: consent to a category opens no school's list of pupils
    refused = await system.ask(query, {"npsn": school}, key=world.kemensos, purpose=PURPOSE)
    assert refused.data["school"] == {"name": anonymous.data["school"]["name"], "currentStudents": None}
    assert refused.codes() == {("school", "currentStudents"): "FORBIDDEN"}
    assert await system.trail(refused.request_id) == []
    # a national education mandate for a purpose of its own lists them; each pupil's records
    # behind the list are still decided one by one
    await system.db["consent"].execute(
        "insert into purpose values ($1, 'Pengawasan sekolah', 'School supervision')", SUPERVISION
    )
    await add_mandate(system.db["consent"], agency="KEMENSOS", categories=("education",), purpose=SUPERVISION)
    response = await system.ask(query, {"npsn": school}, key=world.kemensos, purpose=SUPERVISION)
    students = response.data["school"]["currentStudents"]
    assert students
    trail = await _trail(system, response.request_id)
    errors = _errors(response.body)
    for index, student in enumerate(students):
        expected = (trail[(student["nik"], "identity")], trail[(student["nik"], "health")])
        _check_citizen(
            student, errors, ("school", "currentStudents", index), ("fullName", "health"), expected
        )
    assert set(trail.values()) <= {"NO_CONSENT", "ALLOW CONSENT"}


@dataclass(frozen=True)
class Case:
    caller: str
    subject: str
    identity: str  # "ALLOW <basis>", a CONSENT_REQUIRED reason, or another code before planning
    health: str


CALLERS = [
    Case("kemensos", "active", "ALLOW CONSENT", "ALLOW CONSENT"),
    Case("kemensos without purpose", "active", "PURPOSE_REQUIRED", "PURPOSE_REQUIRED"),
    Case("kemensos, identity scope only", "active", "ALLOW CONSENT", "UNAUTHORIZED_FIELD_OR_TYPE"),
    Case("polri with its police mandate", "active", "NO_CONSENT", "UNAUTHORIZED_FIELD_OR_TYPE"),
    Case("citizen, self", "active", "ALLOW SELF", "ALLOW SELF"),
    Case("citizen, someone else", "active", "NOT_SELF_OR_WARD", "NOT_SELF_OR_WARD"),
    Case("parent, minor child", "minor", "ALLOW GUARDIAN", "ALLOW GUARDIAN"),
    Case("parent, adult child", "adult child", "NOT_SELF_OR_WARD", "NOT_SELF_OR_WARD"),
    Case("admin", "active", "UNAUTHORIZED_FIELD_OR_TYPE", "UNAUTHORIZED_FIELD_OR_TYPE"),
]


@pytest.mark.parametrize("case", CALLERS, ids=[c.caller for c in CALLERS])
async def test_callers_and_scopes(world: World, case: Case) -> None:
    system = world.system
    nik = {"active": world.subjects["active"], "minor": world.minor, "adult child": world.adult_child}[
        case.subject
    ]
    options: dict[str, Any] = {}
    if case.caller == "kemensos":
        options = {"key": world.kemensos, "purpose": PURPOSE}
    elif case.caller == "kemensos without purpose":
        options = {"key": world.kemensos}
    elif case.caller == "kemensos, identity scope only":
        options = {"key": await system.key("KEMENSOS", ("identity:read",)), "purpose": PURPOSE}
    elif case.caller == "polri with its police mandate":
        options = {"key": world.polri, "purpose": "LAW_ENFORCEMENT"}
    elif case.caller == "citizen, self":
        options = {"token": system.token(nik)}
    elif case.caller == "citizen, someone else":
        options = {"token": system.token(world.stranger)}
    elif case.caller.startswith("parent"):
        options = {"token": system.token(world.parent)}
    elif case.caller == "admin":
        options = {"key": await system.key("KEMENSOS", ("admin",)), "purpose": PURPOSE}
    query = "query($nik: String!) { citizen(nik: $nik) { nik fullName health { bpjs { active } } } }"
    response = await system.ask(query, {"nik": nik}, **options)
    errors = _errors(response.body)
    trail = await _trail(system, response.request_id)
    citizen = response.data["citizen"] if response.data else None
    for key, category, outcome in (
        ("fullName", "identity", case.identity),
        ("health", "health", case.health),
    ):
        if outcome.startswith("ALLOW"):
            assert citizen is not None and citizen[key] is not None
            assert trail[(nik, category)] == outcome
        elif outcome in ("PURPOSE_REQUIRED", "UNAUTHORIZED_FIELD_OR_TYPE"):
            # refused before planning: no subgraph is asked, so no citizen is decided on
            at = ("citizen",) if citizen is None else ("citizen", key)
            assert errors[at]["extensions"]["code"] == outcome
            assert (nik, category) not in trail
        else:
            assert citizen is not None and citizen[key] is None
            assert errors[("citizen", key)]["extensions"] == {
                "code": "CONSENT_REQUIRED",
                "category": category,
                "reason": outcome,
            }
            assert trail[(nik, category)] == outcome


async def test_a_mandate_opens_its_category_without_consent(world: World) -> None:
    system = world.system
    mandate = await system.db["consent"].fetchval("select id::text from mandate where agency = 'POLRI'")
    query = "query($nik: String!) { citizen(nik: $nik) { nik police { drivingLicences { status } } } }"
    response = await system.ask(
        query, {"nik": world.subjects["none"]}, key=world.polri, purpose="LAW_ENFORCEMENT"
    )
    assert response.data["citizen"]["police"] is not None
    rows = await system.trail(response.request_id)
    assert [(r["category"], r["decision"], r["basis"]) for r in rows] == [("police", "ALLOW", "MANDATE")]
    basis = await system.db["consent"].fetchval(
        "select basis_id from access_log where request_id = $1", response.request_id
    )
    assert basis == mandate
    other = await system.ask(query, {"nik": world.subjects["none"]}, key=world.polri, purpose=PURPOSE)
    assert other.data["citizen"]["police"] is None  # a mandate is for its purpose only


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"x-api-key": "spbe_aaaaaaaaaa_" + "A" * 43}, "not known"),
        ({"authorization": "Bearer not.a.jwt"}, "malformed"),
        ({"authorization": "Basic dXNlcjpwYXNz"}, "Bearer"),
    ],
    ids=["unknown key", "garbage token", "basic auth"],
)
async def test_bad_credentials_are_401_never_anonymous(
    world: World, headers: dict[str, str], message: str
) -> None:
    response = await world.system.ask("{ regions { code } }", headers=headers)
    assert response.status == 401
    assert response.body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert message in response.body["errors"][0]["message"]
    assert "data" not in response.body


async def test_revoked_expired_keys_and_expired_tokens_are_401(world: World) -> None:
    system = world.system
    revoked = await system.key("KEMENSOS", ALL_SCOPES, revoked=True)
    expired = await system.key(
        "KEMENSOS", ALL_SCOPES, expires=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    )
    old_token = system.token(world.parent, ttl=-120)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"key": revoked}, "revoked"),
        ({"key": expired}, "expired"),
        ({"token": old_token}, "expired"),
    ]
    for options, message in cases:
        response = await system.ask(SINGLE, {"nik": world.subjects["active"]}, purpose=PURPOSE, **options)
        assert response.status == 401, options
        assert message in response.body["errors"][0]["message"]
        assert await system.trail(response.request_id) == []


async def test_revocation_through_the_gateway_counts_from_the_next_request(world: World) -> None:
    system = world.system
    nik = world.subjects["none"]
    token = system.token(nik)
    until = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)).isoformat()
    granted = await system.ask(
        'mutation($until: DateTime!) { grantConsent(input: {agency: "KEMENSOS",'
        f' categories: [IDENTITY, HEALTH], purpose: "{PURPOSE}", validUntil: $until}}) {{ id status }} }}',
        {"until": until},
        token=token,
    )
    assert granted.data["grantConsent"]["status"] == "ACTIVE", granted.body
    consent_id = granted.data["grantConsent"]["id"]

    async def agency_sees() -> tuple[bool, str | None]:
        response = await system.ask(SINGLE, {"nik": nik}, key=world.kemensos, purpose=PURPOSE)
        health = response.data["citizen"]["health"]
        reason = _errors(response.body).get(("citizen", "health"), {}).get("extensions", {}).get("reason")
        return health is not None, reason

    assert await agency_sees() == (True, None)
    for action, expected in (
        ("pauseConsent", (False, "CONSENT_PAUSED")),
        ("resumeConsent", (True, None)),
        ("revokeConsent", (False, "CONSENT_REVOKED")),
    ):
        changed = await system.ask(f'mutation {{ {action}(id: "{consent_id}") {{ status }} }}', token=token)
        assert "errors" not in changed.body, changed.body
        assert await agency_sees() == expected, action
    # the citizen sees who looked, when, why and on what basis
    trail = await system.ask(
        "{ myAccessLog(limit: 50) { agency { code } category purpose { code } basis decision } }", token=token
    )
    entries = trail.data["myAccessLog"]
    assert {
        "agency": {"code": "KEMENSOS"},
        "category": "HEALTH",
        "purpose": {"code": PURPOSE},
        "basis": "CONSENT",
        "decision": "ALLOW",
    } in entries
    assert any(e["decision"] == "DENY" and e["category"] == "HEALTH" for e in entries)


async def test_an_agency_reads_only_its_own_accesses(world: World) -> None:
    system = world.system
    await system.ask(SINGLE, {"nik": world.subjects["none"]}, key=world.polri, purpose="LAW_ENFORCEMENT")
    own = await system.ask("{ accessLog(limit: 500) { agency { code } } }", key=world.kemensos)
    assert own.data["accessLog"] and {e["agency"]["code"] for e in own.data["accessLog"]} == {"KEMENSOS"}
    admin = await system.ask(
        "{ accessLog(limit: 1000) { agency { code } } }", key=await system.key("POLRI", ("admin",))
    )
    assert {e["agency"]["code"] for e in admin.data["accessLog"] if e["agency"]} >= {"KEMENSOS", "POLRI"}
    assert any(e["agency"] is None for e in admin.data["accessLog"])  # citizens' own reads too


async def test_concurrent_callers_of_different_rights_never_share_an_answer(world: World) -> None:
    """The same document from callers of other rights, at the same moment (inbound de-duplication
    on): each gets the answer its own rights and consents give, and its own trail entries."""
    system = world.system
    nik = world.subjects["active"]
    callers: list[tuple[dict[str, Any], bool]] = [  # (how the caller asks, sees the health record)
        ({"key": world.kemensos, "purpose": PURPOSE}, True),
        ({"key": world.kemensos, "purpose": "HEALTH_SERVICE"}, False),
        ({"token": system.token(world.stranger)}, False),
        ({"token": system.token(nik)}, True),
        ({}, False),
    ]
    asked = callers * 4
    answers = await asyncio.gather(*(system.ask(SINGLE, {"nik": nik}, **options) for options, _ in asked))
    for (options, sees), answer in zip(asked, answers, strict=True):
        citizen = answer.data["citizen"] if answer.data else None
        assert (citizen is not None and citizen["health"] is not None) == sees, options
        if not options:
            assert answer.codes()[("citizen",)] == "UNAUTHORIZED_FIELD_OR_TYPE"
        assert len(await system.trail(answer.request_id)) == (2 if options else 0)


async def test_nothing_reaches_a_subgraph_without_the_gateway_s_signature(world: World) -> None:
    async with httpx.AsyncClient() as client:
        for service, url in world.system.subgraphs.items():
            for query in (
                "{ _service { sdl } }",
                '{ _entities(representations: [{__typename: "Citizen", nik: "3171010101900001"}])'
                " { __typename } }",
            ):
                response = await client.post(url, json={"query": query})
                assert response.status_code == 401, service
                assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (
            {"query": '{ _entities(representations: [{__typename: "Citizen", nik: "1"}]) { __typename } }'},
            400,
        ),
        ([{"query": SINGLE, "variables": {"nik": "3171010101900001"}}], 400),
        (
            {
                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}},
                "variables": {"nik": "3171010101900001"},
            },
            400,
        ),
    ],
    ids=["_entities", "batched", "persisted hash only"],
)
async def test_other_ways_in_are_closed(world: World, body: Any, status: int) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            world.system.gateway,
            json=body,
            headers={
                "accept": "application/graphql-response+json",
                "x-api-key": world.kemensos,
                "x-purpose": PURPOSE,
            },
        )
    assert response.status_code == status
    assert "data" not in response.json() or response.json()["data"] is None


async def test_no_trail_no_data(world: World) -> None:
    system = world.system
    consent = system.db["consent"]
    signature = "text, text, text, text, text, text, text[], text, text, text[], text[], integer, jsonb"
    await consent.execute(f"alter function record_access({signature}) rename to record_access_offline")
    try:
        response = await system.ask(
            SINGLE, {"nik": world.subjects["active"]}, key=world.kemensos, purpose=PURPOSE
        )
    finally:
        await consent.execute(f"alter function record_access_offline({signature}) rename to record_access")
    assert response.data["citizen"]["fullName"] is None and response.data["citizen"]["health"] is None
    assert {e["extensions"]["code"] for e in response.errors} == {"ACCESS_CHECK_FAILED"}


async def test_the_trail_verifies_after_all_of_it(world: World) -> None:
    report = await verify_access_log(world.system.db["consent"])
    assert report.problems == []
    assert await world.system.db["consent"].fetchval("select count(*) from access_log") > 100


async def test_introspection_shows_each_caller_what_it_may_query(world: World) -> None:
    system = world.system
    query = """{ __schema { queryType { fields { name } } mutationType { fields { name } } }
                 __type(name: "Citizen") { fields { name } } }"""

    async def seen(**options: Any) -> tuple[set[str], set[str], set[str]]:
        answer = await system.ask(query, **options)
        assert "errors" not in answer.body, answer.body
        schema = answer.data["__schema"]
        mutation = schema["mutationType"]
        citizen = answer.data["__type"]
        return (
            {f["name"] for f in schema["queryType"]["fields"]},
            {f["name"] for f in mutation["fields"]} if mutation else set(),
            {f["name"] for f in citizen["fields"]} if citizen else set(),
        )

    roots, mutations, citizen = await seen()
    assert {"regions", "schools", "purposes"} <= roots
    assert not roots & {"citizen", "citizens", "myConsents", "accessLog", "mandates"}
    assert mutations == set()
    assert citizen <= {"nik"}  # reachable as a type, nothing personal in it
    roots, mutations, citizen = await seen(key=await system.key("KEMENSOS", ("identity:read",)))
    assert {"citizen", "citizens", "accessLog"} <= roots and "mandates" not in roots
    assert {"fullName", "family"} <= citizen and not citizen & {"health", "education", "police"}
    roots, mutations, citizen = await seen(token=system.token(world.parent))
    assert {"myConsents", "myAccessLog", "citizen"} <= roots and "consents" not in roots
    assert {"grantConsent", "revokeConsent"} <= mutations and "createMandate" not in mutations
    assert {"health", "education", "police", "fullName"} <= citizen


async def test_the_standard_introspection_query_loads_for_every_kind_of_caller(world: World) -> None:
    """What GraphiQL, codegen tools and IDEs send, through the whole sealed system, with a real key
    and a real token: the schema loads and is the one the caller's introspection shows."""
    system = world.system
    standard = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    key = await system.key("KEMENSOS", ("identity:read", "health:read"))
    callers: list[dict[str, Any]] = [{}, {"key": key}, {"token": system.token(world.parent)}]
    for options in callers:
        answer = await system.ask(standard, **options)
        assert answer.status == 200 and "errors" not in answer.body, answer.body
        schema = build_client_schema(answer.data)
        roots = await system.ask("{ __schema { queryType { fields { name } } } }", **options)
        assert set(schema.query_type.fields) == {  # type: ignore[union-attr]
            f["name"] for f in roots.data["__schema"]["queryType"]["fields"]
        }
        assert "FRAGMENT_VARIABLE_DEFINITION" not in str(answer.body)
