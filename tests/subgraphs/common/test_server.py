"""The shared app factory over real HTTP: routes, status codes and error codes of bad requests."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from subgraphs.app import create_app
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import serve


@pytest.fixture(scope="module")
async def client(module_service_dsn: ServiceDsn) -> AsyncIterator[httpx.AsyncClient]:
    dsn = await module_service_dsn("police")
    async with serve(create_app("police", dsn)) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        yield client


async def test_health(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "service": "police"})


async def test_query_over_get_and_post(client: httpx.AsyncClient) -> None:
    query = "{ drivingLicenceClasses { licenceClass } }"
    by_get = await client.get("/graphql", params={"query": query})
    by_post = await client.post("/graphql", json={"query": query})
    assert by_get.status_code == by_post.status_code == 200
    assert by_get.json() == by_post.json()
    assert by_post.json()["data"]["drivingLicenceClasses"][0] == {"licenceClass": "A"}


async def test_a_mutation_over_get_is_405(client: httpx.AsyncClient) -> None:
    """GraphQL over HTTP (draft, "GET"): a mutation sent with GET MUST be answered 405 and not run;
    a 405 names the methods allowed (RFC 9110 §15.5.6)."""
    response = await client.get("/graphql", params={"query": "mutation { anything }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    other = await client.put("/graphql", json={"query": "{ __typename }"})
    assert other.status_code == 405
    assert other.headers["allow"] == "GET, POST"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"query": "{ drivingLicenceClasses { "}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ citizen { nik } }"}, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": "query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }"},
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ],
)
@pytest.mark.parametrize(
    ("accept", "status", "media"),
    [
        # GraphQL over HTTP draft, "application/graphql-response+json": request errors are 4xx
        ("application/graphql-response+json", 400, "application/graphql-response+json"),
        ("application/graphql-response+json, application/json", 400, "application/graphql-response+json"),
        # "application/json": a well-formed request is answered 200, the errors in the body
        ("application/json", 200, "application/json"),
        ("*/*", 200, "application/json"),
    ],
)
async def test_request_errors_have_a_code_no_data_and_the_status_of_the_media_type(
    client: httpx.AsyncClient, payload: dict[str, str], code: str, accept: str, status: int, media: str
) -> None:
    response = await client.post("/graphql", json=payload, headers={"accept": accept})
    assert response.status_code == status
    assert response.headers["content-type"].split(";")[0] == media
    body = response.json()
    assert "data" not in body
    assert [error["extensions"]["code"] for error in body["errors"]] == [code]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/graphql-response+json", "application/graphql-response+json"),
        ("application/json;q=0.9, application/graphql-response+json", "application/graphql-response+json"),
        ("application/json, application/graphql-response+json;q=0", "application/json"),
        ("text/html, */*;q=0.8", "application/json"),
    ],
)
async def test_an_executed_answer_has_the_media_type_asked_for(
    client: httpx.AsyncClient, accept: str, media: str
) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_unknown_typename_in_representations_is_bad_user_input(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        json={
            "query": "query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
            "variables": {"r": [{"__typename": "Nope", "nik": "3171011708450001"}]},
        },
    )
    body = response.json()
    assert response.status_code == 200
    assert body["data"] == {"_entities": [None]}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Traceback" not in response.text


async def test_health_is_503_when_the_database_is_gone(service_dsn: ServiceDsn, server_dsn: str) -> None:
    dsn = await service_dsn("police")
    name = dsn.split("?")[0].rsplit("/", 1)[1]
    async with serve(create_app("police", dsn)) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        assert (await client.get("/health")).status_code == 200
        admin = await asyncpg.connect(server_dsn)
        try:
            await admin.execute(f'alter database "{name}" with allow_connections false')
            await admin.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", name
            )
            response = await client.get("/health")
        finally:
            await admin.execute(f'alter database "{name}" with allow_connections true')
            await admin.close()
    assert (response.status_code, response.json()) == (503, {"status": "unavailable", "service": "police"})


async def test_collector_is_tuned_while_serving_and_restored_after(service_dsn: ServiceDsn) -> None:
    dsn = await service_dsn("police")
    before = gc.get_threshold()
    async with serve(create_app("police", dsn)):
        assert gc.get_threshold()[0] == 200_000
    assert gc.get_threshold() == before
