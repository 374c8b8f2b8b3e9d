"""Introspection through the gateway over real HTTP, for every supergraph the project has: the
standard query that GraphiQL, codegen tools and IDEs send (graphql-core's
``get_introspection_query`` with every option) must give a schema ``build_client_schema``
accepts and that equals the caller's API schema (docs/access.md, "Introspection"), anonymous
and with a key; named fragments at any depth below ``__schema``/``__type`` are answered; the
meta-schema is the spec's (https://spec.graphql.org/October2021/#sec-Schema-Introspection).

One uvicorn server serves every supergraph's gateway under ``/<name>/graphql``: introspection
needs no subgraph, so the subgraph URLs lead nowhere.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLSchema,
    build_client_schema,
    get_introspection_query,
    print_schema,
)

from gateway.access.caller import Caller, CallerKind
from gateway.access.introspection import visible_schema
from gateway.access.rights import Rights
from gateway.compose import SubgraphSDL, compose
from gateway.http import GraphQLHttp, Receive, Scope, Send
from gateway.pipeline import Pipeline
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from subgraphs.app import SERVICES
from tests.gateway.asgi import KeyAuthenticator
from tests.gateway.executor.subgraphs import serve

TESTS = Path(__file__).resolve().parents[1]
SPBE_SERVICES = SERVICES
#: the key's scopes: every scope any of our supergraphs asks for
KEY_SCOPES = frozenset(
    {
        "admin",
        "identity:read",
        "health:read",
        "education:read",
        "police:read",
        "statistics:read",
        "social:read",
        "social:outreach",
        "civilservice:read",
        "read:users",
        "read:cards",
    }
)
STANDARD = get_introspection_query(
    descriptions=True,
    specified_by_url=True,
    directive_is_repeatable=True,
    schema_description=True,
    input_value_deprecation=True,
)


def _spbe_supergraph() -> str:
    sdls = []
    for service in SPBE_SERVICES:
        schema = importlib.import_module(f"subgraphs.{service}.schema").schema
        result = schema.execute_sync("{ _service { sdl } }")
        assert result.errors is None, result.errors
        sdl = str(result.data["_service"]["sdl"])
        sdls.append(SubgraphSDL(service, f"http://127.0.0.1:9/{service}", sdl))
    return compose(sdls)


def _supergraphs() -> dict[str, str]:
    """Every supergraph file of the tests (compliance suites, planner and access fixtures,
    composition's expected outputs) and SPBE's own, by a name usable in a URL path."""
    found = {"spbe": _spbe_supergraph()}
    paths = [
        *sorted((TESTS / "federation" / "suites").glob("*/supergraph.graphql")),
        *sorted((TESTS / "gateway").glob("*/fixtures/*/supergraph.graphql")),
        *sorted((TESTS / "gateway").glob("*/fixtures/supergraph.graphql")),
        *sorted((TESTS / "gateway" / "compose" / "expected").glob("*.graphql")),
    ]
    for path in paths:
        name = "-".join(path.relative_to(TESTS).with_suffix("").parts)
        found[name] = path.read_text()
    return found


SUPERGRAPHS = _supergraphs()


def _constant(pipeline: Pipeline) -> Callable[[], Pipeline]:
    return lambda: pipeline


class _Gateways:
    """ASGI: ``/<name>/graphql`` goes to the gateway of supergraph ``name``."""

    def __init__(self) -> None:
        self.pipelines: dict[str, Pipeline] = {}
        self.apps: dict[str, GraphQLHttp] = {}
        settings = Settings()
        for name, sdl in SUPERGRAPHS.items():
            pipeline = Pipeline(Supergraph.parse(sdl), build_plan, transport=None)  # type: ignore[arg-type]
            self.pipelines[name] = pipeline
            authenticator = KeyAuthenticator({"all": KEY_SCOPES})
            self.apps[name] = GraphQLHttp(settings, _constant(pipeline), authenticator)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = scope["path"].split("/")[1]
        await self.apps[name]({**scope, "path": "/graphql"}, receive, send)


@dataclass
class Served:
    base: str
    client: httpx.AsyncClient
    gateways: _Gateways

    async def ask(self, name: str, query: str, key: str | None = None) -> dict[str, Any]:
        headers = {"x-api-key": key} if key else {}
        url = f"{self.base}/{name}/graphql"
        response = await self.client.post(url, json={"query": query}, headers=headers)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def expected(self, name: str, key: str | None) -> GraphQLSchema:
        """The API schema as the caller sees it."""
        pipeline = self.gateways.pipelines[name]
        if pipeline.auth_rules is None:
            return pipeline.schema
        caller = Caller(kind=CallerKind.AGENCY, agency="test", key_id=key, scopes=KEY_SCOPES) if key else None
        rights = Rights.of(caller) if caller else Rights.of(Caller(kind=CallerKind.ANONYMOUS))
        return visible_schema(pipeline.schema, pipeline.auth_rules, rights)


@pytest.fixture(scope="module")
async def served() -> AsyncIterator[Served]:
    gateways = _Gateways()
    async with serve(gateways) as url, httpx.AsyncClient(timeout=30) as client:
        yield Served(url.removesuffix("/graphql"), client, gateways)
    for app in gateways.apps.values():
        await app.aclose()


@pytest.mark.parametrize("key", [None, "all"], ids=["anonymous", "key"])
@pytest.mark.parametrize("name", sorted(SUPERGRAPHS))
async def test_the_standard_introspection_query_gives_the_callers_api_schema(
    served: Served, name: str, key: str | None
) -> None:
    answer = await served.ask(name, STANDARD, key)
    assert "errors" not in answer, answer["errors"]
    schema = build_client_schema(answer["data"])  # raises on anything a client cannot load
    assert print_schema(schema) == print_schema(served.expected(name, key))


async def test_named_fragments_below_type_at_any_depth(served: Served) -> None:
    query = """
    { ...Root }
    fragment Root on Query { __type(name: "Citizen") { ...T } }
    fragment T on __Type { name kind fields { ...F } }
    fragment F on __Field { name type { ...Ref } }
    fragment Ref on __Type { kind name ofType { ...Inner } }
    fragment Inner on __Type { kind name }
    """
    answer = await served.ask("spbe", query, "all")
    found = answer["data"]["__type"]
    assert (found["name"], found["kind"]) == ("Citizen", "OBJECT")
    nik = next(f for f in found["fields"] if f["name"] == "nik")
    assert nik["type"] == {"kind": "NON_NULL", "name": None, "ofType": {"kind": "SCALAR", "name": "String"}}


async def test_the_meta_schema_is_the_specs(served: Served) -> None:
    query = '{ __type(name: "__DirectiveLocation") { enumValues { name } } }'
    answer = await served.ask("spbe", query)
    names = [v["name"] for v in answer["data"]["__type"]["enumValues"]]
    assert names == [  # October 2021, §4.5 "__DirectiveLocation": no experimental locations
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD",
        "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION",
        "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT",
        "INPUT_FIELD_DEFINITION",
    ]
    standard = await served.ask("spbe", STANDARD)
    types = {t["name"]: t for t in standard["data"]["__schema"]["types"]}
    listed = [v["name"] for v in types["__DirectiveLocation"]["enumValues"]]
    assert listed == names
    directive = types["__Directive"]
    locations = next(f for f in directive["fields"] if f["name"] == "locations")
    assert locations["type"]["ofType"]["ofType"]["ofType"]["name"] == "__DirectiveLocation"
