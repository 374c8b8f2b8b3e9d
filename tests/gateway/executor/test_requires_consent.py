"""``@requires`` on guarded facts of other subgraphs at execution (docs/query-planning.md, "Consent
boundaries"; docs/social.md, "The gap view"): plans of the fixture tests/gateway/planner/fixtures/
gaps run against fixture subgraphs over real HTTP, with the fake ``ExecutionAccess`` of
test_consent.py. A fact withheld (consent denied, its subgraph down) reaches the requiring
subgraph as ``null``, so it can say the fact is missing, instead of the citizen silently dropping
out of the requiring fetch."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

from graphql import OperationDefinitionNode, parse, validate

from gateway.compose import SubgraphSDL, compose
from gateway.executor import ShapeProgram, execute_plan
from gateway.pipeline import coerce_variables
from gateway.planner import build_plan
from gateway.supergraph import Supergraph

from .subgraphs import FixtureSubgraph, closed_url, serve
from .test_consent import FakeAccess, RecordingTransport

FIXTURE = Path(__file__).parent.parent / "planner" / "fixtures" / "gaps"
NAMES = ("identity", "health", "education", "social")
NIKS = ("1", "2", "3")


def _gaps(rep: dict[str, Any]) -> list[str]:
    """What the fixture social decides: a gap per fact that says so, ``?`` per fact missing."""
    out = []
    for fact, gap in (("missingDoses", "IMMUNIZATION"), ("insured", "PBI"), ("enrolled", "SCHOOL")):
        value = rep[fact]  # a KeyError here fails the test: the fact must be sent, null or not
        if value is None:
            out.append(f"?{gap}")
        elif (fact == "missingDoses" and value > 0) or (fact != "missingDoses" and not value):
            out.append(gap)
    return out


def subgraphs() -> tuple[FixtureSubgraph, ...]:
    return (
        FixtureSubgraph(
            "type Query { citizen(nik: String!): Citizen }\ntype Citizen { nik: String! fullName: String }",
            {"Query.citizen": lambda _r, _i, nik: {"nik": nik}},
            {"Citizen": lambda rep: {"nik": rep["nik"], "fullName": f"Warga {rep['nik']}"}},
        ),
        FixtureSubgraph(
            "type Query { version: String }\n"
            "type Citizen { nik: String! missingDoses: Int insured: Boolean health: HealthRecord }\n"
            "type HealthRecord { bloodType: String }",
            None,
            {"Citizen": lambda rep: {"nik": rep["nik"], "missingDoses": 2, "insured": True}},
        ),
        FixtureSubgraph(
            "type Query { version: String }\ntype Citizen { nik: String! enrolled: Boolean }",
            None,
            {"Citizen": lambda rep: {"nik": rep["nik"], "enrolled": False}},
        ),
        FixtureSubgraph(
            "type Query { candidates(region: String!): [Citizen!]! }\n"
            "type Citizen { nik: String! gaps: [String!] decile: Int }",
            {"Query.candidates": lambda *_a, **_k: [{"nik": n} for n in NIKS]},
            {"Citizen": lambda rep: {"nik": rep["nik"], "gaps": _gaps(rep)}},
        ),
    )


@asynccontextmanager
async def system(*, education_down: bool = False) -> AsyncIterator[tuple[tuple[FixtureSubgraph, ...], Any]]:
    fixtures = subgraphs()
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(serve(s)) for s in fixtures]
        if education_down:
            urls[2] = closed_url()
        sdl = compose([SubgraphSDL(name, url, (FIXTURE / f"{name}.graphql").read_text())
                       for name, url in zip(NAMES, urls, strict=True)])
        transport = RecordingTransport()
        stack.push_async_callback(transport.close)

        async def run(query: str, access: FakeAccess) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
            supergraph = Supergraph.parse(sdl)
            document = parse(query)
            assert validate(supergraph.api_schema, document) == []
            plan = build_plan(supergraph, document, None)
            data, errors = await execute_plan(plan, supergraph, {}, transport, access)
            api = supergraph.api_schema
            operation = document.definitions[0]
            assert isinstance(operation, OperationDefinitionNode)
            program = ShapeProgram(api, document, operation, coerce_variables(api, operation, None))
            return program.run(data, errors)

        yield fixtures, run


def _sent(subgraph: FixtureSubgraph) -> list[dict[str, Any]]:
    return [r for request in subgraph.requests if "_entities" in request["query"]
            for r in request["variables"]["representations"]]


EVERYONE = set(NIKS)
QUERY = '{ candidates(region: "3273") { nik gaps } }'


async def test_a_fact_whose_consent_is_denied_reaches_the_requiring_subgraph_as_null() -> None:
    access = FakeAccess({"health": {"1", "3"}, "education": EVERYONE, "social": EVERYONE})
    async with system() as (fixtures, run):
        data, errors = await run(QUERY, access)
    health, social = fixtures[1], fixtures[3]
    assert [r["nik"] for r in _sent(health)] == ["1", "3"]  # citizen 2's health is never asked
    assert {r["nik"]: (r["missingDoses"], r["insured"]) for r in _sent(social)} == {
        "1": (2, True), "2": (None, None), "3": (2, True)
    }
    assert data == {"candidates": [
        {"nik": "1", "gaps": ["IMMUNIZATION", "SCHOOL"]},
        {"nik": "2", "gaps": ["?IMMUNIZATION", "?PBI", "SCHOOL"]},
        {"nik": "3", "gaps": ["IMMUNIZATION", "SCHOOL"]},
    ]}
    assert {(tuple(e["path"]), e["extensions"]["code"]) for e in errors} == {
        (("candidates", 1, "missingDoses"), "CONSENT_REQUIRED"),
        (("candidates", 1, "insured"), "CONSENT_REQUIRED"),
    }
    assert sorted(guard.category for guard, _ in access.calls) == ["education", "health", "social"]


async def test_a_fact_whose_subgraph_is_down_reaches_the_requiring_subgraph_as_null() -> None:
    access = FakeAccess({"health": EVERYONE, "education": EVERYONE, "social": EVERYONE})
    async with system(education_down=True) as (fixtures, run):
        data, errors = await run(QUERY, access)
    assert [r["enrolled"] for r in _sent(fixtures[3])] == [None, None, None]
    assert data == {"candidates": [{"nik": n, "gaps": ["IMMUNIZATION", "?SCHOOL"]} for n in NIKS]}
    assert {e["extensions"]["code"] for e in errors} == {"SUBGRAPH_UNAVAILABLE"}


async def test_the_requiring_field_is_still_behind_its_own_boundary() -> None:
    access = FakeAccess({"health": EVERYONE, "education": EVERYONE, "social": {"2"}})
    async with system() as (fixtures, run):
        data, _ = await run(QUERY, access)
    assert [r["nik"] for r in _sent(fixtures[3])] == ["2"]
    assert data is not None
    assert [c["gaps"] for c in data["candidates"]] == [None, ["IMMUNIZATION", "SCHOOL"], None]
