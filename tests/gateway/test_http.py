"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) against the gateway
served by uvicorn, in front of fixture subgraphs over real HTTP."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from gateway.app import GatewayApp
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import FixtureSubgraph, serve

GRAPHQL_RESPONSE = "application/graphql-response+json"


@dataclass
class Served:
    url: str
    client: httpx.AsyncClient
    products: FixtureSubgraph
    accounts: FixtureSubgraph

    async def post(self, body: Any, accept: str = "application/json", **headers: str) -> httpx.Response:
        return await self.client.post(self.url, json=body, headers={"accept": accept, **headers})


@asynccontextmanager
async def gateway(
    settings: Settings | None = None, planner: Any = None, delay: float = 0.0
) -> AsyncIterator[Served]:
    subgraphs = (shop.accounts(), shop.products(delay=delay), shop.reviews())
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(serve(s)) for s in subgraphs]
        app = GatewayApp(
            settings or Settings(), Supergraph.parse(shop.supergraph_sdl(*urls)), planner or build_plan
        )
        stack.push_async_callback(app.transport.close)
        url = await stack.enter_async_context(serve(app))
        client = await stack.enter_async_context(httpx.AsyncClient(timeout=10))
        yield Served(url, client, subgraphs[1], subgraphs[0])


@pytest.fixture(scope="module")
async def served() -> AsyncIterator[Served]:
    async with gateway() as running:
        yield running


async def test_post_json_runs_the_query(served: Served) -> None:
    response = await served.post({"query": '{ product(upc: "p1") { name reviews { body } } }'})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "data": {"product": {"name": "Batik", "reviews": [{"body": "Bagus"}, {"body": "Mantap"}]}}
    }


