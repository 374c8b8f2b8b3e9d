"""CORS: an allow-list of origins, exact origins echoed, preflights answered 204 or 403."""

from __future__ import annotations

import pytest

from gateway.__main__ import parse_args
from gateway.settings import Settings
from tests.gateway.asgi import URL, client

PORTAL = "https://portal.go.id"
SETTINGS = Settings(cors_origins=(PORTAL, "https://app.example.id/"), cors_max_age=120)
PREFLIGHT = {"access-control-request-method": "POST", "access-control-request-headers": "content-type"}


async def test_preflight_from_an_allowed_origin_is_204_with_the_exact_origin() -> None:
    async with client(SETTINGS) as http:
        response = await http.options(URL, headers={"origin": PORTAL, **PREFLIGHT})
        other = await http.options(URL, headers={"origin": "https://app.example.id", **PREFLIGHT})
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert response.headers["access-control-allow-methods"] == "GET, POST"
    assert response.headers["access-control-allow-headers"] == (
        "content-type, authorization, x-api-key, x-purpose, x-request-id"
    )
    assert response.headers["access-control-max-age"] == "120"
    assert response.headers["vary"] == "Origin"
    assert other.headers["access-control-allow-origin"] == "https://app.example.id"


async def test_preflight_from_another_origin_is_403_without_cors_headers() -> None:
    async with client(SETTINGS) as http:
        response = await http.options(URL, headers={"origin": "https://evil.example", **PREFLIGHT})
        null = await http.options(URL, headers={"origin": "null", **PREFLIGHT})
    assert response.status_code == 403
    assert null.status_code == 403
    assert not [h for h in response.headers if h.startswith("access-control-")]


async def test_actual_responses_carry_the_origin_only_when_allowed() -> None:
    query = {"query": "{ __typename }"}
    async with client(SETTINGS) as http:
        allowed = await http.post(URL, json=query, headers={"origin": PORTAL})
        other = await http.post(URL, json=query, headers={"origin": "https://evil.example"})
        no_origin = await http.get(URL, params=query)
        refused = await http.post(
            URL, content=b"{", headers={"origin": PORTAL, "content-type": "application/json"}
        )
    assert allowed.json() == {"data": {"__typename": "Query"}}
    assert allowed.headers["access-control-allow-origin"] == PORTAL
    assert "ratelimit-remaining" in allowed.headers["access-control-expose-headers"]
    assert allowed.headers["vary"] == "Origin"
    assert other.status_code == 200
    assert "access-control-allow-origin" not in other.headers
    assert "access-control-allow-origin" not in no_origin.headers
    assert refused.status_code == 400
    assert refused.headers["access-control-allow-origin"] == PORTAL  # the browser may read errors


async def test_without_origins_there_is_no_cors() -> None:
    async with client(Settings()) as http:
        preflight = await http.options(URL, headers={"origin": PORTAL, **PREFLIGHT})
        plain = await http.post(URL, json={"query": "{ __typename }"}, headers={"origin": PORTAL})
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in plain.headers
    assert "vary" not in plain.headers


def test_origins_from_the_command_line_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPBE_GATEWAY_CORS_ORIGINS", "https://a.go.id, https://b.go.id")
    assert parse_args(["--supergraph", "x"]).cors_origins == ("https://a.go.id", "https://b.go.id")
    chosen = parse_args(
        ["--supergraph", "x", "--cors-origin", "https://c.go.id", "--cors-origin", "https://d.go.id"]
    )
    assert chosen.cors_origins == ("https://c.go.id", "https://d.go.id")
