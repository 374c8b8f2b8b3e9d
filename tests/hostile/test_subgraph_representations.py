"""Malformed ``_entities`` representations sent straight to a subgraph (issue 9, item 10), and
too many of them (item 1): the caller's mistake, answered ``BAD_USER_INPUT`` naming the problem,
logged at most as a warning; never ``INTERNAL_SERVER_ERROR`` or an ERROR line.

Every case runs over real HTTP against the police and identity subgraphs (one server each for the
module), within a time bound, and a well-formed representation sent alongside still resolves.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from subgraphs.app import create_app
from subgraphs.common.limits import SubgraphLimits
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import StatementLog, serve

ENTITIES = "query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Citizen { nik } } }"
NIK = "3171011708450001"
GOOD = {"__typename": "Citizen", "nik": NIK}

#: Each malformed representation -> words the error message must contain.
MALFORMED: dict[str, tuple[Any, tuple[str, ...]]] = {
    "wrong __typename": ({"__typename": "Nope", "nik": NIK}, ("'Nope'", "not an entity", "Citizen")),
    "a type that is not an entity": (
        {"__typename": "PoliceRecord", "nik": NIK},
        ("'PoliceRecord'", "not an entity"),
    ),
    "no __typename": ({"nik": NIK}, ("__typename",)),
    "__typename not a string": ({"__typename": 7, "nik": NIK}, ("__typename",)),
    "missing key": ({"__typename": "Citizen"}, ("key field", "nik")),
    "a string instead of an object": ("Citizen", ("not an object",)),
    "a list instead of an object": ([GOOD], ("not an object",)),
    "null key": ({"__typename": "Citizen", "nik": None}, ("nik", "String")),
    "key of the wrong type": (
        {"__typename": "Citizen", "nik": 3171011708450001},
        ("nik", "String", "number"),
    ),
    "key as an object": ({"__typename": "Citizen", "nik": {"nik": NIK}}, ("nik", "String", "object")),
    "a field that is not a key": ({**GOOD, "police": {}}, ("police", "not a key field")),
}

#: Time bound of one hostile request, seconds.
BOUND = 5.0


@pytest.fixture(scope="module")
async def subgraphs(module_service_dsn: ServiceDsn) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    clients: dict[str, httpx.AsyncClient] = {}
    police = await module_service_dsn("police")
    identity = await module_service_dsn("identity")
    async with (
        serve(create_app("police", police)) as police_url,
        serve(create_app("identity", identity)) as identity_url,
        httpx.AsyncClient(base_url=police_url, timeout=BOUND) as clients["police"],
        httpx.AsyncClient(base_url=identity_url, timeout=BOUND) as clients["identity"],
    ):
        yield clients


async def _entities(client: httpx.AsyncClient, representations: list[Any]) -> httpx.Response:
    payload = {"query": ENTITIES, "variables": {"r": representations}}
    return await asyncio.wait_for(client.post("/graphql", json=payload), BOUND)


@pytest.mark.parametrize("service", ["police", "identity"])
@pytest.mark.parametrize("case", list(MALFORMED))
async def test_a_malformed_representation_is_bad_user_input(
    subgraphs: dict[str, httpx.AsyncClient], service: str, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    representation, words = MALFORMED[case]
    with caplog.at_level(logging.DEBUG):
        response = await _entities(subgraphs[service], [GOOD, representation])
    assert response.status_code == 200
    body = response.json()
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["path"] == ["_entities", 1]
    assert error["message"].startswith("Representation 1 ")
    for word in words:
        assert word in error["message"], error["message"]
    assert NIK not in error["message"]
    # the well-formed representation beside it is answered (identity's database is empty: null)
    expected_first = {"__typename": "Citizen", "nik": NIK} if service == "police" else None
    assert body["data"]["_entities"] == [expected_first, None]
    assert "Traceback" not in response.text
    assert [r for r in caplog.records if r.levelno > logging.WARNING] == []


async def test_too_many_representations_are_refused_before_any_work(
    module_service_dsn: ServiceDsn, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 9's reproduction: 50,000 representations to police took 4.4 s and 300 MB."""
    log = StatementLog()
    dsn = await module_service_dsn("police")
    count = 50_000
    query = (
        "query ($r: [_Any!]!) { _entities(representations: $r)"
        " { ... on Citizen { police { vehicles { plate } } } } }"
    )
    representations = [{"__typename": "Citizen", "nik": NIK}] * count
    async with (
        serve(create_app("police", dsn, connection_init=log.init)) as url,
        httpx.AsyncClient(base_url=url, timeout=BOUND) as client,
    ):
        started = time.perf_counter()
        with caplog.at_level(logging.DEBUG):
            payload = {"query": query, "variables": {"r": representations}}
            response = await asyncio.wait_for(client.post("/graphql", json=payload), BOUND)
        elapsed = time.perf_counter() - started
        # and it still answers a normal request promptly
        normal = await asyncio.wait_for(
            client.post("/graphql", json={"query": ENTITIES, "variables": {"r": [GOOD]}}), 2
        )
    limit = SubgraphLimits().max_representations
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "maxRepresentations": limit}
    assert error["message"] == (
        f"An _entities call may carry at most {limit} representations; this one carries {count}."
    )
    assert log.statements == []
    assert elapsed < 2.0
    assert normal.json() == {"data": {"_entities": [GOOD]}}
    assert [r for r in caplog.records if r.levelno > logging.WARNING] == []


async def test_the_cap_is_a_setting(module_service_dsn: ServiceDsn) -> None:
    dsn = await module_service_dsn("police")
    limits = SubgraphLimits(max_representations=2)
    async with (
        serve(create_app("police", dsn, limits=limits)) as url,
        httpx.AsyncClient(base_url=url, timeout=BOUND) as client,
    ):
        two = await _entities(client, [GOOD, GOOD])
        three = await _entities(client, [GOOD, GOOD, GOOD])
    assert two.json() == {"data": {"_entities": [GOOD, GOOD]}}
    assert three.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "maxRepresentations": 2}