async def test_get_runs_queries_and_refuses_mutations(served: Served) -> None:
    ok = await served.client.get(
        served.url,
        params={"query": "query($u: String!) { product(upc: $u) { name } }", "variables": '{"u": "p2"}'},
    )
    assert ok.status_code == 200
    assert ok.json() == {"data": {"product": {"name": "Kopi"}}}
    refused = await served.client.get(served.url, params={"query": 'mutation { addUser(name: "X") { id } }'})
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, POST"
    assert refused.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_typename_needs_no_subgraph(served: Served) -> None:
    before = len(served.products.requests) + len(served.accounts.requests)
    response = await served.post({"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}
    assert len(served.products.requests) + len(served.accounts.requests) == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "The request body is not valid JSON."),
        (b"[1, 2]", "The request body must be a JSON object."),
        (b'{"variables": {}}', "Must provide a query string."),
        (b'{"query": "{ __typename }", "variables": [1]}', "variables must be a JSON object."),
        (b'{"query": "{ __typename }", "operationName": 3}', "operationName must be a string."),
    ],
)
@pytest.mark.parametrize("accept", ["application/json", GRAPHQL_RESPONSE])
async def test_malformed_requests_are_400_bad_request(
    served: Served, body: bytes, message: str, accept: str
) -> None:
    response = await served.client.post(
        served.url, content=body, headers={"content-type": "application/json", "accept": accept}
    )
    assert response.status_code == 400
    assert response.json() == {"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]}


@pytest.mark.parametrize(
    ("body", "code", "status_for_graphql_response"),
    [
        ({"query": "{ product(upc: "}, "GRAPHQL_PARSE_FAILED", 400),
        ({"query": '{ product(upc: "p1") { nope } }'}, "GRAPHQL_VALIDATION_FAILED", 400),
        (
            {"query": "query($u: String!) { product(upc: $u) { name } }", "variables": {"u": 5}},
            "BAD_USER_INPUT",
            400,
        ),
        ({"query": "query A { __typename }", "operationName": "B"}, "OPERATION_RESOLUTION_FAILURE", 400),
    ],
)
async def test_graphql_request_errors_status_depends_on_the_media_type(
    served: Served, body: dict[str, Any], code: str, status_for_graphql_response: int
) -> None:
    as_json = await served.post(body)
    assert as_json.status_code == 200
    assert as_json.json()["errors"][0]["extensions"]["code"] == code
    as_graphql = await served.post(body, accept=GRAPHQL_RESPONSE)
    assert as_graphql.status_code == status_for_graphql_response
    assert as_graphql.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert as_graphql.json() == as_json.json()


async def test_validation_failures_answer_errors_with_locations_and_no_data(served: Served) -> None:
    response = await served.post({"query": '{ product(upc: "p1") { nope } }'})
    body = response.json()
    assert "data" not in body  # spec §7.1.1: an error before execution leaves "data" out
    assert body["errors"][0]["locations"] == [{"line": 1, "column": 24}]
    assert "nope" in body["errors"][0]["message"]


#: one document per kind of error raised before execution (spec §5 "Validation", §6.1), with
#: its variables and the code the gateway answers it with
_BEFORE_EXECUTION = [
    ('{ product(upc: "p1") { nope } }', None, "GRAPHQL_VALIDATION_FAILED"),  # unknown field
    ('{ product(upc: "p1", size: 2) { name } }', None, "GRAPHQL_VALIDATION_FAILED"),  # unknown argument
    ("{ product { name } }", None, "GRAPHQL_VALIDATION_FAILED"),  # missing required argument
    ('{ product(upc: "p1") { ...Nope } }', None, "GRAPHQL_VALIDATION_FAILED"),  # unknown fragment
    ('{ product(upc: "p1") { name } } fragment F on Product { name }', None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ product(upc: $u) { name } }", None, "GRAPHQL_VALIDATION_FAILED"),  # undefined variable
    ('query($u: String) { product(upc: "p1") { name } }', None, "GRAPHQL_VALIDATION_FAILED"),  # unused
    ("query($u: Int!) { product(upc: $u) { name } }", {"u": 1}, "GRAPHQL_VALIDATION_FAILED"),  # wrong type
    ('query($u: Nope) { product(upc: "p1") { name } }', None, "GRAPHQL_VALIDATION_FAILED"),  # unknown type
    ('{ product(upc: "p1") { name @nope } }', None, "GRAPHQL_VALIDATION_FAILED"),  # unknown directive
    ("{ product(upc: 1) { name } }", None, "GRAPHQL_VALIDATION_FAILED"),  # literal of the wrong type
    ('{ product(upc: "p1") }', None, "GRAPHQL_VALIDATION_FAILED"),  # object without selections
    ("{ product(upc: ", None, "GRAPHQL_PARSE_FAILED"),
    ("query($u: String!) { product(upc: $u) { name } }", {"u": 5}, "BAD_USER_INPUT"),
    ("query($u: String!) { product(upc: $u) { name } }", {}, "BAD_USER_INPUT"),
    ("query A { __typename } query B { __typename }", None, "OPERATION_RESOLUTION_FAILURE"),
]


@pytest.mark.parametrize(("query", "variables", "code"), _BEFORE_EXECUTION)
@pytest.mark.parametrize("accept", ["application/json", GRAPHQL_RESPONSE])
async def test_errors_before_execution_never_carry_data(
    served: Served, query: str, variables: dict[str, Any] | None, code: str, accept: str
) -> None:
    before = len(served.products.requests)
    response = await served.post({"query": query, "variables": variables}, accept=accept)
    assert response.status_code == (400 if accept == GRAPHQL_RESPONSE else 200)
    body = response.json()
    assert list(body) == ["errors"]
    assert {e["extensions"]["code"] for e in body["errors"]} == {code}
    assert len(served.products.requests) == before


@pytest.mark.parametrize(
    "query",
    [
        'query($u: String = "p1") { product(upc: $u) { name } }',
        'query($u: String = "p1") { ...P } fragment P on Query { product(upc: $u) { name } }',
        'query($u: String = "p1", $s: Boolean = false) { product(upc: $u) @skip(if: $s) { name } }',
    ],
)
async def test_an_explicit_null_for_a_non_null_argument_is_the_callers_mistake(
    served: Served, query: str
) -> None:
    before = len(served.products.requests)
    refused = await served.post({"query": query, "variables": {"u": None}}, accept=GRAPHQL_RESPONSE)
    assert refused.status_code == 400
    assert refused.json() == {
        "errors": [
            {
                "message": 'Variable "$u" is null, but it is used where a non-null value of type "String!" '
                "is needed.",
                "locations": [{"line": 1, "column": query.index("upc: $u") + 6}],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ]
    }
    assert len(served.products.requests) == before  # answered by the gateway, no subgraph asked
    defaulted = await served.post({"query": query, "variables": {}})
    assert defaulted.json() == {"data": {"product": {"name": "Batik"}}}


async def test_a_null_variable_in_a_skipped_field_or_a_nullable_position_is_fine(served: Served) -> None:
    skipped = 'query($u: String = "p1", $s: Boolean!) { product(upc: $u) @skip(if: $s) { name } __typename }'
    response = await served.post({"query": skipped, "variables": {"u": None, "s": True}})
    assert response.json() == {"data": {"__typename": "Query"}}
    nullable = "query($f: Int = 1) { topProducts(first: $f) { upc } }"
    response = await served.post({"query": nullable, "variables": {"f": None}})
    assert "errors" not in response.json()


async def test_media_types_sizes_and_paths(served: Served) -> None:
    wrong_type = await served.client.post(
        served.url, content=b"{ __typename }", headers={"content-type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    not_acceptable = await served.post({"query": "{ __typename }"}, accept="text/html")
    assert not_acceptable.status_code == 406
    huge = await served.post({"query": "{ __typename }", "variables": {"x": "a" * (2 << 20)}})
    assert huge.status_code == 413
    assert huge.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    health = await served.client.get(served.url.replace("/graphql", "/health"))
    assert health.json() == {"status": "ok"}
    missing = await served.client.get(served.url.replace("/graphql", "/nowhere"))
    assert missing.status_code == 404


async def test_introspection_is_answered_from_the_api_schema(served: Served) -> None:
    response = await served.post(
        {
            "query": '{ __schema { queryType { name } } color: __type(name: "Color") { enumValues { name } } '
            'join: __type(name: "join__Graph") { name } }'
        }
    )
    assert response.json() == {
        "data": {
            "__schema": {"queryType": {"name": "Query"}},
            "color": {"enumValues": [{"name": "RED"}, {"name": "GREEN"}]},
            "join": None,
        }
    }


async def test_query_plans_are_shown_only_to_debugging_callers(served: Served) -> None:
    query = {"query": '{ product(upc: "p1") { name reviews { body } } }'}
    hidden = await served.post(query, **{"Apollo-Query-Plan-Experimental": "1"})
    assert "extensions" not in hidden.json()
    async with gateway(Settings(debug_plans=True)) as debugging:
        shown = (await debugging.post(query, **{"X-SPBE-Debug-Plan": "1"})).json()
    plan = shown["extensions"]["queryPlan"]
    assert plan["text"].startswith("QueryPlan {")
    assert 'Fetch(service: "products")' in plan["text"]
    assert plan["json"]["kind"] == "QueryPlan"


async def test_identical_queries_in_flight_share_one_execution() -> None:
    query = {"query": "{ topProducts(first: 1) { name } }"}
    async with gateway(Settings(dedup_outbound=False), delay=0.5) as running:
        answers = await asyncio.gather(*(running.post(query) for _ in range(5)))
        assert {a.text for a in answers} == {'{"data":{"topProducts":[{"name":"Batik"}]}}'}
        assert len(running.products.requests) == 1
        # callers that differ in anything that can change the answer (here the purpose) never share
        await asyncio.gather(
            running.post(query, **{"X-Purpose": "HEALTH_SERVICE"}),
            running.post(query, **{"X-Purpose": "STATISTICS"}),
        )
        assert len(running.products.requests) == 3
        # a credential that is not accepted is refused before anything runs, never anonymous
        refused = await running.post(query, authorization="Bearer spbe_unknown")
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert refused.headers["www-authenticate"].startswith("Bearer")
        assert len(running.products.requests) == 3
    async with gateway(Settings(dedup_inbound=False, dedup_outbound=False), delay=0.5) as running:
        await asyncio.gather(*(running.post(query) for _ in range(3)))
        assert len(running.products.requests) == 3


async def test_internal_errors_say_only_that_something_failed_with_the_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(_supergraph: Any, _document: Any, name: str | None, **_: Any) -> Any:
        if name == "Odd":
            return "not a plan"  # an unexpected exception further on, outside any stage's errors
        raise RuntimeError("secret internals")

    async with gateway(planner=broken) as running:
        with caplog.at_level(logging.ERROR):
            response = await running.post({"query": "{ topProducts { name } }"}, **{"x-request-id": "rid-7"})
            odd = await running.post({"query": "query Odd { topProducts { name } }"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "rid-7"
    assert response.json() == {
        "errors": [
            {
                "message": "The gateway could not plan this operation.",
                "extensions": {"code": "QUERY_PLANNING_FAILED", "requestId": "rid-7"},
            }
        ]
    }
    assert odd.status_code == 500
    rid = odd.headers["x-request-id"]
    internal = {"code": "INTERNAL_SERVER_ERROR", "requestId": rid}
    assert odd.json() == {"errors": [{"message": "Internal server error.", "extensions": internal}]}
    logged = [r.getMessage() for r in caplog.records if r.name == "gateway.http"]
    # the log has what the client does not: the request id beside the detail
    assert any("rid-7" in line and "RuntimeError: secret internals" in line for line in logged)
    assert any(rid in line and "AttributeError" in line for line in logged)


async def test_introspection_beside_subgraph_fields(served: Served) -> None:
    response = await served.post({"query": '{ t: __type(name: "User") { name } me { name } __typename }'})
    assert response.json() == {"data": {"t": {"name": "User"}, "me": {"name": "Ada"}, "__typename": "Query"}}


async def test_get_with_broken_variables_or_other_methods(served: Served) -> None:
    broken = await served.client.get(served.url, params={"query": "{ __typename }", "variables": "{nope"})
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["message"] == "The variables parameter is not valid JSON."
    put = await served.client.put(served.url, json={"query": "{ __typename }"})
    assert put.status_code == 405
    assert put.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
