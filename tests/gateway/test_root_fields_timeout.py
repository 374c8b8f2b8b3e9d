"""More limits: root fields per operation (validation) and the execution timeout (504)."""

from __future__ import annotations

import pytest

from gateway.__main__ import parse_args
from gateway.errors import ValidationError
from gateway.limits import Limits
from gateway.settings import Settings
from tests.gateway.asgi import URL, client
from tests.gateway.test_http import gateway
from tests.gateway.test_limits import pipeline

GRAPHQL_RESPONSE = "application/graphql-response+json"
THREE = '{ a: product(upc: "p1") { name } b: product(upc: "p2") { name } me { name } __typename }'


def test_root_fields_at_the_limit_pass_and_one_more_is_refused() -> None:
    assert pipeline(Limits(max_root_fields=3)).document(THREE)
    with pytest.raises(ValidationError) as refused:
        pipeline(Limits(max_root_fields=2)).document(THREE)
    [error] = refused.value.errors()
    assert error["message"] == "The operation selects 3 root fields; the limit is 2."
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert pipeline(Limits(max_root_fields=0)).document(THREE)


def test_root_fields_are_counted_through_fragments() -> None:
    query = (
        'query Many { ...F ... on Query { me { name } } product(upc: "p1") { name } }'
        " fragment F on Query { topProducts { name } me { id } }"
    )
    with pytest.raises(ValidationError) as refused:
        pipeline(Limits(max_root_fields=3)).document(query)
    assert refused.value.errors()[0]["message"] == 'Operation "Many" selects 4 root fields; the limit is 3.'


async def test_too_many_root_fields_over_http() -> None:
    async with client(Settings(max_root_fields=2)) as http:
        as_json = await http.post(URL, json={"query": THREE})
        as_graphql = await http.post(URL, json={"query": THREE}, headers={"accept": GRAPHQL_RESPONSE})
    assert as_json.status_code == 200
    assert as_graphql.status_code == 400
    body = as_graphql.json()
    assert "data" not in body
    assert body["errors"][0]["message"] == "The operation selects 3 root fields; the limit is 2."


async def test_execution_past_the_timeout_is_504_gateway_timeout() -> None:
    query = {"query": "{ topProducts(first: 1) { name } }"}
    async with gateway(Settings(execution_timeout=0.1), delay=0.4) as running:
        for accept in ("application/json", GRAPHQL_RESPONSE):
            response = await running.post(query, accept=accept)
            assert response.status_code == 504
            assert response.json() == {
                "errors": [
                    {
                        "message": "The request did not finish within 0.1 s.",
                        "extensions": {
                            "code": "GATEWAY_TIMEOUT",
                            "requestId": response.headers["x-request-id"],
                        },
                    }
                ]
            }
        fast = await running.post({"query": "{ __typename }"})
        assert fast.json() == {"data": {"__typename": "Query"}}


def test_settings_from_the_command_line_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (Settings().max_root_fields, Settings().execution_timeout) == (100, 60.0)
    monkeypatch.setenv("SPBE_GATEWAY_EXECUTION_TIMEOUT", "12.5")
    settings = parse_args(["--supergraph", "x", "--max-root-fields", "7"])
    assert (settings.max_root_fields, settings.execution_timeout) == (7, 12.5)
    assert parse_args(["--supergraph", "x", "--execution-timeout", "3"]).execution_timeout == 3.0
