"""Consent boundaries at execution: plans of the consent fixture (tests/gateway/planner/fixtures/
consent) run against fixture subgraphs over real HTTP, with a fake ``ExecutionAccess`` (the
real one reads the consent registry). What matters is what the subgraphs RECEIVED: a citizen the
caller may not see is never in the ``_entities`` representations of a guarded fetch."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import parse, validate

from gateway.access.caller import Caller, CallerKind
from gateway.compose import SubgraphSDL, compose
from gateway.executor import ALLOWED, Decisions, Denied, ExecutionAccess, execute_plan
from gateway.planner import build_plan
from gateway.planner.plan import Guard
from gateway.supergraph import Supergraph
from gateway.transport import AiohttpTransport

from .subgraphs import FixtureSubgraph, serve

FIXTURE = Path(__file__).parent.parent / "planner" / "fixtures" / "consent"
FAILED = "The access check could not be made; personal data was not returned."

PEOPLE: dict[str, dict[str, Any]] = {
    "1": {"nik": "1", "region": "Jakarta", "fullName": "Siti", "birthDate": "1980-01-01",
          "family": {"number": "K1", "members": [{"relation": "HEAD", "citizen": {"nik": "1"}},
                                                 {"relation": "CHILD", "citizen": {"nik": "2"}},
                                                 {"relation": "CHILD", "citizen": {"nik": "3"}}]}},
    "2": {"nik": "2", "region": "Bogor", "fullName": "Budi", "birthDate": "2010-02-02", "family": None},
    "3": {"nik": "3", "region": "Depok", "fullName": "Ani", "birthDate": "2012-03-03", "family": None},
    # a citizen whose record has no NIK: its representation names no subject
    "x": {"nik": None, "region": "?", "fullName": "Tanpa NIK", "birthDate": None, "family": None},
}
HEALTH = {"1": "A", "2": "B", "3": "O"}


def identity() -> FixtureSubgraph:
    return FixtureSubgraph(
        """
        type Query { citizen(nik: String!): Citizen  citizens(niks: [String!]!): [Citizen!]! }
        type Citizen { nik: String region: String fullName: String birthDate: String family: Family }
        type Family { number: String! members: [FamilyMember!]! }
        type FamilyMember { relation: String! citizen: Citizen! }
        """,
        {"Query.citizen": lambda _r, _i, nik: PEOPLE.get(nik),
         "Query.citizens": lambda _r, _i, niks: [PEOPLE[n] for n in niks]},
        {"Citizen": lambda rep: PEOPLE.get(rep["nik"])},
    )


def health() -> FixtureSubgraph:
    return FixtureSubgraph(
        """
        type Query { facility(code: String!): Facility }
        type Citizen { nik: String! fullName: String health: HealthRecord }
        type HealthRecord { bloodType: String facility: Facility }
        type Facility { code: String! name: String! patients: [Citizen!]! }
        """,
        {"Query.facility": lambda *_a, **_k: None},
        {"Citizen": lambda rep: {"nik": rep["nik"], "health": {"bloodType": HEALTH.get(rep["nik"])}}},
    )


def education() -> FixtureSubgraph:
    return FixtureSubgraph(
        """
        type Query { school(npsn: String!): School }
        type School { npsn: String! name: String! currentStudents: [Citizen!]! }
        type Citizen { nik: String! education: Education }
        type Education { level: String school: School }
        """,
        {"Query.school": lambda _r, _i, npsn: {
            "npsn": npsn, "name": "SD 1", "currentStudents": [{"nik": "2"}, {"nik": "3"}, {"nik": "2"}]}},
        {"Citizen": lambda rep: {"nik": rep["nik"], "education": {"level": "SD"}}},
    )


AGENCY = Caller(kind=CallerKind.AGENCY, agency="dinkes", key_id="k1", request_id="r1")


@dataclass
class FakeAccess:
    """Allows the NIKs listed per category; records every ``decide`` call."""

    allowed: dict[str, set[str]]
    caller: Caller = AGENCY
    fail: bool = False
    calls: list[tuple[Guard, tuple[str, ...]]] = field(default_factory=list)

    async def decide(self, guard: Guard, subjects: Sequence[str]) -> Decisions:
        self.calls.append((guard, tuple(subjects)))
        if self.fail:
            raise ConnectionError("consent registry unreachable")
        return {s: ALLOWED if s in self.allowed.get(guard.category, set())
                else Denied("CONSENT_REQUIRED", f"No consent for {guard.category} data.") for s in subjects}


class RecordingTransport(AiohttpTransport):
    """Records the caller each subgraph request was sent for."""

    def __init__(self) -> None:
        super().__init__(timeout=5.0)
        self.callers: list[Caller | None] = []

    async def post(
        self,
        url: str,
        body: bytes,
        *,
        shareable: bool = True,
        caller: Caller | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        self.callers.append(caller)
        return await super().post(url, body, shareable=shareable, caller=caller, headers=headers)


@dataclass
class World:
    identity: FixtureSubgraph
    health: FixtureSubgraph
    education: FixtureSubgraph
    supergraph: Supergraph
    transport: RecordingTransport

    async def run(
        self, query: str, access: ExecutionAccess | None
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        document = parse(query)
        assert validate(self.supergraph.api_schema, document) == []
        plan = build_plan(self.supergraph, document, None)
        return await execute_plan(plan, self.supergraph, {}, self.transport, access)

    def received(self, subgraph: FixtureSubgraph) -> list[list[str | None]]:
        """The NIKs of the ``_entities`` representations of each request ``subgraph`` received."""
        return [[r["nik"] for r in request["variables"]["representations"]]
                for request in subgraph.requests if "_entities" in request["query"]]


@asynccontextmanager
async def world() -> AsyncIterator[World]:
    subgraphs = (identity(), health(), education())
    names = ("identity", "health", "education")
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(serve(s)) for s in subgraphs]
        sdl = compose([SubgraphSDL(name, url, (FIXTURE / f"{name}.graphql").read_text())
                       for name, url in zip(names, urls, strict=True)])
        transport = RecordingTransport()
        stack.push_async_callback(transport.close)
        yield World(*subgraphs, Supergraph.parse(sdl), transport)


def error_paths(errors: list[dict[str, Any]], code: str) -> list[list[str | int]]:
    return sorted((e["path"] for e in errors if e["extensions"]["code"] == code), key=str)


async def test_denied_citizens_never_reach_the_subgraph() -> None:
    access = FakeAccess({"identity": {"1", "3"}, "health": {"2"}})
    async with world() as w:
        data, errors = await w.run(
            '{ citizens(niks: ["1", "2", "3"]) { nik region fullName health { bloodType } } }', access)
        assert w.received(w.identity) == [["1", "3"]]
        assert w.received(w.health) == [["2"]]
    # what was withheld is null in the merged data (a later @requires fetch is told so)
    assert data == {"citizens": [
        {"nik": "1", "region": "Jakarta", "__typename": "Citizen", "fullName": "Siti", "health": None},
        {"nik": "2", "region": "Bogor", "__typename": "Citizen", "fullName": None,
         "health": {"bloodType": "B"}},
        {"nik": "3", "region": "Depok", "__typename": "Citizen", "fullName": "Ani", "health": None},
    ]}
    assert sorted(errors, key=lambda e: str(e["path"])) == [
        {"message": "No consent for health data.", "path": ["citizens", 0, "health"],
         "extensions": {"code": "CONSENT_REQUIRED", "category": "health"}},
        {"message": "No consent for identity data.", "path": ["citizens", 1, "fullName"],
         "extensions": {"code": "CONSENT_REQUIRED", "category": "identity"}},
        {"message": "No consent for health data.", "path": ["citizens", 2, "health"],
         "extensions": {"code": "CONSENT_REQUIRED", "category": "health"}},
    ]


async def test_one_decision_per_step_whatever_the_number_of_citizens() -> None:
    access = FakeAccess({"identity": {"1", "2"}, "health": {"3"}})
    query = """{ citizen(nik: "1") { fullName family { members { relation
                 citizen { name: fullName born: birthDate health { bloodType } } } } } }"""
    async with world() as w:
        data, errors = await w.run(query, access)
        assert w.received(w.identity) == [["1"], ["1", "2"]]
        assert w.received(w.health) == [["3"]]
    steps = sorted((guard.category, subjects) for guard, subjects in access.calls)
    assert steps == [("health", ("1", "2", "3")), ("identity", ("1",)), ("identity", ("1", "2", "3"))]
    members = [m["citizen"] for m in data["citizen"]["family"]["members"]]
    assert [m.get("name") for m in members] == ["Siti", "Budi", None]
    assert [m.get("health") for m in members] == [None, None, {"bloodType": "O"}]
    assert error_paths(errors, "CONSENT_REQUIRED") == [
        ["citizen", "family", "members", 0, "citizen", "health"],
        ["citizen", "family", "members", 1, "citizen", "health"],
        ["citizen", "family", "members", 2, "citizen", "born"],
        ["citizen", "family", "members", 2, "citizen", "name"],
    ]
    member_guard = next(g for g, s in access.calls if g.category == "identity" and len(s) == 3)
    assert member_guard == Guard("Citizen", "nik", "identity", ("fullName", "birthDate"), ("name", "born"))


async def test_the_same_citizen_at_several_places_is_decided_and_sent_once() -> None:
    access = FakeAccess({"education": {"3"}})
    async with world() as w:
        data, errors = await w.run(
            '{ school(npsn: "S") { currentStudents { nik education { level } } } }', access)
        assert w.received(w.education) == [["3"]]
    guard = Guard("Citizen", "nik", "education", ("education",), ("education",))
    assert access.calls == [(guard, ("2", "3"))]
    assert [s.get("education") for s in data["school"]["currentStudents"]] == [None, {"level": "SD"}, None]
    assert error_paths(errors, "CONSENT_REQUIRED") == [
        ["school", "currentStudents", 0, "education"], ["school", "currentStudents", 2, "education"]]


async def test_every_citizen_denied_sends_nothing() -> None:
    access = FakeAccess({})
    async with world() as w:
        _, errors = await w.run('{ citizens(niks: ["1", "2"]) { fullName health { bloodType } } }', access)
        assert w.received(w.identity) == []
        assert w.health.requests == []
    assert len(access.calls) == 2
    assert len(error_paths(errors, "CONSENT_REQUIRED")) == 4


async def test_a_failed_check_denies_the_whole_step_and_sends_nothing() -> None:
    access = FakeAccess({"identity": {"1", "2"}}, fail=True)
    async with world() as w:
        data, errors = await w.run('{ citizens(niks: ["1", "2"]) { region fullName } }', access)
        assert w.received(w.identity) == []
        assert len(w.identity.requests) == 1  # the root fetch only
    assert len(access.calls) == 1
    assert data == {"citizens": [{"region": "Jakarta", "__typename": "Citizen", "nik": "1", "fullName": None},
                                 {"region": "Bogor", "__typename": "Citizen", "nik": "2", "fullName": None}]}
    assert errors == [
        {"message": FAILED, "path": ["citizens", i, "fullName"],
         "extensions": {"code": "ACCESS_CHECK_FAILED", "category": "identity"}}
        for i in (0, 1)
    ]


async def test_without_access_guarded_fetches_fail_closed() -> None:
    async with world() as w:
        data, errors = await w.run('{ citizen(nik: "1") { region fullName } }', None)
        assert w.received(w.identity) == []
        assert w.transport.callers == [None]
    assert data == {"citizen": {"region": "Jakarta", "__typename": "Citizen", "nik": "1", "fullName": None}}
    assert errors == [{"message": FAILED, "path": ["citizen", "fullName"],
                       "extensions": {"code": "ACCESS_CHECK_FAILED", "category": "identity"}}]


async def test_a_representation_without_a_subject_is_denied() -> None:
    access = FakeAccess({"identity": {"1"}})
    async with world() as w:
        _, errors = await w.run('{ citizens(niks: ["x", "1"]) { fullName } }', access)
        assert w.received(w.identity) == [["1"]]
    assert access.calls[0][1] == ("1",)  # no None subject is ever asked about
    assert errors == [{"message": FAILED, "path": ["citizens", 0, "fullName"],
                       "extensions": {"code": "ACCESS_CHECK_FAILED", "category": "identity"}}]


async def test_the_caller_goes_with_every_subgraph_request() -> None:
    access = FakeAccess({"identity": {"1", "2", "3"}, "health": {"1", "2", "3"}, "education": {"2"}})
    async with world() as w:
        await w.run(
            '{ citizen(nik: "1") { fullName family { members { citizen { health { bloodType } } } } } }',
            access)
        await w.run('{ school(npsn: "S") { name currentStudents { fullName education { level } } } }', access)
        sent = sum(len(s.requests) for s in (w.identity, w.health, w.education))
        assert sent == 6
        assert w.transport.callers == [access.caller] * sent
